package org.dmaworkbench.kernel.drivers.rcardmac;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaCoherent;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.DmaMapping;
import org.dmaworkbench.kernel.mm.Gfp;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.DmaStatus;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.dmaengine.DmaTxState;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * {@code struct rcar_dmac_chan} and the channel operations of drivers/dma/sh/rcar-dmac.c (Linux 6.12, with the
 * {@code dma_map_resource()} series): slave configuration per direction, {@code rcar_dmac_map_slave_addr()},
 * {@code rcar_dmac_chan_prep_sg()} chunking, hardware descriptor lists, {@code rcar_dmac_chan_start_xfer()},
 * the channel interrupt and its thread, residue, terminate and resource release. Registers are programmed over
 * the bus at the channel's register window.
 */
public final class RcarDmacChan extends DmaChan {
    // channel registers
    static final int RCAR_DMASAR = 0x0000;
    static final int RCAR_DMADAR = 0x0004;
    static final int RCAR_DMATCR = 0x0008;
    static final int RCAR_DMATCR_MASK = 0x00ffffff;
    static final int RCAR_DMATSR = 0x0028;
    static final int RCAR_DMACHCR = 0x000c;
    static final int RCAR_DMACHCR_CAE = 1 << 31;
    static final int RCAR_DMACHCR_CAIE = 1 << 30;
    static final int RCAR_DMACHCR_DPM_DISABLED = 0 << 28;
    static final int RCAR_DMACHCR_DPM_ENABLED = 1 << 28;
    static final int RCAR_DMACHCR_DPM_REPEAT = 2 << 28;
    static final int RCAR_DMACHCR_DPM_INFINITE = 3 << 28;
    static final int RCAR_DMACHCR_RPT_SAR = 1 << 27;
    static final int RCAR_DMACHCR_RPT_DAR = 1 << 26;
    static final int RCAR_DMACHCR_RPT_TCR = 1 << 25;
    static final int RCAR_DMACHCR_DPB = 1 << 22;
    static final int RCAR_DMACHCR_DSE = 1 << 19;
    static final int RCAR_DMACHCR_DSIE = 1 << 18;
    static final int RCAR_DMACHCR_TS_1B = (0 << 20) | (0 << 3);
    static final int RCAR_DMACHCR_TS_2B = (0 << 20) | (1 << 3);
    static final int RCAR_DMACHCR_TS_4B = (0 << 20) | (2 << 3);
    static final int RCAR_DMACHCR_TS_16B = (0 << 20) | (3 << 3);
    static final int RCAR_DMACHCR_TS_32B = (1 << 20) | (0 << 3);
    static final int RCAR_DMACHCR_TS_64B = (1 << 20) | (1 << 3);
    static final int RCAR_DMACHCR_TS_8B = (1 << 20) | (3 << 3);
    static final int RCAR_DMACHCR_DM_FIXED = 0 << 14;
    static final int RCAR_DMACHCR_DM_INC = 1 << 14;
    static final int RCAR_DMACHCR_SM_FIXED = 0 << 12;
    static final int RCAR_DMACHCR_SM_INC = 1 << 12;
    static final int RCAR_DMACHCR_RS_AUTO = 4 << 8;
    static final int RCAR_DMACHCR_RS_DMARS = 8 << 8;
    static final int RCAR_DMACHCR_IE = 1 << 2;
    static final int RCAR_DMACHCR_TE = 1 << 1;
    static final int RCAR_DMACHCR_DE = 1 << 0;
    static final int RCAR_DMATCRB = 0x0018;
    static final int RCAR_DMACHCRB = 0x001c;
    static final int RCAR_DMACHCRB_DCNT_SHIFT = 24;
    static final int RCAR_DMACHCRB_DPTR_MASK = 0xff << 16;
    static final int RCAR_DMACHCRB_DPTR_SHIFT = 16;
    static final int RCAR_DMACHCRB_DRST = 1 << 15;
    static final int RCAR_DMARS = 0x0040;
    static final int RCAR_DMADPBASE = 0x0050;
    static final int RCAR_DMADPBASE_SEL = 1;
    static final int RCAR_DMADPCR = 0x0054;
    static final int RCAR_DMADPCR_DIPT_SHIFT = 24;
    static final int RCAR_DMAFIXSAR = 0x0010;
    static final int RCAR_DMAFIXDAR = 0x0014;
    static final int RCAR_DMAFIXDPBASE = 0x0060;

