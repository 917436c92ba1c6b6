package org.dmaworkbench.ui.internal;

import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The DMA Workbench perspective, laid out for 1280x800 and larger: the DMA views, Console and Problems in one folder
 * across most of the width below the editors (their tables want width) with Properties beside them (the selected
 * mapping's details), Project Explorer above the Debug view on the left (which launch the DMA views follow), the
 * Outline on the right.
 */
public class DmaWorkbenchPerspective implements IPerspectiveFactory {
    /** Folder ids, for tests and perspective extensions. */
    public static final String BOTTOM = "org.dmaworkbench.ui.bottom";
    public static final String BOTTOM_RIGHT = "org.dmaworkbench.ui.bottomRight";
    public static final String LEFT = "org.dmaworkbench.ui.left";
    public static final String LEFT_BOTTOM = "org.dmaworkbench.ui.leftBottom";
    public static final String RIGHT = "org.dmaworkbench.ui.right";

    static final String CONSOLE_VIEW = "org.eclipse.ui.console.ConsoleView";
    static final String DEBUG_VIEW = "org.eclipse.debug.ui.DebugView";
    static final String HELP_VIEW = "org.eclipse.help.ui.HelpView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        // the bottom folder first, so it spans the full width under the left and right columns too
        // and a little over half the height: the DMA views' tables and trees are what the perspective is for, a
        // scenario is a few dozen lines
        IFolderLayout bottom = layout.createFolder(BOTTOM, IPageLayout.BOTTOM, 0.45f, editorArea);
        bottom.addView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        // what the hardware does with it: IOMMU, transfer timeline, board
        bottom.addView(org.dmaworkbench.ui.views.iommu.IommuView.ID);
        bottom.addView(org.dmaworkbench.ui.views.timeline.TimelineView.ID);
        bottom.addView(org.dmaworkbench.ui.views.hardware.HardwareView.ID);
        bottom.addPlaceholder(org.dmaworkbench.ui.views.compare.CompareView.ID); // two sources side by side want width
        bottom.addPlaceholder("org.dmaworkbench.*"); // the other DMA views open here
        bottom.addView(CONSOLE_VIEW);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        // Properties beside the DMA views, not behind them: it shows the mapping selected in the DMA-API view (the
        // Properties view ignores parts of its own stack activated while it was hidden)
        IFolderLayout bottomRight = layout.createFolder(BOTTOM_RIGHT, IPageLayout.RIGHT, 0.68f, BOTTOM);
        bottomRight.addView(IPageLayout.ID_PROP_SHEET);

        IFolderLayout left = layout.createFolder(LEFT, IPageLayout.LEFT, 0.20f, editorArea);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);
        IFolderLayout leftBottom = layout.createFolder(LEFT_BOTTOM, IPageLayout.BOTTOM, 0.55f, LEFT);
        leftBottom.addView(DEBUG_VIEW);

        IFolderLayout right = layout.createFolder(RIGHT, IPageLayout.RIGHT, 0.75f, editorArea);
        right.addView(IPageLayout.ID_OUTLINE);
        right.addPlaceholder(HELP_VIEW); // F1 help opens beside the Outline, not in a new column

        // Run menu, Run As and the run history; Run As offers DmaWorkbenchUi.LAUNCH_SHORTCUT_ID for scenarios
        layout.addActionSet("org.eclipse.debug.ui.launchActionSet");
        layout.addActionSet(IPageLayout.ID_NAVIGATE_ACTION_SET);

        layout.addNewWizardShortcut(DmaWorkbenchUi.NEW_PROJECT_WIZARD_ID);
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");

        layout.addShowViewShortcut(DmaWorkbenchUi.DMA_API_VIEW_ID);
        layout.addShowViewShortcut(org.dmaworkbench.ui.views.iommu.IommuView.ID);
        layout.addShowViewShortcut(org.dmaworkbench.ui.views.timeline.TimelineView.ID);
        layout.addShowViewShortcut(org.dmaworkbench.ui.views.hardware.HardwareView.ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROJECT_EXPLORER);
        layout.addShowViewShortcut(DEBUG_VIEW);
        layout.addShowViewShortcut(CONSOLE_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROP_SHEET);
        layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);

        layout.addPerspectiveShortcut(DmaWorkbenchUi.PERSPECTIVE_ID);
        layout.addPerspectiveShortcut("org.eclipse.ui.resourcePerspective");
    }
}
