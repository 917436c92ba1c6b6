package org.dmaworkbench.kernel.dma;

/**
 * What {@code dma_alloc_coherent()} / {@code dma_alloc_attrs()} hand back: the CPU's (kernel virtual) address
 * and the device's address ({@code *dma_handle}), plus the physical address of the first page for views.
 */
public record DmaCoherent(long cpuAddr, long dmaHandle, long phys, long size) {
}
