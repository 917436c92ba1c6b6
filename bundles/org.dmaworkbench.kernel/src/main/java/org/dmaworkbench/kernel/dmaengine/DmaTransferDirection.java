package org.dmaworkbench.kernel.dmaengine;

import org.dmaworkbench.kernel.dma.DmaDirection;

/** {@code enum dma_transfer_direction} of include/linux/dmaengine.h (Linux 6.12). */
public enum DmaTransferDirection {
    MEM_TO_MEM, MEM_TO_DEV, DEV_TO_MEM, DEV_TO_DEV, TRANS_NONE;

    /** {@code is_slave_direction()} */
    public boolean isSlave() {
        return this == MEM_TO_DEV || this == DEV_TO_MEM;
    }

    /** {@code dmaengine_get_direction_text()} */
    public String text() {
        return this == TRANS_NONE ? "invalid" : name();
    }

    /**
     * The DMA-API direction of a buffer in memory the transfer reads ({@code MEM_TO_DEV}: {@code DMA_TO_DEVICE})
     * or writes ({@code DEV_TO_MEM}: {@code DMA_FROM_DEVICE}), as slave drivers pass it to {@code dma_map_sg()}.
     */
    public DmaDirection memoryDirection() {
        switch (this) {
        case MEM_TO_DEV:
            return DmaDirection.TO_DEVICE;
        case DEV_TO_MEM:
            return DmaDirection.FROM_DEVICE;
        default:
            return DmaDirection.BIDIRECTIONAL;
        }
    }
}
