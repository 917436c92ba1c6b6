package org.dmaworkbench.emulation.session;

import java.util.List;

/**
 * Receives a session's events in batches, on the emulation thread, in order. Implementations return quickly
 * (a view copies the batch and repaints later on its own thread).
 */
public interface SessionListener {

    void eventsAppended(List<SessionEvent> batch);

    /** Called once, after the last batch. */
    default void sessionFinished(SessionResult result) {
    }
}
