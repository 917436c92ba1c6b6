package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.junit.Test;

/**
 * Versions, deltas, immutability and the memory policy, on a dma-debug driven directly (as a replay drives it):
 * dma_map_page() of page i at DMA address 0x1000_0000 + i * 4 KiB.
 */
public class LiveStateDeltaTest {
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), log::add, KernelProfile.V6_12);
    private final Device dev = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");

    private LiveStateModel model(LiveStateConfig config) {
        debug.setAllErrors(true);
        return LiveStateModel.forReplay(debug, config, "test");
    }

    private static long dma(int i) {
        return 0x1000_0000L + 4096L * i;
    }

    private void map(LiveStateModel m, int i, boolean check) {
        m.setSourcePosition("t", i, 1000L * i);
        debug.debugDmaMapPage(dev, 0x4000_0000L + 4096L * i, 0, 4096, DmaDirection.TO_DEVICE, dma(i), 0);
        if (check) {
            debug.debugDmaMappingError(dev, dma(i));
        }
    }

    private void unmap(LiveStateModel m, int i, long t) {
        m.setSourcePosition("t", i, t);
        debug.debugDmaUnmapPage(dev, dma(i), 4096, DmaDirection.TO_DEVICE);
    }

    private static Set<Long> ids(MappingTable t) {
        Set<Long> s = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            s.add(t.id(i));
        }
        return s;
    }

    @Test
    public void aDeltaCarriesOnlyTheChangesAndCostsOnlyThem() {
        LiveStateModel m = model(LiveStateConfig.DEFAULT);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            map(m, i, true);
        }
        map(m, n, false); // checked only after the snapshot
        LiveStateSnapshot s0 = m.snapshot();
        assertEquals(n + 1, s0.mappings().size());
        long changedId = s0.mappings().id(s0.mappings().size() - 1);

        unmap(m, 10, 5_000_000_000L);
        unmap(m, 20, 5_000_000_001L);
        unmap(m, 30, 5_000_000_002L);
        map(m, n + 1, true);
        map(m, n + 2, false);
        map(m, n + 3, true);
        unmap(m, n + 3, 6_000_000_000L); // made and gone in between: in no list
        debug.debugDmaMappingError(dev, dma(n));

        MappingDelta d = m.delta(s0.version());
        assertFalse(d.isReset());
        assertEquals(s0.version(), d.fromVersion());
        // 3 unmaps + 3 maps + 2 checks of new ones + 1 unmap + 1 check of an old one = 10 changes read, of 100,004
        assertEquals(10, m.lastDeltaExamined);
        assertEquals(List.of(dma(n + 1), dma(n + 2)), d.added().stream().map(Mapping::dmaAddr).toList());
        assertEquals(List.of(dma(10), dma(20), dma(30)), d.removed().stream().map(Mapping::dmaAddr).toList());
        assertEquals(5_000_000_001L, d.removed().get(1).unmapTimeNs());
        assertEquals(1, d.changed().size());
        assertEquals(changedId, d.changed().get(0).id());
        assertEquals(DmaDebugMapErr.CHECKED, d.changed().get(0).mapErr());
        assertEquals(DmaDebugMapErr.NOT_CHECKED, d.added().get(1).mapErr());

        // applying the delta to the first snapshot gives the second
        LiveStateSnapshot s1 = m.snapshot();
        assertEquals(d.toVersion(), s1.version());
        Set<Long> expect = ids(s0.mappings());
        d.removed().forEach(x -> expect.remove(x.id()));
        d.added().forEach(x -> expect.add(x.id()));
        assertEquals(expect, ids(s1.mappings()));

        // the first snapshot did not change: same rows, the changed one still unchecked, the removed ones live
        assertEquals(n + 1, s0.mappings().size());
        assertEquals(DmaDebugMapErr.NOT_CHECKED, s0.mappings().byId(changedId).orElseThrow().mapErr());
        int h = s0.history().indexOfId(d.removed().get(0).id());
        assertEquals(Mapping.LIVE, s0.history().unmapTimeNs(h));
        assertEquals(5_000_000_000L, s1.history().unmapTimeNs(s1.history().indexOfId(d.removed().get(0).id())));

        // nothing since: an empty delta
        assertTrue(m.delta(s1.version()).isEmpty());
    }

    @Test
    public void aViewFallingBehindTheChangeLogGetsAReset() {
        LiveStateModel m = model(new LiveStateConfig(1000, 1000, 100, 16));
        map(m, 0, true);
        LiveStateSnapshot s0 = m.snapshot();
        for (int i = 1; i <= 20; i++) {
            map(m, i, true);
        }
        MappingDelta d = m.delta(s0.version());
        assertTrue(d.isReset());
        assertTrue(d.added().isEmpty());
        // a recent enough version still gets a delta
        LiveStateSnapshot s1 = m.snapshot();
        map(m, 21, false);
        MappingDelta d1 = m.delta(s1.version());
        assertFalse(d1.isReset());
        assertEquals(1, d1.added().size());
    }

    @Test
    public void errorsAreTypedAndLinkedToTheirMapping() {
        LiveStateModel m = model(LiveStateConfig.DEFAULT);
        map(m, 0, false);
        LiveStateSnapshot s0 = m.snapshot();
        long id = s0.mappings().id(0);
        // unmapped with another size: check_unmap() reports FREE_DIFFERENT_SIZE and MAP_ERROR_NOT_CHECKED
        m.setSourcePosition("t", 7, 42);
        debug.debugDmaUnmapPage(dev, dma(0), 512, DmaDirection.TO_DEVICE);
        // and an unmap of nothing: no mapping to link
        debug.debugDmaUnmapPage(dev, 0xdead_0000L, 512, DmaDirection.TO_DEVICE);
        LiveStateSnapshot s1 = m.snapshot();
        List<DmaErrorRecord> errs = s1.errors();
        assertEquals(3, errs.size());
        assertEquals(DmaDebugCheck.FREE_DIFFERENT_SIZE, errs.get(0).check());
        // kernel/dma/debug.c check_unmap(): the message as err_printk() words it
        assertEquals("DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device driver frees DMA memory with "
                + "different size [device address=0x0000000010000000] [map size=4096 bytes] [unmap size=512 bytes]",
                errs.get(0).message());
        assertEquals(id, errs.get(0).mappingId());
        assertEquals(42, errs.get(0).timeNs());
        assertEquals("t", errs.get(0).sourceFile());
        assertEquals(7, errs.get(0).sourceLine());
        assertEquals(DmaDebugCheck.MAP_ERROR_NOT_CHECKED, errs.get(1).check());
        assertEquals(id, errs.get(1).mappingId());
        assertEquals(DmaDebugCheck.FREE_NOT_ALLOCATED, errs.get(2).check());
        assertEquals(-1, errs.get(2).mappingId());
        assertEquals(List.of(errs.get(0), errs.get(1)), s1.errorsOf(id));
        // the errors come with the delta, and the row they name is in the history
        MappingDelta d = m.delta(s0.version());
        assertEquals(errs, d.errors());
        assertEquals(0, s1.history().indexOfId(id));
        // a replay has no stacks: the records say nothing rather than print dma-debug's own hook frame
        assertTrue(errs.get(0).mappedAt().isEmpty());
        assertTrue(s1.missing().containsKey(Availability.STACKS));
        assertTrue(s1.history().stack(0).isEmpty());
    }

    @Test
    public void errorsNotPrintedUnderNumErrorsAreStillRecorded() {
        LiveStateModel m = model(LiveStateConfig.DEFAULT);
        debug.setAllErrors(false);
        debug.setNumErrors(1);
        log.clear();
        for (int i = 0; i < 3; i++) {
            debug.debugDmaUnmapPage(dev, 0xdead_0000L + i * 4096L, 512, DmaDirection.TO_DEVICE);
        }
        // err_printk(): num_errors = 1 prints the first error only; error_count counts all three
        assertEquals(3, debug.errorCount());
        assertEquals(1, log.stream().filter(r -> r.check() != null && r.check().isError()).count());
        List<DmaErrorRecord> errs = m.snapshot().errors();
        assertEquals(3, errs.size());
        assertEquals(List.of(true, false, false), errs.stream().map(DmaErrorRecord::printed).toList());
    }

    @Test
    public void unmappedMappingsBeyondTheHistorySizeAreDroppedLiveOnesKeptWithTheirIds() {
        LiveStateModel m = model(LiveStateConfig.DEFAULT.withMappingHistory(0));
        int n = 3 * MappingStore.CHUNK;
        for (int i = 0; i < n; i++) {
            map(m, i, true);
        }
        LiveStateSnapshot before = m.snapshot();
        // every mapping but two (a leak in the first chunk, one in the last) is unmapped
        for (int i = 0; i < n; i++) {
            if (i != 5 && i != n - 1) {
                unmap(m, i, 10_000_000L + i);
            }
        }
        LiveStateSnapshot after = m.snapshot();
        MappingHistory h = after.history();
        assertEquals(2, after.mappings().size());
        // with no unmapped history asked for, at most one chunk's worth stays (the head is never dropped)
        assertTrue(h.dropped() >= n - 2 - MappingStore.CHUNK);
        assertTrue(h.size() <= MappingStore.CHUNK + 2);
        // the leak keeps its id and its data, in the live table and in the history
        long leakId = before.mappings().id(5);
        assertEquals(dma(5), after.mappings().byId(leakId).orElseThrow().dmaAddr());
        assertEquals(dma(5), h.dmaAddr(h.indexOfId(leakId)));
        assertEquals(Mapping.LIVE, h.unmapTimeNs(h.indexOfId(leakId)));
        assertTrue(h.completeFromId() > leakId);
        // the earlier snapshot still reads every row it had
        assertEquals(n, before.mappings().size());
        assertEquals(dma(100), before.mappings().dmaAddr(100));
        assertEquals(n, before.history().size());
        // a delta from before the dropped unmaps cannot be complete
        assertTrue(m.delta(before.version()).isReset());
    }
}
