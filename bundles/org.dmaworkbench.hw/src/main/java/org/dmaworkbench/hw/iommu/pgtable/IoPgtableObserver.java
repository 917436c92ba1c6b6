package org.dmaworkbench.hw.iommu.pgtable;

/**
 * Sees every change io-pgtable makes to the tables in RAM, in the order it makes them. Used by the
 * {@code dmawb pgtable} command and the IDE's IOMMU view. All methods default to doing nothing.
 * <p>
 * Levels are the kernel's numbering: 0..3 for LPAE (3 holds pages), 1..2 for v7s.
 */
public interface IoPgtableObserver {

    /**
     * One PTE store to emulated RAM.
     *
     * @param level    level of the table the entry is in
     * @param index    entry index in that table
     * @param tablePa  physical address of the table
     * @param oldPte   raw value before the store
     * @param newPte   raw value stored (v7s values are 32-bit, zero-extended)
     */
    default void pteWritten(IoPgtable pgtable, int level, int index, long tablePa, long oldPte, long newPte) {
    }

    /** A table page was allocated (zeroed) for the given level. */
    default void tableAllocated(IoPgtable pgtable, int level, long tablePa, int size) {
    }

    /** A table was handed back to the page allocator (its contents are left as they were). */
    default void tableFreed(IoPgtable pgtable, int level, long tablePa, int size) {
    }

    /** Something the kernel reports with WARN_ON (bad arguments, unmapping what is not mapped...). */
    default void warning(IoPgtable pgtable, String message) {
    }
}
