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
import org.dmaworkbench.kernel.mm.Gfp;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;

/**
 * The DMA-API as drivers call it: kernel/dma/mapping.c and the inline wrappers of include/linux/dma-mapping.h
 * (Linux 6.12). Each call picks the device's back-end ({@link DmaDirect} when it has no {@code dma_map_ops},
 * else its ops: {@link IommuDma} or {@link ArmIommuDmaOps}), then emits the {@code dma:*} trace event and calls
 * the dma-debug hook in the order mapping.c does, and keeps the emulated call stack.
 * <p>
 * Under {@link KernelProfile#V4_9} the front is 4.9's include/linux/dma-mapping.h, where every call is a
 * {@code static inline} wrapper:
 * <ul>
 * <li>the wrappers push no frame of their own ("Mapped at:" and WARN traces go from the dma-debug hook or back-end
 * straight to the driver), and a bad direction is a BUG in include/linux/dma-mapping.h, in the wrapper;</li>
 * <li>{@code dma_map_single_attrs()} has no vmalloc check: it maps {@code virt_to_page(ptr)} at
 * {@code offset_in_page(ptr)}, and 4.9's {@code virt_to_page()} applies the linear-map formula to any address
 * ({@link #virtToPage49});</li>
 * <li>{@code dma_map_resource()} has the series' {@code BUG_ON(pfn_valid())} (mapping RAM throws
 * {@link KernelBug}) and returns {@code phys_addr} unchanged, unchecked and unmapped when the ops have no
 * {@code map_resource}: dma-direct (4.9's {@code arm_dma_ops} and arm64 {@code swiotlb_dma_ops}) and dma-iommu
 * (arm64's 4.9 {@code iommu_dma_ops}); only the ARM IOMMU ops had one. {@code dma_unmap_resource()} likewise
 * calls {@code unmap_resource} only where it exists;</li>
 * <li>{@code dma_sync_single_range_for_{cpu,device}()} hand {@code (addr + offset, size)} to the ops and
 * {@code (addr, offset, size)} to dma-debug's range hooks;</li>
 * <li>{@code dma_alloc_attrs()} has no zero {@code coherent_dma_mask} warning.</li>
 * </ul>
 * Still 6.12 under 4.9: the {@code dma:*} trace events (4.9 has none; a workbench aid), the back-ends themselves
 * (dma-direct's capability check for {@code map_page}; 4.9 arm64 used swiotlb) and the memory layout.
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
    /** 4.9: the DMA-API is include/linux/dma-mapping.h's static inline wrappers */
    private final boolean v49;
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

    /**
     * {@code size_t} as a mask: 32 bits on 32-bit ARM, where a length computed as a negative number wraps at 2^32
     * and every {@code size_t} argument (and the {@code %zu} the trace events print) has 32 bits.
     */
    private final long sizeMask;

    public DmaMapping(KernelMemory mm, KernelProfile profile) {
        this.mm = mm;
        this.sizeMask = mm.pointerBytes() == 4 ? 0xffff_ffffL : -1L;
        this.profile = profile == null ? KernelProfile.V6_12 : profile;
        this.v49 = this.profile == KernelProfile.V4_9;
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

    /** {@code WARN_ON()} firing at {@code file:line} (e.g. {@code drivers/iommu/dma-iommu.c:1230}) in {@code function}. */
    void warnOn(Device dev, String file, int line, String function) {
        warn(dev, file, line, function, "");
    }

    /**
     * {@code WARN()}: a record the kernel log prints as the full WARN block (cut here, the WARNING line naming
     * {@code file:line} and {@code function}, modules, CPU/task, call trace, end marker), with {@code message}
     * ("" for WARN_ON). {@code function} null: the WARN sits in an inline of include/linux, so the site is the
     * innermost function on the stack (the caller).
     */
    void warn(Device dev, String file, int line, String function, String message) {
        if (log == null) {
            return;
        }
        List<String> trace = new java.util.ArrayList<>();
        String site = function;
        if (function != null) {
            trace.add(KernelCallStack.format(function, null));
        } else {
            site = stack.depth() == 0 ? "dma_map_single_attrs" : stack.snapshot().get(0);
        }
        trace.addAll(stack.snapshot());
        log.log(new KernelLogRecord(KernelLogRecord.Level.WARNING, message, null, dev, null, trace).at(file, line,
                site, false));
    }

    /**
     * {@code vunmap()} (mm/vmalloc.c, Linux 6.12) of a coherent buffer's CPU address: remove_vm_area() WARNs on
     * an address that is not page aligned ("Trying to vfree() bad address", line 3291) and returns nothing, and
     * vunmap() then WARNs that the area does not exist (line 3473); the area stays. A page-aligned address inside
     * an area removes that area (find_unlink_vmap_area() finds the area holding it). {@code callers} are the
     * functions between the DMA-API and vunmap(), outermost first, for the WARNs' call traces.
     */
    void vunmap(long cpuAddr, String... callers) {
        String p = DmaTraceEvents.pointer(cpuAddr, mm.pointerBytes());
        int depth = stack.depth();
        try {
            for (String c : callers) {
                stack.push(c);
            }
            if ((cpuAddr & (KernelMemory.PAGE_SIZE - 1)) != 0) {
                stack.push("vunmap");
                warn(null, "mm/vmalloc.c", 3291, "remove_vm_area", "Trying to vfree() bad address (" + p + ")");
                stack.pop();
                warn(null, "mm/vmalloc.c", 3473, "vunmap", "Trying to vunmap() nonexistent vm area (" + p + ")");
                return;
            }
            KernelMemory.VmArea area = mm.vmArea(cpuAddr);
            if (area == null) {
                warn(null, "mm/vmalloc.c", 3473, "vunmap", "Trying to vunmap() nonexistent vm area (" + p + ")");
                return;
            }
            mm.vunmap(area.start());
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code dev_driver_string()} and {@code dev_name()}, the prefix of dev_printk and dev_WARN */
    static String devPrefix(Device dev) {
        return (dev.driverName().isEmpty() ? "platform" : dev.driverName()) + " " + dev.name() + ": ";
    }

    /** {@code %pad}: a 64-bit {@code dma_addr_t} as 0x followed by 16 hex digits. */
    public static String pad(long dmaAddr) {
        String h = Long.toHexString(dmaAddr);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    /**
     * {@code BUG_ON(!valid_dma_direction(dir))}: in kernel/dma/mapping.c for 6.12; for 4.9 in the inline wrapper
     * {@code wrapper49} of include/linux/dma-mapping.h, whose file name the BUG line carries.
     */
    private void bugOnDirection(DmaDirection dir, String wrapper49) {
        if (dir == null || !dir.isValidForMapping()) {
            if (v49) {
                throw new KernelBug("include/linux/dma-mapping.h", wrapper49, "BUG_ON(!valid_dma_direction(dir))");
            }
            // kernel/dma/mapping.c: the exported function each wrapper reaches, and the line of its BUG_ON
            String fn;
            int line;
            switch (wrapper49) {
            case "dma_unmap_single_attrs", "dma_unmap_page" -> { fn = "dma_unmap_page_attrs"; line = 188; }
            case "dma_map_sg_attrs" -> { fn = "__dma_map_sg_attrs"; line = 207; }
            case "dma_unmap_sg_attrs" -> { fn = "dma_unmap_sg_attrs"; line = 308; }
            case "dma_map_resource" -> { fn = "dma_map_resource"; line = 327; }
            case "dma_unmap_resource" -> { fn = "dma_unmap_resource"; line = 350; }
            case "dma_sync_single_for_cpu", "dma_sync_single_range_for_cpu" -> {
                fn = "__dma_sync_single_for_cpu"; line = 368; }
            case "dma_sync_single_for_device", "dma_sync_single_range_for_device" -> {
                fn = "__dma_sync_single_for_device"; line = 385; }
            case "dma_sync_sg_for_cpu" -> { fn = "__dma_sync_sg_for_cpu"; line = 402; }
            case "dma_sync_sg_for_device" -> { fn = "__dma_sync_sg_for_device"; line = 419; }
            default -> { fn = "dma_map_page_attrs"; line = 162; }
            }
            throw new KernelBug("kernel/dma/mapping.c", line, fn, "BUG_ON(!valid_dma_direction(dir))");
        }
    }

    /** Enters an exported DMA-API function; 4.9's are static inline and leave no frame. */
    private void enter(String function) {
        if (!v49) {
            stack.push(function);
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
            // WARN_ON_ONCE(!dev->dma_parms) in the inline (include/linux/dma-mapping.h:526): the caller's site
            if (!warnedSegSize) {
                warnedSegSize = true;
                warn(dev, "include/linux/dma-mapping.h", 526, null, "");
            }
            return;
        }
        dev.setMaxSegmentSize(size & 0xffffffffL);
    }

    /** {@code dma_set_seg_boundary()} */
    public void dmaSetSegBoundary(Device dev, long mask) {
        if (!dev.hasDmaParms()) {
            // WARN_ON_ONCE(!dev->dma_parms) in the inline (include/linux/dma-mapping.h:559)
            if (!warnedSegBoundary) {
                warnedSegBoundary = true;
                warn(dev, "include/linux/dma-mapping.h", 559, null, "");
            }
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
    private boolean warnedZeroMask;
    private boolean warnedSegSize;
    private boolean warnedSegBoundary;

    /**
     * {@code dma_map_single_attrs()}: refuses vmalloc addresses (dev_WARN_ONCE), then maps the page behind
     * {@code cpuAddr} at its offset. Under 4.9 there is no such check: the page is {@link #virtToPage49}, for a
     * vmalloc address an unrelated page, and dma-debug records that page.
     */
    public long dmaMapSingleAttrs(Device dev, long cpuAddr, long size, DmaDirection dir, long attrs) {
        if (v49) {
            return mapPage(dev, virtToPage49(cpuAddr), cpuAddr & (KernelMemory.PAGE_SIZE - 1), size, dir, attrs,
                    true);
        }
        if (mm.isVmallocAddress(cpuAddr)) {
            if (!warnedVmalloc) {
                warnedVmalloc = true;
                // dev_WARN_ONCE() in the inline dma_map_single_attrs() (include/linux/dma-mapping.h:381)
                warn(dev, "include/linux/dma-mapping.h", 381, null, devPrefix(dev) + "rejecting DMA map of vmalloc memory");
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

    /**
     * 4.9's {@code page_to_phys(virt_to_page(virt))}: the linear-map formula, applied without a check to any
     * address (CONFIG_DEBUG_VIRTUAL's warnings came later). On 32-bit ARM {@code virt_to_pfn()} is
     * {@code ((virt - PAGE_OFFSET) >> PAGE_SHIFT) + PHYS_PFN_OFFSET} in 32-bit arithmetic; on arm64 with
     * SPARSEMEM_VMEMMAP {@code virt_to_page()} indexes vmemmap by {@code (virt & ~PAGE_OFFSET) >> PAGE_SHIFT}, i.e.
     * the page at {@code (virt & ~PAGE_OFFSET) + PHYS_OFFSET}. For linear-map addresses that is the right page.
     * For a vmalloc address it is not: on ARM the formula lands on the page the same offset above lowmem (often
     * highmem RAM), as on a 4.9 kernel; on arm64 it is evaluated in the emulated (6.12) layout, where the vmalloc
     * area lies above the linear map, so it lands beyond RAM (in 4.9's own layout, low RAM), and the back-end
     * treats it as any address it cannot reach.
     */
    long virtToPage49(long virt) {
        long pa;
        if (mm.arch() == org.dmaworkbench.kernel.mm.KernelArch.ARM64) {
            pa = (virt & ~mm.pageOffset()) + mm.physOffset();
        } else {
            pa = ((virt - mm.pageOffset()) & 0xffffffffL) + mm.physOffset();
        }
        return pa & KernelMemory.PAGE_MASK;
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
        size &= sizeMask;
        int depth = stack.depth();
        if (!v49) {
            stack.pushFrame(frameMapPageAttrs);
        }
        try {
            bugOnDirection(dir, single ? "dma_map_single_attrs" : "dma_map_page");
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
        size &= sizeMask;
        int depth = stack.depth();
        if (!v49) {
            stack.pushFrame(frameUnmapPageAttrs);
        }
        try {
            bugOnDirection(dir, single ? "dma_unmap_single_attrs" : "dma_unmap_page");
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
        bugOnDirection(dir, "dma_map_sg_attrs");
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
        enter("dma_map_sg_attrs");
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
        enter("dma_unmap_sg_attrs");
        try {
            bugOnDirection(dir, "dma_unmap_sg_attrs");
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
     * 4.9 profile, RAM here is a kernel BUG ({@code BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))}), and ops without
     * {@code map_resource} ({@link #hasMapResource49}) give back {@code physAddr} as it is.
     */
    public long dmaMapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs) {
        size &= sizeMask;
        int depth = stack.depth();
        enter("dma_map_resource");
        try {
            bugOnDirection(dir, "dma_map_resource");
            if (profile == KernelProfile.V4_9 && mm.isRam(physAddr)) {
                throw new KernelBug("include/linux/dma-mapping.h", "dma_map_resource",
                        String.format("BUG_ON(pfn_valid(PHYS_PFN(phys_addr))) with phys_addr 0x%x, which is RAM",
                                physAddr));
            }
            DmaMapOps ops = opsFor(dev);
            // 4.9: addr = phys_addr; if (ops->map_resource) addr = ops->map_resource(...);
            long addr = v49 && !hasMapResource49(ops) ? physAddr : ops.mapResource(dev, physAddr, size, dir, attrs);
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
        size &= sizeMask;
        int depth = stack.depth();
        enter("dma_unmap_resource");
        try {
            bugOnDirection(dir, "dma_unmap_resource");
            java.util.TreeMap<Long, Long> r = resources.get(dev);
            if (r != null) {
                r.remove(addr);
            }
            DmaMapOps ops = opsFor(dev);
            if (v49 ? hasMapResource49(ops) : ops != direct) {
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

    /**
     * Whether {@code ops} had {@code map_resource}/{@code unmap_resource} in 4.9: only the ARM IOMMU ops (4.9
     * trees' arch/arm/mm/dma-mapping.c {@code iommu_ops} carry {@code arm_iommu_map_resource()}); not 32-bit ARM's
     * {@code arm_dma_ops} (dma_direct_map_resource() came years later), arm64's {@code swiotlb_dma_ops} (both
     * dma-direct here) nor arm64's {@code iommu_dma_ops} (dma-iommu here).
     */
    private static boolean hasMapResource49(DmaMapOps ops) {
        return ops instanceof ArmIommuDmaOps;
    }

    // ---- syncs ----

    /** {@code dma_sync_single_for_cpu()} */
    public void dmaSyncSingleForCpu(Device dev, long addr, long size, DmaDirection dir) {
        size &= sizeMask;
        int depth = stack.depth();
        enter("__dma_sync_single_for_cpu");
        try {
            bugOnDirection(dir, "dma_sync_single_for_cpu");
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
        size &= sizeMask;
        int depth = stack.depth();
        enter("__dma_sync_single_for_device");
        try {
            bugOnDirection(dir, "dma_sync_single_for_device");
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

    /**
     * {@code dma_sync_single_range_for_cpu()}: the range starts {@code offset} bytes into the mapping. 6.12 calls
     * {@code dma_sync_single_for_cpu(dev, addr + offset, size, dir)}; 4.9's inline gives the ops
     * {@code (addr + offset, size)} and dma-debug {@code debug_dma_sync_single_range_for_cpu(dev, addr, offset,
     * size, dir)}.
     */
    public void dmaSyncSingleRangeForCpu(Device dev, long addr, long offset, long size, DmaDirection dir) {
        size &= sizeMask;
        if (!v49) {
            dmaSyncSingleForCpu(dev, addr + offset, size, dir);
            return;
        }
        bugOnDirection(dir, "dma_sync_single_range_for_cpu");
        checkResourceUse(dev, addr + offset, "dma_sync_single_range_for_cpu()");
        opsFor(dev).syncSingleForCpu(dev, addr + offset, size, dir);
        if (trace != null) {
            trace.dmaSyncSingleForCpu(dev, addr + offset, size, dir);
        }
        if (debug != null) {
            debug.debugDmaSyncSingleRangeForCpu(dev, addr, offset, size, dir);
        }
    }

    /** {@code dma_sync_single_range_for_device()}: as {@link #dmaSyncSingleRangeForCpu} towards the device. */
    public void dmaSyncSingleRangeForDevice(Device dev, long addr, long offset, long size, DmaDirection dir) {
        size &= sizeMask;
        if (!v49) {
            dmaSyncSingleForDevice(dev, addr + offset, size, dir);
            return;
        }
        bugOnDirection(dir, "dma_sync_single_range_for_device");
        checkResourceUse(dev, addr + offset, "dma_sync_single_range_for_device()");
        opsFor(dev).syncSingleForDevice(dev, addr + offset, size, dir);
        if (trace != null) {
            trace.dmaSyncSingleForDevice(dev, addr + offset, size, dir);
        }
        if (debug != null) {
            debug.debugDmaSyncSingleRangeForDevice(dev, addr, offset, size, dir);
        }
    }

    /** {@code dma_sync_sg_for_cpu()} */
    public void dmaSyncSgForCpu(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        int depth = stack.depth();
        enter("__dma_sync_sg_for_cpu");
        try {
            bugOnDirection(dir, "dma_sync_sg_for_cpu");
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
        enter("__dma_sync_sg_for_device");
        try {
            bugOnDirection(dir, "dma_sync_sg_for_device");
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

    /** {@code dma_alloc_coherent(dev, size, &handle, GFP_KERNEL)}: null when the memory cannot be allocated. */
    public DmaCoherent dmaAllocCoherent(Device dev, long size) {
        return dmaAllocCoherent(dev, size, Gfp.GFP_KERNEL);
    }

    /**
     * {@code dma_alloc_coherent()} (include/linux/dma-mapping.h:473): {@code __GFP_NOWARN} in {@code gfp} adds
     * {@code DMA_ATTR_NO_WARN}, as GFP_NOWAIT callers such as rcar-dmac's {@code rcar_dmac_realloc_hwdesc()} get.
     */
    public DmaCoherent dmaAllocCoherent(Device dev, long size, int gfp) {
        return dmaAllocAttrs(dev, size, gfp, (gfp & Gfp.__GFP_NOWARN) != 0 ? DmaAttrs.NO_WARN : 0);
    }

    /** {@code dma_alloc_attrs(dev, size, &handle, GFP_KERNEL, attrs)} */
    public DmaCoherent dmaAllocAttrs(Device dev, long size, long attrs) {
        return dmaAllocAttrs(dev, size, Gfp.GFP_KERNEL, attrs);
    }

    /**
     * {@code dma_alloc_attrs()} (kernel/dma/mapping.c:592): the zone bits are cleared before the back-end and the
     * trace event see the flags. The back-ends allocate as for a blocking caller whatever {@code gfp} says.
     */
    public DmaCoherent dmaAllocAttrs(Device dev, long size, int gfp, long attrs) {
        size &= sizeMask;
        int depth = stack.depth();
        enter("dma_alloc_attrs");
        try {
            if (!v49 && dev.coherentDmaMask() == 0) { // 6.12 only
                // WARN_ON_ONCE(!dev->coherent_dma_mask) (kernel/dma/mapping.c:598); once per boot
                if (!warnedZeroMask) {
                    warnedZeroMask = true;
                    warnOn(dev, "kernel/dma/mapping.c", 598, "dma_alloc_attrs");
                }
            }
            int flag = gfp & ~(Gfp.__GFP_DMA | Gfp.__GFP_DMA32 | Gfp.__GFP_HIGHMEM);
            DmaCoherent c = opsFor(dev).alloc(dev, size, attrs);
            if (trace != null) {
                trace.dmaAlloc(dev, c == null ? 0 : c.cpuAddr(), c == null ? 0 : c.dmaHandle(), size,
                        DmaDirection.BIDIRECTIONAL, Gfp.show(flag), attrs);
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
        size &= sizeMask;
        int depth = stack.depth();
        enter("dma_free_attrs");
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
        // an error (a finding of the run), as dma-debug's err_printk reports are
        log.log(new KernelLogRecord(KernelLogRecord.Level.ERR, "DMA-API: " + dev.driverName() + " " + dev.name()
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
