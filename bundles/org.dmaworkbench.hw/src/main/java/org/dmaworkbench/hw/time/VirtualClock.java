package org.dmaworkbench.hw.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Deterministic discrete-event clock the whole emulated SoC runs on. Time is in picoseconds from reset
 * (a long lasts 106 days of emulated time). Events run in timestamp order; events with the same timestamp
 * run in the order they were scheduled, so the same input always gives the same timeline.
 * Nothing here looks at wall-clock time.
 */
public final class VirtualClock {
    public static final long PS_PER_NS = 1_000L;
    public static final long PS_PER_US = 1_000_000L;
    public static final long PS_PER_SECOND = 1_000_000_000_000L;

    /** A scheduled action; {@link #cancel()} stops it from running. */
    public static final class Event implements Comparable<Event> {
        private final long time;
        private final long seq;
        private final String label;
        private final Runnable action;
        private boolean cancelled;

        Event(long time, long seq, String label, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.label = label;
            this.action = action;
        }

        public long time() {
            return time;
        }

        public String label() {
            return label;
        }

        public boolean isCancelled() {
            return cancelled;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public String toString() {
            return time + "ps " + label;
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final List<Consumer<Event>> tracers = new ArrayList<>();
    private long now;
    private long seq;
    private long executed;

    /** @return the current time in picoseconds */
    public long now() {
        return now;
    }

    /** @return how many events have run since reset */
    public long executedEvents() {
        return executed;
    }

    /** @return number of pending (not yet run, possibly cancelled) events */
    public int pending() {
        return queue.size();
    }

    /** Called with every event just before it runs (for timelines and traces). */
    public void addTracer(Consumer<Event> tracer) {
        tracers.add(tracer);
    }

    public void removeTracer(Consumer<Event> tracer) {
        tracers.remove(tracer);
    }

    public Event schedule(long delayPs, String label, Runnable action) {
        if (delayPs < 0) {
            throw new IllegalArgumentException("negative delay " + delayPs);
        }
        return scheduleAt(now + delayPs, label, action);
    }

    public Event scheduleAt(long timePs, String label, Runnable action) {
        if (timePs < now) {
            throw new IllegalArgumentException("event " + label + " at " + timePs + "ps is in the past (now " + now + "ps)");
        }
        Event e = new Event(timePs, seq++, label, action);
        queue.add(e);
        return e;
    }

    /** Runs the next event, advancing time to it. @return false when nothing was pending */
    public boolean step() {
        Event e;
        do {
            e = queue.poll();
            if (e == null) {
                return false;
            }
        } while (e.cancelled);
        now = e.time;
        executed++;
        for (int i = 0; i < tracers.size(); i++) {
            tracers.get(i).accept(e);
        }
        e.action.run();
        return true;
    }

    /**
     * Runs events until none are left or {@code maxEvents} have run (a guard against models that
     * reschedule themselves forever, e.g. a cyclic DMA transfer). @return the number of events run
     */
    public long runUntilIdle(long maxEvents) {
        long n = 0;
        while (n < maxEvents && step()) {
            n++;
        }
        return n;
    }

    /** Runs every event with a timestamp up to and including {@code timePs}, then sets the time to it. */
    public void runUntil(long timePs) {
        while (true) {
            Event e = queue.peek();
            if (e == null || e.time > timePs) {
                break;
            }
            step();
        }
        if (timePs > now) {
            now = timePs;
        }
    }

    /**
     * Runs events until {@code condition} holds, nothing is pending, or time would pass {@code deadlinePs}.
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, long deadlinePs) {
        while (!condition.getAsBoolean()) {
            Event e = queue.peek();
            while (e != null && e.cancelled) {
                queue.poll();
                e = queue.peek();
            }
            if (e == null || e.time > deadlinePs) {
                return false;
            }
            step();
        }
        return true;
    }
}
