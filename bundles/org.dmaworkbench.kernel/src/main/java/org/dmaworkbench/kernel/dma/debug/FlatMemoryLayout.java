package org.dmaworkbench.kernel.dma.debug;

/**
 * An address space dma-debug knows nothing special about: every address is RAM and its own physical address, with
 * no linear map (so the stack and text/rodata checks are skipped, as for highmem), no stack, no vmalloc area and
 * an empty kernel image. For dma-debug fed from outside an emulated kernel, such as a replayed trace, where the
 * CPU addresses are whatever the capture says. Subclasses may translate differently.
 */
public class FlatMemoryLayout implements KernelMemoryLayout {

    @Override
    public long pageAddress(long phys) {
        return 0;
    }

    @Override
    public boolean isStackAddress(long virt) {
        return false;
    }

    @Override
    public boolean isVmallocAddress(long virt) {
        return false;
    }

    @Override
    public long textStart() {
        return 0;
    }

    @Override
    public long textEnd() {
        return 0;
    }

    @Override
    public long rodataStart() {
        return 0;
    }

    @Override
    public long rodataEnd() {
        return 0;
    }

    @Override
    public boolean isRam(long phys) {
        return true;
    }

    @Override
    public long virtToPhys(long virt) {
        return virt;
    }
}
