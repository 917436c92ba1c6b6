package org.dmaworkbench.emulation.ui;

/** Identifiers the scenario editor contributes to the workbench. */
public final class EmulationUi {
    public static final String PLUGIN_ID = "org.dmaworkbench.emulation.ui";
    /** The .dmascn content type. */
    public static final String CONTENT_TYPE_ID = PLUGIN_ID + ".scenario";
    public static final String EDITOR_ID = PLUGIN_ID + ".scenarioEditor";
    /** Problem markers of saved scenario files. */
    public static final String PROBLEM_MARKER = PLUGIN_ID + ".problem";
    /** F1 help context of the scenario editor (contexts in org.dmaworkbench.doc). */
    public static final String EDITOR_HELP_CONTEXT = PLUGIN_ID + ".scenario_editor";
    /** Job family of the editor's background work (board compiles, marker updates), for tests to join. */
    public static final Object JOB_FAMILY = EmulationUi.class;

    private EmulationUi() {
    }
}
