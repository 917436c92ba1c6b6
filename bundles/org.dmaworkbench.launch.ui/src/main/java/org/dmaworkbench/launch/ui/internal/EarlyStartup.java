package org.dmaworkbench.launch.ui.internal;

import org.eclipse.ui.IStartup;

/**
 * Starts this bundle with the workbench, so the serial consoles are there for a launch run from the history
 * (Ctrl+F11) before anything else of DMA Workbench was used. Nothing else happens here.
 */
public class EarlyStartup implements IStartup {

    @Override
    public void earlyStartup() {
        // activating the bundle started SerialConsoles
    }
}
