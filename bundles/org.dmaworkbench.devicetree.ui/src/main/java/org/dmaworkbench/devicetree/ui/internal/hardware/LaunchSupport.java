package org.dmaworkbench.devicetree.ui.internal.hardware;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.launch.EmulationLaunch;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.ILaunchShortcut;

/**
 * Run As &gt; DMA Emulation on the edited board through the launch bundle's own shortcut
 * ({@code org.dmaworkbench.launch.ui.shortcut}), which finds the board's configuration or makes one. A configuration
 * the editor makes first carries the editor's include path, so a board in a kernel tree runs without setup.
 */
final class LaunchSupport {
    private LaunchSupport() {
    }

    static void run(DtsEditor editor) throws CoreException {
        IFile f = editor.analysis().ifile();
        if (f == null || !"dts".equals(f.getFileExtension())) {
            throw new CoreException(new Status(IStatus.ERROR, DtsUi.PLUGIN_ID, Messages.Hardware_runNeedsBoard));
        }
        ensureConfiguration(f, editor.analysis().context().includeDirs());
        shortcut().launch(editor, ILaunchManager.RUN_MODE);
    }

    static ILaunchShortcut shortcut() throws CoreException {
        for (IConfigurationElement e : Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.debug.ui.launchShortcuts")) {
            if (DtsUi.LAUNCH_SHORTCUT.equals(e.getAttribute("id"))) {
                return (ILaunchShortcut) e.createExecutableExtension("class");
            }
        }
        throw new CoreException(new Status(IStatus.ERROR, DtsUi.PLUGIN_ID, Messages.Hardware_noShortcut));
    }

    /** The board's launch configuration: an existing one keeps its settings; a new one gets the include path. */
    static ILaunchConfiguration ensureConfiguration(IFile f, List<Path> includeDirs) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = m.getLaunchConfigurationType(EmulationLaunch.TYPE_ID);
        String ref = "${workspace_loc:" + f.getFullPath() + "}";
        for (ILaunchConfiguration c : m.getLaunchConfigurations(type)) {
            if (c.getAttribute(EmulationLaunch.CONFIG_USE_BOARD, false)
                    && ref.equals(c.getAttribute(EmulationLaunch.CONFIG_BOARD, ""))) {
                return c;
            }
        }
        ILaunchConfigurationWorkingCopy wc = type.newInstance(null,
                m.generateLaunchConfigurationName(f.getName().replaceFirst("\\.dts$", "")));
        wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, true);
        wc.setAttribute(EmulationLaunch.CONFIG_BOARD, ref);
        List<String> inc = new ArrayList<>();
        includeDirs.forEach(p -> inc.add(p.toString()));
        if (!inc.isEmpty()) {
            wc.setAttribute(EmulationLaunch.CONFIG_INCLUDES, inc);
        }
        wc.setMappedResources(new IResource[] {f});
        return wc.doSave();
    }
}
