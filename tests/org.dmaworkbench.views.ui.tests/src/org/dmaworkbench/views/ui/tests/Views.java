package org.dmaworkbench.views.ui.tests;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.internal.EmulationLaunchShortcut;
import org.dmaworkbench.tests.ui.common.Launches;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.Assert;

/** Workbench helpers of the view tests: a project of test files, launches, waiting, maximized screenshots. */
final class Views {
    static final long TIMEOUT_MS = 120_000;

    private Views() {
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** A new open project holding the named files of this bundle's testfiles/. */
    static IProject project(String name, String... testFiles) throws CoreException, IOException {
        return TestProject.withTestFiles("org.dmaworkbench.views.ui.tests", name, testFiles);
    }

    /** Ends and removes every launch and configuration and closes the editors. */
    static void cleanUp() throws CoreException {
        Launches.removeAll(TIMEOUT_MS);
        page().closeAllEditors(false);
    }

    /** Runs {@code file} as a DMA Emulation and returns its process. */
    static EmulationProcess run(IFile file) {
        List<ILaunch> before = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        ILaunchConfiguration config = EmulationLaunchShortcut.launch(file, ILaunchManager.RUN_MODE);
        Assert.assertNotNull(config);
        EmulationProcess[] found = new EmulationProcess[1];
        UiTests.waitUntil("a process of " + config.getName(), TIMEOUT_MS, () -> {
            for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (config.equals(l.getLaunchConfiguration()) && !before.contains(l)) {
                    for (IProcess p : l.getProcesses()) {
                        if (p instanceof EmulationProcess e && e.session() != null) {
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

    static void waitTerminated(EmulationProcess p) {
        UiTests.waitUntil(p.getLabel() + " to terminate", TIMEOUT_MS, p::isTerminated);
        UiTests.joinFamily(EmulationLaunch.JOB_FAMILY, TIMEOUT_MS);
    }

    static void waitFor(String what, BooleanSupplier condition) {
        UiTests.waitUntil(what, TIMEOUT_MS, condition);
    }

    /** Shows view {@code id} maximized (the bottom folder is small for a screenshot) and returns it. */
    static IViewPart showMaximized(String id) throws CoreException {
        IViewPart v = page().showView(id);
        IViewReference ref = (IViewReference) page().getReference(v);
        if (page().getPartState(ref) != IWorkbenchPage.STATE_MAXIMIZED) {
            page().setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
        }
        page().activate(v);
        UiTests.drainEvents();
        return v;
    }

    static void restore(IViewPart v) {
        IViewReference ref = (IViewReference) page().getReference(v);
        page().setPartState(ref, IWorkbenchPage.STATE_RESTORED);
        UiTests.drainEvents();
    }

    /** Every item of {@code tree}, expanded or not, one line each with its columns separated by " | ". */
    static String treeText(org.eclipse.swt.widgets.Tree tree) {
        StringBuilder sb = new StringBuilder();
        collect(tree.getItems(), tree.getColumnCount(), sb);
        return sb.toString();
    }

    private static void collect(org.eclipse.swt.widgets.TreeItem[] items, int cols, StringBuilder sb) {
        for (org.eclipse.swt.widgets.TreeItem i : items) {
            for (int c = 0; c < Math.max(1, cols); c++) {
                sb.append(c == 0 ? "" : " | ").append(i.getText(c));
            }
            sb.append('\n');
            collect(i.getItems(), cols, sb);
        }
    }

    /** Brings view {@code id} back to the front maximized (a launch shows its console), then a screenshot. */
    static void shotOf(String id, String name) throws IOException, CoreException {
        showMaximized(id);
        shot(name);
    }

    /** Screenshot after every pending paint of the window is done. */
    static void shot(String name) throws IOException {
        var shell = page().getWorkbenchWindow().getShell();
        shell.layout(true, true);
        shell.redraw(0, 0, shell.getSize().x, shell.getSize().y, true);
        shell.update();
        UiTests.drainEvents();
        UiTests.screenshot(shell, name);
    }
}
