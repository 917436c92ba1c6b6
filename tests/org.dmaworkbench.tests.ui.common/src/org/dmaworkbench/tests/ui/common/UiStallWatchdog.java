package org.dmaworkbench.tests.ui.common;

import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.swt.widgets.Display;

/**
 * Measures how long the UI thread stays away from its event loop. A sampler thread posts a ping with
 * {@code asyncExec} every {@code periodMs} and waits for it to run; the delay between posting and running is how
 * long the UI thread could not dispatch (a stall). While a ping is outstanding for more than 20 ms, the sampler
 * records the UI thread's innermost frames every few milliseconds, so the longest stall comes with a small profile
 * of what the UI thread was doing during it (the five most frequent stacks, with their sample counts).
 * <p>
 * Start it, run the scenario while the UI thread spins its event loop ({@link UiTests#waitUntil}), stop it, read
 * {@link #longestStallMs()} and {@link #longestStallStack()}.
 */
public final class UiStallWatchdog implements AutoCloseable {
    private final Display display;
    private final Thread uiThread;
    private final long periodMs;
    private final Thread sampler;
    private volatile boolean running = true;
    private long longestNs;
    private long longestBusyNs;
    private String longestStack = "";
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

    private void sample() {
        while (running && !display.isDisposed()) {
            AtomicLong ranAt = new AtomicLong();
            long posted = System.nanoTime();
            try {
                display.asyncExec(() -> ranAt.set(System.nanoTime()));
            } catch (RuntimeException e) {
                return; // display gone
            }
            java.util.Map<String, Integer> samples = new java.util.LinkedHashMap<>();
            int total = 0;
            int asleep = 0;
            while (ranAt.get() == 0 && running) {
                sleepMs(2);
                if (System.nanoTime() - posted > 20_000_000L) {
                    String st = stackOf(uiThread);
                    samples.merge(st, 1, Integer::sum);
                    total++;
                    if (st.contains("org.eclipse.swt.widgets.Display.sleep(")) {
                        asleep++;
                    }
                }
            }
            StringBuilder profile = new StringBuilder();
            samples.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5).forEach(e -> profile
                    .append(e.getValue()).append(" samples:\n").append(e.getKey()));
            String lastStack = profile.toString();
            if (ranAt.get() == 0) {
                break;
            }
            long stall = ranAt.get() - posted;
            // the part of the stall the UI thread spent running code, not asleep waiting to be scheduled
            long busy = total == 0 ? stall : stall * (total - asleep) / total;
            synchronized (this) {
                pings++;
                if (stall > longestNs) {
                    longestNs = stall;
                    longestStack = lastStack;
                }
                longestBusyNs = Math.max(longestBusyNs, busy);
            }
            sleepMs(periodMs);
        }
    }

    /** The innermost frames of {@code t}'s stack, where the time goes. */
    private static String stackOf(Thread t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(16, st.length); i++) {
            sb.append("\tat ").append(st[i]).append('\n');
        }
        return sb.toString();
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

    /** The longest time a ping waited for the UI thread, in milliseconds. */
    public synchronized double longestStallMs() {
        return longestNs / 1e6;
    }

    /**
     * The longest stall counting only the time the UI thread was running code: a stall during which the sampled
     * UI thread sat in {@code Display.sleep} was the machine not scheduling it (or waking it late), not the UI
     * thread being busy. Samples are taken from 20 ms on; a shorter stall counts whole.
     */
    public synchronized double longestBusyStallMs() {
        return longestBusyNs / 1e6;
    }

    /** The UI thread's stacks sampled during the longest stall, most frequent first (empty when it was under 20 ms). */
    public synchronized String longestStallStack() {
        return longestStack;
    }

    /** How many pings were answered: the measurement's sample count. */
    public synchronized long pings() {
        return pings;
    }
}
