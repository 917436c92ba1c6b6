package org.dmaworkbench.ui.views.timeline;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the transfer timeline. */
final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.ui.views.timeline.messages"; //$NON-NLS-1$

    public static String TimelineView_aggregated;
    public static String TimelineView_export;
    public static String TimelineView_exportTip;
    public static String TimelineView_hint;
    public static String TimelineView_job;
    public static String TimelineView_mappingHover;
    public static String TimelineView_noMapping;
    public static String TimelineView_noSession;
    public static String TimelineView_noTransfers;
    public static String TimelineView_nothing;
    public static String TimelineView_range;
    public static String TimelineView_showAll;
    public static String TimelineView_shown;
    public static String TimelineView_time;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
