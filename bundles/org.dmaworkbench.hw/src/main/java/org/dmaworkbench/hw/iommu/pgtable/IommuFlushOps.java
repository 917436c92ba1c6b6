package org.dmaworkbench.hw.iommu.pgtable;

/**
 * TLB maintenance callbacks of struct iommu_flush_ops (include/linux/io-pgtable.h), called by the page table
 * code while it unmaps or splits. All methods default to doing nothing, as a NULL callback does in the kernel.
 */
public interface IommuFlushOps {

    /** tlb_flush_all: invalidate the entire TLB context (called when the page table is freed). */
    default void tlbFlushAll() {
    }

    /** tlb_flush_walk: invalidate intermediate walk-cache state for a range whose table was removed. */
    default void tlbFlushWalk(long iova, long size, long granule) {
    }

    /** tlb_add_page: queue invalidation of one leaf entry. */
    default void tlbAddPage(IommuIotlbGather gather, long iova, long granule) {
    }

    IommuFlushOps NONE = new IommuFlushOps() {
    };
}
