package org.dmaworkbench.emulation.session;

import java.util.Map;

/**
 * Figures of a session at one moment (immutable). IOVA fragmentation is 1 - largest free range / total free
 * IOVA space over the session's IOVA domains (0 when nothing is fragmented or nothing is mapped).
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
        long eventsDropped) {

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
