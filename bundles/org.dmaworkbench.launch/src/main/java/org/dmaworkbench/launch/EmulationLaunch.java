package org.dmaworkbench.launch;

import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.launch.internal.LaunchSessions;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;

/**
 * Identifiers of the {@code DMA Emulation} launch configuration type: its attributes, the process type and job
 * family of its runs, and the sessions its launches run.
 * <p>
 * Configuration attributes override the scenario's keys the way {@code dmawb run}'s options do (see
 * {@code org.dmaworkbench.emulation.scenario.ScenarioOverrides}): an attribute that is absent, or a choice of
 * {@link #AS_SCENARIO}, keeps what the scenario file says. Strings may hold {@code ${workspace_loc:…}} and other
 * variables; they are kept as typed and expanded at launch.
 */
public final class EmulationLaunch {
    /** The launch configuration type registered with {@code org.eclipse.debug.core}. */
    public static final String TYPE_ID = "org.dmaworkbench.launch.emulation";
    /** {@link IProcess#ATTR_PROCESS_TYPE} of an emulation's process (console pattern listeners test it). */
    public static final String PROCESS_TYPE = "org.dmaworkbench.emulation";
    /** The family of the Jobs that run emulation sessions ({@code Job.getJobManager().find(JOB_FAMILY)}). */
    public static final Object JOB_FAMILY = new Object() {
        @Override
        public String toString() {
            return "DMA emulation sessions";
        }
    };

    /** A tri-state attribute's value that keeps the scenario's setting. */
    public static final String AS_SCENARIO = "";
    public static final String ON = "on";
    public static final String OFF = "off";
    /** An IOMMU switched on with every master opted in ({@code iommu X = on { attach = all }}). */
    public static final String ATTACH_ALL = "all";

    /** String: the scenario file as typed (a path, usually {@code ${workspace_loc:/p/x.dmascn}}). */
    public static final String CONFIG_SCENARIO = "org.dmaworkbench.launch.scenario";
    /** Boolean: run {@link #CONFIG_BOARD}'s default workload instead of a scenario file. */
    public static final String CONFIG_USE_BOARD = "org.dmaworkbench.launch.useBoard";
    /** String: a built-in board name, or a .dts file as typed; the board of a board run, else the scenario's board. */
    public static final String CONFIG_BOARD = "org.dmaworkbench.launch.board";
    /** String: {@link #AS_SCENARIO}, "6.12" or "4.9". */
    public static final String CONFIG_KERNEL = "org.dmaworkbench.launch.kernel";
    /** String: the time and transfer limits in the scenario's {@code stop =} syntax; absent keeps the scenario's. */
    public static final String CONFIG_STOP = "org.dmaworkbench.launch.stop";
    /** List of strings: include directories for device-tree files, after the scenario's own {@code include}s. */
    public static final String CONFIG_INCLUDES = "org.dmaworkbench.launch.includes";
    /**
     * Map from an IOMMU's node path to {@link #ON}, {@link #ATTACH_ALL} or {@link #OFF}; an IOMMU not in it is as the
     * scenario says.
     */
    public static final String CONFIG_IOMMUS = "org.dmaworkbench.launch.iommus";
    /** String: {@link #AS_SCENARIO}, {@link #ON}, {@link #OFF}: dma-debug itself. */
    public static final String CONFIG_DMA_DEBUG = "org.dmaworkbench.launch.dmaDebug";
    /** String: dma-debug's driver_filter; absent keeps the scenario's, "" filters nothing. */
    public static final String CONFIG_DRIVER_FILTER = "org.dmaworkbench.launch.driverFilter";
    /** String: dma-debug's num_errors as typed; absent keeps the scenario's. */
    public static final String CONFIG_NUM_ERRORS = "org.dmaworkbench.launch.numErrors";
    /** String: {@link #AS_SCENARIO}, {@link #ON}, {@link #OFF}: dma-debug's all_errors. */
    public static final String CONFIG_ALL_ERRORS = "org.dmaworkbench.launch.allErrors";
    /** String: {@link #AS_SCENARIO}, {@link #ON}, {@link #OFF}: stop at the first dma-debug error. */
    public static final String CONFIG_FIRST_ERROR = "org.dmaworkbench.launch.firstError";
    /** List of strings {@code CLIENT=BUG}: the injected driver bugs instead of the scenario's; absent keeps them. */
    public static final String CONFIG_BUGS = "org.dmaworkbench.launch.bugs";
    /** String: file for the {@code dma:*}/{@code iommu:*} events as ftrace prints them; "" writes none. */
    public static final String CONFIG_EXPORT_TRACE = "org.dmaworkbench.launch.export.trace";
    /** String: file for dma-debug's {@code dump}; "" writes none. */
    public static final String CONFIG_EXPORT_DUMP = "org.dmaworkbench.launch.export.dump";
    /** String: file for the kernel log as dmesg prints it; "" writes none. */
    public static final String CONFIG_EXPORT_DMESG = "org.dmaworkbench.launch.export.dmesg";
    /** String: file for the JSON report (statistics and findings); "" writes none. */
    public static final String CONFIG_EXPORT_JSON = "org.dmaworkbench.launch.export.json";

    /** Launch attribute: the one-line summary of the finished run. */
    public static final String ATTR_SUMMARY = "org.dmaworkbench.launch.summary";
    /** Launch attribute: bytes the DMA controllers moved, as a decimal string. */
    public static final String ATTR_BYTES_MOVED = "org.dmaworkbench.launch.bytesMoved";
    /** Launch attribute: dma-debug reports, as a decimal string. */
    public static final String ATTR_DMA_DEBUG_ERRORS = "org.dmaworkbench.launch.dmaDebugErrors";
    /** Launch attribute: dmawb's exit code for the run (0 clean, 1 findings, 2 bad input). */
    public static final String ATTR_EXIT_CODE = "org.dmaworkbench.launch.exitCode";

    /** Exit value of a run that was terminated, as a process ended by SIGTERM reports it (128 + 15). */
    public static final int EXIT_TERMINATED = 143;

    private EmulationLaunch() {
    }

    /** @return the session a launch runs or ran, for the views; null for other launches */
    public static EmulationSession session(ILaunch launch) {
        return LaunchSessions.get(launch);
    }
}
