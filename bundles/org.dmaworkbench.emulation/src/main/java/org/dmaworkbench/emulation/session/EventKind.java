package org.dmaworkbench.emulation.session;

/** What a {@link SessionEvent} reports. */
public enum EventKind {
    /** A DMA-API call, as its {@code dma:*} trace event records it. */
    DMA_API,
    /** An IOMMU map, unmap or fault ({@code iommu:*} events). */
    IOMMU,
    /** A DMA controller channel started, finished or stopped on an error. */
    CHANNEL,
    /** Bytes a peripheral sent or received (the serial console, the block device). */
    PERIPHERAL_DATA,
    /** A dma-debug report or another kernel log line. */
    KERNEL_LOG,
    /** A line of the session itself (start, stop condition reached, cancel). */
    SESSION
}
