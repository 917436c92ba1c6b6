package org.dmaworkbench.launch;

import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.launch.internal.LaunchSessions;
import org.eclipse.debug.core.ILaunch;

/** Identifiers of the {@code DMA Emulation} launch configuration type, and the sessions its launches run. */
public final class EmulationLaunch {
    /** The launch configuration type registered with {@code org.eclipse.debug.core}. */
    public static final String TYPE_ID = "org.dmaworkbench.launch.emulation";
    /** Configuration attribute: the scenario file (absolute path); empty for the built-in default scenario. */
    public static final String CONFIG_SCENARIO = "org.dmaworkbench.launch.scenario";
    /** Launch attribute: the one-line summary of the finished run. */
    public static final String ATTR_SUMMARY = "org.dmaworkbench.launch.summary";
    /** Launch attribute: bytes the DMA controllers moved, as a decimal string. */
    public static final String ATTR_BYTES_MOVED = "org.dmaworkbench.launch.bytesMoved";
    /** Launch attribute: dma-debug reports, as a decimal string. */
    public static final String ATTR_DMA_DEBUG_ERRORS = "org.dmaworkbench.launch.dmaDebugErrors";
    /** Launch attribute: dmawb's exit code for the run (0 clean, 1 findings). */
    public static final String ATTR_EXIT_CODE = "org.dmaworkbench.launch.exitCode";

    private EmulationLaunch() {
    }

    /** @return the session a launch runs or ran, for the views; null for other launches */
    public static EmulationSession session(ILaunch launch) {
        return LaunchSessions.get(launch);
    }
}
