package org.dmaworkbench.emulation.session;

import java.util.Map;

/**
 * Figures of a session at one moment (immutable). IOVA bytes used add up every IOMMU domain's allocated IOVA
 * (as the allocator sees it: dma-iommu's rcache-parked ranges count as allocated); fragmentation is the worst
 * domain's 1 - largest free range / free IOVA space (0 when nothing is allocated). {@code findings} counts the
 * session's error events (dma-debug reports, IOMMU faults, kernel BUGs, stalled or wrong workloads).
 */
public record SessionStatistics(
        long virtualTimeNs,
        Map<String, Long> bytesPerChannel,
        long transfers,
        long mapCalls,
        long unmapCalls,
        long iotlbHits,
        long iotlbMisses,
        long iovaBytesUsed,
        double iovaFragmentation,
        long dmaDebugErrors,
        long iommuFaults,
        long events,
        long eventsDropped,
        long findings) {

    public SessionStatistics {
        bytesPerChannel = Map.copyOf(bytesPerChannel);
    }

    public long bytesMoved() {
        return bytesPerChannel.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return IOTLB hits / lookups, or NaN before the first lookup */
    public double iotlbHitRate() {
        long lookups = iotlbHits + iotlbMisses;
        return lookups == 0 ? Double.NaN : (double) iotlbHits / lookups;
    }
}
