package org.dmaworkbench.emulation.run;

import org.dmaworkbench.emulation.scenario.Scenario.Workload;

/**
 * Drives one scenario client: starts a unit of work (one repetition of a workload) without blocking, and says
 * when the unit is finished in the driver and in the hardware. The scenario target advances virtual time in
 * between, so all clients run at once as they would on a board.
 */
interface WorkloadRunner {

    /** The scenario's client name. */
    String name();

    /** Starts one repetition of {@code w}; may only be called when {@link #idle()}. */
    void start(Workload w, int repetition);

    /** Whether the last started unit has finished (or nothing was started). */
    boolean idle();

    /** Called once at the end: the driver closes its device (unbind). */
    void shutdown();
}
