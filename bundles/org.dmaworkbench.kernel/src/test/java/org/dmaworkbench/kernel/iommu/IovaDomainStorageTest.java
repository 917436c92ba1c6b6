package org.dmaworkbench.kernel.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.Test;

/**
 * How {@link IovaDomain} keeps its ranges: tree nodes recycled so that the map/unmap cycle of dma-iommu
 * allocates nothing once warm, and the {@link IovaDomain.Iova} objects handed out by the range-returning
 * methods.
 */
public class IovaDomainStorageTest {
    private static final long LIMIT32 = 0xfffffL;

    private static IovaDomain dmaIommuDomain() {
        IovaDomain d = new IovaDomain(4096, 1);
        d.initRcaches();
        return d;
    }

    @Test
    public void mapUnmapOf64GranulesReusesTheSameNode() {
        IovaDomain d = dmaIommuDomain();
        for (int i = 0; i < 1000; i++) {
            d.allocIovaFast(1, LIMIT32, true); // live 4 KiB mappings around it
        }
        long first = d.allocIovaFast(64, LIMIT32, true);
        d.freeIovaFast(first, 64);
        int nodes = d.tree().size();
        int capacity = d.tree().capacity();
        for (int i = 0; i < 10_000; i++) {
            // 64 granules are past the rcache: every round inserts into and deletes from the tree
            assertEquals(first, d.allocIovaFast(64, LIMIT32, true));
            assertEquals(nodes + 1, d.tree().size());
            d.freeIovaFast(first, 64);
            assertEquals(nodes, d.tree().size());
            assertEquals(capacity, d.tree().capacity());
        }
        assertEquals(0, d.cachedCount(64));
        assertEquals(1000, d.rangeCount());
        d.tree().check();
    }

    @Test
    public void allocIovaAndFreeIovaReuseTheSameNodeToo() {
        IovaDomain d = new IovaDomain(4096, 1);
        IovaDomain.Iova a = d.allocIova(64, LIMIT32, true);
        d.freeIova(a);
        int capacity = d.tree().capacity();
        for (int i = 0; i < 10_000; i++) {
            IovaDomain.Iova b = d.allocIova(64, LIMIT32, true);
            assertEquals(a.pfnLo(), b.pfnLo());
            d.freeIova(b);
            assertEquals(1, d.tree().size()); // the anchor
            assertEquals(capacity, d.tree().capacity());
        }
    }

    @Test
    public void oneIovaObjectPerRangeWhileItIsInTheTree() {
        IovaDomain d = new IovaDomain(4096, 1);
        IovaDomain.Iova a = d.allocIova(4, LIMIT32, true);
        assertSame(a, d.findIova(a.pfnLo() + 3));
        assertSame(a, d.ranges().get(0));
        long pfn = a.pfnLo();
        d.freeIova(pfn);
        assertNull(d.findIova(pfn));
        // the node is reused by the next range; the freed Iova keeps its own bounds
        IovaDomain.Iova b = d.allocIova(8, LIMIT32, true);
        assertNotEquals(a, b);
        assertEquals(pfn, a.pfnLo());
        assertEquals(pfn + 3, a.pfnHi());
        assertEquals(0xffff8L, b.pfnLo());
        assertSame(b, d.findIova(0xffff8L));
    }

    @Test
    public void freeingAStaleIovaFreesTheRangeNowAtItsPfn() {
        IovaDomain d = new IovaDomain(4096, 1);
        IovaDomain.Iova a = d.allocIova(1, LIMIT32, true);
        d.freeIova(a);
        IovaDomain.Iova b = d.allocIova(1, LIMIT32, true);
        assertEquals(a.pfnLo(), b.pfnLo());
        d.freeIova(a); // as the TreeSet keyed by pfn_lo did
        assertEquals(0, d.rangeCount());
        d.freeIova(a); // nothing there any more
        assertEquals(0, d.rangeCount());
    }

