package org.dmaworkbench.launch.ui.internal;

import org.dmaworkbench.launch.EmulationPreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.PathEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * Window &gt; Preferences &gt; DMA Workbench: the run defaults of DMA Emulation launches, kept where the launch
 * delegate reads them ({@code org.dmaworkbench.launch}'s preferences, {@link EmulationPreferences}).
 */
public class EmulationPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public EmulationPreferencePage() {
        super(GRID);
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, EmulationPreferences.QUALIFIER));
        setDescription(Messages.Preferences_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        // the store is set in the constructor
    }

    @Override
    protected void createFieldEditors() {
        addField(new PathEditor(EmulationPreferences.KERNEL_TREE_ROOTS, Messages.Preferences_kernelTrees,
                Messages.Preferences_chooseKernelTree, getFieldEditorParent()));
        note(Messages.Preferences_kernelTreesNote);
        heading(Messages.Preferences_boardRuns);
        addField(new ComboFieldEditor(EmulationPreferences.DEFAULT_KERNEL, Messages.Preferences_kernel,
                new String[][] { { "6.12", "6.12" }, { "4.9", "4.9" } }, getFieldEditorParent()));
        addField(new BooleanFieldEditor(EmulationPreferences.DMA_DEBUG, Messages.Preferences_dmaDebug, getFieldEditorParent()));
        IntegerFieldEditor num = new IntegerFieldEditor(EmulationPreferences.NUM_ERRORS, Messages.Preferences_numErrors,
                getFieldEditorParent());
        num.setValidRange(0, Integer.MAX_VALUE);
        addField(num);
        addField(new BooleanFieldEditor(EmulationPreferences.ALL_ERRORS, Messages.Preferences_allErrors, getFieldEditorParent()));
        heading(Messages.Preferences_sessions);
        IntegerFieldEditor history = new IntegerFieldEditor(EmulationPreferences.HISTORY_SIZE, Messages.Preferences_history,
                getFieldEditorParent());
        history.setValidRange(EmulationPreferences.MIN_HISTORY, EmulationPreferences.MAX_HISTORY);
        addField(history);
    }

    private void heading(String text) {
        Label l = new Label(getFieldEditorParent(), SWT.NONE);
        l.setText(text);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        gd.verticalIndent = 10;
        l.setLayoutData(gd);
    }

    private void note(String text) {
        Label l = new Label(getFieldEditorParent(), SWT.WRAP);
        l.setText(text);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        gd.widthHint = 400;
        l.setLayoutData(gd);
    }
}
