package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.junit.Test;

/**
 * The live state of the built-in default scenario (Koelsch: SCIF0 transmits through SYS-DMAC 0 behind the IPMMU-DS
 * while SDHI0 reads), taken while the first serial byte goes out and after the run.
 */
public class LiveStateScenarioTest {
    private static final String DMAC = "e6700000.dma-controller";
    /** SCIF0 at 0xe6e60000, SCFTDR at +0x0c (r8a7791.dtsi scif0 reg; sh-sci.c SCxTDR of the SCIF register map) */
    private static final long FIFO = 0xe6e6_000cL;

    private static final class Run {
        EmulationSession session;
        LiveStateSnapshot during;
        LiveStateSnapshot after;
        List<SessionEvent> events;
        /** the FIFO page's leaf, found walking the page table level by level while the FIFO was mapped */
        PageTableEntry leaf;
        List<PageTableEntry> leafFromFlatList;
        boolean staleDuring;
    }

    /** Walks from the root table to the leaf covering {@code iova}, one lazy read per level. */
    private static PageTableEntry walk(PageTable pt, long iova) {
        PageTableLevel level = pt.root();
        while (true) {
            PageTableEntry e = level.entries().stream()
                    .filter(x -> x.iova() <= iova && iova - x.iova() < x.span()).findFirst().orElseThrow();
            if (e.kind() != PageTableEntry.Kind.TABLE) {
                return e;
            }
            level = pt.table(e);
        }
    }

    private static Run runDefault() throws Exception {
        LoadedScenario l = ScenarioLoader.loadDefault();
        assertTrue(l.formatDiagnostics(), l.ok());
        Run r = new Run();
        r.session = new EmulationSession(ScenarioTarget.create(l), StopCondition.WHEN_IDLE);
        LiveStateModel model = r.session.liveState();
        assertNotNull(model);
        r.session.addListener(batch -> {
            if (r.during == null && batch.stream().anyMatch(e -> e.kind() == EventKind.PERIPHERAL_DATA)) {
                r.during = model.snapshot();
                // the views read page tables lazily: here, while the FIFO is still mapped
                MappingTable t = r.during.mappings();
                long iova = t.dmaAddr(fifoRow(t));
                PageTable pt = r.during.iommus().stream().filter(x -> x.devices().contains(DMAC)).findFirst()
                        .orElseThrow().pageTable();
                r.leaf = walk(pt, iova);
                r.leafFromFlatList = pt.mappedPages(iova & ~0xfffL, 1);
                r.staleDuring = pt.isStale();
            }
        });
        r.session.run(SessionMonitor.NONE);
        r.after = model.snapshot();
        r.events = r.session.events().history().snapshot();
        return r;
    }

    private static int fifoRow(MappingTable t) {
        int[] rows = t.filter(i -> t.type(i) == DmaDebugEntryType.RESOURCE && t.cpuPhys(i) == FIFO);
        assertEquals(1, rows.length);
        return rows[0];
    }

    @Test
    public void theFifoResourceMappingIsATypedRowWithItsStack() throws Exception {
        Run r = runDefault();
        assertNotNull("no serial byte went out", r.during);
        MappingTable t = r.during.mappings();
        int i = fifoRow(t);
        // rcar_dmac_map_slave_addr() (drivers/dma/sh/rcar-dmac.c:1178) maps the FIFO, dst_addr_width 1 byte, for
        // MEM_TO_DEV with dev_dir = DMA_FROM_DEVICE (:1162), attrs 0, and checks it with dma_mapping_error() (:1181)
        assertEquals(DMAC, t.device(i));
        assertEquals("rcar-dmac", t.driver(i));
        assertEquals("resource", t.typeName(i));
        assertEquals(1, t.size(i));
        assertEquals(DmaDirection.FROM_DEVICE, t.direction(i));
        assertEquals(0, t.attrs(i));
        assertEquals(DmaDebugMapErr.CHECKED, t.mapErr(i));
        // at an IOVA of the ARM mapping's window [1 GiB, 3 GiB) that keeps the page offset 0x00c
        long iova = t.dmaAddr(i);
        assertTrue(Long.toHexString(iova), iova >= 0x4000_0000L && iova < 0xc000_0000L);
        assertEquals(0x00c, iova & 0xfff);
        // "Mapped at": the hook first, as stack_trace_save(.., 1) in dma_entry_alloc() keeps it
        List<String> stack = t.stack(i);
        assertTrue(stack.toString(), stack.get(0).startsWith(" debug_dma_map_resource+0x"));
        assertTrue(stack.toString(), stack.stream().anyMatch(f -> f.startsWith(" rcar_dmac_map_slave_addr+0x")));
        assertTrue(stack.size() <= 5);
        // mapped at the virtual time of its dma_map_resource trace event
        TraceEvent map = r.events.stream().map(e -> e.payload(TraceEvent.class))
                .filter(e -> e != null && e.name().equals("dma_map_resource") && e.fields().contains("phys_addr=e6e6000c"))
                .findFirst().orElseThrow();
        assertEquals(map.timestampNs(), t.mapTimeNs(i));
        Mapping m = t.row(i);
        assertEquals(t.id(i), m.id());
        assertTrue(m.isLive());
        assertEquals(i, t.indexOfId(m.id()));
        assertTrue(r.during.missing().toString(), r.during.missing().isEmpty());
    }

