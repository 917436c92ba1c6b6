package org.dmaworkbench.kernel.dmaengine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLog;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.device.Device;

/**
 * The dmaengine core (drivers/dma/dmaengine.c and drivers/dma/of-dma.c, Linux 6.12): the list of registered DMA
 * controllers, the {@code of_dma} controller table, channel requests by {@code dma-names} and releases, and the
 * client wrappers of include/linux/dmaengine.h as static methods with the kernel's names.
 * <p>
 * {@link #dmaRequestChan(Device, String)} walks the client's {@code dmas} the way
 * {@code of_dma_request_slave_channel()} does: it starts at the entry after a counter shared by all requests
 * ({@code last_index}, incremented per request) and tries every entry with the requested name, in order modulo
 * the count, until a controller's xlate gives a channel. On R-Car every name appears twice (dmac0 and dmac1), so
 * consecutive requests spread over both controllers exactly as on the board.
 * <p>
 * Not thread-safe: the emulated kernel runs on one thread.
 */
public final class DmaEngine {
    /** {@code enum dma_ctrl_flags} */
    public static final long DMA_PREP_INTERRUPT = 1 << 0;
    public static final long DMA_CTRL_ACK = 1 << 1;
    public static final long DMA_PREP_CONTINUE = 1 << 4;
    public static final long DMA_PREP_FENCE = 1 << 5;
    public static final long DMA_CTRL_REUSE = 1 << 6;

    private final List<DmaDevice> devices = new ArrayList<>();
    private final Map<String, DmaDevice> ofDmaControllers = new LinkedHashMap<>();
    private OfDmaResolver resolver = dev -> null;
    private KernelLog log = r -> {
    };
    private int nextDevId;
    private int lastIndex;

    public DmaEngine() {
    }

    public void setOfDmaResolver(OfDmaResolver resolver) {
        this.resolver = resolver == null ? dev -> null : resolver;
    }

    public void setKernelLog(KernelLog log) {
        this.log = log == null ? r -> {
        } : log;
    }

    /** {@code dma_async_device_register()}: gives the controller its {@code dma%d} number. */
    public void dmaAsyncDeviceRegister(DmaDevice d) {
        if (d.engine != null) {
            throw new IllegalStateException(d + " is already registered");
        }
        d.engine = this;
        d.devId = nextDevId++;
        int id = 0;
        for (DmaChan c : d.channels()) {
            c.chanId = id++;
        }
        devices.add(d);
    }

    /** {@code dma_async_device_unregister()} */
    public void dmaAsyncDeviceUnregister(DmaDevice d) {
        devices.remove(d);
        ofDmaControllers.values().removeIf(x -> x == d);
        d.engine = null;
    }

    /** {@code of_dma_controller_register(np, xlate, data)}: {@code d.ofDmaXlate} serves {@code dmas} pointing at the node. */
    public void ofDmaControllerRegister(String nodePath, DmaDevice d) {
        ofDmaControllers.put(nodePath, d);
    }

    /** {@code of_dma_controller_free()} */
    public void ofDmaControllerFree(String nodePath) {
        ofDmaControllers.remove(nodePath);
    }

    public List<DmaDevice> devices() {
        return List.copyOf(devices);
    }

    /**
     * {@code dma_request_chan()}: the channel named {@code name} in the client's {@code dma-names}, allocated and
     * held for the client, with {@code chan->name = "dma:<name>"}.
     *
     * @throws DmaEngineException {@code -ENODEV} when the node has no such dmas entry (or no dmas at all),
     *                            {@code -EPROBE_DEFER} when a matching controller has no driver registered or all
     *                            matching channels are taken
     */
    public DmaChan dmaRequestChan(Device dev, String name) {
        DmaChan chan = ofDmaRequestSlaveChannel(dev, name);
        chan.name = "dma:" + name;
        chan.slave = dev;
        return chan;
    }

    private DmaChan ofDmaRequestSlaveChannel(Device dev, String name) {
        List<OfDmaSpec> dmas = resolver.dmas(dev);
        if (dmas == null || dmas.isEmpty()) {
            throw new DmaEngineException(DmaEngineException.ENODEV,
                    dev.name() + ": no dmas property for DMA channel '" + name + "'");
        }
        int count = dmas.size();
        if (dmas.stream().anyMatch(s -> s.name() == null)) {
            log.log(new KernelLogRecord(KernelLogRecord.Level.ERR,
                    "of_dma_request_slave_channel: dma-names property of node '" + resolver.nodePath(dev)
                            + "' missing or empty", null, dev, null, null));
            throw new DmaEngineException(DmaEngineException.ENODEV, dev.name() + ": dma-names missing");
        }
        int retNoChannel = DmaEngineException.ENODEV;
        int start = ++lastIndex;
        for (int i = 0; i < count; i++) {
            OfDmaSpec spec = dmas.get((i + start) % count);
            if (!name.equals(spec.name())) {
                continue;
            }
            DmaDevice ofdma = ofDmaControllers.get(spec.controllerPath());
            DmaChan chan;
            if (ofdma != null) {
                chan = ofdma.ofDmaXlate(spec);
            } else {
                retNoChannel = DmaEngineException.EPROBE_DEFER;
                chan = null;
            }
            if (chan != null) {
                return chan;
            }
        }
        throw new DmaEngineException(retNoChannel,
                dev.name() + ": no DMA channel '" + name + "' available");
    }

    /** The request counter {@code of_dma_request_slave_channel()} starts from (its {@code last_index}). */
    public int lastIndex() {
        return lastIndex;
    }

