package org.dmaworkbench.emulation.session;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.dmaworkbench.emulation.live.LiveStateModel;

/**
 * Runs a {@link SessionTarget} on virtual time until it is idle, its {@link StopCondition} holds, or it is
 * canceled; deterministic for a given target. Listeners get the events in batches; {@link #query} reads live
 * state (mappings, page tables, channels) from any thread, consistently, between two steps.
 */
public final class EmulationSession {
    /** How many events a session keeps by default (older ones are counted, not kept). */
    public static final int DEFAULT_HISTORY = 100_000;
    private static final int BATCH = 256;
    private static final int STEPS_PER_PROGRESS = 64;

    private final SessionTarget target;
    private final StopCondition stop;
    private final EventStream events;
    private final ReentrantLock stateLock = new ReentrantLock();
    private volatile boolean canceled;
    private volatile SessionResult result;
    private final LiveStateModel liveState;

    public EmulationSession(SessionTarget target, StopCondition stop) {
        this(target, stop, DEFAULT_HISTORY);
    }

    public EmulationSession(SessionTarget target, StopCondition stop, int historyCapacity) {
        this.target = target;
        this.stop = stop;
        this.events = new EventStream(target::nowNs, historyCapacity, BATCH);
        target.attach(events);
        this.liveState = target.liveState();
        if (liveState != null) {
            liveState.useLock(stateLock);
        }
    }

    /**
     * The session's live state for views: snapshots and deltas of mappings, IOMMU domains, DMA channels, errors
     * and transfers, taken between two steps; null when the target keeps none. Safe from any thread.
     */
    public LiveStateModel liveState() {
        return liveState;
    }

    public EventStream events() {
        return events;
    }

    public void addListener(SessionListener l) {
        events.addListener(l);
    }

    public void removeListener(SessionListener l) {
        events.removeListener(l);
    }

    /** Asks a running session to stop after its current step. */
    public void cancel() {
        canceled = true;
    }

    /** @return the result once {@link #run} has returned, else null */
    public SessionResult result() {
        return result;
    }

    /** Reads live state between two steps; safe from any thread while the session runs. */
    public <T> T query(Function<SessionTarget, T> reader) {
        stateLock.lock();
        try {
            return reader.apply(target);
        } finally {
            stateLock.unlock();
        }
    }

    /** Current figures; safe from any thread. */
    public SessionStatistics statistics() {
        return query(t -> t.statistics(events));
    }

    public SessionResult run(SessionMonitor monitor) {
        if (result != null) {
            throw new IllegalStateException("a session runs once");
        }
        events.emit(EventKind.SESSION, "session", "start", "session started", false);
        SessionResult.Status status = SessionResult.Status.COMPLETED;
        String reason = "workload finished";
        Throwable failure = null;
        long steps = 0;
        while (true) {
            if (canceled || monitor.isCanceled()) {
                status = SessionResult.Status.CANCELED;
                reason = "canceled";
                break;
            }
            boolean more;
            stateLock.lock();
            try {
                more = target.step();
            } catch (RuntimeException | StackOverflowError e) {
                // a defect of the emulator, not of the emulated system: the session ends and says so, the caller
                // (a launch, dmawb) gets a result as for any other stop
                failure = e;
                status = SessionResult.Status.STOPPED_ON_ERROR;
                reason = emulatorError(e);
                break;
            } finally {
                stateLock.unlock();
            }
            steps++;
            if (stop.firstError() && events.errorCount() > 0) {
                status = SessionResult.Status.STOPPED_ON_ERROR;
                reason = "first error";
                break;
            }
            long now = target.nowNs();
            if (stop.virtualTimeNs() > 0 && now >= stop.virtualTimeNs()) {
                reason = "virtual time limit";
                break;
            }
            if (stop.transfers() > 0 && target.transfersCompleted() >= stop.transfers()) {
                reason = "transfer limit";
                break;
            }
            if (!more) {
                String halt = target.haltReason();
                if (halt != null) {
                    status = SessionResult.Status.STOPPED_ON_ERROR;
                    reason = halt;
                }
                break;
            }
            if (steps % STEPS_PER_PROGRESS == 0) {
                events.flush();
                monitor.progress(stop.fraction(now, target.transfersCompleted()), progressText(now));
            }
        }
        if (failure == null && status != SessionResult.Status.CANCELED && target.haltReason() == null) {
            stateLock.lock();
            try {
                target.shutdown();
            } catch (RuntimeException | StackOverflowError e) {
                failure = e;
                status = SessionResult.Status.STOPPED_ON_ERROR;
                reason = emulatorError(e);
            } finally {
                stateLock.unlock();
            }
            if (failure == null && target.haltReason() != null) {
                // the kernel died while the drivers unbound (a BUG() in an unmap at unbind)
                status = SessionResult.Status.STOPPED_ON_ERROR;
                reason = target.haltReason();
            }
        }
        if (failure != null) {
            StackTraceElement[] st = failure.getStackTrace();
            events.emit(EventKind.SESSION, "session", "emulator_error", reason
                    + (st.length > 0 ? " at " + st[0] : ""), true);
        }
        events.emit(EventKind.SESSION, "session", "stop", "session stopped: " + reason, false);
        SessionStatistics stats;
        try {
            stats = statistics();
        } catch (RuntimeException e) {
            // a target that failed may not count any more: the session's own counts
            stats = new SessionStatistics(target.nowNs(), java.util.Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    events.total(), events.history().dropped(), events.errorCount());
        }
        SessionResult r = new SessionResult(status, reason, target.nowNs(), stats);
        monitor.progress(1.0, progressText(r.endTimeNs()));
        result = r;
        events.finished(r);
        return r;
    }

    /** The reason of a session the emulator itself failed in. */
    private static String emulatorError(Throwable e) {
        return "emulator error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private String progressText(long nowNs) {
        return String.format("%d.%06d ms virtual, %d transfers, %d events", nowNs / 1_000_000, nowNs % 1_000_000,
                target.transfersCompleted(), events.total());
    }
}
