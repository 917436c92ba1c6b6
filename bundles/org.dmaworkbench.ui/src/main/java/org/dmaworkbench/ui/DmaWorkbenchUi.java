package org.dmaworkbench.ui;

/** Identifiers the DMA Workbench UI contributes to the workbench. */
public final class DmaWorkbenchUi {
    public static final String PLUGIN_ID = "org.dmaworkbench.ui";
    public static final String PERSPECTIVE_ID = "org.dmaworkbench.ui.perspective";
    public static final String VIEW_CATEGORY_ID = "org.dmaworkbench.ui.category";
    public static final String DMA_API_VIEW_ID = "org.dmaworkbench.ui.views.dmaApi";

    private DmaWorkbenchUi() {
    }
}
