package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.PageTableEntry;

/**
 * Groups the entries of one table for display: consecutive leaves whose IOVAs and output addresses both follow on
 * and whose attribute bits are equal become one run (a 64 KiB buffer is one row, not sixteen); tables and invalid
 * entries stay single.
 */
public final class LeafRuns {

    /**
     * A run of entries of one table: one entry when {@link #count()} is 1.
     *
     * @param first the first entry
     * @param last  the last entry
     * @param count entries in the run
     */
    public record Run(PageTableEntry first, PageTableEntry last, int count) {

        public boolean isRange() {
            return count > 1;
        }

        /** The IOVA span of the run. */
        public long span() {
            return last.iova() + last.span() - first.iova();
        }

        public boolean contains(long iova) {
            return iova - first.iova() >= 0 && iova - first.iova() < span();
        }
    }

    private LeafRuns() {
    }

    /**
     * @param entries  a table's non-empty entries in index order
     * @param addrMask the output-address bits of a descriptor (e.g. {@code ARM_LPAE_PTE_ADDR_MASK}); the rest are
     *                 attributes, which must be equal within a run
     */
    public static List<Run> group(List<PageTableEntry> entries, long addrMask) {
        List<Run> out = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            PageTableEntry a = entries.get(i);
            int j = i + 1;
            if (a.isLeaf()) {
                PageTableEntry prev = a;
                while (j < entries.size()) {
                    PageTableEntry b = entries.get(j);
                    if (b.kind() != a.kind() || b.index() != prev.index() + 1
                            // v7s large pages and supersections repeat one value 16 times
                            || b.outputAddress() != prev.outputAddress() + prev.span() && b.raw() != prev.raw()
                            || (b.raw() & ~addrMask) != (a.raw() & ~addrMask)) {
                        break;
                    }
                    prev = b;
                    j++;
                }
            }
            out.add(new Run(a, entries.get(j - 1), j - i));
            i = j;
        }
        return out;
    }
}
