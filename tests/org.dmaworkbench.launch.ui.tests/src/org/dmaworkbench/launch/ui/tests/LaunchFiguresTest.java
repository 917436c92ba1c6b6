package org.dmaworkbench.launch.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiStallWatchdog;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.console.TextConsole;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The figures the README gives: time from Run to the first line in the process console, and the longest time
 * the UI thread could not dispatch events during ten seconds (wall time) of a busy emulation whose kernel log,
 * serial port and DMA-API status line are all on screen. Written to target/figures/launch-figures.txt.
 */
public class LaunchFiguresTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    /** The goal for the UI thread: never away from its event loop for 100 ms or more. */
    static final double STALL_GOAL_MS = 100;
    private IProject project;

    @Before
    public void setUp() throws Exception {
        Workbench.cleanUp();
        project = Workbench.project("figures-test", "greeting.dmascn", "busy.dmascn");
        Workbench.page().getWorkbenchWindow().getShell().setSize(1260, 860);
        Workbench.debugView();
        Workbench.page().showView(DmaWorkbenchUi.DMA_API_VIEW_ID);
    }

    @After
    public void tearDown() throws Exception {
        Workbench.cleanUp();
        project.delete(true, true, null);
    }

    private static ILaunchConfiguration config(String name, String file) throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(EmulationLaunch.TYPE_ID).newInstance(null, name);
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, "${workspace_loc:/figures-test/" + file + "}");
        return wc.doSave();
    }

    private static void record(String line) throws Exception {
        Path f = Path.of(System.getProperty("dmaworkbench.screenshots", "target/screenshots")).resolveSibling("figures")
                .resolve("launch-figures.txt");
        Files.createDirectories(f.getParent());
        Files.writeString(f, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.out.println("FIGURE " + line);
    }

    @Test
    public void runToFirstConsoleLineAndLongestUiStallDuringTenSeconds() throws Exception {
        // warm-up: the first launch of a workbench loads the bundles, the board compiler and the kernel model once
        ILaunchConfiguration warm = config("warm-up", "greeting.dmascn");
        List<ILaunch> before = Workbench.launches();
        DebugUITools.launch(warm, ILaunchManager.RUN_MODE);
        Workbench.waitTerminated(Workbench.processOf(warm, before));

        ILaunchConfiguration greeting = config("greeting", "greeting.dmascn");
        before = Workbench.launches();
        long t0 = System.nanoTime();
        DebugUITools.launch(greeting, ILaunchManager.RUN_MODE);
        EmulationProcess p = Workbench.processOf(greeting, before);
        Workbench.processConsole(p, "\n");
        double firstLineMs = (System.nanoTime() - t0) / 1e6;
        Workbench.waitTerminated(p);
        record(String.format("run-to-first-console-line-ms %.1f", firstLineMs));
        assertTrue(firstLineMs + " ms", firstLineMs < 5000);

        ILaunchConfiguration busy = config("busy", "busy.dmascn");
        before = Workbench.launches();
        DebugUITools.launch(busy, ILaunchManager.RUN_MODE);
        EmulationProcess b = Workbench.processOf(busy, before);
        TextConsole console = Workbench.processConsole(b, "DMA-API");
        Workbench.show(console);
        Workbench.serialConsole(b, "Hello from DMA Workbench");
        long events0 = b.session().events().total();
        double stallMs;
        double busyMs;
        String stack;
        long pings;
        try (UiStallWatchdog w = UiStallWatchdog.start(Display.getCurrent(), 5)) {
            long end = System.nanoTime() + 10_000_000_000L;
            UiTests.waitUntil("ten seconds of emulation", 60_000, () -> System.nanoTime() >= end || b.isTerminated());
            w.close();
            stallMs = w.longestStallMs();
            busyMs = w.longestBusyStallMs();
            stack = w.longestStallStack();
            pings = w.pings();
        }
        boolean ranTheWholeTime = !b.isTerminated();
        long events = b.session().events().total() - events0;
        Workbench.shot(Workbench.page().getWorkbenchWindow().getShell(), "busy-emulation.png");
        b.terminate();
        Workbench.waitTerminated(b);
        assertEquals(EmulationLaunch.EXIT_TERMINATED, b.getExitValue());
        assertEquals(0, Job.getJobManager().find(EmulationLaunch.JOB_FAMILY).length);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        record(String.format("longest-ui-stall-ms %.1f, of it the UI thread busy %.1f ms (10 s of emulation, %d events, "
                + "%d pings, load average %s)", stallMs, busyMs, events, pings, load));
        if (!stack.isEmpty()) {
            System.out.println("longest stall's UI stack:\n" + stack);
        }
        assertTrue("the busy emulation ended before 10 s", ranTheWholeTime);
        assertTrue("the watchdog got too few answers: " + pings, pings > 100);
        // a figure, not a verdict: on a shared 2-core machine a stall is mostly the UI thread waiting for a core, so
        // the goal (STALL_GOAL_MS) is judged by reading the recorded figure and the stack, never by a timed assertion
        if (busyMs >= STALL_GOAL_MS) {
            System.out.println("FIGURE above the " + STALL_GOAL_MS + " ms goal at load " + load);
        }
    }
}
