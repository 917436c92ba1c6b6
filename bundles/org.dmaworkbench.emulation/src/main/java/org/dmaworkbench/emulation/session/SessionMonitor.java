package org.dmaworkbench.emulation.session;

/** Progress and cancellation of a running session, without any Eclipse type (the launch adapts its monitor). */
public interface SessionMonitor {
    SessionMonitor NONE = new SessionMonitor() {
    };

    /** Polled between emulation steps. */
    default boolean isCanceled() {
        return false;
    }

    /** @param fraction 0 to 1, how far the stop condition is */
    default void progress(double fraction, String message) {
    }
}
