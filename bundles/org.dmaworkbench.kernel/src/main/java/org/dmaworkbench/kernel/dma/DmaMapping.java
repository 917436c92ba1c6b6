package org.dmaworkbench.kernel.dma;

import java.util.List;

import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLog;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IovaDomain;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;

/**
 * The DMA-API as drivers call it: kernel/dma/mapping.c and the inline wrappers of include/linux/dma-mapping.h
 * (Linux 6.12). Each call picks the device's back-end ({@link DmaDirect} when it has no {@code dma_map_ops},
 * else its ops: {@link IommuDma} or {@link ArmIommuDmaOps}), then emits the {@code dma:*} trace event and calls
 * the dma-debug hook in the order mapping.c does, and keeps the emulated call stack.
 * <p>
 * Under {@link KernelProfile#V4_9}, {@code dma_map_resource()} has the series' {@code BUG_ON(pfn_valid())}: mapping
 * RAM throws {@link KernelBug}.
 * <p>
 * Not thread-safe: the emulated kernel runs on one thread.
 */
public final class DmaMapping {
    // errno values the DMA-API returns
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int EREMOTEIO = 121;

    private final KernelMemory mm;
    private final KernelProfile profile;
    private final DmaDirect direct;
    private KernelLog log = r -> {
    };
    private DmaDebug debug;
    private DmaTraceEvents trace;
    private KernelCallStack stack;
    /** frame ids on {@link #stack} of the entry points called per mapping */
    private int frameMapPageAttrs;
    private int frameUnmapPageAttrs;
    private ArchDmaSync archSync = ArchDmaSync.NONE;
    private int iommuGroupIds;
    /** live dma_map_resource() mappings: device -> dma address -> size */
    private final java.util.Map<Device, java.util.TreeMap<Long, Long>> resources = new java.util.HashMap<>();

    public DmaMapping(KernelMemory mm, KernelProfile profile) {
        this.mm = mm;
        this.profile = profile == null ? KernelProfile.V6_12 : profile;
        this.direct = new DmaDirect(this);
        bindStack(new KernelCallStack());
    }

    private void bindStack(KernelCallStack s) {
        this.stack = s;
        frameMapPageAttrs = s.frameId("dma_map_page_attrs");
        frameUnmapPageAttrs = s.frameId("dma_unmap_page_attrs");
    }

    public KernelMemory memory() {
        return mm;
    }

    public KernelProfile profile() {
        return profile;
    }

    public DmaDirect direct() {
        return direct;
    }

    /** Where dev_warn()/WARN() output of the DMA layer goes. */
    public void setKernelLog(KernelLog log) {
        this.log = log == null ? r -> {
        } : log;
    }

    /** Turns dma-debug on ({@code CONFIG_DMA_API_DEBUG}) with this instance, or off with null. */
    public void setDmaDebug(DmaDebug debug) {
        this.debug = debug;
        if (debug != null) {
            bindStack(debug.callStack());
        }
    }

    public DmaDebug dmaDebug() {
        return debug;
    }

    /** Emits {@code dma:*} events there, or none with null. */
    public void setTrace(DmaTraceEvents trace) {
        this.trace = trace;
    }

    public KernelCallStack callStack() {
        return stack;
    }

    public void setCallStack(KernelCallStack stack) {
        if (stack == null) {
            throw new IllegalArgumentException("no call stack");
        }
        bindStack(stack);
    }

    public void setArchSync(ArchDmaSync archSync) {
        this.archSync = archSync == null ? ArchDmaSync.NONE : archSync;
    }

    ArchDmaSync archSync() {
        return archSync;
    }

    /** The back-end a call for {@code dev} goes to ({@code dma_map_direct()} / {@code use_dma_iommu()}). */
    public DmaMapOps opsFor(Device dev) {
        DmaMapOps ops = dev.dmaOps();
        return ops == null ? direct : ops;
    }

    // ---- kernel log ----

    void devWarn(Device dev, KernelLogRecord.Level level, String msg) {
        String prefix = dev.driverName().isEmpty() ? dev.name() + ": " : dev.driverName() + " " + dev.name() + ": ";
        log.log(new KernelLogRecord(level, prefix + msg, null, dev, null, stack.snapshot()));
    }

