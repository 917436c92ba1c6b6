package org.dmaworkbench.views.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.inspect.ConsistencyCheck;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.selection.IovaRange;
import org.dmaworkbench.ui.selection.MappingRef;
import org.dmaworkbench.ui.views.iommu.IommuView;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The IOMMU view on the seed scenario (Koelsch: SCIF0 through SYS-DMAC 0 behind the IPMMU-DS, SDHI0 reading),
 * terminated while the SCIF FIFO is mapped: the FIFO's leaf entry and its decode, Translate of the FIFO's IOVA and of
 * an unmapped IOVA, the link to the DMA-API view's selection, the IOTLB; a stale-entry finding produced by a driver
 * bug; and the figure of a domain with 100,000 pages. Screenshots of each.
 */
public class IommuViewTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String DMAC = "e6700000.dma-controller";
    /** SCIF0 at 0xe6e60000 (r8a7791.dtsi), SCxTDR at +0x0c (drivers/tty/serial/sh-sci.c, SCIF register map) */
    private static final long FIFO = 0xe6e6_000cL;
    private IProject project;

    @Before
    public void setUp() throws Exception {
        Views.cleanUp();
        project = Views.project("iommu-view-test", "seed-running.dmascn", "memcpy-wrong-size.dmascn");
        Views.page().getWorkbenchWindow().getShell().setSize(1280, 980);
    }

    @After
    public void tearDown() throws Exception {
        IommuView v = (IommuView) Views.page().findView(IommuView.ID);
        if (v != null) {
            v.show(null, null, null);
            Views.restore(v);
        }
        Views.cleanUp();
        project.delete(true, true, null);
    }

    private static IommuView view() throws Exception {
        return (IommuView) Views.showMaximized(IommuView.ID);
    }

    private static void waitCaughtUp(IommuView v, LiveStateModel m) {
        Views.waitFor("the IOMMU view to show the final state", () -> !v.isRefreshing() && v.snapshot() != null
                && v.snapshot().version() == m.version());
        UiTests.drainEvents();
    }

    private static int fifoRow(MappingTable t) {
        int[] rows = t.filter(i -> t.type(i) == DmaDebugEntryType.RESOURCE && t.cpuPhys(i) == FIFO);
        return rows.length == 1 ? rows[0] : -1;
    }

    @Test
    public void theFifoEntryItsTranslationAndAFaultOnTheSeedScenario() throws Exception {
        IommuView v = view();
        EmulationProcess p = Views.run(project.getFile("seed-running.dmascn"));
        LiveStateModel m = p.session().liveState();
        // let it run until the serial port has sent through the FIFO, then stop it there: a terminated run keeps its
        // state (no unbind), so the FIFO stays mapped
        Views.waitFor("the FIFO mapped and a serial transfer done", () -> {
            LiveStateSnapshot s = m.snapshot();
            return fifoRow(s.mappings()) >= 0 && s.transfers().size() > 4;
        });
        p.terminate();
        Views.waitTerminated(p);
        waitCaughtUp(v, m);
        LiveStateSnapshot s = v.snapshot();
        MappingTable t = s.mappings();
        long iova = t.dmaAddr(fifoRow(t));
        assertTrue(v.selectDomain(DMAC));
        assertTrue(v.statusText(), v.statusText().contains("seed-running"));

        // the page-table heading says the format and the quirk the IPMMU driver sets (ipmmu-vmsa.c:463)
        String treeText = Views.treeText(v.tree());
        assertTrue(treeText, treeText.contains("ARM_32_LPAE_S1, 32-bit IOVA, 40-bit output, 3 levels from level 1"));
        assertTrue(treeText, treeText.contains("quirk ARM_NS"));
        // the leaf of the FIFO's page, as the run wrote it: arm_lpae_prot_to_pte() with IOMMU_MMIO under ARM_NS,
        // 0xe6e60000 | AF | nG | SH=OS | AP unpriv | AttrIndx 2 | NS | page = 0x...e6e60e6b
        assertTrue(v.revealIova(iova));
        TreeItem leaf = v.tree().getSelection()[0];
        String raw = leaf.getText(3);
        assertTrue(raw, raw.matches("0x0*e6e60e6b"));
        assertEquals(String.format("0x%x", iova & ~0xfffL), leaf.getText(1));
        // the decode: AttrIndx 2 selects MAIR attr2 = 0x04 (ARM_LPAE_MAIR_ATTR_DEVICE, io-pgtable-arm.c), Device-nGnRE;
        // AP[2] clear: writes allowed
        String fields = UiTests.textOf(v.fieldsTable());
        assertTrue(fields, fields.contains("page, device memory (Device-nGnRE), write allowed"));
        assertTrue(fields, fields.contains("MAIR attr2 = 0x04: device memory (Device-nGnRE)"));
        assertTrue(fields, fields.contains("read/write, unprivileged access allowed"));
        assertTrue(fields, fields.contains("non-secure output address"));
        assertTrue(v.backsText(), v.backsText().contains("resource 0x" + Long.toHexString(iova) + ", 1 bytes"));
        Views.shotOf(IommuView.ID, "iommu-view-fifo-entry.png");

        // selecting the entry publishes its IOVA range (the DMA-API view selects the mappings it backs)
        Event e = new Event();
        e.item = leaf;
        v.tree().notifyListeners(SWT.Selection, e);
        IStructuredSelection sel = (IStructuredSelection) v.getSite().getSelectionProvider().getSelection();
        IovaRange range = (IovaRange) sel.getFirstElement();
        assertEquals(m, range.source());
        assertEquals(iova & ~0xfffL, range.iova());
        assertEquals(4096, range.size());
        // a mapping selected in the DMA-API view highlights the entries backing it
        int row = fifoRow(t);
        v.showMapping(new MappingRef(m, t.id(row), DMAC, iova, 1));
        UiTests.drainEvents();
        TreeItem highlighted = v.tree().getSelection()[0];
        assertEquals(leaf.getText(1), highlighted.getText(1));
        assertNotEquals(v.tree().getBackground(), highlighted.getBackground());

        // Translate: every step of the walk, ending at the FIFO
        v.translate(String.format("0x%x", iova));
        Views.waitFor("the walk", () -> v.walkResultText().startsWith("translated"));
        assertEquals(3, v.walkTable().getItemCount());
        for (int i = 0; i < 3; i++) {
            assertEquals(Integer.toString(i + 1), v.walkTable().getItem(i).getText(0));
        }
        assertEquals(String.format("translated by the page at level 3: 0x%x -> 0xe6e6000c", iova), v.walkResultText());
        assertTrue(v.walkTable().getItem(2).getText(4).endsWith("e6e60e6b"));
        Views.shotOf(IommuView.ID, "iommu-translate-walk.png");

        // an IOVA below the ARM mapping's window (it starts at 1 GiB): first-level entry 0 is empty
        v.translate("0x10000000");
        Views.waitFor("the fault", () -> v.walkResultText().contains("fault"));
        assertEquals(1, v.walkTable().getItemCount());
        assertTrue(v.walkResultText(), v.walkResultText().startsWith("translation fault at level 1"));
        // and one in the window, 2 MiB past the FIFO's block: the second-level entry is empty
        long unmapped = (iova & ~0x1f_ffffL) + 0x20_0000L;
        v.translate(String.format("0x%x", unmapped));
        Views.waitFor("the second fault", () -> v.walkResultText().contains("level 2"));
        assertEquals(2, v.walkTable().getItemCount());
        assertTrue(v.walkResultText(), v.walkResultText().startsWith("translation fault at level 2"));
        Views.shotOf(IommuView.ID, "iommu-translate-fault.png");

        // the clean run has no findings; the IOTLB holds the FIFO's page and counts hits
        v.showTab(2);
        String findings = UiTests.textOf(v.findingsTable());
        assertTrue(findings, findings.startsWith("none"));
        // the IOTLB as the run left it: its entries for the context, and the instance's counters
        v.showTab(3);
        var tlb = s.iommus().stream().filter(d -> d.devices().contains(DMAC)).findFirst().orElseThrow().iotlb();
        assertEquals(tlb.entries().size(), v.iotlbTable().getItemCount());
        assertTrue(tlb.hits() + tlb.misses() > 0);
        String iotlb = UiTests.textOf(v.iotlbTable().getParent());
        assertTrue(iotlb, iotlb.contains(tlb.hits() + " hits, " + tlb.misses() + " misses"));
        for (var entry : tlb.entries()) {
            assertTrue(iotlb, iotlb.contains(String.format("0x%x\n0x%x", entry.iova(), entry.physical())));
        }
        Views.shotOf(IommuView.ID, "iommu-iotlb.png");
    }

    @Test
    public void aWrongUnmapSizeShowsAsEntriesNoMappingAccountsFor() throws Exception {
        IommuView v = view();
        EmulationProcess p = Views.run(project.getFile("memcpy-wrong-size.dmascn"));
        Views.waitTerminated(p);
        LiveStateModel m = p.session().liveState();
        waitCaughtUp(v, m);
        assertTrue(v.selectDomain(DMAC));
        // the client unmaps its 64 KiB source with len / 2 (MemcpyClient, unmap-wrong-size); arm_iommu_unmap_page()
        // removes PAGE_ALIGN(size) (arch/arm/mm/dma-mapping.c), so the second 32 KiB of each source stays mapped
        MappingHistory h = v.snapshot().history();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            if (h.direction(i) == DmaDirection.TO_DEVICE && h.size(i) == 65536) {
                expected.add(String.format("0x%x", h.dmaAddr(i) + 32768));
            }
        }
        assertEquals(2, expected.size());
        List<String> found = new ArrayList<>();
        for (TableItem it : v.findingsTable().getItems()) {
            if (it.getData() instanceof ConsistencyCheck.Finding f) {
                assertEquals(ConsistencyCheck.Kind.ENTRY_WITHOUT_MAPPING, f.kind());
                assertEquals("32K", it.getText(2));
                found.add(it.getText(1));
            }
        }
        assertEquals(expected, found);
        assertTrue(v.stripSummaryText(), v.stripSummaryText().contains("64K translated"));
        v.showTab(2);
        v.findingsTable().setSelection(0);
        Event e = new Event();
        e.item = v.findingsTable().getItem(0);
        v.findingsTable().notifyListeners(SWT.Selection, e);
        UiTests.drainEvents();
        assertTrue(v.tree().getSelection()[0].getText(1).startsWith(expected.get(0)));
        v.showTab(2);
        Views.shotOf(IommuView.ID, "iommu-findings-stale-entries.png");
    }

    @Test
    public void figureTreeExpansionOnADomainWithAHundredThousandPages() throws Exception {
        // Koelsch with the IPMMU-DS on; 100,000 single pages mapped for the DMAC, every other physical page so no
        // two leaves are contiguous (the tree then shows 512 rows per level-3 table)
        LoadedScenario l = ScenarioLoader.load("100k.dmascn",
                "board = koelsch\niommu ipmmu_ds = on\nclient copy {\n\tdevice = &dmac0\n\tmemcpy bytes 4KiB\n}\n",
                Path.of("."));
        assertTrue(l.formatDiagnostics(), l.ok());
        ScenarioTarget target = ScenarioTarget.create(l);
        EmulationSession session = new EmulationSession(target, StopCondition.WHEN_IDLE);
        Device dmac = target.machine().devices().stream().filter(d -> d.name().equals(DMAC)).findFirst().orElseThrow();
        long[] iovas = new long[100_000];
        for (int i = 0; i < iovas.length; i++) {
            iovas[i] = target.machine().dma().dmaMapPage(dmac, 0x4800_0000L + 8192L * i, 0, 4096,
                    DmaDirection.TO_DEVICE);
        }
        LiveStateModel m = session.liveState();
        assertEquals(100_000, m.snapshot().mappings().size());
        IommuView v = view();
        long t0 = System.nanoTime();
        v.show(m, session, "100,000 pages mapped for " + DMAC);
        waitCaughtUp(v, m);
        double refreshMs = (System.nanoTime() - t0) / 1e6;
        // 100,000 x 4 KiB = 400,000 KiB
        assertTrue(v.stripSummaryText(), v.stripSummaryText().contains("400000K translated"));
        // expand down to page 50,000: the root, its first-level entry, one second-level table of 512 entries
        t0 = System.nanoTime();
        assertTrue(v.revealIova(iovas[50_000]));
        UiTests.drainEvents();
        double firstMs = (System.nanoTime() - t0) / 1e6;
        // then a neighbouring level-3 table (another 512 entries), the others already open
        t0 = System.nanoTime();
        assertTrue(v.revealIova(iovas[50_000] + 0x20_0000L));
        UiTests.drainEvents();
        double nextMs = (System.nanoTime() - t0) / 1e6;
        TreeItem sel = v.tree().getSelection()[0];
        assertEquals(512, sel.getParentItem().getItemCount());
        assertEquals(String.format("0x%x", iovas[50_000] + 0x20_0000L), sel.getText(1));
        System.out.printf("IOMMU view, 100,000 pages: refresh (snapshot, IOVA map, consistency) %.0f ms; "
                + "expand to a leaf (3 levels, 512-entry table) %.1f ms; next 512-entry table %.1f ms%n", refreshMs,
                firstMs, nextMs);
        Views.shotOf(IommuView.ID, "iommu-100k-pages.png");
        assertNotNull(sel);
    }
}
