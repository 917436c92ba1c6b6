package org.dmaworkbench.hw.mem;

/**
 * A little-endian physical address space as a bus master sees it (ARM SoCs run little-endian).
 * Addresses are full 64-bit values; R-Car Gen3 uses 40 bits of them.
 * <p>
 * Implementations throw {@link BusErrorException} for an access that reaches no memory or device.
 */
public interface PhysicalMemory {

    int read8(long pa);

    void write8(long pa, int value);

    int read16(long pa);

    void write16(long pa, int value);

    int read32(long pa);

    void write32(long pa, int value);

    long read64(long pa);

    void write64(long pa, long value);

    void read(long pa, byte[] dst, int offset, int length);

    void write(long pa, byte[] src, int offset, int length);

    /**
     * A count that changes with every store into RAM behind this address space (from any path), or -1 when the
     * implementation does not keep one. Lets a reader that cached values read from {@link #isPlainRam plain RAM}
     * know that they are still what RAM holds.
     */
    default long ramWriteCount() {
        return -1;
    }

    /** Whether {@code [pa, pa+len)} is plain RAM: reads have no side effect and return what was last stored. */
    default boolean isPlainRam(long pa, int len) {
        return false;
    }

    /**
     * The plain-RAM page holding {@code pa} for direct access, or null when that page is not wholly plain RAM or
     * this memory offers no direct access. A page once handed out stays valid: RAM windows do not move.
     */
    default RamPage ramPage(long pa) {
        return null;
    }
}
