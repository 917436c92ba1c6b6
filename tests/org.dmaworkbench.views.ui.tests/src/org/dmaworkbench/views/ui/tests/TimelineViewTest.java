package org.dmaworkbench.views.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dmaworkbench.emulation.inspect.TimelineLayout;
import org.dmaworkbench.emulation.live.LiveStateConfig;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.TransferStatus;
import org.dmaworkbench.emulation.live.TransferTimeline;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.selection.TimePoint;
import org.dmaworkbench.ui.views.timeline.TimelineView;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.graphics.ImageLoader;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The transfer timeline: the SCIF channel's runs of the greeting scenario in order with their hover details, a
 * selected time published as a TimePoint, a selected range with its duration, Export as PNG; and the redraw figure
 * with 1,000,000 runs at full zoom-out and full zoom-in.
 */
public class TimelineViewTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private IProject project;

    @Before
    public void setUp() throws Exception {
        Views.cleanUp();
        project = Views.project("timeline-view-test", "greeting.dmascn");
        Views.page().getWorkbenchWindow().getShell().setSize(1280, 980);
    }

    @After
    public void tearDown() throws Exception {
        TimelineView v = (TimelineView) Views.page().findView(TimelineView.ID);
        if (v != null) {
            v.show(null, null, null);
            Views.restore(v);
        }
        Views.cleanUp();
        project.delete(true, true, null);
    }

    private static void waitCaughtUp(TimelineView v, LiveStateModel m) {
        Views.waitFor("the timeline to show the final state", () -> !v.isRefreshing() && v.snapshot() != null
                && v.snapshot().version() == m.version());
        UiTests.drainEvents();
    }

    @Test
    public void theScifChannelsRunsInOrderWithTheirDetails() throws Exception {
        TimelineView v = (TimelineView) Views.showMaximized(TimelineView.ID);
        EmulationProcess p = Views.run(project.getFile("greeting.dmascn"));
        Views.waitTerminated(p);
        LiveStateModel m = p.session().liveState();
        waitCaughtUp(v, m);
        LiveStateSnapshot s = v.snapshot();
        TimelineLayout layout = TimelineLayout.of(s);
        int lane = -1;
        for (int i = 0; i < layout.lanes().size(); i++) {
            if (layout.lanes().get(i).label().endsWith("\u2190 e6e60000.serial")
                    && layout.lanes().get(i).kind() == TimelineLayout.LaneKind.CHANNEL) {
                lane = lane < 0 ? i : lane;
            }
        }
        assertTrue(layout.lanes().toString(), lane >= 0);
        TransferTimeline tl = s.transfers();
        int channel = layout.lanes().get(lane).channel();
        List<Integer> runs = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.channelIndex(i) == channel) {
                runs.add(i);
            }
        }
        // greeting.dmascn: "Hello from DMA Workbench\n" (25 bytes) three times, each one run of the tx channel
        assertEquals(3, runs.size());
        // the launch brought its console to the front: show the timeline again, so it paints
        Views.showMaximized(TimelineView.ID);
        v.showAll();
        assertTrue(v.redrawNow() >= 0);
        long lastStart = -1;
        long lastId = -1;
        for (int i : runs) {
            long mid = (tl.startNs(i) + tl.endNs(i)) / 2;
            int[] xy = v.pointOf(mid, lane);
            String hover = v.hoverAt(xy[0], xy[1]);
            assertNotNull(hover);
            // the hover names the run under the pointer: ids and start times grow along the lane
            String head = hover.lines().findFirst().orElse("");
            long id = Long.parseLong(head.replaceAll(".*run #(\\d+).*", "$1"));
            assertEquals(tl.id(i), id);
            assertTrue(id > lastId && tl.startNs(i) > lastStart);
            lastId = id;
            lastStart = tl.startNs(i);
            assertTrue(hover, hover.contains("client: e6e60000.serial, MEM_TO_DEV"));
            assertTrue(hover, hover.contains("bytes: 25 of 25"));
            // through the IOMMU to SCxTDR of SCIF0 (0xe6e60000 + 0x0c)
            assertTrue(hover, hover.matches("(?s).*destination: IOVA 0x[0-9a-f]+ -> phys 0xe6e6000c.*"));
            assertTrue(hover, hover.contains("descriptor: cookie"));
        }
        // a click publishes the time: the DMA-API view shows what was live then
        long t = tl.startNs(runs.get(1)) + 1000;
        v.selectTime(t);
        IStructuredSelection sel = (IStructuredSelection) v.getSite().getSelectionProvider().getSelection();
        assertEquals(new TimePoint(m, t), sel.getFirstElement());
        // a range from the first run's start to the last one's end, with its duration
        long a = tl.startNs(runs.get(0));
        long b = tl.endNs(runs.get(2));
        v.selectRange(a, b);
        String expected = org.dmaworkbench.emulation.inspect.Ns.duration(b - a);
        assertTrue(v.selectionText(), v.selectionText().endsWith(": " + expected));
        UiTests.drainEvents();
        Views.shotOf(TimelineView.ID, "timeline-greeting.png");
        // Export as PNG: the canvas as shown
        Path png = UiTests.screenshotDir().resolve("timeline-export.png");
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        v.exportPng(png);
        assertTrue(Files.size(png) > 1000);
        assertTrue(new ImageLoader().load(png.toString())[0].width > 600);
    }

    @Test
    public void figureRedrawWithAMillionRuns() throws Exception {
        // 1,000,000 runs on 8 channels of two controllers, four clients, 2 us each with 0.5 us gaps per channel
        LiveStateModel m = LiveStateModel.forTransfers(LiveStateConfig.DEFAULT, "1,000,000 synthetic runs");
        String[] clients = { "e6e60000.serial", "ee100000.mmc", "e6e68000.serial", "" };
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            int ch = i & 7;
            long start = 2_500L * (i >>> 3) + 300L * ch;
            m.recordTransfer((ch < 4 ? "e6700000" : "e6720000") + ".dma-controller.ch" + (ch & 3), clients[ch & 3],
                    (ch & 1) == 0 ? DmaTransferDirection.MEM_TO_DEV : DmaTransferDirection.DEV_TO_MEM, start,
                    start + 2_000, 64, 0x4000_0000L + 64L * i, 0xe6e6_000cL,
                    i % 100_003 == 0 ? TransferStatus.ERROR : TransferStatus.COMPLETE);
        }
        double recordMs = (System.nanoTime() - t0) / 1e6;
        TimelineView v = (TimelineView) Views.showMaximized(TimelineView.ID);
        v.show(m, null, "1,000,000 synthetic runs");
        waitCaughtUp(v, m);
        Views.showMaximized(TimelineView.ID);
        assertEquals(1_000_000, v.snapshot().transfers().size());
        v.showAll();
        double[] out = new double[7];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.redrawNow();
            UiTests.drainEvents(); // between two forced paints the event loop runs, as it does for a user
        }
        Views.shotOf(TimelineView.ID, "timeline-1m-zoomed-out.png");
        long mid = 150_000_000L; // the runs span 0 .. 312.5 ms
        v.setWindow(mid, mid + 10_000);
        assertEquals(10_000, v.windowTo() - v.windowFrom());
        double[] in = new double[7];
        for (int i = 0; i < in.length; i++) {
            in[i] = v.redrawNow();
            UiTests.drainEvents();
        }
        Views.shotOf(TimelineView.ID, "timeline-1m-zoomed-in.png");
        v.showAll();
        double off = v.paintOffscreen(1600, 400);
        Arrays.sort(out);
        Arrays.sort(in);
        System.out.printf("timeline, 1,000,000 runs (recorded in %.0f ms): redraw at full zoom-out median %.1f ms "
                + "(max %.1f), at full zoom-in (10 us) median %.1f ms (max %.1f); off-screen 1600x400 %.1f ms%n",
                recordMs, out[3], out[6], in[3], in[6], off);
        assertTrue(out[3] > 0 && in[3] > 0);
    }
}
