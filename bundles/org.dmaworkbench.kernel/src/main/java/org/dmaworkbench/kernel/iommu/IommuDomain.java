package org.dmaworkbench.kernel.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.iommu.pgtable.IommuFlushOps;
import org.dmaworkbench.hw.iommu.pgtable.IommuIotlbGather;
import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.trace.IommuTraceEvents;

/**
 * {@code struct iommu_domain} with the core's mapping entry points of drivers/iommu/iommu.c (Linux 6.12):
 * {@code iommu_map()} splits a range into the largest page sizes of {@code pgsize_bitmap} that the alignment of
 * IOVA and physical address allows ({@code iommu_pgsize()}) and hands them to the page table;
 * {@code iommu_unmap()} does the reverse and then syncs the IOTLB, which the driver turns into a TLB
 * invalidation ({@link IommuDomainListener#tlbFlush}).
 * <p>
 * A domain used by dma-iommu carries an {@link IovaDomain} cookie ({@code iommu_get_dma_cookie()}).
 */
public final class IommuDomain {
    // include/linux/iommu.h
    public static final int IOMMU_READ = 1 << 0;
    public static final int IOMMU_WRITE = 1 << 1;
    public static final int IOMMU_CACHE = 1 << 2;
    public static final int IOMMU_NOEXEC = 1 << 3;
    public static final int IOMMU_MMIO = 1 << 4;
    public static final int IOMMU_PRIV = 1 << 5;

    // errno values the core returns
    public static final int EINVAL = 22;
    public static final int ENOMEM = 12;
    public static final int ENODEV = 19;

    /** {@code IOMMU_DOMAIN_*}, the ones this model uses. */
    public enum Type {
        BLOCKED, IDENTITY, UNMANAGED, DMA, DMA_FQ
    }

    private final String name;
    private Type type;
    private final long pgsizeBitmap;
    private final long apertureStart;
    private final long apertureEnd;
    private final boolean forceAperture;
    private IoPgtable pgtable;
    private IommuTraceEvents trace;
    private org.dmaworkbench.kernel.dma.debug.KernelLog warnLog;
    private KernelCallStack warnStack;
    private final IommuIotlbGather gather = new IommuIotlbGather();
    private final long[] count = new long[1];
    private IovaDomain iovaCookie;
    private final List<Device> devices = new ArrayList<>();
    private final List<IommuDomainListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> kernelLog = new ArrayList<>();
    private boolean freed;

