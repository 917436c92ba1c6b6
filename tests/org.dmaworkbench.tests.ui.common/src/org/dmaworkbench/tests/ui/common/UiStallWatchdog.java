package org.dmaworkbench.tests.ui.common;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.swt.widgets.Display;

/**
 * Measures how long the UI thread stays away from its event loop, and how much of that it spent running our code.
 * <p>
 * A sampler thread posts a ping with {@code asyncExec} every {@code periodMs} and waits for it to run; the delay
 * between posting and running is a stall (wall time). While a ping is outstanding, the sampler takes a sample every
 * {@value #SAMPLE_MS} ms: the UI thread's stack and its CPU time ({@link ThreadMXBean#getThreadCpuTime}). The CPU
 * time the UI thread used since the previous sample is charged to the sample's class:
 * <ul>
 * <li><b>idle</b>: the innermost frames are in {@code Display.sleep} (parked in the event loop's poll) or the thread
 * is not RUNNABLE;</li>
 * <li><b>ours</b>: the part of the stack above the innermost event loop ({@code Display.readAndDispatch}) holds a
 * frame of a DMA Workbench product class ({@code org.dmaworkbench.*}, not a test bundle's), and the outermost such
 * frame was called by the platform (SWT, JFace, the workbench, the debug framework, a runnable), not straight from a
 * test's code;</li>
 * <li><b>loading</b>: the innermost dispatch is loading or initializing classes (a class loader, OSGi's bundle loader,
 * a static initializer): the first use of a bundle's code, which is the lazy rest of workbench startup;</li>
 * <li><b>building</b>: the toolkit building the widgets of a part as it opens: the innermost frame is the toolkit's or
 * the platform's (SWT, JFace, the workbench: a {@code StyledText} a source viewer makes, an image a tab loads; our
 * own code running inside the creation stays <b>ours</b>) and the dispatch is creating a view, an editor, a dialog, a wizard page, a launch tab or a window ({@code createPartControl},
 * {@code createPages}, {@code createControl}, {@code createContents}, {@code createDialogArea}, opening a workbench
 * window); or the workbench opening an editor, a view or a perspective our code asked for
 * ({@code WorkbenchPage.openEditor}, {@code showView}, {@code setPerspective}) while none of our code runs inside that
 * call. SWT widgets can only be made on the UI thread; this time is reported ({@link #longestBuildingMs()}), not
 * judged as a stall;</li>
 * <li><b>other</b>: everything else: the platform's own work, and the test harness's (a test method's straight-line
 * code, its waits, screenshots it takes, our code it calls directly to set a scene).</li>
 * </ul>
 * A stall's <em>busy-in-our-code</em> time is the sum of the CPU time charged to <b>ours</b> during it. CPU time,
 * not wall time, because on a shared 2-core machine the UI thread often waits for a core: then the wall time grows
 * and the CPU time does not. Workbench startup is outside every measurement (the watchdog starts with a test).
 * <p>
 * Start it, run the scenario while the UI thread spins its event loop ({@link UiTests#waitUntil}), stop it, read
 * {@link #longestOursMs()} with {@link #longestOursStack()}, or {@link #longestStallMs()} for the wall-time figure.
 */
public final class UiStallWatchdog implements AutoCloseable {
    /** Milliseconds between two samples of an outstanding ping. */
    static final long SAMPLE_MS = 3;

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Display display;
    private final Thread uiThread;
    private final long periodMs;
    private final Thread sampler;
    private volatile boolean running = true;
    private long longestNs;
    private long longestBusyNs;
    private String longestStack = "";
    private long longestOursNs;
    private long longestBuildingNs;
    private long longestOursWallNs;
    private String longestOursStack = "";
    private long pings;

    private UiStallWatchdog(Display display, long periodMs) {
        this.display = display;
        this.uiThread = display.getThread();
        this.periodMs = periodMs;
        this.sampler = new Thread(this::sample, "UI stall watchdog");
        this.sampler.setDaemon(true);
    }

    /** Starts watching the display's UI thread, pinging every {@code periodMs} milliseconds. */
    public static UiStallWatchdog start(Display display, long periodMs) {
        UiStallWatchdog w = new UiStallWatchdog(display, periodMs);
        w.sampler.start();
        return w;
    }

