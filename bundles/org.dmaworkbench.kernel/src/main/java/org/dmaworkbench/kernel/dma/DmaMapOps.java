package org.dmaworkbench.kernel.dma;

import org.dmaworkbench.kernel.device.Device;

/**
 * {@code struct dma_map_ops} (include/linux/dma-map-ops.h, Linux 6.12): what a DMA back-end provides. The
 * front ({@link DmaMapping}) picks the back-end per device as kernel/dma/mapping.c does. Return conventions
 * are the kernel's: {@link DmaAttrs#DMA_MAPPING_ERROR} for a failed single mapping, a negative errno from
 * {@link #mapSg}.
 */
public interface DmaMapOps {

    /** A short name for views: "dma-direct", "dma-iommu", "arm_iommu". */
    String name();

    /** {@code alloc}: @return the buffer, or null when it cannot be allocated */
    DmaCoherent alloc(Device dev, long size, long attrs);

    /** {@code free} */
    void free(Device dev, long size, long cpuAddr, long dmaHandle, long attrs);

    /** {@code map_page}: {@code pagePhys} is {@code page_to_phys(page)}. */
    long mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs);

    /** {@code unmap_page} */
    void unmapPage(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs);

    /** {@code map_sg}: @return mapped DMA segments, or -EINVAL / -ENOMEM / -EIO */
    int mapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs);

    /** {@code unmap_sg} */
    void unmapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs);

    /** {@code map_resource}: maps MMIO at {@code physAddr}. */
    long mapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs);

    /** {@code unmap_resource} */
    void unmapResource(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs);

    /** {@code sync_single_for_cpu} */
    void syncSingleForCpu(Device dev, long dmaHandle, long size, DmaDirection dir);

    /** {@code sync_single_for_device} */
    void syncSingleForDevice(Device dev, long dmaHandle, long size, DmaDirection dir);

    /** {@code sync_sg_for_cpu} */
    void syncSgForCpu(Device dev, Scatterlist[] sg, int nents, DmaDirection dir);

    /** {@code sync_sg_for_device} */
    void syncSgForDevice(Device dev, Scatterlist[] sg, int nents, DmaDirection dir);

    /** {@code iova_to_phys}-style lookup for views: the physical address behind {@code dmaAddr}, -1 if none. */
    long dmaToPhys(Device dev, long dmaAddr);
}