    /**
     * @param pgsizeBitmap page sizes the page table supports, e.g. {@code SZ_1G | SZ_2M | SZ_4K} for the IPMMU
     * @param apertureEnd  inclusive, {@code DMA_BIT_MASK(32)} for the IPMMU (ias 32)
     * @param pgtable      the page table, null for identity/blocked domains
     */
    public IommuDomain(String name, Type type, long pgsizeBitmap, long apertureStart, long apertureEnd,
            boolean forceAperture, IoPgtable pgtable) {
        this.name = name;
        this.type = type;
        this.pgsizeBitmap = pgsizeBitmap;
        this.apertureStart = apertureStart;
        this.apertureEnd = apertureEnd;
        this.forceAperture = forceAperture;
        this.pgtable = pgtable;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    /** {@code geometry.aperture_start} */
    public long apertureStart() {
        return apertureStart;
    }

    /** {@code geometry.aperture_end}, inclusive */
    public long apertureEnd() {
        return apertureEnd;
    }

    public boolean forceAperture() {
        return forceAperture;
    }

    /** The io-pgtable behind the domain (its {@code pgd()} is what the driver writes to TTBR). */
    public IoPgtable pgtable() {
        return pgtable;
    }

    /** Emits {@code iommu:map} / {@code iommu:unmap} there, or none with null. */
    /** Where the io-pgtable's WARN_ON()s go (the machine's kernel log), or null. */
    public void setWarnLog(org.dmaworkbench.kernel.dma.debug.KernelLog warnLog, KernelCallStack stack) {
        this.warnLog = warnLog;
        this.warnStack = stack;
    }

    public void setTrace(IommuTraceEvents trace) {
        this.trace = trace;
    }

    /**
     * A paging domain as {@code ipmmu_domain_init_context()} sets it up: ARM 32-bit LPAE stage 1, ias 32,
     * oas 40, {@code SZ_1G | SZ_2M | SZ_4K}, aperture {@code [0, DMA_BIT_MASK(32)]} forced; tables come from
     * {@code pages} and live in {@code mem}. The driver's TLB callbacks all flush the whole context, as the
     * IPMMU's do ({@code ipmmu_tlb_flush_all}), reported to {@link IommuDomainListener#tlbFlush}.
     */
    public static IommuDomain ipmmu(String name, Type type, PhysicalMemory mem, PageAllocator pages) {
        IommuDomain[] self = new IommuDomain[1];
        IommuFlushOps flush = new IommuFlushOps() {
            @Override
            public void tlbFlushAll() {
                self[0].iotlbSync(0, 0);
            }

            @Override
            public void tlbFlushWalk(long iova, long size, long granule) {
                self[0].iotlbSync(iova, size);
            }
        };
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), mem, pages, flush);
        IommuDomain d = new IommuDomain(name, type, pt.cfg().pgsizeBitmap(), 0, 0xffffffffL, true, pt);
        self[0] = d;
        return d;
    }

    /**
     * {@code iommu_domain_free()}: {@code iommu_put_dma_cookie()} drops the IOVA cookie, then the driver's
     * {@code free} ({@link IommuDomainListener#domainFree}) tears the domain down; the page table's pages go back to
     * the allocator (here when no driver did it).
     *
     * @throws IllegalStateException when the domain was freed before (a use after free in the kernel)
     */
    public void free() {
        if (type == Type.IDENTITY && pgtable == null) {
            // a driver's static identity domain (ipmmu_iommu_identity_domain): no cookie, no free op
            iovaCookie = null;
            return;
        }
        if (freed) {
            throw new IllegalStateException(name + " freed twice");
        }
        freed = true;
        iovaCookie = null;
        for (IommuDomainListener l : listeners) {
            l.domainFree(this);
        }
        listeners.clear();
        if (pgtable != null && !pgtable.isFreed()) {
            pgtable.free();
        }
    }

    /** Whether {@link #free()} ran. */
    public boolean isFreed() {
        return freed;
    }

    /** The dma-iommu cookie, null for domains no DMA-API user owns. */
    public IovaDomain iovaCookie() {
        return iovaCookie;
    }

    /** {@code iommu_get_dma_cookie()} */
    public void setIovaCookie(IovaDomain iovad) {
        this.iovaCookie = iovad;
    }

    public void addListener(IommuDomainListener l) {
        listeners.add(l);
    }

    public void removeListener(IommuDomainListener l) {
        listeners.remove(l);
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** Kernel messages the core printed for this domain ({@code pr_err} on bad arguments). */
    public List<String> kernelLog() {
        return List.copyOf(kernelLog);
    }

    /**
     * The driver's {@code attach_dev} for {@code dev}: @return 0, or the driver's negative errno, in which case the
     * device keeps the domain it had
     */
    public int attachDevice(Device dev) {
        IommuDomain before = dev.iommuDomain();
        boolean had = devices.contains(dev);
        if (!had) {
            devices.add(dev);
        }
        dev.setIommuDomain(this);
        for (IommuDomainListener l : listeners) {
            int ret = l.attachDev(this, dev);
            if (ret != 0) {
                if (!had) {
                    devices.remove(dev);
                }
                dev.setIommuDomain(before);
                return ret;
            }
        }
        return 0;
    }

    /**
     * The device has moved to another domain of its group (the core keeps no per-domain device list and no driver
     * is told: attaching the new domain was the driver's only call). Bookkeeping only.
     */
    void forgetDevice(Device dev) {
        devices.remove(dev);
    }

    /** The device leaves the domain and the listeners are told ({@link IommuDomainListener#deviceDetached}). */
    public void detachDevice(Device dev) {
        devices.remove(dev);
        if (dev.iommuDomain() == this) {
            dev.setIommuDomain(null);
        }
        for (IommuDomainListener l : listeners) {
            l.deviceDetached(this, dev);
        }
    }

    /** Smallest supported page size ({@code 1 << __ffs(pgsize_bitmap)}). */
    public long minPageSize() {
        return Long.lowestOneBit(pgsizeBitmap);
    }

    /**
     * {@code iommu_pgsize()}: the page size to use next and (in {@code count[0]}) how many of them.
     */
    long pgsize(long iova, long paddr, long size, long[] count) {
        // (count is an out parameter, as in the kernel)
        long min = Long.lowestOneBit(pgsizeBitmap);
        if (size == min && ((iova | paddr) & (min - 1)) == 0) {
            // what the general case below computes for one smallest page: the next size up never fits
            count[0] = 1;
            return min;
        }
        long addrMerge = paddr | iova;
        long pgsizes = pgsizeBitmap & genmask(63 - Long.numberOfLeadingZeros(size));
        if (addrMerge != 0) {
            pgsizes &= genmask(Long.numberOfTrailingZeros(addrMerge));
        }
        if (pgsizes == 0) {
            throw new IllegalStateException("BUG_ON(!pgsizes) in iommu_pgsize");
        }
        int idx = 63 - Long.numberOfLeadingZeros(pgsizes);
        long pgsize = 1L << idx;
        long next = pgsizeBitmap & ~genmask(idx);
        if (next != 0) {
            long pgsizeNext = Long.lowestOneBit(next);
            if (((iova ^ paddr) & (pgsizeNext - 1)) == 0) {
                long offset = pgsizeNext - (addrMerge & (pgsizeNext - 1));
                long offsetEnd = offset + pgsizeNext;
                if (offsetEnd > 0 && offsetEnd <= size) {
                    size = offset;
                }
            }
        }
        count[0] = size >>> idx;
        return pgsize;
    }

    private static long genmask(int hi) {
        return hi >= 63 ? -1L : (1L << (hi + 1)) - 1;
    }

    /** iommu_map()'s pr_err on an unaligned request (out of line: keeps the map path small). */
    private void logUnaligned(long iova, long paddr, long size, long min) {
        kernelLog.add(String.format("unaligned: iova 0x%x pa 0x%016x size 0x%x min_pagesz 0x%x", iova, paddr, size, min));
    }

    /** iommu_unmap()'s pr_err on an unaligned request. */
    private void logUnaligned(long iova, long size, long min) {
        kernelLog.add(String.format("unaligned: iova 0x%x size 0x%x min_pagesz 0x%x", iova, size, min));
    }

    /** {@code iommu_map()}: @return 0, or a negative errno (the partial mapping is undone) */
    public int map(long iova, long paddr, long size, int prot) {
        if (type == Type.IDENTITY || type == Type.BLOCKED) {
            return -EINVAL;
        }
        if (pgtable == null || pgsizeBitmap == 0) {
            return -ENODEV;
        }
        long min = minPageSize();
        if (((iova | paddr | size) & (min - 1)) != 0) {
            logUnaligned(iova, paddr, size, min);
            return -EINVAL;
        }
        long origIova = iova;
        long origPaddr = paddr;
        long origSize = size;
        int ret = 0;
        while (size != 0) {
            long pgsize = pgsize(iova, paddr, size, count);
            ret = pgtable.map(iova, paddr, pgsize, count[0], prot);
            long mapped = pgtable.mapped();
            size -= mapped;
            if (ret != 0) {
                break;
            }
            iova += mapped;
            paddr += mapped;
        }
        if (ret != 0) {
            unmap(origIova, origSize - size);
            return ret < 0 ? ret : -ret;
        }
        if (trace != null) {
            trace.map(origIova, origPaddr, origSize);
        }
        return 0;
    }

    /** {@code iommu_unmap()} followed by {@code iommu_iotlb_sync()}: @return bytes unmapped */
    public long unmap(long iova, long size) {
        long unmapped = unmapFast(iova, size);
        iotlbSync(iova, size);
        return unmapped;
    }

    /** {@code iommu_unmap_fast()}: clears entries without syncing the IOTLB. */
    public long unmapFast(long iova, long size) {
        if (type == Type.IDENTITY || type == Type.BLOCKED || pgtable == null) {
            return 0;
        }
        long min = minPageSize();
        if (((iova | size) & (min - 1)) != 0) {
            logUnaligned(iova, size, min);
            return 0;
        }
        long origIova = iova;
        long unmapped = 0;
        gather.start = -1L;
        gather.end = 0;
        gather.pgsize = 0;
        gather.queued = false;
        while (unmapped < size) {
            long pgsize = pgsize(iova, iova, size - unmapped, count);
            long u = pgtable.unmap(iova, pgsize, count[0], gather);
            if (u == 0) {
                unmapWarned(iova);
                break;
            }
            iova += u;
            unmapped += u;
        }
        if (trace != null) {
            trace.unmap(origIova, size, unmapped);
        }
        return unmapped;
    }

    /**
     * io-pgtable-arm's unmap found nothing to clear and WARNed (drivers/iommu/io-pgtable-arm.c, Linux 6.12):
     * {@code WARN_ON(iaext)} (line 720, arm_lpae_unmap_pages) for an IOVA beyond the input address size, else
     * {@code WARN_ON(!pte)} (line 660, __arm_lpae_unmap) for a hole; iommu_unmap() then stops.
     */
    private void unmapWarned(long iova) {
        if (warnLog == null || pgtable.format() == org.dmaworkbench.hw.iommu.pgtable.IoPgtableFormat.ARM_V7S) {
            return;
        }
        boolean iaext = pgtable.cfg().ias() < 64 && (iova >>> pgtable.cfg().ias()) != 0;
        String fn = iaext ? "arm_lpae_unmap_pages" : "__arm_lpae_unmap";
        List<String> trace = new ArrayList<>();
        trace.add(KernelCallStack.format(fn, null));
        if (!iaext) {
            trace.add(KernelCallStack.format("arm_lpae_unmap_pages", null));
        }
        trace.add(KernelCallStack.format("__iommu_unmap", null));
        if (warnStack != null) {
            trace.addAll(warnStack.snapshot());
        }
        warnLog.log(new org.dmaworkbench.kernel.dma.debug.KernelLogRecord(
                org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level.WARNING, "", null, null, null, trace)
                .at("drivers/iommu/io-pgtable-arm.c", iaext ? 720 : 660, fn, false));
    }

    /** {@code iommu_iotlb_sync()}: the driver invalidates the TLB (the IPMMU flushes the whole context). */
    public void iotlbSync(long iova, long size) {
        if (listeners.isEmpty()) {
            return;
        }
        for (IommuDomainListener l : listeners) {
            l.tlbFlush(this, iova, size);
        }
    }

    /** {@code iommu_iova_to_phys()}: 0 when nothing is mapped (identity domains return the IOVA). */
    public long iovaToPhys(long iova) {
        if (type == Type.IDENTITY) {
            return iova;
        }
        return pgtable == null ? 0 : pgtable.iovaToPhys(iova);
    }

    @Override
    public String toString() {
        return name;
    }
}
