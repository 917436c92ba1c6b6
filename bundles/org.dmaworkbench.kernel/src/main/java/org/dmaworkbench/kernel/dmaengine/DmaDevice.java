package org.dmaworkbench.kernel.dmaengine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/**
 * {@code struct dma_device}: a DMA controller as its driver registers it with the dmaengine core, with its
 * channels and capabilities. {@link #ofDmaXlate(OfDmaSpec)} is the {@code of_dma_xlate} the driver registers
 * with {@code of_dma_controller_register()}; the default finds nothing.
 */
public class DmaDevice {
    private final Device dev;
    private final List<DmaChan> channels = new ArrayList<>();
    int devId = -1;
    int privatecnt;
    DmaEngine engine;
    private boolean capSlave;
    private boolean capCyclic;
    private boolean capMemcpy;

    public DmaDevice(Device dev) {
        this.dev = dev;
    }

    /** {@code dma_device->dev}: the controller's struct device, the one its mappings are made for. */
    public Device dev() {
        return dev;
    }

    /** The {@code dma%d} number given at registration ({@code dma_async_device_register()}), -1 before. */
    public int devId() {
        return devId;
    }

    public DmaEngine engine() {
        return engine;
    }

    /** Adds a channel (before registration), as drivers add to {@code dma_device->channels}. */
    public void addChannel(DmaChan chan) {
        channels.add(chan);
    }

    public List<DmaChan> channels() {
        return Collections.unmodifiableList(channels);
    }

    /** {@code dma_cap_set(DMA_SLAVE / DMA_CYCLIC / DMA_MEMCPY)} */
    public void setCapabilities(boolean slave, boolean cyclic, boolean memcpy) {
        this.capSlave = slave;
        this.capCyclic = cyclic;
        this.capMemcpy = memcpy;
    }

    public boolean hasSlave() {
        return capSlave;
    }

    public boolean hasCyclic() {
        return capCyclic;
    }

    public boolean hasMemcpy() {
        return capMemcpy;
    }

    /**
     * The controller's {@code of_dma_xlate}: the channel for a {@code dmas} specifier, already obtained through
     * {@link DmaEngine#dmaRequestChannel(DmaDevice, java.util.function.Predicate)}, or null.
     */
    public DmaChan ofDmaXlate(OfDmaSpec spec) {
        return null;
    }

    @Override
    public String toString() {
        return "dma" + devId + " (" + dev.name() + ")";
    }
}
