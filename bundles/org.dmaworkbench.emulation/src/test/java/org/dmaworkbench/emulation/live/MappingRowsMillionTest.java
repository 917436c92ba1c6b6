package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.dmaworkbench.emulation.live.MappingQuery.Grouping;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.junit.Test;

/**
 * The DMA-API view's work with 1,000,000 live mappings, off the UI thread: the first build, sorting, filtering,
 * grouping, and applying a delta while mappings come and go. Figures are printed ("mapping rows 1M: ..."), not
 * asserted; the results are.
 */
public class MappingRowsMillionTest {
    private static final int N = 1_000_000;
    private static final Device[] DEVS = { new Device("e6700000.dma-controller", "rcar-dmac"),
        new Device("ee100000.mmc", "renesas_sdhi_internal_dmac"), new Device("e6e60000.serial", "sh-sci"),
        new Device("ec700000.dma-controller", "rcar-dmac") };

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void print(String what, double ms) {
        System.out.printf("mapping rows 1M: %-52s %8.1f ms%n", what, ms);
    }

    private static long dma(int i) {
        return 0x1_0000_0000L + 4096L * ((i * 7919L) % N);
    }

    @Test
    public void aMillionLiveMappings() {
        DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        LiveStateModel m = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "1M");
        for (int i = 0; i < N; i++) {
            debug.debugDmaMapPage(DEVS[i & 3], 0x4000_0000L + 4096L * i, 0, 512 + (i % 7) * 512,
                    (i & 1) == 0 ? DmaDirection.TO_DEVICE : DmaDirection.FROM_DEVICE, dma(i), 0);
        }
        for (int rep = 0; rep < 2; rep++) { // the second round is what a warmed-up IDE sees
            String tag = rep == 0 ? " (cold)" : "";
            LiveStateSnapshot s = m.snapshot();
            long t0 = System.nanoTime();
            MappingRows all = MappingRows.build(s, MappingQuery.DEFAULT);
            all.mapping(0);
            print("first build, map order, + row 0" + tag, ms(t0));
            assertEquals(N, all.size());

            t0 = System.nanoTime();
            MappingRows byAddr = MappingRows.build(s, MappingQuery.DEFAULT.withSort(MappingColumn.DMA_ADDR, false));
            print("sort by DMA address" + tag, ms(t0));
            assertEquals(0x1_0000_0000L, byAddr.mapping(0).dmaAddr());
            assertEquals(dma(N - 1) > 0, true);
            for (int r = 1; r < 1000; r++) {
                assertTrue(Long.compareUnsigned(byAddr.mapping(r - 1).dmaAddr(), byAddr.mapping(r).dmaAddr()) < 0);
            }

            t0 = System.nanoTime();
            MappingRows filtered = MappingRows.build(s, MappingQuery.DEFAULT.withFilter(MappingFilter.parse("mmc")));
            print("filter 'mmc' (a quarter)" + tag, ms(t0));
            assertEquals(N / 4, filtered.size());

            t0 = System.nanoTime();
            MappingRows range = MappingRows.build(s,
                    MappingQuery.DEFAULT.withFilter(MappingFilter.parse("0x40000000..0x40100000")));
            print("filter an address range (256 rows)" + tag, ms(t0));
            assertEquals(256, range.size());

            t0 = System.nanoTime();
            MappingRows grouped = MappingRows.build(s, MappingQuery.DEFAULT.withGrouping(Grouping.DEVICE)
                    .withSort(MappingColumn.SIZE, true));
            print("group by device, sort by size" + tag, ms(t0));
            assertEquals(4, grouped.groups().size());
            assertEquals(N / 4, grouped.groups().get(0).count());
        }

        // a busy refresh interval: 1,000 unmaps and 1,000 maps, applied to rows sorted by DMA address
        LiveStateSnapshot s = m.snapshot();
        MappingQuery q = MappingQuery.DEFAULT.withSort(MappingColumn.DMA_ADDR, false);
        MappingRows rows = MappingRows.build(s, q);
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 1000; k++) {
                int i = round * 1000 + k;
                debug.debugDmaUnmapPage(DEVS[i & 3], dma(i), 512 + (i % 7) * 512,
                        (i & 1) == 0 ? DmaDirection.TO_DEVICE : DmaDirection.FROM_DEVICE);
                debug.debugDmaMapPage(DEVS[0], 0x9000_0000L + 4096L * i, 0, 4096, DmaDirection.TO_DEVICE,
                        0x2_0000_0000L + 4096L * i, 0);
            }
            long t0 = System.nanoTime();
            LiveStateUpdate u = m.update(rows.snapshot().version());
            double tu = ms(t0);
            t0 = System.nanoTime();
            rows = rows.update(u);
            double ta = ms(t0);
            print("update(): delta of 2,000 changes + snapshot", tu);
            print("apply it to rows sorted by DMA address", ta);
            assertTrue(rows.isIncremental());
            assertEquals(N, rows.size());
        }
        assertArrayEquals(MappingRows.build(rows.snapshot(), q).ids(), rows.ids());
    }
}
