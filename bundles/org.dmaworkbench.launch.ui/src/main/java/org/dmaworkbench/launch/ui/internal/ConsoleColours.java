package org.dmaworkbench.launch.ui.internal;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/**
 * Console colours of DMA emulations (preferences of this bundle): the kernel log and the dma-debug reports in the
 * process console, text and background of the serial consoles. Colours are device-independent and need no disposal.
 */
public final class ConsoleColours extends AbstractPreferenceInitializer {
    public static final String KERNEL_LOG = "console.kernelLog";
    public static final String REPORTS = "console.reports";
    public static final String SERIAL_TEXT = "console.serialText";
    public static final String SERIAL_BACKGROUND = "console.serialBackground";

    @Override
    public void initializeDefaultPreferences() {
        IPreferenceStore s = LaunchUiPlugin.getDefault().getPreferenceStore();
        PreferenceConverter.setDefault(s, KERNEL_LOG, new RGB(0, 0, 0));
        PreferenceConverter.setDefault(s, REPORTS, new RGB(200, 0, 0));
        PreferenceConverter.setDefault(s, SERIAL_TEXT, new RGB(0, 80, 0));
        PreferenceConverter.setDefault(s, SERIAL_BACKGROUND, new RGB(250, 250, 240));
    }

    private static Color colour(String key) {
        LaunchUiPlugin p = LaunchUiPlugin.getDefault();
        RGB rgb = p == null ? new RGB(0, 0, 0) : PreferenceConverter.getColor(p.getPreferenceStore(), key);
        return new Color(rgb);
    }

    public static Color kernelLog() {
        return colour(KERNEL_LOG);
    }

    public static Color reports() {
        return colour(REPORTS);
    }

    public static Color serialText() {
        return colour(SERIAL_TEXT);
    }

    public static Color serialBackground() {
        return colour(SERIAL_BACKGROUND);
    }
}