    /**
     * {@code __dma_request_channel()} restricted to one controller (the {@code np} match): the first channel without
     * clients that {@code filter} accepts, with its resources allocated; null when there is none or allocation
     * failed.
     */
    public DmaChan dmaRequestChannel(DmaDevice d, Predicate<DmaChan> filter) {
        if (d.engine != this) {
            return null;
        }
        for (DmaChan chan : d.channels()) {
            if (chan.clientCount != 0) {
                continue;
            }
            if (filter != null && !filter.test(chan)) {
                continue;
            }
            d.privatecnt++;
            int ret = chan.deviceAllocChanResources();
            if (ret < 0) {
                d.privatecnt--;
                return null;
            }
            chan.clientCount++;
            return chan;
        }
        return null;
    }

    /** Capabilities {@link #dmaRequestChanByMask} can ask for ({@code DMA_SLAVE}, {@code DMA_MEMCPY}, ...). */
    public enum DmaCap {
        SLAVE, CYCLIC, MEMCPY
    }

    /**
     * {@code dma_request_chan_by_mask()}: the first free channel, in registration order, of a controller with
     * {@code cap}.
     *
     * @throws DmaEngineException {@code -EPROBE_DEFER} when no controller is registered yet, {@code -ENODEV} when
     *                            none has a free channel with that capability
     */
    public DmaChan dmaRequestChanByMask(DmaCap cap) {
        if (devices.isEmpty()) {
            throw new DmaEngineException(DmaEngineException.EPROBE_DEFER, "no DMA controller registered");
        }
        for (DmaDevice d : devices) {
            boolean has = cap == DmaCap.SLAVE ? d.hasSlave() : cap == DmaCap.CYCLIC ? d.hasCyclic() : d.hasMemcpy();
            if (!has) {
                continue;
            }
            DmaChan chan = dmaRequestChannel(d, null);
            if (chan != null) {
                return chan;
            }
        }
        throw new DmaEngineException(DmaEngineException.ENODEV, "no free DMA channel with " + cap);
    }

    /** {@code dma_release_channel()}: drops the client, synchronizes and frees the channel's resources. */
    public void dmaReleaseChannel(DmaChan chan) {
        if (chan.clientCount != 1) {
            log.log(new KernelLogRecord(KernelLogRecord.Level.WARNING,
                    "chan reference count " + chan.clientCount + " != 1", null, chan.dmaDev(), null, null));
        }
        chan.device().privatecnt--;
        if (chan.clientCount > 0) {
            chan.clientCount--;
            if (chan.clientCount == 0) {
                chan.deviceSynchronize();
                chan.deviceFreeChanResources();
            }
        }
        chan.name = null;
        chan.slave = null;
    }

    // ---- include/linux/dmaengine.h wrappers ----

    /** {@code dmaengine_slave_config()}: 0 or a negative errno. */
    public static int dmaengineSlaveConfig(DmaChan chan, DmaSlaveConfig config) {
        return chan.slaveConfig(config);
    }

    /** {@code dmaengine_prep_slave_sg()} */
    public static DmaAsyncTxDescriptor dmaenginePrepSlaveSg(DmaChan chan, Scatterlist[] sgl, int sgLen,
            DmaTransferDirection dir, long flags) {
        return chan == null ? null : chan.prepSlaveSg(sgl, sgLen, dir, flags);
    }

    /** {@code dmaengine_prep_slave_single()} */
    public static DmaAsyncTxDescriptor dmaenginePrepSlaveSingle(DmaChan chan, long buf, int len,
            DmaTransferDirection dir, long flags) {
        return chan == null ? null : chan.prepSlaveSingle(buf, len, dir, flags);
    }

    /** {@code dmaengine_prep_dma_cyclic()} */
    public static DmaAsyncTxDescriptor dmaenginePrepDmaCyclic(DmaChan chan, long bufAddr, long bufLen,
            long periodLen, DmaTransferDirection dir, long flags) {
        return chan == null ? null : chan.prepDmaCyclic(bufAddr, bufLen, periodLen, dir, flags);
    }

    /** {@code dmaengine_prep_dma_memcpy()} */
    public static DmaAsyncTxDescriptor dmaenginePrepDmaMemcpy(DmaChan chan, long dest, long src, long len,
            long flags) {
        return chan == null ? null : chan.prepDmaMemcpy(dest, src, len, flags);
    }

    /** {@code dmaengine_submit()}: the cookie ({@code dma_submit_error()} when negative). */
    public static int dmaengineSubmit(DmaAsyncTxDescriptor desc) {
        return desc.txSubmit();
    }

    /** {@code dma_submit_error()} */
    public static boolean dmaSubmitError(int cookie) {
        return cookie < 0;
    }

    /** {@code dma_async_issue_pending()} */
    public static void dmaAsyncIssuePending(DmaChan chan) {
        chan.issuePending();
    }

    /** {@code dmaengine_tx_status()}; {@code state} (may be null) receives last/used cookies and the residue. */
    public static DmaStatus dmaengineTxStatus(DmaChan chan, int cookie, DmaTxState state) {
        return chan.txStatus(cookie, state);
    }

    /** {@code dma_async_is_tx_complete()}; {@code state} may be null. */
    public static DmaStatus dmaAsyncIsTxComplete(DmaChan chan, int cookie, DmaTxState state) {
        return chan.txStatus(cookie, state == null ? new DmaTxState() : state);
    }

    /** {@code dmaengine_terminate_async()} */
    public static int dmaengineTerminateAsync(DmaChan chan) {
        return chan.terminateAsync();
    }

    /** {@code dmaengine_synchronize()} */
    public static void dmaengineSynchronize(DmaChan chan) {
        chan.synchronize();
    }

    /** {@code dmaengine_terminate_sync()} */
    public static int dmaengineTerminateSync(DmaChan chan) {
        return chan.terminateSync();
    }
}
