package org.dmaworkbench.kernel.dmaengine;

/** {@code enum dma_status} of include/linux/dmaengine.h. */
public enum DmaStatus {
    COMPLETE, IN_PROGRESS, PAUSED, ERROR, OUT_OF_ORDER
}
