package org.dmaworkbench.hw.dmac;

import org.dmaworkbench.hw.iommu.IommuAccess;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.BusErrorException;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * One SYS-DMAC channel: the register file rcar_dmac_chan_start_xfer() programs and reads back, and the
 * transfer engine behind it.
 * <ul>
 * <li>Register mode: SAR/DAR (low 32 bits, DMAFIXSAR/DMAFIXDAR give bits 39:32), TCR (24-bit count of
 * transfer units, 0 meaning 2^24) counting down as units move, CHCR with TS (1, 2, 4, 8, 16, 32, 64
 * bytes), SM/DM (fixed/increment/decrement; addresses wrap within their 4 GiB window, which is why the
 * driver never lets a chunk cross one), RS (auto-request, or DMARS: the peripheral request selected by
 * the MID/RID in DMARS), IE, and DE to start. At the end CHCR.TE is set (DE stays set; the driver
 * clears both) and, with IE, the channel interrupt is raised.</li>
 * <li>Descriptor mode (CHCR.DPM != 0): {@code DCNT + 1} hardware descriptors {sar, dar, tcr, reserved}
 * (16 bytes, little-endian) are read from DMAFIXDPBASE:DMADPBASE, loading SAR/DAR/TCR for each stage
 * (RPT_SAR/RPT_DAR/RPT_TCR). CHCRB.DPTR holds the number of the next descriptor (modulo the count), as
 * rcar_dmac_chan_get_residue() decodes it; CHCRB.DRST resets it. DPM_ENABLED ends with TE after the last
 * stage; DPM_REPEAT/DPM_INFINITE wrap around. With DSIE, the end of the stage DMADPCR.DIPT selects sets
 * DSE and interrupts.</li>
 * <li>Every access (data and descriptors) of a channel behind an IPMMU micro-TLB is translated; an IOMMU
 * fault, a bus error, an address misaligned to TS, or an invalid TS stops the channel with the address
 * error state the driver's rcar_dmac_isr_channel() handles: CHCR.CAE set, CHCR.DE cleared, DMAOR.AE set,
 * and the channel interrupt with CAIE.</li>
 * </ul>
 */
public final class RcarDmacChannel {
    public static final int RCAR_DMASAR = 0x0000;
    public static final int RCAR_DMADAR = 0x0004;
    public static final int RCAR_DMATCR = 0x0008;
    public static final int RCAR_DMATCR_MASK = 0x00ffffff;
    public static final int RCAR_DMACHCR = 0x000c;
    public static final int RCAR_DMAFIXSAR = 0x0010;
    public static final int RCAR_DMAFIXDAR = 0x0014;
    public static final int RCAR_DMATCRB = 0x0018;
    public static final int RCAR_DMACHCRB = 0x001c;
    public static final int RCAR_DMATSR = 0x0028;
    public static final int RCAR_DMATSRB = 0x0038;
    public static final int RCAR_DMARS = 0x0040;
    public static final int RCAR_DMABUFCR = 0x0048;
    public static final int RCAR_DMADPBASE = 0x0050;
    public static final int RCAR_DMADPBASE_MASK = 0xfffffff0;
    public static final int RCAR_DMADPBASE_SEL = 1;
    public static final int RCAR_DMADPCR = 0x0054;
    public static final int RCAR_DMAFIXDPBASE = 0x0060;

