package org.dmaworkbench.devicetree.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsHover;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsOutlinePage;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.PlatformUI;
import org.eclipse.search.ui.ISearchQuery;
import org.eclipse.search.ui.NewSearchUI;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The editor on the kernel's r8a77951-salvator-x.dts (a linked, read-only folder of the kernel's include-prefixes:
 * nothing tells the editor where the includes are): outline, F3, hover, markers, content assist, the Hardware and
 * Compiled pages. Screenshots of each in target/screenshots.
 */
public class DtsEditorTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String SALVATOR = "linux/arm64/renesas/r8a77951-salvator-x.dts";
    private IProject project;

    @Before
    public void setUp() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.sizeWindow();
        project = Dts.linkedKernelProject("kernel");
        Dts.page().showView(IPageLayout.ID_OUTLINE);
    }

    @After
    public void tearDown() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.page().resetPerspective();
        Dts.settle();
    }

    private DtsEditor openSalvator() throws Exception {
        DtsEditor e = Dts.open(project.getFile(SALVATOR));
        Dts.analysed(e);
        return e;
    }

    private static void caretAt(DtsEditor e, int offset) {
        e.sourceEditor().selectAndReveal(offset, 0);
        UiTests.drainEvents();
    }

    private static void execute(String command) throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(command, null);
    }

    private static void append(DtsEditor e, String text) throws Exception {
        IDocument d = e.analysis().document();
        d.replace(d.getLength(), 0, text);
        Dts.analysed(e);
    }

    @Test
    public void salvatorXOpensWithItsIncludesFoundAndTheMergedTreeInTheOutline() throws Exception {
        DtsEditor e = openSalvator();
        Analysis a = e.analysis().current();
        // nothing was configured: the file lies in an include-prefixes folder, which is its include path
        assertEquals(List.of(FileKey.of(Dts.includePrefixes())), a.context().includeDirs().stream()
                .map(FileKey::of).toList());
        assertEquals(a.result().formatDiagnostics(), List.of(), a.diagnostics());
        Dts.settle();
        assertEquals(List.of(), Dts.markers(project.getFile(SALVATOR)));
        // the outline: the merged root, its children from the .dtsi files and the board
        TreeViewer outline = outlineViewer(e);
        Dts.waitFor("the outline's root", () -> outline.getTree().getItemCount() == 1);
        TreeItem root = outline.getTree().getItem(0);
        outline.expandToLevel(2);
        UiTests.drainEvents();
        List<String> top = new ArrayList<>();
        for (TreeItem i : root.getItems()) {
            top.add(i.getText());
        }
        // r8a77951-salvator-x.dts line 16 and r8a77951.dtsi's soc and cpus
        assertTrue(top.toString(), top.stream().anyMatch(t -> t.startsWith("memory@48000000")));
        assertTrue(top.toString(), top.stream().anyMatch(t -> t.startsWith("soc: soc")));
        assertTrue(top.toString(), top.stream().anyMatch(t -> t.startsWith("cpus")));
        // caret in the board's &du block selects /soc/display@feb00000 in the outline
        IDocument d = e.analysis().document();
        caretAt(e, d.get().indexOf("&du {") + 2);
        Dts.waitFor("the outline to follow the caret", () -> outline.getStructuredSelection().getFirstElement()
                instanceof DtNode n && n.path().equals("/soc/display@feb00000"));
        Dts.shot("01-salvator-x-opened-with-outline.png");
    }

    static TreeViewer outlineViewer(DtsEditor e) {
        DtsOutlinePage page = (DtsOutlinePage) e.getAdapter(IContentOutlinePage.class);
        Dts.waitFor("the outline page", () -> page.viewer() != null);
        return page.viewer();
    }

    @Test
    public void f3FromDmac1LandsOnItsNodeInR8a77951Dtsi() throws Exception {
        DtsEditor e = openSalvator();
        append(e, "\n&dmac1 {\n\tstatus = \"okay\";\n};\n");
        IDocument d = e.analysis().document();
        caretAt(e, d.get().lastIndexOf("&dmac1") + 3);
        execute(DtsUi.CMD_OPEN_DECLARATION);
        IEditorPart active = Dts.page().getActiveEditor();
        assertTrue(String.valueOf(active), active instanceof DtsEditor);
        DtsEditor dtsi = (DtsEditor) active;
        assertEquals("r8a77951.dtsi", dtsi.getTitle());
        ITextSelection s = (ITextSelection) dtsi.sourceEditor().getSelectionProvider().getSelection();
        // r8a77951.dtsi line 1056: "\t\tdmac1: dma-controller@e7300000 {"
        assertEquals(1055, s.getStartLine());
        assertEquals("dmac1", s.getText());
        // the .dtsi is compiled through a board that includes it
        Analysis a = Dts.analysed(dtsi);
        assertEquals("r8a77951-salvator-x.dts", a.context().board().getFileName().toString());
        Dts.shot("02-f3-from-dmac1-in-r8a77951-dtsi.png");
    }

    @Test
    public void hoverOnRegShowsTheCpuAddress() throws Exception {
        DtsEditor e = openSalvator();
        IDocument d = e.analysis().document();
        int reg = d.get().indexOf("reg = <0x0 0x48000000");
        String html = DtsHover.html(e.analysis().forCurrentText(), reg + 1).orElseThrow();
        // memory@48000000: reg = <0x0 0x48000000 0x0 0x38000000> on the root bus, no ranges to cross
        assertTrue(html, html.contains("CPU 0x48000000\u20130x7fffffff"));
        assertTrue(html, html.contains("r8a77951-salvator-x.dts:19"));
        // the viewer's hover is the editor's; shown as the hover manager shows it, at the caret
        caretAt(e, reg + 1);
        assertTrue(e.sourceEditor().configuration().getTextHover(e.sourceEditor().viewer(),
                IDocument.DEFAULT_CONTENT_TYPE) instanceof DtsHover);
        DtsHover h = new DtsHover(e.sourceEditor());
        String info = (String) h.getHoverInfo2(e.sourceEditor().viewer(), new org.eclipse.jface.text.Region(reg + 1, 0));
        assertEquals(html, info);
        org.eclipse.jface.text.IInformationControl c = h.getHoverControlCreator().createInformationControl(Dts.shell());
        try {
            // as the hover manager does: at most 80 characters wide (in pixels here), then the size the text needs
            c.setSizeConstraints(900, 500);
            c.setInformation(info);
            org.eclipse.swt.graphics.Point size = c.computeSizeHint();
            c.setSize(size.x, size.y);
            org.eclipse.swt.graphics.Point at = e.sourceEditor().viewer().getTextWidget().toDisplay(
                    e.sourceEditor().viewer().getTextWidget().getLocationAtOffset(e.sourceEditor().viewer()
                            .getTextWidget().getCaretOffset()));
            c.setLocation(new org.eclipse.swt.graphics.Point(at.x, at.y + 20));
            c.setVisible(true);
            Dts.waitFor("the hover", () -> popup().isPresent());
            Dts.shot("03-hover-on-reg-cpu-address.png");
        } finally {
            c.dispose();
        }

    }

    /** A visible shell that is not the workbench window (a hover or a popup). */
    private static Optional<Shell> popup() {
        for (Shell s : Display.getCurrent().getShells()) {
            if (s.isVisible() && s != Dts.shell()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Test
    public void anInjectedErrorGetsAMarkerAtItsLineInTheRightFile() throws Exception {
        DtsEditor e = openSalvator();
        IDocument d = e.analysis().document();
        // a syntax error on line 13 of the board
        int model = d.get().indexOf("model = ");
        d.replace(model, 0, "oops ");
        Dts.analysed(e);
        IFile board = project.getFile(SALVATOR);
        Dts.waitFor("a marker on the board", () -> markerLines(board).equals(List.of(13)));
        d.replace(model, 5, "");
        Dts.analysed(e);
        Dts.waitFor("the marker to go", () -> markerLines(board).isEmpty());
        // deleting dmac1 in the board breaks the references of r8a77951.dtsi: the markers are there, at the lines of
        // "dmas = <&dmac1 ..." (r8a77951.dtsi lines 693, 710, 727, ...)
        append(e, "\n/delete-node/ &dmac1;\n");
        IFile dtsi = project.getFile("linux/arm64/renesas/r8a77951.dtsi");
        try {
            Dts.waitFor("markers in r8a77951.dtsi", () -> markerLines(dtsi).containsAll(List.of(693, 710, 727)));
        } catch (AssertionError x) {
            throw new AssertionError(x.getMessage() + "; wanted " + e.problems().describe() + "; " + dtsi.getLocation()
                    + " exists " + dtsi.exists(), x);
        }
        assertTrue(markerLines(dtsi).toString(), markerLines(dtsi).containsAll(List.of(693, 710, 727)));
        IMarker m = Dts.markers(dtsi).stream().filter(x -> x.getAttribute(IMarker.LINE_NUMBER, 0) == 693
                && x.getAttribute(IMarker.MESSAGE, "").contains("Reference to")).findFirst().get();
        assertEquals(IMarker.SEVERITY_ERROR, m.getAttribute(IMarker.SEVERITY, -1));
        assertTrue(m.getAttribute(IMarker.MESSAGE, ""), m.getAttribute(IMarker.MESSAGE, "")
                .contains("Reference to non-existent node or label \"dmac1\""));
        Dts.page().showView(IPageLayout.ID_PROBLEM_VIEW);
        Dts.settle();
        Dts.shot("04-injected-error-markers-in-r8a77951-dtsi.png");
        Dts.page().activate(e);
    }

    static List<Integer> markerLines(IFile f) {
        try {
            return Dts.markers(f).stream().map(m -> m.getAttribute(IMarker.LINE_NUMBER, 0)).sorted().toList();
        } catch (org.eclipse.core.runtime.CoreException x) {
            return List.of(-1);
        }
    }

    @Test
    public void contentAssistOffersRcarDmac() throws Exception {
        DtsEditor e = openSalvator();
        IDocument d = e.analysis().document();
        // "renesas,rcar-" has several completions (a single one would be inserted without a popup)
        append(e, "\n&dmac1 {\n\tcompatible = \"renesas,rcar-\";\n};\n");
        int at = d.get().lastIndexOf("renesas,rcar-") + "renesas,rcar-".length();
        caretAt(e, at);
        ((ITextOperationTarget) e.sourceEditor().viewer()).doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
        Dts.waitFor("the proposals", () -> proposals().contains("renesas,rcar-dmac"));
        Dts.shot("05-content-assist-renesas-rcar-dmac.png");
        List<String> p = proposals();
        assertTrue(p.toString(), p.stream().allMatch(x -> x.startsWith("renesas,rcar-")));
        // the SCIF and SDHI strings the hardware model knows too (PlatformBuilder.modelledCompatibles())
        assertTrue(p.toString(), p.containsAll(List.of("renesas,rcar-gen3-scif", "renesas,rcar-gen3-sdhi")));
    }

    /** The items of the content-assist popup, their labels up to the detail. */
    private static List<String> proposals() {
        List<String> out = new ArrayList<>();
        for (Shell s : Display.getCurrent().getShells()) {
            if (s.isVisible() && s != Dts.shell()) {
                collectTables(s, out);
            }
        }
        return out;
    }

    private static void collectTables(Control c, List<String> out) {
        if (c instanceof Table t) {
            for (TableItem i : t.getItems()) {
                out.add(i.getText().split(" \u2013 ")[0]);
            }
        } else if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control k : comp.getChildren()) {
                collectTables(k, out);
            }
        }
    }

    @Test
    public void theHardwarePageListsDmac1BehindIpmmuDs1() throws Exception {
        DtsEditor e = openSalvator();
        Dts.maximize(e);
        e.setActivePage(DtsEditor.HARDWARE_PAGE);
        Dts.waitFor("the hardware page", () -> e.hardwarePage().isCurrent());
        Dts.settle();
        Tree iommus = e.hardwarePage().iommuViewer().getTree();
        TreeItem ds1 = null;
        for (TreeItem i : iommus.getItems()) {
            if (i.getText(0).equals("&ipmmu_ds1")) {
                ds1 = i;
            }
        }
        assertNotNull(ds1);
        e.hardwarePage().iommuViewer().setExpandedState(ds1.getData(), true);
        iommus.setSelection(ds1);
        UiTests.drainEvents();
        TreeItem dmac1 = ds1.getItem(0);
        // r8a77951.dtsi: dmac1's iommus are ipmmu_ds1 0..15; Linux 6.12 does not attach it on R-Car H3
        assertEquals("&dmac1", dmac1.getText(0));
        assertEquals("e7300000.dma-controller", dmac1.getText(1));
        assertEquals("0..15", dmac1.getText(3));
        assertEquals("not on the allow list", dmac1.getText(4));
        assertEquals("dma-direct", dmac1.getText(5));
        // the SDHI on the allow list is translated
        TreeItem sdhi0 = ds1.getItem(2);
        assertEquals("&sdhi0", sdhi0.getText(0));
        assertEquals("translated", sdhi0.getText(5));
        Dts.settle();
        Dts.expandRow(e.hardwarePage().iommuViewer(), "&ipmmu_ds1");
        Dts.shot("06-hardware-page-dmac1-behind-ipmmu-ds1.png");
        e.setActivePage(DtsEditor.COMPILED_PAGE);
        Dts.waitFor("the compiled page", () -> e.compiledPage().isCurrent());
        String text = e.compiledPage().text();
        assertTrue(text.contains("\t\tdmac1: dma-controller@e7300000 { /* r8a77951.dtsi:1056 */"));
        e.compiledPage().viewer().setTopIndex(text.substring(0, text.indexOf("dmac1: dma-controller"))
                .split("\n", -1).length - 3);
        UiTests.drainEvents();
        Dts.shot("07-compiled-page-with-origins.png");
    }


    @Test
    public void findReferencesFillsTheSearchView() throws Exception {
        DtsEditor e = openSalvator();
        append(e, "\n&dmac1 {\n\tstatus = \"okay\";\n};\n");
        caretAt(e, e.analysis().document().get().lastIndexOf("&dmac1") + 2);
        // wait for this search to finish: a query not yet started is not "running" either
        ISearchQuery[] finished = new ISearchQuery[1];
        org.eclipse.search.ui.IQueryListener done = new org.eclipse.search.ui.IQueryListener() {
            @Override
            public void queryAdded(ISearchQuery query) {
            }

            @Override
            public void queryRemoved(ISearchQuery query) {
            }

            @Override
            public void queryStarting(ISearchQuery query) {
            }

            @Override
            public void queryFinished(ISearchQuery query) {
                finished[0] = query;
            }
        };
        NewSearchUI.addQueryListener(done);
        try {
            execute(DtsUi.CMD_FIND_REFERENCES);
            Dts.waitFor("the search", () -> finished[0] != null);
        } finally {
            NewSearchUI.removeQueryListener(done);
        }
        ISearchQuery q = finished[0];
        AbstractTextSearchResult r = (AbstractTextSearchResult) q.getSearchResult();
        // r8a77951.dtsi: the label and 32 references (grep -o '&dmac1\b' r8a77951.dtsi | wc -l); the board's block
        assertEquals(34, r.getMatchCount());
        Dts.waitFor("the Search view", () -> NewSearchUI.getSearchResultView() != null);
        UiTests.drainEvents();
        Dts.shot("12-find-references-of-dmac1.png");
    }

    @Test
    public void quickOutlineFiltersTheMergedTree() throws Exception {
        DtsEditor e = openSalvator();
        execute(DtsUi.CMD_QUICK_OUTLINE);
        Dts.waitFor("the quick outline", () -> popup().isPresent());
        Shell s = popup().get();
        org.eclipse.swt.widgets.Text filter = Dts.find(s, org.eclipse.swt.widgets.Text.class, x -> true);
        filter.setText("ipmmu_ds");
        Tree t = Dts.find(s, Tree.class, x -> true);
        Dts.waitFor("the filtered tree", () -> t.getSelectionCount() == 1);
        // the first node whose label matches, under /soc
        assertEquals("ipmmu_ds0: iommu@e6740000", t.getSelection()[0].getText().split("  ")[0]);
        Dts.shot("13-quick-outline-ipmmu-ds.png");
        s.close();
    }

    @Test
    public void formatToggleCommentAndFoldingEditTheSource() throws Exception {
        IProject p = Dts.freshProject("format");
        IFile f = p.getFile("board.dts");
        f.create(new java.io.ByteArrayInputStream(("/dts-v1/;\n/ {\n  #address-cells = <1>;\n  #size-cells = <1>;\n"
                + "  soc {\n      dev@10 { reg=<0x10 4>; };\n  };\n};\n").getBytes()), true, null);
        DtsEditor e = Dts.open(f);
        Dts.analysed(e);
        IDocument d = e.analysis().document();
        // folding: the root, soc (dev@10 is on one line)
        Dts.waitFor("the folding", () -> folds(e) == 2);
        execute(DtsUi.CMD_FORMAT);
        // tabs, a blank line before each node (the root too), the inside of a one-line node as written
        assertEquals("/dts-v1/;\n\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\n\tsoc {\n"
                + "\t\tdev@10 { reg=<0x10 4>; };\n\t};\n};\n", d.get());
        e.sourceEditor().viewer().getUndoManager().undo();
        assertTrue(d.get(), d.get().contains("  soc {"));
        e.sourceEditor().viewer().getUndoManager().redo();
        int soc = d.get().indexOf("\tsoc");
        e.sourceEditor().selectAndReveal(soc, 0);
        execute(DtsUi.CMD_TOGGLE_COMMENT);
        assertTrue(d.get(), d.get().contains("//\tsoc {"));
        execute(DtsUi.CMD_TOGGLE_COMMENT);
        assertTrue(d.get(), d.get().contains("\n\tsoc {"));
        // auto-indent: a new line after '{' gets one more tab
        e.sourceEditor().selectAndReveal(d.get().indexOf("soc {") + 5, 0);
        e.sourceEditor().viewer().getTextWidget().insert("");
        org.eclipse.swt.widgets.Event key = new org.eclipse.swt.widgets.Event();
        key.character = '\r';
        key.keyCode = org.eclipse.swt.SWT.CR;
        e.sourceEditor().viewer().getTextWidget().notifyListeners(org.eclipse.swt.SWT.KeyDown, key);
        assertTrue(d.get(), d.get().contains("\tsoc {\n\t\t\n"));
        Dts.shot("14-formatted-board.png");
    }

    private static int folds(DtsEditor e) {
        int n = 0;
        var m = e.sourceEditor().viewer().getProjectionAnnotationModel();
        for (var it = m.getAnnotationIterator(); it.hasNext();) {
            it.next();
            n++;
        }
        return n;
    }
}
