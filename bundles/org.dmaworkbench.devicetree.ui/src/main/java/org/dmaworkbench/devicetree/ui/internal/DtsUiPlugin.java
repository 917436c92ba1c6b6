package org.dmaworkbench.devicetree.ui.internal;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/** The device-tree editor's bundle: its images and log. */
public final class DtsUiPlugin extends AbstractUIPlugin {
    public static final String IMG_DTS = "dts";
    public static final String IMG_NODE = "node";
    public static final String IMG_NODE_DISABLED = "node-disabled";
    public static final String IMG_IOMMU = "iommu";
    public static final String IMG_DMAC = "dmac";
    public static final String IMG_DEVICE = "device";
    public static final String IMG_PROPERTY = "property";
    public static final String IMG_MEMORY = "memory";

    private static DtsUiPlugin plugin;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        plugin = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        plugin = null;
        super.stop(context);
    }

    public static DtsUiPlugin getDefault() {
        return plugin;
    }

    @Override
    protected void initializeImageRegistry(ImageRegistry reg) {
        for (String n : new String[] {IMG_DTS, IMG_NODE, IMG_NODE_DISABLED, IMG_IOMMU, IMG_DMAC, IMG_DEVICE,
            IMG_PROPERTY, IMG_MEMORY}) {
            reg.put(n, ImageDescriptor.createFromURL(getBundle().getEntry("icons/" + n + ".png")));
        }
    }

    public static Image image(String key) {
        return getDefault().getImageRegistry().get(key);
    }

    public static void log(String message, Throwable t) {
        DtsUiPlugin p = getDefault();
        if (p != null) {
            p.getLog().log(new Status(IStatus.ERROR, DtsUi.PLUGIN_ID, message, t));
        }
    }
}
