package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.emulation.export.SessionReport;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.device.DeviceNames;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.junit.Test;

/**
 * A run's {@code --trace} export, replayed, gives the same live-state snapshot types with the same content: every
 * mapping's lifetime (device, type, addresses, size, direction, map and unmap time to the microsecond ftrace
 * prints), the mappings live at a time, and the findings linked to their mappings. What the trace lacks is said.
 */
public class ReplayParityTest {

    private record Both(LiveStateSnapshot run, LiveStateSnapshot replay, ReplayResult result) {
    }

    private static Both runAndReplay(LoadedScenario l) throws Exception {
        assertTrue(l.formatDiagnostics(), l.ok());
        ScenarioTarget target = ScenarioTarget.create(l);
        EmulationSession s = new EmulationSession(target, StopCondition.WHEN_IDLE);
        s.run(SessionMonitor.NONE);
        LiveStateSnapshot run = s.liveState().snapshot();
        List<SessionEvent> events = s.events().history().snapshot();
        StringBuilder trace = new StringBuilder();
        SessionReport.writeFtrace(events, s.events().count(EventKind.DMA_API) + s.events().count(EventKind.IOMMU), 2,
                trace);
        TraceReplay r = new TraceReplay();
        // the drivers the devices had during the run (the run's end unbinds them all)
        for (Device d : target.machine().devices()) {
            String drv = DeviceNames.driverFor(d.compatible());
            if (drv != null && !drv.isEmpty()) {
                r.setDriverName(d.name(), drv);
            }
        }
        r.replay(new StringReader(trace.toString()), "run.trace");
        ReplayResult result = r.finish();
        return new Both(run, result.liveState(), result);
    }

    /** ftrace prints microseconds, rounded ({@code FtraceWriter}: (ns + 500) / 1000). */
    private static long us(long ns) {
        return ns == Mapping.LIVE ? ns : (ns + 500) / 1000;
    }

    /** A lifetime as both sides can know it (coherent CPU addresses are %p values in a trace: left out). */
    private static String key(MappingHistory h, int i, boolean fromTrace) {
        boolean coherent = h.type(i) == DmaDebugEntryType.COHERENT || h.type(i) == DmaDebugEntryType.NONCOHERENT;
        long map = fromTrace ? h.mapTimeNs(i) / 1000 : us(h.mapTimeNs(i));
        long unmap = fromTrace ? (h.unmapTimeNs(i) == Mapping.LIVE ? Mapping.LIVE : h.unmapTimeNs(i) / 1000)
                : us(h.unmapTimeNs(i));
        return h.device(i) + " " + h.driver(i) + " " + h.typeName(i) + " D=" + Long.toHexString(h.dmaAddr(i)) + " P="
                + (coherent ? "?" : Long.toHexString(h.cpuPhys(i))) + " L=" + h.size(i) + " " + h.direction(i)
                + " " + map + ".." + unmap;
    }

    private static List<String> keys(MappingHistory h, boolean fromTrace) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            out.add(key(h, i, fromTrace));
        }
        return out;
    }

    @Test
    public void theDefaultRunReplaysToTheSameLifetimes() throws Exception {
        Both b = runAndReplay(ScenarioLoader.loadDefault());
        List<String> run = keys(b.run().history(), false);
        List<String> replay = keys(b.replay().history(), true);
        assertFalse(run.isEmpty());
        // same mappings in the same (map) order
        assertEquals(run, replay);
        // live at a time: every microsecond boundary where something was mapped
        MappingHistory rh = b.run().history();
        MappingHistory ph = b.replay().history();
        for (int i = 0; i < rh.size(); i++) {
            long tUs = us(rh.mapTimeNs(i));
            Set<String> expect = new HashSet<>();
            for (int k = 0; k < rh.size(); k++) {
                long m = us(rh.mapTimeNs(k));
                long u = us(rh.unmapTimeNs(k));
                if (m <= tUs && (u == Mapping.LIVE || u > tUs)) {
                    expect.add(key(rh, k, false));
                }
            }
            Set<String> got = new HashSet<>();
            for (int k : ph.liveAt(tUs * 1000)) {
                got.add(key(ph, k, true));
            }
            assertEquals("live at " + tUs + " us", expect, got);
        }
        // the same (empty) live set at the end, and what the capture cannot show is said, not left empty
        assertEquals(b.run().mappings().size(), b.replay().mappings().size());
        assertTrue(b.run().missing().isEmpty());
        assertTrue(b.replay().missing().containsKey(Availability.STACKS));
        assertTrue(b.replay().missing().containsKey(Availability.IOMMU));
        assertTrue(b.replay().missing().containsKey(Availability.TRANSFERS));
        assertTrue(b.replay().missing().containsKey(Availability.MAP_ERROR_CHECKS));
        assertTrue(b.replay().has(Availability.MAPPINGS));
        assertTrue(b.replay().iommus().isEmpty());
        assertEquals(0, b.replay().transfers().size());
        assertTrue(b.run().transfers().size() > 0);
    }

    @Test
    public void aLeakIsTheSameFindingLinkedToTheSameMappingInBoth() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx text \"x\" repeat 1\n}\n"
                + "bug uart0 = leak-mapping-at-unbind\n";
        Both b = runAndReplay(ScenarioLoader.load("leak.dmascn", text, null));
        List<DmaErrorRecord> re = b.run().errors();
        List<DmaErrorRecord> pe = b.replay().errors();
        assertEquals(1, re.size());
        assertEquals(1, pe.size());
        // dma_debug_device_change() at unbind (kernel/dma/debug.c), the same message from both
        assertEquals(DmaDebugCheck.PENDING_AT_UNBIND, re.get(0).check());
        assertEquals(re.get(0).checkId(), pe.get(0).checkId());
        assertEquals(re.get(0).message(), pe.get(0).message());
        // each links to its side's row of the leaked TX buffer: the same lifetime, still live
        MappingHistory rh = b.run().history();
        MappingHistory ph = b.replay().history();
        int ri = rh.indexOfId(re.get(0).mappingId());
        int pi = ph.indexOfId(pe.get(0).mappingId());
        assertEquals(key(rh, ri, false), key(ph, pi, true));
        assertTrue(rh.isLive(ri));
        assertEquals(1, b.run().mappings().size());
        assertEquals(1, b.replay().mappings().size());
        assertEquals(b.run().mappings().dmaAddr(0), b.replay().mappings().dmaAddr(0));
        // the emulation knows where it was mapped and who found it; the capture does not and says so
        assertFalse(re.get(0).mappedAt().isEmpty());
        assertTrue(pe.get(0).mappedAt().isEmpty());
        assertEquals("run.trace", pe.get(0).sourceFile());
        // the replay's own findings list and the live state agree
        assertEquals(b.result().findings().size(), pe.size());
    }
}
