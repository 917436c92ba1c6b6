package org.dmaworkbench.devicetree.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsHover;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiStallWatchdog;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Region;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * The editor's figures on r8a77951-salvator-x.dts with its includes, warm: keystroke to markers, hover, F3, opening,
 * the longest UI-thread stall while typing. Measured and written to target/figures/editor-figures.txt, not asserted
 * (a shared 2-core machine's load decides them); what is asserted is that each measured thing happened.
 */
public class EditorFiguresTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String SALVATOR = "linux/arm64/renesas/r8a77951-salvator-x.dts";
    private final List<String> report = new ArrayList<>();

    @After
    public void tearDown() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.settle();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String stats(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return String.format("median %.1f ms, max %.1f ms (%d samples)", s.get(s.size() / 2), s.get(s.size() - 1),
                s.size());
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    public void figures() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.sizeWindow();
        Dts.page().showView(IPageLayout.ID_OUTLINE);
        IProject p = Dts.linkedKernelProject("figures");
        IFile board = p.getFile(SALVATOR);

        // opening: to the analysed editor with its outline and markers (the first one is cold)
        List<Double> open = new ArrayList<>();
        DtsEditor e = null;
        for (int i = 0; i < 4; i++) {
            Dts.page().closeAllEditors(false);
            Dts.settle();
            long t0 = System.nanoTime();
            e = Dts.open(board);
            Dts.analysed(e);
            DtsEditorTest.outlineViewer(e);
            DtsEditor ed = e;
            Dts.waitFor("the outline", () -> DtsEditorTest.outlineViewer(ed).getTree().getItemCount() == 1);
            Dts.settle();
            long t = System.nanoTime() - t0;
            if (i > 0) {
                open.add(ms(t));
            } else {
                report.add(String.format("open, cold (first in the JVM): %.1f ms", ms(t)));
            }
        }
        report.add("open, warm: " + stats(open));
        IDocument d = e.analysis().document();

        // keystroke to markers: an error typed and taken away, ten times each
        List<Double> toMarkers = new ArrayList<>();
        int model = d.get().indexOf("model = ");
        for (int i = 0; i < 10; i++) {
            for (boolean add : new boolean[] {true, false}) {
                int before = e.problems().appliedCount();
                long t0 = System.nanoTime();
                if (add) {
                    d.replace(model, 0, "%");
                } else {
                    d.replace(model, 1, "");
                }
                DtsEditor ed = e;
                Dts.waitFor("the markers", () -> ed.problems().appliedCount() > before
                        && DtsEditorTest.markerLines(board).isEmpty() != add);
                toMarkers.add(ms(e.problems().appliedNanos() - t0));
            }
        }
        report.add("keystroke to markers (25 ms reconciler delay, compile, markers written): " + stats(toMarkers));
        assertTrue(DtsEditorTest.markerLines(board).isEmpty());

        // hover on reg: the analysis of the unchanged text is reused
        int reg = d.get().indexOf("reg = <0x0 0x48000000") + 1;
        List<Double> hover = new ArrayList<>();
        DtsHover h = new DtsHover(e.sourceEditor());
        for (int i = 0; i < 25; i++) {
            long t0 = System.nanoTime();
            Object html = h.getHoverInfo2(e.sourceEditor().viewer(), new Region(reg, 0));
            long t = System.nanoTime() - t0;
            assertTrue(String.valueOf(html).contains("CPU 0x48000000"));
            if (i >= 5) {
                hover.add(ms(t));
            }
        }
        report.add("hover on reg, text unchanged: " + stats(hover));
        // right after a keystroke the hover compiles the text first
        List<Double> hoverStale = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            d.replace(d.getLength(), 0, " ");
            long t0 = System.nanoTime();
            Object html = h.getHoverInfo2(e.sourceEditor().viewer(), new Region(reg, 0));
            hoverStale.add(ms(System.nanoTime() - t0));
            assertTrue(String.valueOf(html).contains("CPU 0x48000000"));
        }
        report.add("hover on reg right after a keystroke (compiles first): " + stats(hoverStale));

        // F3 from &dmac1 to r8a77951.dtsi: the first opens that editor, later ones find it open
        d.replace(d.getLength(), 0, "\n&dmac1 {\n\tstatus = \"okay\";\n};\n");
        Dts.analysed(e);
        Dts.settle();
        int ref = d.get().lastIndexOf("&dmac1") + 3;
        List<Double> f3 = new ArrayList<>();
        IHandlerService hs = PlatformUI.getWorkbench().getService(IHandlerService.class);
        for (int i = 0; i < 8; i++) {
            Dts.page().activate(e);
            e.sourceEditor().selectAndReveal(ref, 0);
            UiTests.drainEvents();
            long t0 = System.nanoTime();
            hs.executeCommand(DtsUi.CMD_OPEN_DECLARATION, null);
            long t = System.nanoTime() - t0;
            assertEquals("r8a77951.dtsi", Dts.page().getActiveEditor().getTitle());
            if (i == 0) {
                report.add(String.format("F3 &dmac1, opening r8a77951.dtsi: %.1f ms", ms(t)));
            } else {
                f3.add(ms(t));
            }
            Dts.settle();
        }
        report.add("F3 &dmac1, r8a77951.dtsi already open: " + stats(f3));
        Dts.page().closeAllEditors(false);
        Dts.settle();

        // the longest UI-thread stall while typing 200 characters, one every 40 ms
        e = Dts.open(board);
        Dts.analysed(e);
        Dts.settle();
        IDocument doc = e.analysis().document();
        int at = doc.get().indexOf("&du {");
        String typed = "&avb {\n\tstatus = \"okay\";\n\tphy-mode = \"rgmii-txid\";\n};\n\n".repeat(4);
        typed = typed.substring(0, Math.min(200, typed.length()));
        Display display = Display.getCurrent();
        UiStallWatchdog w = UiStallWatchdog.start(display, 5);
        long next = System.nanoTime();
        for (int i = 0; i < typed.length(); i++) {
            long due = next;
            UiTests.waitUntil("the next keystroke's time", 10_000, () -> System.nanoTime() >= due);
            doc.replace(at + i, 0, typed.substring(i, i + 1));
            next += 40_000_000L;
        }
        Dts.analysed(e);
        Dts.settle();
        w.close();
        report.add(String.format("longest UI-thread stall while typing %d characters: %.1f ms (%.1f ms of it running "
                + "code, %d pings)", typed.length(), w.longestStallMs(), w.longestBusyStallMs(), w.pings()));
        if (w.longestStallMs() > 50) {
            report.add("  what the UI thread was doing in the longest stall:\n" + w.longestStallStack());
        }
        report.add(String.format("load average at the end: %.2f, %d cores", load(),
                Runtime.getRuntime().availableProcessors()));
        assertTrue(w.pings() > 50);

        Path dir = Path.of(System.getProperty("dmaworkbench.figures", "target/figures"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("editor-figures.txt"), String.join("\n", report) + "\n",
                StandardCharsets.UTF_8);
        report.forEach(r -> System.out.println("EditorFiguresTest: " + r));
    }
}
