package org.dmaworkbench.kernel.dmaengine;

import java.util.function.Consumer;

/**
 * {@code struct dma_async_tx_descriptor}: a prepared transfer. A client sets {@link #setCallback(Runnable)} or
 * {@link #setCallbackResult(Consumer)} (the latter wins, as in {@code dmaengine_desc_callback_invoke()}), then
 * submits it with {@link DmaEngine#dmaengineSubmit(DmaAsyncTxDescriptor)}, which gives it its cookie. Drivers
 * subclass it for their own descriptor state.
 */
public class DmaAsyncTxDescriptor {
    private final DmaChan chan;
    private long flags;
    int cookie;
    private Runnable callback;
    private Consumer<DmaengineResult> callbackResult;

    public DmaAsyncTxDescriptor(DmaChan chan, long flags) {
        this.chan = chan;
        this.flags = flags;
        this.cookie = DmaChan.EBUSY_COOKIE;
    }

    public DmaChan chan() {
        return chan;
    }

    /** {@code DMA_PREP_INTERRUPT}, {@code DMA_CTRL_ACK}, ... as given to the prep call. */
    public long flags() {
        return flags;
    }

    public void setFlags(long flags) {
        this.flags = flags;
    }

    /** The cookie: -EBUSY before submission, positive once submitted, 0 once completed ({@code dma_cookie_complete}). */
    public int cookie() {
        return cookie;
    }

    /** For drivers recycling descriptors: {@code desc->async_tx.cookie = -EBUSY} at prep time. */
    protected void setCookie(int cookie) {
        this.cookie = cookie;
    }

    /** {@code tx->callback} (with its {@code callback_param} captured by the lambda). */
    public void setCallback(Runnable callback) {
        this.callback = callback;
    }

    /** {@code tx->callback_result} */
    public void setCallbackResult(Consumer<DmaengineResult> callbackResult) {
        this.callbackResult = callbackResult;
    }

    public Runnable callback() {
        return callback;
    }

    public Consumer<DmaengineResult> callbackResult() {
        return callbackResult;
    }

    /** {@code tx->tx_submit(tx)}: the driver queues the descriptor and assigns the cookie. */
    public int txSubmit() {
        return chan.txSubmit(this);
    }

    /** {@code async_tx_ack()} */
    public void ack() {
        flags |= DmaEngine.DMA_CTRL_ACK;
    }

    /** {@code async_tx_test_ack()} */
    public boolean isAcked() {
        return (flags & DmaEngine.DMA_CTRL_ACK) != 0;
    }
}
