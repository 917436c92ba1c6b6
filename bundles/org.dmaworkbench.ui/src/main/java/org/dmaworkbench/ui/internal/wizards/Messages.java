package org.dmaworkbench.ui.internal.wizards;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the New DMA Workbench Project wizard. */
public final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.ui.internal.wizards.messages"; //$NON-NLS-1$

    public static String Wizard_title;
    public static String ProjectPage_title;
    public static String ProjectPage_description;
    public static String BoardPage_title;
    public static String BoardPage_description;
    public static String BoardPage_builtin;
    public static String BoardPage_kernel;
    public static String BoardPage_kernelRoot;
    public static String BoardPage_boardFile;
    public static String BoardPage_browse;
    public static String BoardPage_includes;
    public static String BoardPage_noIncludes;
    public static String BoardPage_scenarioGroup;
    public static String BoardPage_scenarioFile;
    public static String BoardPage_launchName;
    public static String BoardPage_preview;
    public static String BoardPage_previewJob;
    public static String BoardPage_chooseRoot;
    public static String BoardPage_chooseBoard;
    public static String BoardPage_enterRoot;
    public static String BoardPage_rootMissing;
    public static String BoardPage_notKernelTree;
    public static String BoardPage_enterBoard;
    public static String BoardPage_boardMissing;
    public static String BoardPage_boardNotDts;
    public static String BoardPage_scenarioName;
    public static String BoardPage_launchNameEmpty;
    public static String BoardPage_launchNameInvalid;
    public static String Board_koelsch;
    public static String Board_salvatorX;
    public static String Board_salvatorX4gSpan;
    public static String Finish_task;
    public static String Finish_error;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
