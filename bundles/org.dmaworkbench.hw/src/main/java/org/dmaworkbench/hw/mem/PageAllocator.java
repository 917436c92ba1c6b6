package org.dmaworkbench.hw.mem;

/**
 * Hands out zeroed, naturally aligned physical memory, as the kernel's page allocator does for
 * io-pgtable's table pages ({@code __get_free_pages} / {@code kmem_cache_zalloc} + {@code virt_to_phys}).
 */
public interface PageAllocator {

    /** @return the physical address of {@code size} zeroed bytes aligned to {@code size}; -1 when exhausted */
    long allocZeroed(int size);

    void free(long pa, int size);
}
