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

    public static void capture(Shell shell, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        var display = shell.getDisplay();
        // paint what is pending: copyArea reads the screen, which may still show the previous frame
        shell.update();
        display.update();
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
}
