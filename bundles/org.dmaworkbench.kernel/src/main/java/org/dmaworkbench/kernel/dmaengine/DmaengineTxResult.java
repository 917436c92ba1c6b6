package org.dmaworkbench.kernel.dmaengine;

/** {@code enum dmaengine_tx_result}: how a transfer ended, passed to {@code callback_result}. */
public enum DmaengineTxResult {
    /** {@code DMA_TRANS_NOERROR} */
    NOERROR,
    /** {@code DMA_TRANS_READ_FAILED}: the source read failed */
    READ_FAILED,
    /** {@code DMA_TRANS_WRITE_FAILED}: the destination write failed */
    WRITE_FAILED,
    /** {@code DMA_TRANS_ABORTED}: never submitted, or aborted */
    ABORTED
}
