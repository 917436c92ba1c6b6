package org.dmaworkbench.ui.views.iommu;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the IOMMU view. */
final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.ui.views.iommu.messages"; //$NON-NLS-1$

    public static String IommuView_backs;
    public static String IommuView_backsNothing;
    public static String IommuView_badIova;
    public static String IommuView_colAccess;
    public static String IommuView_colBits;
    public static String IommuView_colDecoded;
    public static String IommuView_colEntry;
    public static String IommuView_colEntryAddress;
    public static String IommuView_colField;
    public static String IommuView_colFinding;
    public static String IommuView_colIndex;
    public static String IommuView_colIova;
    public static String IommuView_colLevel;
    public static String IommuView_colMeaning;
    public static String IommuView_colMessage;
    public static String IommuView_colPhysical;
    public static String IommuView_colRaw;
    public static String IommuView_colSize;
    public static String IommuView_colSlot;
    public static String IommuView_colTable;
    public static String IommuView_colValue;
    public static String IommuView_devices;
    public static String IommuView_domain;
    public static String IommuView_iotlbSummary;
    public static String IommuView_iova;
    public static String IommuView_job;
    public static String IommuView_noContext;
    public static String IommuView_noDomains;
    public static String IommuView_noFindings;
    public static String IommuView_noFindingsDetail;
    public static String IommuView_noIotlb;
    public static String IommuView_noPageTable;
    public static String IommuView_noSession;
    public static String IommuView_notAvailable;
    public static String IommuView_pageTable;
    public static String IommuView_readOnly;
    public static String IommuView_registers;
    public static String IommuView_stripFree;
    public static String IommuView_stripMapped;
    public static String IommuView_stripShown;
    public static String IommuView_stripSummary;
    public static String IommuView_stripUnaccounted;
    public static String IommuView_tabEntry;
    public static String IommuView_tabFindings;
    public static String IommuView_tabIotlb;
    public static String IommuView_tabTranslate;
    public static String IommuView_translate;
    public static String IommuView_translateJob;
    public static String IommuView_walking;
    public static String IommuView_writeAllowed;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
