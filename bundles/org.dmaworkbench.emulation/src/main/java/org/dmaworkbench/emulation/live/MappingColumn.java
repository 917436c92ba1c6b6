package org.dmaworkbench.emulation.live;

/** The columns a {@link MappingTable} sorts by ({@link MappingTable#sortedIndex}). */
public enum MappingColumn {
    ID, DEVICE, DRIVER, TYPE, CPU_PHYS, DMA_ADDR, SIZE, DIRECTION, ATTRS, MAP_ERR, MAP_TIME,
    /** the innermost driver frame ({@link CallSites}), alphabetically */
    CALL_SITE,
    /** unmap time, live mappings last */
    UNMAP_TIME
}