    /** {@code RCAR_DMAC_MEMCPY_XFER_SIZE} */
    static final int RCAR_DMAC_MEMCPY_XFER_SIZE = 4;
    /** {@code RCAR_DMAC_MAX_SG_LEN}: most periods of a cyclic transfer */
    static final int RCAR_DMAC_MAX_SG_LEN = 32;
    /** descriptors / chunks per page as {@code RCAR_DMAC_DESCS_PER_PAGE} etc. work out on arm64 */
    static final int DESCS_PER_PAGE = 23;
    static final int CHUNKS_PER_PAGE = 102;

    private static final int EINVAL = 22;
    private static final int EIO = 5;
    private static final int ENOMEM = 12;
    private static final int HWDESC_SIZE = 16;
    private static final int[] CHCR_TS = {RCAR_DMACHCR_TS_1B, RCAR_DMACHCR_TS_2B, RCAR_DMACHCR_TS_4B,
        RCAR_DMACHCR_TS_8B, RCAR_DMACHCR_TS_16B, RCAR_DMACHCR_TS_32B, RCAR_DMACHCR_TS_64B};

    /** {@code struct rcar_dmac_chan_slave} */
    private static final class Slave {
        long slaveAddr;
        int xferSize;
    }

    private final RcarDmacDriver dmac;
    private final Machine machine;
    private final int index;
    private final long iomem;
    private final String irqName;
    private final Slave src = new Slave();
    private final Slave dst = new Slave();
    // struct rcar_dmac_chan_map
    private long mapAddr;
    private DmaDirection mapDir = DmaDirection.BIDIRECTIONAL;
    private final Slave mapSlave = new Slave();
    int midRid = -EINVAL;

    private final Deque<RcarDmacDesc> free = new ArrayDeque<>();
    private final List<RcarDmacDesc> pending = new ArrayList<>();
    private final List<RcarDmacDesc> active = new ArrayList<>();
    private final List<RcarDmacDesc> done = new ArrayList<>();
    private final List<RcarDmacDesc> wait = new ArrayList<>();
    private RcarDmacDesc running;
    private int chunksFree;
    private final List<Long> pages = new ArrayList<>();

    private VirtualClock.Event hardIrq;
    private VirtualClock.Event threadIrq;

    RcarDmacChan(RcarDmacDriver dmac, int index, long iomem) {
        super(dmac.engine());
        this.dmac = dmac;
        this.machine = dmac.machine();
        this.index = index;
        this.iomem = iomem;
        this.irqName = dmac.device().name() + ":" + index;
    }

    /** The hardware channel number ({@code rchan->index}). */
    public int index() {
        return index;
    }

    /** The MID/RID the channel serves, negative when it is not a slave channel. */
    public int midRid() {
        return midRid;
    }

    /** The current slave mapping's DMA address ({@code rchan->map.addr}), valid while {@link #mapXferSize()} != 0. */
    public long mapAddr() {
        return mapAddr;
    }

    public int mapXferSize() {
        return mapSlave.xferSize;
    }

    public long mapSlaveAddr() {
        return mapSlave.slaveAddr;
    }

    public DmaDirection mapDir() {
        return mapDir;
    }

    /** {@code chan->desc.running}, or null. */
    public RcarDmacDesc runningDesc() {
        return running;
    }

    /** Submitted, not yet issued descriptors ({@code chan->desc.pending}), oldest first (a copy, for views). */
    public List<RcarDmacDesc> pendingDescriptors() {
        return List.copyOf(pending);
    }

    /** Issued descriptors not completed yet ({@code chan->desc.active}), the running one first (a copy, for views). */
    public List<RcarDmacDesc> activeDescriptors() {
        return List.copyOf(active);
    }

    /** Kernel pages the channel holds for descriptors and chunks. */
    public int descriptorPages() {
        return pages.size();
    }

    // ---- register access ----

    int read(int reg) {
        var bus = machine.platform().bus();
        return reg == RCAR_DMARS ? bus.read16(iomem + reg) : bus.read32(iomem + reg);
    }

    void write(int reg, int data) {
        var bus = machine.platform().bus();
        if (reg == RCAR_DMARS) {
            bus.write16(iomem + reg, data & 0xffff);
        } else {
            bus.write32(iomem + reg, data);
        }
    }

    private KernelCallStack stack() {
        return machine.callStack();
    }

    /** WARN()/WARN_ON() of drivers/dma/sh/rcar-dmac.c at line {@code where} in {@code function}. */
    private void warn(String where, String function, String msg) {
        machine.warn(dmaDev(), "drivers/dma/sh/rcar-dmac.c", Integer.parseInt(where), function, msg == null ? "" : msg);
    }