    private enum Kind {
        IDLE, LOADING, BUILDING, OURS, OTHER
    }

    private void sample() {
        boolean cpuTimed = MX.isThreadCpuTimeSupported();
        if (cpuTimed && !MX.isThreadCpuTimeEnabled()) {
            MX.setThreadCpuTimeEnabled(true);
        }
        long uiId = uiThread.getId();
        while (running && !display.isDisposed()) {
            AtomicLong ranAt = new AtomicLong();
            long posted = System.nanoTime();
            long cpuPrev = cpuTimed ? MX.getThreadCpuTime(uiId) : 0;
            try {
                display.asyncExec(() -> ranAt.set(System.nanoTime()));
            } catch (RuntimeException e) {
                return; // display gone
            }
            Map<String, Integer> all = new LinkedHashMap<>();
            Map<String, Integer> oursStacks = new LinkedHashMap<>();
            int total = 0;
            int idle = 0;
            long oursCpu = 0;
            long buildingCpu = 0;
            long oursWall = 0;
            long prevAt = posted;
            while (ranAt.get() == 0 && running) {
                sleepMs(SAMPLE_MS);
                if (ranAt.get() != 0) {
                    break;
                }
                StackTraceElement[] st = uiThread.getStackTrace();
                Thread.State state = uiThread.getState();
                long now = System.nanoTime();
                long cpu = cpuTimed ? MX.getThreadCpuTime(uiId) : 0;
                Kind k = classify(st, state);
                String text = stackText(st);
                all.merge(text, 1, Integer::sum);
                total++;
                if (k == Kind.IDLE) {
                    idle++;
                } else if (k == Kind.BUILDING) {
                    buildingCpu += cpuTimed ? cpu - cpuPrev : now - prevAt;
                } else if (k == Kind.OURS) {
                    oursCpu += cpuTimed ? cpu - cpuPrev : now - prevAt;
                    oursWall += now - prevAt;
                    oursStacks.merge(text, 1, Integer::sum);
                }
                cpuPrev = cpu;
                prevAt = now;
            }
            if (ranAt.get() == 0) {
                break;
            }
            long stall = ranAt.get() - posted;
            // the part of the stall the UI thread spent running code, not asleep waiting to be scheduled
            long busy = total == 0 ? stall : stall * (total - idle) / total;
            synchronized (this) {
                pings++;
                if (stall > longestNs) {
                    longestNs = stall;
                    longestStack = profile(all);
                }
                longestBusyNs = Math.max(longestBusyNs, busy);
                longestBuildingNs = Math.max(longestBuildingNs, buildingCpu);
                if (oursCpu > longestOursNs) {
                    longestOursNs = oursCpu;
                    longestOursWallNs = stall;
                    longestOursStack = profile(oursStacks);
                }
            }
            sleepMs(periodMs);
        }
    }

    /** Which of idle, ours and other a sample of the UI thread is (see the class comment). */
    static Kind classify(StackTraceElement[] st, Thread.State state) {
        if (state != Thread.State.RUNNABLE || st.length == 0) {
            return Kind.IDLE;
        }
        // the innermost dispatch: the frames above the innermost event-loop frame
        int end = st.length;
        for (int i = 0; i < st.length; i++) {
            String c = st[i].getClassName();
            String m = st[i].getMethodName();
            if (c.equals("org.eclipse.swt.widgets.Display")) {
                if (m.equals("sleep")) {
                    return Kind.IDLE;
                }
                if (m.equals("readAndDispatch")) {
                    end = i;
                    break;
                }
            }
        }
        int outermostOurs = -1;
        boolean building = false;
        for (int i = 0; i < end; i++) {
            if (isLoading(st[i])) {
                return Kind.LOADING;
            }
            if (isProduct(st[i].getClassName())) {
                outermostOurs = i;
            }
            building |= isBuilding(st[i]);
        }
        if (outermostOurs < 0) {
            return Kind.OTHER;
        }
        if (building && st[0].getClassName().startsWith("org.eclipse.") && !isProduct(st[0].getClassName())) {
            return Kind.BUILDING;
        }
        // the workbench opening a part our code asked for (an editor, a view, a perspective), with none of our code
        // running inside that call: the platform's work of opening it, which any Eclipse command that opens a part
        // does the same way
        for (int i = 0; i < end; i++) {
            if (isProduct(st[i].getClassName())) {
                break;
            }
            if (isOpening(st[i])) {
                return Kind.BUILDING;
            }
        }
        // who called our outermost frame: skip the JDK's glue (lambdas, reflection, streams)
        for (int i = outermostOurs + 1; i < st.length; i++) {
            String c = st[i].getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            return isTest(c) ? Kind.OTHER : Kind.OURS;
        }
        return Kind.OURS;
    }

