package org.dmaworkbench.devicetree.ui.internal;

import org.eclipse.osgi.util.NLS;

/** The device-tree editor's user-visible strings (messages.properties). */
public final class Messages extends NLS {
    public static String Compiled_header;
    public static String Compiled_job;
    public static String Context_baseMessage;
    public static String Context_baseTitle;
    public static String Context_boardMessage;
    public static String Context_boardTitle;
    public static String Context_finding;
    public static String Context_none;
    public static String Context_recompile;
    public static String Editor_compiledPage;
    public static String Editor_hardwarePage;
    public static String Editor_notAFile;
    public static String Editor_sourcePage;
    public static String Hardware_attachedOf;
    public static String Hardware_channels;
    public static String Hardware_chooseDmac;
    public static String Hardware_chooseDmacMessage;
    public static String Hardware_chooseIommu;
    public static String Hardware_chooseIommuMessage;
    public static String Hardware_colChannels;
    public static String Hardware_colDevice;
    public static String Hardware_colEmulated;
    public static String Hardware_colIommu;
    public static String Hardware_colKind;
    public static String Hardware_colName;
    public static String Hardware_colResult;
    public static String Hardware_colRule;
    public static String Hardware_colState;
    public static String Hardware_colUtlbs;
    public static String Hardware_colWhat;
    public static String Hardware_disabled;
    public static String Hardware_dmaDirect;
    public static String Hardware_dmacs;
    public static String Hardware_done;
    public static String Hardware_enable;
    public static String Hardware_enabled;
    public static String Hardware_header;
    public static String Hardware_iommus;
    public static String Hardware_job;
    public static String Hardware_modelled;
    public static String Hardware_noIommu;
    public static String Hardware_noShortcut;
    public static String Hardware_noSuchNode;
    public static String Hardware_noTree;
    public static String Hardware_notModelled;
    public static String Hardware_other;
    public static String Hardware_putBehind;
    public static String Hardware_putDmacBehind;
    public static String Hardware_reserved;
    public static String Hardware_run;
    public static String Hardware_runFailed;
    public static String Hardware_runNeedsBoard;
    public static String Hardware_runTip;
    public static String Hardware_translated;
    public static String Hardware_unmodelled;
    public static String Hardware_utlbsUsed;
    public static String Hardware_window;
    public static String Navigate_nothing;
    public static String Problems_inIncluded;
    public static String Problems_job;
    public static String Properties_browse;
    public static String Properties_includeDirs;
    public static String Properties_intro;
    public static String Properties_kernelTree;
    public static String Properties_w1;
    public static String QuickOutline_filter;
    public static String QuickOutline_info;
    public static String References_definition;
    public static String References_label;
    public static String References_nothing;
    public static String References_result;
    public static String Rename_change;
    public static String Rename_invalid;
    public static String Rename_message;
    public static String Rename_newName;
    public static String Rename_noLabel;
    public static String Rename_outside;
    public static String Rename_same;
    public static String Rename_title;
    public static String Rename_unknown;

    static {
        NLS.initializeMessages("org.dmaworkbench.devicetree.ui.internal.messages", Messages.class);
    }

    private Messages() {
    }
}
