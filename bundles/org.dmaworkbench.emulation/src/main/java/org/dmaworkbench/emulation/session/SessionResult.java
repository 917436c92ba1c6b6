package org.dmaworkbench.emulation.session;

/** How a session ended and what it counted. */
public record SessionResult(Status status, String reason, long endTimeNs, SessionStatistics statistics) {

    public enum Status {
        /** The workload finished, or the time or transfer limit was reached. */
        COMPLETED,
        /** Stopped at the first dma-debug report or IOMMU fault, as asked, or at a kernel BUG. */
        STOPPED_ON_ERROR,
        CANCELED
    }

    /**
     * dmawb's exit code: 1 when anything went wrong in the emulated system (dma-debug reports, IOMMU faults, a
     * kernel BUG, a workload that stalled or delivered wrong data), else 0.
     */
    public int exitCode() {
        return statistics.findings() > 0 || statistics.dmaDebugErrors() > 0 || statistics.iommuFaults() > 0 ? 1 : 0;
    }
}
