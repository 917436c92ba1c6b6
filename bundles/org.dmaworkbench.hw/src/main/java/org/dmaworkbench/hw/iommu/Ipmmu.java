package org.dmaworkbench.hw.iommu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * Renesas IPMMU-VMSA: the register file drivers/iommu/ipmmu-vmsa.c programs and the translation it
 * performs for bus masters behind it.
 * <p>
 * Registers: per context IMCTR, IMTTBCR, IMBUSCR, IMTTLBR0/IMTTUBR0, IMSTR, IMMAIR0, IMELAR, IMEUAR at
 * {@link #contextRegisterOffset} (the driver's {@code ipmmu_ctx_reg()} layout), and per micro-TLB IMUCTR
 * and IMUASID. On Gen2 ({@link IpmmuFeatures#useNsAliasOffset()}) the bank at +0x800 the driver uses
 * aliases the one at 0. IMCTR.FLUSH and IMUCTR.FLUSH invalidate the TLB and read back as 0, so the
 * driver's {@code ipmmu_tlb_sync()} poll completes at once.
 * <p>
 * Gen3 topology: a leaf IPMMU (with renesas,ipmmu-main) owns the micro-TLBs and the TLB; the context
 * registers that matter (TTBR, MMUEN, IMSTR, IMELAR) are the root IPMMU-MM's, as the driver writes them
 * with {@code ipmmu_ctx_write_root()}. Gen2 instances are their own root.
 * <p>
 * Translation ({@link #translate}): a master's micro-TLB with IMUCTR.MMUEN selects a context
 * (IMUCTR.TTSEL); with the context's IMCTR.MMUEN the IOVA is looked up in the TLB and, on a miss, walked
 * by {@link LpaeWalker} in memory from IMTTUBR0:IMTTLBR0. A master whose micro-TLB (or context) is not
 * enabled bypasses translation. Faults never throw: they set IMSTR.TF/PF/ABORT, latch the IOVA in
 * IMELAR (low 32 bits) and IMEUAR (high bits, Gen3) of the root's context, are appended to
 * {@link #faults()}, and call the interrupt handler when IMCTR.INTEN is set.
 */
public final class Ipmmu implements MmioDevice {
    public static final int IM_NS_ALIAS_OFFSET = 0x800;

    public static final int IMCTR = 0x0000;
    public static final int IMCTR_INTEN = 1 << 2;
    public static final int IMCTR_FLUSH = 1 << 1;
    public static final int IMCTR_MMUEN = 1 << 0;
    public static final int IMTTBCR = 0x0008;
    public static final int IMTTBCR_EAE = 1 << 31;
    public static final int IMTTBCR_SH0_INNER_SHAREABLE = 3 << 12;
    public static final int IMTTBCR_ORGN0_WB_WA = 1 << 10;
    public static final int IMTTBCR_IRGN0_WB_WA = 1 << 8;
    public static final int IMTTBCR_SL0_TWOBIT_LVL_1 = 2 << 6;
    public static final int IMTTBCR_SL0_LVL_1 = 1 << 4;
    public static final int IMBUSCR = 0x000c;
    public static final int IMTTLBR0 = 0x0010;
    public static final int IMTTUBR0 = 0x0014;
    public static final int IMSTR = 0x0020;
    public static final int IMSTR_MHIT = 1 << 4;
    public static final int IMSTR_ABORT = 1 << 2;
    public static final int IMSTR_PF = 1 << 1;
    public static final int IMSTR_TF = 1 << 0;
    public static final int IMMAIR0 = 0x0028;
    public static final int IMELAR = 0x0030;
    public static final int IMEUAR = 0x0034;
    public static final int IMUCTR_FLUSH = 1 << 1;
    public static final int IMUCTR_MMUEN = 1 << 0;

    /** {@link #translate} result for an access that faulted (physical addresses are never negative). */
    public static final long FAULT = -1L;

    private static final int CTX_REGS = 0x40 / 4;
    private static final int MAX_FAULT_LOG = 4096;

    private final String name;
    private final IpmmuFeatures features;
    private final PhysicalMemory walkMemory;
    private final int[][] ctx;
    private final int[] imuctr;
    private final int[] imuasid;
    private final Iotlb tlb;
    private Ipmmu root = this;
    private final List<Ipmmu> leaves = new ArrayList<>();
    private VirtualClock clock;
    private boolean requireNs = true;
    private Consumer<Ipmmu> interruptHandler;
    private final List<Consumer<IpmmuFault>> faultListeners = new ArrayList<>();
    private final ArrayDeque<IpmmuFault> faults = new ArrayDeque<>();
    private long faultCount;
    private long walks;

    /**
     * @param name       for messages and fault records, normally the DT node name (e.g. iommu@e6740000)
     * @param features   per-SoC features
     * @param walkMemory what the table walker reads (the SoC's physical bus)
     */
    public Ipmmu(String name, IpmmuFeatures features, PhysicalMemory walkMemory) {
        this(name, features, walkMemory, 256);
    }

    public Ipmmu(String name, IpmmuFeatures features, PhysicalMemory walkMemory, int tlbEntries) {
        this.name = name;
        this.features = features;
        this.walkMemory = walkMemory;
        this.ctx = new int[features.numberOfContexts()][CTX_REGS];
        this.imuctr = new int[features.numUtlbs()];
        this.imuasid = new int[features.numUtlbs()];
        this.tlb = new Iotlb(tlbEntries);
    }

    public String name() {
        return name;
    }

    public IpmmuFeatures features() {
        return features;
    }

    /** Makes this a leaf of {@code main} (Gen3 renesas,ipmmu-main). */
    public void setRoot(Ipmmu main) {
        if (main == this) {
            return;
        }
        if (main.root != main) {
            throw new IllegalArgumentException(main.name + " is itself a leaf IPMMU");
        }
        root.leaves.remove(this);
        root = main;
        main.leaves.add(this);
    }

    public Ipmmu root() {
        return root;
    }

    public boolean isRoot() {
        return root == this;
    }

    public void setClock(VirtualClock clock) {
        this.clock = clock;
    }

    /** Whether clear NSTable/NS bits fault (true by default, as on the hardware in non-secure mode). */
    public void setRequireNs(boolean requireNs) {
        this.requireNs = requireNs;
    }

    /** Called on the root when a fault is latched in a context with IMCTR.INTEN set (the driver's ipmmu_irq). */
    public void setInterruptHandler(Consumer<Ipmmu> handler) {
        this.interruptHandler = handler;
    }

    public void addFaultListener(Consumer<IpmmuFault> listener) {
        faultListeners.add(listener);
    }

    public void removeFaultListener(Consumer<IpmmuFault> listener) {
        faultListeners.remove(listener);
    }

    /** @return faults latched in this IPMMU's contexts (on the root for Gen3), oldest first, at most the last 4096 */
    public List<IpmmuFault> faults() {
        return Collections.unmodifiableList(new ArrayList<>(faults));
    }

    public long faultCount() {
        return faultCount;
    }

    /** @return the TLB of this instance (the leaf's for Gen3 masters) */
    public Iotlb tlb() {
        return tlb;
    }

    /** @return table walks performed by this instance */
    public long walks() {
        return walks;
    }

    // ---------------------------------------------------------------- register layout (driver view)

    /** Offset from the driver's register base at which it programs this instance (+0x800 on Gen2). */
    public int driverBaseOffset() {
        return features.useNsAliasOffset() ? IM_NS_ALIAS_OFFSET : 0;
    }

    /** The driver's {@code ipmmu_ctx_reg()}: offset of context register {@code reg} from the driver base. */
    public int contextRegisterOffset(int context, int reg) {
        int base = features.ctxOffsetBase();
        if (context > 7) {
            base += 0x800 - 8 * 0x40;
        }
        return base + context * features.ctxOffsetStride() + reg;
    }

    /** Offset of IMUCTR(utlb) (or IMUASID(utlb) when {@code asid}) from the driver base. */
    public int utlbRegisterOffset(int utlb, boolean asid) {
        int o = utlb < 32 ? 0x0300 + utlb * 16 : 0x0600 + (utlb - 32) * 16;
        return features.utlbOffsetBase() + o + (asid ? 8 : 0);
    }

    /** Driver-style write of a context register (ipmmu_ctx_write). */
    public void writeContextRegister(int context, int reg, int value) {
        mmioWrite(driverBaseOffset() + contextRegisterOffset(context, reg), 4, value & 0xffffffffL);
    }

    public int readContextRegister(int context, int reg) {
        return (int) mmioRead(driverBaseOffset() + contextRegisterOffset(context, reg), 4);
    }

    /** Driver-style write of IMUCTR(utlb) (ipmmu_imuctr_write). */
    public void writeImuctr(int utlb, int value) {
        mmioWrite(driverBaseOffset() + utlbRegisterOffset(utlb, false), 4, value & 0xffffffffL);
    }

    /** Driver-style write of IMUASID(utlb) (ipmmu_imuasid_write). */
    public void writeImuasid(int utlb, int value) {
        mmioWrite(driverBaseOffset() + utlbRegisterOffset(utlb, true), 4, value & 0xffffffffL);
    }

    public int imuctr(int utlb) {
        return imuctr[utlb];
    }

    public boolean utlbEnabled(int utlb) {
        return utlb >= 0 && utlb < imuctr.length && (imuctr[utlb] & IMUCTR_MMUEN) != 0;
    }

    /** @return the context selected by IMUCTR(utlb).TTSEL */
    public int utlbContext(int utlb) {
        return (imuctr[utlb] >>> 4) & 0xf;
    }

    /** @return the 40-bit table base of {@code context} from IMTTUBR0:IMTTLBR0 */
    public long ttbr(int context) {
        int[] c = ctx[context];
        return ((long) (c[IMTTUBR0 >> 2] & 0xff) << 32) | (c[IMTTLBR0 >> 2] & 0xffffffffL);
    }

    // ---------------------------------------------------------------- MMIO

    /** @return {context, register} for a context register offset, or null */
    private int[] decodeContext(int off) {
        for (int c = 0; c < ctx.length; c++) {
            int b = contextRegisterOffset(c, 0);
            if (off >= b && off < b + 0x40) {
                return new int[] {c, off - b};
            }
        }
        return null;
    }

    private int readReg(int off) {
        if (features.useNsAliasOffset()) {
            off &= IM_NS_ALIAS_OFFSET - 1;
        }
        int[] cr = decodeContext(off);
        if (cr != null) {
            return ctx[cr[0]][cr[1] >> 2];
        }
        int u = off - features.utlbOffsetBase();
        int n = utlbIndex(u);
        if (n >= 0) {
            return ((u & 0xf) == 8) ? imuasid[n] : ((u & 0xf) == 0 ? imuctr[n] : 0);
        }
        return 0;
    }

    private int utlbIndex(int u) {
        int n = -1;
        if (u >= 0x300 && u < 0x500) {
            n = (u - 0x300) >> 4;
        } else if (u >= 0x600 && u < 0x800) {
            n = 32 + ((u - 0x600) >> 4);
        }
        return n >= 0 && n < imuctr.length ? n : -1;
    }

    private void writeReg(int off, int value) {
        if (features.useNsAliasOffset()) {
            off &= IM_NS_ALIAS_OFFSET - 1;
        }
        int[] cr = decodeContext(off);
        if (cr != null) {
            writeContext(cr[0], cr[1], value);
            return;
        }
        int u = off - features.utlbOffsetBase();
        int n = utlbIndex(u);
        if (n >= 0) {
            if ((u & 0xf) == 0) {
                if ((value & IMUCTR_FLUSH) != 0) {
                    tlb.flushContext((value >>> 4) & 0xf);
                }
                imuctr[n] = value & ~IMUCTR_FLUSH;
            } else if ((u & 0xf) == 8) {
                imuasid[n] = value;
            }
        }
    }

    private void writeContext(int c, int reg, int value) {
        int[] r = ctx[c];
        switch (reg) {
            case IMCTR:
                if ((value & IMCTR_FLUSH) != 0) {
                    tlb.flushContext(c);
                    for (Ipmmu leaf : leaves) {
                        leaf.tlb.flushContext(c);
                    }
                }
                r[IMCTR >> 2] = value & ~IMCTR_FLUSH;
                break;
            case IMSTR:
                r[IMSTR >> 2] = value;
                if ((value & (IMSTR_MHIT | IMSTR_ABORT | IMSTR_PF | IMSTR_TF)) == 0) {
                    // "The error address register must be read before, otherwise its value will be 0."
                    r[IMELAR >> 2] = 0;
                    r[IMEUAR >> 2] = 0;
                }
                break;
            default:
                r[reg >> 2] = value;
                break;
        }
    }

    @Override
    public long mmioRead(long offset, int size) {
        int off = (int) offset;
        if (size == 8) {
            return (readReg(off) & 0xffffffffL) | ((long) readReg(off + 4) << 32);
        }
        int v = readReg(off & ~3);
        return (v >>> (8 * (off & 3))) & (size == 4 ? 0xffffffffL : (1L << (8 * size)) - 1);
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        int off = (int) offset;
        if (size == 8) {
            writeReg(off, (int) value);
            writeReg(off + 4, (int) (value >>> 32));
            return;
        }
        if (size == 4) {
            writeReg(off, (int) value);
            return;
        }
        int sh = 8 * (off & 3);
        int m = (int) ((1L << (8 * size)) - 1) << sh;
        int old = readReg(off & ~3);
        writeReg(off & ~3, (old & ~m) | (((int) value << sh) & m));
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates one access of the master behind micro-TLB {@code utlb}.
     *
     * @return the physical address, or {@link #FAULT} after latching the fault
     */
    public long translate(int utlb, long iova, IommuAccess access) {
        if (utlb < 0 || utlb >= imuctr.length) {
            throw new IllegalArgumentException(name + ": no micro-TLB " + utlb + " (has " + imuctr.length + ")");
        }
        int u = imuctr[utlb];
        if ((u & IMUCTR_MMUEN) == 0) {
            return iova;
        }
        int c = (u >>> 4) & 0xf;
        Ipmmu r = root;
        if (c >= r.ctx.length) {
            return fault(c, utlb, iova, IMSTR_TF, access, null);
        }
        int[] regs = r.ctx[c];
        if ((regs[IMCTR >> 2] & IMCTR_MMUEN) == 0) {
            return iova;
        }
        if ((iova >>> 32) == 0) {
            int slot = tlb.lookup(c, iova);
            if (slot >= 0) {
                if (access == IommuAccess.WRITE && tlb.readOnly(slot)) {
                    return fault(c, utlb, iova, IMSTR_PF, access, null);
                }
                return tlb.page(slot) | (iova & 0xfff);
            }
        }
        walks++;
        LpaeWalker.Walk w = LpaeWalker.walk(walkMemory, r.ttbr(c), iova, access, requireNs);
        if (!w.ok()) {
            return fault(c, utlb, iova, w.imstrStatus(), access, w);
        }
        tlb.insert(c, iova, w.pa() & ~0xfffL, w.readOnly());
        return w.pa();
    }

    /**
     * Translates a run of {@code count} same-direction accesses that all fall in the 4 KiB page of
     * {@code iova}: one lookup (or walk) plus {@code count - 1} TLB hits, as the hardware would count them.
     */
    public long translateRun(int utlb, long iova, IommuAccess access, int count) {
        long pa = translate(utlb, iova, access);
        if (pa != FAULT && count > 1 && isTranslating(utlb)) {
            tlb.countHits(count - 1);
        }
        return pa;
    }

    /** @return whether accesses through {@code utlb} are translated (micro-TLB and its context enabled) */
    public boolean isTranslating(int utlb) {
        if (!utlbEnabled(utlb)) {
            return false;
        }
        int c = utlbContext(utlb);
        return c >= root.ctx.length || (root.ctx[c][IMCTR >> 2] & IMCTR_MMUEN) != 0;
    }

    /** A side-effect-free walk of {@code context}'s tables (for views and tests). */
    public LpaeWalker.Walk walk(int context, long iova, IommuAccess access) {
        return LpaeWalker.walk(walkMemory, root.ttbr(context), iova, access, requireNs);
    }

    private long fault(int c, int utlb, long iova, int status, IommuAccess access, LpaeWalker.Walk w) {
        Ipmmu r = root;
        IpmmuFault f = new IpmmuFault(name, c, utlb, iova, status, access, clock == null ? 0 : clock.now(), w);
        if (c < r.ctx.length) {
            int[] regs = r.ctx[c];
            regs[IMSTR >> 2] |= status;
            regs[IMELAR >> 2] = (int) iova;
            if (r.features.generation() >= 3) {
                regs[IMEUAR >> 2] = (int) (iova >>> 32);
            }
        }
        r.faultCount++;
        if (r.faults.size() == MAX_FAULT_LOG) {
            r.faults.removeFirst();
        }
        r.faults.addLast(f);
        for (Consumer<IpmmuFault> l : r.faultListeners) {
            l.accept(f);
        }
        if (r != this) {
            for (Consumer<IpmmuFault> l : faultListeners) {
                l.accept(f);
            }
        }
        if (c < r.ctx.length && (r.ctx[c][IMCTR >> 2] & IMCTR_INTEN) != 0 && r.interruptHandler != null) {
            r.interruptHandler.accept(r);
        }
        return FAULT;
    }

    @Override
    public String toString() {
        return name + (isRoot() ? "" : " (leaf of " + root.name + ")");
    }
}
