package org.dmaworkbench.kernel.dma;

/**
 * The cache maintenance a non-coherent device's mappings cause ({@code arch_sync_dma_for_device()} /
 * {@code arch_sync_dma_for_cpu()}): a cache model or a view listens here. Defaults do nothing.
 */
public interface ArchDmaSync {

    /** Clean (TO_DEVICE) or clean+invalidate (FROM_DEVICE/BIDIRECTIONAL) before the device accesses the buffer. */
    default void syncForDevice(long phys, long size, DmaDirection dir) {
    }

    /** Invalidate after the device wrote (FROM_DEVICE/BIDIRECTIONAL), before the CPU reads. */
    default void syncForCpu(long phys, long size, DmaDirection dir) {
    }

    ArchDmaSync NONE = new ArchDmaSync() {
    };
}
