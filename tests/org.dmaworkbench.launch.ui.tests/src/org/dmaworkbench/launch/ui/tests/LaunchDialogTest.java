package org.dmaworkbench.launch.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.ui.internal.tabs.HardwareTab;
import org.dmaworkbench.launch.ui.internal.tabs.ScenarioPreview;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IProject;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.internal.ui.DebugUIPlugin;
import org.eclipse.debug.internal.ui.launchConfigurations.LaunchConfigurationsDialog;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Run &gt; Run Configurations on a DMA Emulation configuration: every tab, with a screenshot, and each tab's
 * validation message in the dialog's header while one types (the scenario validator's own FILE:LINE:COL).
 */
public class LaunchDialogTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private IProject project;
    private LaunchConfigurationsDialog dialog;

    @Before
    public void setUp() throws Exception {
        Workbench.cleanUp();
        project = Workbench.project("dialog-test", "forget-mapping-error.dmascn");
        project.getFile("bad-kernel.dmascn").create(new ByteArrayInputStream(
                "board = koelsch\nkernel = 5.0\n".getBytes(StandardCharsets.UTF_8)), true, null);
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(EmulationLaunch.TYPE_ID).newInstance(null, "uart-bugs");
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, "${workspace_loc:/dialog-test/forget-mapping-error.dmascn}");
        ILaunchConfiguration config = wc.doSave();
        dialog = new LaunchConfigurationsDialog(Workbench.page().getWorkbenchWindow().getShell(),
                DebugUIPlugin.getDefault().getLaunchConfigurationManager().getLaunchGroup("org.eclipse.debug.ui.launchGroup.run"));
        dialog.setOpenMode(LaunchConfigurationsDialog.LAUNCH_CONFIGURATION_DIALOG_OPEN_ON_SELECTION);
        dialog.setInitialSelection(new StructuredSelection(config));
        dialog.setBlockOnOpen(false);
        dialog.open();
        dialog.getShell().setSize(1100, 820);
        checked();
    }

    @After
    public void tearDown() throws Exception {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        Workbench.cleanUp();
        project.delete(true, true, null);
    }

    /** Waits until the scenario check for the current settings is done and the header shows its outcome. */
    private void checked() {
        UiTests.joinFamily(ScenarioPreview.FAMILY, Workbench.TIMEOUT_MS);
        UiTests.drainEvents();
    }

    private void waitError(String expected) {
        UiTests.waitUntil("the header to say " + expected, Workbench.TIMEOUT_MS, () -> {
            checked();
            return expected.equals(dialog.getErrorMessage());
        });
    }

    private void waitNoError() {
        UiTests.waitUntil("the header without error", Workbench.TIMEOUT_MS, () -> {
            checked();
            return dialog.getErrorMessage() == null && runButton().isEnabled();
        });
    }

    /** The dialog's Run button. */
    private Button runButton() {
        Button b = findButton(dialog.getShell(), "Run");
        if (b == null) {
            throw new AssertionError("no Run button");
        }
        return b;
    }

    private static Button findButton(Control c, String text) {
        if (c instanceof Button b && b.getText().replace("&", "").equals(text)) {
            return b;
        }
        if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control child : comp.getChildren()) {
                Button b = findButton(child, text);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    private ILaunchConfigurationTab tab(int i) {
        dialog.setActiveTab(i);
        UiTests.drainEvents();
        return dialog.getTabs()[i];
    }

    private static Control widget(ILaunchConfigurationTab tab, String id) {
        Control c = Workbench.byId(tab.getControl(), id);
        if (c == null) {
            throw new AssertionError("no widget " + id + " on " + tab.getName());
        }
        return c;
    }

    private static void type(ILaunchConfigurationTab tab, String id, String text) {
        ((Text) widget(tab, id)).setText(text);
        UiTests.drainEvents();
    }

    private static void tick(ILaunchConfigurationTab tab, String id, boolean on) {
        Button b = (Button) widget(tab, id);
        b.setSelection(on);
        b.notifyListeners(SWT.Selection, null);
        UiTests.drainEvents();
    }

    @Test
    public void everyTabValidatesWhileOneTypes() throws Exception {
        assertEquals(5, dialog.getTabs().length);
        assertEquals("Main", dialog.getTabs()[0].getName());
        assertEquals("Hardware", dialog.getTabs()[1].getName());
        assertEquals("dma-debug", dialog.getTabs()[2].getName());
        assertEquals("Exports", dialog.getTabs()[3].getName());
        assertEquals("Common", dialog.getTabs()[4].getName());

        ILaunchConfigurationTab main = tab(0);
        waitNoError();
        Workbench.shot(dialog.getShell(), "tab-main.png");
        // the scenario validator's own message with the file's FILE:LINE:COL (README: "...:2:10: error: unknown
        // kernel profile '5.0' (expected 6.12 or 4.9)")
        type(main, "scenario", "${workspace_loc:/dialog-test/bad-kernel.dmascn}");
        String bad = project.getFile("bad-kernel.dmascn").getLocation().toOSString();
        waitError(bad + ":2:10: error: unknown kernel profile '5.0' (expected 6.12 or 4.9)");
        assertTrue("Run is enabled for a bad scenario", !runButton().isEnabled());
        Workbench.shot(dialog.getShell(), "tab-main-error.png");
        type(main, "scenario", "${workspace_loc:/dialog-test/forget-mapping-error.dmascn}");
        waitNoError();
        tick(main, "stopOverride", true);
        type(main, "stop", "time 10 parsecs");
        UiTests.waitUntil("a stop message", Workbench.TIMEOUT_MS, () -> dialog.getErrorMessage() != null
                && dialog.getErrorMessage().startsWith("stop: "));
        tick(main, "stopOverride", false);
        waitNoError();

        ILaunchConfigurationTab hw = tab(1);
        UiTests.waitUntil("koelsch's IPMMU-DS in the IOMMU table", Workbench.TIMEOUT_MS,
                () -> ((Table) widget(hw, "iommus")).getItemCount() == 1);
        // boards/r8a7791.dtsi: ipmmu_ds at 0xe6740000; DMAC0 and SCIF0 are its masters
        String row = ((Table) widget(hw, "iommus")).getItem(0).getText(0) + " | "
                + ((Table) widget(hw, "iommus")).getItem(0).getText(2);
        assertTrue(row, row.startsWith("ipmmu_ds (/soc/iommu@e6740000) | "));
        assertTrue(row, row.contains("&dmac0"));
        Workbench.shot(dialog.getShell(), "tab-hardware.png");
        ((HardwareTab) hw).addInclude("/no/such/include/dir");
        waitError("include path: /no/such/include/dir: No such directory");
        Workbench.shot(dialog.getShell(), "tab-hardware-error.png");
        org.eclipse.swt.widgets.List includes = (org.eclipse.swt.widgets.List) widget(hw, "includes");
        includes.remove(0);
        ((HardwareTab) hw).addInclude(project.getLocation().toOSString());
        waitNoError();

        ILaunchConfigurationTab dd = tab(2);
        UiTests.waitUntil("uart0's bugs in the table", Workbench.TIMEOUT_MS, () -> ((Table) widget(dd, "bugs")).getItemCount() > 0);
        // a serial port client commits 11 bugs (FORMAT.md, "Driver bugs", By S)
        Table bugs = (Table) widget(dd, "bugs");
        assertEquals(11, bugs.getItemCount());
        // FORMAT.md's bug table: the first bug a serial port client commits
        assertEquals("unmap-wrong-size", bugs.getItem(0).getText(1));
        // the scenario's own bug line is shown ticked: bug uart0 = forget-mapping-error
        assertTrue(java.util.Arrays.stream(bugs.getItems()).anyMatch(i -> i.getChecked() && i.getText(1).equals("forget-mapping-error")));
        bugs.setSelection(0);
        bugs.showSelection();
        Workbench.shot(dialog.getShell(), "tab-dma-debug.png");
        tick(dd, "numErrorsCheck", true);
        type(dd, "numErrors", "ten");
        UiTests.waitUntil("a num_errors message", Workbench.TIMEOUT_MS, () -> dialog.getErrorMessage() != null
                && dialog.getErrorMessage().startsWith("num_errors: "));
        Workbench.shot(dialog.getShell(), "tab-dma-debug-error.png");
        type(dd, "numErrors", "100");
        waitNoError();

        ILaunchConfigurationTab ex = tab(3);
        tick(ex, "export.trace.check", true);
        assertEquals("${workspace_loc:/dialog-test}/uart-bugs.trace", ((Text) widget(ex, "export.trace")).getText());
        waitNoError();
        Workbench.shot(dialog.getShell(), "tab-exports.png");
        type(ex, "export.trace", "/no/such/dir/run.trace");
        waitError("trace export /no/such/dir/run.trace: no such directory /no/such/dir");
        Workbench.shot(dialog.getShell(), "tab-exports-error.png");
        type(ex, "export.trace", "${workspace_loc:/dialog-test}/uart-bugs.trace");
        waitNoError();

        tab(4);
        Workbench.shot(dialog.getShell(), "tab-common.png");
        assertNull(dialog.getErrorMessage());
    }

    @Test
    public void theHardwareTabShowsTheKernelsRuleAndOptsMastersIn() throws Exception {
        project.getFile("salvator.dmascn").create(new ByteArrayInputStream(("board = salvator-x\niommu ipmmu_ds1 = on\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n").getBytes(StandardCharsets.UTF_8)), true, null);
        type(tab(0), "scenario", "${workspace_loc:/dialog-test/salvator.dmascn}");
        waitNoError();
        ILaunchConfigurationTab hw = tab(1);
        Table iommus = (Table) widget(hw, "iommus");
        Table masters = (Table) widget(hw, "masters");
        // boards/r8a7795.dtsi: IPMMU-DS1 (0xe7740000) has DMAC1, DMAC2 and SDHI0 (micro-TLB 32); on R-Car Gen3 the
        // 6.12 kernel attaches only the SDHI (ipmmu_device_is_allowed()'s allow list)
        UiTests.waitUntil("IPMMU-DS1 with one of three masters attached", Workbench.TIMEOUT_MS, () -> {
            checked();
            return row(iommus, "ipmmu_ds1 ") != null
                    && row(iommus, "ipmmu_ds1 ").getText(2).equals("1 of 3 attached: &sdhi0");
        });
        iommus.setSelection(iommus.indexOf(row(iommus, "ipmmu_ds1 ")));
        iommus.notifyListeners(SWT.Selection, null);
        UiTests.waitUntil("the masters of IPMMU-DS1", Workbench.TIMEOUT_MS, () -> masters.getItemCount() == 3);
        assertEquals("&dmac1 | 0..15 | not on the allow list | dma-direct (not attached)",
                line(masters, 0));
        assertEquals("&sdhi0 | 32 | on the allow list | translated", line(masters, 2));
        Workbench.shot(dialog.getShell(), "tab-hardware-kernel-rule.png");

        ((HardwareTab) hw).setIommu("/soc/iommu@e7740000", 3);
        UiTests.waitUntil("every master of IPMMU-DS1 attached", Workbench.TIMEOUT_MS, () -> {
            checked();
            return row(iommus, "ipmmu_ds1 ").getText(2).equals("3 of 3 attached: &dmac1, &dmac2, &sdhi0");
        });
        assertEquals("On, attach every master", row(iommus, "ipmmu_ds1 ").getText(1));
        iommus.setSelection(iommus.indexOf(row(iommus, "ipmmu_ds1 ")));
        iommus.notifyListeners(SWT.Selection, null);
        UiTests.waitUntil("dmac1 opted in", Workbench.TIMEOUT_MS,
                () -> masters.getItemCount() == 3 && line(masters, 0).endsWith("| translated (opted in)"));
        Workbench.shot(dialog.getShell(), "tab-hardware-attach-all.png");
        waitNoError();
    }

    private static org.eclipse.swt.widgets.TableItem row(Table t, String prefix) {
        for (org.eclipse.swt.widgets.TableItem i : t.getItems()) {
            if (i.getText(0).startsWith(prefix)) {
                return i;
            }
        }
        return null;
    }

    private static String line(Table t, int i) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < t.getColumnCount(); c++) {
            sb.append(c == 0 ? "" : " | ").append(t.getItem(i).getText(c));
        }
        return sb.toString();
    }
}
