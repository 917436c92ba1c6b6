package org.dmaworkbench.views.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.views.hardware.HardwareView;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The hardware view of the seed scenario's board (Koelsch), stopped while running: the IPMMU-DS with the SYS-DMAC attached by the
 * kernel's rule, the DMAC's channels and the clients holding them, the SCIF's FIFOs; selecting a node opens the
 * device-tree source at it.
 */
public class HardwareViewTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private IProject project;

    @Before
    public void setUp() throws Exception {
        Views.cleanUp();
        project = Views.project("hardware-view-test", "seed-running.dmascn");
        Views.page().getWorkbenchWindow().getShell().setSize(1280, 980);
    }

    @After
    public void tearDown() throws Exception {
        HardwareView v = (HardwareView) Views.page().findView(HardwareView.ID);
        if (v != null) {
            Views.restore(v);
        }
        Views.cleanUp();
        project.delete(true, true, null);
    }

    @Test
    public void theBoardsIommusDmacsAndFifosOpenTheirSource() throws Exception {
        HardwareView v = (HardwareView) Views.showMaximized(HardwareView.ID);
        EmulationProcess p = Views.run(project.getFile("seed-running.dmascn"));
        // stopped while running: the channels are still held (a run that ends unbinds the drivers and frees them)
        Views.waitFor("both clients' transfers", () -> p.session().liveState().snapshot().transfers().size() > 4);
        p.terminate();
        Views.waitTerminated(p);
        Views.waitFor("the board's topology", () -> !v.isRefreshing() && v.topology() != null
                && Views.treeText(v.tree()).contains("held by"));
        String text = Views.treeText(v.tree());
        // r8a7791 is R-Car Gen2: ipmmu_device_is_allowed() lets every master in; the DMAC's iommus has micro-TLBs 0..14
        assertTrue(text, text.contains("e6740000.iommu"));
        assertTrue(text, text.contains("attached by the kernel's rule, micro-TLB 0..14"));
        // koelsch.dts &scif0: dmas = <&dmac0 0x29>, <&dmac0 0x2a>; dma-names = "tx", "rx"
        assertTrue(text, text.contains("e6e60000.serial \"tx\" | dmas = <&dmac0 0x29>: MID/RID 0x29, channel "));
        assertTrue(text, text.contains("held by e6e60000.serial \"tx\", MID/RID 0x29"));
        // SCxTDR at +0x0c, SCxRDR at +0x14 (sh-sci.c's SCIF register map)
        assertTrue(text, text.contains("SCxTDR at 0xe6e6000c, 1-byte access, dmas MID/RID 0x29"));
        assertTrue(text, text.contains("SCxRDR at 0xe6e60014"));
        assertTrue(text, text.contains("0x40000000..0x7fffffff"));
        Views.shotOf(HardwareView.ID, "hardware-view.png");

        // the tx FIFO's node opens koelsch.dts at the line of scif0's dmas
        assertTrue(v.select("tx FIFO"));
        UiTests.drainEvents();
        assertNotNull(v.lastOpenedEditor());
        ITextEditor editor = v.lastOpenedEditor().getAdapter(ITextEditor.class);
        assertNotNull(editor);
        assertEquals("koelsch.dts", editor.getEditorInput().getName());
        ITextSelection sel = (ITextSelection) editor.getSelectionProvider().getSelection();
        String line = editor.getDocumentProvider().getDocument(editor.getEditorInput()).get(sel.getOffset(),
                sel.getLength());
        assertTrue(line, line.startsWith("dmas = <&dmac0 0x29>"));
        // the view keeps the focus: the next node is one click away
        assertEquals(v, Views.page().getActivePart());
        Views.restore(v);
        Views.shot("hardware-view-source.png");
    }
}
