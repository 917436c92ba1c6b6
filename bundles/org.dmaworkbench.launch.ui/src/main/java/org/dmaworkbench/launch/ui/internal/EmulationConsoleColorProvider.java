package org.dmaworkbench.launch.ui.internal;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.console.ConsoleColorProvider;
import org.eclipse.swt.graphics.Color;

/** Colours of an emulation's process console: the kernel log and the dma-debug reports, from the preferences. */
public class EmulationConsoleColorProvider extends ConsoleColorProvider {

    @Override
    public Color getColor(String streamIdentifer) {
        if (IDebugUIConstants.ID_STANDARD_OUTPUT_STREAM.equals(streamIdentifer)) {
            return ConsoleColours.kernelLog();
        }
        if (IDebugUIConstants.ID_STANDARD_ERROR_STREAM.equals(streamIdentifer)) {
            return ConsoleColours.reports();
        }
        return super.getColor(streamIdentifer);
    }
}
