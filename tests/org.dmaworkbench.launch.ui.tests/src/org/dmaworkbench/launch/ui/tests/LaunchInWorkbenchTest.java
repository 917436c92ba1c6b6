package org.dmaworkbench.launch.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.internal.EmulationLaunchShortcut;
import org.dmaworkbench.launch.ui.internal.ScenarioLink;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.views.DmaApiView;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.IDebugView;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.console.IOConsole;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * DMA Emulation launches in a real workbench: Run As on a scenario in a project, the process in the Debug view with
 * its exit value, the kernel log in the process console, the greeting in the serial console, a report linked to the
 * scenario line, and the emulation context the views follow. Screenshots of the Debug view and both consoles.
 */
public class LaunchInWorkbenchTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private IProject project;

    @Before
    public void setUp() throws Exception {
        Workbench.cleanUp();
        project = Workbench.project("launch-test", "greeting.dmascn", "forget-mapping-error.dmascn");
        Workbench.page().getWorkbenchWindow().getShell().setSize(1260, 860);
        Workbench.debugView();
    }

    @After
    public void tearDown() throws Exception {
        Workbench.cleanUp();
        project.delete(true, true, null);
    }

    private EmulationProcess runAs(IFile file) {
        List<ILaunch> before = Workbench.launches();
        ILaunchConfiguration c = EmulationLaunchShortcut.launch(file, ILaunchManager.RUN_MODE);
        assertNotNull(c);
        return Workbench.processOf(c, before);
    }

    @Test
    public void aScenarioRunsToExitValueZeroWithTheKernelLogAndTheGreeting() throws Exception {
        IFile scn = Workbench.file(project, "greeting.dmascn");
        EmulationProcess p = runAs(scn);
        Workbench.waitTerminated(p);
        assertEquals(0, p.getExitValue());
        // the Debug view labels the process as for any terminated program
        UiTests.waitUntil("the terminated process in the Debug view", Workbench.TIMEOUT_MS, () -> {
            try {
                return Workbench.debugViewLabels().stream().anyMatch(s -> s.startsWith("<terminated, exit value: 0>greeting.dmascn on koelsch"));
            } catch (Exception e) {
                return false;
            }
        });
        Workbench.shot(Workbench.page().getWorkbenchWindow().getShell(), "debug-view.png");

        // printk's "[    0.000000] " before dma-debug's boot message (kernel/dma/debug.c, dma_debug_init)
        TextConsole console = Workbench.processConsole(p, "[    0.000000] DMA-API: preallocated 65536 debug entries");
        Workbench.processConsole(p, "rcar-dmac e6700000.dma-controller: Using IPMMU context 0");
        Workbench.processConsole(p, "dmawb: completed (workload finished)");
        Workbench.show(console);
        Workbench.shot(Workbench.page().getWorkbenchWindow().getShell(), "process-console.png");

        IOConsole serial = Workbench.serialConsole(p, "Hello from DMA Workbench\nHello from DMA Workbench\nHello from DMA Workbench\n");
        // koelsch.dts: serial0 = &scif0 at 0xe6e60000, so sh-sci's ttySC0
        assertTrue(serial.getName(), serial.getName().contains("ttySC0 e6e60000.serial"));
        Workbench.show(serial);
        Workbench.shot(Workbench.page().getWorkbenchWindow().getShell(), "serial-console.png");

        // Run As again reuses the configuration made the first time
        EmulationProcess again = runAs(scn);
        Workbench.waitTerminated(again);
        assertEquals(1, EmulationLaunchShortcut.configurationsFor(scn).size());
        assertEquals(1, DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurations(DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(EmulationLaunch.TYPE_ID)).length);
    }

    @Test
    public void anInjectedBugEndsWithExitValueOneAndLinksTheReportToTheBugLine() throws Exception {
        IFile scn = Workbench.file(project, "forget-mapping-error.dmascn");
        EmulationProcess p = runAs(scn);
        Workbench.waitTerminated(p);
        assertEquals(1, p.getExitValue());
        TextConsole console = Workbench.processConsole(p, "note: reported for bug uart0 = forget-mapping-error");
        UiTests.waitUntil("the note's hyperlink", Workbench.TIMEOUT_MS, () -> console.getHyperlinks().length > 0);
        IHyperlink link = console.getHyperlinks()[0];
        assertTrue(link.toString(), link instanceof ScenarioLink);
        // line 7 of the scenario: "bug uart0 = forget-mapping-error"
        assertEquals(7, ((ScenarioLink) link).line());
        String linked = console.getDocument().get(console.getRegion(link).getOffset(), console.getRegion(link).getLength());
        assertEquals(scn.getLocation().toOSString() + ":7:13", linked);
        Workbench.show(console);
        Workbench.shot(Workbench.page().getWorkbenchWindow().getShell(), "process-console-report.png");

        link.linkActivated();
        UiTests.waitUntil("an editor on the scenario", Workbench.TIMEOUT_MS, () -> Workbench.page().getActiveEditor() != null);
        ITextEditor editor = Workbench.page().getActiveEditor().getAdapter(ITextEditor.class);
        assertNotNull(editor);
        ITextSelection sel = (ITextSelection) editor.getSelectionProvider().getSelection();
        assertEquals(6, sel.getStartLine());
        assertEquals("forget-mapping-error", sel.getText());
    }

    @Test
    public void theViewsFollowTheSelectedLaunchElseTheNewest() throws Exception {
        // several launches side by side: the debug framework removes terminated ones on a new launch by default
        org.eclipse.debug.ui.DebugUITools.getPreferenceStore()
                .setValue(org.eclipse.debug.ui.IDebugUIConstants.PREF_AUTO_REMOVE_OLD_LAUNCHES, false);
        DmaApiView view = (DmaApiView) Workbench.page().showView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        EmulationProcess first = runAs(Workbench.file(project, "greeting.dmascn"));
        Workbench.waitTerminated(first);
        EmulationProcess second = runAs(Workbench.file(project, "forget-mapping-error.dmascn"));
        Workbench.waitTerminated(second);
        EmulationContext context = EmulationContext.getDefault();
        UiTests.waitUntil("the newest launch in the context", Workbench.TIMEOUT_MS, () -> context.launch() == second.getLaunch());
        assertEquals(second.session(), context.session());
        UiTests.waitUntil("the DMA-API view's status", Workbench.TIMEOUT_MS,
                () -> view.statusText().startsWith("forget-mapping-error: terminated, exit value 1, "));

        IDebugView debug = (IDebugView) Workbench.debugView();
        assertTrue(Workbench.launches().contains(first.getLaunch()));
        debug.getViewer().setSelection(new TreeSelection(new TreePath(new Object[] { first.getLaunch() })));
        UiTests.waitUntil("the selected launch in the context", Workbench.TIMEOUT_MS, () -> context.launch() == first.getLaunch());
        UiTests.waitUntil("the DMA-API view's status", Workbench.TIMEOUT_MS,
                () -> view.statusText().startsWith("greeting: terminated, exit value 0, "));
        debug.getViewer().setSelection(StructuredSelection.EMPTY);
        org.eclipse.debug.ui.DebugUITools.getPreferenceStore()
                .setToDefault(org.eclipse.debug.ui.IDebugUIConstants.PREF_AUTO_REMOVE_OLD_LAUNCHES);
    }
}
