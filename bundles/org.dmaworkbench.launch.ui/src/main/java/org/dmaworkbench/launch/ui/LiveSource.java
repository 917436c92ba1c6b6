package org.dmaworkbench.launch.ui;

import java.nio.file.Path;
import java.util.Optional;

import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.launch.EmulationProcess;
import org.eclipse.debug.core.ILaunch;

/**
 * Something the DMA views show: the live state of a DMA Emulation launch, or of a real capture imported into the
 * IDE. Views read {@link #model()} (snapshots and deltas, the same types for both) and never care which it is,
 * except to open where a finding came from ({@link #locate}). The {@link EmulationContext} says which source the
 * views follow; {@link EmulationContext#sources()} lists them all (for a view's source picker, or a comparison).
 */
public interface LiveSource {

    /** A place in a file: a scenario's line for an emulation, a capture's line for a capture. */
    record Location(Path file, int line, int column) {
    }

    /** What the views call it: the launch configuration's name, or the capture's file names. */
    String name();

    /** Its live state; null for a launch whose session keeps none. */
    LiveStateModel model();

    /** The launch, null for a capture. */
    ILaunch launch();

    /** The launch's emulation process, null for a capture. */
    EmulationProcess process();

    /** The imported capture, null for a launch. */
    ImportedCapture capture();

    /** Whether it still changes (a running emulation). */
    boolean isRunning();

    /** One line for a view's status (how it ended or runs, time, transfers, errors; or what the capture held). */
    String status();

    /**
     * Where an error record of this source came from, to open in an editor: the scenario line of the driver bug or
     * client that caused it (the line the console's note links to), or the capture line of the event that revealed
     * it (for a leak found at the end: the line that made the leaked mapping). Empty when there is no file (the
     * built-in scenario).
     */
    Optional<Location> locate(DmaErrorRecord error);
}
