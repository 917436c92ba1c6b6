package org.dmaworkbench.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the UI bundle. */
public final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.ui.internal.messages"; //$NON-NLS-1$

    public static String DmaApiView_noSession;
    public static String DmaApiView_colDevice;
    public static String DmaApiView_colType;
    public static String DmaApiView_colDmaAddress;
    public static String DmaApiView_colPhysAddress;
    public static String DmaApiView_colSize;
    public static String DmaApiView_colDirection;
    public static String DmaApiView_colMappedAt;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
