package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dmaworkbench.emulation.live.MappingQuery.Grouping;
import org.dmaworkbench.emulation.live.MappingQuery.Mode;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.junit.Test;

/**
 * The rows of the DMA-API view: filtered, sorted and grouped from a snapshot, and kept up to date from deltas;
 * a delta applied to the rows must give exactly what a fresh build of the new snapshot gives.
 */
public class MappingRowsTest {
    private static final Device[] DEVS = { new Device("e6700000.dma-controller", "rcar-dmac"),
        new Device("ee100000.mmc", "renesas_sdhi_internal_dmac"), new Device("e6e60000.serial", "sh-sci") };

    /** A replay-style model fed by hand: map(i) maps page i of device i % 3. */
    private static final class Feed {
        final DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        final LiveStateModel model = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "feed");
        final List<Integer> live = new ArrayList<>();
        long t;

        void map(int i) {
            model.setSourcePosition("f", i, t += 10);
            debug.debugDmaMapPage(DEVS[i % 3], 0x4000_0000L + 0x1000L * i, 0, size(i), dir(i), dma(i), 0);
            live.add(i);
        }

        void unmap(int i) {
            model.setSourcePosition("f", i, t += 10);
            debug.debugDmaUnmapPage(DEVS[i % 3], dma(i), size(i), dir(i));
            live.remove(Integer.valueOf(i));
        }

        static long size(int i) {
            return 256L * (1 + (i * 7) % 13);
        }

        static DmaDirection dir(int i) {
            return i % 4 == 0 ? DmaDirection.FROM_DEVICE : DmaDirection.TO_DEVICE;
        }

