package org.dmaworkbench.ui.launch;

import org.eclipse.debug.ui.AbstractLaunchConfigurationTabGroup;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.ILaunchConfigurationDialog;
import org.eclipse.debug.ui.ILaunchConfigurationTab;

/**
 * Tabs of a {@code DMA Emulation} launch configuration in Run &gt; Run Configurations. The scenario tab
 * comes with emulation sessions; until then the common tab (favourites, console, encoding).
 */
public class EmulationTabGroup extends AbstractLaunchConfigurationTabGroup {

    @Override
    public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
        setTabs(new ILaunchConfigurationTab[] { new CommonTab() });
    }
}
