package org.dmaworkbench.emulation.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.ui.EmulationUi;
import org.dmaworkbench.emulation.ui.editor.ScenarioEditor;
import org.dmaworkbench.emulation.ui.editor.ScenarioOutlinePage;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The scenario editor in a real workbench: it opens .dmascn files, colours them, marks a problem at its line while
 * typing and in the Problems view on save, proposes the board's labels and the driver bugs with what they do, and
 * shows the outline. Screenshots in target/screenshots.
 */
public class ScenarioEditorTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    /** The reconcile delay is 400 ms and a built-in board compiles in well under a second. */
    private static final long WAIT_MS = 20_000;

    @Rule
    public TestProject project = new TestProject("editor");

    private IWorkbenchPage page;
    private ScenarioEditor editor;
    private IDocument document;

    /** The built-in default scenario with a bug line and a comment, so every colour is on screen. */
    private static final String TEXT = ScenarioLoader.defaultText()
            + "\nbug uart0 = leak-mapping-at-unbind   # dma-debug reports it at unbind\n";

    @Before
    public void open() throws Exception {
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.getWorkbenchWindow().getShell().setSize(1280, 800);
        IFile file = project.file("default.dmascn", TEXT);
        editor = (ScenarioEditor) IDE.openEditor(page, file);
        document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        UiTests.waitUntil("the first reconcile", WAIT_MS, () -> editor.model().reconciles() > 0
                && editor.model().board() != null);
    }

    @After
    public void close() {
        page.closeAllEditors(false);
    }

    private StyledText text() {
        return (StyledText) editor.getAdapter(org.eclipse.swt.widgets.Control.class);
    }

    private ISourceViewer viewer() {
        return (ISourceViewer) editor.getAdapter(ITextOperationTarget.class);
    }

    @Test
    public void dmascnFilesHaveTheContentTypeAndTheEditor() {
        assertEquals(EmulationUi.CONTENT_TYPE_ID,
                Platform.getContentTypeManager().findContentTypeFor("board.dmascn").getId());
        assertEquals(EmulationUi.EDITOR_ID, PlatformUI.getWorkbench().getEditorRegistry()
                .getDefaultEditor("x.dmascn").getId());
        // F1 in the editor shows the editor's help context (WorkbenchHelpSystem keeps it under this key)
        assertEquals(EmulationUi.EDITOR_HELP_CONTEXT, text().getData("org.eclipse.ui.help"));
    }

    private StyleRange styleAt(String word) {
        // the word where it is code, not in the leading comment
        int off = word.startsWith("#") ? TEXT.indexOf(word) : TEXT.indexOf(word, TEXT.indexOf("\nboard"));
        assertTrue(word, off >= 0);
        // one style exactly over the word: the scanner's token is the word
        StyleRange[] r = text().getStyleRanges(off, word.length());
        assertEquals("styles over '" + word + "'", 1, r.length);
        assertEquals(off, r[0].start);
        assertEquals(word.length(), r[0].length);
        return r[0];
    }

    @Test
    public void keysReferencesBugsAndCommentsAreColoured() throws Exception {
        UiTests.drainEvents();
        // the colours ScenarioColors documents: keys purple bold, references teal bold, bug names red bold,
        // comments green italic, durations orange italic (as Java keywords, strings and comments look)
        StyleRange key = styleAt("board");
        assertEquals(new RGB(127, 0, 85), key.foreground.getRGB());
        assertEquals(SWT.BOLD, key.fontStyle);
        assertEquals(new RGB(0, 128, 128), styleAt("&scif0").foreground.getRGB());
        StyleRange bug = styleAt("leak-mapping-at-unbind");
        assertEquals(new RGB(192, 0, 0), bug.foreground.getRGB());
        assertEquals(SWT.BOLD, bug.fontStyle);
        StyleRange comment = styleAt("# dma-debug reports it at unbind");
        assertEquals(new RGB(63, 127, 95), comment.foreground.getRGB());
        assertEquals(SWT.ITALIC, comment.fontStyle);
        assertEquals(new RGB(170, 80, 0), styleAt("100ms").foreground.getRGB());
        // 'device' is a key inside a client block
        assertEquals(new RGB(127, 0, 85), styleAt("device").foreground.getRGB());
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-editor.png");
    }

    private List<Annotation> errorsOnLine(int line) throws Exception {
        IAnnotationModel am = viewer().getAnnotationModel();
        List<Annotation> out = new ArrayList<>();
        for (Iterator<Annotation> it = am.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            Position p = am.getPosition(a);
            if (a.getType().equals("org.eclipse.ui.workbench.texteditor.error") && p != null
                    && document.getLineOfOffset(p.getOffset()) == line) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    public void anErrorIsMarkedAtItsLineWhileTypingAndInProblemsOnSave() throws Exception {
        int at = document.get().indexOf("kernel = 6.12") + "kernel = ".length();
        int line = document.getLineOfOffset(at);
        assertEquals(0, errorsOnLine(line).size());
        // type as a user does: replace "6.12" by "5.0" through the editor's widget
        editor.selectAndReveal(at, 4);
        text().insert("5.0");
        UiTests.waitUntil("an error annotation on line " + (line + 1), WAIT_MS, () -> {
            try {
                return !errorsOnLine(line).isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Annotation a = errorsOnLine(line).get(0);
        // the parser's message, as README's example shows it for this line
        assertEquals("unknown kernel profile '5.0' (expected 6.12 or 4.9)", a.getText());
        assertEquals(at, viewer().getAnnotationModel().getPosition(a).getOffset());
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-editor-error-marker.png");

        // on save the problem becomes a marker, which the Problems view lists
        editor.doSave(new NullProgressMonitor());
        IFile file = editor.file();
        UiTests.joinFamily(EmulationUi.JOB_FAMILY, WAIT_MS);
        IMarker[] markers = file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO);
        assertEquals(1, markers.length);
        assertEquals(EmulationUi.PROBLEM_MARKER, markers[0].getType());
        assertEquals(IMarker.SEVERITY_ERROR, markers[0].getAttribute(IMarker.SEVERITY, -1));
        assertEquals(line + 1, markers[0].getAttribute(IMarker.LINE_NUMBER, -1));
        assertEquals("unknown kernel profile '5.0' (expected 6.12 or 4.9)", markers[0].getAttribute(IMarker.MESSAGE, ""));
        page.showView(IPageLayout.ID_PROBLEM_VIEW);
        // the Problems view groups by severity: one error
        UiTests.waitUntil("the Problems view to list the error", WAIT_MS, () -> UiTests.textOf(
                page.getWorkbenchWindow().getShell()).contains("Errors (1 item)"));
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-problems-view.png");
    }

    /** Opens content assist at {@code offset} and waits for the proposal list, returning its table. */
    private Table assistAt(int offset, String expectedProposal) {
        editor.selectAndReveal(offset, 0);
        text().setFocus();
        ITextOperationTarget target = editor.getAdapter(ITextOperationTarget.class);
        target.doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
        Shell workbench = page.getWorkbenchWindow().getShell();
        Table[] table = new Table[1];
        UiTests.waitUntil("the proposal popup with " + expectedProposal, WAIT_MS, () -> {
            Shell popup = UiTests.findShell(s -> s != workbench && proposalTable(s) != null
                    && UiTests.textOf(s).contains(expectedProposal));
            table[0] = popup == null ? null : proposalTable(popup);
            return table[0] != null;
        });
        return table[0];
    }

    private static Table proposalTable(Shell s) {
        for (var c : s.getChildren()) {
            if (c instanceof Table t) {
                return t;
            }
        }
        return null;
    }

    @Test
    public void assistProposesTheBoardsDeviceLabels() throws Exception {
        // a new client whose device reference is being typed: "&sc"
        int end = document.getLength();
        document.replace(end, 0, "client more {\n\tdevice = &sc");
        Table table = assistAt(document.getLength(), "&scif0");
        List<String> items = new ArrayList<>();
        for (var i : table.getItems()) {
            items.add(i.getText());
        }
        // koelsch: SCIF0 is &scif0 at /soc/serial@e6e60000 (r8a7791.dtsi of the built-in board)
        assertEquals(List.of("&scif0 - /soc/serial@e6e60000"), items);
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-editor-assist-label.png");
    }

    @Test
    public void assistProposesBugNamesWithWhatTheyDo() throws Exception {
        int end = document.getLength();
        document.replace(end, 0, "bug sd0 = sg-");
        Table table = assistAt(document.getLength(), "sg-unmap-wrong-nents");
        List<String> items = new ArrayList<>();
        for (var i : table.getItems()) {
            items.add(i.getText());
        }
        // FORMAT.md's bug table: the three sg- bugs
        assertEquals(List.of("sg-unmap-wrong-nents", "sg-sync-wrong-nents", "sg-segment-too-long"), items);
        // the proposal's details (the popup beside the list shows them after a pause): what the driver does,
        // who commits it, what dma-debug reports (FORMAT.md: sg-unmap-wrong-nents, by D, check_unmap: sg entry count)
        String details = ((ICompletionProposal) table.getItem(0).getData()).getAdditionalProposalInfo();
        assertTrue(details, details.contains("Committed by a Gen2 SDHI client (renesas_sdhi_sys_dmac)."));
        assertTrue(details, details.contains("dma-debug reports FREE_SG_DIFFERENT_ENTRY_COUNT"));
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-editor-assist-bug.png");
    }

    @Test
    public void outlineShowsBoardClientsAndBugs() throws Exception {
        ContentOutline outline = (ContentOutline) page.showView(IPageLayout.ID_OUTLINE);
        page.activate(editor);
        UiTests.waitUntil("the scenario outline", WAIT_MS,
                () -> outline.getCurrentPage() instanceof ScenarioOutlinePage p && p.shownItems() != null
                        && !p.shownItems().isEmpty());
        ScenarioOutlinePage p = (ScenarioOutlinePage) outline.getCurrentPage();
        String shown = UiTests.textOf(p.getControl());
        // default.dmascn: board koelsch, IPMMU-DS on, uart0 on &scif0 and sd0 on &sdhi0; our bug line
        assertEquals("board koelsch\niommu ipmmu_ds: on\nuart0 (&scif0)\ndevice = &scif0\n"
                + "tx text \"Hello from DMA Workbench\\n\" repeat 3 rate 115200\n"
                + "sd0 (&sdhi0)\ndevice = &sdhi0\nread blocks 8 segments 4 repeat 2\n"
                + "uart0: leak-mapping-at-unbind\n", shown);
        // typing a client adds it to the outline after the reconcile
        document.replace(document.getLength(), 0, "client copy { device = &dmac0; memcpy bytes 4KiB }\n");
        UiTests.waitUntil("the new client in the outline", WAIT_MS,
                () -> UiTests.textOf(p.getControl()).contains("copy (&dmac0)"));
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "scenario-outline.png");
    }
}