    public static final int RCAR_DMACHCR_CAE = 1 << 31;
    public static final int RCAR_DMACHCR_CAIE = 1 << 30;
    public static final int RCAR_DMACHCR_DPM_DISABLED = 0 << 28;
    public static final int RCAR_DMACHCR_DPM_ENABLED = 1 << 28;
    public static final int RCAR_DMACHCR_DPM_REPEAT = 2 << 28;
    public static final int RCAR_DMACHCR_DPM_INFINITE = 3 << 28;
    public static final int RCAR_DMACHCR_RPT_SAR = 1 << 27;
    public static final int RCAR_DMACHCR_RPT_DAR = 1 << 26;
    public static final int RCAR_DMACHCR_RPT_TCR = 1 << 25;
    public static final int RCAR_DMACHCR_DPB = 1 << 22;
    public static final int RCAR_DMACHCR_DSE = 1 << 19;
    public static final int RCAR_DMACHCR_DSIE = 1 << 18;
    public static final int RCAR_DMACHCR_TS_1B = (0 << 20) | (0 << 3);
    public static final int RCAR_DMACHCR_TS_2B = (0 << 20) | (1 << 3);
    public static final int RCAR_DMACHCR_TS_4B = (0 << 20) | (2 << 3);
    public static final int RCAR_DMACHCR_TS_16B = (0 << 20) | (3 << 3);
    public static final int RCAR_DMACHCR_TS_32B = (1 << 20) | (0 << 3);
    public static final int RCAR_DMACHCR_TS_64B = (1 << 20) | (1 << 3);
    public static final int RCAR_DMACHCR_TS_8B = (1 << 20) | (3 << 3);
    public static final int RCAR_DMACHCR_DM_FIXED = 0 << 14;
    public static final int RCAR_DMACHCR_DM_INC = 1 << 14;
    public static final int RCAR_DMACHCR_DM_DEC = 2 << 14;
    public static final int RCAR_DMACHCR_SM_FIXED = 0 << 12;
    public static final int RCAR_DMACHCR_SM_INC = 1 << 12;
    public static final int RCAR_DMACHCR_SM_DEC = 2 << 12;
    public static final int RCAR_DMACHCR_RS_AUTO = 4 << 8;
    public static final int RCAR_DMACHCR_RS_DMARS = 8 << 8;
    public static final int RCAR_DMACHCR_IE = 1 << 2;
    public static final int RCAR_DMACHCR_TE = 1 << 1;
    public static final int RCAR_DMACHCR_DE = 1 << 0;

    public static final int RCAR_DMACHCRB_DPTR_MASK = 0xff << 16;
    public static final int RCAR_DMACHCRB_DPTR_SHIFT = 16;
    public static final int RCAR_DMACHCRB_DRST = 1 << 15;

    /** CHCR bits the hardware sets and software can only clear (by writing 0). */
    private static final int FLAGS = RCAR_DMACHCR_CAE | RCAR_DMACHCR_DSE | RCAR_DMACHCR_TE;
    private static final int PAGE = 4096;
    private static final int MODE_FIXED = 0;
    private static final int MODE_INC = 1;
    private static final int MODE_DEC = 2;

    /** What the channel is doing. */
    public enum State {
        /** not enabled, ended, or stopped by an error */
        IDLE,
        /** moving data; the next step is scheduled on the clock */
        RUNNING,
        /** enabled, waiting for its peripheral's DMA request */
        WAITING_REQUEST
    }

    private final RcarDmac dmac;
    private final int index;
    private Ipmmu ipmmu;
    private int utlb;

    private int sar;
    private int dar;
    private int tcr;
    private int chcr;
    private int fixsar;
    private int fixdar;
    private int tcrb;
    private int chcrb;
    private int dmars;
    private int bufcr;
    private int dpbase;
    private int dpcr;
    private int fixdpbase;

    /** units left in the current transfer or stage; -1 = take from TCR at the next step */
    private long unitsLeft = -1;
    /** descriptor mode: stage being run (0-based) and whether its descriptor still has to be read */
    private int stage;
    private boolean needLoad = true;
    private State state = State.IDLE;
    private VirtualClock.Event event;
    private final byte[] scratch = new byte[PAGE];
    private long bytesMoved;
    private String lastError;
    /** between a run's start and end as RcarDmacTransferListener sees them */
    private boolean inRun;

    private final String stepLabel;
    private final String endLabel;
    private final Runnable stepAction = this::step;
    private final Runnable endAction = this::endOfStage;

