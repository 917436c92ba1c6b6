package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.junit.Test;

/**
 * What the Properties view shows for the SCIF0 FIFO's {@code resource} mapping of the built-in default scenario,
 * taken while the FIFO is mapped (the run is canceled at the first serial byte, so nothing unmaps it): the walk of
 * its IOVA page in emulated memory and the register it targets.
 */
public class MappingDetailsTest {
    /** SCIF0 at 0xe6e60000 (r8a7791.dtsi), SCxTDR at +0x0c (sh-sci.c SCIx_SH4_SCIF_REGTYPE) */
    private static final long FIFO = 0xe6e6_000cL;

    @Test
    public void theFifoMappingsWalkAndRegister() throws Exception {
        EmulationSession s = new EmulationSession(ScenarioTarget.create(ScenarioLoader.loadDefault()),
                StopCondition.WHEN_IDLE);
        s.addListener(batch -> {
            if (batch.stream().anyMatch(e -> e.kind() == EventKind.PERIPHERAL_DATA)) {
                s.cancel();
            }
        });
        assertEquals(SessionResult.Status.CANCELED, s.run(SessionMonitor.NONE).status());
        LiveStateModel model = s.liveState();
        LiveStateSnapshot snap = model.snapshot();
        MappingTable t = snap.mappings();
        int[] rows = MappingFilter.parse("resource 0xe6e6000c").rows(t);
        assertEquals(1, rows.length);
        MappingDetails d = MappingDetails.of(model, snap, t.id(rows[0]), 16).orElseThrow();
        Mapping m = d.mapping();
        assertEquals(FIFO, m.cpuPhys());
        assertEquals(1, m.size());
        assertTrue(d.callSite(), d.callSite().startsWith("rcar_dmac_map_slave_addr+0x"));
        assertFalse(d.leaked());
        assertTrue(d.errors().isEmpty());
        // the DMAC's domain: the ARM IOMMU mapping of 32-bit ARM (arm_iommu_create_mapping(), UNMANAGED)
        assertEquals("UNMANAGED", d.domain().type());
        assertTrue(d.domain().devices().contains("e6700000.dma-controller"));
        // one IOVA page, walked level 1 -> 2 -> 3 (LPAE stage 1 with a 32-bit IAS starts at level 1)
        assertEquals(1, d.walks().size());
        assertEquals(0, d.pagesNotShown());
        MappingDetails.PageWalk w = d.walks().get(0);
        assertEquals(m.dmaAddr() & ~0xfffL, w.iova());
        assertEquals(List.of(1, 2, 3), w.levels().stream().map(PageTableEntry::level).toList());
        assertEquals(PageTableEntry.Kind.TABLE, w.levels().get(0).kind());
        assertEquals(PageTableEntry.Kind.TABLE, w.levels().get(1).kind());
        // the leaf of the README's dmawb pgtable example: page 4K -> 0xe6e60000, device memory, rw, NS
        PageTableEntry leaf = w.last();
        assertEquals(PageTableEntry.Kind.PAGE, leaf.kind());
        assertEquals(0x0000_0000_e6e6_0e6bL, leaf.raw());
        assertTrue(leaf.description(), leaf.description().contains("AttrIndx=2(device)"));
        assertEquals(0xe6e6_0000L, w.physical());
        // the root table is the context's TTBR
        assertEquals(d.domain().registers().ttbr(), w.levels().get(0).entryAddress() & ~0xfffL);
        // the register it targets
        MmioTarget r = d.target().orElseThrow();
        assertEquals("e6e60000.serial", r.device());
        assertEquals("SCFTDR", r.register());
        assertEquals(0x0c, r.offset());
        assertEquals("e6e60000.serial SCFTDR (transmit FIFO data register) at +0x0c", r.describe());
    }

    @Test
    public void aRamMappingTargetsNoRegisterAndAnUnmappedIovaFaults() throws Exception {
        EmulationSession s = new EmulationSession(ScenarioTarget.create(ScenarioLoader.loadDefault()),
                StopCondition.WHEN_IDLE);
        s.run(SessionMonitor.NONE);
        LiveStateSnapshot snap = s.liveState().snapshot();
        MappingHistory h = snap.history();
        // the first mapping is sh-sci's TX buffer in RAM (dma_map_page); after the run it is unmapped
        Mapping first = h.row(0);
        assertEquals("single", first.typeName());
        MappingDetails d = MappingDetails.of(s.liveState(), snap, first.id(), 16).orElseThrow();
        assertTrue(d.target().isEmpty());
        MappingDetails.PageWalk w = d.walks().get(0);
        assertEquals(PageTableEntry.Kind.INVALID, w.last().kind());
        assertEquals(-1, w.physical());
    }
}
