package org.dmaworkbench.tests.ui.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Display;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.MultipleFailureException;
import org.junit.runners.model.Statement;

/**
 * The rule every UI test class uses ({@code @Rule public final UiHealth health = new UiHealth();}): it wraps each
 * test, {@code @Before} and {@code @After} included, and fails the test when
 * <ol>
 * <li><b>the UI thread stalled in our code</b>: during one stall (a ping posted to the UI thread with
 * {@code asyncExec} every 5 ms waiting to run), the UI thread spent more than {@link #STALL_LIMIT_MS} ms of CPU time
 * running our code as {@link UiStallWatchdog} defines it: a sampled stack whose innermost dispatch holds a
 * DMA Workbench product frame called by the platform. Time parked in {@code Display.sleep}, time waiting for a core,
 * the platform's own work, the test's own code (its waits, screenshots, direct calls) and startup do not count:
 * workbench startup happens before any test, and the lazy rest of it, loading a bundle's classes at their first use,
 * is left out sample by sample. Nor does SWT building the widgets of a view, editor, dialog, launch tab or window
 * as it opens (widgets can only be made on the UI thread): that is printed as {@code building-ms}, not judged.
 * The failure names the sampled stacks of the stall;</li>
 * <li><b>something was logged</b>: a WARNING or ERROR status from any plug-in reached the platform log since the
 * previous test ended, or the workspace's {@code .metadata/.log} grew (any entry): the log must stay empty through
 * the whole UI test run, so each test's check covers the file from workbench startup on.</li>
 * </ol>
 * Each test prints {@code UI-STALL test=... our-code-cpu-ms=... wall-ms=...} and the run's maximum so far as
 * {@code UI-STALL-MAX our-code-cpu-ms=...}, and appends the line to {@code target/figures/ui-stalls.txt}.
 */
public final class UiHealth implements TestRule {
    /** The most CPU time the UI thread may spend in our code without coming back to its event loop. */
    public static final double STALL_LIMIT_MS = 100;

    private static double runMaxMs;
    private static String runMaxTest = "";
    private static double runMaxWallMs;
    private static double runMaxBuildingMs;
    private static String runMaxWallTest = "";

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                ErrorLogWatch.install();
                saveAtShutdown();
                List<String> before = ErrorLogWatch.drain();
                String fileBefore = ErrorLogWatch.fileGrowth();
                List<Throwable> failures = new ArrayList<>();
                UiStallWatchdog w = UiStallWatchdog.start(Display.getCurrent(), 5);
                try {
                    base.evaluate();
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    w.close();
                }
                // a full save after each test, as the IDE does on exit: the workspace a UI test run ends with has
                // nothing unsaved, so its shutdown logs nothing ("will exit with unsaved changes")
                try {
                    org.eclipse.core.resources.ResourcesPlugin.getWorkspace().save(true, null);
                } catch (org.eclipse.core.runtime.CoreException e) {
                    failures.add(new AssertionError("the workspace could not be saved: " + e.getStatus(), e));
                }
                String test = description.getTestClass().getSimpleName() + "." + description.getMethodName();
                record(test, w);
                if (w.longestOursMs() > STALL_LIMIT_MS) {
                    failures.add(new AssertionError(String.format(
                            "the UI thread ran our code for %.1f ms of CPU time (%.1f ms wall) without returning to its"
                                    + " event loop, over the %.0f ms limit; what it was doing:%n%s",
                            w.longestOursMs(), w.longestOursWallMs(), STALL_LIMIT_MS, w.longestOursStack())));
                }
                List<String> logged = new ArrayList<>();
                for (String b : before) {
                    logged.add("(after the previous test ended) " + b);
                }
                logged.addAll(ErrorLogWatch.drain());
                String file = fileBefore + ErrorLogWatch.fileGrowth();
                if (!logged.isEmpty() || !file.isEmpty()) {
                    StringBuilder sb = new StringBuilder("the error log is not empty:");
                    for (String l : logged) {
                        sb.append("\n").append(l);
                    }
                    if (!file.isEmpty()) {
                        sb.append("\n.metadata/.log gained:\n")
                                .append(file.length() > 6000 ? file.substring(0, 6000) + "\n..." : file);
                    }
                    failures.add(new AssertionError(sb.toString()));
                }
                MultipleFailureException.assertEmpty(failures);
            }
        };
    }

    private static boolean shutdownSave;

    /**
     * The test harness closes the workbench without the IDE application's final workspace save; do it as the IDE
     * does after the workbench has shut down, so what the last test's jobs changed is saved and the shutdown logs
     * nothing.
     */
    private static synchronized void saveAtShutdown() {
        if (shutdownSave) {
            return;
        }
        shutdownSave = true;
        org.eclipse.ui.PlatformUI.getWorkbench().addWorkbenchListener(new org.eclipse.ui.IWorkbenchListener() {
            @Override
            public boolean preShutdown(org.eclipse.ui.IWorkbench workbench, boolean forced) {
                return true;
            }

            @Override
            public void postShutdown(org.eclipse.ui.IWorkbench workbench) {
                try {
                    org.eclipse.core.resources.ResourcesPlugin.getWorkspace().save(true, null);
                } catch (org.eclipse.core.runtime.CoreException e) {
                    System.out.println("UI-HEALTH the workspace could not be saved at shutdown: " + e.getStatus());
                }
            }
        });
    }

    private static synchronized void record(String test, UiStallWatchdog w) {
        if (w.longestOursMs() > runMaxMs) {
            runMaxMs = w.longestOursMs();
            runMaxTest = test;
        }
        runMaxBuildingMs = Math.max(runMaxBuildingMs, w.longestBuildingMs());
        if (w.longestStallMs() > runMaxWallMs) {
            runMaxWallMs = w.longestStallMs();
            runMaxWallTest = test;
        }
        String line = String.format("UI-STALL test=%s our-code-cpu-ms=%.1f wall-ms=%.1f longest-wall-ms=%.1f building-ms=%.1f pings=%d",
                test, w.longestOursMs(), w.longestOursWallMs(), w.longestStallMs(), w.longestBuildingMs(), w.pings());
        String max = String.format("UI-STALL-MAX our-code-cpu-ms=%.1f test=%s longest-wall-ms=%.1f wall-test=%s building-ms=%.1f",
                runMaxMs, runMaxTest, runMaxWallMs, runMaxWallTest, runMaxBuildingMs);
        System.out.println(line);
        if (w.longestOursMs() > STALL_LIMIT_MS / 2) {
            System.out.println("UI-STALL stacks of " + test + ":\n" + w.longestOursStack());
        }
        System.out.println(max);
        try {
            Path f = Path.of(System.getProperty("dmaworkbench.figures",
                    UiTests.screenshotDir().resolveSibling("figures").toString())).resolve("ui-stalls.txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("UI-STALL cannot write the figure: " + e);
        }
    }
}
