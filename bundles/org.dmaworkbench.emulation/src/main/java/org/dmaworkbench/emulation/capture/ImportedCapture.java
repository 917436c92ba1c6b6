package org.dmaworkbench.emulation.capture;

import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.replay.ReplayResult;

/**
 * A real capture replayed for the views: its files, what the replay found, and the live state rebuilt from it
 * (the same types as an emulation's, {@link LiveStateModel#snapshot()}).
 *
 * @param name    what the views call it: the capture's file names
 * @param dumps   the {@code dma-api/dump} files read first (the state before the trace)
 * @param traces  the ftrace text captures, in order
 * @param result  the replay's findings, diagnostics, statistics and limits
 * @param model   the live state
 * @param bytes   bytes read
 * @param nanos   wall time of the import
 */
public record ImportedCapture(String name, List<Path> dumps, List<Path> traces, ReplayResult result,
        LiveStateModel model, long bytes, long nanos) {

    public ImportedCapture {
        dumps = List.copyOf(dumps);
        traces = List.copyOf(traces);
    }

    /** Every file, dumps first. */
    public List<Path> files() {
        return java.util.stream.Stream.concat(dumps.stream(), traces.stream()).toList();
    }

    /** Lines read. */
    public long lines() {
        return result.stats().lines();
    }
}
