package org.dmaworkbench.devicetree.ui;

/** Identifiers of the device-tree editor that other bundles and tests refer to. */
public final class DtsUi {
    public static final String PLUGIN_ID = "org.dmaworkbench.devicetree.ui";
    /** The editor of .dts, .dtsi and .dtso files. */
    public static final String EDITOR_ID = PLUGIN_ID + ".editor";
    public static final String CONTENT_TYPE = PLUGIN_ID + ".source";
    /** Problem markers of device-tree files (not persisted: the editor makes them again). */
    public static final String MARKER_TYPE = PLUGIN_ID + ".problem";
    /** Key bindings of the editor. */
    public static final String EDITOR_SCOPE = PLUGIN_ID + ".editorScope";
    /** Jobs of the editor (reconciling, markers), for tests to join. */
    public static final Object JOB_FAMILY = new Object() {
        @Override
        public String toString() {
            return "device-tree editor jobs";
        }
    };
    public static final String CMD_OPEN_DECLARATION = PLUGIN_ID + ".openDeclaration";
    public static final String CMD_QUICK_OUTLINE = PLUGIN_ID + ".quickOutline";
    public static final String CMD_FIND_REFERENCES = PLUGIN_ID + ".findReferences";
    public static final String CMD_RENAME_LABEL = PLUGIN_ID + ".renameLabel";
    public static final String CMD_FORMAT = PLUGIN_ID + ".format";
    public static final String CMD_TOGGLE_COMMENT = PLUGIN_ID + ".toggleComment";
    public static final String CMD_CHOOSE_CONTEXT = PLUGIN_ID + ".chooseContext";
    /** The Run As shortcut of the DMA Emulation launch (bundle org.dmaworkbench.launch.ui). */
    public static final String LAUNCH_SHORTCUT = "org.dmaworkbench.launch.ui.shortcut";

    private DtsUi() {
    }
}