    // ---- hardware programming ----

    private boolean isBusy() {
        return (read(RCAR_DMACHCR) & (RCAR_DMACHCR_DE | RCAR_DMACHCR_TE)) != 0;
    }

    private boolean warnedBusy;

    /** {@code rcar_dmac_chan_start_xfer()} */
    private void startXfer() {
        RcarDmacDesc desc = running;
        int chcr = desc.chcr;
        if (isBusy() && !warnedBusy) {
            warnedBusy = true;
            warn("382", "rcar_dmac_chan_start_xfer", null);
        }
        if (midRid >= 0) {
            write(RCAR_DMARS, midRid);
        }
        if (desc.hwdescsUse) {
            RcarDmacDesc.XferChunk chunk = desc.chunks.get(0);
            write(RCAR_DMAFIXSAR, (int) (chunk.srcAddr() >>> 32));
            write(RCAR_DMAFIXDAR, (int) (chunk.dstAddr() >>> 32));
            write(RCAR_DMAFIXDPBASE, (int) (desc.hwdescsDma >>> 32));
            write(RCAR_DMADPBASE, (int) (desc.hwdescsDma & 0xfffffff0L) | RCAR_DMADPBASE_SEL);
            write(RCAR_DMACHCRB, ((desc.chunks.size() - 1) << RCAR_DMACHCRB_DCNT_SHIFT) | RCAR_DMACHCRB_DRST);
            // errata: DAR is not loaded from the first descriptor when it is read through an IOMMU
            write(RCAR_DMADAR, (int) chunk.dstAddr());
            write(RCAR_DMADPCR, 1 << RCAR_DMADPCR_DIPT_SHIFT);
            chcr |= RCAR_DMACHCR_RPT_SAR | RCAR_DMACHCR_RPT_DAR | RCAR_DMACHCR_RPT_TCR | RCAR_DMACHCR_DPB;
            if (!desc.cyclic) {
                chcr |= RCAR_DMACHCR_DPM_ENABLED | RCAR_DMACHCR_IE;
            } else if (desc.callback() != null) {
                chcr |= RCAR_DMACHCR_DPM_INFINITE | RCAR_DMACHCR_DSIE;
            } else {
                chcr |= RCAR_DMACHCR_DPM_INFINITE;
            }
        } else {
            RcarDmacDesc.XferChunk chunk = desc.chunks.get(desc.running);
            write(RCAR_DMAFIXSAR, (int) (chunk.srcAddr() >>> 32));
            write(RCAR_DMAFIXDAR, (int) (chunk.dstAddr() >>> 32));
            write(RCAR_DMASAR, (int) chunk.srcAddr());
            write(RCAR_DMADAR, (int) chunk.dstAddr());
            write(RCAR_DMATCR, chunk.size() >>> desc.xferShift);
            chcr |= RCAR_DMACHCR_DPM_DISABLED | RCAR_DMACHCR_IE;
        }
        write(RCAR_DMACHCR, chcr | RCAR_DMACHCR_DE | RCAR_DMACHCR_CAIE);
    }

    /** {@code rcar_dmac_chcr_de_barrier()} */
    private void chcrDeBarrier() {
        for (int i = 0; i < 1024; i++) {
            if ((read(RCAR_DMACHCR) & RCAR_DMACHCR_DE) == 0) {
                return;
            }
        }
        machine.devPrintk(Level.ERR, dmaDev(), "CHCR DE check error");
    }

    /** {@code rcar_dmac_chan_halt()} */
    private void halt() {
        int chcr = read(RCAR_DMACHCR);
        chcr &= ~(RCAR_DMACHCR_DSE | RCAR_DMACHCR_DSIE | RCAR_DMACHCR_IE | RCAR_DMACHCR_TE | RCAR_DMACHCR_DE
                | RCAR_DMACHCR_CAE | RCAR_DMACHCR_CAIE);
        write(RCAR_DMACHCR, chcr);
        chcrDeBarrier();
    }

    /** {@code rcar_dmac_chan_reinit()}: every descriptor back to the free list. */
    private void reinit() {
        List<RcarDmacDesc> descs = new ArrayList<>();
        descs.addAll(pending);
        descs.addAll(active);
        descs.addAll(done);
        descs.addAll(wait);
        pending.clear();
        active.clear();
        done.clear();
        wait.clear();
        running = null;
        for (RcarDmacDesc d : descs) {
            descPut(d);
        }
    }

