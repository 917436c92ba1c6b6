package org.dmaworkbench.ui.selection;

/**
 * A DMA mapping selected in a view: its id in the live-state model ({@code Mapping} id, stable for the mapping's
 * life), and what another view needs to find what backs it without asking the model again.
 *
 * @param source     the {@code LiveStateModel} the mapping belongs to
 * @param mappingId  the mapping's id in that model
 * @param device     {@code dev_name()} of the device it was mapped for
 * @param dmaAddress the DMA address (an IOVA behind an IOMMU)
 * @param size       its size in bytes
 */
public record MappingRef(Object source, long mappingId, String device, long dmaAddress, long size) {
}
