package org.dmaworkbench.launch.ui.internal;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/** The launching UI bundle: its images, its preference store (console colours), and the serial consoles. */
public class LaunchUiPlugin extends AbstractUIPlugin {
    public static final String PLUGIN_ID = "org.dmaworkbench.launch.ui";
    public static final String PREFERENCE_PAGE_ID = "org.dmaworkbench.launch.ui.preferences";
    public static final String IMG_EMULATION = "icons/emulation.png";
    public static final String IMG_HARDWARE = "icons/hardware.png";
    public static final String IMG_DMA_DEBUG = "icons/dma-debug.png";
    public static final String IMG_EXPORTS = "icons/exports.png";
    public static final String IMG_SERIAL = "icons/serial.png";

    private static LaunchUiPlugin plugin;
    private SerialConsoles serialConsoles;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        plugin = this;
        serialConsoles = new SerialConsoles();
        serialConsoles.start();
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        if (serialConsoles != null) {
            serialConsoles.stop();
        }
        EmulationContextImpl.shutdown();
        plugin = null;
        super.stop(context);
    }

    public static LaunchUiPlugin getDefault() {
        return plugin;
    }

    @Override
    protected void initializeImageRegistry(ImageRegistry reg) {
        for (String path : new String[] { IMG_EMULATION, IMG_HARDWARE, IMG_DMA_DEBUG, IMG_EXPORTS, IMG_SERIAL }) {
            reg.put(path, ImageDescriptor.createFromURL(getBundle().getEntry(path)));
        }
    }

    /** A shared image of this bundle (one of the IMG_ paths); owned by the registry, never disposed by callers. */
    public static Image image(String path) {
        return plugin == null ? null : plugin.getImageRegistry().get(path);
    }

    public static ImageDescriptor descriptor(String path) {
        return plugin == null ? null : plugin.getImageRegistry().getDescriptor(path);
    }

    public SerialConsoles serialConsoles() {
        return serialConsoles;
    }
}