    /** {@code WARN_ON()} firing at {@code fileLine} (e.g. {@code drivers/iommu/dma-iommu.c:1230}) in {@code function}. */
    void warnOn(Device dev, String fileLine, String function) {
        log.log(new KernelLogRecord(KernelLogRecord.Level.WARNING,
                "WARNING: CPU: 0 PID: 0 at " + fileLine + stack.lineFor(function), null, dev, null, stack.snapshot()));
    }

    /** {@code %pad}: a 64-bit {@code dma_addr_t} as 0x followed by 16 hex digits. */
    public static String pad(long dmaAddr) {
        String h = Long.toHexString(dmaAddr);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    private static void bugOnDirection(DmaDirection dir) {
        if (dir == null || !dir.isValidForMapping()) {
            throw new KernelBug("kernel/dma/mapping.c", "dma_map_page_attrs", "BUG_ON(!valid_dma_direction(dir))");
        }
    }

    // ---- device setup ----

    /**
     * {@code iommu_setup_dma_ops()} + {@code iommu_dma_init_domain()} for arm64: a device whose group sits in a
     * DMA domain gets dma-iommu; the domain's IOVA cookie is created on first use with the granule of the
     * smallest page size and {@code start_pfn = max(1, aperture_start >> order)}.
     */
    public void iommuSetupDmaOps(Device dev) {
        IommuDomain d = dev.iommuDomain();
        if (d == null || (d.type() != IommuDomain.Type.DMA && d.type() != IommuDomain.Type.DMA_FQ)) {
            dev.setDmaOps(null);
            return;
        }
        if (d.iovaCookie() == null) {
            long granule = d.minPageSize();
            int order = Long.numberOfTrailingZeros(granule);
            long basePfn = Math.max(1, d.apertureStart() >>> order);
            IovaDomain iovad = new IovaDomain(granule, basePfn);
            iovad.initRcaches();
            d.setIovaCookie(iovad);
            // the IPMMU cannot defer flushes (no IOMMU_CAP_DEFERRED_FLUSH): strict mode
            if (d.type() == IommuDomain.Type.DMA_FQ) {
                d.setType(IommuDomain.Type.DMA);
            }
        }
        dev.setDmaOps(new IommuDma(this));
    }

    // ---- masks and parameters ----

    private boolean dmaSupported(Device dev, long mask) {
        if (dev.dmaOps() != null) {
            return true;
        }
        // dma_direct_supported(): every 32-bit mask works; smaller ones must reach all RAM (or ZONE_DMA)
        if (Long.compareUnsigned(mask, 0xffffffffL) >= 0) {
            return true;
        }
        long maxPfn = 0;
        for (var r : mm.regions()) {
            maxPfn = Math.max(maxPfn, r.end() >>> KernelMemory.PAGE_SHIFT);
        }
        long minMask = (maxPfn - 1) << KernelMemory.PAGE_SHIFT;
        if (mm.arch() == org.dmaworkbench.kernel.mm.KernelArch.ARM64) {
            minMask = Math.min(minMask, 0xffffffffL); // zone_dma_limit with RAM below 4 GiB
        }
        return Long.compareUnsigned(mask, minMask) >= 0;
    }

    /** {@code dma_set_mask()}: 0, or -EIO when the mask cannot be supported. */
    public int dmaSetMask(Device dev, long mask) {
        if (!dmaSupported(dev, mask)) {
            return -EIO;
        }
        dev.setDmaMask(mask);
        return 0;
    }

    /** {@code dma_set_coherent_mask()} */
    public int dmaSetCoherentMask(Device dev, long mask) {
        if (!dmaSupported(dev, mask)) {
            return -EIO;
        }
        dev.setCoherentDmaMask(mask);
        return 0;
    }

    /** {@code dma_set_mask_and_coherent()} */
    public int dmaSetMaskAndCoherent(Device dev, long mask) {
        int rc = dmaSetMask(dev, mask);
        if (rc == 0) {
            dmaSetCoherentMask(dev, mask);
        }
        return rc;
    }

    /** {@code DMA_BIT_MASK(n)} */
    public static long dmaBitMask(int n) {
        return n >= 64 ? ~0L : (1L << n) - 1;
    }

    /** {@code dma_set_max_seg_size()}: needs {@code dma_parms} (WARN_ON_ONCE otherwise). */
    public void dmaSetMaxSegSize(Device dev, long size) {
        if (!dev.hasDmaParms()) {
            devWarn(dev, KernelLogRecord.Level.WARNING, "WARNING: dma_set_max_seg_size() without dma_parms");
            return;
        }
        dev.setMaxSegmentSize(size & 0xffffffffL);
    }

    /** {@code dma_set_seg_boundary()} */
    public void dmaSetSegBoundary(Device dev, long mask) {
        if (!dev.hasDmaParms()) {
            devWarn(dev, KernelLogRecord.Level.WARNING, "WARNING: dma_set_seg_boundary() without dma_parms");
            return;
        }
        dev.setSegmentBoundaryMask(mask);
    }

    /** {@code dma_get_max_seg_size()} */
    public static long dmaGetMaxSegSize(Device dev) {
        return dev.hasDmaParms() && dev.maxSegmentSize() != 0 ? dev.maxSegmentSize() : 0x10000L;
    }

    /** {@code dma_get_seg_boundary()} */
    public static long dmaGetSegBoundary(Device dev) {
        return dev.hasDmaParms() && dev.segmentBoundaryMask() != 0 ? dev.segmentBoundaryMask() : ~0L;
    }

    // ---- streaming mappings ----

    /** {@code dma_mapping_error()}: 0, or -ENOMEM for {@code DMA_MAPPING_ERROR}. */
    public int dmaMappingError(Device dev, long dmaAddr) {
        if (debug != null) {
            debug.debugDmaMappingError(dev, dmaAddr);
        }
        return dmaAddr == DmaAttrs.DMA_MAPPING_ERROR ? -ENOMEM : 0;
    }

    public long dmaMapSingle(Device dev, long cpuAddr, long size, DmaDirection dir) {
        return dmaMapSingleAttrs(dev, cpuAddr, size, dir, 0);
    }

    private boolean warnedVmalloc;

    /**
     * {@code dma_map_single_attrs()}: refuses vmalloc addresses (dev_WARN_ONCE), then maps the page behind
     * {@code cpuAddr} at its offset.
     */
    public long dmaMapSingleAttrs(Device dev, long cpuAddr, long size, DmaDirection dir, long attrs) {
        if (mm.isVmallocAddress(cpuAddr)) {
            if (!warnedVmalloc) {
                warnedVmalloc = true;
                devWarn(dev, KernelLogRecord.Level.WARNING, "rejecting DMA map of vmalloc memory");
            }
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        if (debug != null) {
            debug.debugDmaMapSingle(dev, cpuAddr, size);
        }
        long phys = mm.virtToPhys(cpuAddr);
        return mapPage(dev, phys & KernelMemory.PAGE_MASK, cpuAddr & (KernelMemory.PAGE_SIZE - 1), size, dir, attrs,
                true);
    }

    public void dmaUnmapSingle(Device dev, long addr, long size, DmaDirection dir) {
        unmapPage(dev, addr, size, dir, 0, true);
    }

    /** {@code dma_unmap_single_attrs()} */
    public void dmaUnmapSingleAttrs(Device dev, long addr, long size, DmaDirection dir, long attrs) {
        unmapPage(dev, addr, size, dir, attrs, true);
    }

    public long dmaMapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir) {
        return mapPage(dev, pagePhys, offset, size, dir, 0, false);
    }

    /** {@code dma_map_page_attrs()}: {@code pagePhys} is {@code page_to_phys(page)}. */
    public long dmaMapPageAttrs(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs) {
        return mapPage(dev, pagePhys, offset, size, dir, attrs, false);
    }

    public void dmaUnmapPage(Device dev, long addr, long size, DmaDirection dir) {
        unmapPage(dev, addr, size, dir, 0, false);
    }

    /** {@code dma_unmap_page_attrs()} */
    public void dmaUnmapPageAttrs(Device dev, long addr, long size, DmaDirection dir, long attrs) {
        unmapPage(dev, addr, size, dir, attrs, false);
    }

    private long mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs,
            boolean single) {
        int depth = stack.depth();
        stack.pushFrame(frameMapPageAttrs);
        try {
            bugOnDirection(dir);
            long addr = opsFor(dev).mapPage(dev, pagePhys, offset, size, dir, attrs);
            if (trace != null) {
                trace.dmaMapPage(dev, pagePhys + offset, addr, size, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaMapPage(dev, pagePhys, offset, size, dir, addr, attrs, single);
            }
            return addr;
        } finally {
            stack.popTo(depth);
        }
    }

    private void unmapPage(Device dev, long addr, long size, DmaDirection dir, long attrs, boolean single) {
        int depth = stack.depth();
        stack.pushFrame(frameUnmapPageAttrs);
        try {
            bugOnDirection(dir);
            opsFor(dev).unmapPage(dev, addr, size, dir, attrs);
            if (trace != null) {
                trace.dmaUnmapPage(dev, addr, size, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaUnmapPage(dev, addr, size, dir, single);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code __dma_map_sg_attrs()}: @return mapped segments, or a negative errno */
    private int mapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        bugOnDirection(dir);
        int ents = opsFor(dev).mapSg(dev, sg, nents, dir, attrs);
        if (ents > 0) {
            if (trace != null) {
                trace.dmaMapSg(dev, sg, nents, ents, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaMapSg(dev, sg, nents, ents, dir, attrs);
            }
        } else if (ents != -EINVAL && ents != -ENOMEM && ents != -EIO && ents != -EREMOTEIO) {
            if (trace != null) {
                trace.dmaMapSgErr(dev, sg, nents, ents, dir, attrs);
            }
            return -EIO;
        }
        return ents;
    }

    public int dmaMapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        return dmaMapSgAttrs(dev, sg, nents, dir, 0);
    }

    /** {@code dma_map_sg_attrs()}: @return mapped segments, 0 on any error */
    public int dmaMapSgAttrs(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        int depth = stack.depth();
        stack.push("dma_map_sg_attrs");
        try {
            int ret = mapSg(dev, sg, nents, dir, attrs);
            return ret < 0 ? 0 : ret;
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_map_sgtable()}: 0 with {@code sgt.nents} set, or a negative errno. */
    public int dmaMapSgtable(Device dev, SgTable sgt, DmaDirection dir, long attrs) {
        int depth = stack.depth();
        stack.push("dma_map_sgtable");
        try {
            int nents = mapSg(dev, sgt.sgl(), sgt.origNents(), dir, attrs);
            if (nents < 0) {
                return nents;
            }
            sgt.setNents(nents);
            return 0;
        } finally {
            stack.popTo(depth);
        }
    }

    public void dmaUnmapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        dmaUnmapSgAttrs(dev, sg, nents, dir, 0);
    }

    /** {@code dma_unmap_sg_attrs()}: trace and dma-debug come first here, as in mapping.c. */
    public void dmaUnmapSgAttrs(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        int depth = stack.depth();
        stack.push("dma_unmap_sg_attrs");
        try {
            bugOnDirection(dir);
            if (trace != null) {
                trace.dmaUnmapSg(dev, sg, nents, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaUnmapSg(dev, sg, nents, dir);
            }
            opsFor(dev).unmapSg(dev, sg, nents, dir, attrs);
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_unmap_sgtable()} */
    public void dmaUnmapSgtable(Device dev, SgTable sgt, DmaDirection dir, long attrs) {
        dmaUnmapSgAttrs(dev, sgt.sgl(), sgt.origNents(), dir, attrs);
    }

    /**
     * {@code dma_map_resource()}: maps a physical MMIO address (a peripheral's FIFO) for a DMA engine. Under the
     * 4.9 profile, RAM here is a kernel BUG ({@code BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))}).
     */
    public long dmaMapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs) {
        int depth = stack.depth();
        stack.push("dma_map_resource");
        try {
            bugOnDirection(dir);
            if (profile == KernelProfile.V4_9 && mm.isRam(physAddr)) {
                throw new KernelBug("include/linux/dma-mapping.h", "dma_map_resource",
                        String.format("BUG_ON(pfn_valid(PHYS_PFN(phys_addr))) with phys_addr 0x%x, which is RAM",
                                physAddr));
            }
            long addr = opsFor(dev).mapResource(dev, physAddr, size, dir, attrs);
            if (addr != DmaAttrs.DMA_MAPPING_ERROR) {
                resources.computeIfAbsent(dev, k -> new java.util.TreeMap<>()).put(addr, size);
            }
            if (trace != null) {
                trace.dmaMapResource(dev, physAddr, addr, size, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaMapResource(dev, physAddr, size, dir, addr, attrs);
            }
            return addr;
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_unmap_resource()} */
    public void dmaUnmapResource(Device dev, long addr, long size, DmaDirection dir, long attrs) {
        int depth = stack.depth();
        stack.push("dma_unmap_resource");
        try {
            bugOnDirection(dir);
            java.util.TreeMap<Long, Long> r = resources.get(dev);
            if (r != null) {
                r.remove(addr);
            }
            DmaMapOps ops = opsFor(dev);
            if (ops != direct) {
                ops.unmapResource(dev, addr, size, dir, attrs);
            }
            if (trace != null) {
                trace.dmaUnmapResource(dev, addr, size, dir, attrs);
            }
            if (debug != null) {
                debug.debugDmaUnmapResource(dev, addr, size, dir);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    // ---- syncs ----

    /** {@code dma_sync_single_for_cpu()} */
    public void dmaSyncSingleForCpu(Device dev, long addr, long size, DmaDirection dir) {
        int depth = stack.depth();
        stack.push("__dma_sync_single_for_cpu");
        try {
            bugOnDirection(dir);
            checkResourceUse(dev, addr, "dma_sync_single_for_cpu()");
            opsFor(dev).syncSingleForCpu(dev, addr, size, dir);
            if (trace != null) {
                trace.dmaSyncSingleForCpu(dev, addr, size, dir);
            }
            if (debug != null) {
                debug.debugDmaSyncSingleForCpu(dev, addr, size, dir);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_sync_single_for_device()} */
    public void dmaSyncSingleForDevice(Device dev, long addr, long size, DmaDirection dir) {
        int depth = stack.depth();
        stack.push("__dma_sync_single_for_device");
        try {
            bugOnDirection(dir);
            checkResourceUse(dev, addr, "dma_sync_single_for_device()");
            opsFor(dev).syncSingleForDevice(dev, addr, size, dir);
            if (trace != null) {
                trace.dmaSyncSingleForDevice(dev, addr, size, dir);
            }
            if (debug != null) {
                debug.debugDmaSyncSingleForDevice(dev, addr, size, dir);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_sync_single_range_for_cpu()}: the range starts {@code offset} bytes into the mapping. */
    public void dmaSyncSingleRangeForCpu(Device dev, long addr, long offset, long size, DmaDirection dir) {
        dmaSyncSingleForCpu(dev, addr + offset, size, dir);
    }

    /** {@code dma_sync_single_range_for_device()} */
    public void dmaSyncSingleRangeForDevice(Device dev, long addr, long offset, long size, DmaDirection dir) {
        dmaSyncSingleForDevice(dev, addr + offset, size, dir);
    }

    /** {@code dma_sync_sg_for_cpu()} */
    public void dmaSyncSgForCpu(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        int depth = stack.depth();
        stack.push("__dma_sync_sg_for_cpu");
        try {
            bugOnDirection(dir);
            if (!resources.isEmpty()) {
                for (int i = 0; i < nelems; i++) {
                    checkResourceUse(dev, sg[i].dmaAddress(), "dma_sync_sg_for_cpu()");
                }
            }
            opsFor(dev).syncSgForCpu(dev, sg, nelems, dir);
            if (trace != null) {
                trace.dmaSyncSgForCpu(dev, sg, nelems, dir);
            }
            if (debug != null) {
                debug.debugDmaSyncSgForCpu(dev, sg, nelems, dir);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_sync_sg_for_device()} */
    public void dmaSyncSgForDevice(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        int depth = stack.depth();
        stack.push("__dma_sync_sg_for_device");
        try {
            bugOnDirection(dir);
            if (!resources.isEmpty()) {
                for (int i = 0; i < nelems; i++) {
                    checkResourceUse(dev, sg[i].dmaAddress(), "dma_sync_sg_for_device()");
                }
            }
            opsFor(dev).syncSgForDevice(dev, sg, nelems, dir);
            if (trace != null) {
                trace.dmaSyncSgForDevice(dev, sg, nelems, dir);
            }
            if (debug != null) {
                debug.debugDmaSyncSgForDevice(dev, sg, nelems, dir);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_sync_sgtable_for_cpu()} */
    public void dmaSyncSgtableForCpu(Device dev, SgTable sgt, DmaDirection dir) {
        dmaSyncSgForCpu(dev, sgt.sgl(), sgt.origNents(), dir);
    }

    /** {@code dma_sync_sgtable_for_device()} */
    public void dmaSyncSgtableForDevice(Device dev, SgTable sgt, DmaDirection dir) {
        dmaSyncSgForDevice(dev, sgt.sgl(), sgt.origNents(), dir);
    }

    // ---- coherent allocations ----

    /** {@code dma_alloc_coherent()}: null when the memory cannot be allocated. */
    public DmaCoherent dmaAllocCoherent(Device dev, long size) {
        return dmaAllocAttrs(dev, size, 0);
    }

    /** {@code dma_alloc_attrs()} */
    public DmaCoherent dmaAllocAttrs(Device dev, long size, long attrs) {
        int depth = stack.depth();
        stack.push("dma_alloc_attrs");
        try {
            if (dev.coherentDmaMask() == 0) {
                devWarn(dev, KernelLogRecord.Level.WARNING, "WARNING: dma_alloc_attrs() with a zero coherent_dma_mask");
            }
            DmaCoherent c = opsFor(dev).alloc(dev, size, attrs);
            if (trace != null) {
                trace.dmaAlloc(dev, c == null ? 0 : c.cpuAddr(), c == null ? 0 : c.dmaHandle(), size,
                        DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", attrs);
            }
            if (c != null && debug != null) {
                debug.debugDmaAllocCoherent(dev, size, c.dmaHandle(), c.cpuAddr(), attrs);
            }
            return c;
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dma_free_coherent()} */
    public void dmaFreeCoherent(Device dev, long size, long cpuAddr, long dmaHandle) {
        dmaFreeAttrs(dev, size, cpuAddr, dmaHandle, 0);
    }

    /** {@code dma_free_attrs()} */
    public void dmaFreeAttrs(Device dev, long size, long cpuAddr, long dmaHandle, long attrs) {
        int depth = stack.depth();
        stack.push("dma_free_attrs");
        try {
            if (trace != null) {
                trace.dmaFree(dev, cpuAddr, dmaHandle, size, DmaDirection.BIDIRECTIONAL, attrs);
            }
            if (cpuAddr == 0) {
                return;
            }
            if (debug != null) {
                debug.debugDmaFreeCoherent(dev, size, cpuAddr, dmaHandle);
            }
            opsFor(dev).free(dev, size, cpuAddr, dmaHandle, attrs);
        } finally {
            stack.popTo(depth);
        }
    }

    /**
     * The seed series' rule: a {@code dma_map_resource()} mapping is MMIO, so syncing it, handing it to
     * {@code dma_mmap_*()} or {@code dma_get_sgtable()} is invalid. The kernel has no check for this; the
     * workbench reports it as a warning naming the call. @return whether {@code addr} is in such a mapping
     */
    private boolean checkResourceUse(Device dev, long addr, String call) {
        if (resources.isEmpty()) {
            return false;
        }
        java.util.TreeMap<Long, Long> r = resources.get(dev);
        if (r == null) {
            return false;
        }
        java.util.Map.Entry<Long, Long> e = r.floorEntry(addr);
        if (e == null || Long.compareUnsigned(addr - e.getKey(), e.getValue()) >= 0) {
            return false;
        }
        log.log(new KernelLogRecord(KernelLogRecord.Level.WARNING, "DMA-API: " + dev.driverName() + " " + dev.name()
                + ": device driver calls " + call + " on a dma_map_resource() mapping (MMIO, only "
                + "dma_unmap_resource() is valid) [device address=" + pad(e.getKey()) + "] [size="
                + Long.toUnsignedString(e.getValue()) + " bytes]", null, dev, null, stack.snapshot()));
        return true;
    }

    /**
     * {@code dma_mmap_attrs()}: maps a coherent allocation to user space. There is no user space in the
     * emulation; the call is checked and answered. @return 0, or -ENXIO for a {@code dma_map_resource()} address
     */
    public int dmaMmapAttrs(Device dev, long cpuAddr, long dmaAddr, long size, long attrs) {
        return checkResourceUse(dev, dmaAddr, "dma_mmap_attrs()") ? -ENXIO : 0;
    }

    /** {@code dma_get_sgtable_attrs()}: @return 0, or -ENXIO for a {@code dma_map_resource()} address */
    public int dmaGetSgtableAttrs(Device dev, long cpuAddr, long dmaAddr, long size, long attrs) {
        return checkResourceUse(dev, dmaAddr, "dma_get_sgtable_attrs()") ? -ENXIO : 0;
    }

    /** The physical address the device reaches at {@code dmaAddr}, -1 if nothing is mapped there. */
    public long dmaToPhys(Device dev, long dmaAddr) {
        return opsFor(dev).dmaToPhys(dev, dmaAddr);
    }

    /** Names of the back-ends, for views. */
    public static List<String> backEndNames() {
        return List.of("dma-direct", "dma-iommu", "arm_iommu");
    }

    /** Numbers IOMMU groups as the kernel does, from 0 in creation order. */
    public int nextIommuGroupId() {
        return iommuGroupIds++;
    }
}
