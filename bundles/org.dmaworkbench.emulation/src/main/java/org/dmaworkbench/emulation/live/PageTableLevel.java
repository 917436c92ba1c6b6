package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * One table of a page table, read from emulated RAM at one moment: its non-empty entries (a raw value of 0 is
 * left out; {@link #entryCount()} says how many the table has in all).
 *
 * @param generation the page table's generation when read: it grows with every descriptor store
 * @param stale      true when the table changed since the snapshot it was read for was taken (the view should
 *                   take a new snapshot to show a consistent tree)
 */
public record PageTableLevel(int level, long tableAddress, long iovaBase, int entryCount, List<PageTableEntry> entries,
        long generation, boolean stale) {

    public PageTableLevel {
        entries = List.copyOf(entries);
    }
}
