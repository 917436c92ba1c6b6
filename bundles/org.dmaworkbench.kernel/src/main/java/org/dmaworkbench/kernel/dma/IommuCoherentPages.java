package org.dmaworkbench.kernel.dma;

import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * The page handling that dma-iommu ({@code iommu_dma_alloc()}) and ARM32 arm_iommu ({@code arm_iommu_alloc_attrs()})
 * share for coherent buffers: zeroed single pages, mapped into the IOMMU domain in physically contiguous runs, the
 * CPU view a vmap of them; freed by undoing the vmap and returning the pages.
 */
final class IommuCoherentPages {

    private IommuCoherentPages() {
    }

    /** @return {@code n} zeroed pages (physical addresses), or null when memory runs out (nothing kept) */
    static long[] alloc(KernelMemory mm, int n) {
        long[] pages = new long[n];
        for (int i = 0; i < n; i++) {
            pages[i] = mm.pageAllocator().allocPages(0);
            if (pages[i] < 0) {
                for (int j = 0; j < i; j++) {
                    mm.pageAllocator().freePages(pages[j], 0);
                }
                return null;
            }
            mm.pageAllocator().zero(pages[i], 1);
        }
        return pages;
    }

    /**
     * Maps {@code pages} at {@code iova} onwards, one {@code iommu_map()} per physically contiguous run.
     *
     * @return false when a map failed; what was mapped before it is unmapped again
     */
    static boolean mapRuns(IommuDomain domain, long iova, long[] pages, int prot) {
        int n = pages.length;
        for (int i = 0; i < n;) {
            int j = i + 1;
            while (j < n && pages[j] == pages[j - 1] + KernelMemory.PAGE_SIZE) {
                j++;
            }
            long len = (long) (j - i) << KernelMemory.PAGE_SHIFT;
            if (domain.map(iova + ((long) i << KernelMemory.PAGE_SHIFT), pages[i], len, prot) != 0) {
                domain.unmap(iova, (long) i << KernelMemory.PAGE_SHIFT);
                return false;
            }
            i = j;
        }
        return true;
    }

    static void free(KernelMemory mm, long[] pages) {
        for (long p : pages) {
            mm.pageAllocator().freePages(p, 0);
        }
    }

    /**
     * Undoes the vmap of a coherent buffer at {@code cpuAddr} and frees its pages (nothing if it is no vmap), for
     * the ops' free function {@code freeFunction} (arm_iommu_free_attrs, __iommu_dma_free).
     * {@code dma_common_find_pages()} finds the area holding {@code cpuAddr} (find_vm_area() takes any address
     * inside it), so the pages are freed even for an address inside the buffer; the unmap itself is
     * {@link DmaMapping#vunmap} of that address, which WARNs when it is not the area's start.
     */
    static void freeBuffer(DmaMapping api, long cpuAddr, String freeFunction) {
        KernelMemory mm = api.memory();
        KernelMemory.VmArea area = mm.vmArea(cpuAddr);
        if (area != null) {
            api.vunmap(cpuAddr, freeFunction, "dma_common_free_remap");
            free(mm, area.pages());
        }
    }
}
