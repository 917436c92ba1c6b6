package org.dmaworkbench.launch.ui.internal.tabs;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.debug.ui.StringVariableSelectionDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;

/**
 * What the tabs of a DMA Emulation configuration share: the {@link ScenarioPreview} they show and validate against,
 * a guard so filling widgets from a configuration does not count as the user's edit, tri-state combos
 * ("As the scenario says (on)" / On / Off), and test ids on the widgets ({@link #TEST_ID}).
 */
abstract class EmulationTab extends AbstractLaunchConfigurationTab {
    /** Widget data key naming a control for UI tests. */
    public static final String TEST_ID = "org.dmaworkbench.testId";
    protected final ScenarioPreview preview;
    /** True while widgets are filled from a configuration or a preview: their listeners must not mark it dirty. */
    protected boolean filling;

    EmulationTab(ScenarioPreview preview) {
        this.preview = preview;
    }

    /** Called on the UI thread when the preview has a new result: refresh what the tab shows of the scenario. */
    abstract void previewChanged(LaunchSettings.Loaded loaded);

    protected final void changed() {
        if (!filling) {
            updateLaunchConfigurationDialog();
        }
    }

    static <T extends Control> T id(T control, String id) {
        control.setData(TEST_ID, id);
        return control;
    }

    static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
    }

    protected Text text(Composite parent, String id) {
        Text t = id(new Text(parent, SWT.SINGLE | SWT.BORDER), id);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(t);
        t.addModifyListener(e -> changed());
        return t;
    }

    protected Button variablesButton(Composite parent, Text target) {
        Button b = createPushButton(parent, Messages.Tab_variables, null);
        b.addListener(SWT.Selection, e -> {
            StringVariableSelectionDialog d = new StringVariableSelectionDialog(getShell());
            if (d.open() == StringVariableSelectionDialog.OK && d.getVariableExpression() != null) {
                target.insert(d.getVariableExpression());
            }
        });
        return b;
    }

    /** A read-only combo of "As the scenario says (…)", the given choices' labels. */
    protected Combo triState(Composite parent, String id, String onLabel, String offLabel) {
        Combo c = id(new Combo(parent, SWT.READ_ONLY), id);
        c.setItems(NLS.bind(Messages.Tab_asScenario, "?"), onLabel, offLabel);
        c.select(0);
        c.addListener(SWT.Selection, e -> changed());
        return c;
    }

    /** Sets a tri-state combo from an attribute value ("", "on", "off"). */
    protected static void selectTriState(Combo c, String value) {
        c.select(EmulationLaunch.ON.equals(value) ? 1 : EmulationLaunch.OFF.equals(value) ? 2 : 0);
    }

    protected static String triStateValue(Combo c) {
        return switch (c.getSelectionIndex()) {
            case 1 -> EmulationLaunch.ON;
            case 2 -> EmulationLaunch.OFF;
            default -> EmulationLaunch.AS_SCENARIO;
        };
    }

    /** Shows the scenario's value in the first item: "As the scenario says (on)". */
    protected static void scenarioValue(Combo c, String value) {
        int sel = c.getSelectionIndex();
        c.setItem(0, NLS.bind(Messages.Tab_asScenario, value));
        c.select(sel);
    }

    protected static String attr(ILaunchConfiguration c, String key, String def) {
        try {
            return c.getAttribute(key, def);
        } catch (CoreException e) {
            return def;
        }
    }

    protected static boolean attr(ILaunchConfiguration c, String key, boolean def) {
        try {
            return c.getAttribute(key, def);
        } catch (CoreException e) {
            return def;
        }
    }

    protected static boolean has(ILaunchConfiguration c, String key) {
        try {
            return c.hasAttribute(key);
        } catch (CoreException e) {
            return false;
        }
    }

    /** Sets a string attribute, removing it when {@code value} is null or equals {@code absent}. */
    protected static void put(ILaunchConfigurationWorkingCopy wc, String key, String value, String absent) {
        wc.setAttribute(key, value == null || value.equals(absent) ? null : value);
    }

    @Override
    public boolean canSave() {
        return true;
    }
}
