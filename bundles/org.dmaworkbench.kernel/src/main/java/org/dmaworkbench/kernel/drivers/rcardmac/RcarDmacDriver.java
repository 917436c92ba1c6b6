package org.dmaworkbench.kernel.drivers.rcardmac;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.dmac.RcarDmacInterruptHandler;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaMapping;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaDevice;
import org.dmaworkbench.kernel.dmaengine.OfDmaSpec;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * {@code struct rcar_dmac} and {@code rcar_dmac_probe()} of drivers/dma/sh/rcar-dmac.c (Linux 6.12): the DMA
 * controller as a dmaengine provider. Probe sets the 40-bit masks and the maximum segment size (the 24-bit
 * count), reads {@code dma-channels} / {@code dma-channel-mask}, leaves channel 0 unused when the controller is
 * behind an IOMMU, clears the channels and enables the controller ({@code DMAOR = PRI_FIXED | DME}), and
 * registers the channels and the {@code of_dma} translation ({@code rcar_dmac_of_xlate}: the first free channel
 * whose MID/RID is not yet taken on this controller).
 * <p>
 * The match data decides where the channels are ({@code rcar_dmac_of_data}): {@code renesas,rcar-dmac} has them
 * in the controller's window from 0x8000, 0x80 apart, cleared through DMACHCLR by bit mask; the Gen4 controller
 * ({@code renesas,rcar-gen4-dmac}, {@code renesas,dmac-r8a779a0}: {@code chan_offset_base} 0) has them in its
 * second register window ({@code dmac->chan_base}, {@code reg} entry 1), 0x1000 apart, each cleared by writing 1
 * to its own {@code RCAR_GEN4_DMACHCLR} (0x100) ({@code rcar_dmac_chan_clear()}, {@code rcar_dmac_chan_clear_all()}).
 */
public final class RcarDmacDriver {
    public static final String DRIVER_NAME = "rcar-dmac";
    static final int RCAR_DMAOR = 0x0060;
    static final int RCAR_DMAOR_PRI_FIXED = 0 << 8;
    static final int RCAR_DMAOR_AE = 1 << 2;
    static final int RCAR_DMAOR_DME = 1 << 0;
    static final int RCAR_DMACHCLR = 0x0080;
    /** {@code rcar_dmac_data}: channel registers from 0x8000, 0x80 apart */
    static final int CHAN_OFFSET_BASE = 0x8000;
    static final int CHAN_OFFSET_STRIDE = 0x80;
    /** {@code rcar_gen4_dmac_data}: chan_offset_base 0 (a window of their own), 0x1000 apart */
    static final int GEN4_CHAN_OFFSET_STRIDE = 0x1000;
    /** {@code RCAR_GEN4_DMACHCLR}, in each channel's registers */
    static final int RCAR_GEN4_DMACHCLR = 0x0100;
    static final int RCAR_DMAC_MAX_CHANNELS = 32;

    private final Machine machine;
    private final Device dev;
    private final RcarDmac hw;
    private final long base;
    /** {@code dmac->chan_base}: the Gen4 channel window ({@link #hasChanBase}) */
    private long chanBase;
    private boolean hasChanBase;
    private final BitSet modules = new BitSet(256);
    private final DmaDevice engine;
    private int nChannels;
    private int channelsMask;
    private final List<RcarDmacChan> channels = new ArrayList<>();

    private RcarDmacDriver(Machine machine, Device dev, RcarDmac hw, long base) {
        this.machine = machine;
        this.dev = dev;
        this.hw = hw;
        this.base = base;
        this.engine = new DmaDevice(dev) {
            @Override
            public DmaChan ofDmaXlate(OfDmaSpec spec) {
                return ofXlate(spec);
            }
        };
    }

    /**
     * {@code rcar_dmac_probe()}. @return the driver instance, or null when probing failed (the reason is in the
     * kernel log)
     */
    public static RcarDmacDriver probe(Machine machine, Device dev, DtNode node, RcarDmac hw, long regBase) {
        RcarDmacDriver dmac = new RcarDmacDriver(machine, dev, hw, regBase);
        DmaMapping api = machine.dma();
        dev.setDriverName(DRIVER_NAME);
        // of_device_get_match_data(): the node's most specific compatible in rcar_dmac_of_ids
        boolean gen4 = false;
        for (String c : node.compatible()) {
            if (c.equals("renesas,rcar-dmac")) {
                break;
            }
            if (c.equals("renesas,rcar-gen4-dmac") || c.equals("renesas,dmac-r8a779a0")) {
                gen4 = true;
                break;
            }
        }
        api.dmaSetMaxSegSize(dev, 0x00ffffff);
        if (api.dmaSetMaskAndCoherent(dev, DmaMapping.dmaBitMask(40)) != 0) {
            return null;
        }
        long n = node.u32("dma-channels").orElse(-1);
        if (n < 0) {
            machine.devPrintk(Level.ERR, dev, "unable to read dma-channels property");
            return null;
        }
        if (n <= 0 || n >= RCAR_DMAC_MAX_CHANNELS) {
            machine.devPrintk(Level.ERR, dev, "invalid number of channels " + n);
            return null;
        }
        dmac.nChannels = (int) n;
        int all = (int) ((1L << n) - 1);
        dmac.channelsMask = all;
        node.u32("dma-channel-mask").ifPresent(m -> dmac.channelsMask = (int) (long) m);
        dmac.channelsMask &= all;
        if (dev.isIommuMapped()) {
            dmac.channelsMask &= ~1;
        }
        if (gen4) {
            // devm_platform_ioremap_resource(pdev, 1): the channel registers
            var pd = machine.platformDevice(dev);
            if (pd == null || pd.reg().size() < 2) {
                machine.devPrintk(Level.ERR, dev, "invalid resource (null)");
                return null;
            }
            dmac.chanBase = pd.reg().get(1).address();
            dmac.hasChanBase = true;
        }
        if (dmac.init() != 0) {
            machine.devPrintk(Level.ERR, dev, "failed to reset device");
            return null;
        }
        dmac.engine.setCapabilities(true, false, true);
        for (int i = 0; i < dmac.nChannels; i++) {
            if ((dmac.channelsMask & (1 << i)) == 0) {
                continue;
            }
            RcarDmacChan c = new RcarDmacChan(dmac, i, dmac.chanIomem(i));
            dmac.channels.add(c);
            dmac.engine.addChannel(c);
        }
        hw.addInterruptHandler(new RcarDmacInterruptHandler() {
            @Override
            public void channelInterrupt(RcarDmac d, int channel) {
                RcarDmacChan c = dmac.channel(channel);
                if (c != null) {
                    c.interrupt();
                }
            }
        });
        machine.dmaEngine().ofDmaControllerRegister(node.path(), dmac.engine);
        machine.dmaEngine().dmaAsyncDeviceRegister(dmac.engine);
        return dmac;
    }

