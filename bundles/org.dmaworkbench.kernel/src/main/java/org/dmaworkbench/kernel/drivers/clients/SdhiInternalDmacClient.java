package org.dmaworkbench.kernel.drivers.clients;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * The SD host driver of R-Car Gen3/Gen4 and RZ/G2 SDHIs with their own DMAC, as Linux 6.12 runs it:
 * drivers/mmc/host/renesas_sdhi_internal_dmac.c on renesas_sdhi_core.c and tmio_mmc_core.c, driven by the mmc block
 * layer's {@code pre_req}/request/{@code post_req}.
 * <ul>
 * <li>Probe ({@code renesas_sdhi_internal_dmac_probe()}, {@code renesas_sdhi_probe()},
 * {@code tmio_mmc_host_probe()}): {@code dma_set_max_seg_size(dev, 0xffffffff)}; the DMA mask stays the 32-bit
 * default of an OF platform device (the driver sets none; DM_DTRAN_ADDR is written with {@code writel()});
 * {@code max_segs} 1, {@code max_blk_count} UINT_MAX / 512, {@code max_req_size} = {@code max_seg_size} =
 * 512 * max_blk_count (dma_max_mapping_size() is SIZE_MAX here: no swiotlb is modelled); the quirks of the match
 * data ({@code fixed_addr_mode} on RZ/A2, RZ/G2L, RZ/V2M, RZ/V2H) and, given a SoC revision, of
 * {@code sdhi_quirks_match} ({@code dma_one_rx_only} and {@code old_info1_layout} on r8a7796 ES1.0); the reset
 * ({@code tmio_mmc_reset()}: CTL_RESET_SD, {@code renesas_sdhi_internal_dmac_abort_dma()}'s DM_CM_RST pair),
 * the interrupt mask, and {@code renesas_sdhi_internal_dmac_request_dma()} (INFO1/INFO2 masked and cleared).</li>
 * <li>A request: {@code renesas_sdhi_internal_dmac_pre_req()} maps the scatterlist with {@code dma_map_sg()} on
 * the SDHI's own device ({@code &host->pdev->dev}), direction from the data ({@code mmc_get_dma_dir()}), and
 * unmaps it again when the first segment's DMA address is not 128-byte aligned; {@code tmio_mmc_start_data()}
 * (XFER_LEN, the 32-bit block count), {@code renesas_sdhi_internal_dmac_start_dma()} (maps now unless pre-mapped,
 * the same alignment check, falls back to PIO when either fails; else INFO1_MASK, CTL_DMA_ENABLE and HOST_MODE
 * for 64-bit, DM_CM_DTRAN_MODE, DM_DTRAN_ADDR), {@code tmio_mmc_start_command()}; the CMDRESPEND interrupt queues
 * {@code renesas_sdhi_internal_dmac_issue_work_fn()} (DATAEND unmasked, DM_START); DATAEND and DTRANEND each set
 * an end flag and the second queues {@code renesas_sdhi_internal_dmac_complete_work_fn()} (DMA disabled, unmap
 * when mapped in start_dma, {@code tmio_mmc_do_data_irq()}); {@code tmio_mmc_done_work()} finishes the request and
 * the block layer's {@code post_req} unmaps a pre-mapped list with {@code dma_unmap_sg()}. Without DMA the data go
 * through the data port 16 bits at a time on RXRDY/TXRQ interrupts ({@code tmio_mmc_pio_irq()}). A request that
 * sees no interrupt for CMDREQ_TIMEOUT (5 s) is failed by {@code tmio_mmc_reset_work()}.</li>
 * <li>One interrupt line for TMIO and DMAC ({@code tmio_mmc_irq()}), level-triggered: it runs again while the
 * hardware still asserts it.</li>
 * </ul>
 * The mmc block layer never hands this host more than {@code max_segs} = 1 segment per request, so a buffer of
 * several pieces is several requests, one per piece. Card initialisation (CMD0, ACMD41, ...), clocks, tuning and
 * runtime PM are not modelled: the card is ready when the driver probes.
 */
public final class SdhiInternalDmacClient extends ClientDriver implements SdHost {
    public static final String DRIVER_NAME = "renesas_sdhi_internal_dmac";
    // tmio_mmc.h
    static final int CTL_SD_CMD = 0x00;
    static final int CTL_ARG_REG = 0x04;
    static final int CTL_STOP_INTERNAL_ACTION = 0x08;
    static final int CTL_XFER_BLK_COUNT = 0x0a;
    static final int CTL_RESPONSE = 0x0c;
    static final int CTL_STATUS = 0x1c;
    static final int CTL_IRQ_MASK = 0x20;
    static final int CTL_SD_CARD_CLK_CTL = 0x24;
    static final int CTL_SD_XFER_LEN = 0x26;
    static final int CTL_SD_MEM_CARD_OPT = 0x28;
    static final int CTL_SD_DATA_PORT = 0x30;
    static final int CTL_TRANSACTION_CTL = 0x34;
    static final int CTL_DMA_ENABLE = 0xd8;
    static final int CTL_RESET_SD = 0xe0;
    static final int CTL_VERSION = 0xe2;
    /** renesas_sdhi_core.c */
    static final int CTL_HOST_MODE = 0xe4;
    static final int HOST_MODE_GEN3_16BIT = 1;
    static final int HOST_MODE_GEN3_64BIT = 0;
    static final int SDHI_VER_GEN3_SD = 0xcc10;
    static final int TMIO_STOP_SEC = 1 << 8;
    static final int TMIO_STAT_CMDRESPEND = 1 << 0;
    static final int TMIO_STAT_DATAEND = 1 << 2;
    static final int TMIO_STAT_CARD_REMOVE = 1 << 3;
    static final int TMIO_STAT_CARD_INSERT = 1 << 4;
    static final int TMIO_STAT_CRCFAIL = 1 << 17;
    static final int TMIO_STAT_STOPBIT_ERR = 1 << 18;
    static final int TMIO_STAT_DATATIMEOUT = 1 << 19;
    static final int TMIO_STAT_TXUNDERRUN = 1 << 21;
    static final int TMIO_STAT_CMDTIMEOUT = 1 << 22;
    static final int TMIO_STAT_RXRDY = 1 << 24;
    static final int TMIO_STAT_TXRQ = 1 << 25;
    static final int TMIO_STAT_ALWAYS_SET_27 = 1 << 27;
    static final int TMIO_STAT_SCLKDIVEN = 1 << 29;
    static final int TMIO_STAT_CMD_BUSY = 1 << 30;
    static final int TMIO_MASK_ALL_RCAR2 = 0x8b7f031d;
    static final int TMIO_MASK_READOP = TMIO_STAT_RXRDY | TMIO_STAT_DATAEND;
    static final int TMIO_MASK_WRITEOP = TMIO_STAT_TXRQ | TMIO_STAT_DATAEND;
    static final int TMIO_MASK_CMD = TMIO_STAT_CMDRESPEND | TMIO_STAT_CMDTIMEOUT | TMIO_STAT_CARD_REMOVE
            | TMIO_STAT_CARD_INSERT;
    static final int TMIO_MASK_IRQ = TMIO_MASK_READOP | TMIO_MASK_WRITEOP | TMIO_MASK_CMD;
    static final int DMA_ENABLE_DMASDRW = 1 << 1;
    static final int TMIO_MAX_BLK_SIZE = 512;
    // tmio_mmc_core.c
    static final int RESP_R1 = 0x0400;
    static final int DATA_PRESENT = 0x0800;
    static final int TRANSFER_READ = 0x1000;
    static final int TRANSFER_MULTI = 0x2000;
    static final long CMDREQ_TIMEOUT_MS = 5000;
    // renesas_sdhi_internal_dmac.c
    static final int DM_CM_DTRAN_MODE = 0x820;
    static final int DM_CM_DTRAN_CTRL = 0x828;
    static final int DM_CM_RST = 0x830;
    static final int DM_CM_INFO1 = 0x840;
    static final int DM_CM_INFO1_MASK = 0x848;
    static final int DM_CM_INFO2 = 0x850;
    static final int DM_CM_INFO2_MASK = 0x858;
    static final int DM_DTRAN_ADDR = 0x880;
    static final int DTRAN_MODE_CH_NUM_CH0 = 0;
    static final int DTRAN_MODE_CH_NUM_CH1 = 1 << 16;
    static final int DTRAN_MODE_BUS_WIDTH = (1 << 5) | (1 << 4);
    static final int DTRAN_MODE_ADDR_MODE = 1 << 0;
    static final int DTRAN_CTRL_DM_START = 1 << 0;
    static final int RST_DTRANRST1 = 1 << 9;
    static final int RST_DTRANRST0 = 1 << 8;
    static final int RST_RESERVED_BITS = 0xffffffff;
    static final int INFO1_MASK_CLEAR = 0xffffffff;
    static final int INFO1_DTRANEND1 = 1 << 20;
    static final int INFO1_DTRANEND1_OLD = 1 << 17;
    static final int INFO1_DTRANEND0 = 1 << 16;
    static final int INFO2_MASK_CLEAR = 0xffffffff;
    /** UINT_MAX / TMIO_MAX_BLK_SIZE: "DMAC can handle 32bit blk count but only 1 segment" */
    static final long MAX_BLK_COUNT = 0xffffffffL / TMIO_MAX_BLK_SIZE;
    private static final int ETIMEDOUT = 110;
    private static final int EILSEQ = 84;
    private static final long TIMEOUT_PS = 10 * VirtualClock.PS_PER_SECOND;

    /** {@code enum renesas_sdhi_dma_cookie} */
    enum Cookie {
        UNMAPPED, PRE_MAPPED, MAPPED
    }

    /** The DMA-relevant fields of {@code struct renesas_sdhi_quirks}. */
    public record Quirks(boolean fixedAddrMode, boolean dmaOneRxOnly, boolean oldInfo1Layout) {
        public static final Quirks NONE = new Quirks(false, false, false);

        /**
         * The match data's quirks ({@code renesas_sdhi_internal_dmac_of_match}: fixed_addr_mode for RZ/A2 and the
         * RZ/G2L family), overridden as {@code soc_device_match(sdhi_quirks_match)} does when {@code socRevision}
         * (e.g. "ES1.0") is given for one of the SoCs it lists: r8a7796 ES1.0 has dma_one_rx_only and
         * old_info1_layout, every other entry none of the three.
         */
        public static Quirks of(List<String> compatible, List<String> rootCompatible, String socRevision) {
            Quirks q = NONE;
            for (String c : compatible) {
                if (OF_MATCH.contains(c)) {
                    // the node's most specific string the table lists decides
                    if (FIXED_ADDR_MODE.contains(c)) {
                        q = new Quirks(true, false, false);
                    }
                    break;
                }
            }
            if (socRevision != null) {
                String soc = null;
                for (String s : List.of("r8a774a1", "r8a7795", "r8a7796", "r8a77980")) {
                    if (rootCompatible.contains("renesas," + s)) {
                        soc = s;
                    }
                }
                if ("r8a7796".equals(soc) && socRevision.equals("ES1.0")) {
                    q = new Quirks(false, true, true);
                } else if (("r8a774a1".equals(soc) && socRevision.matches("ES1\\.[012]"))
                        || ("r8a7795".equals(soc) && socRevision.equals("ES2.0"))
                        || ("r8a7796".equals(soc) && socRevision.startsWith("ES1."))
                        || ("r8a77980".equals(soc) && socRevision.startsWith("ES1."))) {
                    q = NONE; // HS400/tap quirks only
                }
            }
            return q;
        }
    }

    /** One mmc request with its data ({@code struct mmc_request} + {@code struct mmc_data}). */
    private static final class Request {
        final Scatterlist[] sg;
        final int blocks;
        final boolean read;
        final long lba;
        final int opcode;
        Cookie cookie = Cookie.UNMAPPED;
        int cmdError;
        int dataError;
        boolean usedDma;
        boolean done;
        int sgOff;

        Request(Scatterlist sg, boolean read, long lba) {
            this.sg = new Scatterlist[] {sg};
            this.blocks = sg.length() / TMIO_MAX_BLK_SIZE;
            this.read = read;
            this.lba = lba;
            this.opcode = read ? (blocks > 1 ? 18 : 17) : (blocks > 1 ? 25 : 24);
        }

        DmaDirection dir() {
            return read ? DmaDirection.FROM_DEVICE : DmaDirection.TO_DEVICE;
        }
    }

    /** {@code renesas_sdhi_internal_dmac_of_match} of Linux 6.12 */
    static final Set<String> OF_MATCH = Set.of("renesas,sdhi-r7s9210", "renesas,sdhi-mmc-r8a77470",
            "renesas,sdhi-r8a774b1", "renesas,sdhi-r8a774c0", "renesas,sdhi-r8a774e1", "renesas,sdhi-r8a7795",
            "renesas,sdhi-r8a77961", "renesas,sdhi-r8a77965", "renesas,sdhi-r8a77970", "renesas,sdhi-r8a77990",
            "renesas,sdhi-r8a77995", "renesas,sdhi-r9a09g011", "renesas,sdhi-r9a09g057", "renesas,rzg2l-sdhi",
            "renesas,rcar-gen3-sdhi", "renesas,rcar-gen4-sdhi");
    /** its entries with {@code sdhi_quirks_fixed_addr} or {@code sdhi_quirks_rzg2l} (of_rza2/of_rzg2l_compatible) */
    static final Set<String> FIXED_ADDR_MODE = Set.of("renesas,sdhi-r7s9210", "renesas,sdhi-r9a09g011",
            "renesas,sdhi-r9a09g057", "renesas,rzg2l-sdhi");

    /** {@code global_flags}' SDHI_INTERNAL_DMAC_RX_IN_USE, one per machine (a module static in the kernel). */
    private static final Map<Machine, boolean[]> RX_IN_USE = new WeakHashMap<>();

    private static final Set<DriverBug> SUPPORTED = Collections.unmodifiableSet(EnumSet.noneOf(DriverBug.class));

    private final Device host;
    private final Sdhi sdhi;
    private final long ctl;
    private final int busShift;
    private final Quirks quirks;
    private final int dmaIrqs;
    private int sdcardIrqMask;
    private final int sdcardIrqMaskAll = TMIO_MASK_ALL_RCAR2;
    private final int sdcardIrqSetbitMask = TMIO_STAT_ALWAYS_SET_27;
    /** {@code host->chan_rx}/{@code chan_tx} set: DMA in use */
    private boolean chans;
    private boolean dmaOn;
    private boolean endFlagDma;
    private boolean endFlagAccess;
    private boolean usePreReq = true;
    private Request mrq;
    private Request data;
    private boolean cmdPending;
    /** the handler devm_request_irq() installed, until remove */
    private boolean irqRequested;
    private VirtualClock.Event resetWork;
    private final long maxReqSize;
    private long dmaRequests;
    private long pioRequests;

    /** Probes the SDHI {@code node} (label, path or dev_name) with the quirks its compatible strings give. */
    public SdhiInternalDmacClient(Machine machine, String node) {
        this(machine, node, null);
    }

    /**
     * Probes the SDHI {@code node}; {@code socRevision} (e.g. "ES1.0", null when unknown) selects the quirks
     * {@code soc_device_match()} would find for the board's SoC.
     *
     * @throws IllegalArgumentException when the node is no SDHI with an internal DMAC
     */
    public SdhiInternalDmacClient(Machine machine, String node, String socRevision) {
        super(machine);
        this.host = machine.device(node).orElseThrow(() -> new IllegalArgumentException(
                "no enabled device \"" + node + "\" in the device tree"));
        PlatformDevice pd = machine.platformDevice(host);
        if (!(pd.model() instanceof Sdhi s) || s.dma() != Sdhi.Dma.INTERNAL_DMAC) {
            throw new IllegalArgumentException(node + " (" + pd.path() + ") is not an SDHI with an internal DMAC"
                    + (pd.model() instanceof Sdhi ? "; its DMA is the SYS-DMAC (SdhiClient)" : ""));
        }
        this.sdhi = s;
        this.ctl = pd.reg().get(0).address();
        this.busShift = 2; // of_data_rcar_gen3 / of_data_rza2: bus_shift = 2
        this.quirks = Quirks.of(pd.compatible(), machine.platform().tree().root().compatible(), socRevision);
        // the revision is the silicon's: the hardware has the layout the driver expects of it
        sdhi.setOldInfo1Layout(quirks.oldInfo1Layout());
        this.dmaIrqs = INFO1_DTRANEND0 | (quirks.oldInfo1Layout() ? INFO1_DTRANEND1_OLD : INFO1_DTRANEND1);
        this.maxReqSize = TMIO_MAX_BLK_SIZE * MAX_BLK_COUNT;
        in("renesas_sdhi_internal_dmac_probe", this::probe);
    }

    private void probe() {
        host.setDriverName(DRIVER_NAME);
        // value is max of SD_SECCNT
        api().dmaSetMaxSegSize(host, 0xffffffffL);
        in("renesas_sdhi_probe", () -> {
            in("renesas_sdhi_clk_enable", () -> sdbufWidth(16));
            read16(CTL_VERSION);
            write32As16And16(CTL_IRQ_MASK, sdcardIrqMaskAll);
            sdhi.setInterruptHandler(x -> machine.raiseIrq(host.name(), this::irq));
            irqRequested = true;
            in("tmio_mmc_host_probe", () -> {
                tmioMmcReset();
                in("renesas_sdhi_internal_dmac_request_dma", () -> {
                    writel(INFO1_MASK_CLEAR, DM_CM_INFO1_MASK);
                    writel(INFO2_MASK_CLEAR, DM_CM_INFO2_MASK);
                    writel(0, DM_CM_INFO1);
                    writel(0, DM_CM_INFO2);
                    chans = true;
                });
            });
        });
    }

    @Override
    public String driverName() {
        return DRIVER_NAME;
    }

    @Override
    public Set<DriverBug> supportedBugs() {
        return SUPPORTED;
    }

    @Override
    public Device device() {
        return host;
    }

    @Override
    public Sdhi hardware() {
        return sdhi;
    }

    public Quirks quirks() {
        return quirks;
    }

    /** {@code mmc->max_segs} */
    public int maxSegs() {
        return 1;
    }

    /** {@code mmc->max_req_size} (= {@code max_seg_size}) */
    public long maxReqSize() {
        return maxReqSize;
    }

    /** Requests whose data went through the DMAC, and through the data port (PIO). */
    public long dmaRequests() {
        return dmaRequests;
    }

    public long pioRequests() {
        return pioRequests;
    }

    /**
     * Whether requests come through the block layer, which maps in {@code pre_req} and unmaps in {@code post_req}
     * (the default), or as {@code mmc_wait_for_req()} callers send them, mapped in {@code start_dma} and unmapped
     * when the DMA completes.
     */
    public void setPreReq(boolean usePreReq) {
        this.usePreReq = usePreReq;
    }


    /** {@code renesas_sdhi_remove()}: {@code tmio_mmc_host_remove()} releases the DMA and masks every interrupt. */
    @Override
    public void release() {
        in("renesas_sdhi_remove", () -> in("tmio_mmc_host_remove", () -> {
            chans = false; // renesas_sdhi_internal_dmac_release_dma()
            disableMmcIrqs(sdcardIrqMaskAll);
            sdhi.setInterruptHandler(null); // devm_request_irq()'s handler goes with the driver
            irqRequested = false;
        }));
    }

    // ---- block layer ----

    private Scatterlist buffer(int bytes) {
        long v = mm().getFreePages(KernelMemory.getOrder(bytes));
        if (v == 0) {
            throw new IllegalStateException("out of memory for a " + bytes + "-byte request");
        }
        return new Scatterlist(mm().virtToPhys(v), 0, bytes);
    }

    private static int pieces(int blocks, int segments) {
        if (segments < 1 || blocks % segments != 0) {
            throw new IllegalArgumentException(blocks + " blocks do not split into " + segments + " equal requests");
        }
        return blocks / segments;
    }

    /** The pages of a request's buffer go back once the request is done (the page cache's business). */
    private void freeBuffer(Scatterlist sg) {
        mm().freePages(mm().physToVirt(sg.phys()), KernelMemory.getOrder(sg.length()));
    }

    @Override
    public byte[] read(long lba, int blocks, int segments) {
        int per = pieces(blocks, segments);
        byte[] out = new byte[blocks * TMIO_MAX_BLK_SIZE];
        for (int i = 0; i < segments; i++) {
            Scatterlist sg = buffer(per * TMIO_MAX_BLK_SIZE);
            try {
                if (!transfer(lba + (long) i * per, sg, true)) {
                    return null;
                }
                bus().read(sg.phys(), out, i * per * TMIO_MAX_BLK_SIZE, sg.length());
            } finally {
                freeBuffer(sg);
            }
        }
        return out;
    }

    @Override
    public void write(long lba, byte[] bytes, int segments) {
        if (bytes.length % TMIO_MAX_BLK_SIZE != 0 || bytes.length == 0) {
            throw new IllegalArgumentException("a write is whole 512-byte blocks, not " + bytes.length + " bytes");
        }
        int blocks = bytes.length / TMIO_MAX_BLK_SIZE;
        int per = pieces(blocks, segments);
        for (int i = 0; i < segments; i++) {
            Scatterlist sg = buffer(per * TMIO_MAX_BLK_SIZE);
            bus().write(sg.phys(), bytes, i * per * TMIO_MAX_BLK_SIZE, sg.length());
            boolean ok;
            try {
                ok = transfer(lba + (long) i * per, sg, false);
            } finally {
                freeBuffer(sg);
            }
            if (!ok) {
                throw new IllegalStateException(host.name() + ": write of " + per + " blocks at " + (lba + i * per)
                        + " failed");
            }
        }
    }

    /**
     * One mmc request for the blocks of {@code sg} (a single segment of whole blocks, any offset) at {@code lba}:
     * issued as the block layer does and run until {@code mmc_request_done()}. @return whether it succeeded
     */
    public boolean transfer(long lba, Scatterlist sg, boolean read) {
        if (sg.length() == 0 || sg.length() % TMIO_MAX_BLK_SIZE != 0) {
            throw new IllegalArgumentException("a request is whole 512-byte blocks, not " + sg.length() + " bytes");
        }
        if (sg.length() > maxReqSize) {
            throw new IllegalArgumentException(sg.length() + " bytes exceed max_req_size " + maxReqSize);
        }
        if (mrq != null) {
            throw new IllegalStateException(host.name() + ": a request is still in flight");
        }
        Request r = new Request(sg, read, lba);
        in("mmc_blk_mq_issue_rw_rq", () -> {
            if (usePreReq) {
                in("mmc_pre_req", () -> in("renesas_sdhi_internal_dmac_pre_req", () -> {
                    r.cookie = Cookie.UNMAPPED;
                    map(r, Cookie.PRE_MAPPED);
                }));
            }
            in("mmc_start_request", () -> tmioMmcRequest(r));
        });
        runUntil(() -> r.done, TIMEOUT_PS, "the request's completion");
        return r.cmdError == 0 && r.dataError == 0;
    }

    // ---- renesas_sdhi_internal_dmac.c ----

    /** {@code renesas_sdhi_internal_dmac_map()} */
    private boolean map(Request r, Cookie cookie) {
        if (r.cookie == Cookie.PRE_MAPPED) {
            return true;
        }
        if (api().dmaMapSg(host, r.sg, r.sg.length, r.dir()) == 0) {
            return false;
        }
        r.cookie = cookie;
        // This DMAC needs buffers to be 128-byte aligned
        if ((r.sg[0].dmaAddress() & 127) != 0) {
            unmap(r, cookie);
            return false;
        }
        return true;
    }

    /** {@code renesas_sdhi_internal_dmac_unmap()} */
    private void unmap(Request r, Cookie cookie) {
        boolean unmap = cookie == Cookie.UNMAPPED ? r.cookie != cookie : r.cookie == cookie;
        if (unmap) {
            api().dmaUnmapSg(host, r.sg, r.sg.length, r.dir());
            r.cookie = Cookie.UNMAPPED;
        }
    }

    /** {@code renesas_sdhi_internal_dmac_enable_dma()} */
    private void enableDma(boolean enable) {
        if (!chans) {
            return;
        }
        writel(enable ? ~dmaIrqs : INFO1_MASK_CLEAR, DM_CM_INFO1_MASK);
        // priv->dma_priv.enable = renesas_sdhi_enable_dma(): 64-bit SD buffer with bus_shift 2
        in("renesas_sdhi_enable_dma", () -> {
            write16(CTL_DMA_ENABLE, enable ? DMA_ENABLE_DMASDRW : 0);
            sdbufWidth(enable ? 64 : 16);
        });
    }

    /** {@code renesas_sdhi_internal_dmac_abort_dma()} */
    private void abortDma() {
        in("renesas_sdhi_internal_dmac_abort_dma", () -> {
            int val = RST_DTRANRST1 | RST_DTRANRST0;
            enableDma(false);
            writel(RST_RESERVED_BITS & ~val, DM_CM_RST);
            writel(RST_RESERVED_BITS | val, DM_CM_RST);
            rxInUse()[0] = false;
            enableDma(true);
        });
    }

    private boolean[] rxInUse() {
        synchronized (RX_IN_USE) {
            return RX_IN_USE.computeIfAbsent(machine, m -> new boolean[1]);
        }
    }

    /** {@code renesas_sdhi_internal_dmac_start_dma()} */
    private void startDma(Request r) {
        in("renesas_sdhi_internal_dmac_start_dma", () -> {
            int dtranMode = DTRAN_MODE_BUS_WIDTH;
            if (!quirks.fixedAddrMode()) {
                dtranMode |= DTRAN_MODE_ADDR_MODE;
            }
            if (!map(r, Cookie.MAPPED)) {
                enableDma(false); // force_pio
                return;
            }
            if (r.read) {
                dtranMode |= DTRAN_MODE_CH_NUM_CH1;
                boolean[] inUse = rxInUse();
                if (quirks.dmaOneRxOnly() && inUse[0]) {
                    unmap(r, Cookie.UNMAPPED); // force_pio_with_unmap
                    enableDma(false);
                    return;
                }
                if (quirks.dmaOneRxOnly()) {
                    inUse[0] = true;
                }
            } else {
                dtranMode |= DTRAN_MODE_CH_NUM_CH0;
            }
            endFlagDma = false;
            endFlagAccess = false;
            enableDma(true);
            writel(dtranMode, DM_CM_DTRAN_MODE);
            writel((int) r.sg[0].dmaAddress(), DM_DTRAN_ADDR);
            dmaOn = true;
        });
    }

    /** {@code renesas_sdhi_internal_dmac_issue_work_fn()} */
    private void issueWork() {
        enableMmcIrqs(TMIO_STAT_DATAEND);
        if (mrq != null && mrq.cmdError == 0) {
            writel(DTRAN_CTRL_DM_START, DM_CM_DTRAN_CTRL);
        } else {
            endFlagDma = true; // on CMD errors, simulate DMA end immediately
            if (endFlagAccess) {
                scheduleWork("renesas_sdhi_internal_dmac_complete_work_fn", this::completeWork);
            }
        }
    }

    /** {@code renesas_sdhi_internal_dmac_dma_irq()} */
    private boolean dmaIrq() {
        int status = readl(DM_CM_INFO1);
        if ((status & dmaIrqs) != 0) {
            writel(status ^ dmaIrqs, DM_CM_INFO1);
            endFlagDma = true;
            if (endFlagAccess) {
                scheduleWork("renesas_sdhi_internal_dmac_complete_work_fn", this::completeWork);
            }
        }
        return (status & dmaIrqs) != 0;
    }

    /** {@code renesas_sdhi_internal_dmac_dataend_dma()} */
    private void dataendDma() {
        endFlagAccess = true;
        if (endFlagDma || (data != null && data.dataError != 0)) {
            scheduleWork("renesas_sdhi_internal_dmac_complete_work_fn", this::completeWork);
        }
    }

    /** {@code renesas_sdhi_internal_dmac_complete()} */
    private boolean complete() {
        if (!dmaOn || data == null) {
            return false;
        }
        boolean read = data.read;
        enableDma(false);
        unmap(data, Cookie.MAPPED);
        if (read) {
            rxInUse()[0] = false;
        }
        dmaOn = false;
        return true;
    }

    /** {@code renesas_sdhi_internal_dmac_complete_work_fn()} */
    private void completeWork() {
        in("renesas_sdhi_internal_dmac_complete", () -> {
            if (complete()) {
                doDataIrq();
            }
        });
    }

    // ---- tmio_mmc_core.c ----

    /** {@code tmio_mmc_request()} + {@code tmio_process_mrq()} */
    private void tmioMmcRequest(Request r) {
        in("tmio_mmc_request", () -> {
            mrq = r;
            in("tmio_process_mrq", () -> {
                in("tmio_mmc_start_data", () -> startData(r));
                startCommand(r);
                long delay = CMDREQ_TIMEOUT_MS * (VirtualClock.PS_PER_SECOND / 1000);
                resetWork = clock().schedule(delay, "kworker tmio_mmc_reset_work", this::resetWork);
            });
        });
    }

    /** {@code tmio_mmc_start_data()} */
    private void startData(Request r) {
        data = r;
        r.sgOff = 0;
        dmaOn = false;
        write16(CTL_SD_XFER_LEN, TMIO_MAX_BLK_SIZE);
        // max_blk_count >= SZ_64K: the 32-bit register
        write32(CTL_XFER_BLK_COUNT, r.blocks);
        startDma(r);
        r.usedDma = dmaOn;
        if (dmaOn) {
            dmaRequests++;
        } else {
            pioRequests++;
        }
    }

    /** {@code tmio_mmc_start_command()} */
    private void startCommand(Request r) {
        int c = r.opcode | RESP_R1 | DATA_PRESENT;
        if (r.blocks > 1) {
            write16(CTL_STOP_INTERNAL_ACTION, TMIO_STOP_SEC);
            c |= TRANSFER_MULTI;
        }
        if (r.read) {
            c |= TRANSFER_READ;
        }
        cmdPending = true;
        enableMmcIrqs(TMIO_MASK_CMD);
        write32As16And16(CTL_ARG_REG, (int) r.lba);
        write16(CTL_SD_CMD, c);
    }

    /** {@code tmio_mmc_irq()}, run again while the line stays asserted (level-triggered). */
    private void irq() {
        in("tmio_mmc_irq", () -> {
            int status = read16And16As32(CTL_STATUS);
            int ireg = status & TMIO_MASK_IRQ & ~sdcardIrqMask;
            // Clear the status except the interrupt status
            write32As16And16(CTL_STATUS, TMIO_MASK_IRQ);
            if ((ireg & (TMIO_STAT_CARD_INSERT | TMIO_STAT_CARD_REMOVE)) != 0) {
                // __tmio_mmc_card_detect_irq(): the card is there before probe, mmc_detect_change() finds it so
                ackMmcIrqs(TMIO_STAT_CARD_INSERT | TMIO_STAT_CARD_REMOVE);
                return;
            }
            sdcardIrq(ireg, status);
        });
        if (irqRequested && sdhi.irqAsserted()) {
            machine.raiseIrq(host.name(), this::irq);
        }
    }

    /** {@code __tmio_mmc_sdcard_irq()} */
    private boolean sdcardIrq(int ireg, int status) {
        if ((ireg & (TMIO_STAT_CMDRESPEND | TMIO_STAT_CMDTIMEOUT)) != 0) {
            ackMmcIrqs(TMIO_STAT_CMDRESPEND | TMIO_STAT_CMDTIMEOUT);
            cmdIrq(status);
            return true;
        }
        if ((ireg & (TMIO_STAT_RXRDY | TMIO_STAT_TXRQ)) != 0) {
            ackMmcIrqs(TMIO_STAT_RXRDY | TMIO_STAT_TXRQ);
            pioIrq();
            return true;
        }
        if ((ireg & TMIO_STAT_DATAEND) != 0) {
            ackMmcIrqs(TMIO_STAT_DATAEND);
            dataIrq(status);
            return true;
        }
        return inReturning("renesas_sdhi_internal_dmac_dma_irq", this::dmaIrq);
    }

    /** {@code tmio_mmc_cmd_irq()}: the response registers, then data interrupts or the DMA issue work. */
    private void cmdIrq(int stat) {
        if (!cmdPending) {
            return; // Spurious CMD irq
        }
        cmdPending = false;
        for (int i = 3, addr = CTL_RESPONSE; i >= 0; i--, addr += 4) {
            read16And16As32(addr);
        }
        Request r = mrq;
        if ((stat & TMIO_STAT_CMDTIMEOUT) != 0) {
            r.cmdError = -ETIMEDOUT;
        }
        if (data != null && (r.cmdError == 0 || r.cmdError == -EILSEQ)) {
            if (data.read) {
                if (!dmaOn) {
                    enableMmcIrqs(TMIO_MASK_READOP);
                } else {
                    disableMmcIrqs(TMIO_MASK_READOP);
                    scheduleWork("renesas_sdhi_internal_dmac_issue_work_fn", this::issueWork);
                }
            } else {
                if (!dmaOn) {
                    enableMmcIrqs(TMIO_MASK_WRITEOP);
                } else {
                    disableMmcIrqs(TMIO_MASK_WRITEOP);
                    scheduleWork("renesas_sdhi_internal_dmac_issue_work_fn", this::issueWork);
                }
            }
        } else {
            scheduleWork("tmio_mmc_done_work", this::doneWork);
        }
    }

    /** {@code tmio_mmc_pio_irq()}: one block (or the rest of the segment) through the 16-bit data port. */
    private void pioIrq() {
        Request r = data;
        if (dmaOn || r == null) {
            return; // "PIO IRQ in DMA mode!" / spurious
        }
        Scatterlist sg = r.sg[0];
        int count = Math.min(sg.length() - r.sgOff, TMIO_MAX_BLK_SIZE);
        long pa = sg.phys() + r.sgOff;
        long port = ctl + (CTL_SD_DATA_PORT << busShift);
        byte[] buf = new byte[count];
        if (r.read) {
            for (int i = 0; i < count; i += 2) {
                int w = bus().read16(port);
                buf[i] = (byte) w;
                buf[i + 1] = (byte) (w >>> 8);
            }
            bus().write(pa, buf, 0, count);
        } else {
            bus().read(pa, buf, 0, count);
            for (int i = 0; i < count; i += 2) {
                bus().write16(port, (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8);
            }
        }
        r.sgOff += count;
    }

    /** {@code tmio_mmc_data_irq()} */
    private void dataIrq(int stat) {
        Request r = data;
        if (r == null) {
            return;
        }
        if ((stat & TMIO_STAT_DATATIMEOUT) != 0) {
            r.dataError = -ETIMEDOUT;
        } else if ((stat & (TMIO_STAT_CRCFAIL | TMIO_STAT_STOPBIT_ERR | TMIO_STAT_TXUNDERRUN)) != 0) {
            r.dataError = -EILSEQ;
        }
        if (dmaOn && !r.read) {
            int status = read16And16As32(CTL_STATUS);
            // TMIO_MMC_HAS_IDLE_WAIT: all data written out once SCLKDIVEN is set
            if ((status & TMIO_STAT_SCLKDIVEN) != 0) {
                disableMmcIrqs(TMIO_STAT_DATAEND);
                in("renesas_sdhi_internal_dmac_dataend_dma", this::dataendDma);
            }
        } else if (dmaOn) {
            disableMmcIrqs(TMIO_STAT_DATAEND);
            in("renesas_sdhi_internal_dmac_dataend_dma", this::dataendDma);
        } else {
            doDataIrq();
            disableMmcIrqs(TMIO_MASK_READOP | TMIO_MASK_WRITEOP);
        }
    }

    /** {@code tmio_mmc_do_data_irq()}: the auto CMD12's response, then the done work. */
    private void doDataIrq() {
        Request r = data;
        data = null;
        if (r == null) {
            devPrintk(Level.WARNING, host, "Spurious data end IRQ");
            return;
        }
        in("tmio_mmc_do_data_irq", () -> {
            if (r.blocks > 1) {
                // stop && !mrq->sbc: fill in the response from auto CMD12
                read16And16As32(CTL_RESPONSE);
                write16(CTL_STOP_INTERNAL_ACTION, 0);
            }
            scheduleWork("tmio_mmc_done_work", this::doneWork);
        });
    }

    /** {@code tmio_mmc_done_work()} → {@code tmio_mmc_finish_request()} → {@code mmc_request_done()}. */
    private void doneWork() {
        in("tmio_mmc_finish_request", () -> {
            if (data != null) {
                complete(); // tmio_mmc_end_dma(): renesas_sdhi_internal_dmac_end_dma()
            }
            Request r = mrq;
            if (r == null) {
                return;
            }
            mrq = null;
            data = null;
            cmdPending = false;
            if (resetWork != null) {
                resetWork.cancel();
                resetWork = null;
            }
            if (r.cmdError != 0 || r.dataError != 0) {
                ackMmcIrqs(TMIO_MASK_IRQ);
                abortDma();
            }
            requestDone(r);
        });
    }

    /** {@code mmc_request_done()}; the block layer's completion runs {@code post_req}. */
    private void requestDone(Request r) {
        in("mmc_request_done", () -> in("mmc_blk_mq_req_done", () -> {
            if (usePreReq) {
                in("mmc_blk_mq_post_req", () -> in("mmc_post_req",
                        () -> in("renesas_sdhi_internal_dmac_post_req", () -> unmap(r, Cookie.UNMAPPED))));
            }
            r.done = true;
        }));
    }

    /** {@code tmio_mmc_reset_work()}: no interrupt came for CMDREQ_TIMEOUT. */
    private void resetWork() {
        resetWork = null;
        Request r = mrq;
        if (r == null) {
            return;
        }
        in("process_one_work", () -> in("tmio_mmc_reset_work", () -> {
            devPrintk(Level.WARNING, host, "timeout waiting for hardware interrupt (CMD" + r.opcode + ")");
            if (data != null) {
                data.dataError = -ETIMEDOUT;
            } else {
                r.cmdError = -ETIMEDOUT;
            }
            cmdPending = false;
            data = null;
            // tmio_mmc_reset(host, true) aborts the DMA; nothing here unmaps: post_req does for the block layer,
            // a mapping made in start_dma stays (dma_on too, until the next request's start_data)
            tmioMmcReset();
            mrq = null;
            requestDone(r);
        }));
    }

    /** {@code tmio_mmc_reset()}: the SD core's reset, the DMAC's, and the interrupt mask. */
    private void tmioMmcReset() {
        in("tmio_mmc_reset", () -> {
            write16(CTL_RESET_SD, 0x0000);
            write16(CTL_RESET_SD, 0x0001);
            abortDma();
            write32As16And16(CTL_IRQ_MASK, sdcardIrqMaskAll);
            sdcardIrqMask = sdcardIrqMaskAll;
        });
    }

    // ---- register access (tmio_mmc.h, renesas_sdhi_core.c) ----

    private long reg(int addr) {
        return ctl + ((long) addr << busShift);
    }

    private int read16(int addr) {
        return bus().read16(reg(addr));
    }

    /** {@code sd_ctrl_write16()} with {@code renesas_sdhi_write16_hook()} */
    private void write16(int addr, int val) {
        if (write16Hook(addr) != 0) {
            return;
        }
        bus().write16(reg(addr), val & 0xffff);
    }

    private void write32(int addr, int val) {
        bus().write32(reg(addr), val);
    }

    private int read16And16As32(int addr) {
        return read16(addr) | read16(addr + 2) << 16;
    }

    /** {@code sd_ctrl_write32_as_16_and_16()} */
    private void write32As16And16(int addr, int val) {
        if (addr == CTL_IRQ_MASK || addr == CTL_STATUS) {
            val |= sdcardIrqSetbitMask;
        }
        bus().write16(reg(addr), val & 0xffff);
        bus().write16(reg(addr + 2), val >>> 16);
    }

    private int readl(int off) {
        return bus().read32(ctl + off);
    }

    private void writel(int val, int off) {
        bus().write32(ctl + off, val);
    }

    /** {@code renesas_sdhi_write16_hook()}: wait for the bus to be idle before these registers. */
    private int write16Hook(int addr) {
        int bit;
        switch (addr) {
            case CTL_SD_CMD, CTL_STOP_INTERNAL_ACTION, CTL_XFER_BLK_COUNT, CTL_SD_XFER_LEN, CTL_SD_MEM_CARD_OPT,
                    CTL_TRANSACTION_CTL, CTL_DMA_ENABLE, CTL_HOST_MODE:
                bit = TMIO_STAT_CMD_BUSY; // TMIO_MMC_HAVE_CBSY
                break;
            case CTL_SD_CARD_CLK_CTL:
                bit = TMIO_STAT_SCLKDIVEN;
                break;
            default:
                return 0;
        }
        // renesas_sdhi_wait_idle(): CBSY is set when busy, SCLKDIVEN is cleared when busy
        int waitState = bit == TMIO_STAT_CMD_BUSY ? TMIO_STAT_CMD_BUSY : 0;
        for (int timeout = 999; timeout > 0; timeout--) {
            if ((read16And16As32(CTL_STATUS) & bit) != waitState) {
                return 0;
            }
        }
        devPrintk(Level.WARNING, host, "timeout waiting for SD bus idle");
        return -16;
    }

    /** {@code renesas_sdhi_sdbuf_width()} on a Gen3 SDHI */
    private void sdbufWidth(int width) {
        int ver = read16(CTL_VERSION);
        if (ver >= SDHI_VER_GEN3_SD) {
            write16(CTL_HOST_MODE, width == 64 ? HOST_MODE_GEN3_64BIT : HOST_MODE_GEN3_16BIT);
        }
    }

    private void enableMmcIrqs(int i) {
        sdcardIrqMask &= ~(i & TMIO_MASK_IRQ);
        write32As16And16(CTL_IRQ_MASK, sdcardIrqMask);
    }

    private void disableMmcIrqs(int i) {
        sdcardIrqMask |= i & TMIO_MASK_IRQ;
        write32As16And16(CTL_IRQ_MASK, sdcardIrqMask);
    }

    private void ackMmcIrqs(int i) {
        write32As16And16(CTL_STATUS, ~i);
    }

    private boolean inReturning(String function, java.util.function.BooleanSupplier body) {
        boolean[] r = new boolean[1];
        in(function, () -> r[0] = body.getAsBoolean());
        return r[0];
    }
}
