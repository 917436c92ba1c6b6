package org.dmaworkbench.hw.mem;

/** An access to a physical address that decodes to nothing on the bus. */
public class BusErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;
    private final boolean write;

    public BusErrorException(long address, boolean write) {
        super(String.format("bus error: %s of unmapped physical address 0x%x", write ? "write" : "read", address));
        this.address = address;
        this.write = write;
    }

    public long address() {
        return address;
    }

    public boolean isWrite() {
        return write;
    }
}