    private static boolean isLoading(StackTraceElement f) {
        String c = f.getClassName();
        String m = f.getMethodName();
        return c.startsWith("org.eclipse.osgi.internal.loader.") || m.equals("<clinit>")
                || c.equals("java.lang.ClassLoader") && (m.startsWith("loadClass") || m.startsWith("defineClass"))
                || c.equals("java.lang.Class") && m.equals("forName0");
    }

    private static boolean isBuilding(StackTraceElement f) {
        String m = f.getMethodName();
        return m.equals("createPartControl") || m.equals("createPages") || m.equals("createControl")
                || m.equals("createContents") || m.equals("createDialogArea")
                || f.getClassName().equals("org.eclipse.ui.internal.Workbench") && m.contains("openWorkbenchWindow");
    }

    private static boolean isOpening(StackTraceElement f) {
        String c = f.getClassName();
        String m = f.getMethodName();
        return c.equals("org.eclipse.ui.internal.WorkbenchPage") && (m.equals("openEditor") || m.equals("showView")
                || m.equals("busyOpenEditor") || m.equals("busyShowView") || m.equals("setPerspective")
                || m.equals("busySetPerspective"));
    }

    private static boolean isTest(String className) {
        return className.startsWith("org.dmaworkbench.") && className.contains(".tests.");
    }

    private static boolean isProduct(String className) {
        return className.startsWith("org.dmaworkbench.") && !className.contains(".tests.");
    }

    /** The innermost frames of a stack, where the time goes, down to the first test frame at most. */
    private static String stackText(StackTraceElement[] st) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(40, st.length); i++) {
            sb.append("\tat ").append(st[i]).append('\n');
            if (isTest(st[i].getClassName()) && i >= 12) {
                break;
            }
        }
        return sb.toString();
    }

    private static String profile(Map<String, Integer> samples) {
        StringBuilder profile = new StringBuilder();
        samples.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                .forEach(e -> profile.append(e.getValue()).append(" samples:\n").append(e.getKey()));
        return profile.toString();
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the sampler and waits for it. */
    @Override
    public void close() {
        running = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest time a ping waited for the UI thread, in milliseconds (wall time, whatever the UI thread did). */
    public synchronized double longestStallMs() {
        return longestNs / 1e6;
    }

    /**
     * The longest stall counting only the samples in which the UI thread was not asleep in {@code Display.sleep}
     * (wall time, a stall shorter than one sample counts whole).
     */
    public synchronized double longestBusyStallMs() {
        return longestBusyNs / 1e6;
    }

    /** The UI thread's stacks sampled during the longest stall, most frequent first (empty for a short one). */
    public synchronized String longestStallStack() {
        return longestStack;
    }

    /** The largest CPU time the UI thread spent in our code during one stall, in milliseconds (the verdict's measure). */
    public synchronized double longestOursMs() {
        return longestOursNs / 1e6;
    }

    /** The wall time of the stall {@link #longestOursMs()} was measured in, in milliseconds. */
    public synchronized double longestOursWallMs() {
        return longestOursWallNs / 1e6;
    }

    /** The UI thread's stacks in our code during the stall of {@link #longestOursMs()}, most frequent first. */
    public synchronized String longestOursStack() {
        return longestOursStack;
    }

    /** The largest CPU time the toolkit spent building our parts' widgets during one stall, in milliseconds. */
    public synchronized double longestBuildingMs() {
        return longestBuildingNs / 1e6;
    }

    /** How many pings were answered: the measurement's sample count. */
    public synchronized long pings() {
        return pings;
    }
}