    RcarDmacChannel(RcarDmac dmac, int index) {
        this.dmac = dmac;
        this.index = index;
        this.stepLabel = dmac.name() + " ch" + index;
        this.endLabel = stepLabel + " end";
    }

    public int index() {
        return index;
    }

    public RcarDmac dmac() {
        return dmac;
    }

    void setIommu(Ipmmu ipmmu, int utlb) {
        this.ipmmu = ipmmu;
        this.utlb = utlb;
    }

    /** @return the IPMMU this channel's accesses go through, or null */
    public Ipmmu ipmmu() {
        return ipmmu;
    }

    public int utlb() {
        return utlb;
    }

    public State state() {
        return state;
    }

    /** @return total bytes this channel moved since reset */
    public long bytesMoved() {
        return bytesMoved;
    }

    /** @return why the channel last stopped with an address error, or null */
    public String lastError() {
        return lastError;
    }

    public int sar() {
        return sar;
    }

    public int dar() {
        return dar;
    }

    public int tcr() {
        return tcr;
    }

    public int tcrb() {
        return tcrb;
    }

    public int chcr() {
        return chcr;
    }

    public int chcrb() {
        return chcrb;
    }

    public int dmars() {
        return dmars;
    }

    /** @return the MID/RID this channel serves (DMARS) */
    public int midRid() {
        return dmars & 0xff;
    }

    boolean interruptPending() {
        return (chcr & RCAR_DMACHCR_TE) != 0 && (chcr & RCAR_DMACHCR_IE) != 0
                || (chcr & RCAR_DMACHCR_CAE) != 0 && (chcr & RCAR_DMACHCR_CAIE) != 0
                || (chcr & RCAR_DMACHCR_DSE) != 0 && (chcr & RCAR_DMACHCR_DSIE) != 0;
    }

    // ---------------------------------------------------------------- registers

    private int read32(int reg) {
        switch (reg) {
            case RCAR_DMASAR: return sar;
            case RCAR_DMADAR: return dar;
            case RCAR_DMATCR: return tcr;
            case RCAR_DMACHCR: return chcr;
            case RCAR_DMAFIXSAR: return fixsar;
            case RCAR_DMAFIXDAR: return fixdar;
            case RCAR_DMATCRB: return tcrb;
            case RCAR_DMACHCRB: return chcrb;
            case RCAR_DMARS: return dmars;
            case RCAR_DMABUFCR: return bufcr;
            case RCAR_DMADPBASE: return dpbase;
            case RCAR_DMADPCR: return dpcr;
            case RCAR_DMAFIXDPBASE: return fixdpbase;
            default: return 0;
        }
    }

    long readRegister(int off, int size) {
        int v = read32(off & ~3);
        if (size >= 4) {
            return v & 0xffffffffL;
        }
        return (v >>> (8 * (off & 3))) & ((1 << (8 * size)) - 1);
    }

    void writeRegister(int off, int size, long value) {
        int reg = off & ~3;
        int v = (int) value;
        if (size < 4) {
            int sh = 8 * (off & 3);
            int m = ((1 << (8 * size)) - 1) << sh;
            v = (read32(reg) & ~m) | ((v << sh) & m);
        }
        switch (reg) {
            case RCAR_DMASAR: sar = v; break;
            case RCAR_DMADAR: dar = v; break;
            case RCAR_DMATCR:
                tcr = v & RCAR_DMATCR_MASK;
                tcrb = tcr;
                unitsLeft = -1;
                break;
            case RCAR_DMACHCR: writeChcr(v); break;
            case RCAR_DMAFIXSAR: fixsar = v & 0xff; break;
            case RCAR_DMAFIXDAR: fixdar = v & 0xff; break;
            case RCAR_DMATCRB: tcrb = v & RCAR_DMATCR_MASK; break;
            case RCAR_DMACHCRB:
                if ((v & RCAR_DMACHCRB_DRST) != 0) {
                    v &= ~RCAR_DMACHCRB_DPTR_MASK;
                    stage = 0;
                    needLoad = true;
                } else {
                    v = (v & ~RCAR_DMACHCRB_DPTR_MASK) | (chcrb & RCAR_DMACHCRB_DPTR_MASK);
                }
                chcrb = v & ~RCAR_DMACHCRB_DRST;
                break;
            case RCAR_DMARS: dmars = v & 0xffff; break;
            case RCAR_DMABUFCR: bufcr = v; break;
            case RCAR_DMADPBASE: dpbase = v; break;
            case RCAR_DMADPCR: dpcr = v; break;
            case RCAR_DMAFIXDPBASE: fixdpbase = v & 0xff; break;
            default: break;
        }
    }

