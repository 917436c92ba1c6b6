package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.junit.Test;

/**
 * 1,000,000 live mappings: the memory a row of the live state costs, and how long the operations of a view take
 * (snapshot, first access, sort, filter, delta). The figures are printed ("live-state 1M: ..."), not asserted:
 * a shared machine's timings vary; what is asserted is that the results are right.
 */
public class LiveStateMillionTest {
    private static final int N = 1_000_000;
    private static final MemoryMXBean MEM = ManagementFactory.getMemoryMXBean();

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEM.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void print(String what, long startNs) {
        System.out.printf("live-state 1M: %-44s %8.1f ms%n", what, (System.nanoTime() - startNs) / 1e6);
    }

    private static final Device[] DEVS = { new Device("e6700000.dma-controller", "rcar-dmac"),
        new Device("ee100000.mmc", "renesas_sdhi_internal_dmac"), new Device("e6e60000.serial", "sh-sci"),
        new Device("ec700000.dma-controller", "rcar-dmac") };

    private static void mapAll(DmaDebug debug) {
        for (int i = 0; i < N; i++) {
            long dma = 0x1_0000_0000L + 4096L * i;
            debug.debugDmaMapPage(DEVS[i & 3], 0x4000_0000L + 4096L * i, 0, 512 + (i % 7) * 512,
                    (i & 1) == 0 ? DmaDirection.TO_DEVICE : DmaDirection.FROM_DEVICE, dma, 0);
            debug.debugDmaMappingError(DEVS[i & 3], dma);
        }
    }

