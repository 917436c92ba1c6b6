package org.dmaworkbench.launch.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the launching UI. */
public final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.dmaworkbench.launch.ui.internal.messages"; //$NON-NLS-1$

    public static String Tab_asScenario;
    public static String Tab_workspace;
    public static String Tab_fileSystem;
    public static String Tab_variables;
    public static String Tab_remove;
    public static String Tab_on;
    public static String Tab_off;
    public static String Tab_yes;
    public static String Tab_no;
    public static String Tab_onValue;
    public static String Tab_offValue;
    public static String Tab_yesValue;
    public static String Tab_noValue;
    public static String MainTab_name;
    public static String MainTab_what;
    public static String MainTab_scenarioFile;
    public static String MainTab_board;
    public static String MainTab_chooseScenario;
    public static String MainTab_chooseBoard;
    public static String MainTab_run;
    public static String MainTab_kernelProfile;
    public static String MainTab_kernel612;
    public static String MainTab_kernel49;
    public static String MainTab_stopOverride;
    public static String MainTab_stopHint;
    public static String MainTab_whenDone;
    public static String MainTab_noScenario;
    public static String MainTab_noBoard;
    public static String MainTab_badStop;
    public static String MainTab_checking;
    public static String MainTab_deferred;
    public static String HardwareTab_name;
    public static String HardwareTab_iommus;
    public static String HardwareTab_colIommu;
    public static String HardwareTab_colState;
    public static String HardwareTab_colMasters;
    public static String HardwareTab_noMasters;
    public static String HardwareTab_none;
    public static String HardwareTab_attachedOf;
    public static String HardwareTab_mastersOfSelected;
    public static String HardwareTab_colMaster;
    public static String HardwareTab_colUtlbs;
    public static String HardwareTab_colRule;
    public static String HardwareTab_colResult;
    public static String HardwareTab_onAttachAll;
    public static String HardwareTab_masterDisabled;
    public static String HardwareTab_iommuOff;
    public static String HardwareTab_optedIn;
    public static String HardwareTab_attached;
    public static String HardwareTab_dmaDirect;
    public static String HardwareTab_iommuHint;
    public static String HardwareTab_includes;
    public static String HardwareTab_chooseFolder;
    public static String HardwareTab_kernelTrees;
    public static String HardwareTab_noKernelTrees;
    public static String HardwareTab_preferencesLink;
    public static String HardwareTab_badInclude;
    public static String HardwareTab_noSuchInclude;
    public static String DmaDebugTab_name;
    public static String DmaDebugTab_settings;
    public static String DmaDebugTab_enabled;
    public static String DmaDebugTab_filter;
    public static String DmaDebugTab_numErrors;
    public static String DmaDebugTab_allErrors;
    public static String DmaDebugTab_firstError;
    public static String DmaDebugTab_bugs;
    public static String DmaDebugTab_bugsOverride;
    public static String DmaDebugTab_colClient;
    public static String DmaDebugTab_colBug;
    public static String DmaDebugTab_colReport;
    public static String DmaDebugTab_colDescription;
    public static String DmaDebugTab_badFilter;
    public static String DmaDebugTab_badNumErrors;
    public static String ExportsTab_name;
    public static String ExportsTab_intro;
    public static String ExportsTab_trace;
    public static String ExportsTab_dump;
    public static String ExportsTab_dmesg;
    public static String ExportsTab_json;
    public static String ExportsTab_write;
    public static String ExportsTab_chooseFolder;
    public static String ExportsTab_noFile;
    public static String ScenarioPreview_job;
    public static String ScenarioPreview_prompt;
    public static String SerialConsole_name;
    public static String SerialConsole_terminated;
    public static String Shortcut_errorTitle;
    public static String EmulationContext_running;
    public static String EmulationContext_finished;
    public static String EmulationContext_capture;
    public static String EmulationContext_otherRunning;
    public static String Preferences_description;
    public static String Preferences_kernelTrees;
    public static String Preferences_chooseKernelTree;
    public static String Preferences_kernelTreesNote;
    public static String Preferences_boardRuns;
    public static String Preferences_kernel;
    public static String Preferences_dmaDebug;
    public static String Preferences_numErrors;
    public static String Preferences_allErrors;
    public static String Preferences_sessions;
    public static String Preferences_history;
    public static String ConsolePreferences_description;
    public static String ConsolePreferences_kernelLog;
    public static String ConsolePreferences_reports;
    public static String ConsolePreferences_serialText;
    public static String ConsolePreferences_serialBackground;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
