package org.dmaworkbench.kernel.trace;

/** Receives trace events (the ring buffer, a UI view, a test list). */
public interface TraceSink {

    /** Whether {@code system:name} is enabled; emitters skip formatting when it is not. */
    default boolean isEnabled(String system, String name) {
        return true;
    }

    void record(TraceEvent event);
}
