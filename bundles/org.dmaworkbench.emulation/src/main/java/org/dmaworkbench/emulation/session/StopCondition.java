package org.dmaworkbench.emulation.session;

/**
 * When a session stops, besides running out of work: after a virtual time, after a number of completed
 * transfers, or at the first dma-debug report or IOMMU fault. Zero means "no limit".
 */
public record StopCondition(long virtualTimeNs, long transfers, boolean firstError) {
    public static final StopCondition WHEN_IDLE = new StopCondition(0, 0, false);

    public StopCondition {
        if (virtualTimeNs < 0 || transfers < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** @return how far the session is towards this condition, 0 to 1; -1 when only idleness ends it */
    public double fraction(long nowNs, long transfersDone) {
        double f = -1;
        if (virtualTimeNs > 0) {
            f = Math.max(f, Math.min(1.0, (double) nowNs / virtualTimeNs));
        }
        if (transfers > 0) {
            f = Math.max(f, Math.min(1.0, (double) transfersDone / transfers));
        }
        return f;
    }
}
