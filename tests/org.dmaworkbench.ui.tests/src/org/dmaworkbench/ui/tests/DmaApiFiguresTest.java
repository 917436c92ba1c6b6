package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.live.MappingColumn;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiStallWatchdog;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.views.DmaApiView;
import org.dmaworkbench.ui.views.dmaapi.MappingColumns;
import org.dmaworkbench.ui.views.dmaapi.VirtualTable;
import org.eclipse.core.resources.IFile;
import org.eclipse.swt.widgets.Display;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The README's figures of the DMA-API view, measured in a real workbench: with 1,000,000 live mappings (a capture
 * of 1,000,000 dma_map_page events), the import, the first paint, sorting, filtering and grouping, and the heap per
 * row; and the UI thread's busy time while a busy emulation updates the view. Written to
 * target/figures/dma-api-figures.txt and printed ("FIGURE ..."); never asserted as times. What is asserted: the
 * results, and that the table held no more items than it shows and refreshed at most 20 times a second.
 */
public class DmaApiFiguresTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final int LINES = 1_000_000;

    @Rule
    public TestProject project = new TestProject("figures");

    @Before
    public void setUp() throws Exception {
        DmaViews.cleanUp();
        DmaViews.consolesStayBehind(true);
        DmaViews.shell().setSize(1280, 1000);
    }

    @After
    public void tearDown() throws Exception {
        DmaViews.consolesStayBehind(false);
        DmaViews.cleanUp();
    }

    private static void record(String line) throws Exception {
        Path f = Path.of(System.getProperty("dmaworkbench.screenshots", "target/screenshots")).resolveSibling("figures")
                .resolve("dma-api-figures.txt");
        Files.createDirectories(f.getParent());
        Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("FIGURE " + line);
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        }
        return used;
    }

    @Test
    public void aMillionLiveMappings() throws Exception {
        Path capture = project.project().getLocation().toFile().toPath().resolve("million.trace");
        try (BufferedWriter w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            w.write("# tracer: nop\n#\n");
            String[] devs = { "e6700000.dma-controller", "ee100000.mmc", "e6e60000.serial", "ec700000.dma-controller" };
            for (int i = 0; i < LINES - 2; i++) {
                long t = 100_000_000L + 1000L * i;
                // dma_map_page of include/trace/events/dma.h (6.12); DMA addresses not in map order
                w.write(String.format("     kworker/0:1-23      [000] .....   %d.%06d: dma_map_page: %s dir=%s "
                        + "dma_addr=%x size=%d phys_addr=%x attrs=%n", t / 1_000_000_000L, t / 1000 % 1_000_000,
                        devs[i & 3], (i & 1) == 0 ? "TO_DEVICE" : "FROM_DEVICE",
                        0x1_0000_0000L + 4096L * ((i * 7919L) % LINES), 512 + (i % 7) * 512, 0x4000_0000L + 4096L * i));
            }
        }
        DmaApiView view = DmaViews.view();
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        ImportedCapture c = CaptureImport.importFiles(List.of(capture), Map.of(), CaptureImport.Monitor.NONE);
        double importMs = (System.nanoTime() - t0) / 1e6;
        int n = LINES - 2;
        assertEquals(n, c.model().snapshot().mappings().size());

        // first paint: from the source picked to row 0 on screen
        t0 = System.nanoTime();
        LiveSource src = EmulationContext.getDefault().addCapture(c);
        VirtualTable t = view.mappingsTable();
        UiTests.waitUntil("row 0 painted", DmaViews.TIMEOUT_MS, () -> view.source() == src && view.rows() != null
                && view.rows().size() == n && "0".equals(t.itemText(0, MappingColumns.ID.ordinal())));
        double paintMs = (System.nanoTime() - t0) / 1e6;
        UiTests.drainEvents();
        long after = usedAfterGc();
        DmaViews.shot("dma-api-million.png");

        t0 = System.nanoTime();
        view.sortBy(MappingColumns.DMA, true);
        // the highest DMA address of the rows made
        long top = 0;
        for (int i = 0; i < n; i++) {
            top = Math.max(top, 0x1_0000_0000L + 4096L * ((i * 7919L) % LINES));
        }
        String topText = String.format("0x%08x", top);
        UiTests.waitUntil("sorted by DMA address", DmaViews.TIMEOUT_MS, () -> view.rows().query().sort()
                == MappingColumn.DMA_ADDR && topText.equals(t.itemText(0, MappingColumns.DMA.ordinal())));
        double sortMs = (System.nanoTime() - t0) / 1e6;

        t0 = System.nanoTime();
        view.setFilter("0x40000000..0x40100000");
        UiTests.waitUntil("filtered", DmaViews.TIMEOUT_MS, () -> view.rows().query().filter().source()
                .equals("0x40000000..0x40100000") && view.rows().size() == 256);
        double filterMs = (System.nanoTime() - t0) / 1e6;
        view.setFilter("");

        t0 = System.nanoTime();
        view.setGrouping(MappingQuery.Grouping.DEVICE);
        UiTests.waitUntil("grouped", DmaViews.TIMEOUT_MS, () -> view.rows().query().grouping()
                == MappingQuery.Grouping.DEVICE && view.rows().groups().size() == 4 && view.rows().size() == n + 4);
        double groupMs = (System.nanoTime() - t0) / 1e6;
        view.setGrouping(MappingQuery.Grouping.NONE);
        UiTests.waitUntil("ungrouped", DmaViews.TIMEOUT_MS, () -> view.rows().size() == n);

        assertTrue(t.maxItems() + " items, " + t.visibleRows() + " visible", t.maxItems() <= t.visibleRows() + 1);
        String load = load();
        record(String.format("dma-api 1M: import of a 1,000,000-line capture %.0f ms; first paint %.0f ms; sort by DMA "
                + "address %.0f ms; filter an address range %.0f ms; group by device %.0f ms; heap per live mapping "
                + "(model + view, after GC) %.0f bytes; table items %d for %d visible rows (load average %s)", importMs,
                paintMs, sortMs, filterMs, groupMs, (double) (after - before) / n, t.maxItems(), t.visibleRows(), load));
        EmulationContext.getDefault().removeCapture(src);
    }

    @Test
    public void uiThreadBusyTimeWhileABusyEmulationUpdatesTheView() throws Exception {
        IFile scn = DmaViews.copy(project.project(), "busy.dmascn");
        DmaApiView view = DmaViews.view();
        EmulationProcess p = DmaViews.launch(DmaViews.config("busy", scn));
        UiTests.waitUntil("the view on the running emulation", DmaViews.TIMEOUT_MS, () -> view.rows() != null
                && view.source() != null && view.source().launch() == p.getLaunch() && view.rows().size() > 0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ui = Display.getCurrent().getThread().getId();
        var rowsView = view.mappingsTable();
        long refreshes0 = refreshes(view);
        long cpu0 = mx.getThreadCpuTime(ui);
        long wall0 = System.nanoTime();
        double stallMs;
        try (UiStallWatchdog w = UiStallWatchdog.start(Display.getCurrent(), 5)) {
            long end = wall0 + 10_000_000_000L;
            UiTests.waitUntil("ten seconds of emulation", 60_000, () -> System.nanoTime() >= end || p.isTerminated());
            w.close();
            stallMs = w.longestBusyStallMs();
        }
        long wall = System.nanoTime() - wall0;
        long cpu = mx.getThreadCpuTime(ui) - cpu0;
        long refreshes = refreshes(view) - refreshes0;
        boolean ran = !p.isTerminated();
        long live = view.rows().snapshot().mappings().size();
        DmaViews.shot("dma-api-busy.png");
        p.terminate();
        DmaViews.waitTerminated(p);
        String load = load();
        double seconds = wall / 1e9;
        record(String.format("dma-api busy emulation: UI thread busy %.1f %% of %.1f s wall time (CPU time of the UI "
                + "thread: event loop, painting and the view's refreshes), %d refreshes (%.1f/s), longest busy UI "
                + "stall %.0f ms, %d live mappings at the end (load average %s)", 100.0 * cpu / wall, seconds, refreshes,
                refreshes / seconds, stallMs, live, load));
        assertTrue("the busy emulation ended before 10 s", ran);
        // coalesced: the worker refreshes a running source every 50 ms at most
        assertTrue(refreshes + " refreshes in " + seconds + " s", refreshes <= 20 * seconds + 5);
        assertTrue("no refresh at all", refreshes > 0);
        assertTrue(rowsView.maxItems() <= rowsView.visibleRows() + 1);
    }

    private static long refreshes(DmaApiView v) {
        return v.refreshCount();
    }
}
