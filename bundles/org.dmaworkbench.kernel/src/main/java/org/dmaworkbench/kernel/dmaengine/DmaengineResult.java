package org.dmaworkbench.kernel.dmaengine;

/** {@code struct dmaengine_result}: the result and the residue (bytes not transferred) of a finished transfer. */
public record DmaengineResult(DmaengineTxResult result, long residue) {
    /** What {@code dmaengine_desc_callback_invoke()} passes when the driver gives no result. */
    public static final DmaengineResult NOERROR = new DmaengineResult(DmaengineTxResult.NOERROR, 0);
}
