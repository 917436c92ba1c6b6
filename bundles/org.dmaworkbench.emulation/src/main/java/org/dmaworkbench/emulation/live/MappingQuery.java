package org.dmaworkbench.emulation.live;

import java.util.Objects;

/**
 * What the DMA-API view asks of a snapshot: which mappings (live now, live at a virtual time, or every one kept),
 * filtered, sorted by a column and grouped. {@link MappingRows#build} answers it.
 *
 * @param mode       which mappings
 * @param atNs       the virtual time of {@link Mode#LIVE_AT}, ignored otherwise
 * @param filter     what a mapping must match
 * @param sort       the column to sort by within a group (ties in map order)
 * @param descending the sort direction
 * @param grouping   how rows are grouped
 */
public record MappingQuery(Mode mode, long atNs, MappingFilter filter, MappingColumn sort, boolean descending,
        Grouping grouping) {

    /** Which mappings a query lists. */
    public enum Mode {
        /** those live at the snapshot */
        LIVE,
        /** those live at {@link MappingQuery#atNs()}: mapped at or before it, not unmapped by then */
        LIVE_AT,
        /** every mapping kept, live or unmapped, with its map and unmap times */
        HISTORY
    }

    /** How rows are grouped (a group shows its count and bytes). */
    public enum Grouping {
        NONE, DEVICE, DRIVER, TYPE,
        /** by the IOMMU domain the device is attached to ({@link #NO_DOMAIN} when it has none) */
        IOMMU_DOMAIN
    }

    /** The group of mappings whose device is in no IOMMU domain (dma-direct, or a capture). */
    public static final String NO_DOMAIN = "(no IOMMU domain)";

    /** Live mappings in map order, ungrouped. */
    public static final MappingQuery DEFAULT = new MappingQuery(Mode.LIVE, 0, MappingFilter.ALL, MappingColumn.ID,
            false, Grouping.NONE);

    public MappingQuery {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(filter);
        Objects.requireNonNull(sort);
        Objects.requireNonNull(grouping);
    }

    public MappingQuery withMode(Mode m, long at) {
        return new MappingQuery(m, at, filter, sort, descending, grouping);
    }

    public MappingQuery withFilter(MappingFilter f) {
        return new MappingQuery(mode, atNs, f, sort, descending, grouping);
    }

    public MappingQuery withSort(MappingColumn c, boolean desc) {
        return new MappingQuery(mode, atNs, filter, c, desc, grouping);
    }

    public MappingQuery withGrouping(Grouping g) {
        return new MappingQuery(mode, atNs, filter, sort, descending, g);
    }
}
