package org.dmaworkbench.launch.internal;

import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.LaunchSettings;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;

/** The run defaults' default values: those of the built-in default scenario. */
public class PreferenceInitializer extends AbstractPreferenceInitializer {

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences d = DefaultScope.INSTANCE.getNode(EmulationPreferences.QUALIFIER);
        LaunchSettings.Defaults b = LaunchSettings.Defaults.BUILT_IN;
        d.put(EmulationPreferences.KERNEL_TREE_ROOTS, "");
        d.put(EmulationPreferences.DEFAULT_KERNEL, b.kernel().version());
        d.putBoolean(EmulationPreferences.DMA_DEBUG, b.dmaDebug());
        d.putLong(EmulationPreferences.NUM_ERRORS, b.numErrors());
        d.putBoolean(EmulationPreferences.ALL_ERRORS, b.allErrors());
        d.putInt(EmulationPreferences.HISTORY_SIZE, b.historySize());
    }
}
