package org.dmaworkbench.hw.mem;

/**
 * One decoded window of the physical address space.
 *
 * @param name   what the UI shows, normally the device-tree node path or "memory@..."
 * @param base   first physical address
 * @param size   size in bytes
 * @param ram    the RAM behind the window, or null for MMIO
 * @param device the register block behind the window, or null for RAM
 */
public record BusRegion(String name, long base, long size, SparseRam ram, MmioDevice device) {

    public boolean isRam() {
        return ram != null;
    }

    public long end() {
        return base + size;
    }

    public boolean contains(long pa) {
        return pa - base >= 0 && pa - base < size;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x-0x%x] %s", name, base, base + size - 1, isRam() ? "RAM" : "MMIO");
    }
}