    @Test
    public void reserveIovaWidensTheNodeInPlace() {
        IovaDomain d = new IovaDomain(4096, 1);
        IovaDomain.Iova low = d.reserveIova(0x100, 0x1ff);
        IovaDomain.Iova high = d.reserveIova(0x300, 0x3ff);
        // overlaps both: the first keeps its bounds, the second grows down to just above the first
        assertSame(high, d.reserveIova(0x180, 0x37f));
        assertEquals(0x200L, high.pfnLo());
        assertEquals(0x3ffL, high.pfnHi());
        // wholly inside after widening downwards
        assertSame(low, d.reserveIova(0x80, 0x17f));
        assertEquals(0x80L, low.pfnLo());
        assertEquals(2, d.rangeCount());
        assertEquals("[[0x80-0x1ff], [0x200-0x3ff]]", d.ranges().toString());
        // a gap gets a range of its own
        IovaDomain.Iova mid = d.reserveIova(0x500, 0x5ff);
        assertEquals(3, d.rangeCount());
        assertSame(mid, d.findIova(0x5ff));
        d.tree().check();
    }

    @Test
    public void putDropsEveryRangeAndKeepsTheStorage() {
        IovaDomain d = dmaIommuDomain();
        List<IovaDomain.Iova> held = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            held.add(d.allocIova(1, LIMIT32, true));
        }
        int capacity = d.tree().capacity();
        d.put();
        assertEquals(0, d.rangeCount());
        assertEquals(capacity, d.tree().capacity());
        assertEquals(0xfffffL, d.allocIovaFast(1, LIMIT32, true));
        // what was handed out before no longer stands for a node
        assertEquals(0xfffffL, held.get(0).pfnLo());
        assertNull(d.findIova(0xffffeL));
    }

    /**
     * Random map/unmap traffic of many sizes and two limits; the live ranges must always be exactly those
     * handed out and not freed (cached ones included), disjoint, within their limits and size-aligned.
     */
    @Test
    public void randomTrafficKeepsTheRangesConsistent() {
        Random rnd = new Random(42);
        IovaDomain d = dmaIommuDomain();
        TreeMap<Long, Long> live = new TreeMap<>(); // pfn -> size handed out
        TreeMap<Long, Long> inTree = new TreeMap<>(); // pfn -> rounded size, live or in the rcache
        List<Long> pfns = new ArrayList<>();
        long[] sizes = { 1, 2, 3, 8, 16, 31, 32, 33, 64, 100, 256 };
        for (int op = 0; op < 30_000; op++) {
            if (pfns.isEmpty() || rnd.nextInt(100) < 52) {
                long size = sizes[rnd.nextInt(sizes.length)];
                long limit = rnd.nextBoolean() ? LIMIT32 : 0xfffffffL;
                long pfn = d.allocIovaFast(size, limit, true);
                if (pfn == 0) {
                    continue;
                }
                long rounded = size < 32 ? roundUpPowerOfTwo(size) : size;
                assertEquals("aligned " + Long.toHexString(pfn), 0, pfn % roundUpPowerOfTwo(rounded));
                assertTrue(pfn + rounded - 1 <= limit);
                assertNull("handed out twice: " + Long.toHexString(pfn), live.put(pfn, size));
                inTree.put(pfn, rounded);
                pfns.add(pfn);
            } else {
                long pfn = pfns.remove(rnd.nextInt(pfns.size()));
                d.freeIovaFast(pfn, live.remove(pfn));
            }
            if (op % 1000 == 0) {
                d.runDepotWork();
            }
            if (op % 500 == 0) {
                checkRanges(d, live, inTree);
            }
        }
        checkRanges(d, live, inTree);
    }

    private static long roundUpPowerOfTwo(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    private static void checkRanges(IovaDomain d, TreeMap<Long, Long> live, TreeMap<Long, Long> inTree) {
        d.tree().check();
        long prevHi = 0;
        TreeMap<Long, Long> seen = new TreeMap<>();
        for (IovaDomain.Iova r : d.ranges()) {
            assertTrue("overlap at " + r, r.pfnLo() > prevHi);
            prevHi = r.pfnHi();
            seen.put(r.pfnLo(), r.size());
        }
        // every live range is in the tree with its rounded size
        for (Map.Entry<Long, Long> e : live.entrySet()) {
            assertEquals(inTree.get(e.getKey()), seen.get(e.getKey()));
        }
        // whatever else is in the tree was handed out once and sits in the rcache now
        inTree.keySet().retainAll(seen.keySet());
        assertEquals(seen.keySet(), inTree.keySet());
        assertEquals(seen.size(), d.rangeCount());
    }
}
