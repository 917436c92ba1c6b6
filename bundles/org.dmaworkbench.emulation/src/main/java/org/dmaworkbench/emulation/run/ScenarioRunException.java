package org.dmaworkbench.emulation.run;

/** A scenario that cannot run: its diagnostics (FILE:LINE:COL lines) or what is missing, for the user. */
public class ScenarioRunException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean noRam;

    public ScenarioRunException(String message) {
        this(message, false);
    }

    private ScenarioRunException(String message, boolean noRam) {
        super(message);
        this.noRam = noRam;
    }

    /** The board has no /memory node: a kernel cannot boot on it (a bootloader would have added one). */
    static ScenarioRunException noRam(String board) {
        return new ScenarioRunException("board " + board + " has no /memory node (on a real board the bootloader adds "
                + "it): the emulated kernel has no RAM to boot with; add a memory node to the board file", true);
    }

    /** Whether the board has no RAM: nothing can run on it, but a scenario without clients has nothing to run. */
    public boolean noRam() {
        return noRam;
    }
}
