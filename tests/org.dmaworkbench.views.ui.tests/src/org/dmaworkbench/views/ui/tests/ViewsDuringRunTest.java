package org.dmaworkbench.views.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.views.DmaApiView;
import org.dmaworkbench.ui.views.hardware.HardwareView;
import org.dmaworkbench.ui.views.iommu.IommuView;
import org.dmaworkbench.ui.views.timeline.TimelineView;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.console.IConsoleView;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Closing the views of an emulation, and a whole workbench window showing them, while the emulation runs is clean:
 * the DMA-API, IOMMU, timeline and hardware views and the console close and reopen during a run that only ends when
 * terminated; afterwards nothing is logged (UiHealth), no emulation job is left, no job of our views is left, and
 * no thread runs our code.
 */
public class ViewsDuringRunTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String[] VIEWS = { DmaWorkbenchUi.DMA_API_VIEW_ID, IommuView.ID, TimelineView.ID,
            HardwareView.ID, IConsoleConstants.ID_CONSOLE_VIEW };

    private IProject project;

    @Before
    public void setUp() throws Exception {
        Views.cleanUp();
        project = Views.project("views-during-run-test", "forever.dmascn");
        Views.page().getWorkbenchWindow().getShell().setSize(1280, 980);
    }

    @After
    public void tearDown() throws Exception {
        Views.cleanUp();
        project.delete(true, true, null);
    }

    /** Shows every view of {@link #VIEWS} in {@code page} with the process console, and waits until they show it. */
    private static void showAll(IWorkbenchPage page, EmulationProcess p) throws Exception {
        for (String id : VIEWS) {
            page.showView(id);
        }
        Views.waitFor("the process console", () -> DebugUITools.getConsole(p) != null);
        ((IConsoleView) page.findView(IConsoleConstants.ID_CONSOLE_VIEW)).display(DebugUITools.getConsole(p));
        DmaApiView dma = (DmaApiView) page.findView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        IommuView iommu = (IommuView) page.findView(IommuView.ID);
        TimelineView timeline = (TimelineView) page.findView(TimelineView.ID);
        HardwareView hw = (HardwareView) page.findView(HardwareView.ID);
        Views.waitFor("the views to show the running emulation", () -> dma.statusText().startsWith("forever")
                && !iommu.isRefreshing() && timeline.snapshot() != null && !timeline.isRefreshing()
                && !hw.isRefreshing() && hw.topology() != null);
    }

    private static void hideAll(IWorkbenchPage page) {
        for (String id : VIEWS) {
            IViewPart v = page.findView(id);
            if (v != null) {
                page.hideView(v);
            }
        }
        Views.waitFor("the views to close", () -> {
            for (String id : VIEWS) {
                if (page.findView(id) != null) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The names of every job our bundles make, from their messages (keys ending in "job"), up to a placeholder. */
    private static List<String> ourJobNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (Bundle b : FrameworkUtil.getBundle(ViewsDuringRunTest.class).getBundleContext().getBundles()) {
            if (!b.getSymbolicName().startsWith("org.dmaworkbench.") || b.getSymbolicName().contains(".tests")) {
                continue;
            }
            Enumeration<URL> files = b.findEntries("/", "messages.properties", true);
            while (files != null && files.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = files.nextElement().openStream()) {
                    p.load(in);
                }
                for (Map.Entry<Object, Object> e : p.entrySet()) {
                    if (e.getKey().toString().toLowerCase().endsWith("job")) {
                        String n = e.getValue().toString();
                        names.add(n.contains("{") ? n.substring(0, n.indexOf('{')) : n);
                    }
                }
            }
        }
        return names;
    }

    /** Jobs of ours still scheduled, waiting or running. */
    private static List<String> ourJobs(List<String> names) {
        List<String> out = new ArrayList<>();
        for (Job j : Job.getJobManager().find(null)) {
            if (j.belongsTo(EmulationLaunch.JOB_FAMILY) || names.stream().anyMatch(n -> j.getName().startsWith(n))) {
                out.add(j.getName() + " (state " + j.getState() + ")");
            }
        }
        return out;
    }

    /** Threads other than this one running code of our bundles, or named for the emulation. */
    private static List<String> ourThreads() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t == Thread.currentThread() || !t.isAlive()) {
                continue;
            }
            boolean ours = t.getName().toLowerCase().matches(".*(dma|emulat|iommu|timeline).*");
            for (StackTraceElement f : e.getValue()) {
                ours |= f.getClassName().startsWith("org.dmaworkbench.") && !f.getClassName().contains(".tests.");
            }
            if (ours) {
                out.add(t.getName() + " " + java.util.Arrays.toString(e.getValue()));
            }
        }
        return out;
    }

    /** Waits until {@code found} is empty; fails naming what it still holds. */
    private static void settle(String what, java.util.function.Supplier<List<String>> found) {
        try {
            Views.waitFor(what, () -> found.get().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + found.get(), e);
        }
    }

    @Test
    public void closingTheViewsAndAWindowDuringARunIsClean() throws Exception {
        List<String> jobNames = ourJobNames();
        // IommuView_job, TimelineView_job, HardwareView_job at least: the list must see the views' jobs to be a check
        assertTrue(jobNames.toString(), jobNames.size() >= 3);
        assertEquals(List.of(), ourThreads());
        IWorkbenchPage page = Views.page();
        hideAll(page);

        EmulationProcess p = Views.run(project.getFile("forever.dmascn"));
        Views.waitFor("the emulation to run", () -> p.session().events().total() > 1000);
        for (int round = 0; round < 3; round++) {
            showAll(page, p);
            Views.shot("views-during-run-" + round + ".png");
            hideAll(page);
            assertFalse("the emulation runs on", p.isTerminated());
        }

        // a second window with the views, closed while the emulation runs
        IWorkbenchWindow second = PlatformUI.getWorkbench().openWorkbenchWindow(DmaWorkbenchUi.PERSPECTIVE_ID,
                project);
        showAll(second.getActivePage(), p);
        Views.shot("views-during-run-window.png");
        assertTrue(second.close());
        Views.waitFor("the second window to close", () -> PlatformUI.getWorkbench().getWorkbenchWindows().length == 1);
        long events = p.session().events().total();
        Views.waitFor("the emulation to go on after the window closed", () -> p.session().events().total() > events);
        assertFalse(p.isTerminated());

        showAll(page, p);
        p.terminate();
        Views.waitTerminated(p);
        assertEquals(EmulationLaunch.EXIT_TERMINATED, p.getExitValue());
        hideAll(page);
        settle("no job of ours", () -> ourJobs(jobNames));
        settle("no thread running our code", ViewsDuringRunTest::ourThreads);
        assertEquals(0, Job.getJobManager().find(EmulationLaunch.JOB_FAMILY).length);
    }
}
