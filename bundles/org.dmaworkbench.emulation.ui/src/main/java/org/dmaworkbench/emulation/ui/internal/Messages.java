package org.dmaworkbench.emulation.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the scenario editor. */
public final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.emulation.ui.internal.messages"; //$NON-NLS-1$

    public static String Assist_boardNotCompiled;
    public static String Assist_noBoard;
    public static String Assist_boardErrors;
    public static String Assist_status;
    public static String Assist_action;
    public static String Markers_job;
    public static String Markers_boardProblem;
    public static String Markers_location;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
