package org.dmaworkbench.launch.ui.internal;

import org.eclipse.jface.preference.ColorFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window &gt; Preferences &gt; DMA Workbench &gt; Consoles: the colours of the emulation consoles. */
public class ConsolePreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public ConsolePreferencePage() {
        super(GRID);
        setPreferenceStore(LaunchUiPlugin.getDefault().getPreferenceStore());
        setDescription(Messages.ConsolePreferences_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        // the store is set in the constructor
    }

    @Override
    protected void createFieldEditors() {
        addField(new ColorFieldEditor(ConsoleColours.KERNEL_LOG, Messages.ConsolePreferences_kernelLog, getFieldEditorParent()));
        addField(new ColorFieldEditor(ConsoleColours.REPORTS, Messages.ConsolePreferences_reports, getFieldEditorParent()));
        addField(new ColorFieldEditor(ConsoleColours.SERIAL_TEXT, Messages.ConsolePreferences_serialText, getFieldEditorParent()));
        addField(new ColorFieldEditor(ConsoleColours.SERIAL_BACKGROUND, Messages.ConsolePreferences_serialBackground,
                getFieldEditorParent()));
    }

    @Override
    public boolean performOk() {
        boolean ok = super.performOk();
        LaunchUiPlugin.getDefault().serialConsoles().coloursChanged();
        return ok;
    }
}
