/**
 * What the IOMMU view, the transfer timeline and the hardware view show, computed from live-state snapshots so the
 * views only render: page-table entries and context registers decoded field by field, runs of contiguous leaves,
 * the IOVA space as segments with its fragmentation, consistency findings between dma-debug's mappings, the page
 * table and the IOTLB, the timeline's lanes aggregated to the pixel, addresses translated at a past time, and the
 * board's buses, IOMMUs, DMA controllers and peripherals with where each is in the device-tree source.
 * Everything here is headless and immutable.
 */
package org.dmaworkbench.emulation.inspect;
