package org.dmaworkbench.devicetree.ui.tests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.devicetree.lang.hardware.Hardware;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.context.Contexts;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The Hardware page's "put dmac0 behind ipmmu_ds" on a copy of the kernel's r8a7791-koelsch.dts: the action edits
 * the text, the emulation then translates through the IPMMU, Undo gives the file back byte for byte; Run As runs it.
 */
public class HardwareEditsTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private IProject project;
    private IFile koelsch;
    private byte[] original;

    @Before
    public void setUp() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.sizeWindow();
        cleanLaunches();
        project = Dts.freshProject("koelsch");
        koelsch = Dts.copyKernelFile(project, "arm/renesas/r8a7791-koelsch.dts", "r8a7791-koelsch.dts");
        Dts.copyKernelFile(project, "arm/renesas/r8a7791.dtsi", "r8a7791.dtsi");
        // a board outside a kernel tree: its dt-bindings come from the project's include path
        ProjectScope s = new ProjectScope(project);
        s.getNode(DtsUi.PLUGIN_ID).put(Contexts.PREF_INCLUDE_DIRS, Dts.includePrefixes().toString());
        s.getNode(DtsUi.PLUGIN_ID).flush();
        original = Files.readAllBytes(koelsch.getLocation().toPath());
    }

    @After
    public void tearDown() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.page().resetPerspective();
        Dts.settle();
        cleanLaunches();
    }

    private static void cleanLaunches() throws Exception {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch l : m.getLaunches()) {
            if (!l.isTerminated()) {
                l.terminate();
            }
        }
        UiTests.joinFamily(EmulationLaunch.JOB_FAMILY, Dts.TIMEOUT_MS);
        m.removeLaunches(m.getLaunches());
        for (ILaunchConfiguration c : m.getLaunchConfigurations()) {
            c.delete();
        }
    }

    @Test
    public void dmac0GoesBehindIpmmuDsTheEmulationTranslatesAndUndoRestoresTheFile() throws Exception {
        DtsEditor e = Dts.open(koelsch);
        Dts.analysed(e);
        IDocument d = e.analysis().document();
        String before = d.get();
        Dts.maximize(e);
        e.setActivePage(DtsEditor.HARDWARE_PAGE);
        Dts.waitFor("the hardware page", () -> e.hardwarePage().isCurrent());
        Hardware.Iommu ds = e.hardwarePage().shown().iommu("ipmmu_ds").get();
        // Linux's r8a7791.dtsi: IPMMU-DS disabled, no master refers to it (the series' DT patch was dropped)
        assertEquals(false, ds.enabled());
        assertEquals(List.of(), ds.masters());
        assertNull(e.hardwarePage().putBehind("dmac0", "ipmmu_ds"));
        // the edit: IPMMU-DS enabled, dmac0 on micro-TLBs 0-14 (one per channel), as the dropped patch did
        assertEquals(before + "\n&ipmmu_ds {\n\tstatus = \"okay\";\n};\n\n&dmac0 {\n"
                + "\tiommus = <&ipmmu_ds 0>, <&ipmmu_ds 1>, <&ipmmu_ds 2>, <&ipmmu_ds 3>,\n"
                + "\t\t <&ipmmu_ds 4>, <&ipmmu_ds 5>, <&ipmmu_ds 6>, <&ipmmu_ds 7>,\n"
                + "\t\t <&ipmmu_ds 8>, <&ipmmu_ds 9>, <&ipmmu_ds 10>, <&ipmmu_ds 11>,\n"
                + "\t\t <&ipmmu_ds 12>, <&ipmmu_ds 13>, <&ipmmu_ds 14>;\n};\n", d.get());
        Dts.analysed(e);
        Dts.waitFor("the page to show dmac0 behind ipmmu_ds", () -> e.hardwarePage().isCurrent()
                && e.hardwarePage().shown().iommu("ipmmu_ds").get().masters().stream()
                        .anyMatch(m -> m.name().equals("&dmac0") && m.attached()));
        Dts.settle();
        TreeItem dsRow = null;
        for (TreeItem i : e.hardwarePage().iommuViewer().getTree().getItems()) {
            if (i.getText(0).equals("&ipmmu_ds")) {
                dsRow = i;
            }
        }
        e.hardwarePage().iommuViewer().setExpandedState(dsRow.getData(), true);
        e.hardwarePage().iommuViewer().getTree().setSelection(dsRow);
        UiTests.drainEvents();
        assertEquals("okay", dsRow.getText(2));
        assertEquals("translated", dsRow.getItem(0).getText(5));
        Dts.settle();
        Dts.waitFor("the page to show the analysis of the edit", () -> e.hardwarePage().isCurrent());
        Dts.expandRow(e.hardwarePage().iommuViewer(), "&ipmmu_ds");
        Dts.expandRow(e.hardwarePage().dmacViewer(), "&dmac0");
        Dts.shot("08-koelsch-dmac0-put-behind-ipmmu-ds-hardware.png");
        e.setActivePage(DtsEditor.SOURCE_PAGE);
        e.sourceEditor().selectAndReveal(d.get().indexOf("&dmac0 {"), 0);
        Dts.shot("09-koelsch-dmac0-put-behind-ipmmu-ds-source.png");

        // saved, the board runs a memcpy on dmac0 through the IPMMU's TLB
        e.doSave(null);
        Path saved = koelsch.getLocation().toPath();
        assertTrue(iotlbLookups(saved) > 0);

        // Run As > DMA Emulation on this board: a launch of the board's default workload ends with status 0
        e.setActivePage(DtsEditor.HARDWARE_PAGE);
        e.hardwarePage().runEmulation();
        Dts.waitFor("a DMA emulation launch", () -> process() != null && process().isTerminated());
        assertEquals(0, process().getExitValue());

        // one Undo takes the whole edit back; saved, the file is the kernel's byte for byte
        e.setActivePage(DtsEditor.SOURCE_PAGE);
        e.sourceEditor().viewer().getUndoManager().undo();
        assertEquals(before, d.get());
        e.doSave(null);
        assertArrayEquals(original, Files.readAllBytes(saved));
        assertEquals(0, iotlbLookups(saved));
    }

    private static IProcess process() {
        for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            for (IProcess p : l.getProcesses()) {
                return p;
            }
        }
        return null;
    }

    /** IOTLB lookups of a 16 KiB memcpy on dmac0 of the board: 0 when no IPMMU translates it. */
    private static long iotlbLookups(Path board) throws Exception {
        String scn = "board = \"" + board + "\"\ninclude = \"" + Dts.includePrefixes() + "\"\n"
                + "client copy {\n\tdevice = &dmac0\n\tmemcpy bytes 16KiB\n}\n";
        LoadedScenario l = ScenarioLoader.load("t.dmascn", scn, board.getParent());
        assertTrue(l.formatDiagnostics(), l.ok());
        EmulationSession s = new EmulationSession(ScenarioTarget.create(l), StopCondition.WHEN_IDLE);
        SessionResult r = s.run(SessionMonitor.NONE);
        assertEquals(0, r.exitCode());
        return r.statistics().iotlbHits() + r.statistics().iotlbMisses();
    }
}
