package org.dmaworkbench.emulation.inspect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.live.PageTable;
import org.dmaworkbench.emulation.live.PageTableEntry;
import org.dmaworkbench.emulation.live.PageTableLevel;
import org.dmaworkbench.emulation.live.Translation;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.junit.Test;

/**
 * What the IOMMU view, the timeline and the hardware view compute, on the built-in default scenario (Koelsch: SCIF0
 * transmits through SYS-DMAC 0 behind the IPMMU-DS, SDHI0 reads) taken while the first serial byte goes out, and on
 * a memcpy client that unmaps with the wrong size.
 */
public class InspectScenarioTest {
    private static final String DMAC = "e6700000.dma-controller";
    /** SCIF0 at 0xe6e60000 (r8a7791.dtsi), SCxTDR at +0x0c (sh-sci.c's SCIF register map) */
    private static final long FIFO = 0xe6e6_000cL;

    private static final class Run {
        LiveStateSnapshot during;
        LiveStateSnapshot after;
        EmulationSession session;
        BoardTopology topology;
    }

    private static Run run(LoadedScenario l) throws Exception {
        return run(l, r -> { });
    }

    /** Runs {@code l}; {@code whileRunning} reads the page tables while the first serial byte goes out. */
    private static Run run(LoadedScenario l, java.util.function.Consumer<Run> whileRunning) throws Exception {
        assertTrue(l.formatDiagnostics(), l.ok());
        Run r = new Run();
        r.session = new EmulationSession(ScenarioTarget.create(l), StopCondition.WHEN_IDLE);
        LiveStateModel model = r.session.liveState();
        r.session.addListener(batch -> {
            if (r.during == null && batch.stream().anyMatch(e -> e.kind() == EventKind.PERIPHERAL_DATA)) {
                r.during = model.snapshot();
                r.topology = BoardTopology.of(r.session, r.during.channels()).orElseThrow();
                whileRunning.accept(r);
            }
        });
        r.session.run(SessionMonitor.NONE);
        r.after = model.snapshot();
        return r;
    }

    private static IommuDomainSnapshot domain(LiveStateSnapshot s) {
        return s.iommus().stream().filter(d -> d.devices().contains(DMAC)).findFirst().orElseThrow();
    }

    private static long fifoIova(LiveStateSnapshot s) {
        MappingTable t = s.mappings();
        int[] rows = t.filter(i -> t.type(i) == DmaDebugEntryType.RESOURCE && t.cpuPhys(i) == FIFO);
        assertEquals(1, rows.length);
        return t.dmaAddr(rows[0]);
    }

    @Test
    public void theFifoLeafDecodesAsWritableDeviceMemoryAndTranslateEndsAtTheFifo() throws Exception {
        boolean[] checked = new boolean[1];
        Run r = run(ScenarioLoader.loadDefault(), x -> {
            checkFifo(x);
            checked[0] = true;
        });
        assertTrue(checked[0]);
        assertEquals(List.of(), ConsistencyCheck.check(r.after, domain(r.after)));
    }

    private static void checkFifo(Run r) {
        IommuDomainSnapshot d = domain(r.during);
        long iova = fifoIova(r.during);
        PageTable pt = d.pageTable();
        Translation t = pt.translate(iova);
        assertTrue(t.reason(), t.translated());
        assertEquals(FIFO, t.outputAddress());
        assertEquals(4096, t.leafSize());
        // ARM_32_LPAE_S1 with a 32-bit IOVA: levels 1 (bits 31:30), 2 (29:21), 3 (20:12) (io-pgtable-arm.c)
        assertEquals(3, t.steps().size());
        long[] idx = { (iova >>> 30) & 3, (iova >>> 21) & 0x1ff, (iova >>> 12) & 0x1ff };
        for (int i = 0; i < 3; i++) {
            Translation.Step s = t.steps().get(i);
            assertEquals(i + 1, s.level());
            assertEquals(idx[i], s.index());
            assertEquals(s.tableAddress() + 8 * idx[i], s.entryAddress());
        }
        assertEquals(d.registers().ttbr(), t.steps().get(0).tableAddress());
        Translation.Step leaf = t.steps().get(2);
        assertEquals(PageTableEntry.Kind.PAGE, leaf.kind());
        // arm_lpae_prot_to_pte() for IOMMU_READ|WRITE|MMIO under IO_PGTABLE_QUIRK_ARM_NS (ipmmu-vmsa.c:463):
        // AF 0x400 | nG 0x800 | SH=OS 0x200 | AP unpriv 0x40 | AttrIndx 2 << 2 | NS 0x20 | page 0x3 = 0xe6b
        assertEquals(0xe6e6_0e6bL, leaf.raw());
        PteFields f = PteFields.decode(pt.config(), leaf.level(), leaf.raw(), d.registers());
        assertEquals("page", f.kind());
        assertTrue(f.writable());
        // MAIR attr2 = ARM_LPAE_MAIR_ATTR_DEVICE 0x04: Device-nGnRE (io-pgtable-arm.c:1014-1021)
        assertEquals("device memory (Device-nGnRE)", f.memoryType());
        assertEquals(2, f.field("AttrIndx").value());
        assertEquals(1, f.field("NS").value());
        assertEquals(1, f.field("AF").value());
        assertEquals(1, f.field("nG").value());
        assertEquals(2, f.field("SH").value());
        assertTrue(f.field("AP[2:1]").meaning(), f.field("AP[2:1]").meaning().startsWith("read/write"));
        // the IOVA-space strip: the FIFO page belongs to the DMAC's mapping
        IovaSpaceMap map = IovaSpaceMap.of(d, r.during.mappings());
        IovaSpaceMap.Segment seg = map.at(iova);
        assertEquals(IovaSpaceMap.Kind.MAPPED, seg.kind());
        assertEquals(DMAC, seg.device());
        // the ARM mapping's window: arm_iommu_create_mapping(dev, SZ_1G, SZ_2G) (ipmmu-vmsa.c:861)
        assertEquals(0x4000_0000L, map.start());
        assertEquals(0x8000_0000L, map.size());
        assertTrue(map.fragmentation() >= 0 && map.fragmentation() < 1);
        // a clean run: nothing inconsistent while running (nor after, see the caller)
        assertEquals(List.of(), ConsistencyCheck.check(r.during, d));
    }

