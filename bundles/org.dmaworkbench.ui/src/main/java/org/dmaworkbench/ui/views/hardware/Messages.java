package org.dmaworkbench.ui.views.hardware;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the hardware view. */
final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.ui.views.hardware.messages"; //$NON-NLS-1$

    public static String HardwareView_cannotOpen;
    public static String HardwareView_colDetail;
    public static String HardwareView_colNode;
    public static String HardwareView_colSource;
    public static String HardwareView_job;
    public static String HardwareView_noBoard;
    public static String HardwareView_noSession;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