        static long dma(int i) {
            // not in map order, so sorting by DMA address means something
            return 0x1000_0000L + 0x1000L * ((i * 37) % 1009);
        }
    }

    @Test
    public void groupsByDeviceWithCountsAndBytesSortedWithin() {
        Feed f = new Feed();
        for (int i = 0; i < 30; i++) {
            f.map(i);
        }
        MappingQuery q = MappingQuery.DEFAULT.withGrouping(Grouping.DEVICE).withSort(MappingColumn.DMA_ADDR, true);
        MappingRows r = MappingRows.build(f.model.snapshot(), q);
        assertEquals(30, r.mappingCount());
        assertEquals(33, r.size());
        List<MappingRows.Group> gs = r.groups();
        assertEquals(List.of("e6700000.dma-controller", "e6e60000.serial", "ee100000.mmc"),
                gs.stream().map(MappingRows.Group::key).toList());
        // hand count: device 0 has i = 0, 3, ..., 27; sizes 256 * (1 + 7i mod 13)
        long bytes0 = 0;
        for (int i = 0; i < 30; i += 3) {
            bytes0 += Feed.size(i);
        }
        assertEquals(10, gs.get(0).count());
        assertEquals(bytes0, gs.get(0).bytes());
        assertEquals(bytes0 + gs.get(1).bytes() + gs.get(2).bytes(), r.bytes());
        assertTrue(r.isGroup(0));
        assertNull(r.mapping(0));
        assertEquals(-1, r.id(0));
        long prev = Long.MAX_VALUE;
        for (int row = 1; row <= 10; row++) {
            Mapping m = r.mapping(row);
            assertEquals("e6700000.dma-controller", m.device());
            assertTrue(Long.compareUnsigned(m.dmaAddr(), prev) < 0);
            prev = m.dmaAddr();
            assertEquals(gs.get(0), r.group(row));
        }
        assertTrue(r.isGroup(11));
        assertEquals("e6e60000.serial", r.group(11).key());
        // collapsing the first group hides its ten rows
        MappingRows c = r.withCollapsed(Set.of("e6700000.dma-controller"));
        assertEquals(23, c.size());
        assertTrue(c.isGroup(1));
        assertEquals("e6e60000.serial", c.group(1).key());
        assertEquals(-1, c.displayRowOf(r.id(1)));
        assertEquals(2, c.displayRowOf(r.id(12)));
    }

    @Test
    public void historyAndLiveAtListUnmappedMappingsToo() {
        Feed f = new Feed();
        for (int i = 0; i < 10; i++) {
            f.map(i);
        }
        long mid = f.t; // 100: all ten live
        for (int i = 0; i < 5; i++) {
            f.unmap(i);
        }
        LiveStateSnapshot s = f.model.snapshot();
        assertEquals(5, MappingRows.build(s, MappingQuery.DEFAULT).size());
        MappingRows h = MappingRows.build(s, MappingQuery.DEFAULT.withMode(Mode.HISTORY, 0));
        assertEquals(10, h.size());
        assertFalse(h.mapping(0).isLive());
        assertEquals(110, h.mapping(0).unmapTimeNs());
        assertEquals(10, MappingRows.build(s, MappingQuery.DEFAULT.withMode(Mode.LIVE_AT, mid)).size());
        // at 125 the first two unmaps (110, 120) happened
        MappingRows at = MappingRows.build(s, MappingQuery.DEFAULT.withMode(Mode.LIVE_AT, 125));
        assertEquals(8, at.size());
        assertEquals(2, at.mapping(0).id());
        // sorted by unmap time, descending: live ones (no unmap time) first
        MappingRows byUnmap = MappingRows.build(s,
                MappingQuery.DEFAULT.withMode(Mode.HISTORY, 0).withSort(MappingColumn.UNMAP_TIME, true));
        assertTrue(byUnmap.mapping(0).isLive());
        assertEquals(4, byUnmap.mapping(5).id());
    }

    @Test
    public void deltasGiveWhatAFreshBuildGives() {
        Random rnd = new Random(42);
        List<MappingQuery> queries = List.of(MappingQuery.DEFAULT,
                MappingQuery.DEFAULT.withSort(MappingColumn.DMA_ADDR, false),
                MappingQuery.DEFAULT.withSort(MappingColumn.SIZE, true).withGrouping(Grouping.DEVICE),
                MappingQuery.DEFAULT.withSort(MappingColumn.DEVICE, false).withFilter(MappingFilter.parse("-serial")),
                MappingQuery.DEFAULT.withGrouping(Grouping.DRIVER).withFilter(MappingFilter.parse("to_device")),
                MappingQuery.DEFAULT.withSort(MappingColumn.MAP_TIME, true).withGrouping(Grouping.TYPE),
                MappingQuery.DEFAULT.withSort(MappingColumn.DIRECTION, false)
                        .withFilter(MappingFilter.parse("0x10100000..0x10200000")));
        for (MappingQuery q : queries) {
            Feed f = new Feed();
            int next = 0;
            for (; next < 200; next++) {
                f.map(next);
            }
            MappingRows rows = MappingRows.build(f.model.snapshot(), q);
            int incremental = 0;
            for (int round = 0; round < 40; round++) {
                int changes = 1 + rnd.nextInt(20);
                for (int c = 0; c < changes; c++) {
                    if (!f.live.isEmpty() && rnd.nextBoolean()) {
                        f.unmap(f.live.get(rnd.nextInt(f.live.size())));
                    } else {
                        f.map(next++);
                    }
                }
                rows = rows.update(f.model.update(rows.snapshot().version()));
                incremental += rows.isIncremental() ? 1 : 0;
                MappingRows fresh = MappingRows.build(rows.snapshot(), q);
                assertArrayEquals(q + " round " + round, fresh.ids(), rows.ids());
                assertEquals(fresh.groups(), rows.groups());
                assertEquals(fresh.bytes(), rows.bytes());
                assertEquals(f.live.stream().filter(i -> q.filter().test(rowOf(fresh, i), false)).count(),
                        rows.mappingCount());
            }
            assertEquals(q.toString(), 40, incremental);
        }
    }

    private static Mapping rowOf(MappingRows r, int i) {
        // the Mapping of feed index i, rebuilt from the feed's rules
        return new Mapping(i, DEVS[i % 3].name(), DEVS[i % 3].driverName(),
                org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType.SINGLE, "single", 0x4000_0000L + 0x1000L * i,
                Feed.dma(i), Feed.size(i), Feed.dir(i), 0, org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr.CHECKED,
                0, Mapping.LIVE, List.of());
    }

    @Test
    public void aResetOrANewModeRebuilds() {
        Feed f = new Feed();
        for (int i = 0; i < 10; i++) {
            f.map(i);
        }
        MappingRows h = MappingRows.build(f.model.snapshot(), MappingQuery.DEFAULT.withMode(Mode.HISTORY, 0));
        f.unmap(3);
        MappingRows h2 = h.update(f.model.update(h.snapshot().version()));
        assertFalse(h2.isIncremental());
        assertEquals(10, h2.size());
        // nothing changed: the same rows
        assertTrue(h2 == h2.update(f.model.update(h2.snapshot().version())));
    }
}
