package org.dmaworkbench.launch.ui.internal.tabs;

import org.dmaworkbench.launch.LaunchSettings;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTabGroup;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.ILaunchConfigurationDialog;
import org.eclipse.debug.ui.ILaunchConfigurationTab;

/**
 * Tabs of a {@code DMA Emulation} configuration in Run &gt; Run Configurations: Main (scenario or board, kernel,
 * stop), Hardware (IOMMUs, include path), dma-debug (settings, injected driver bugs), Exports, Common. They share
 * one {@link ScenarioPreview}: when it has loaded the scenario for the current settings, every tab refreshes what it
 * shows of it and the dialog re-validates.
 */
public class EmulationTabGroup extends AbstractLaunchConfigurationTabGroup {
    private ScenarioPreview preview;

    @Override
    public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
        preview = new ScenarioPreview(() -> loaded(dialog));
        setTabs(new ILaunchConfigurationTab[] { new MainTab(preview), new HardwareTab(preview), new DmaDebugTab(preview),
                new ExportsTab(preview), new CommonTab() });
    }

    private void loaded(ILaunchConfigurationDialog dialog) {
        LaunchSettings.Loaded l = preview.last();
        for (ILaunchConfigurationTab t : getTabs()) {
            if (t instanceof EmulationTab e && e.getControl() != null && !e.getControl().isDisposed()) {
                e.previewChanged(l);
            }
        }
        if (dialog.getActiveTab() != null) {
            dialog.updateButtons();
            dialog.updateMessage();
        }
    }

    @Override
    public void dispose() {
        if (preview != null) {
            preview.dispose();
        }
        super.dispose();
    }
}
