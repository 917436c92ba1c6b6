package org.dmaworkbench.ui.selection;

/**
 * A range of an IOMMU domain's IOVA space selected in a view (a page-table entry, a strip segment): the DMA-API
 * view selects the mappings it backs.
 *
 * @param source the {@code LiveStateModel} it belongs to
 * @param domain the domain's name as the live-state snapshot gives it
 * @param iova   first IOVA
 * @param size   bytes
 */
public record IovaRange(Object source, String domain, long iova, long size) {
}
