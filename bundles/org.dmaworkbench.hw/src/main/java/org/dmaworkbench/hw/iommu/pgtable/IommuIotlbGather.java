package org.dmaworkbench.hw.iommu.pgtable;

/**
 * The part of struct iommu_iotlb_gather that io-pgtable looks at: whether invalidation is deferred to a flush
 * queue ({@code queued}, set by the DMA layer in lazy mode). The range fields are for the IOMMU driver's
 * tlb_add_page to accumulate into, as iommu_iotlb_gather_add_page() does.
 */
public final class IommuIotlbGather {
    public long start = -1L;
    public long end;
    public long pgsize;
    public boolean queued;

    public IommuIotlbGather() {
        this(false);
    }

    public IommuIotlbGather(boolean queued) {
        this.queued = queued;
    }

    /** iommu_iotlb_gather_queued(): false for a null gather. */
    static boolean queued(IommuIotlbGather gather) {
        return gather != null && gather.queued;
    }
}
