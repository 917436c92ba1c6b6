package org.dmaworkbench.kernel.dmaengine;

import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.device.Device;

/**
 * {@code struct dma_chan} with the per-channel {@code dma_device} callbacks a driver implements (the
 * {@code device*} methods, overridden by the driver's channel class), the cookie bookkeeping of
 * drivers/dma/dmaengine.h, and the client-side wrappers of include/linux/dmaengine.h as instance methods
 * ({@link #slaveConfig}, {@link #prepSlaveSg}, ..., the same as the static {@link DmaEngine} ones).
 */
public abstract class DmaChan {
    /** {@code DMA_MIN_COOKIE} */
    public static final int DMA_MIN_COOKIE = 1;
    /** {@code tx->cookie = -EBUSY} before submission */
    public static final int EBUSY_COOKIE = -DmaEngineException.EBUSY;

    private final DmaDevice device;
    int chanId = -1;
    private int cookie = DMA_MIN_COOKIE;
    private int completedCookie = DMA_MIN_COOKIE;
    int clientCount;
    String name;
    Device slave;

    /** A channel of {@code device}; its {@code chan_id} is given when the device registers. */
    protected DmaChan(DmaDevice device) {
        this.device = device;
    }

    /** {@code chan->device} */
    public DmaDevice device() {
        return device;
    }

    /** {@code chan->device->dev}: the DMA controller's struct device (what mappings for the channel use). */
    public Device dmaDev() {
        return device.dev();
    }

    /** {@code chan->chan_id}: the channel's number in its device, in registration order (-1 before). */
    public int chanId() {
        return chanId;
    }

    /** {@code dma_chan_name()}: {@code dma<devId>chan<chanId>}, e.g. {@code dma0chan3}. */
    public String chanName() {
        return "dma" + device.devId() + "chan" + chanId;
    }

    /** {@code chan->name}: {@code "dma:<dma-name>"} while a client holds it via dma_request_chan(), else null. */
    public String name() {
        return name;
    }

    /** {@code chan->slave}: the client device, or null. */
    public Device slave() {
        return slave;
    }

    public int clientCount() {
        return clientCount;
    }

    // ---- cookies (drivers/dma/dmaengine.h) ----

    /** {@code dma_cookie_init()} */
    protected final void dmaCookieInit() {
        cookie = DMA_MIN_COOKIE;
        completedCookie = DMA_MIN_COOKIE;
    }

    /** {@code dma_cookie_assign()}: the next cookie, wrapping to DMA_MIN_COOKIE. */
    protected final int dmaCookieAssign(DmaAsyncTxDescriptor tx) {
        int c = cookie + 1;
        if (c < DMA_MIN_COOKIE) {
            c = DMA_MIN_COOKIE;
        }
        tx.cookie = c;
        cookie = c;
        return c;
    }

    /** {@code dma_cookie_complete()} */
    protected final void dmaCookieComplete(DmaAsyncTxDescriptor tx) {
        if (tx.cookie < DMA_MIN_COOKIE) {
            throw new org.dmaworkbench.kernel.KernelBug("drivers/dma/dmaengine.h", 54, "dma_cookie_complete",
                    "BUG_ON(tx->cookie < DMA_MIN_COOKIE)");
        }
        completedCookie = tx.cookie;
        tx.cookie = 0;
    }

    /** {@code dma_cookie_status()} */
    protected final DmaStatus dmaCookieStatus(int c, DmaTxState state) {
        int used = cookie;
        int complete = completedCookie;
        if (state != null) {
            state.last = complete;
            state.used = used;
            state.residue = 0;
            state.inFlightBytes = 0;
        }
        return dmaAsyncIsComplete(c, complete, used);
    }

    /** {@code dma_async_is_complete()} */
    public static DmaStatus dmaAsyncIsComplete(int c, int lastComplete, int lastUsed) {
        if (lastComplete <= lastUsed) {
            if (c <= lastComplete || c > lastUsed) {
                return DmaStatus.COMPLETE;
            }
        } else if (c <= lastComplete && c > lastUsed) {
            return DmaStatus.COMPLETE;
        }
        return DmaStatus.IN_PROGRESS;
    }

    /** The last cookie assigned ({@code chan->cookie}). */
    public int lastCookie() {
        return cookie;
    }

    /** The last cookie completed ({@code chan->completed_cookie}). */
    public int completedCookie() {
        return completedCookie;
    }

    /**
     * {@code dmaengine_desc_get_callback_invoke()}: calls {@code callback_result} with {@code result} (or a
     * no-error result when null), else {@code callback}.
     */
    protected static void dmaengineDescCallbackInvoke(DmaAsyncTxDescriptor tx, DmaengineResult result) {
        if (tx.callbackResult() != null) {
            tx.callbackResult().accept(result == null ? DmaengineResult.NOERROR : result);
        } else if (tx.callback() != null) {
            tx.callback().run();
        }
    }

