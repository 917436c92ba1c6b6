package org.dmaworkbench.launch.ui.tests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.internal.LaunchUiPlugin;
import org.dmaworkbench.tests.ui.common.Launches;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IOConsole;
import org.eclipse.ui.console.TextConsole;
import org.junit.Assert;

/** Workbench helpers of the launching UI tests: a throw-away project, launches, the Debug view, the consoles. */
final class Workbench {
    static final long TIMEOUT_MS = 60_000;

    private Workbench() {
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** A new open project holding the named files of this bundle's testfiles/. */
    static IProject project(String name, String... testFiles) throws CoreException, IOException {
        return TestProject.withTestFiles("org.dmaworkbench.launch.ui.tests", name, testFiles);
    }

    /** Removes every launch and configuration and closes the editors, so each test starts clean. */
    static void cleanUp() throws CoreException {
        Launches.removeAll(TIMEOUT_MS);
        page().closeAllEditors(false);
    }

    /** Waits for the launch of {@code config} that is not in {@code before}, and returns its emulation process. */
    static EmulationProcess processOf(ILaunchConfiguration config, List<ILaunch> before) {
        EmulationProcess[] found = new EmulationProcess[1];
        UiTests.waitUntil("a process of " + config.getName(), TIMEOUT_MS, () -> {
            for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (config.equals(l.getLaunchConfiguration()) && !before.contains(l)) {
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

    static List<ILaunch> launches() {
        return List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
    }

    static void waitTerminated(EmulationProcess p) {
        UiTests.waitUntil(p.getLabel() + " to terminate", TIMEOUT_MS, p::isTerminated);
        UiTests.joinFamily(EmulationLaunch.JOB_FAMILY, TIMEOUT_MS);
    }

    /** The process console's text once it contains {@code what}. */
    static TextConsole processConsole(IProcess p, String what) {
        UiTests.waitUntil("the process console of " + p.getLabel(), TIMEOUT_MS, () -> DebugUITools.getConsole(p) != null);
        TextConsole c = (TextConsole) DebugUITools.getConsole(p);
        UiTests.waitUntil("'" + what + "' in the process console", TIMEOUT_MS, () -> c.getDocument().get().contains(what));
        return c;
    }

    static IOConsole serialConsole(EmulationProcess p, String what) {
        UiTests.waitUntil("the serial console of " + p.getLabel(), TIMEOUT_MS,
                () -> !LaunchUiPlugin.getDefault().serialConsoles().consoles(p).isEmpty());
        IOConsole c = LaunchUiPlugin.getDefault().serialConsoles().consoles(p).get(0);
        UiTests.waitUntil("'" + what + "' in " + c.getName(), TIMEOUT_MS, () -> c.getDocument().get().contains(what));
        return c;
    }

    static void show(IConsole c) throws CoreException {
        IViewPart v = page().showView(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW);
        ((org.eclipse.ui.console.IConsoleView) v).display(c);
        UiTests.drainEvents();
    }

    /** The Debug view, shown. */
    static IViewPart debugView() throws CoreException {
        return page().showView(IDebugUIConstants.ID_DEBUG_VIEW);
    }

    /** Every label the Debug view's tree shows now, expanding what is there. */
    static List<String> debugViewLabels() throws CoreException {
        Tree tree = find(debugView().getSite().getShell(), debugView());
        List<String> out = new ArrayList<>();
        if (tree != null) {
            collect(tree.getItems(), out);
        }
        return out;
    }

    private static Tree find(org.eclipse.swt.widgets.Shell shell, IViewPart view) {
        return findTree(((org.eclipse.debug.ui.IDebugView) view).getViewer().getControl());
    }

    private static Tree findTree(Control c) {
        if (c instanceof Tree t) {
            return t;
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                Tree t = findTree(child);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static void collect(TreeItem[] items, List<String> out) {
        for (TreeItem i : items) {
            out.add(i.getText());
            if (!i.getExpanded() && i.getItemCount() > 0) {
                i.setExpanded(true);
            }
            collect(i.getItems(), out);
        }
    }

    static Control byId(Control root, String id) {
        if (id.equals(root.getData("org.dmaworkbench.testId"))) {
            return root;
        }
        if (root instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                Control c = byId(child, id);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Screenshot after every pending paint of {@code shell} is done (GTK paints some tables late otherwise). */
    static void shot(org.eclipse.swt.widgets.Shell shell, String name) throws java.io.IOException {
        shell.layout(true, true);
        shell.redraw(0, 0, shell.getSize().x, shell.getSize().y, true);
        shell.update();
        UiTests.drainEvents();
        UiTests.screenshot(shell, name);
    }

    static IFile file(IProject p, String name) {
        IFile f = p.getFile(name);
        Assert.assertTrue(f.exists());
        return f;
    }
}
