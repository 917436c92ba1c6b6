package org.dmaworkbench.emulation.run;

/** A scenario that cannot run: its diagnostics (FILE:LINE:COL lines) or what is missing, for the user. */
public class ScenarioRunException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioRunException(String message) {
        super(message);
    }
}