    // ---- the dma_device callbacks, per channel ----

    /** {@code device_alloc_chan_resources}: number of descriptors allocated, or a negative errno. */
    protected abstract int deviceAllocChanResources();

    /** {@code device_free_chan_resources} */
    protected abstract void deviceFreeChanResources();

    /** {@code device_config}: 0 or a negative errno. */
    protected int deviceConfig(DmaSlaveConfig config) {
        return -DmaEngineException.ENOSYS;
    }

    /** {@code device_prep_slave_sg}: null when the driver cannot prepare it. */
    protected DmaAsyncTxDescriptor devicePrepSlaveSg(Scatterlist[] sgl, int sgLen, DmaTransferDirection dir,
            long flags) {
        return null;
    }

    /** {@code device_prep_dma_cyclic} */
    protected DmaAsyncTxDescriptor devicePrepDmaCyclic(long bufAddr, long bufLen, long periodLen,
            DmaTransferDirection dir, long flags) {
        return null;
    }

    /** {@code device_prep_dma_memcpy} */
    protected DmaAsyncTxDescriptor devicePrepDmaMemcpy(long dest, long src, long len, long flags) {
        return null;
    }

    /** {@code tx->tx_submit}: queue and assign the cookie. */
    protected abstract int txSubmit(DmaAsyncTxDescriptor tx);

    /** {@code device_issue_pending} */
    protected abstract void deviceIssuePending();

    /** {@code device_tx_status} */
    protected abstract DmaStatus deviceTxStatus(int cookie, DmaTxState state);

    /** {@code device_terminate_all}: 0 or a negative errno. */
    protected int deviceTerminateAll() {
        return -DmaEngineException.ENOSYS;
    }

    /** {@code device_pause}: 0 or a negative errno. */
    protected int devicePause() {
        return -DmaEngineException.ENOSYS;
    }

    /** {@code device_synchronize}: waits until no callback of the channel runs any more. */
    protected void deviceSynchronize() {
    }

    // ---- client API (include/linux/dmaengine.h wrappers) ----

    /** {@code dmaengine_slave_config()}: 0 or a negative errno. */
    public final int slaveConfig(DmaSlaveConfig config) {
        return deviceConfig(config);
    }

    /** {@code dmaengine_prep_slave_sg()}: the descriptor, or null. */
    public final DmaAsyncTxDescriptor prepSlaveSg(Scatterlist[] sgl, int sgLen, DmaTransferDirection dir,
            long flags) {
        return devicePrepSlaveSg(sgl, sgLen, dir, flags);
    }

    /** {@code dmaengine_prep_slave_single()}: a one-entry list with {@code buf} as its DMA address. */
    public final DmaAsyncTxDescriptor prepSlaveSingle(long buf, int len, DmaTransferDirection dir, long flags) {
        Scatterlist sg = new Scatterlist();
        sg.setDma(buf, len);
        return devicePrepSlaveSg(new Scatterlist[] { sg }, 1, dir, flags);
    }

    /** {@code dmaengine_prep_dma_cyclic()} */
    public final DmaAsyncTxDescriptor prepDmaCyclic(long bufAddr, long bufLen, long periodLen,
            DmaTransferDirection dir, long flags) {
        return devicePrepDmaCyclic(bufAddr, bufLen, periodLen, dir, flags);
    }

    /** {@code dmaengine_prep_dma_memcpy()} */
    public final DmaAsyncTxDescriptor prepDmaMemcpy(long dest, long src, long len, long flags) {
        return devicePrepDmaMemcpy(dest, src, len, flags);
    }

    /** {@code dma_async_issue_pending()} */
    public final void issuePending() {
        deviceIssuePending();
    }

    /** {@code dmaengine_tx_status()}; {@code state} may be null. */
    public final DmaStatus txStatus(int c, DmaTxState state) {
        return deviceTxStatus(c, state);
    }

    /** {@code dmaengine_terminate_async()} */
    public final int terminateAsync() {
        return deviceTerminateAll();
    }

    /** {@code dmaengine_pause()} */
    public final int pause() {
        return devicePause();
    }

    /** {@code dmaengine_synchronize()} */
    public final void synchronize() {
        deviceSynchronize();
    }

    /** {@code dmaengine_terminate_sync()} */
    public final int terminateSync() {
        int ret = terminateAsync();
        if (ret != 0) {
            return ret;
        }
        synchronize();
        return 0;
    }

    @Override
    public String toString() {
        return chanName();
    }
}
