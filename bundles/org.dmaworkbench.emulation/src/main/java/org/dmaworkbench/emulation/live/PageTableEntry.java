package org.dmaworkbench.emulation.live;

/**
 * One descriptor of an IOMMU page table as read from emulated RAM.
 *
 * @param level         the kernel's level number of the table holding it (LPAE 0..3, v7s 1..2)
 * @param index         its index in that table
 * @param iova          the first IOVA it covers
 * @param span          bytes of IOVA space it covers (4K for an LPAE level-3 entry)
 * @param entryAddress  physical address of the descriptor
 * @param raw           the raw value (v7s values are 32-bit)
 * @param kind          what the descriptor is
 * @param outputAddress the next table for {@link Kind#TABLE}, the output (physical) address of a block or page,
 *                      0 when invalid
 * @param description   the decoded fields, as {@code dmawb pgtable} prints them (e.g.
 *                      {@code page 4K -> 0xe6e60000 AttrIndx=2(device) AP=rw,unpriv SH=OS AF nG NS})
 */
public record PageTableEntry(int level, int index, long iova, long span, long entryAddress, long raw, Kind kind,
        long outputAddress, String description) {

    /** What a descriptor is. */
    public enum Kind {
        /** not valid (or a reserved encoding): translation faults */
        INVALID,
        /** points at the next-level table */
        TABLE,
        /** a leaf above the last level (LPAE block, v7s section or supersection) */
        BLOCK,
        /** a leaf of the last level (LPAE page, v7s small or large page) */
        PAGE
    }

    public boolean isLeaf() {
        return kind == Kind.BLOCK || kind == Kind.PAGE;
    }
}
