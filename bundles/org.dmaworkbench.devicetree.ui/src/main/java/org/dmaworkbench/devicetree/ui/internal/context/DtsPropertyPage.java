package org.dmaworkbench.devicetree.ui.internal.context;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PropertyPage;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Project › Properties › Device Tree: a kernel tree root (its scripts/dtc/include-prefixes is the include path, as in
 * the kernel build), extra include directories, and the checks (the kernel build's, or W=1's). Empty: each file's
 * include path is found by itself.
 */
public final class DtsPropertyPage extends PropertyPage {
    private Text kernelTree;
    private Text includeDirs;
    private Button w1;

    private IProject project() {
        return Adapters.adapt(getElement(), IProject.class);
    }

    @Override
    protected Control createContents(Composite parent) {
        IEclipsePreferences p = new ProjectScope(project()).getNode(DtsUi.PLUGIN_ID);
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(c);
        Label intro = new Label(c, SWT.WRAP);
        intro.setText(Messages.Properties_intro);
        GridDataFactory.fillDefaults().span(3, 1).hint(480, SWT.DEFAULT).grab(true, false).applyTo(intro);
        new Label(c, SWT.NONE).setText(Messages.Properties_kernelTree);
        kernelTree = new Text(c, SWT.BORDER);
        kernelTree.setText(p.get(Contexts.PREF_KERNEL_TREE, ""));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(kernelTree);
        Button browse = new Button(c, SWT.PUSH);
        browse.setText(Messages.Properties_browse);
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setFilterPath(kernelTree.getText());
            String r = d.open();
            if (r != null) {
                kernelTree.setText(r);
            }
        });
        Label inc = new Label(c, SWT.NONE);
        inc.setText(Messages.Properties_includeDirs);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(inc);
        includeDirs = new Text(c, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        includeDirs.setText(p.get(Contexts.PREF_INCLUDE_DIRS, ""));
        GridDataFactory.fillDefaults().span(3, 1).grab(true, true).hint(SWT.DEFAULT, 80).applyTo(includeDirs);
        w1 = new Button(c, SWT.CHECK);
        w1.setText(Messages.Properties_w1);
        w1.setSelection(Contexts.CHECKS_W1.equals(p.get(Contexts.PREF_CHECKS, Contexts.CHECKS_KERNEL)));
        GridDataFactory.fillDefaults().span(3, 1).applyTo(w1);
        return c;
    }

    @Override
    protected void performDefaults() {
        kernelTree.setText("");
        includeDirs.setText("");
        w1.setSelection(false);
        super.performDefaults();
    }

    @Override
    public boolean performOk() {
        IEclipsePreferences p = new ProjectScope(project()).getNode(DtsUi.PLUGIN_ID);
        p.put(Contexts.PREF_KERNEL_TREE, kernelTree.getText().strip());
        p.put(Contexts.PREF_INCLUDE_DIRS, includeDirs.getText().strip());
        p.put(Contexts.PREF_CHECKS, w1.getSelection() ? Contexts.CHECKS_W1 : Contexts.CHECKS_KERNEL);
        try {
            p.flush();
        } catch (BackingStoreException e) {
            DtsUiPlugin.log("cannot store the project's device-tree settings", e);
        }
        Contexts.forgetFound();
        recompileOpenEditors(project());
        return true;
    }

    /** Every open device-tree editor of {@code project} compiles again with the new settings. */
    static void recompileOpenEditors(IProject project) {
        for (IWorkbenchWindow w : PlatformUI.getWorkbench().getWorkbenchWindows()) {
            if (w.getActivePage() == null) {
                continue;
            }
            for (IEditorReference r : w.getActivePage().getEditorReferences()) {
                IEditorPart e = r.getEditor(false);
                if (e instanceof DtsEditor d && d.analysis().ifile() != null
                        && d.analysis().ifile().getProject().equals(project)) {
                    d.analysis().resetContext();
                    Job j = Job.create(Messages.Context_recompile, m -> {
                        d.analysis().analyze();
                        return Status.OK_STATUS;
                    });
                    j.setSystem(true);
                    j.schedule();
                }
            }
        }
    }
}
