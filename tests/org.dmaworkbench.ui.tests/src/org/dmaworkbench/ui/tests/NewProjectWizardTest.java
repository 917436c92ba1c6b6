package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.internal.wizards.BoardPage;
import org.dmaworkbench.ui.internal.wizards.NewProjectWizard;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.wizards.IWizardDescriptor;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * File &gt; New &gt; DMA Workbench Project, driven through its dialog as a user does: a project with a built-in board,
 * and one with a board file of a kernel tree; each gets the scenario and the shared .launch file. Screenshots of
 * the pages, including one with a problem in the header.
 */
public class NewProjectWizardTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final AtomicInteger COUNT = new AtomicInteger();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private WizardDialog dialog;
    private final List<IProject> projects = new ArrayList<>();

    @After
    public void cleanUp() throws Exception {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        for (IProject p : projects) {
            p.delete(true, true, new NullProgressMonitor());
        }
    }

    private NewProjectWizard openWizard() throws Exception {
        IWizardDescriptor d = PlatformUI.getWorkbench().getNewWizardRegistry()
                .findWizard(DmaWorkbenchUi.NEW_PROJECT_WIZARD_ID);
        assertNotNull("the wizard is not in File > New", d);
        assertEquals("DMA Workbench Project", d.getLabel());
        NewProjectWizard wizard = (NewProjectWizard) d.createWizard();
        wizard.init(PlatformUI.getWorkbench(), null);
        dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        UiTests.drainEvents();
        return wizard;
    }

    private static <T extends Control> List<T> widgets(Control c, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (type.isInstance(c)) {
            out.add(type.cast(c));
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                out.addAll(widgets(child, type));
            }
        }
        return out;
    }

    private Button button(Control in, String label) {
        for (Button b : widgets(in, Button.class)) {
            if (b.getText().replace("&", "").equals(label)) {
                return b;
            }
        }
        throw new AssertionError("no button " + label + " in " + UiTests.textOf(in));
    }

    private void click(Button b) {
        assertTrue(b.getText() + " is disabled", b.isEnabled());
        if ((b.getStyle() & SWT.RADIO) != 0) {
            for (Control sib : b.getParent().getChildren()) {
                if (sib instanceof Button o && (o.getStyle() & SWT.RADIO) != 0) {
                    o.setSelection(false);
                }
            }
            b.setSelection(true);
        }
        b.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiTests.drainEvents();
    }

    private IWizardPage current() {
        return dialog.getCurrentPage();
    }

    /** Fills in the project page's name and goes to the board page. */
    private String nameProjectAndGoOn(String prefix) throws Exception {
        String name = prefix + "-" + COUNT.incrementAndGet();
        Text nameField = widgets(current().getControl(), Text.class).get(0);
        nameField.setText(name);
        UiTests.drainEvents();
        assertNull(current().getErrorMessage());
        projects.add(ResourcesPlugin.getWorkspace().getRoot().getProject(name));
        UiTests.screenshot(dialog.getShell(), "wizard-1-project.png");
        click(button(dialog.getShell(), "Next >"));
        assertEquals("board", current().getName());
        return name;
    }

    private void waitForPreview() {
        UiTests.waitUntil("the scenario preview", 30_000, () -> ((BoardPage) current()).previewUpToDate());
    }

    private void finish() {
        click(button(dialog.getShell(), "Finish"));
        UiTests.waitUntil("the wizard to close", 30_000, () -> dialog.getShell() == null || dialog.getShell().isDisposed());
    }

    private static String launchFileText(IProject p, String name) throws Exception {
        return Files.readString(p.getFile(name + ".launch").getLocation().toFile().toPath(), StandardCharsets.UTF_8);
    }

    @Test
    public void builtinBoardProjectWithScenarioAndLaunchFile() throws Exception {
        openWizard();
        String name = nameProjectAndGoOn("wizard-builtin");
        Combo boards = widgets(current().getControl(), Combo.class).get(0);
        assertEquals(BuiltinBoards.NAMES, List.of(boards.getItems()));
        boards.select(BuiltinBoards.NAMES.indexOf("salvator-x"));
        boards.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiTests.drainEvents();
        assertTrue(current().isPageComplete());
        waitForPreview();
        UiTests.screenshot(dialog.getShell(), "wizard-2-board-builtin.png");
        finish();

        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        assertTrue(p.isOpen());
        IFile scenario = p.getFile("salvator-x.dmascn");
        assertTrue(scenario.exists());
        // the board's default workload, as dmawb run --board salvator-x runs it: it loads without a diagnostic
        LoadedScenario loaded = ScenarioLoader.load(scenario.getLocation().toFile().toPath());
        assertEquals("", loaded.formatDiagnostics());
        assertEquals("salvator-x", loaded.scenario().orElseThrow().board().builtinName());

        // the shared launch configuration, stored in the project as the debug framework writes it
        String xml = launchFileText(p, name);
        assertTrue(xml, xml.contains("<launchConfiguration type=\"org.dmaworkbench.launch.emulation\">"));
        String expected = "${workspace_loc:/" + name + "/salvator-x.dmascn}";
        assertTrue(xml, xml.contains("<stringAttribute key=\"org.dmaworkbench.launch.scenario\" value=\""
                + expected + "\"/>"));
        ILaunchConfiguration config = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfiguration(p.getFile(name + ".launch"));
        assertEquals(EmulationLaunch.TYPE_ID, config.getType().getIdentifier());
        assertEquals(expected, config.getAttribute(EmulationLaunch.CONFIG_SCENARIO, ""));
        assertEquals(scenario, config.getMappedResources()[0]);
        // ${workspace_loc:...} resolves to the scenario file on disk
        assertEquals(scenario.getLocation().toOSString(),
                VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(expected));
        // the wizard opens the scenario (after it has closed)
        var page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        UiTests.waitUntil("the scenario editor", 30_000, () -> page.getActiveEditor() != null);
        assertEquals("salvator-x.dmascn", page.getActiveEditor().getTitle());
    }

    @Test
    public void finishOnTheFirstPageTakesTheDefaults() throws Exception {
        openWizard();
        String name = "wizard-first-page-" + COUNT.incrementAndGet();
        widgets(current().getControl(), Text.class).get(0).setText(name);
        projects.add(ResourcesPlugin.getWorkspace().getRoot().getProject(name));
        UiTests.drainEvents();
        finish();
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        // koelsch, the first built-in board; the launch configuration is named as the project
        assertEquals(ScenarioLoader.defaultText(), Files.readString(p.getFile("koelsch.dmascn").getLocation()
                .toFile().toPath()));
        assertTrue(launchFileText(p, name).contains("${workspace_loc:/" + name + "/koelsch.dmascn}"));
    }

    /** A kernel tree with the layout of Linux 6.12 and the built-in koelsch board as its board file. */
    private Path kernelTree() throws Exception {
        Path root = tmp.newFolder("linux").toPath();
        Path dts = root.resolve("arch/arm/boot/dts/renesas");
        Files.createDirectories(dts);
        Files.createDirectories(root.resolve("include/dt-bindings"));
        Files.createDirectories(root.resolve("scripts/dtc/include-prefixes"));
        Files.createSymbolicLink(root.resolve("scripts/dtc/include-prefixes/arm"), Path.of("../../../arch/arm/boot/dts"));
        for (String f : List.of("koelsch.dts", "r8a7791.dtsi")) {
            Files.writeString(dts.resolve(f), BuiltinBoards.resource(f).orElseThrow().text(), StandardCharsets.ISO_8859_1);
        }
        return root;
    }

    @Test
    public void kernelTreeBoardWithIncludesDerivedFromTheRoot() throws Exception {
        Path root = kernelTree();
        openWizard();
        String name = nameProjectAndGoOn("wizard-kernel");
        click(button(current().getControl(), "Board file of a Linux kernel tree"));
        List<Text> texts = widgets(current().getControl(), Text.class);
        Text rootField = texts.get(0);
        Text boardField = texts.get(1);
        // no complaint before anything is typed, but no Finish either
        assertNull(current().getErrorMessage());
        assertFalse(current().isPageComplete());

        // a directory that is no kernel tree is refused in the header
        Path notKernel = tmp.newFolder("not-a-kernel").toPath();
        rootField.setText(notKernel.toString());
        UiTests.drainEvents();
        assertEquals(notKernel + " is not a kernel tree: it has neither scripts/dtc/include-prefixes nor "
                + "arch/arm(64)/boot/dts with include.", current().getErrorMessage());
        assertFalse(button(dialog.getShell(), "Finish").isEnabled());
        UiTests.screenshot(dialog.getShell(), "wizard-2-board-error.png");

        rootField.setText(root.toString());
        boardField.setText("arch/arm/boot/dts/renesas/koelsch.dts");
        UiTests.drainEvents();
        assertNull(current().getErrorMessage());
        // Linux 6.12 scripts/Makefile.dtbs:116: the include path is scripts/dtc/include-prefixes
        assertTrue(UiTests.textOf(current().getControl()),
                UiTests.textOf(current().getControl()).contains(root.resolve("scripts/dtc/include-prefixes").toString()));
        assertEquals("koelsch.dmascn", texts.get(2).getText());
        assertEquals(name, texts.get(3).getText());
        waitForPreview();
        // the preview is the board file's default workload (BoardDefaults: its DMA devices)
        assertTrue(texts.get(4).getText(), texts.get(4).getText().contains("device = &dmac0"));
        UiTests.screenshot(dialog.getShell(), "wizard-2-board-kernel-tree.png");
        finish();

        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        IFile scenario = p.getFile("koelsch.dmascn");
        String text = Files.readString(scenario.getLocation().toFile().toPath());
        assertTrue(text, text.contains("board = \"" + root.resolve("arch/arm/boot/dts/renesas/koelsch.dts") + "\"\n"));
        assertTrue(text, text.contains("include = \"" + root.resolve("scripts/dtc/include-prefixes") + "\"\n"));
        // the board file's default workload (a memcpy on &dmac0) validates against the kernel tree's board
        LoadedScenario loaded = ScenarioLoader.load(scenario.getLocation().toFile().toPath());
        assertEquals("", loaded.formatDiagnostics());
        assertEquals("/soc/dma-controller@e6700000", loaded.clients().get(0).device().path());
        assertTrue(launchFileText(p, name).contains("${workspace_loc:/" + name + "/koelsch.dmascn}"));
    }
}
