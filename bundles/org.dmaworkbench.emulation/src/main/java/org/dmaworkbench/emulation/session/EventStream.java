package org.dmaworkbench.emulation.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Where a session's producers (trace sink, kernel log, channels, peripherals) put their events. Stamps each
 * with the virtual time and a sequence number, keeps the bounded {@link EventHistory}, and hands events to
 * {@link SessionListener}s in batches of at most {@code batchSize} (and at every {@link #flush()}).
 * Producers call it on the emulation thread only.
 */
public final class EventStream {
    private final LongSupplier clockNs;
    private final EventHistory history;
    private final int batchSize;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<EventKind, Long> counts = new EnumMap<>(EventKind.class);
    private List<SessionEvent> batch;
    private long sequence;
    private long errors;

    public EventStream(LongSupplier clockNs, int historyCapacity, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.clockNs = clockNs;
        this.history = new EventHistory(historyCapacity);
        this.batchSize = batchSize;
        this.batch = new ArrayList<>(batchSize);
        for (EventKind k : EventKind.values()) {
            counts.put(k, 0L);
        }
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
    }

    public SessionEvent emit(EventKind kind, String source, String name, String text, boolean error) {
        return emitAt(clockNs.getAsLong(), kind, source, name, text, error);
    }

    /** For producers that know the exact time of the event (a trace event carries its own timestamp). */
    public SessionEvent emitAt(long timeNs, EventKind kind, String source, String name, String text, boolean error) {
        return emitAt(timeNs, kind, source, name, text, error, null);
    }

    /** @param payload the structured origin (a {@code TraceEvent}, a {@code KernelLogRecord}), kept with the event */
    public SessionEvent emitAt(long timeNs, EventKind kind, String source, String name, String text, boolean error,
            Object payload) {
        return emitAt(timeNs, kind, source, name, text, error, payload, null);
    }

    /** @param client the scenario client whose driver code was running, see {@link SessionEvent#client()} */
    public SessionEvent emitAt(long timeNs, EventKind kind, String source, String name, String text, boolean error,
            Object payload, String client) {
        SessionEvent e = new SessionEvent(sequence++, timeNs, kind, source, name, text, error, payload, client);
        history.append(e);
        synchronized (counts) {
            counts.merge(kind, 1L, Long::sum);
            if (error) {
                errors++;
            }
        }
        if (!listeners.isEmpty()) {
            batch.add(e);
            if (batch.size() >= batchSize) {
                flush();
            }
        }
        return e;
    }

    /** Delivers the pending batch, if any. */
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<SessionEvent> out = Collections.unmodifiableList(batch);
        batch = new ArrayList<>(batchSize);
        for (SessionListener l : listeners) {
            l.eventsAppended(out);
        }
    }

    void finished(SessionResult result) {
        flush();
        for (SessionListener l : listeners) {
            l.sessionFinished(result);
        }
    }

    public EventHistory history() {
        return history;
    }

    public long count(EventKind kind) {
        synchronized (counts) {
            return counts.get(kind);
        }
    }

    public long errorCount() {
        synchronized (counts) {
            return errors;
        }
    }

    public long total() {
        return history.appended();
    }
}