    // ---- descriptors ----

    private int allocPage() {
        long page = machine.memory().getFreePages(0);
        if (page == 0) {
            return -ENOMEM;
        }
        pages.add(page);
        return 0;
    }

    private int descAlloc() {
        if (allocPage() < 0) {
            return -ENOMEM;
        }
        for (int i = 0; i < DESCS_PER_PAGE; i++) {
            free.addLast(new RcarDmacDesc(this));
        }
        return 0;
    }

    private int chunkAlloc() {
        if (allocPage() < 0) {
            return -ENOMEM;
        }
        chunksFree += CHUNKS_PER_PAGE;
        return 0;
    }

    private void descPut(RcarDmacDesc d) {
        chunksFree += d.chunks.size();
        d.chunks.clear();
        free.addFirst(d);
    }

    private void descRecycleAcked() {
        for (Iterator<RcarDmacDesc> it = wait.iterator(); it.hasNext();) {
            RcarDmacDesc d = it.next();
            if (d.isAcked()) {
                it.remove();
                descPut(d);
            }
        }
    }

    private RcarDmacDesc descGet() {
        descRecycleAcked();
        while (free.isEmpty()) {
            if (descAlloc() < 0) {
                return null;
            }
        }
        return free.removeFirst();
    }

    private boolean chunkGet() {
        while (chunksFree == 0) {
            if (chunkAlloc() < 0) {
                return false;
            }
        }
        chunksFree--;
        return true;
    }

    /** {@code rcar_dmac_realloc_hwdesc()}: page-aligned coherent memory for the hardware descriptors. */
    private void reallocHwdesc(RcarDmacDesc desc, long size) {
        size = (size + 4095) & ~4095L;
        if (desc.hwdescsSize == size) {
            return;
        }
        DmaMapping api = machine.dma();
        if (desc.hwdescsMem != 0) {
            api.dmaFreeCoherent(dmaDev(), desc.hwdescsSize, desc.hwdescsMem, desc.hwdescsDma);
            desc.hwdescsMem = 0;
            desc.hwdescsSize = 0;
        }
        if (size == 0) {
            return;
        }
        // rcar-dmac.c:751: GFP_NOWAIT, so dma_alloc_coherent() adds DMA_ATTR_NO_WARN
        DmaCoherent c = api.dmaAllocCoherent(dmaDev(), size, Gfp.GFP_NOWAIT);
        if (c == null || c.cpuAddr() == 0) {
            return;
        }
        desc.hwdescsMem = c.cpuAddr();
        desc.hwdescsDma = c.dmaHandle();
        desc.hwdescsSize = size;
    }

    /** {@code rcar_dmac_fill_hwdesc()}: {sar, dar, tcr, reserved} little-endian words per chunk. */
    private int fillHwdesc(RcarDmacDesc desc) {
        reallocHwdesc(desc, (long) desc.chunks.size() * HWDESC_SIZE);
        if (desc.hwdescsMem == 0) {
            return -ENOMEM;
        }
        long va = desc.hwdescsMem;
        for (RcarDmacDesc.XferChunk c : desc.chunks) {
            writeKernel32(va, (int) c.srcAddr());
            writeKernel32(va + 4, (int) c.dstAddr());
            writeKernel32(va + 8, c.size() >>> desc.xferShift);
            va += HWDESC_SIZE;
        }
        return 0;
    }

    private void writeKernel32(long va, int value) {
        long pa = machine.memory().virtToPhys(va);
        machine.platform().bus().write32(pa, value);
    }

    /** {@code rcar_dmac_chan_configure_desc()} */
    private void configureDesc(RcarDmacDesc desc) {
        int chcr;
        int xferSize;
        switch (desc.direction) {
        case DEV_TO_MEM:
            chcr = RCAR_DMACHCR_DM_INC | RCAR_DMACHCR_SM_FIXED | RCAR_DMACHCR_RS_DMARS;
            xferSize = src.xferSize;
            break;
        case MEM_TO_DEV:
            chcr = RCAR_DMACHCR_DM_FIXED | RCAR_DMACHCR_SM_INC | RCAR_DMACHCR_RS_DMARS;
            xferSize = dst.xferSize;
            break;
        default:
            chcr = RCAR_DMACHCR_DM_INC | RCAR_DMACHCR_SM_INC | RCAR_DMACHCR_RS_AUTO;
            xferSize = RCAR_DMAC_MEMCPY_XFER_SIZE;
            break;
        }
        // ilog2(); a width of 0 gives ilog2(0), which the kernel leaves undefined: treat as 1 byte
        desc.xferShift = xferSize <= 0 ? 0 : 31 - Integer.numberOfLeadingZeros(xferSize);
        desc.chcr = chcr | (desc.xferShift < CHCR_TS.length ? CHCR_TS[desc.xferShift] : 0);
    }

