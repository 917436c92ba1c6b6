package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.internal.Screenshots;
import org.dmaworkbench.ui.views.DmaApiView;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.IViewCategory;
import org.eclipse.ui.views.IViewDescriptor;
import org.junit.Rule;
import org.junit.Test;

/** Opens the DMA Workbench perspective and the DMA-API view in a real workbench and saves a screenshot. */
public class PerspectiveAndViewTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();


    private static Path screenshots() {
        return Path.of(System.getProperty("dmaworkbench.screenshots", "target/screenshots"));
    }

    private static void drainEvents() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // let layout and paint run
        }
    }

    @Test
    public void viewIsInTheDmaWorkbenchCategory() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        IViewCategory category = null;
        for (IViewCategory c : workbench.getViewRegistry().getCategories()) {
            if (c.getId().equals(DmaWorkbenchUi.VIEW_CATEGORY_ID)) {
                category = c;
            }
        }
        assertNotNull("no DMA Workbench view category", category);
        assertEquals("DMA Workbench", category.getLabel());
        IViewDescriptor view = workbench.getViewRegistry().find(DmaWorkbenchUi.DMA_API_VIEW_ID);
        assertNotNull(view);
        assertEquals("DMA-API", view.getLabel());
        assertTrue("DMA-API view not in the DMA Workbench category",
                java.util.Arrays.asList(category.getViews()).contains(view));
    }

    @Test
    public void emulationLaunchTypeHasATabGroupSoRunConfigurationsShowsIt() throws Exception {
        var type = org.eclipse.debug.core.DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType("org.dmaworkbench.launch.emulation");
        assertNotNull(type);
        var group = org.eclipse.debug.ui.DebugUITools.getLaunchGroup(type.newInstance(null, "probe"), "run");
        assertNotNull("DMA Emulation is not in the Run launch group", group);
        assertEquals("org.eclipse.debug.ui.launchGroup.run", group.getIdentifier());
        // throws CoreException "No tab group defined" when the type has none (the dialog then hides it)
        var tabGroup = org.eclipse.debug.internal.ui.launchConfigurations.LaunchConfigurationPresentationManager
                .getDefault().getTabGroup(type, "run");
        assertNotNull(tabGroup);
        String tabGroupClass = null;
        for (var e : org.eclipse.core.runtime.Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.debug.ui.launchConfigurationTabGroups")) {
            if (type.getIdentifier().equals(e.getAttribute("type"))) {
                tabGroupClass = e.getAttribute("class");
            }
        }
        assertEquals("org.dmaworkbench.launch.ui.internal.tabs.EmulationTabGroup", tabGroupClass);
    }

    /** The composite the workbench gives a view (its e4 part's widget). */
    private static org.eclipse.swt.widgets.Control partControl(IViewPart view) {
        MPart part = view.getSite().getService(MPart.class);
        assertNotNull(part);
        return (org.eclipse.swt.widgets.Control) part.getWidget();
    }

    @Test
    public void perspectiveOpensWithItsViewsArrangedFor1280x800() throws Exception {
        IWorkbench workbench = PlatformUI.getWorkbench();
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        assertNotNull(window);
        IPerspectiveDescriptor perspective = workbench.getPerspectiveRegistry()
                .findPerspectiveWithId(DmaWorkbenchUi.PERSPECTIVE_ID);
        assertNotNull("perspective not registered", perspective);
        assertEquals("DMA Workbench", perspective.getLabel());

        IWorkbenchPage page = window.getActivePage();
        page.closeAllEditors(false);
        window.getShell().setSize(1280, 800);
        page.setPerspective(perspective);
        page.resetPerspective();
        drainEvents();
        assertEquals(DmaWorkbenchUi.PERSPECTIVE_ID, page.getPerspective().getId());

        for (String id : List.of(IPageLayout.ID_PROJECT_EXPLORER, "org.eclipse.debug.ui.DebugView",
                DmaWorkbenchUi.DMA_API_VIEW_ID, "org.eclipse.ui.console.ConsoleView", IPageLayout.ID_PROBLEM_VIEW,
                IPageLayout.ID_PROP_SHEET, IPageLayout.ID_OUTLINE)) {
            assertNotNull("the perspective has no " + id, page.findViewReference(id));
        }
        IViewPart part = page.findView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        assertNotNull("the perspective did not open the DMA-API view", part);
        assertTrue(part instanceof DmaApiView);
        DmaApiView view = (DmaApiView) part;
        page.activate(view);
        drainEvents();
        // the columns of issue 14, in its order; the mapping id (#) and the unmap time are hidden at first
        assertArrayEquals(new String[] { "Device", "Driver", "Type", "CPU address", "DMA address", "Size",
                "Direction", "Attrs", "Map error", "Mapped at", "Age", "Call site" }, view.columnTitles());
        assertTrue(view.statusText().startsWith("No emulation is running."));

        // the DMA views' folder spans most of the window's width, with Properties beside it in a stack of its own
        // (the Properties view ignores parts of its own stack: it would never show the selected mapping)
        var dmaApi = partControl(view);
        int shellWidth = window.getShell().getClientArea().width;
        assertTrue("DMA-API view " + dmaApi.getSize() + " in a " + shellWidth + " wide window",
                dmaApi.getSize().x > shellWidth * 6 / 10 && dmaApi.getSize().y > 200);
        IViewPart props = page.showView(IPageLayout.ID_PROP_SHEET);
        assertTrue(List.of(page.getViewStack(props)).stream().noneMatch(v -> v == view));
        assertTrue(partControl(props).getSize().x > 350);
        page.activate(view);
        IViewPart explorer = page.findView(IPageLayout.ID_PROJECT_EXPLORER);
        var explorerControl = partControl(explorer);
        assertTrue("Project Explorer " + explorerControl.getSize(), explorerControl.getSize().x >= 200);

        assertTrue(List.of(page.getNewWizardShortcuts()).contains(DmaWorkbenchUi.NEW_PROJECT_WIZARD_ID));
        assertTrue(List.of(page.getShowViewShortcuts()).containsAll(List.of(DmaWorkbenchUi.DMA_API_VIEW_ID,
                IPageLayout.ID_PROJECT_EXPLORER, "org.eclipse.debug.ui.DebugView", IPageLayout.ID_OUTLINE)));
        assertTrue(List.of(page.getPerspectiveShortcuts()).contains(DmaWorkbenchUi.PERSPECTIVE_ID));

        Path png = screenshots().resolve("dma-workbench-perspective.png");
        Screenshots.capture(window.getShell(), png);
        assertTrue(Files.size(png) > 1000);
    }
}
