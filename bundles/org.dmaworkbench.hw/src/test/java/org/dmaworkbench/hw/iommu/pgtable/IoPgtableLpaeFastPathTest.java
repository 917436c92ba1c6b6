package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Test;

/**
 * Map, unmap and iova_to_phys of one 4K page take a short path when the walk cache answers for the IOVA and no
 * observer watches the stores. A table with an observer always takes the general path (the kernel's
 * __arm_lpae_map / __arm_lpae_unmap / arm_lpae_iova_to_phys written out level by level). These tests run the same
 * random mix of operations, including stores behind the table's back, on one table of each kind and require the
 * same return values, the same TLB callbacks and the same RAM, word for word.
 */
public class IoPgtableLpaeFastPathTest {
    private static final long RAM = 0x4_8000_0000L;
    private static final long RAM_SIZE = 8L << 20;
    private static final long SZ_4K = 0x1000;
    private static final long SZ_2M = 0x20_0000;

    private static final class Side {
        final SparseRam ram = new SparseRam(RAM, RAM_SIZE);
        final RecordingFlushOps tlb;
        final IoPgtable pt;
        int pteStores;

        Side(boolean observed) {
            IoPgtableConfig cfg = IoPgtableConfig.ipmmuVmsa();
            tlb = new RecordingFlushOps(cfg.pgsizeBitmap());
            pt = IoPgtable.alloc(cfg, ram, new BumpPageAllocator(ram, RAM, RAM_SIZE), tlb);
            if (observed) {
                pt.addObserver(new IoPgtableObserver() {
                    @Override
                    public void pteWritten(IoPgtable p, int level, int index, long tablePa, long oldPte,
                            long newPte) {
                        pteStores++;
                    }
                });
            }
        }
    }

    @Test
    public void shortPathMatchesTheGeneralPath() {
        Side fast = new Side(false);
        Side general = new Side(true);
        Random rnd = new Random(20261123);
        int prot = IommuProt.READ | IommuProt.WRITE;
        int[] taken = new int[8];
        for (int op = 0; op < 60_000; op++) {
            // four 2M regions of 16 pages each: pages, blocks and tables collide often
            long iova = 0x1000_0000L + rnd.nextInt(4) * SZ_2M + rnd.nextInt(16) * SZ_4K;
            long pa = 0x7000_0000L + rnd.nextInt(1 << 16) * SZ_4K;
            int kind = rnd.nextInt(100);
            String what;
            long a;
            long b;
            if (kind < 35) {
                what = "map 4K";
                a = fast.pt.map(iova, pa, SZ_4K, 1, prot);
                b = general.pt.map(iova, pa, SZ_4K, 1, prot);
                assertEquals(what + " mapped", general.pt.mapped(), fast.pt.mapped());
                taken[0]++;
            } else if (kind < 40) {
                int n = 2 + rnd.nextInt(3);
                what = "map 4K x" + n;
                a = fast.pt.map(iova, pa, SZ_4K, n, prot);
                b = general.pt.map(iova, pa, SZ_4K, n, prot);
                assertEquals(what + " mapped", general.pt.mapped(), fast.pt.mapped());
                taken[1]++;
            } else if (kind < 43) {
                what = "map 2M";
                long blk = iova & -SZ_2M;
                a = fast.pt.map(blk, pa & -SZ_2M, SZ_2M, 1, prot);
                b = general.pt.map(blk, pa & -SZ_2M, SZ_2M, 1, prot);
                taken[2]++;
            } else if (kind < 73) {
                what = "unmap 4K";
                a = fast.pt.unmap(iova, SZ_4K, 1);
                b = general.pt.unmap(iova, SZ_4K, 1);
                taken[3]++;
            } else if (kind < 75) {
                what = "unmap 2M";
                a = fast.pt.unmap(iova & -SZ_2M, SZ_2M, 1);
                b = general.pt.unmap(iova & -SZ_2M, SZ_2M, 1);
                taken[4]++;
            } else if (kind < 95) {
                what = "iova_to_phys";
                long off = rnd.nextInt(0x1000);
                a = fast.pt.iovaToPhys(iova + off);
                b = general.pt.iovaToPhys(iova + off);
                taken[5]++;
            } else {
                // a store behind the table's back, as a stray DMA write would do: mostly into a last-level
                // table (pages from RAM + 0x2000 on), an entry emptied or given another page; sometimes into the
                // level-2 table at RAM + 0x1000, an entry emptied or made a 2M block
                long slot;
                long v;
                if (rnd.nextInt(10) != 0) {
                    slot = RAM + (2 + rnd.nextInt(6)) * SZ_4K + rnd.nextInt(512) * 8L;
                    v = rnd.nextBoolean() ? 0 : pa | 0xe63L;
                } else {
                    slot = RAM + SZ_4K + (0x80 + rnd.nextInt(4)) * 8L;
                    v = rnd.nextBoolean() ? 0 : (pa & -SZ_2M) | 0xe61L;
                }
                fast.ram.write64(slot, v);
                general.ram.write64(slot, v);
                what = "store";
                a = b = 0;
                taken[6]++;
            }
            assertEquals(what + " at op " + op + " iova 0x" + Long.toHexString(iova), b, a);
            if (op % 1000 == 999) {
                assertSameRam(fast.ram, general.ram, 64 * SZ_4K, op);
            }
        }
        assertSameRam(fast.ram, general.ram, RAM_SIZE, -1);
        assertEquals(general.tlb.calls, fast.tlb.calls);
        assertTrue("the general side stored through its observer", general.pteStores > 10_000);
        for (int i = 0; i < 7; i++) {
            assertTrue("operation kind " + i + " ran", taken[i] > 500);
        }
    }

    /** A mapping that the short path made is one the general path unmaps, and the other way round. */
    @Test
    public void pathsShareTheTable() {
        Side s = new Side(false);
        int prot = IommuProt.READ;
        long iova = 0x2000_5000L;
        assertEquals(0, s.pt.map(iova, 0x6000_0000L, SZ_4K, 1, prot)); // first map walks and fills the cache
        assertEquals(0, s.pt.map(iova + SZ_4K, 0x6000_1000L, SZ_4K, 1, prot)); // short path
        assertEquals(0x6000_1abcL, s.pt.iovaToPhys(iova + SZ_4K + 0xabc));
        // two pages in one call take the general path, and find the short path's entry in place
        assertEquals(2 * SZ_4K, s.pt.unmap(iova, SZ_4K, 2));
        assertEquals(0, s.pt.iovaToPhys(iova + SZ_4K));
        assertEquals(0, s.pt.map(iova, 0x6100_0000L, SZ_4K, 2, prot));
        assertEquals(SZ_4K, s.pt.unmap(iova + SZ_4K, SZ_4K, 1)); // short path
        assertEquals(0x6100_0000L, s.pt.iovaToPhys(iova));
        assertEquals(0, s.pt.iovaToPhys(iova + SZ_4K));
        // a second map of a mapped page is refused by the general path the short path hands it to
        assertEquals(Errno.EEXIST, s.pt.map(iova, 0x6200_0000L, SZ_4K, 1, prot));
        assertEquals(0x6100_0000L, s.pt.iovaToPhys(iova));
    }

    /** The first {@code len} bytes of the window, where the allocator hands out table pages from the bottom. */
    private static void assertSameRam(SparseRam fast, SparseRam general, long len, int op) {
        for (long pa = RAM; pa < RAM + len; pa += 8) {
            assertEquals("RAM 0x" + Long.toHexString(pa) + " after op " + op, general.read64(pa), fast.read64(pa));
        }
    }
}
