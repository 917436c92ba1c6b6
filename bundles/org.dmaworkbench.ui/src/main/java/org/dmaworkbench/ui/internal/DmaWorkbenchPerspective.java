package org.dmaworkbench.ui.internal;

import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The DMA Workbench perspective: descriptors in the editor area, live DMA state below it. */
public class DmaWorkbenchPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.addView(IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.LEFT, 0.22f, editorArea);
        IFolderLayout bottom = layout.createFolder("org.dmaworkbench.ui.bottom", IPageLayout.BOTTOM, 0.55f, editorArea);
        bottom.addView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        bottom.addPlaceholder("org.eclipse.ui.console.ConsoleView");
        // Run > Run Configurations..., where DMA Emulation launches are made
        layout.addActionSet("org.eclipse.debug.ui.launchActionSet");
        layout.addShowViewShortcut(DmaWorkbenchUi.DMA_API_VIEW_ID);
        layout.addPerspectiveShortcut(DmaWorkbenchUi.PERSPECTIVE_ID);
    }
}
