package org.dmaworkbench.emulation.session;

/**
 * What a session drives: an emulated board with its kernel and workload. The session calls every method on its
 * own run thread or under its state lock, never concurrently.
 */
public interface SessionTarget {

    /** Wires the target's producers (trace, kernel log, channels, peripherals) to the session's event stream. */
    void attach(EventStream events);

    /**
     * Advances the emulation by one step (one client request, one burst of hardware work, one interrupt).
     *
     * @return false when there is nothing left to do
     */
    boolean step();

    /** Virtual time in nanoseconds. */
    long nowNs();

    /** Completed DMA transfers so far (descriptors that reached their end). */
    long transfersCompleted();

    /** The figures only the target knows; the session adds its event counts. */
    SessionStatistics statistics(EventStream events);

    /**
     * Why the target stopped on its own, for a {@link #step()} that returned false because the emulated system
     * cannot go on (a kernel {@code BUG()}); null when it simply ran out of work.
     */
    default String haltReason() {
        return null;
    }

    /**
     * The live state views read (mappings, IOMMU, channels, transfers), recording from its first call on; null when
     * the target has none. The session calls it once before it runs, so that recording starts with the run.
     */
    default org.dmaworkbench.emulation.live.LiveStateModel liveState() {
        return null;
    }

    /** Ends the workload the way drivers end (unbind: dma-debug reports leaked mappings). */
    default void shutdown() {
    }
}