    /**
     * {@code rcar_dmac_chan_prep_sg()}: chunks of at most {@code 0xffffff << xfer_shift} bytes, none crossing a
     * 4 GiB boundary of either address; a hardware descriptor list when there are several chunks and no chunk had
     * to be cut at a 4 GiB boundary and the two high words stay the same over the list.
     */
    private RcarDmacDesc prepSg(Scatterlist[] sgl, int sgLen, long devAddr, DmaTransferDirection dir, long flags,
            boolean cyclic) {
        RcarDmacDesc desc = descGet();
        if (desc == null) {
            return null;
        }
        desc.setFlags(flags);
        desc.resetCookie();
        desc.cyclic = cyclic;
        desc.direction = dir;
        configureDesc(desc);
        long maxChunkSize = (long) RCAR_DMATCR_MASK << desc.xferShift;
        long fullSize = 0;
        boolean crossBoundary = false;
        long highDev = 0;
        long highMem = 0;
        for (int i = 0; i < sgLen; i++) {
            long memAddr = sgl[i].dmaAddress();
            long len = sgl[i].dmaLength() & 0xffffffffL;
            fullSize += len;
            if (i == 0) {
                highDev = devAddr >>> 32;
                highMem = memAddr >>> 32;
            }
            if ((devAddr >>> 32) != highDev || (memAddr >>> 32) != highMem) {
                crossBoundary = true;
            }
            while (len != 0) {
                long size = Math.min(len, maxChunkSize);
                if ((devAddr >>> 32) != ((devAddr + size - 1) >>> 32)) {
                    size = ((devAddr + (1L << 32) - 1) & -(1L << 32)) - devAddr;
                    crossBoundary = true;
                }
                if ((memAddr >>> 32) != ((memAddr + size - 1) >>> 32)) {
                    size = ((memAddr + (1L << 32) - 1) & -(1L << 32)) - memAddr;
                    crossBoundary = true;
                }
                if (!chunkGet()) {
                    descPut(desc);
                    return null;
                }
                if (dir == DmaTransferDirection.DEV_TO_MEM) {
                    desc.chunks.add(new RcarDmacDesc.XferChunk(devAddr, memAddr, (int) size));
                } else {
                    desc.chunks.add(new RcarDmacDesc.XferChunk(memAddr, devAddr, (int) size));
                }
                memAddr += size;
                if (dir == DmaTransferDirection.MEM_TO_MEM) {
                    devAddr += size;
                }
                len -= size;
            }
        }
        desc.size = fullSize & 0xffffffffL;
        desc.running = 0;
        desc.hwdescsUse = !crossBoundary && desc.chunks.size() > 1;
        if (desc.hwdescsUse) {
            stack().push("rcar_dmac_fill_hwdesc");
            try {
                if (fillHwdesc(desc) < 0) {
                    desc.hwdescsUse = false;
                }
            } finally {
                stack().pop();
            }
        }
        return desc;
    }

    /** {@link #mapSlaveAddr(DmaTransferDirection)} with its own frame on the emulated call stack. */
    private int mapSlaveAddrFrame(DmaTransferDirection dir) {
        stack().push("rcar_dmac_map_slave_addr");
        try {
            return mapSlaveAddr(dir);
        } finally {
            stack().pop();
        }
    }

    /** {@code rcar_dmac_map_slave_addr()}: 0, or -EIO when the FIFO cannot be mapped. */
    private int mapSlaveAddr(DmaTransferDirection dir) {
        long devAddr;
        int devSize;
        DmaDirection devDir;
        if (dir == DmaTransferDirection.DEV_TO_MEM) {
            devAddr = src.slaveAddr;
            devSize = src.xferSize;
            devDir = DmaDirection.TO_DEVICE;
        } else {
            devAddr = dst.slaveAddr;
            devSize = dst.xferSize;
            devDir = DmaDirection.FROM_DEVICE;
        }
        if (devAddr == mapSlave.slaveAddr && devSize == mapSlave.xferSize && devDir == mapDir) {
            return 0;
        }
        DmaMapping api = machine.dma();
        if (mapSlave.xferSize != 0) {
            api.dmaUnmapResource(dmaDev(), mapAddr, mapSlave.xferSize, mapDir, 0);
        }
        mapSlave.xferSize = 0;
        mapAddr = api.dmaMapResource(dmaDev(), devAddr, devSize, devDir, 0);
        if (api.dmaMappingError(dmaDev(), mapAddr) != 0) {
            machine.devPrintk(Level.ERR, dmaDev(),
                    String.format("chan%d: failed to map %x@%s", index, devSize, DmaMapping.pad(devAddr)));
            return -EIO;
        }
        mapSlave.slaveAddr = devAddr;
        mapSlave.xferSize = devSize;
        mapDir = devDir;
        return 0;
    }

