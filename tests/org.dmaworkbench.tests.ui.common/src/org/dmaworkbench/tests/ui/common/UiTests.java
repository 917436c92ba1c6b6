package org.dmaworkbench.tests.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.dmaworkbench.ui.internal.Screenshots;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.Assert;

/**
 * What every UI test of the workbench needs: waiting on a condition while the display runs (never sleeping),
 * joining job families, and saving what a shell shows as a PNG under {@code target/screenshots/}. Call on the UI
 * thread.
 */
public final class UiTests {

    private UiTests() {
    }

    /** Where screenshots go: {@code -Ddmaworkbench.screenshots}, else {@code target/screenshots}. */
    public static Path screenshotDir() {
        return Path.of(System.getProperty("dmaworkbench.screenshots", "target/screenshots"));
    }

    /** Runs the event loop until nothing is left to dispatch (layout and paint happen). */
    public static void drainEvents() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // dispatch
        }
    }

    /**
     * Runs the event loop until {@code condition} holds; fails with {@code what} after {@code timeoutMs}.
     * Between dispatches it waits for the next event or a 10 ms timer, so it neither spins nor sleeps blindly.
     */
    public static void waitUntil(String what, long timeoutMs, BooleanSupplier condition) {
        Display display = Display.getCurrent();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean[] tick = new boolean[1];
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assert.fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                tick[0] = false;
                display.timerExec(10, () -> tick[0] = true);
                while (!tick[0] && !display.isDisposed()) {
                    if (!display.readAndDispatch()) {
                        display.sleep();
                    }
                }
            }
        }
    }

    /** Waits until no job of {@code family} is running or waiting, dispatching UI events meanwhile. */
    public static void joinFamily(Object family, long timeoutMs) {
        waitUntil("jobs of " + family + " to finish", timeoutMs, () -> Job.getJobManager().find(family).length == 0);
    }

    /** Saves what {@code shell} shows on screen as {@code screenshotDir()/name} (a .png file name). */
    public static Path screenshot(Shell shell, String name) throws IOException {
        drainEvents();
        Path png = screenshotDir().resolve(name);
        Screenshots.capture(shell, png);
        return png;
    }

    /** The first visible shell of the display that {@code test} accepts, or null. */
    public static Shell findShell(Predicate<Shell> test) {
        for (Shell s : Display.getCurrent().getShells()) {
            if (!s.isDisposed() && s.isVisible() && test.test(s)) {
                return s;
            }
        }
        return null;
    }

    /** Waits until a visible shell whose {@link #textOf} contains {@code text} is open, and returns it. */
    public static Shell waitForShellShowing(String text, long timeoutMs) {
        Shell[] found = new Shell[1];
        waitUntil("a window showing \"" + text + "\"", timeoutMs,
                () -> (found[0] = findShell(s -> textOf(s).contains(text))) != null);
        return found[0];
    }

    /**
     * Every text {@code control} and its children show, one per line: labels, buttons, text fields, styled text,
     * table and tree items (all columns, expanded or not). For assertions and for finding popups.
     */
    public static String textOf(Control control) {
        StringBuilder sb = new StringBuilder();
        collect(control, sb);
        return sb.toString();
    }

    private static void collect(Control c, StringBuilder sb) {
        if (c.isDisposed()) {
            return;
        }
        if (c instanceof Label l) {
            sb.append(l.getText()).append('\n');
        } else if (c instanceof Button b) {
            sb.append(b.getText()).append('\n');
        } else if (c instanceof Text t) {
            sb.append(t.getText()).append('\n');
        } else if (c instanceof org.eclipse.ui.forms.widgets.AbstractHyperlink h) {
            sb.append(h.getText()).append('\n');
        } else if (c instanceof StyledText t) {
            sb.append(t.getText()).append('\n');
        } else if (c instanceof Table t) {
            for (TableItem i : t.getItems()) {
                for (int col = 0; col < Math.max(1, t.getColumnCount()); col++) {
                    sb.append(i.getText(col)).append('\n');
                }
            }
        } else if (c instanceof Tree t) {
            for (TreeItem i : t.getItems()) {
                collect(i, sb);
            }
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, sb);
            }
        }
    }

    private static void collect(TreeItem item, StringBuilder sb) {
        sb.append(item.getText()).append('\n');
        for (TreeItem i : item.getItems()) {
            collect(i, sb);
        }
    }

    /**
     * Whether the screen shows more than one colour where {@code control} is: a condition to wait on until content
     * painted by another process (a web browser's) is on screen, before a screenshot.
     */
    public static boolean showsContent(Control control) {
        Display display = control.getDisplay();
        Rectangle r = display.map(control.getParent(), null, control.getBounds());
        if (r.width <= 0 || r.height <= 0) {
            return false;
        }
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
            ImageData data = image.getImageData();
            int first = data.getPixel(0, 0);
            for (int y = 0; y < data.height; y += 7) {
                for (int x = 0; x < data.width; x += 7) {
                    if (data.getPixel(x, y) != first) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