    @Test
    public void theIommuDomainShowsContextRegistersMicroTlbsIotlbAndTheFifoPte() throws Exception {
        Run r = runDefault();
        MappingTable t = r.during.mappings();
        long iova = t.dmaAddr(fifoRow(t));
        IommuDomainSnapshot d = r.during.iommus().stream().filter(x -> x.devices().contains(DMAC)).findFirst()
                .orElseThrow();
        assertEquals("UNMANAGED", d.type()); // arm_iommu_create_mapping()'s domain on 32-bit ARM
        assertTrue(d.context() >= 0);
        IommuDomainSnapshot.ContextRegisters regs = d.registers();
        // ipmmu_domain_setup_context() (drivers/iommu/ipmmu-vmsa.c:375-391), Gen2 features (:913-925):
        // IMTTBCR = EAE | SL0_LVL_1 | SH0_INNER_SHAREABLE | ORGN0_WB_WA | IRGN0_WB_WA
        assertEquals(0x8000_3510, regs.ttbcr());
        // MAIR of io-pgtable-arm.c:1014-1021: NC 0x44, WBRWA 0xff, DEVICE 0x04, INC_OWBRWA 0xf4 in indexes 0..3
        assertEquals(0xf404_ff44, regs.mair());
        assertEquals(d.pageTable().rootTable(), regs.ttbr());
        assertEquals(1, regs.imctr() & 1); // MMUEN
        // ipmmu_utlb_enable() (:292): IMUCTR = TTSEL(context) | MMUEN (FLUSH reads back as 0)
        assertFalse(d.microTlbs().isEmpty());
        for (IommuDomainSnapshot.MicroTlb u : d.microTlbs()) {
            assertEquals(DMAC, u.device());
            assertEquals(d.context() << 4 | 1, u.imuctr());
            assertTrue(u.enabled());
        }
        // the channel wrote the FIFO through the IPMMU: its page is in the IOTLB, looked up at least once
        IommuDomainSnapshot.IotlbSnapshot tlb = d.iotlb();
        assertTrue(tlb.hits() + tlb.misses() > 0);
        assertTrue(tlb.entries().toString(),
                tlb.entries().stream().anyMatch(e -> e.iova() == (iova & ~0xfffL) && e.physical() == 0xe6e6_0000L));
        // the leaf PTE, read from emulated RAM: page 4K -> 0xe6e60000 AttrIndx=2(device) AP=rw,unpriv SH=OS AF nG NS
        // (the README's dmawb pgtable example), found by walking the tree level by level
        PageTable pt = d.pageTable();
        PageTableEntry leaf = r.leaf;
        assertFalse(r.staleDuring);
        assertEquals(PageTableEntry.Kind.PAGE, leaf.kind());
        assertEquals(3, leaf.level());
        assertEquals(0x0000_0000_e6e6_0e6bL, leaf.raw());
        assertEquals(0xe6e6_0000L, leaf.outputAddress());
        assertEquals(4096, leaf.span());
        assertTrue(leaf.description(), leaf.description().contains("AttrIndx=2(device)"));
        assertEquals(List.of(leaf), r.leafFromFlatList);
        // the run went on after the snapshot: the tables changed since (the FIFO was unmapped at the end)
        assertTrue(pt.isStale());
    }

    @Test
    public void theTxChannelShowsItsClientSlaveMappingAndDescriptor() throws Exception {
        Run r = runDefault();
        MappingTable t = r.during.mappings();
        long iova = t.dmaAddr(fifoRow(t));
        DmaChannelSnapshot ch = r.during.channels().stream().filter(c -> c.client().equals("e6e60000.serial")
                && c.slaveMapAddr() == iova).findFirst().orElseThrow();
        assertEquals(DMAC, ch.controller());
        assertTrue(ch.name(), ch.name().startsWith(DMAC + ".ch"));
        assertEquals(0x29, ch.midRid()); // r8a7791.dtsi scif0: dmas = <&dmac0 0x29>, <&dmac0 0x2a>
        assertEquals(1, ch.slaveMapSize());
        assertEquals(FIFO, ch.slaveAddr());
        assertNotNull(ch.running());
        assertEquals("MEM_TO_DEV", ch.running().direction());
        assertEquals(iova, ch.running().chunks().get(0).dst());
        assertEquals(0x29, ch.registers().dmars() & 0xff);
        // the run now going on is in the timeline as running, and in a window around now
        TransferTimeline tl = r.during.transfers();
        int run = -1;
        for (int i = 0; i < tl.size(); i++) {
            if (tl.status(i) == TransferStatus.RUNNING && tl.client(i).equals("e6e60000.serial")) {
                run = i;
            }
        }
        assertTrue(run >= 0);
        assertEquals(-1, tl.endNs(run));
        assertEquals(iova, tl.dstIova(run));
        assertEquals(ch.name(), tl.channel(run));
        int[] now = tl.overlapping(r.during.timeNs(), r.during.timeNs() + 1, tl.channelIndex(run));
        assertTrue(contains(now, run));
        // later the same transfer (same id) completed; the earlier snapshot still says running
        TransferTimeline after = r.after.transfers();
        int same = (int) (tl.id(run) - after.id(0));
        assertEquals(TransferStatus.COMPLETE, after.status(same));
        assertTrue(after.endNs(same) > r.during.timeNs());
        assertEquals(TransferStatus.RUNNING, tl.status(run));
    }

