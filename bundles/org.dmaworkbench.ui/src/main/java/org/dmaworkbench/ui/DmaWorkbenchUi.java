package org.dmaworkbench.ui;

/** Identifiers the DMA Workbench UI contributes to the workbench. */
public final class DmaWorkbenchUi {
    public static final String PLUGIN_ID = "org.dmaworkbench.ui";
    public static final String PERSPECTIVE_ID = "org.dmaworkbench.ui.perspective";
    public static final String VIEW_CATEGORY_ID = "org.dmaworkbench.ui.category";
    public static final String DMA_API_VIEW_ID = "org.dmaworkbench.ui.views.dmaApi";
    /** File &gt; New &gt; DMA Workbench Project. */
    public static final String NEW_PROJECT_WIZARD_ID = "org.dmaworkbench.ui.wizards.newProject";
    /** The Run As shortcut of DMA Emulation launches (org.dmaworkbench.launch.ui). */
    public static final String LAUNCH_SHORTCUT_ID = "org.dmaworkbench.launch.ui.shortcut";
    /** F1 help contexts (their text is in org.dmaworkbench.doc's contexts.xml). */
    public static final String NEW_PROJECT_WIZARD_HELP_CONTEXT = PLUGIN_ID + ".new_project_wizard";
    /** F1 of the DMA-API view: its createPartControl must set it on its control (setHelp). */
    public static final String DMA_API_VIEW_HELP_CONTEXT = PLUGIN_ID + ".dma_api_view";

    private DmaWorkbenchUi() {
    }
}