    // ---- dmaengine callbacks ----

    @Override
    protected int deviceAllocChanResources() {
        free.clear();
        chunksFree = 0;
        pages.clear();
        if (chunkAlloc() < 0) {
            return -ENOMEM;
        }
        if (descAlloc() < 0) {
            return -ENOMEM;
        }
        return 0; // pm_runtime_get_sync(): the device was active
    }

    @Override
    protected void deviceFreeChanResources() {
        stack().push("rcar_dmac_free_chan_resources");
        try {
            halt();
            synchronizeIrq();
            if (midRid >= 0) {
                dmac.modules().clear(midRid);
                midRid = -EINVAL;
            }
            List<RcarDmacDesc> all = new ArrayList<>(free);
            all.addAll(pending);
            all.addAll(active);
            all.addAll(done);
            all.addAll(wait);
            free.clear();
            pending.clear();
            active.clear();
            done.clear();
            wait.clear();
            running = null;
            for (RcarDmacDesc d : all) {
                reallocHwdesc(d, 0);
            }
            for (long p : pages) {
                machine.memory().freePages(p, 0);
            }
            pages.clear();
            chunksFree = 0;
            if (mapSlave.xferSize != 0) {
                machine.dma().dmaUnmapResource(dmaDev(), mapAddr, mapSlave.xferSize, mapDir, 0);
                mapSlave.xferSize = 0;
            }
        } finally {
            stack().pop();
        }
    }

    @Override
    protected int deviceConfig(DmaSlaveConfig cfg) {
        src.slaveAddr = cfg.srcAddr();
        dst.slaveAddr = cfg.dstAddr();
        src.xferSize = cfg.srcAddrWidth().bytes();
        dst.xferSize = cfg.dstAddrWidth().bytes();
        return 0;
    }

    @Override
    protected DmaAsyncTxDescriptor devicePrepSlaveSg(Scatterlist[] sgl, int sgLen, DmaTransferDirection dir,
            long flags) {
        stack().push("rcar_dmac_prep_slave_sg");
        try {
            if (midRid < 0 || sgLen == 0 || sgl[0].dmaLength() == 0) {
                machine.devPrintk(Level.WARNING, dmaDev(), String.format("%s: bad parameter: len=%d, id=%d",
                        "rcar_dmac_prep_slave_sg", sgLen, midRid));
                return null;
            }
            if (mapSlaveAddrFrame(dir) != 0) {
                return null;
            }
            return prepSg(sgl, sgLen, mapAddr, dir, flags, false);
        } finally {
            stack().pop();
        }
    }

    @Override
    protected DmaAsyncTxDescriptor devicePrepDmaCyclic(long bufAddr, long bufLen, long periodLen,
            DmaTransferDirection dir, long flags) {
        stack().push("rcar_dmac_prep_dma_cyclic");
        try {
            if (midRid < 0 || bufLen < periodLen) {
                machine.devPrintk(Level.WARNING, dmaDev(),
                        String.format("%s: bad parameter: buf_len=%d, period_len=%d, id=%d",
                                "rcar_dmac_prep_dma_cyclic", bufLen, periodLen, midRid));
                return null;
            }
            if (mapSlaveAddrFrame(dir) != 0) {
                return null;
            }
            long sgLen = periodLen == 0 ? Long.MAX_VALUE : bufLen / periodLen;
            if (sgLen > RCAR_DMAC_MAX_SG_LEN) {
                machine.devPrintk(Level.ERR, dmaDev(), String.format("chan%d: sg length %d exceeds limit %d", index,
                        sgLen, RCAR_DMAC_MAX_SG_LEN));
                return null;
            }
            Scatterlist[] sgl = Scatterlist.table((int) sgLen);
            for (int i = 0; i < sgLen; i++) {
                sgl[i].setDma(bufAddr + periodLen * i, (int) periodLen);
            }
            return prepSg(sgl, (int) sgLen, mapAddr, dir, flags, true);
        } finally {
            stack().pop();
        }
    }

