package org.dmaworkbench.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Start-up self-test of the IDE product, used by the product test and {@code ./dmawb ide --selftest DIR}.
 * Does nothing unless the system property {@code dmaworkbench.selftest} names a directory: then, once the
 * first workbench window shows, it writes the active perspective's id to {@code perspective.txt}, the
 * visible view ids to {@code views.txt}, the registered perspectives, launch configuration types and the editor of
 * {@code .dmascn} files to {@code perspectives.txt}, {@code launchtypes.txt} and {@code editors.txt}, the bundles
 * the framework could not resolve to {@code unresolved.txt} (empty when every requirement is met), a PNG of the
 * window to {@code ide.png}, and closes the workbench. The feature installation test reads them.
 */
public class SelfTestStartup implements IStartup {
    public static final String PROPERTY = "dmaworkbench.selftest";

    @Override
    public void earlyStartup() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.asyncExec(() -> report(workbench, display, Path.of(dir)));
    }

    private static void report(IWorkbench workbench, Display display, Path dir) {
        // let pending layout and paint events run so the capture shows the finished window
        while (display.readAndDispatch()) {
            // drain
        }
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
            window = workbench.getWorkbenchWindows()[0];
        }
        StringBuilder perspective = new StringBuilder();
        StringBuilder views = new StringBuilder();
        if (window != null) {
            IWorkbenchPage page = window.getActivePage();
            if (page != null) {
                IPerspectiveDescriptor p = page.getPerspective();
                perspective.append(p == null ? "" : p.getId());
                for (var ref : page.getViewReferences()) {
                    views.append(ref.getId()).append('\n');
                }
            }
        }
        StringBuilder perspectives = new StringBuilder();
        for (IPerspectiveDescriptor p : workbench.getPerspectiveRegistry().getPerspectives()) {
            perspectives.append(p.getId()).append('\n');
        }
        StringBuilder launchTypes = new StringBuilder();
        for (var t : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationTypes()) {
            launchTypes.append(t.getIdentifier()).append('\n');
        }
        var editor = workbench.getEditorRegistry().getDefaultEditor("scenario.dmascn");
        StringBuilder unresolved = new StringBuilder();
        for (Bundle b : FrameworkUtil.getBundle(SelfTestStartup.class).getBundleContext().getBundles()) {
            if (b.getState() == Bundle.INSTALLED) {
                unresolved.append(b.getSymbolicName()).append(' ').append(b.getVersion()).append('\n');
            }
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("perspective.txt"), perspective + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("views.txt"), views.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("perspectives.txt"), perspectives.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("launchtypes.txt"), launchTypes.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("editors.txt"), (editor == null ? "" : editor.getId()) + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("unresolved.txt"), unresolved.toString(), StandardCharsets.UTF_8);
            if (window != null) {
                Screenshots.capture(window.getShell(), dir.resolve("ide.png"));
            }
        } catch (IOException e) {
            System.err.println("dmaworkbench self-test: cannot write to " + dir + ": " + e.getMessage());
        }
        workbench.close();
    }
}
