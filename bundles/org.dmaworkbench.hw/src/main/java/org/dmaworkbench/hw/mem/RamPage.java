package org.dmaworkbench.hw.mem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Direct access to one 4 KiB page of plain RAM, what {@code page_address()} gives kernel code: the page-table
 * code keeps the page of the table it works on and reads and stores its entries without decoding the address
 * each time. Stores go to the same bytes as {@link PhysicalMemory#write64} and count as RAM writes: each
 * {@link #write64} adds exactly one to {@link PhysicalMemory#ramWriteCount()} of the memory that handed the page
 * out. Offsets are bytes from the page start; an access must lie inside the page ({@link IndexOutOfBoundsException}
 * otherwise). Not thread-safe, like the RAM behind it.
 */
public final class RamPage {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SparseRam ram;
    private final byte[] bytes;
    private final long base;

    RamPage(SparseRam ram, byte[] bytes, long base) {
        this.ram = ram;
        this.bytes = bytes;
        this.base = base;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Physical address of the first byte. */
    public long base() {
        return base;
    }

    /** Little-endian 64-bit load at {@code offset}. */
    public long read64(int offset) {
        return (long) LE64.get(bytes, offset);
    }

    /** Little-endian 64-bit store at {@code offset}; one RAM write. */
    public void write64(int offset, long value) {
        LE64.set(bytes, offset, value);
        ram.countWrite();
    }
}