    private void writeChcr(int v) {
        chcr = (v & ~FLAGS) | (chcr & FLAGS & v);
        if ((chcr & RCAR_DMACHCR_DE) == 0) {
            suspend();
            endRun(RcarDmacTransferListener.End.STOPPED);
        } else {
            if (!inRun && (chcr & (RCAR_DMACHCR_TE | RCAR_DMACHCR_CAE)) == 0) {
                inRun = true;
                dmac.transferStarted(index);
            }
            kick();
        }
    }

    private void endRun(RcarDmacTransferListener.End how) {
        if (inRun) {
            inRun = false;
            dmac.transferEnded(index, how);
        }
    }

    /** DMACHCLR: stop and clear the channel's transfer registers. */
    void clear() {
        suspend();
        endRun(RcarDmacTransferListener.End.STOPPED);
        sar = 0;
        dar = 0;
        tcr = 0;
        tcrb = 0;
        chcr = 0;
        chcrb &= ~RCAR_DMACHCRB_DPTR_MASK;
        unitsLeft = -1;
        stage = 0;
        needLoad = true;
    }

    private boolean canRun() {
        return dmac.enabled() && (chcr & RCAR_DMACHCR_DE) != 0
                && (chcr & (RCAR_DMACHCR_TE | RCAR_DMACHCR_CAE)) == 0;
    }

    /** Starts or resumes the channel if it is enabled and not already running. */
    void kick() {
        if (state != State.RUNNING && canRun()) {
            schedule(0);
        }
    }

    /** Stops the engine (DE cleared, DMAOR disabled); registers keep the progress made. */
    void suspend() {
        if (event != null) {
            event.cancel();
            event = null;
        }
        state = State.IDLE;
    }

    void requestAsserted(int midRid) {
        if (state == State.WAITING_REQUEST && midRid == midRid() && canRun()) {
            schedule(0);
        }
    }

    private void schedule(long delayPs) {
        state = State.RUNNING;
        event = dmac.clock().schedule(delayPs, stepLabel, stepAction);
    }

    // ---------------------------------------------------------------- engine

    private boolean descriptorMode() {
        return (chcr & RCAR_DMACHCR_DPM_INFINITE) != 0;
    }

    private int descriptorCount() {
        return (chcrb >>> 24) + 1;
    }

    /** @return transfer size in bytes from CHCR.TS, or -1 for a reserved encoding */
    public static int transferSize(int chcr) {
        int lo = (chcr >>> 3) & 3;
        int hi = (chcr >>> 20) & 3;
        if (hi == 0) {
            return lo == 3 ? 16 : 1 << lo;
        }
        if (hi == 1) {
            switch (lo) {
                case 0: return 32;
                case 1: return 64;
                case 3: return 8;
                default: return -1;
            }
        }
        return -1;
    }

