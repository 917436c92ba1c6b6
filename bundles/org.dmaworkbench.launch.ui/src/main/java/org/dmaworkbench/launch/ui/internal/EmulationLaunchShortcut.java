package org.dmaworkbench.launch.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.internal.EmulationLaunchDelegate;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;

/**
 * Run As &gt; DMA Emulation on a {@code .dmascn} scenario or a {@code .dts} board, in the Project Explorer or in
 * their editors: runs the configuration made for that file (a scenario's {@code CONFIG_SCENARIO}, a board's
 * {@code CONFIG_BOARD}, compared once variables are expanded), else creates one named after the file, mapped to
 * it, as JDT's Java Application shortcut does.
 */
public class EmulationLaunchShortcut implements ILaunchShortcut2 {
    /** The shortcut's id ({@code org.eclipse.debug.ui.launchShortcuts}), for perspectives' Run As. */
    public static final String ID = "org.dmaworkbench.launch.ui.shortcut";

    @Override
    public void launch(ISelection selection, String mode) {
        IFile f = fileOf(selection);
        if (f != null) {
            launch(f, mode);
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile f = editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class);
        if (f != null) {
            launch(f, mode);
        }
    }

    private static IFile fileOf(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.size() == 1) {
            return Adapters.adapt(s.getFirstElement(), IFile.class);
        }
        return null;
    }

    private static boolean isBoard(IFile f) {
        return "dts".equals(f.getFileExtension());
    }

    /** Launches the configuration for {@code file}, creating it first when there is none. */
    public static ILaunchConfiguration launch(IFile file, String mode) {
        try {
            ILaunchConfiguration c = find(file);
            if (c == null) {
                c = create(file);
            }
            DebugUITools.launch(c, mode);
            return c;
        } catch (CoreException e) {
            ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                    Messages.Shortcut_errorTitle, null, e.getStatus());
            return null;
        }
    }

    private static ILaunchConfigurationType type() {
        return DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(EmulationLaunch.TYPE_ID);
    }

    /** The existing configurations that run {@code file}: its scenario, or its board's default workload. */
    public static List<ILaunchConfiguration> configurationsFor(IFile file) throws CoreException {
        List<ILaunchConfiguration> out = new ArrayList<>();
        if (file.getLocation() == null) {
            return out;
        }
        Path want = file.getLocation().toPath().toAbsolutePath().normalize();
        boolean board = isBoard(file);
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations(type())) {
            if (c.getAttribute(EmulationLaunch.CONFIG_USE_BOARD, false) != board) {
                continue;
            }
            String attr = c.getAttribute(board ? EmulationLaunch.CONFIG_BOARD : EmulationLaunch.CONFIG_SCENARIO, "");
            if (attr.isBlank() || attr.contains("_prompt")) {
                continue;
            }
            try {
                if (Path.of(EmulationLaunchDelegate.expand(attr.strip())).toAbsolutePath().normalize().equals(want)) {
                    out.add(c);
                }
            } catch (IllegalArgumentException e) {
                // a variable that no longer resolves: not this file's configuration
            }
        }
        return out;
    }

    private static ILaunchConfiguration find(IFile file) throws CoreException {
        List<ILaunchConfiguration> found = configurationsFor(file);
        return found.isEmpty() ? null : found.get(0);
    }

    private static ILaunchConfiguration create(IFile file) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        String base = file.getName().replaceFirst("\\.(dmascn|dts)$", "");
        ILaunchConfigurationWorkingCopy wc = type().newInstance(null, m.generateLaunchConfigurationName(base));
        String ref = "${workspace_loc:" + file.getFullPath() + "}";
        if (isBoard(file)) {
            wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, true);
            wc.setAttribute(EmulationLaunch.CONFIG_BOARD, ref);
        } else {
            wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, false);
            wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, ref);
        }
        wc.setMappedResources(new IResource[] { file });
        return wc.doSave();
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        return configs(fileOf(selection));
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        return configs(editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class));
    }

    private static ILaunchConfiguration[] configs(IFile f) {
        if (f == null) {
            return null;
        }
        try {
            return configurationsFor(f).toArray(ILaunchConfiguration[]::new);
        } catch (CoreException e) {
            return null;
        }
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        return fileOf(selection);
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return editor == null ? null : Adapters.adapt(editor.getEditorInput(), IFile.class);
    }
}