    @Override
    protected DmaAsyncTxDescriptor devicePrepDmaMemcpy(long dest, long srcAddr, long len, long flags) {
        if (len == 0) {
            return null;
        }
        stack().push("rcar_dmac_prep_dma_memcpy");
        try {
            Scatterlist sg = new Scatterlist();
            sg.setDma(srcAddr, (int) len);
            return prepSg(new Scatterlist[] {sg}, 1, dest, DmaTransferDirection.MEM_TO_MEM, flags, false);
        } finally {
            stack().pop();
        }
    }

    @Override
    protected int txSubmit(DmaAsyncTxDescriptor tx) {
        RcarDmacDesc desc = (RcarDmacDesc) tx;
        int cookie = dmaCookieAssign(tx);
        pending.add(desc);
        desc.running = 0;
        return cookie;
    }

    @Override
    protected void deviceIssuePending() {
        if (pending.isEmpty()) {
            return;
        }
        active.addAll(pending);
        pending.clear();
        if (running == null) {
            running = active.get(0);
            startXfer();
        }
    }

    @Override
    protected int deviceTerminateAll() {
        halt();
        reinit();
        return 0;
    }

    @Override
    protected void deviceSynchronize() {
        synchronizeIrq();
    }

    /** {@code synchronize_irq()}: a raised interrupt and a woken thread of the channel run to completion now. */
    private void synchronizeIrq() {
        if (hardIrq != null) {
            hardIrq.cancel();
            hardIrq = null;
            runHardIrq();
        }
        if (threadIrq != null) {
            threadIrq.cancel();
            threadIrq = null;
            runThread();
        }
    }

    /** {@code rcar_dmac_chan_pause()}: clears DE. */
    @Override
    protected int devicePause() {
        int chcr = read(RCAR_DMACHCR);
        write(RCAR_DMACHCR, chcr & ~RCAR_DMACHCR_DE);
        chcrDeBarrier();
        return 0;
    }

    // ---- status ----

    /** {@code rcar_dmac_chan_get_residue()} */
    private long getResidue(int cookie) {
        RcarDmacDesc desc = running;
        if (desc == null) {
            return 0;
        }
        if (dmaCookieStatus(cookie, null) == DmaStatus.COMPLETE) {
            return 0;
        }
        if (cookie != desc.cookie()) {
            for (RcarDmacDesc d : done) {
                if (d.cookie() == cookie) {
                    return 0;
                }
            }
            for (RcarDmacDesc d : pending) {
                if (d.cookie() == cookie) {
                    return d.size;
                }
            }
            for (RcarDmacDesc d : active) {
                if (d.cookie() == cookie) {
                    return d.size;
                }
            }
            warn("1370", "rcar_dmac_chan_get_residue", "No descriptor for cookie!");
            return 0;
        }
        int chcrb = 0;
        int tcrb = 0;
        int i;
        for (i = 0; i < 3; i++) {
            chcrb = read(RCAR_DMACHCRB) & RCAR_DMACHCRB_DPTR_MASK;
            tcrb = read(RCAR_DMATCRB);
            if (chcrb == (read(RCAR_DMACHCRB) & RCAR_DMACHCRB_DPTR_MASK)) {
                break;
            }
        }
        int n = desc.chunks.size();
        int runningIdx = -1;
        int dptr = 0;
        if (desc.hwdescsUse) {
            dptr = chcrb >>> RCAR_DMACHCRB_DPTR_SHIFT;
            if (dptr == 0) {
                dptr = n;
            }
            dptr--;
        } else {
            runningIdx = desc.running;
        }
        long residue = 0;
        for (int c = n - 1; c >= 0; c--) {
            if (c == runningIdx || ++dptr == n) {
                break;
            }
            residue += desc.chunks.get(c).size() & 0xffffffffL;
        }
        residue += ((long) tcrb & 0xffffffffL) << desc.xferShift;
        return residue & 0xffffffffL;
    }

    @Override
    protected DmaStatus deviceTxStatus(int cookie, DmaTxState state) {
        DmaStatus status = dmaCookieStatus(cookie, state);
        if (status == DmaStatus.COMPLETE || state == null) {
            return status;
        }
        long residue = getResidue(cookie);
        boolean cyclic = running != null && running.cyclic;
        if (residue == 0 && !cyclic) {
            return DmaStatus.COMPLETE;
        }
        state.residue = residue;
        return status;
    }