    private void step() {
        event = null;
        state = State.IDLE;
        if (!canRun()) {
            return;
        }
        if (descriptorMode() && needLoad && !loadDescriptor()) {
            return;
        }
        int ts = transferSize(chcr);
        if (ts < 0) {
            addressError(String.format("reserved transfer size encoding in CHCR 0x%08x", chcr));
            return;
        }
        if (unitsLeft < 0) {
            unitsLeft = tcr == 0 ? 1L << 24 : tcr;
        }
        if (unitsLeft == 0) {
            endOfStage();
            return;
        }
        long n = Math.min(unitsLeft, Math.max(1, dmac.maxBytesPerStep() / ts));
        int rs = (chcr >>> 8) & 0xf;
        if (rs == (RCAR_DMACHCR_RS_DMARS >>> 8)) {
            DmaRequester r = dmac.requester(midRid());
            int avail = r == null ? 0 : r.pendingUnits(midRid(), ts);
            if (avail <= 0) {
                state = State.WAITING_REQUEST;
                return;
            }
            n = Math.min(n, avail);
        } else if (rs != (RCAR_DMACHCR_RS_AUTO >>> 8)) {
            // an external request pin nothing drives
            state = State.WAITING_REQUEST;
            return;
        }
        long moved = move(n, ts);
        unitsLeft -= moved;
        tcr = (int) (unitsLeft & RCAR_DMATCR_MASK);
        tcrb = tcr;
        bytesMoved += moved * ts;
        if (moved < n) {
            return; // address error already reported
        }
        long duration = moved * dmac.unitTimePs(ts);
        state = State.RUNNING;
        if (unitsLeft == 0) {
            event = dmac.clock().schedule(duration, endLabel, endAction);
        } else {
            event = dmac.clock().schedule(duration, stepLabel, stepAction);
        }
    }

    private boolean loadDescriptor() {
        int n = descriptorCount();
        long base = ((long) fixdpbase << 32) | (dpbase & RCAR_DMADPBASE_MASK & 0xffffffffL);
        long da = base + 16L * stage;
        long pa = translate(da, IommuAccess.READ, 1);
        if (pa < 0) {
            addressError(String.format("IOMMU fault reading descriptor %d at 0x%x", stage, da));
            return false;
        }
        int dsar;
        int ddar;
        int dtcr;
        try {
            dsar = dmac.bus().read32(pa);
            ddar = dmac.bus().read32(pa + 4);
            dtcr = dmac.bus().read32(pa + 8);
        } catch (BusErrorException e) {
            addressError(String.format("bus error reading descriptor %d at 0x%x", stage, pa));
            return false;
        }
        if ((chcr & RCAR_DMACHCR_RPT_SAR) != 0 || stage == 0) {
            sar = dsar;
        }
        if ((chcr & RCAR_DMACHCR_RPT_DAR) != 0 || stage == 0) {
            dar = ddar;
        }
        if ((chcr & RCAR_DMACHCR_RPT_TCR) != 0 || stage == 0) {
            tcr = dtcr & RCAR_DMATCR_MASK;
            tcrb = tcr;
        }
        unitsLeft = -1;
        needLoad = false;
        chcrb = (chcrb & ~RCAR_DMACHCRB_DPTR_MASK) | ((((stage + 1) % n) & 0xff) << RCAR_DMACHCRB_DPTR_SHIFT);
        return true;
    }

    private void endOfStage() {
        event = null;
        state = State.IDLE;
        boolean irq = false;
        if (descriptorMode()) {
            int n = descriptorCount();
            int s = stage + 1;
            int dipt = (dpcr >>> 24) & 0xff;
            if ((chcr & RCAR_DMACHCR_DSIE) != 0 && dipt % n == s % n) {
                chcr |= RCAR_DMACHCR_DSE;
                irq = true;
            }
            boolean cyclic = (chcr & RCAR_DMACHCR_DPM_INFINITE) != RCAR_DMACHCR_DPM_ENABLED;
            if (stage < n - 1 || cyclic) {
                stage = (stage + 1) % n;
                needLoad = true;
                unitsLeft = -1;
                // the next descriptor is fetched (and DPTR advanced) before the stage-end interrupt is
                // seen, so rcar_dmac_isr_desc_stage_end() reprograms DIPT for the stage now running
                if (canRun() && !loadDescriptor()) {
                    return;
                }
                if (irq) {
                    dmac.raiseChannelInterrupt(index);
                }
                if (state != State.RUNNING && canRun()) {
                    schedule(0);
                }
                return;
            }
        }
        chcr |= RCAR_DMACHCR_TE;
        unitsLeft = -1;
        endRun(RcarDmacTransferListener.End.COMPLETE);
        if ((chcr & RCAR_DMACHCR_IE) != 0) {
            irq = true;
        }
        if (irq) {
            dmac.raiseChannelInterrupt(index);
        }
    }

