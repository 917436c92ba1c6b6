package org.dmaworkbench.kernel.dma.debug;

/**
 * A small arm64-like address space for the dma-debug tests: 1 GiB of RAM at 0x40000000 linearly mapped at
 * PAGE_OFFSET 0xffff000000000000, a vmalloc area at 0xffff800000000000 backed by RAM from 0x50000000, kernel
 * text and rodata placed (for the tests) in the linear map, a 16 KiB task stack.
 */
final class TestLayout implements KernelMemoryLayout {
    static final long PHYS_OFFSET = 0x40000000L;
    static final long RAM_END = 0x80000000L;
    static final long PAGE_OFFSET = 0xffff000000000000L;
    static final long VMALLOC_START = 0xffff800000000000L;
    static final long VMALLOC_END = 0xffff800080000000L;
    static final long VMALLOC_PHYS = 0x50000000L;

    /** linear(phys) = PAGE_OFFSET + phys - PHYS_OFFSET */
    static long linear(long phys) {
        return PAGE_OFFSET + phys - PHYS_OFFSET;
    }

    long stackStart = linear(0x7f000000L);
    long stackEnd = linear(0x7f004000L);
    boolean vmapStack;
    /** with vmapStack: the stack's pages are 0x7f100000..0x7f103fff, mapped at vmalloc 0xffff800000100000 */
    long vmapStackPhys = 0x7f100000L;
    long vmapStackVirt = VMALLOC_START + 0x100000L;
    /** what {@link #checkGeneration()} answers; -1 (the default) turns dma-debug's clean-page memo off */
    long generation = -1;

    @Override
    public long checkGeneration() {
        return generation;
    }

    @Override
    public long pageAddress(long phys) {
        return isRam(phys) ? linear(phys & ~0xfffL) : 0;
    }

    @Override
    public boolean isStackAddress(long virt) {
        return Long.compareUnsigned(virt, stackStart) >= 0 && Long.compareUnsigned(virt, stackEnd) < 0;
    }

    @Override
    public boolean isVmallocAddress(long virt) {
        return Long.compareUnsigned(virt, VMALLOC_START) >= 0 && Long.compareUnsigned(virt, VMALLOC_END) < 0;
    }

    @Override
    public long textStart() {
        return linear(0x40210000L);
    }

    @Override
    public long textEnd() {
        return linear(0x41000000L);
    }

    @Override
    public long rodataStart() {
        return linear(0x41000000L);
    }

    @Override
    public long rodataEnd() {
        return linear(0x41400000L);
    }

    @Override
    public boolean isRam(long phys) {
        return phys >= PHYS_OFFSET && phys < RAM_END;
    }

    @Override
    public long virtToPhys(long virt) {
        if (isVmallocAddress(virt)) {
            return VMALLOC_PHYS + (virt - VMALLOC_START);
        }
        return virt - PAGE_OFFSET + PHYS_OFFSET;
    }

    @Override
    public boolean isStackVmapped() {
        return vmapStack;
    }

    @Override
    public long stackPageAddress(long pagePhys) {
        long page = pagePhys & ~0xfffL;
        if (page >= vmapStackPhys && page < vmapStackPhys + 0x4000) {
            return vmapStackVirt + (page - vmapStackPhys);
        }
        return 0;
    }
}
