package org.dmaworkbench.ui.tests;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.tests.ui.common.Launches;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.capture.CaptureImportJob;
import org.dmaworkbench.ui.views.DmaApiView;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;

/** What the DMA view tests share: test files in a project, emulation launches, the views, clean state. */
final class DmaViews {
    static final long TIMEOUT_MS = 120_000;

    private DmaViews() {
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static Shell shell() {
        return page().getWorkbenchWindow().getShell();
    }

    /** Copies this bundle's testfiles/NAME into the project. */
    static IFile copy(IProject p, String name) throws CoreException, IOException {
        try (InputStream in = Platform.getBundle("org.dmaworkbench.ui.tests").getEntry("testfiles/" + name)
                .openStream()) {
            IFile f = p.getFile(name);
            if (f.exists()) {
                f.setContents(in, true, false, null);
            } else {
                f.create(in, true, null);
            }
            return f;
        }
    }

    /** Every launch terminated and removed, every configuration deleted, the captures dropped. */
    static void cleanUp() throws CoreException {
        Launches.removeAll(TIMEOUT_MS);
        UiTests.joinFamily(CaptureImportJob.FAMILY, TIMEOUT_MS);
        EmulationContext ctx = EmulationContext.getDefault();
        for (LiveSource s : ctx.sources()) {
            if (s.capture() != null) {
                ctx.removeCapture(s);
            }
        }
        page().closeAllEditors(false);
        UiTests.drainEvents();
    }

    /** A configuration running {@code file}, with the given extra attributes (key, value, key, value...). */
    static ILaunchConfiguration config(String name, IFile file, String... attrs) throws CoreException {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(EmulationLaunch.TYPE_ID).newInstance(null, name);
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, file.getLocation().toOSString());
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            wc.setAttribute(attrs[i], attrs[i + 1]);
        }
        return wc.doSave();
    }

    /** Launches {@code c} and returns its emulation process (running). */
    static EmulationProcess launch(ILaunchConfiguration c) {
        List<ILaunch> before = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        DebugUITools.launch(c, ILaunchManager.RUN_MODE);
        EmulationProcess[] found = new EmulationProcess[1];
        UiTests.waitUntil("a process of " + c.getName(), TIMEOUT_MS, () -> {
            for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (c.equals(l.getLaunchConfiguration()) && !before.contains(l)) {
                    for (IProcess p : l.getProcesses()) {
                        if (p instanceof EmulationProcess e) {
                            found[0] = e;
                            return true;
                        }
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    /** The context's source for {@code p}'s launch, once the context has it (it follows the launch manager). */
    static LiveSource sourceOf(EmulationProcess p) {
        LiveSource[] found = new LiveSource[1];
        UiTests.waitUntil("the launch as a source", TIMEOUT_MS, () -> {
            for (LiveSource s : EmulationContext.getDefault().sources()) {
                if (s.launch() == p.getLaunch()) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static void waitTerminated(EmulationProcess p) {
        UiTests.waitUntil(p.getLabel() + " to terminate", TIMEOUT_MS, p::isTerminated);
        UiTests.joinFamily(EmulationLaunch.JOB_FAMILY, TIMEOUT_MS);
    }

    /** The DMA-API view, shown and active. */
    static DmaApiView view() throws CoreException {
        DmaApiView v = (DmaApiView) page().showView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        page().activate(v);
        return v;
    }

    /** Waits until the view shows {@code source} and its rows are of its newest live state. */
    static void waitShowing(DmaApiView v, LiveSource source) {
        UiTests.waitUntil("the DMA-API view to show " + source.name(), TIMEOUT_MS,
                () -> v.source() == source && v.rows() != null
                        && v.rows().snapshot().version() == source.model().version());
    }

    /** Screenshot of the workbench window after all pending paints. */
    static void shot(String name) throws IOException {
        Shell s = shell();
        s.layout(true, true);
        s.redraw(0, 0, s.getSize().x, s.getSize().y, true);
        s.update();
        UiTests.drainEvents();
        UiTests.screenshot(s, name);
    }

    /**
     * Keeps the process console behind the DMA views when a run prints (Preferences › Run/Debug › Console: "Show
     * when program writes to standard out/error"), so the screenshots show the view under test; false restores it.
     */
    static void consolesStayBehind(boolean on) {
        var store = org.eclipse.debug.ui.DebugUITools.getPreferenceStore();
        for (String key : new String[] { "DEBUG.consoleOpenOnOut", "DEBUG.consoleOpenOnErr" }) {
            if (on) {
                store.setValue(key, false);
            } else {
                store.setToDefault(key);
            }
        }
    }
}
