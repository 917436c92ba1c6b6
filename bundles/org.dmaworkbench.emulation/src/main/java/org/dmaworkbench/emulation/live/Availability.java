package org.dmaworkbench.emulation.live;

/**
 * The kinds of live state a source can give. An emulation has all of them; a replayed capture has mappings and
 * findings only. A snapshot lists what its source lacks ({@link LiveStateSnapshot#missing()}) with the reason, so
 * a view can say "this capture has no page tables" instead of showing an empty tree.
 */
public enum Availability {
    /** the live mappings, their lifetimes and dma-debug's findings */
    MAPPINGS,
    /** map and unmap virtual times */
    MAP_TIMES,
    /** the "Mapped at" call stacks */
    STACKS,
    /** whether {@code dma_mapping_error()} was called on each mapping */
    MAP_ERROR_CHECKS,
    /** the {@code DMA_ATTR_*} of each mapping call */
    ATTRS,
    /** IOMMU domains, their page tables, context registers and micro-TLBs */
    IOMMU,
    /** IOTLB contents and hit/miss counters */
    IOTLB,
    /** DMA controller channels with their registers and descriptors */
    DMA_CHANNELS,
    /** DMA transfers per channel over time */
    TRANSFERS
}