    /** map + dma_mapping_error + unmap of 1000 buffers, {@code rounds} times; returns ns per map+check+unmap. */
    private static double cycle(DmaDebug debug, int rounds) {
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 1000; i++) {
                debug.debugDmaMapPage(DEVS[0], 0x4000_0000L + 4096L * i, 0, 4096, DmaDirection.TO_DEVICE,
                        0x3_0000_0000L + 4096L * i, 0);
                debug.debugDmaMappingError(DEVS[0], 0x3_0000_0000L + 4096L * i);
            }
            for (int i = 0; i < 1000; i++) {
                debug.debugDmaUnmapPage(DEVS[0], 0x3_0000_0000L + 4096L * i, 4096, DmaDirection.TO_DEVICE);
            }
        }
        return (System.nanoTime() - t0) / (rounds * 1000.0);
    }

    @Test
    public void theRecorderCostPerMapCall() {
        DmaDebug plain = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        DmaDebug observed = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        LiveStateModel m = LiveStateModel.forReplay(observed, LiveStateConfig.DEFAULT, "cycles");
        double p = 0;
        double o = 0;
        for (int warm = 0; warm < 3; warm++) {
            p = cycle(plain, 1000);
            o = cycle(observed, 1000);
        }
        System.out.printf("live-state 1M: map + mapping_error + unmap, dma-debug alone   %6.1f ns%n", p);
        System.out.printf("live-state 1M: map + mapping_error + unmap, recorder attached %6.1f ns%n", o);
        // 3 x 1000 x 1000 mappings made and unmapped: the default history keeps the last 1,000,000 (+ a chunk)
        MappingHistory h = m.snapshot().history();
        assertEquals(3_000_000, h.made());
        assertTrue(h.size() >= 1_000_000 && h.size() <= 1_000_000 + MappingStore.CHUNK);
        assertEquals(0, m.snapshot().mappings().size());
    }

    @Test
    public void aTimelineOfAMillionTransfers() {
        // 1,200,000 runs of 4 channels, 1 us each, back to back per channel: the oldest 200,000 or so are dropped
        TransferStore store = new TransferStore(N);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_200_000; i++) {
            long start = 1000L * (i / 4);
            long row = store.start(i & 3, 0, 1, start, 64, 0x4000_0000L + 64L * i, 0x5000_0000L);
            store.end(row, start + 1000, 64, TransferStatus.COMPLETE);
        }
        print("record 1,200,000 transfers", t0);
        Names names = new Names(new String[] { "e6e60000.serial" }, new String[] { "sh-sci" }, 1, new String[0],
                false);
        TransferTimeline tl = new TransferTimeline(store.captureChunks(), store.nextRow(), new long[] { -1 },
                new long[1], new String[] { "a", "b", "c", "d" }, 4, names, store.dropped(), store.maxDuration(), 0);
        assertTrue(tl.size() >= N && tl.size() <= N + TransferStore.CHUNK);
        assertEquals(1_200_000, tl.size() + tl.dropped());
        assertEquals(1_200_000 - tl.size(), tl.id(0));
        // a window of 100 us of one channel: the 100 runs of channel 2 that overlap it
        long from = 250_000_000L;
        t0 = System.nanoTime();
        int[] w = tl.overlapping(from, from + 100_000, 2);
        print("timeline window of one channel (1M kept)", t0);
        assertEquals(100, w.length);
        for (int i : w) {
            assertEquals("c", tl.channel(i));
            assertTrue(tl.startNs(i) < from + 100_000 && tl.endNs(i) > from);
            assertEquals(64, tl.bytes(i));
        }
        assertEquals("e6e60000.serial", tl.client(w[0]));
    }

    @Test
    public void aMillionLiveMappings() {
        DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        mapAll(debug);
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        LiveStateModel m = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "1M");
        print("record 1,000,000 live entries (import)", t0);
        long after = usedAfterGc();
        double perRow = (double) (after - before) / N;
        System.out.printf("live-state 1M: heap per live mapping (store, after GC)   %8.1f bytes%n", perRow);


        t0 = System.nanoTime();
        LiveStateSnapshot s = m.snapshot();
        print("snapshot() (under the lock)", t0);
        MappingTable t = s.mappings();
        t0 = System.nanoTime();
        assertEquals(N, t.size());
        long first = t.dmaAddr(0);
        print("first paint: row index + row 0", t0);
        assertEquals(0x1_0000_0000L, first);
        t0 = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            t.device(i + 500_000);
            t.dmaAddr(i + 500_000);
            t.stack(i + 500_000);
        }
        print("paint 60 visible rows", t0);

        t0 = System.nanoTime();
        int[] byAddr = t.sortedIndex(MappingColumn.DMA_ADDR, true);
        print("sort by DMA address, descending", t0);
        for (int k = 1; k < N; k++) {
            assertTrue(Long.compareUnsigned(t.dmaAddr(byAddr[k - 1]), t.dmaAddr(byAddr[k])) > 0);
        }
        t0 = System.nanoTime();
        int[] byDev = t.sortedIndex(MappingColumn.DEVICE, false);
        print("sort by device", t0);
        assertEquals("e6700000.dma-controller", t.device(byDev[0]));
        assertEquals("ee100000.mmc", t.device(byDev[N - 1]));
        t0 = System.nanoTime();
        int[] big = t.filter(i -> t.size(i) >= 3072 && t.direction(i) == DmaDirection.FROM_DEVICE);
        print("filter size >= 3 KiB and FROM_DEVICE", t0);
        int expect = 0;
        for (int i = 0; i < N; i++) {
            if (512 + (i % 7) * 512 >= 3072 && (i & 1) == 1) {
                expect++;
            }
        }
        assertEquals(expect, big.length);

        // a busy refresh interval: 10,000 unmaps and 10,000 maps, then the delta a view applies
        for (int i = 0; i < 10_000; i++) {
            long dma = 0x1_0000_0000L + 4096L * (i * 97);
            debug.debugDmaUnmapPage(DEVS[(i * 97) & 3], dma, 512 + ((i * 97) % 7) * 512,
                    ((i * 97) & 1) == 0 ? DmaDirection.TO_DEVICE : DmaDirection.FROM_DEVICE);
            long nd = 0x2_0000_0000L + 4096L * i;
            debug.debugDmaMapPage(DEVS[0], 0x8000_0000L + 4096L * i, 0, 4096, DmaDirection.TO_DEVICE, nd, 0);
        }
        t0 = System.nanoTime();
        MappingDelta d = m.delta(s.version());
        print("delta of 20,000 changes", t0);
        assertFalse(d.isReset());
        assertEquals(10_000, d.added().size());
        assertEquals(10_000, d.removed().size());
        assertEquals(20_000, m.lastDeltaExamined);
        t0 = System.nanoTime();
        LiveStateSnapshot s2 = m.snapshot();
        print("snapshot() after the changes", t0);
        assertEquals(N, s2.mappings().size());
        for (int i = 0; i < 3; i++) {
            debug.debugDmaUnmapPage(DEVS[0], 0x2_0000_0000L + 4096L * i, 4096, DmaDirection.TO_DEVICE);
        }
        t0 = System.nanoTime();
        MappingDelta small = m.delta(s2.version());
        print("delta of 3 changes (1M live)", t0);
        assertEquals(3, small.removed().size());
        assertEquals(3, m.lastDeltaExamined);
        // the first snapshot is unchanged by all that
        assertEquals(N, s.mappings().size());
        assertEquals(first, s.mappings().dmaAddr(0));
    }
}
