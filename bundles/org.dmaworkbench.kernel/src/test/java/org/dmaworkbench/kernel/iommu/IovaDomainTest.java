package org.dmaworkbench.kernel.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

/**
 * Allocation order of drivers/iommu/iova.c, every expected PFN worked out by hand from
 * {@code __alloc_and_insert_iova_range()} and the rcache code: 4 KiB granule, start_pfn 1 (what
 * {@code iommu_dma_init_domain()} sets up for the IPMMU), 32-bit device limit pfn 0xfffff.
 */
public class IovaDomainTest {
    private static final long LIMIT32 = 0xfffffL;

    private static IovaDomain dmaIommuDomain() {
        IovaDomain d = new IovaDomain(4096, 1);
        d.initRcaches();
        return d;
    }

    @Test
    public void firstAllocationsGoTopDownSizeAligned() {
        IovaDomain d = dmaIommuDomain();
        assertEquals(0xfffffL, d.allocIovaFast(1, LIMIT32, true));
        assertEquals(0xffffeL, d.allocIovaFast(1, LIMIT32, true));
        // 2 pages: (0xffffe - 2) & ~1
        assertEquals(0xffffcL, d.allocIovaFast(2, LIMIT32, true));
        // 3 pages are rounded up to 4 and aligned to 4: (0xffffc - 4) & ~3
        assertEquals(0xffff8L, d.allocIovaFast(3, LIMIT32, true));
        assertEquals(0xffff7L, d.allocIovaFast(1, LIMIT32, true));
        // 8 pages: (0xffff7 - 8) & ~7 leaves 0xffff0..0xffff6 unused
        assertEquals(0xfffe8L, d.allocIovaFast(8, LIMIT32, true));
        // 33 pages are not rounded but aligned to 64: (0xfffe8 - 33) & ~63
        assertEquals(0xfffc0L, d.allocIovaFast(33, LIMIT32, true));
        assertEquals(0xfffe0L, d.findIova(0xfffd0L).pfnHi());
        assertEquals(7, d.rangeCount());
    }

    @Test
    public void freedRangesComeBackFromTheRcacheLastInFirstOut() {
        IovaDomain d = dmaIommuDomain();
        long a = d.allocIovaFast(1, LIMIT32, true); // 0xfffff
        long b = d.allocIovaFast(1, LIMIT32, true); // 0xffffe
        long c = d.allocIovaFast(1, LIMIT32, true); // 0xffffd
        d.freeIovaFast(b, 1);
        d.freeIovaFast(a, 1);
        // cached ranges stay in the tree
        assertEquals(3, d.rangeCount());
        assertEquals(2, d.cachedCount(1));
        assertEquals(0xfffffL, d.allocIovaFast(1, LIMIT32, true));
        assertEquals(0xffffeL, d.allocIovaFast(1, LIMIT32, true));
        // rcache empty again: the tree continues below the last allocation
        assertEquals(0xffffcL, d.allocIovaFast(1, LIMIT32, true));
        assertEquals(0xffffdL, c);
    }

    @Test
    public void rcacheEntryAboveTheLimitIsSkipped() {
        IovaDomain d = dmaIommuDomain();
        long a = d.allocIovaFast(1, LIMIT32, true);
        d.freeIovaFast(a, 1);
        // a 16-bit-pfn device cannot use pfn 0xfffff: the tree gives limit+1-1 = 0xffff
        assertEquals(0xffffL, d.allocIovaFast(1, 0xffffL, true));
        assertEquals(1, d.cachedCount(1));
        assertEquals(0xfffffL, d.allocIovaFast(1, LIMIT32, true));
    }

