package org.dmaworkbench.kernel.drivers.ipmmu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuDomainListener;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * The IPMMU-VMSA driver, drivers/iommu/ipmmu-vmsa.c of Linux 6.12 (probe, {@code ipmmu_attach_device},
 * {@code ipmmu_domain_init_context}, {@code ipmmu_utlb_enable}, {@code ipmmu_tlb_invalidate},
 * {@code ipmmu_irq}). It programs the IPMMU model only through MMIO writes on the bus at the instance's register
 * base (+0x800 on Gen2, the non-secure alias), in the order the driver does.
 * <p>
 * One instance per IPMMU device. On Gen3/Gen4 a leaf instance (with {@code renesas,ipmmu-main}) allocates its
 * contexts on the root IPMMU-MM, which also owns the fault interrupt; context 0 of the root is reserved there.
 * Domains are {@link IommuDomain#ipmmu} page tables; the driver listens to them for attach, IOTLB syncs and their
 * free ({@code ipmmu_domain_free()}: {@code ipmmu_domain_destroy_context()} writes IMCTR = FLUSH to the context on
 * the leaf and the root, waits for the flush, and gives the context back for the next domain).
 * {@link #identityDomain()} is {@code ipmmu_iommu_identity_domain}: attaching it disables the device's micro-TLBs
 * ({@code ipmmu_iommu_identity_attach()} / {@code ipmmu_utlb_disable()}) and leaves the context as it is.
 */
public final class IpmmuVmsaDriver {
    public static final String DRIVER_NAME = "ipmmu-vmsa";

    // register offsets and bits of ipmmu-vmsa.c
    static final int IMCTR = 0x0000;
    static final int IMCTR_INTEN = 1 << 2;
    static final int IMCTR_FLUSH = 1 << 1;
    static final int IMCTR_MMUEN = 1 << 0;
    static final int IMTTBCR = 0x0008;
    static final int IMTTBCR_EAE = 1 << 31;
    static final int IMTTBCR_SH0_INNER_SHAREABLE = 3 << 12;
    static final int IMTTBCR_ORGN0_WB_WA = 1 << 10;
    static final int IMTTBCR_IRGN0_WB_WA = 1 << 8;
    static final int IMTTBCR_SL0_TWOBIT_LVL_1 = 2 << 6;
    static final int IMTTBCR_SL0_LVL_1 = 1 << 4;
    static final int IMBUSCR = 0x000c;
    static final int IMBUSCR_DVM = 1 << 2;
    static final int IMBUSCR_BUSSEL_MASK = 3;
    static final int IMTTLBR0 = 0x0010;
    static final int IMTTUBR0 = 0x0014;
    static final int IMSTR = 0x0020;
    static final int IMSTR_MHIT = 1 << 4;
    static final int IMSTR_ABORT = 1 << 2;
    static final int IMSTR_PF = 1 << 1;
    static final int IMSTR_TF = 1 << 0;
    static final int IMMAIR0 = 0x0028;
    static final int IMELAR = 0x0030;
    static final int IMEUAR = 0x0034;
    static final int IMUCTR_FLUSH = 1 << 1;
    static final int IMUCTR_MMUEN = 1 << 0;
    static final int IM_NS_ALIAS_OFFSET = 0x800;
    private static final int TLB_LOOP_TIMEOUT = 100;

    /** {@code iommu_fault_handler_t}: return 0 when handled. */
    @FunctionalInterface
    public interface FaultHandler {
        int handle(IommuDomain domain, Device dev, long iova, int flags);
    }

    /** {@code struct ipmmu_vmsa_domain}: the driver's side of a domain. */
    private final class VmsaDomain implements IommuDomainListener {
        final IommuDomain io;
        IpmmuVmsaDriver mmu;
        int contextId = -1;
        FaultHandler handler;

        VmsaDomain(IommuDomain io) {
            this.io = io;
        }

        @Override
        public int attachDev(IommuDomain domain, Device dev) {
            return attachDevice(this, dev);
        }

        @Override
        public void tlbFlush(IommuDomain domain, long iova, long size) {
            if (mmu != null) {
                mmu.tlbInvalidate(this);
            }
        }

        @Override
        public void domainFree(IommuDomain domain) {
            IpmmuVmsaDriver.this.domainFree(this);
        }
    }

    private final Machine machine;
    private final Device dev;
    private final Ipmmu hw;
    private final IpmmuFeatures features;
    private final Bus bus;
    private final long base;
    private IpmmuVmsaDriver root;
    private final int numCtx;
    private final VmsaDomain[] domains;
    private final boolean[] ctx;
    private final int[] utlbCtx;
    private final Map<Device, int[]> fwspec = new LinkedHashMap<>();
    /** the driver's domains, kept by the root for the whole hierarchy ({@code to_vmsa_domain()}) */
    private final Map<IommuDomain, VmsaDomain> byDomain = new HashMap<>();
    private int domainSeq;
    /** {@code ipmmu_iommu_identity_domain}, one static domain of the driver (kept by the root) */
    private IommuDomain identity;

    private IpmmuVmsaDriver(Machine machine, Device dev, Ipmmu hw, long regBase) {
        this.machine = machine;
        this.dev = dev;
        this.hw = hw;
        this.features = hw.features();
        this.bus = machine.platform().bus();
        this.base = regBase + (features.useNsAliasOffset() ? IM_NS_ALIAS_OFFSET : 0);
        this.numCtx = Math.min(16, features.numberOfContexts());
        this.domains = new VmsaDomain[numCtx];
        this.ctx = new boolean[numCtx];
        this.utlbCtx = new int[features.numUtlbs()];
        java.util.Arrays.fill(utlbCtx, -1);
    }

    /**
     * {@code ipmmu_probe()}: sets the 40-bit DMA mask, finds the root (a leaf needs its root probed first:
     * {@code mainDriver}, null for a root), resets the contexts and reserves context 0 on Gen3/Gen4 roots, and
     * hooks the fault interrupt of a root.
     *
     * @param regBase the first {@code reg} address of the node
     */
    public static IpmmuVmsaDriver probe(Machine machine, Device dev, Ipmmu hw, long regBase,
            IpmmuVmsaDriver mainDriver) {
        IpmmuVmsaDriver mmu = new IpmmuVmsaDriver(machine, dev, hw, regBase);
        machine.dma().dmaSetMaskAndCoherent(dev, org.dmaworkbench.kernel.dma.DmaMapping.dmaBitMask(40));
        boolean leaf = mmu.features.hasCacheLeafNodes() && !hw.isRoot();
        mmu.root = leaf ? mainDriver : mmu;
        if (mmu.root == null) {
            return null; // -EPROBE_DEFER
        }
        if (mmu.isRoot()) {
            hw.setInterruptHandler(x -> machine.raiseIrq(dev.name(), mmu::irq));
            for (int i = 0; i < mmu.numCtx; i++) {
                mmu.ctxWrite(i, IMCTR, 0);
            }
            if (mmu.features.reservedContext()) {
                machine.devPrintk(Level.INFO, dev, "IPMMU context 0 is reserved");
                mmu.ctx[0] = true;
            }
        }
        return mmu;
    }

    public Device device() {
        return dev;
    }

    public Ipmmu hardware() {
        return hw;
    }

    public boolean isRoot() {
        return root == this;
    }

    public IpmmuVmsaDriver root() {
        return root;
    }

    /** Whether the IOMMU core registers this instance ({@code iommu_device_register}): every instance but a Gen3/4 root. */
    public boolean isRegistered() {
        return !features.hasCacheLeafNodes() || !isRoot();
    }

    // ---- register access (ipmmu_read/ipmmu_write over the bus) ----

    private int ctxReg(int context, int reg) {
        int b = features.ctxOffsetBase();
        if (context > 7) {
            b += 0x800 - 8 * 0x40;
        }
        return b + context * features.ctxOffsetStride() + reg;
    }

    private int read(int off) {
        return bus.read32(base + off);
    }

    private void write(int off, int data) {
        bus.write32(base + off, data);
    }

    int ctxRead(int context, int reg) {
        return read(ctxReg(context, reg));
    }

    void ctxWrite(int context, int reg, int data) {
        write(ctxReg(context, reg), data);
    }

    private int ctxReadRoot(VmsaDomain d, int reg) {
        return d.mmu.root.ctxRead(d.contextId, reg);
    }

    private void ctxWriteRoot(VmsaDomain d, int reg, int data) {
        d.mmu.root.ctxWrite(d.contextId, reg, data);
    }

    private void ctxWriteAll(VmsaDomain d, int reg, int data) {
        if (d.mmu != d.mmu.root) {
            d.mmu.ctxWrite(d.contextId, reg, data);
        }
        d.mmu.root.ctxWrite(d.contextId, reg, data);
    }

    private int utlbReg(int utlb, boolean asid) {
        int o = utlb < 32 ? 0x0300 + utlb * 16 : 0x0600 + (utlb - 32) * 16;
        return features.utlbOffsetBase() + o + (asid ? 8 : 0);
    }

    // ---- domains ----

    /**
     * {@code ipmmu_domain_alloc_paging()} as the core calls it for {@code dev}: an IPMMU page table domain of
     * {@code type} (DMA for dma-iommu default domains, UNMANAGED for the ARM mapping). Its context is set up on
     * the first attach.
     */
    public IommuDomain domainAllocPaging(IommuDomain.Type type) {
        var mm = machine.memory();
        IommuDomain d = IommuDomain.ipmmu(dev.name() + ":domain" + (domainSeq++), type, machine.platform().bus(),
                mm.pageAllocator());
        VmsaDomain vd = new VmsaDomain(d);
        root.byDomain.put(d, vd);
        d.addListener(vd);
        d.setTrace(machine.iommuTrace());
        d.setWarnLog(machine.kernelLogSink(), machine.callStack());
        return d;
    }

    /** {@code ipmmu_of_xlate()}: adds micro-TLB {@code utlb} to the device's fwspec. */
    public void ofXlate(Device client, int utlb) {
        int[] ids = fwspec.get(client);
        int[] n = ids == null ? new int[] {utlb} : java.util.Arrays.copyOf(ids, ids.length + 1);
        n[n.length - 1] = utlb;
        fwspec.put(client, n);
    }

    /** The micro-TLBs of {@code client} ({@code fwspec->ids}), empty when it is not behind this IPMMU. */
    public int[] fwspecIds(Device client) {
        int[] ids = fwspec.get(client);
        return ids == null ? new int[0] : ids.clone();
    }

    /** {@code iommu_set_fault_handler()} for a domain this driver allocated. */
    public void iommuSetFaultHandler(IommuDomain domain, FaultHandler handler) {
        VmsaDomain vd = root.byDomain.get(domain);
        if (vd == null) {
            throw new IllegalArgumentException(domain + " is not a domain of " + dev.name());
        }
        vd.handler = handler;
    }

    /** The context a domain runs in on the root IPMMU, or -1 before its first attach. */
    public int contextOf(IommuDomain domain) {
        VmsaDomain vd = root.byDomain.get(domain);
        return vd == null ? -1 : vd.contextId;
    }

    /** {@code mmu->utlb_ctx[utlb]}: the context a micro-TLB is enabled for, -1 when disabled. */
    public int utlbContext(int utlb) {
        return utlbCtx[utlb];
    }

    /** {@code ipmmu_attach_device()}: @return 0, -ENXIO, -EBUSY (no free context) or -EINVAL (another IPMMU's) */
    private int attachDevice(VmsaDomain d, Device client) {
        if (!fwspec.containsKey(client)) {
            machine.devPrintk(Level.ERR, client, "Cannot attach to IPMMU");
            return -6;
        }
        if (d.mmu == null) {
            d.mmu = this;
            int ret = domainInitContext(d);
            if (ret < 0) {
                machine.devPrintk(Level.ERR, client, "Unable to initialize IPMMU context");
                d.mmu = null;
                return ret;
            }
            machine.devPrintk(Level.INFO, client, "Using IPMMU context " + d.contextId);
        } else if (d.mmu != this) {
            return -22; // one domain cannot span two IPMMUs
        } else {
            machine.devPrintk(Level.INFO, client, "Reusing IPMMU context " + d.contextId);
        }
        for (int utlb : fwspec.get(client)) {
            utlbEnable(d, utlb);
        }
        return 0;
    }

    private void utlbEnable(VmsaDomain d, int utlb) {
        write(utlbReg(utlb, true), 0);
        write(utlbReg(utlb, false), (d.contextId << 4) | IMUCTR_FLUSH | IMUCTR_MMUEN);
        utlbCtx[utlb] = d.contextId;
    }

    /** {@code ipmmu_utlb_disable()} on this instance: IMUCTR(utlb) = 0. */
    public void utlbDisable(int utlb) {
        write(utlbReg(utlb, false), 0);
        utlbCtx[utlb] = -1;
    }

    /**
     * {@code ipmmu_iommu_identity_domain}: the static identity domain of the driver, the default domain of every
     * group on 32-bit ARM and what {@code echo identity > /sys/kernel/iommu_groups/N/type} selects on arm64.
     */
    public IommuDomain identityDomain() {
        IpmmuVmsaDriver r = root;
        if (r.identity == null) {
            IommuDomain id = new IommuDomain("ipmmu_iommu_identity_domain", IommuDomain.Type.IDENTITY, 0, 0, 0, false,
                    null);
            id.addListener(new IommuDomainListener() {
                @Override
                public void deviceAttached(IommuDomain domain, Device dev) {
                    identityAttach(domain, dev);
                }
            });
            r.identity = id;
        }
        return r.identity;
    }

    /**
     * {@code ipmmu_iommu_identity_attach()}: the domain the device is in before the switch
     * ({@code iommu_get_domain_for_dev()}, the group's) loses the device's micro-TLBs; nothing else changes, the
     * context stays set up ("TODO: Optimize by disabling the context when no device is attached").
     */
    private void identityAttach(IommuDomain identityDomain, Device client) {
        IommuDomain io = client.iommuGroup() == null ? null : client.iommuGroup().domain();
        if (io == identityDomain || io == null) {
            return;
        }
        VmsaDomain d = root.byDomain.get(io);
        IpmmuVmsaDriver mmu = driverOf(client);
        if (d == null || d.mmu == null || mmu == null) {
            return;
        }
        for (int utlb : mmu.fwspec.get(client)) {
            d.mmu.utlbDisable(utlb);
        }
    }

    /** {@code to_ipmmu(dev)}: the instance whose micro-TLBs the device's fwspec names. */
    private IpmmuVmsaDriver driverOf(Device client) {
        if (fwspec.containsKey(client)) {
            return this;
        }
        for (IpmmuVmsaDriver d : machine.ipmmuDrivers()) {
            if (d.root == root && d.fwspec.containsKey(client)) {
                return d;
            }
        }
        return null;
    }

    /**
     * {@code ipmmu_release_device()}: IMUCTR of each of the device's micro-TLBs cleared, on device removal
     * ({@code iommu_release_device()}); the ARM mapping reference it drops is the caller's business.
     */
    public void releaseDevice(Device client) {
        int[] ids = fwspec.get(client);
        if (ids == null) {
            return;
        }
        for (int utlb : ids) {
            utlbDisable(utlb);
        }
    }

    /** {@code ipmmu_domain_free()}: the context torn down, then {@code free_io_pgtable_ops()}. */
    private void domainFree(VmsaDomain d) {
        domainDestroyContext(d);
        if (d.io.pgtable() != null && !d.io.pgtable().isFreed()) {
            d.io.pgtable().free();
        }
        root.byDomain.remove(d.io);
    }

    /**
     * {@code ipmmu_domain_destroy_context()}: nothing for a domain that never got a context; else IMCTR = FLUSH
     * (MMUEN and INTEN cleared) on the leaf and the root, the flush waited for, and the context freed.
     */
    private void domainDestroyContext(VmsaDomain d) {
        if (d.mmu == null) {
            return;
        }
        ctxWriteAll(d, IMCTR, IMCTR_FLUSH);
        tlbSync(d);
        domainFreeContext(d.mmu.root, d.contextId);
    }

    /** {@code ipmmu_domain_free_context()} */
    private static void domainFreeContext(IpmmuVmsaDriver r, int contextId) {
        r.ctx[contextId] = false;
        r.domains[contextId] = null;
    }

    private int domainAllocateContext(VmsaDomain d) {
        IpmmuVmsaDriver r = root;
        for (int i = 0; i < r.numCtx; i++) {
            if (!r.ctx[i]) {
                r.ctx[i] = true;
                r.domains[i] = d;
                return i;
            }
        }
        return -16; // -EBUSY
    }

    private int domainInitContext(VmsaDomain d) {
        int ret = domainAllocateContext(d);
        if (ret < 0) {
            return ret;
        }
        d.contextId = ret;
        domainSetupContext(d);
        return 0;
    }

    /** {@code ipmmu_domain_setup_context()}: TTBR0, TTBCR, MAIR0, IMBUSCR, IMSTR, IMCTR in that order. */
    private void domainSetupContext(VmsaDomain d) {
        var cfg = d.io.pgtable().cfg();
        long ttbr = cfg.ttbr();
        ctxWriteRoot(d, IMTTLBR0, (int) ttbr);
        ctxWriteRoot(d, IMTTUBR0, (int) (ttbr >>> 32));
        int tmp = features.twobitImttbcrSl0() ? IMTTBCR_SL0_TWOBIT_LVL_1 : IMTTBCR_SL0_LVL_1;
        if (features.cacheSnoop()) {
            tmp |= IMTTBCR_SH0_INNER_SHAREABLE | IMTTBCR_ORGN0_WB_WA | IMTTBCR_IRGN0_WB_WA;
        }
        ctxWriteRoot(d, IMTTBCR, IMTTBCR_EAE | tmp);
        ctxWriteRoot(d, IMMAIR0, (int) cfg.mair());
        if (features.setupImbuscr()) {
            ctxWriteRoot(d, IMBUSCR, ctxReadRoot(d, IMBUSCR) & ~(IMBUSCR_DVM | IMBUSCR_BUSSEL_MASK));
        }
        ctxWriteRoot(d, IMSTR, ctxReadRoot(d, IMSTR));
        ctxWriteAll(d, IMCTR, IMCTR_INTEN | IMCTR_FLUSH | IMCTR_MMUEN);
    }

    /** {@code ipmmu_tlb_invalidate()} + {@code ipmmu_tlb_sync()} */
    private void tlbInvalidate(VmsaDomain d) {
        int reg = ctxReadRoot(d, IMCTR) | IMCTR_FLUSH;
        ctxWriteAll(d, IMCTR, reg);
        tlbSync(d);
    }

    /** {@code ipmmu_tlb_sync()}: poll the root's IMCTR until FLUSH reads back 0. */
    private void tlbSync(VmsaDomain d) {
        for (int i = 0; i < TLB_LOOP_TIMEOUT; i++) {
            if ((ctxReadRoot(d, IMCTR) & IMCTR_FLUSH) == 0) {
                return;
            }
        }
        machine.devPrintk(Level.ERR, d.mmu.dev, "TLB sync timed out -- MMU may be deadlocked");
    }

    // ---- faults ----

    /** {@code ipmmu_irq()}: checks every active context of this root. @return whether any was handled */
    public boolean irq() {
        boolean handled = false;
        for (int i = 0; i < numCtx; i++) {
            if (domains[i] != null && domainIrq(domains[i])) {
                handled = true;
            }
        }
        return handled;
    }

    private boolean domainIrq(VmsaDomain d) {
        int errMask = IMSTR_MHIT | IMSTR_ABORT | IMSTR_PF | IMSTR_TF;
        int status = ctxReadRoot(d, IMSTR);
        if ((status & errMask) == 0) {
            return false;
        }
        long iova = ctxReadRoot(d, IMELAR) & 0xffffffffL;
        if (machine.is64Bit()) {
            iova |= (ctxReadRoot(d, IMEUAR) & 0xffffffffL) << 32;
        }
        ctxWriteRoot(d, IMSTR, 0);
        Device mmuDev = d.mmu.dev;
        if ((status & IMSTR_MHIT) != 0) {
            machine.devPrintk(Level.ERR, mmuDev, String.format("Multiple TLB hits @0x%x", iova));
        }
        if ((status & IMSTR_ABORT) != 0) {
            machine.devPrintk(Level.ERR, mmuDev, String.format("Page Table Walk Abort @0x%x", iova));
        }
        if ((status & (IMSTR_PF | IMSTR_TF)) == 0) {
            return false;
        }
        if (reportIommuFault(d, mmuDev, iova, 0) == 0) {
            return true;
        }
        machine.devPrintk(Level.ERR, mmuDev, String.format("Unhandled fault: status 0x%08x iova 0x%x", status, iova));
        return true;
    }

    /** {@code report_iommu_fault()}: the domain's handler, then the {@code iommu:io_page_fault} event. */
    private int reportIommuFault(VmsaDomain d, Device faultDev, long iova, int flags) {
        int ret = -38; // -ENOSYS
        if (d.handler != null) {
            ret = d.handler.handle(d.io, faultDev, iova, flags);
        }
        if (machine.iommuTrace() != null) {
            machine.iommuTrace().ioPageFault(faultDev, iova, flags);
        }
        return ret;
    }

    /** Domains with a context, by context number (for views). */
    public List<IommuDomain> activeDomains() {
        List<IommuDomain> out = new ArrayList<>();
        for (VmsaDomain d : domains) {
            if (d != null) {
                out.add(d.io);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return DRIVER_NAME + " " + dev.name();
    }
}
