package org.dmaworkbench.kernel.dma.debug;

/**
 * What dma-debug needs to know about the emulated kernel's address space: the linear map, the current task's
 * stack, the vmalloc area and the kernel image sections. The kernel memory model implements it; dma-debug only
 * asks questions. All addresses are 64-bit (arm64): physical addresses and kernel virtual addresses.
 */
public interface KernelMemoryLayout {

    /** {@code page_address()} of the page containing {@code phys}: its linear-map virtual address, or 0 for highmem. */
    long pageAddress(long phys);

    /** {@code object_is_on_stack()}: whether {@code virt} lies in the current task's (direct-mapped) stack. */
    boolean isStackAddress(long virt);

    /** {@code is_vmalloc_addr()} */
    boolean isVmallocAddress(long virt);

    /** {@code _stext} */
    long textStart();

    /** {@code _etext} */
    long textEnd();

    /** {@code __start_rodata} */
    long rodataStart();

    /** {@code __end_rodata} */
    long rodataEnd();

    /** {@code pfn_valid(PHYS_PFN(phys))}: whether {@code phys} is RAM with a {@code struct page}. */
    boolean isRam(long phys);

    /** {@code virt_to_phys()} for linear-map addresses and {@code vmalloc_to_page()}-based translation for vmalloc ones. */
    long virtToPhys(long virt);

    /**
     * {@code virt_addr_valid()}: a linear-map (or kernel image) address backed by a valid pfn. The default answers
     * "not vmalloc and RAM behind it"; memory models with a precise notion should override it.
     */
    default boolean virtAddrValid(long virt) {
        return virt != 0 && !isVmallocAddress(virt) && isRam(virtToPhys(virt));
    }

    /**
     * {@code task_stack_vm_area(current) != NULL}: whether the current task's stack is vmalloc'ed
     * (CONFIG_VMAP_STACK). When true, dma-debug uses {@link #stackPageAddress(long)} instead of
     * {@link #isStackAddress(long)}.
     */
    default boolean isStackVmapped() {
        return false;
    }

    /**
     * For a vmalloc'ed stack: the virtual address {@code current->stack + i * PAGE_SIZE} when the page at
     * {@code pagePhys} is the i-th page of the current task's stack, or 0 when it is not a stack page.
     */
    default long stackPageAddress(long pagePhys) {
        return 0;
    }

    /**
     * A value that changes whenever any answer of this layout about a given address may change (current task,
     * stacks, vmalloc areas); -1 when the implementation keeps none. dma-debug remembers the last page it found
     * clean (not stack, not kernel text or rodata, a valid linear address) only while this stays the same.
     */
    default long checkGeneration() {
        return -1;
    }

    /**
     * {@code sizeof(void *)}: 8 on arm64, 4 on 32-bit ARM. {@code %p} prints twice as many hex digits
     * (lib/vsprintf.c, {@code pointer_string()}: {@code field_width = 2 * sizeof(ptr)}), and {@code size_t} and
     * {@code unsigned long} have this width.
     */
    default int pointerBytes() {
        return 8;
    }
}