    // ---- interrupts ----

    /** The hardware raised the channel interrupt line: the hard handler runs as a clock event now. */
    void interrupt() {
        if (hardIrq != null) {
            return;
        }
        hardIrq = machine.clock().schedule(0, "irq " + irqName, () -> {
            hardIrq = null;
            runHardIrq();
        });
    }

    private void runHardIrq() {
        boolean[] w = new boolean[1];
        machine.inHardIrq(() -> {
            stack().push("rcar_dmac_isr_channel");
            try {
                w[0] = isrChannel();
            } finally {
                stack().pop();
            }
        });
        boolean wake = w[0];
        if (wake && threadIrq == null) {
            threadIrq = machine.clock().schedule(0, "irq/" + irqName, () -> {
                threadIrq = null;
                runThread();
            });
        }
    }

    /** The channel's irq thread ("irq/N-e6700000.dma-controller:0", cut to 15 characters) runs the thread handler. */
    private void runThread() {
        machine.runAs(machine.irqThread(irqName), () -> {
            stack().push("rcar_dmac_isr_channel_thread");
            try {
                isrChannelThread();
            } finally {
                stack().pop();
            }
        });
    }

    /** {@code rcar_dmac_isr_channel()}: @return whether the thread is to be woken */
    private boolean isrChannel() {
        int mask = RCAR_DMACHCR_DSE | RCAR_DMACHCR_TE;
        boolean wake = false;
        int chcr = read(RCAR_DMACHCR);
        if ((chcr & RCAR_DMACHCR_CAE) != 0) {
            dmac.chanClear(this);
            chcrDeBarrier();
            machine.devPrintk(Level.ERR, dmaDev(), "Channel Address Error");
            reinit();
            return false;
        }
        if ((chcr & RCAR_DMACHCR_TE) != 0) {
            mask |= RCAR_DMACHCR_DE;
        }
        write(RCAR_DMACHCR, chcr & ~mask);
        if ((mask & RCAR_DMACHCR_DE) != 0) {
            chcrDeBarrier();
        }
        if ((chcr & RCAR_DMACHCR_DSE) != 0) {
            wake |= isrDescStageEnd();
        }
        if ((chcr & RCAR_DMACHCR_TE) != 0) {
            wake |= isrTransferEnd();
        }
        return wake;
    }

    private boolean isrDescStageEnd() {
        RcarDmacDesc desc = running;
        if (desc == null || !desc.cyclic) {
            warn("1497", "rcar_dmac_isr_desc_stage_end", null);
            return false;
        }
        int stage = (read(RCAR_DMACHCRB) & RCAR_DMACHCRB_DPTR_MASK) >>> RCAR_DMACHCRB_DPTR_SHIFT;
        write(RCAR_DMADPCR, stage << RCAR_DMADPCR_DIPT_SHIFT);
        return true;
    }

    private boolean isrTransferEnd() {
        RcarDmacDesc desc = running;
        boolean ret = true;
        if (desc == null) {
            warn("1519", "rcar_dmac_isr_transfer_end", null);
            return false;
        }
        boolean complete = true;
        if (!desc.hwdescsUse) {
            if (desc.running != desc.chunks.size() - 1) {
                desc.running++;
                if (!desc.cyclic) {
                    ret = false;
                }
                complete = false;
            } else if (desc.cyclic) {
                desc.running = 0;
                complete = false;
            }
        }
        if (complete) {
            active.remove(desc);
            done.add(desc);
            running = active.isEmpty() ? null : active.get(0);
        }
        if (running != null) {
            startXfer();
        }
        return ret;
    }

    /** {@code rcar_dmac_isr_channel_thread()}: callbacks of a cyclic period, then of every finished descriptor. */
    private void isrChannelThread() {
        if (running != null && running.cyclic) {
            RcarDmacDesc desc = running;
            if (desc.callback() != null || desc.callbackResult() != null) {
                dmaengineDescCallbackInvoke(desc, null);
            }
        }
        while (!done.isEmpty()) {
            RcarDmacDesc desc = done.remove(0);
            dmaCookieComplete(desc);
            dmaengineDescCallbackInvoke(desc, null);
            wait.add(desc);
        }
        descRecycleAcked();
    }

    @Override
    public String toString() {
        return chanName() + " (" + dmac.device().name() + " chan" + index + ")";
    }
}
