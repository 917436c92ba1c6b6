package org.dmaworkbench.emulation.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of what a replay read: lines by kind, events by name, failures, truncations and lost events. */
public final class ReplayStats {
    long lines;
    long commentLines;
    long blankLines;
    long dmaEvents;
    long iommuEvents;
    long otherEvents;
    long otherLines;
    long notFtraceLines;
    long malformedLines;
    long lostEvents;
    long lostEventNotes;
    long truncatedSgLists;
    long failedMappings;
    long dumpEntries;
    final long[] perEvent = new long[TraceReplay.EVENT_NAMES.length];

    /** All lines read from the capture files (not the dump). */
    public long lines() {
        return lines;
    }

    public long commentLines() {
        return commentLines;
    }

    public long blankLines() {
        return blankLines;
    }

    /** dma:* events replayed (malformed ones are counted in {@link #malformedLines()} only). */
    public long dmaEvents() {
        return dmaEvents;
    }

    /** iommu:map, iommu:unmap and iommu:io_page_fault events */
    public long iommuEvents() {
        return iommuEvents;
    }

    /** Event lines of other events (other tracers' or unknown events), skipped. */
    public long otherEvents() {
        return otherEvents;
    }

    /** Other tracers' lines (the ftrace context without a {@code "name: "} event, function_graph lines), skipped. */
    public long otherLines() {
        return otherLines;
    }

    /** Lines that are no ftrace output at all, skipped (each has a {@link Diagnostic} with its line number). */
    public long notFtraceLines() {
        return notFtraceLines;
    }

    /** dma/iommu event lines whose payload could not be parsed (each has a {@link Diagnostic}). */
    public long malformedLines() {
        return malformedLines;
    }

    /** Sum of the "CPU:n [LOST m EVENTS]" counts. */
    public long lostEvents() {
        return lostEvents;
    }

    /** dma_map_sg events marked [TRUNCATED]. */
    public long truncatedSgLists() {
        return truncatedSgLists;
    }

    /** Failed mappings/allocations seen (DMA_MAPPING_ERROR, dma_map_sg_err, NULL allocations). */
    public long failedMappings() {
        return failedMappings;
    }

    /** Entries read from dma-api/dump files. */
    public long dumpEntries() {
        return dumpEntries;
    }

    /** Count of each known event seen, by event name, in a fixed order; events never seen are left out. */
    public Map<String, Long> eventCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < perEvent.length; i++) {
            if (perEvent[i] != 0) {
                m.put(TraceReplay.EVENT_NAMES[i], perEvent[i]);
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
