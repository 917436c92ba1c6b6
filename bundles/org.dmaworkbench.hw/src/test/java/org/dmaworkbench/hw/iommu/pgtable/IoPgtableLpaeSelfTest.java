package org.dmaworkbench.hw.iommu.pgtable;

import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_16K;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_1G;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_2M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_32M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_4K;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_512M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_64K;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Port of arm_lpae_do_selftests()/arm_lpae_run_tests() (drivers/iommu/io-pgtable-arm.c, Linux 6.12): for each page
 * size set (4K|2M|1G, 16K|32M, 64K|512M) and each IAS (32, 36, 40, 42, 44, 48), with oas 48 and a coherent walk,
 * run the same sequence on ARM_64_LPAE_S1 then ARM_64_LPAE_S2 with the same checks. Additionally every table must
 * be back with the allocator after free.
 */
@RunWith(Parameterized.class)
public class IoPgtableLpaeSelfTest {
    private static final long SZ_2G = 2L * SZ_1G;
    private static final int RW_NOEXEC_CACHE = IommuProt.READ | IommuProt.WRITE | IommuProt.NOEXEC | IommuProt.CACHE;

    @Parameters(name = "pgsize 0x{0}, ias {1}")
    public static List<Object[]> params() {
        List<Object[]> p = new ArrayList<>();
        for (long pg : new long[] { SZ_4K | SZ_2M | SZ_1G, SZ_16K | SZ_32M, SZ_64K | SZ_512M }) {
            for (int ias : new int[] { 32, 36, 40, 42, 44, 48 }) {
                p.add(new Object[] { Long.toHexString(pg), ias });
            }
        }
        return p;
    }

    private final long pgsizeBitmap;
    private final int ias;

    public IoPgtableLpaeSelfTest(String pgsizeHex, int ias) {
        this.pgsizeBitmap = Long.parseLong(pgsizeHex, 16);
        this.ias = ias;
    }

    @Test
    public void stage1() {
        run(IoPgtableFormat.ARM_64_LPAE_S1);
    }

    @Test
    public void stage2() {
        run(IoPgtableFormat.ARM_64_LPAE_S2);
    }

    private void run(IoPgtableFormat fmt) {
        run(IoPgtableConfig.builder(fmt).pgsizeBitmap(pgsizeBitmap).ias(ias).oas(48).coherentWalk(true).build(),
                pgsizeBitmap);
    }

    static void run(IoPgtableConfig cfg, long pgsizeBitmap) {
        IoPgtableFormat fmt = cfg.format();
        SparseRam ram = new SparseRam(0x4_0000_0000L, 1L << 30);
        BumpPageAllocator alloc = new BumpPageAllocator(ram, ram.base(), ram.size());
        RecordingFlushOps tlb = new RecordingFlushOps(pgsizeBitmap);
        IoPgtable ops = IoPgtable.alloc(cfg, ram, alloc, tlb);
        String what = fmt + " " + ops.cfg();
        assertEquals(what, pgsizeBitmap, ops.cfg().pgsizeBitmap());

        // empty page tables shouldn't provide any translations
        assertEquals(what, 0, ops.iovaToPhys(42));
        assertEquals(what, 0, ops.iovaToPhys(SZ_1G + 42));
        assertEquals(what, 0, ops.iovaToPhys(SZ_2G + 42));

        // distinct mappings of different granule sizes
        long iova = 0;
        for (long size : sizes(pgsizeBitmap)) {
            assertEquals(what + " map 0x" + Long.toHexString(size), 0, ops.map(iova, iova, size, 1, RW_NOEXEC_CACHE));
            // overlapping mappings
            assertNotEquals(what, 0, ops.map(iova, iova + size, size, 1, IommuProt.READ | IommuProt.NOEXEC));
            assertEquals(what, iova + 42, ops.iovaToPhys(iova + 42));
            iova += SZ_1G;
        }

        // partial unmap
        long size = Long.lowestOneBit(pgsizeBitmap);
        assertEquals(what, size, ops.unmap(SZ_1G + size, size, 1, null));
        // remap of partial unmap
        assertEquals(what, 0, ops.map(SZ_1G + size, size, size, 1, IommuProt.READ));
        assertEquals(what, size + 42, ops.iovaToPhys(SZ_1G + size + 42));

        // full unmap
        iova = 0;
        for (long sz : sizes(pgsizeBitmap)) {
            assertEquals(what, sz, ops.unmap(iova, sz, 1, null));
            assertEquals(what, 0, ops.iovaToPhys(iova + 42));
            // remap full block
            assertEquals(what, 0, ops.map(iova, iova, sz, 1, IommuProt.WRITE));
            assertEquals(what, iova + 42, ops.iovaToPhys(iova + 42));
            iova += SZ_1G;
        }

        ops.free();
        assertEquals(what, List.of(), tlb.violations);
        assertEquals(what + " tables leaked", 0, alloc.liveBlocks());
    }

    static long[] sizes(long bitmap) {
        long[] out = new long[Long.bitCount(bitmap)];
        int n = 0;
        for (long b = bitmap; b != 0; b &= b - 1) {
            out[n++] = Long.lowestOneBit(b);
        }
        return out;
    }
}