    @Test
    public void anUnmappedIovaFaultsAtTheLevelWhereTheWalkStops() throws Exception {
        boolean[] checked = new boolean[1];
        run(ScenarioLoader.loadDefault(), r -> {
            checkFaults(r);
            checked[0] = true;
        });
        assertTrue(checked[0]);
    }

    private static void checkFaults(Run r) {
        PageTable pt = domain(r.during).pageTable();
        // 0x10000000: below the ARM mapping's window, first-level entry 0 (bits 31:30 = 0) is empty
        Translation t = pt.translate(0x1000_0000L);
        assertFalse(t.translated());
        assertEquals("TRANSLATION", t.fault());
        assertEquals(1, t.faultLevel());
        assertEquals(1, t.steps().size());
        assertEquals(0, t.steps().get(0).raw());
        assertTrue(t.reason(), t.reason().startsWith("translation fault at level 1"));
        // 2 MiB past the FIFO's page: same first-level table, an empty second-level entry
        long iova = (fifoIova(r.during) & ~0x1f_ffffL) + 0x20_0000L;
        Translation t2 = pt.translate(iova);
        assertFalse(t2.translated());
        assertEquals(2, t2.faultLevel());
        assertEquals(2, t2.steps().size());
        assertEquals(PageTableEntry.Kind.TABLE, t2.steps().get(0).kind());
        assertTrue(t2.reason(), t2.reason().startsWith("translation fault at level 2"));
    }

