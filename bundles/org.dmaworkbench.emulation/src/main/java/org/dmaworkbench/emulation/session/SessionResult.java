package org.dmaworkbench.emulation.session;

/** How a session ended and what it counted. */
public record SessionResult(Status status, String reason, long endTimeNs, SessionStatistics statistics) {

    public enum Status {
        /** The workload finished, or the time or transfer limit was reached. */
        COMPLETED,
        /** Stopped at the first dma-debug report or IOMMU fault, as asked. */
        STOPPED_ON_ERROR,
        CANCELED
    }

    /** dmawb's exit code: 1 when dma-debug reports or IOMMU faults were found, else 0. */
    public int exitCode() {
        return statistics.dmaDebugErrors() > 0 || statistics.iommuFaults() > 0 ? 1 : 0;
    }
}
