package org.dmaworkbench.kernel.dma;

import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * A test-side walk of an ARM 32-bit LPAE stage-1 table with ias 32 and 4 KiB granule, written from the
 * architecture (3 levels starting at level 1: a 4-entry first level indexed by IOVA[31:30], then 512-entry
 * tables indexed by [29:21] and [20:12]; table descriptors carry the next table in bits [39:12]).
 */
final class Lpae {
    static final long ADDR = 0x000000fffffff000L;

    private Lpae() {
    }

    /** @return the level-3 PTE for {@code iova}, or 0 when a level above is not a table */
    static long pte(PhysicalMemory mem, long pgd, long iova) {
        long l1 = mem.read64(pgd + ((iova >>> 30) & 3) * 8);
        if ((l1 & 3) != 3) {
            return 0;
        }
        long l2 = mem.read64((l1 & ADDR) + ((iova >>> 21) & 0x1ff) * 8);
        if ((l2 & 3) != 3) {
            return 0;
        }
        return mem.read64((l2 & ADDR) + ((iova >>> 12) & 0x1ff) * 8);
    }
}