    @Test
    public void aWrongUnmapSizeLeavesEntriesNoMappingAccountsFor() throws Exception {
        // the memcpy client unmaps its 64 KiB source with len / 2 (MemcpyClient, bug unmap-wrong-size);
        // arm_iommu_unmap_page() removes PAGE_ALIGN(size) (arch/arm/mm/dma-mapping.c __iommu_remove_mapping), so
        // the second 32 KiB of every source stays translated after dma-debug dropped the mapping
        String scn = "board = koelsch\niommu ipmmu_ds = on { attach = all }\n"
                + "client copy {\n\tdevice = &dmac0\n\tmemcpy bytes 64KiB repeat 2\n}\nbug copy = unmap-wrong-size\n";
        Run r = run(ScenarioLoader.load("wrong-size.dmascn", scn, Path.of(".")));
        IommuDomainSnapshot d = domain(r.after);
        List<ConsistencyCheck.Finding> found = ConsistencyCheck.check(r.after, d);
        MappingHistory h = r.after.history();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            if (h.direction(i) == DmaDirection.TO_DEVICE && h.size(i) == 65536) {
                expected.add(h.dmaAddr(i) + 32768);
            }
        }
        assertEquals(2, expected.size());
        assertEquals(found.toString(), 2, found.size());
        for (int k = 0; k < 2; k++) {
            ConsistencyCheck.Finding f = found.get(k);
            assertEquals(ConsistencyCheck.Kind.ENTRY_WITHOUT_MAPPING, f.kind());
            assertEquals((long) expected.get(k), f.iova());
            assertEquals(32768, f.size());
            assertTrue(f.message(), f.message().contains(DMAC));
        }
        // the strip shows them as translated but unaccounted for
        IovaSpaceMap map = IovaSpaceMap.of(d, r.after.mappings());
        assertEquals(IovaSpaceMap.Kind.UNACCOUNTED, map.at(expected.get(0)).kind());
        assertEquals(65536, map.mappedBytes());
        // in the tree each stale half is one run of 8 pages, following on in IOVA and output address
        PageTable pt = d.pageTable();
        PageTableLevel l3 = pt.table(pt.table(pt.root().entries().get(0)).entries().get(0));
        List<LeafRuns.Run> runs = LeafRuns.group(l3.entries(), 0x0000_ffff_ffff_f000L);
        assertEquals(2, runs.size());
        for (int k = 0; k < 2; k++) {
            LeafRuns.Run run = runs.get(k);
            assertEquals(8, run.count());
            assertEquals((long) expected.get(k), run.first().iova());
            assertEquals(32768, run.span());
            assertEquals(7 * 4096, run.last().outputAddress() - run.first().outputAddress());
        }
    }

    @Test
    public void anUnmapOfANeverMappedAddressLeavesALiveMappingWithoutEntry() throws Exception {
        // the serial client unmaps handle + offset (bug unmap-never-mapped): dma-debug refuses ("not allocated")
        // and keeps the real mapping, while the IOMMU unmaps the page under it
        String scn = "board = koelsch\niommu ipmmu_ds = on\nclient uart0 {\n\tdevice = &scif0\n"
                + "\ttx text \"Hello from DMA Workbench\\n\" repeat 3\n}\nbug uart0 = unmap-never-mapped\n";
        Run r = run(ScenarioLoader.load("never.dmascn", scn, Path.of(".")));
        List<ConsistencyCheck.Finding> found = ConsistencyCheck.check(r.after, domain(r.after));
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.kind() == ConsistencyCheck.Kind.MAPPING_WITHOUT_ENTRY
                && f.device().equals(DMAC) && f.mappingId() >= 0 && r.after.mappings().byId(f.mappingId()).isPresent()));
    }

    @Test
    public void theTimelineAndTheHardwareTopologyOfTheSeedScenario() throws Exception {
        Run r = run(ScenarioLoader.loadDefault());
        TimelineLayout layout = TimelineLayout.of(r.after);
        // SCIF0 tx is MID/RID 0x29 (r8a7791.dtsi), the channel rcar-dmac gave it carries only serial runs
        TimelineLayout.Lane scif = layout.lanes().stream().filter(l -> l.label().endsWith("e6e60000.serial")
                && r.after.transfers().size() > 0).findFirst().orElseThrow();
        var tl = r.after.transfers();
        List<Integer> runs = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.channelIndex(i) == scif.channel()) {
                runs.add(i);
            }
        }
        // "Hello from DMA Workbench\n" three times: three runs of 25 bytes, one after another
        assertEquals(3, runs.size());
        long lastEnd = -1;
        for (int i : runs) {
            assertEquals(25, tl.bytes(i));
            assertTrue(tl.startNs(i) >= lastEnd);
            lastEnd = tl.endNs(i);
        }
        TimelineBins.Lane[] bins = TimelineBins.transfers(tl, layout.laneOfChannel(), layout.lanes().size(),
                layout.startNs(), layout.endNs(), r.after.timeNs(), 400);
        int lane = layout.lanes().indexOf(scif);
        assertEquals(3, bins[lane].total());
        assertEquals(75, java.util.Arrays.stream(bins[lane].bytes()).sum());
        // hover: the destination is the FIFO, through the IOMMU
        List<String> hover = TransferDetails.describe(r.after, runs.get(0));
        assertTrue(hover.toString(), hover.stream().anyMatch(s -> s.startsWith("destination: IOVA 0x")
                && s.endsWith("-> phys 0xe6e6000c")));

        BoardTopology top = r.topology;
        assertNotNull(top);
        List<BoardTopology.Node> all = top.root().flatten();
        BoardTopology.Node master = all.stream().filter(n -> n.kind() == BoardTopology.Kind.MASTER
                && n.label().equals(DMAC)).findFirst().orElseThrow();
        assertTrue(master.detail(), master.detail().startsWith("attached by the kernel's rule, micro-TLB 0..14"));
        BoardTopology.Node fifo = all.stream().filter(n -> n.kind() == BoardTopology.Kind.FIFO
                && n.device().equals("e6e60000.serial") && n.label().startsWith("tx")).findFirst().orElseThrow();
        assertTrue(fifo.detail(), fifo.detail().startsWith("SCxTDR at 0xe6e6000c"));
        assertTrue(fifo.source().toString(), fifo.source().file().endsWith("koelsch.dts"));
        BoardTopology.Node link = all.stream().filter(n -> n.kind() == BoardTopology.Kind.CLIENT_LINK
                && n.label().equals("e6e60000.serial \"tx\"")).findFirst().orElseThrow();
        assertTrue(link.detail(), link.detail().contains("MID/RID 0x29"));
        assertTrue(link.detail(), link.detail().contains("channel "));
    }
}
