package org.dmaworkbench.emulation.live;

/** The columns a {@link MappingTable} sorts by ({@link MappingTable#sortedIndex}). */
public enum MappingColumn {
    ID, DEVICE, DRIVER, TYPE, CPU_PHYS, DMA_ADDR, SIZE, DIRECTION, ATTRS, MAP_ERR, MAP_TIME
}