    private void addressError(String why) {
        lastError = why;
        suspend();
        chcr = (chcr | RCAR_DMACHCR_CAE) & ~RCAR_DMACHCR_DE;
        endRun(RcarDmacTransferListener.End.ERROR);
        dmac.addressError();
        if ((chcr & RCAR_DMACHCR_CAIE) != 0) {
            dmac.raiseChannelInterrupt(index);
        }
    }

    private long translate(long addr, IommuAccess access, int count) {
        if (ipmmu == null) {
            return addr;
        }
        return ipmmu.translateRun(utlb, addr, access, count);
    }

    private static long unitsInPage(int addr, int mode, int ts) {
        int in = addr & (PAGE - 1);
        switch (mode) {
            case MODE_INC: return (PAGE - in) / ts;
            case MODE_DEC: return in / ts + 1;
            default: return Long.MAX_VALUE;
        }
    }

    private static int advance(int addr, int mode, long bytes) {
        switch (mode) {
            case MODE_INC: return (int) (addr + bytes);
            case MODE_DEC: return (int) (addr - bytes);
            default: return addr;
        }
    }

    /** Moves up to {@code n} units; @return units moved (fewer than n after an address error) */
    private long move(long n, int ts) {
        int sm = (chcr >>> 12) & 3;
        int dm = (chcr >>> 14) & 3;
        Bus bus = dmac.bus();
        long moved = 0;
        while (moved < n) {
            long src = ((long) fixsar << 32) | (sar & 0xffffffffL);
            long dst = ((long) fixdar << 32) | (dar & 0xffffffffL);
            if (((src | dst) & (ts - 1)) != 0) {
                addressError(String.format("address not aligned to the %d-byte transfer size: SAR 0x%x DAR 0x%x", ts,
                        src, dst));
                return moved;
            }
            int k = (int) Math.min(n - moved, Math.min(unitsInPage(sar, sm, ts), unitsInPage(dar, dm, ts)));
            long spa = translate(src, IommuAccess.READ, k);
            if (spa < 0) {
                addressError(String.format("IOMMU fault on read of 0x%x", src));
                return moved;
            }
            long dpa = translate(dst, IommuAccess.WRITE, k);
            if (dpa < 0) {
                addressError(String.format("IOMMU fault on write of 0x%x", dst));
                return moved;
            }
            try {
                if (sm == MODE_INC && dm == MODE_INC) {
                    bus.copy(spa, dpa, k * ts, scratch);
                } else {
                    long so = 0;
                    long dOff = 0;
                    long sStep = sm == MODE_INC ? ts : sm == MODE_DEC ? -ts : 0;
                    long dStep = dm == MODE_INC ? ts : dm == MODE_DEC ? -ts : 0;
                    for (int i = 0; i < k; i++) {
                        bus.read(spa + so, scratch, 0, ts);
                        bus.write(dpa + dOff, scratch, 0, ts);
                        so += sStep;
                        dOff += dStep;
                    }
                }
            } catch (BusErrorException e) {
                addressError(e.getMessage());
                return moved;
            }
            sar = advance(sar, sm, (long) k * ts);
            dar = advance(dar, dm, (long) k * ts);
            moved += k;
        }
        return moved;
    }

    @Override
    public String toString() {
        return String.format("%s ch%d: SAR 0x%08x DAR 0x%08x TCR 0x%06x CHCR 0x%08x %s", dmac.name(), index, sar, dar,
                tcr, chcr, state);
    }
}