    @Test
    public void treeFreeMovesTheCachedNodeSoTheHoleIsReused() {
        IovaDomain d = new IovaDomain(4096, 1);
        assertEquals(0xfffffL, d.allocIova(1, LIMIT32, true).pfnLo());
        IovaDomain.Iova y = d.allocIova(33, LIMIT32, true);
        assertEquals(0xfffc0L, y.pfnLo());
        assertEquals(0xfffe0L, y.pfnHi());
        assertEquals(0xfffbfL, d.allocIova(1, LIMIT32, true).pfnLo());
        d.freeIova(0xfffd0L);
        // cached32 moved to the node above the freed one; 16 pages fit in 0xfffc0..0xffffe at 0xfffe0
        assertEquals(0xfffe0L, d.allocIova(16, LIMIT32, true).pfnLo());
        assertNull(d.findIova(0xfffc0L));
    }

    @Test
    public void unalignedAllocationIsNotRounded() {
        IovaDomain d = new IovaDomain(4096, 1);
        IovaDomain.Iova a = d.allocIova(3, LIMIT32, false);
        assertEquals(0xffffdL, a.pfnLo());
        assertEquals(0xfffffL, a.pfnHi());
        assertEquals(0xffffaL, d.allocIova(3, LIMIT32, false).pfnLo());
    }

    @Test
    public void exhaustionFailsAndRemembersTheSize() {
        IovaDomain d = new IovaDomain(4096, 1);
        // pfns 1..0x10 usable
        assertEquals(8L, d.allocIova(8, 0x10, true).pfnLo());
        // 1..7 and 16 are free, neither holds 8 aligned pages
        assertNull(d.allocIova(8, 0x10, true));
        assertEquals(8L, d.max32AllocSize());
        assertNull(d.allocIova(9, 0x10, true));
        assertEquals(4L, d.allocIova(4, 0x10, true).pfnLo());
    }

    @Test
    public void failedAllocationFlushesTheRcacheOnceAndRetries() {
        IovaDomain d = dmaIommuDomain();
        // pfns 1..0xf usable
        assertEquals(8L, d.allocIovaFast(8, 0xf, true));
        assertEquals(4L, d.allocIovaFast(4, 0xf, true));
        assertEquals(2L, d.allocIovaFast(2, 0xf, true));
        assertEquals(1L, d.allocIovaFast(1, 0xf, true));
        d.freeIovaFast(2, 2);
        // no 1-page range cached, tree full: without a flush the allocation fails
        assertEquals(0L, d.allocIovaFast(1, 0xf, false));
        // with it, 2..3 go back to the tree and the retry walks down from 4..7 to pfn 3
        assertEquals(3L, d.allocIovaFast(1, 0xf, true));
        assertEquals(0, d.cachedCount(2));
    }

    @Test
    public void fullMagazinesGoToTheDepotAndTheDepotWorkTrimsIt() {
        IovaDomain d = dmaIommuDomain();
        long[] pfns = new long[400];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = d.allocIovaFast(1, LIMIT32, true);
        }
        assertEquals(0xfffffL - 399, pfns[399]);
        for (long p : pfns) {
            d.freeIovaFast(p, 1);
        }
        // loaded 19 + prev 127 + depot 2 x 127
        assertEquals(400, d.cachedCount(1));
        assertEquals(400, d.rangeCount());
        d.runDepotWork(); // depot 2 > 1 online CPU: one magazine back to the tree
        assertEquals(273, d.cachedCount(1));
        assertEquals(273, d.rangeCount());
        d.runDepotWork();
        assertEquals(273, d.cachedCount(1));
    }

    @Test
    public void rangesAbove32BitsUseTheAnchor() {
        IovaDomain d = new IovaDomain(4096, 1);
        // a 40-bit limit starts at the anchor and ignores the 32-bit cached node
        assertEquals(0xfffffL, d.allocIova(1, LIMIT32, true).pfnLo());
        assertEquals(0xfffffffL, d.allocIova(1, 0xfffffffL, true).pfnLo());
        assertEquals(0xffffffeL, d.allocIova(1, 0xfffffffL, true).pfnLo());
        assertEquals(0xffffeL, d.allocIova(1, LIMIT32, true).pfnLo());
    }
}
