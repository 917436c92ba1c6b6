package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.emulation.live.MappingRows;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.views.DmaApiView;
import org.dmaworkbench.ui.views.dmaapi.MappingColumns;
import org.dmaworkbench.ui.views.dmaapi.MappingPropertiesPage;
import org.dmaworkbench.ui.views.dmaapi.VirtualTable;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The DMA-API view on real emulation launches: the SCIF0 FIFO's {@code resource} row of the seed scenario and what
 * Properties shows for it, a leak at unbind in the Errors tab and under the "leaked" filter, grouping, filtering,
 * sorting, columns kept, copy in dump format, and the table never holding more items than it shows. Screenshots of
 * each state in target/screenshots/.
 */
public class DmaApiViewTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String DMAC = "e6700000.dma-controller";
    /** SCIF0 at 0xe6e60000 (r8a7791.dtsi), SCxTDR at +0x0c (sh-sci.c SCIx_SH4_SCIF_REGTYPE) */
    private static final long FIFO = 0xe6e6_000cL;

    @Rule
    public TestProject project = new TestProject("dma-api-view");

    @Before
    public void setUp() throws Exception {
        DmaViews.cleanUp();
        DmaViews.consolesStayBehind(true);
        DmaViews.shell().setSize(1280, 1000);
        DmaViews.page().setPerspective(PlatformUI_perspective());
        DmaViews.page().resetPerspective();
    }

    private static org.eclipse.ui.IPerspectiveDescriptor PlatformUI_perspective() {
        return org.eclipse.ui.PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(DmaWorkbenchUi.PERSPECTIVE_ID);
    }

    @After
    public void tearDown() throws Exception {
        DmaViews.consolesStayBehind(false);
        DmaViews.cleanUp();
    }

    private static LiveSource sourceOf(EmulationProcess p) {
        return DmaViews.sourceOf(p);
    }

    @Test
    public void theFifoResourceRowOfTheSeedScenarioAndItsProperties() throws Exception {
        IFile scn = DmaViews.copy(project.project(), "seed-forever.dmascn");
        DmaApiView view = DmaViews.view();
        EmulationProcess p = DmaViews.launch(DmaViews.config("seed", scn));
        // while it runs, the view follows it: the FIFO's resource row appears
        UiTests.waitUntil("the FIFO's resource row", DmaViews.TIMEOUT_MS, () -> fifoRow(view) >= 0);
        assertTrue(view.statusText(), view.statusText().startsWith("seed: running, "));
        // stop it there: a terminated run keeps its state (nothing unmaps what was mapped)
        p.terminate();
        DmaViews.waitTerminated(p);
        assertEquals(EmulationLaunch.EXIT_TERMINATED, p.getExitValue());
        DmaViews.waitShowing(view, sourceOf(p));
        int row = fifoRow(view);
        Mapping m = view.rows().mapping(row);
        // rcar_dmac_map_slave_addr() (drivers/dma/sh/rcar-dmac.c:1178) maps dst_addr_width = 1 byte of the FIFO
        assertEquals(DMAC, m.device());
        assertEquals("resource", m.typeName());
        assertEquals(1, m.size());
        // an IOVA of the ARM IOMMU mapping's window [1 GiB, 3 GiB) (arm_iommu_create_mapping() in
        // ipmmu_add_device() of the 32-bit ARM path) that keeps the FIFO's page offset 0x00c
        assertTrue(Long.toHexString(m.dmaAddr()), m.dmaAddr() >= 0x4000_0000L && m.dmaAddr() < 0xc000_0000L);
        assertEquals(0x00c, m.dmaAddr() & 0xfff);
        // the row as the table paints it
        VirtualTable t = view.mappingsTable();
        assertTrue(view.selectMapping(m.id()));
        int item = view.mappingsTable().focusRow() - t.topRow();
        assertEquals(String.format("0x%08x", m.dmaAddr()), t.itemText(item, MappingColumns.DMA.ordinal()));
        assertEquals("0xe6e6000c", t.itemText(item, MappingColumns.CPU.ordinal()));
        assertEquals("1", t.itemText(item, MappingColumns.SIZE.ordinal()));
        assertTrue(t.itemText(item, MappingColumns.CALL_SITE.ordinal()).startsWith("rcar_dmac_map_slave_addr+0x"));
        DmaViews.view();
        DmaViews.shot("dma-api-table.png");

        // Properties: the page-table walk in emulated memory and the register the mapping targets
        DmaViews.page().showView(IPageLayout.ID_PROP_SHEET);
        try {
            UiTests.waitUntil("the mapping's properties", DmaViews.TIMEOUT_MS, () -> view.propertiesPage() != null
                    && view.propertiesPage().text().contains("SCFTDR"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + (view.propertiesPage() == null ? "no page shown"
                    : view.propertiesPage().text()), e);
        }
        MappingPropertiesPage props = view.propertiesPage();
        String text = props.text();
        // the leaf PTE of the README's `dmawb pgtable` example: page 4K -> 0xe6e60000, device memory, read/write
        assertTrue(text, text.contains("0x00000000e6e60e6b  page 4K -> 0xe6e60000"));
        assertTrue(text, text.contains("AttrIndx=2(device)"));
        assertTrue(text, text.contains("-> 0xe6e60000 (page 4 KiB)"));
        assertTrue(text, text.contains("e6e60000.serial SCFTDR (transmit FIFO data register) at +0x0c"));
        assertTrue(text, text.contains("Register: SCFTDR (SCxTDR in the driver)"));
        assertTrue(text, text.contains("#0: debug_dma_map_resource+0x"));
        DmaViews.shot("dma-api-properties.png");

        // history and "live at": every mapping the run made, and what was live at the FIFO's map time
        DmaViews.page().activate(view);
        view.showHistory(true);
        UiTests.waitUntil("the history", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().mode() == MappingQuery.Mode.HISTORY);
        assertTrue(view.rows().size() >= view.rows().snapshot().mappings().size());
        // the channel's first configuration maps the FIFO at probe time, which may be virtual time 0: take the
        // first mapping of the history made later to look just before it
        Mapping later = null;
        for (int i = 0; i < view.rows().size() && later == null; i++) {
            Mapping h = view.rows().mapping(i);
            if (h != null && h.mapTimeNs() > 0) {
                later = h;
            }
        }
        assertNotNull("a mapping made after time 0", later);
        long at = later.mapTimeNs();
        long id = later.id();
        view.showLiveAt(at);
        UiTests.waitUntil("live at the map time", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().mode() == MappingQuery.Mode.LIVE_AT && view.rows().query().atNs() == at);
        assertTrue(view.rows().displayRowOf(id) >= 0);
        view.showLiveAt(at - 1);
        UiTests.waitUntil("live just before", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().atNs() == at - 1);
        assertEquals(-1, view.rows().displayRowOf(id));
        view.showLiveAt(-1);
    }

    private static int fifoRow(DmaApiView view) {
        MappingRows r = view.rows();
        if (r == null) {
            return -1;
        }
        for (int i = 0; i < r.size(); i++) {
            Mapping m = r.mapping(i);
            if (m != null && m.typeName().equals("resource") && m.cpuPhys() == FIFO && m.device().equals(DMAC)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    public void aLeakAtUnbindFillsTheErrorsTabAndTheLeakedFilter() throws Exception {
        IFile scn = DmaViews.copy(project.project(), "leak.dmascn");
        DmaApiView view = DmaViews.view();
        EmulationProcess p = DmaViews.launch(DmaViews.config("leak", scn));
        DmaViews.waitTerminated(p);
        assertEquals(1, p.getExitValue());
        LiveSource src = sourceOf(p);
        DmaViews.waitShowing(view, src);
        // sh-sci keeps its TX buffer mapped (the injected bug): the only live mapping at the end
        assertEquals(1, view.rows().size());
        List<DmaErrorRecord> errs = view.errorsTab().errors();
        assertEquals(1, errs.size());
        DmaErrorRecord e = errs.get(0);
        // dma_debug_device_change() (kernel/dma/debug.c): "device driver has pending DMA allocations while
        // released from device [count=1]"
        assertEquals("PENDING_AT_UNBIND", e.checkId());
        assertTrue(e.message(), e.message().contains("has pending DMA allocations while released from device [count=1]"));
        Mapping leaked = view.rows().mapping(0);
        assertEquals(leaked.id(), e.mappingId());
        assertTrue(view.rows().isLeaked(0));
        assertTrue(view.rows().hasErrors(0));

        view.setFilter("leaked");
        UiTests.waitUntil("the leaked filter", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().filter().source().equals("leaked"));
        assertEquals(1, view.rows().size());
        assertEquals(leaked.id(), view.rows().id(0));
        DmaViews.view();
        DmaViews.shot("dma-api-filtered-leaked.png");
        view.setFilter("-leaked");
        UiTests.waitUntil("the negated filter", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().filter().source().equals("-leaked"));
        assertEquals(0, view.rows().size());
        view.setFilter("");

        // the Errors tab: linked both ways with the mapping
        view.showErrorsTab(true);
        assertEquals(1, view.errorsTab().selectErrorsOf(leaked.id()));
        assertTrue(view.errorsTab().detailsText(), view.errorsTab().detailsText().contains("DMA-API: Mapped at:"));
        assertTrue(view.errorsTab().detailsText().contains("sci_request_dma+0x"));
        DmaViews.view();
        DmaViews.shot("dma-api-errors-tab.png");
        // double-click opens the scenario at the bug's line: line 7 is "bug uart0 = leak-mapping-at-unbind"
        view.openError(e);
        UiTests.waitUntil("an editor on the scenario", DmaViews.TIMEOUT_MS,
                () -> DmaViews.page().getActiveEditor() != null);
        ITextEditor ed = DmaViews.page().getActiveEditor().getAdapter(ITextEditor.class);
        assertNotNull(ed);
        ITextSelection sel = (ITextSelection) ed.getSelectionProvider().getSelection();
        assertEquals(6, sel.getStartLine());
        assertEquals("bug uart0 = leak-mapping-at-unbind", sel.getText());
    }

    @Test
    public void groupedFilteredSortedCopiedAndColumnsKept() throws Exception {
        IFile scn = DmaViews.copy(project.project(), "busy.dmascn");
        DmaApiView view = DmaViews.view();
        EmulationProcess p = DmaViews.launch(DmaViews.config("busy", scn));
        UiTests.waitUntil("the busy run to map through three devices' paths", DmaViews.TIMEOUT_MS,
                () -> p.session().events().count(EventKind.DMA_API) > 2000);
        p.terminate();
        DmaViews.waitTerminated(p);
        LiveSource src = sourceOf(p);
        DmaViews.waitShowing(view, src);
        view.showHistory(true);
        UiTests.waitUntil("the history", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().mode() == MappingQuery.Mode.HISTORY);
        int all = view.rows().size();
        assertTrue("history " + all, all > 100);

        // the table holds no more items than fit, however many rows
        VirtualTable t = view.mappingsTable();
        assertTrue(t.maxItems() + " items for " + t.visibleRows() + " visible rows",
                t.maxItems() <= t.visibleRows() + 1);

        // grouped by type: counts and bytes per group, hand-checked against the rows
        view.setGrouping(MappingQuery.Grouping.TYPE);
        UiTests.waitUntil("the groups", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().grouping() == MappingQuery.Grouping.TYPE);
        MappingRows g = view.rows();
        long total = 0;
        for (MappingRows.Group gr : g.groups()) {
            long bytes = 0;
            for (long id : g.ids()) {
                Mapping m = view.rows().snapshot().history().row(view.rows().snapshot().history().indexOfId(id));
                if (m.typeName().equals(gr.key())) {
                    bytes += m.size();
                }
            }
            assertEquals(gr.key(), bytes, gr.bytes());
            total += gr.count();
        }
        assertEquals(all, total);
        assertTrue(g.groups().stream().anyMatch(x -> x.key().equals("scatter-gather")));
        assertTrue(t.itemText(0, firstVisible(t)).startsWith("\u25be "));
        DmaViews.view();
        DmaViews.shot("dma-api-grouped.png");
        view.setGrouping(MappingQuery.Grouping.NONE);

        // an address range: the mappings that overlap it, CPU or DMA side
        view.setFilter("0x41000000..0x41100000");
        UiTests.waitUntil("the range filter", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().filter().source().startsWith("0x41000000.."));
        MappingRows f = view.rows();
        assertTrue(f.size() > 0 && f.size() < all);
        for (int i = 0; i < f.size(); i++) {
            Mapping m = f.mapping(i);
            boolean cpu = m.cpuPhys() < 0x4110_0000L && m.cpuPhys() + m.size() > 0x4100_0000L;
            boolean dma = m.dmaAddr() < 0x4110_0000L && m.dmaAddr() + m.size() > 0x4100_0000L;
            assertTrue(m.toString(), cpu || dma);
        }
        DmaViews.view();
        DmaViews.shot("dma-api-filtered-range.png");
        view.setFilter("");

        // sorted by size, descending, off the UI thread
        view.sortBy(MappingColumns.SIZE, true);
        UiTests.waitUntil("sorted by size", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.rows().query().sort() == org.dmaworkbench.emulation.live.MappingColumn.SIZE);
        MappingRows s = view.rows();
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.mapping(i - 1).size() >= s.mapping(i).size());
        }

        // copy: the selected rows as dma-api/dump lines
        assertTrue(view.selectMapping(s.id(0)));
        view.copy();
        Clipboard cb = new Clipboard(DmaViews.shell().getDisplay());
        String copied = (String) cb.getContents(TextTransfer.getInstance());
        cb.dispose();
        Mapping top = s.mapping(0);
        assertTrue(copied, copied.startsWith(top.driver() + " " + top.device() + " " + top.typeName() + " idx "));
        assertTrue(copied, copied.contains(" D=" + Long.toHexString(top.dmaAddr()) + " L=" + Long.toHexString(top.size())
                + " cln=0x"));

        // a column moved and hidden is still so after the view is closed and opened again
        int[] order = t.columnOrder();
        int[] moved = order.clone();
        int tmp = moved[1];
        moved[1] = moved[2];
        moved[2] = tmp;
        t.setColumnOrder(moved);
        t.setColumnVisible(MappingColumns.ATTRS.ordinal(), false);
        DmaViews.page().hideView(view);
        DmaApiView again = DmaViews.view();
        VirtualTable t2 = again.mappingsTable();
        assertEquals(java.util.Arrays.toString(moved), java.util.Arrays.toString(t2.columnOrder()));
        assertFalse(t2.isColumnVisible(MappingColumns.ATTRS.ordinal()));
        t2.setColumnOrder(order);
        t2.setColumnVisible(MappingColumns.ATTRS.ordinal(), true);
    }

    private static int firstVisible(VirtualTable t) {
        for (int i : t.columnOrder()) {
            if (t.isColumnVisible(i)) {
                return i;
            }
        }
        return 0;
    }
}
