package org.dmaworkbench.launch.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * Window &gt; Preferences &gt; DMA Workbench and its Consoles page: the run defaults as the launch delegate reads them
 * (EmulationPreferences.defaults()), and a change made in the page reaching the delegate's defaults.
 */
public class PreferencePagesTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private PreferenceDialog dialog;

    @After
    public void tearDown() throws Exception {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        InstanceScope.INSTANCE.getNode(EmulationPreferences.QUALIFIER).remove(EmulationPreferences.NUM_ERRORS);
        InstanceScope.INSTANCE.getNode(EmulationPreferences.QUALIFIER).flush();
    }

    private PreferenceDialog open(String pageId) {
        PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(Workbench.page().getWorkbenchWindow().getShell(),
                pageId, null, null);
        d.setBlockOnOpen(false);
        d.open();
        d.getShell().setSize(900, 640);
        UiTests.drainEvents();
        return d;
    }

    private static void texts(Control c, List<Text> out) {
        if (c instanceof Text t) {
            out.add(t);
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                texts(child, out);
            }
        }
    }

    private static org.eclipse.swt.widgets.Button button(Control c, String text) {
        if (c instanceof org.eclipse.swt.widgets.Button b && b.getText().replace("&", "").equals(text)) {
            return b;
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                org.eclipse.swt.widgets.Button b = button(child, text);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    @Test
    public void runDefaultsPageShowsAndStoresWhatTheDelegateReads() throws Exception {
        dialog = open("org.dmaworkbench.launch.ui.preferences");
        String shown = UiTests.textOf(dialog.getShell());
        // LaunchSettings.Defaults.BUILT_IN: 6.12, dma-debug on, num_errors 10, 100,000 events kept
        assertEquals(LaunchSettings.Defaults.BUILT_IN, EmulationPreferences.defaults());
        assertTrue(shown, shown.contains("Kernel trees"));
        assertTrue(shown, shown.contains("100000"));
        Workbench.shot(dialog.getShell(), "preferences-dma-workbench.png");

        // the num_errors field: the one whose text is "10"
        List<Text> fields = new ArrayList<>();
        texts(dialog.getShell(), fields);
        Text numErrors = fields.stream().filter(t -> t.getText().equals("10")).findFirst().orElse(null);
        assertNotNull("no num_errors field showing 10", numErrors);
        numErrors.setText("25");
        UiTests.drainEvents();
        org.eclipse.swt.widgets.Button ok = button(dialog.getShell(), "Apply and Close");
        assertNotNull("no Apply and Close button", ok);
        ok.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiTests.drainEvents();
        assertEquals(25, EmulationPreferences.defaults().numErrors());
    }

    @Test
    public void consolesPageShowsTheColours() throws Exception {
        dialog = open("org.dmaworkbench.launch.ui.preferences.consoles");
        String shown = UiTests.textOf(dialog.getShell());
        assertTrue(shown, shown.contains("Consoles"));
        Workbench.shot(dialog.getShell(), "preferences-consoles.png");
    }
}
