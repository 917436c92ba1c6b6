package org.dmaworkbench.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;

/** Saves what a shell shows on screen as a PNG (UI tests and the product self-test). Call on the UI thread. */
public final class Screenshots {

    private Screenshots() {
    }

    /** Frames of GTK's frame clock to let pass before reading the screen. */
    private static final int FRAMES = 3;

    public static void capture(Shell shell, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        var display = shell.getDisplay();
        // paint what is pending: copyArea reads the screen, which may still show the previous frame; GTK 3 draws a
        // changed text view on its next frame-clock tick, which no pending event stands for, so let a few pass
        shell.update();
        display.update();
        letFramesPass(display);
        Rectangle b = shell.getBounds();
        Image image = new Image(display, b.width, b.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, b.x, b.y);
        } finally {
            gc.dispose();
        }
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(png.toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
    }

    /** Runs the event loop through {@link #FRAMES} ticks of 20 ms, so the toolkit's pending frames are drawn. */
    private static void letFramesPass(org.eclipse.swt.widgets.Display display) {
        int[] ticks = {0};
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                if (++ticks[0] < FRAMES) {
                    display.timerExec(20, this);
                }
            }
        };
        display.timerExec(20, tick);
        while (ticks[0] < FRAMES && !display.isDisposed()) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
    }
}
