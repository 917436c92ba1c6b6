package org.dmaworkbench.kernel.mm;

/** One bank of RAM as the {@code memory} node of the device tree describes it ({@code memblock} region). */
public record MemoryRegion(long base, long size) {

    public MemoryRegion {
        if (size <= 0 || (base & (KernelMemory.PAGE_SIZE - 1)) != 0 || (size & (KernelMemory.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "memory region at 0x%x size 0x%x is empty or not page aligned", base, size));
        }
    }

    public long end() {
        return base + size;
    }

    public boolean contains(long phys) {
        return phys - base >= 0 && phys - base < size;
    }
}
