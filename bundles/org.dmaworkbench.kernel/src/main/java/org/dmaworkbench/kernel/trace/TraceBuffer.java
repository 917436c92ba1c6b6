package org.dmaworkbench.kernel.trace;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bounded trace ring buffer with per-event enables, as {@code /sys/kernel/tracing/events/<system>/<event>/enable}:
 * when full the oldest events are overwritten, and {@link #entriesWritten()} keeps counting them.
 * Not thread-safe.
 */
public final class TraceBuffer implements TraceSink {
    private final int capacity;
    private final ArrayDeque<TraceEvent> events = new ArrayDeque<>();
    private final Set<String> enabledEvents = new HashSet<>();
    private final Set<String> enabledSystems = new HashSet<>();
    private long written;

    /** @param capacity maximum number of events kept, &gt; 0 */
    public TraceBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("trace buffer capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Enables every event of {@code system} (e.g. "dma"), as {@code events/dma/enable}. */
    public void enableSystem(String system) {
        enabledSystems.add(system);
    }

    /** Enables {@code system:name}, as {@code events/<system>/<name>/enable}. */
    public void enable(String system, String name) {
        enabledEvents.add(system + ":" + name);
    }

    public void disableAll() {
        enabledSystems.clear();
        enabledEvents.clear();
    }

    @Override
    public boolean isEnabled(String system, String name) {
        return enabledSystems.contains(system) || enabledEvents.contains(system + ":" + name);
    }

    @Override
    public void record(TraceEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
        written++;
    }

    /** Events still in the buffer, oldest first. */
    public List<TraceEvent> events() {
        return new ArrayList<>(events);
    }

    public long entriesWritten() {
        return written;
    }

    /** Empties the buffer (writing to the {@code trace} file with O_TRUNC). */
    public void clear() {
        events.clear();
        written = 0;
    }

    /** The {@code trace} file text. */
    public void writeTo(Appendable out, FtraceWriter writer) throws IOException {
        writer.write(out, events(), written);
    }
}