    /** {@code chan->iomem} of channel {@code i}: {@code chan_base + i * chan_offset_stride}. */
    private long chanIomem(int i) {
        return hasChanBase ? chanBase + (long) i * GEN4_CHAN_OFFSET_STRIDE
                : base + CHAN_OFFSET_BASE + (long) i * CHAN_OFFSET_STRIDE;
    }

    /** Whether the channels are in a window of their own ({@code dmac->chan_base}, Gen4). */
    public boolean hasChanBase() {
        return hasChanBase;
    }

    /** {@code rcar_dmac_chan_clear_all()} */
    private void chanClearAll() {
        var bus = machine.platform().bus();
        if (hasChanBase) {
            for (int i = 0; i < nChannels; i++) {
                if ((channelsMask & (1 << i)) != 0) {
                    bus.write32(chanIomem(i) + RCAR_GEN4_DMACHCLR, 1);
                }
            }
        } else {
            bus.write32(base + RCAR_DMACHCLR, channelsMask);
        }
    }

    /** {@code rcar_dmac_init()}: clear all channels, enable the controller, check DMAOR. */
    private int init() {
        var bus = machine.platform().bus();
        chanClearAll();
        bus.write16(base + RCAR_DMAOR, RCAR_DMAOR_PRI_FIXED | RCAR_DMAOR_DME);
        int dmaor = bus.read16(base + RCAR_DMAOR);
        if ((dmaor & (RCAR_DMAOR_AE | RCAR_DMAOR_DME)) != RCAR_DMAOR_DME) {
            machine.devPrintk(Level.WARNING, dev, "DMAOR initialization failed.");
            return -5;
        }
        return 0;
    }

    /** {@code rcar_dmac_chan_clear()}: the channel's RCAR_GEN4_DMACHCLR on Gen4, its bit of DMACHCLR before. */
    void chanClear(RcarDmacChan c) {
        if (hasChanBase) {
            c.write(RCAR_GEN4_DMACHCLR, 1);
        } else {
            machine.platform().bus().write32(base + RCAR_DMACHCLR, 1 << c.index());
        }
    }

    /** {@code rcar_dmac_of_xlate()} with {@code rcar_dmac_chan_filter()}. */
    private DmaChan ofXlate(OfDmaSpec spec) {
        if (spec.args().length != 1) {
            return null;
        }
        int midRid = spec.args()[0];
        DmaChan chan = machine.dmaEngine().dmaRequestChannel(engine, c -> {
            if (midRid < 0 || midRid >= 256 || modules.get(midRid)) {
                return false;
            }
            modules.set(midRid);
            return true;
        });
        if (chan == null) {
            return null;
        }
        ((RcarDmacChan) chan).midRid = midRid;
        return chan;
    }

    Machine machine() {
        return machine;
    }

    /** The dmaengine provider ({@code dmac->engine}). */
    public DmaDevice engine() {
        return engine;
    }

    public Device device() {
        return dev;
    }

    public RcarDmac hardware() {
        return hw;
    }

    /** The MID/RIDs in use on this controller ({@code dmac->modules}). */
    BitSet modules() {
        return modules;
    }

    /** Whether a MID/RID is taken by a channel of this controller. */
    public boolean isModuleInUse(int midRid) {
        return modules.get(midRid);
    }

    public int channelsMask() {
        return channelsMask;
    }

    /** The channel with hardware index {@code index}, or null when it is masked out. */
    public RcarDmacChan channel(int index) {
        for (RcarDmacChan c : channels) {
            if (c.index() == index) {
                return c;
            }
        }
        return null;
    }

    public List<RcarDmacChan> channels() {
        return List.copyOf(channels);
    }

    @Override
    public String toString() {
        return DRIVER_NAME + " " + dev.name();
    }
}
