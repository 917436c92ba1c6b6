package org.dmaworkbench.emulation.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events of a session, so a run of ten million DMA-API calls keeps a bounded
 * history. The emulation thread appends; any thread may take a {@link #snapshot()}.
 */
public final class EventHistory {
    private final SessionEvent[] ring;
    private long appended;

    public EventHistory(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new SessionEvent[capacity];
    }

    public synchronized void append(SessionEvent e) {
        ring[(int) (appended % ring.length)] = e;
        appended++;
    }

    public int capacity() {
        return ring.length;
    }

    /** @return how many events were ever appended */
    public synchronized long appended() {
        return appended;
    }

    /** @return how many events were dropped to keep the history bounded */
    public synchronized long dropped() {
        return Math.max(0, appended - ring.length);
    }

    /** @return the retained events, oldest first */
    public synchronized List<SessionEvent> snapshot() {
        int n = (int) Math.min(appended, ring.length);
        List<SessionEvent> out = new ArrayList<>(n);
        long first = appended - n;
        for (long i = first; i < appended; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }
}
