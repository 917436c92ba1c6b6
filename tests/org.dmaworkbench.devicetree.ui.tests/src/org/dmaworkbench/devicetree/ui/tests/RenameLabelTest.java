package org.dmaworkbench.devicetree.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/** Rename of a label: Alt+Shift+R, a new name, LTK's preview, and every file of the board changed. */
public class RenameLabelTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();


    @After
    public void tearDown() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.settle();
    }

    @Test
    public void renamingALabelUpdatesEveryFile() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.sizeWindow();
        IProject p = Dts.freshProject("rename");
        Dts.copyTestFiles(p, "rename", "soc.dtsi", "board.dts");
        DtsEditor e = Dts.open(p.getFile("board.dts"));
        Dts.analysed(e);
        e.sourceEditor().selectAndReveal(e.analysis().document().get().indexOf("&uart0 {") + 2, 0);
        UiTests.drainEvents();
        // the wizard is modal: the steps run from its own event loop, a timer at a time
        Display display = Display.getCurrent();
        List<String> done = new ArrayList<>();
        long deadline = System.currentTimeMillis() + Dts.TIMEOUT_MS;
        Runnable driver = new Runnable() {
            @Override
            public void run() {
                Shell s = wizard(display);
                if (s != null && done.isEmpty()) {
                    Text t = Dts.find(s, Text.class,
                            x -> "newName".equals(x.getData("org.eclipse.swtbot.widget.key")));
                    if (t != null) {
                        t.setText("scif0");
                        done.add("named");
                    }
                } else if (s != null && done.size() == 1) {
                    Button b = Dts.find(s, Button.class, x -> x.getText().replace("&", "").startsWith("Preview"));
                    if (b != null && b.isEnabled()) {
                        b.notifyListeners(SWT.Selection, null);
                        done.add("preview");
                    }
                } else if (s != null && done.size() == 2
                        && Dts.find(s, Tree.class, x -> x.getItemCount() > 0) != null) {
                    try {
                        UiTests.screenshot(s, "10-rename-label-preview.png");
                    } catch (java.io.IOException x) {
                        done.add("screenshot failed: " + x);
                    }
                    Button ok = Dts.find(s, Button.class, x -> x.getText().replace("&", "").equals("OK")
                            || x.getText().replace("&", "").equals("Finish"));
                    if (ok != null) {
                        done.add("ok");
                        ok.notifyListeners(SWT.Selection, null);
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    if (s != null) {
                        s.close();
                    }
                    done.add("timed out");
                    return;
                }
                display.timerExec(100, this);
            }
        };
        display.timerExec(100, driver);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(DtsUi.CMD_RENAME_LABEL, null);
        assertEquals(List.of("named", "preview", "ok"), done);
        Dts.settle();
        // soc.dtsi: the label and &uart0 of dma@2000; board.dts: the alias and the &uart0 block (LTK saves files
        // that were not dirty)
        String soc = Files.readString(p.getFile("soc.dtsi").getLocation().toPath());
        assertTrue(soc, soc.contains("\tscif0: serial@1000 {\n") && soc.contains("clients = <&scif0>;"));
        assertTrue(!soc.contains("uart0"));
        String board = e.analysis().document().get();
        assertTrue(board, board.contains("serial0 = &scif0;") && board.contains("&scif0 {"));
        Dts.analysed(e);
        assertEquals(List.of(), e.analysis().current().diagnostics());
        Dts.shot("11-rename-label-done.png");
    }

    private static Shell wizard(Display d) {
        for (Shell s : d.getShells()) {
            if (s.isVisible() && "Rename Label".equals(s.getText())) {
                return s;
            }
        }
        return null;
    }
}