    @Test
    public void historyHasEveryMappingWithItsMapAndUnmapTimesAndLiveAtT() throws Exception {
        Run r = runDefault();
        MappingHistory h = r.after.history();
        List<TraceEvent> trace = r.events.stream().map(e -> e.payload(TraceEvent.class)).filter(e -> e != null).toList();
        List<TraceEvent> maps = new ArrayList<>();
        for (TraceEvent e : trace) {
            String n = e.name();
            if (n.equals("dma_map_page") || n.equals("dma_map_resource") || n.equals("dma_alloc")
                    || n.equals("dma_map_sg") || n.equals("dma_alloc_pages")) {
                maps.add(e);
            }
        }
        // every mapping the run made is kept; an sg list of n segments is n dma-debug entries
        assertEquals(0, h.dropped());
        assertEquals(h.made(), h.size());
        // after the run the drivers released everything (no leak findings): nothing is live
        assertEquals(0, r.after.mappings().size());
        assertEquals(0, r.after.errors().size());
        // the FIFO mapping's lifetime spans the transmission
        int[] fifo = new int[] { -1 };
        for (int i = 0; i < h.size(); i++) {
            if (h.type(i) == DmaDebugEntryType.RESOURCE && h.cpuPhys(i) == FIFO) {
                fifo[0] = i;
            }
        }
        int f = fifo[0];
        assertTrue(f >= 0);
        long mapT = h.mapTimeNs(f);
        long unmapT = h.unmapTimeNs(f);
        assertTrue(unmapT > mapT);
        TraceEvent unmap = trace.stream().filter(e -> e.name().equals("dma_unmap_resource")).findFirst().orElseThrow();
        assertEquals(unmap.timestampNs(), unmapT);
        // live at t: in between yes, at the unmap itself no, just before the map no
        assertTrue(contains(h.liveAt(mapT), f));
        assertTrue(contains(h.liveAt((mapT + unmapT) / 2), f));
        assertFalse(contains(h.liveAt(unmapT), f));
        assertFalse(contains(h.liveAt(mapT - 1), f));
        // every traced map event is a row with the same time, device and address
        for (TraceEvent e : maps) {
            String dev = e.fields().substring(0, e.fields().indexOf(' '));
            boolean found = false;
            for (int i = 0; i < h.size() && !found; i++) {
                found = h.mapTimeNs(i) == e.timestampNs() && h.device(i).equals(dev);
            }
            assertTrue(e.name() + " " + e.fields(), found);
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void theTransferTimelineHasEveryChannelRunWithBytesClientsAndIovas() throws Exception {
        Run r = runDefault();
        TransferTimeline tl = r.after.transfers();
        long uartBytes = 0;
        long sdBytes = 0;
        int uart = 0;
        for (int i = 0; i < tl.size(); i++) {
            assertEquals(TransferStatus.COMPLETE, tl.status(i));
            assertTrue(tl.endNs(i) >= tl.startNs(i));
            assertEquals(tl.plannedBytes(i), tl.bytes(i));
            if (tl.client(i).equals("e6e60000.serial")) {
                uart++;
                uartBytes += tl.bytes(i);
                assertEquals(DmaTransferDirection.MEM_TO_DEV, tl.direction(i));
            } else if (tl.client(i).startsWith("ee100000")) {
                sdBytes += tl.bytes(i);
                assertEquals(DmaTransferDirection.DEV_TO_MEM, tl.direction(i));
            }
        }
        // "Hello from DMA Workbench\n" (25 bytes) three times; SDHI0 reads 8 blocks of 512 bytes twice
        assertEquals(3 * 25, uartBytes);
        assertEquals(2 * 8 * 512, sdBytes);
        assertTrue(uart >= 3);
        // the same figures the session counts from the channel interrupts (TE) and registers
        assertEquals(r.after.transfers().size(), r.session.result().statistics().transfers());
        assertEquals(r.session.result().statistics().bytesMoved(), uartBytes + sdBytes);
        // a UART transfer writes the FIFO's IOVA
        int[] uartRows = tl.overlapping(Long.MIN_VALUE, Long.MAX_VALUE, -1);
        assertEquals(tl.size(), uartRows.length);
    }
}
