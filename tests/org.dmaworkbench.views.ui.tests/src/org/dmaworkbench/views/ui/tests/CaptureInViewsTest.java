package org.dmaworkbench.views.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.inspect.TimelineLayout;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.views.hardware.HardwareView;
import org.dmaworkbench.ui.views.iommu.IommuView;
import org.dmaworkbench.ui.views.timeline.TimelineView;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real capture imported into the IDE (a source of the emulation context, as File › Open DMA Trace Capture makes
 * it) is what the IOMMU view, the transfer timeline and the hardware view show once it is picked: its mapping
 * lifetimes on the timeline, and no board, IOMMU page tables or channels, which a trace does not hold.
 */
public class CaptureInViewsTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private LiveSource capture;

    @Before
    public void setUp() throws Exception {
        Views.cleanUp();
    }

    @After
    public void tearDown() throws Exception {
        if (capture != null) {
            EmulationContext.getDefault().removeCapture(capture);
        }
        for (String id : new String[] { TimelineView.ID, IommuView.ID, HardwareView.ID }) {
            var v = Views.page().findView(id);
            if (v != null) {
                Views.restore(v);
            }
        }
        Views.cleanUp();
    }

    @Test
    public void theViewsFollowAnImportedCapture() throws Exception {
        // two devices' streaming mappings as a 6.12 kernel traces them (include/trace/events/dma.h:59 and :99,
        // "%s dir=%s dma_addr=%llx size=%zu phys_addr=%llx attrs=%s"); the second one is never unmapped
        Path trace = tmp.getRoot().toPath().resolve("board.trace");
        Files.writeString(trace, String.join("\n",
                "# tracer: nop",
                "#",
                "     kworker/0:1-23      [000] .....    12.000100: dma_map_page: ee100000.mmc dir=FROM_DEVICE "
                        + "dma_addr=7f000000 size=4096 phys_addr=48000000 attrs=",
                "     kworker/0:1-23      [000] .....    12.000200: dma_map_page: e6700000.dma-controller "
                        + "dir=TO_DEVICE dma_addr=7f001000 size=512 phys_addr=48010000 attrs=",
                "     kworker/0:1-23      [000] .....    12.000900: dma_unmap_page: ee100000.mmc dir=FROM_DEVICE "
                        + "dma_addr=7f000000 size=4096 attrs=",
                ""), StandardCharsets.UTF_8);
        ImportedCapture c = CaptureImport.importFiles(List.of(trace), Map.of(), CaptureImport.Monitor.NONE);

        // the views are open (as in the perspective) when the capture is picked
        for (String id : new String[] { IommuView.ID, HardwareView.ID, TimelineView.ID }) {
            Views.page().showView(id);
            UiTests.drainEvents();
        }
        TimelineView timeline = (TimelineView) Views.showMaximized(TimelineView.ID);
        capture = EmulationContext.getDefault().addCapture(c);
        assertSame(capture, EmulationContext.getDefault().source());
        Views.waitFor("the timeline on the capture", () -> !timeline.isRefreshing() && timeline.snapshot() != null
                && timeline.snapshot().version() == c.model().version());
        LiveStateSnapshot s = timeline.snapshot();
        assertTrue(timeline.statusText(), timeline.statusText().contains("board.trace"));
        // a trace has no dmaengine runs: one mappings lane per device, lifetimes from the lines' times
        TimelineLayout layout = TimelineLayout.of(s);
        assertEquals(0, s.transfers().size());
        long lanes = layout.lanes().stream().filter(l -> l.kind() == TimelineLayout.LaneKind.MAPPINGS).count();
        assertEquals(layout.lanes().toString(), 2, lanes);
        assertEquals(2, s.history().size());
        // 12.000100 s .. 12.000900 s, the trace's microseconds
        assertEquals(12_000_100_000L, s.history().row(0).mapTimeNs());
        assertEquals(12_000_900_000L, s.history().row(0).unmapTimeNs());
        timeline.showAll();
        Views.shotOf(TimelineView.ID, "timeline-capture.png");

        IommuView iommu = (IommuView) Views.showMaximized(IommuView.ID);
        Views.waitFor("the IOMMU view on the capture", () -> !iommu.isRefreshing() && iommu.snapshot() != null
                && iommu.snapshot().version() == c.model().version());
        // no IOMMU state in a trace: no domain to show
        assertEquals(0, iommu.snapshot().iommus().size());
        assertTrue(iommu.statusText(), iommu.statusText().contains("board.trace"));
        Views.shotOf(IommuView.ID, "iommu-capture.png");

        HardwareView hw = (HardwareView) Views.showMaximized(HardwareView.ID);
        Views.waitFor("the hardware view on the capture", () -> !hw.isRefreshing()
                && hw.statusText().contains("No board"));
        assertNull(hw.topology());
        assertEquals(0, hw.tree().getItemCount());
        Views.shotOf(HardwareView.ID, "hardware-capture.png");
    }
}
