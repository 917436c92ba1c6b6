package org.dmaworkbench.kernel.dma;

import java.util.HashMap;
import java.util.Map;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;

/**
 * dma-direct, for devices no IOMMU translates (kernel/dma/direct.c and direct.h, Linux 6.12): the DMA address
 * is the physical address ({@code phys_to_dma()} without {@code dma-ranges} offsets); an address beyond the DMA
 * mask or bus limit is refused with {@code DMA_MAPPING_ERROR} and a one-time warning, as no swiotlb is
 * modelled. Non-coherent devices get cache maintenance ({@link ArchDmaSync}); coherent allocations for them
 * are remapped in the vmalloc area ({@code CONFIG_DMA_DIRECT_REMAP}).
 */
public final class DmaDirect implements DmaMapOps {
    private final DmaMapping api;
    private boolean warnedOverflow;
    private boolean erredResource;
    /** remapped coherent buffers: cpu address -> first page */
    private final Map<Long, Long> remapped = new HashMap<>();

    DmaDirect(DmaMapping api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "dma-direct";
    }

    /** {@code min_not_zero(*dev->dma_mask, dev->bus_dma_limit)} */
    private static long limit(Device dev, long mask) {
        long bus = dev.busDmaLimit();
        if (mask == 0) {
            return bus;
        }
        if (bus == 0) {
            return mask;
        }
        return Long.compareUnsigned(mask, bus) < 0 ? mask : bus;
    }

    /** {@code dma_capable()} */
    static boolean dmaCapable(Device dev, long addr, long size) {
        if (addr == DmaAttrs.DMA_MAPPING_ERROR) {
            return false;
        }
        long end = addr + size - 1;
        return Long.compareUnsigned(end, limit(dev, dev.dmaMask())) <= 0;
    }

    private String overflow(Device dev, long addr, long size) {
        return "DMA addr " + DmaMapping.pad(addr) + "+" + Long.toUnsignedString(size) + " overflow (mask "
                + Long.toHexString(dev.dmaMask()) + ", bus limit " + Long.toHexString(dev.busDmaLimit()) + ").";
    }

    @Override
    public long mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs) {
        long phys = pagePhys + offset;
        long dmaAddr = phys;
        if (!dmaCapable(dev, dmaAddr, size)) {
            if (!warnedOverflow) {
                warnedOverflow = true;
                // dev_WARN_ONCE() in the inline dma_direct_map_page() (kernel/dma/direct.h:103)
                api.warn(dev, "kernel/dma/direct.h", 103, null, DmaMapping.devPrefix(dev) + overflow(dev, dmaAddr, size));
            }
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        if (!dev.isDmaCoherent() && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            api.archSync().syncForDevice(phys, size, dir);
        }
        return dmaAddr;
    }

    @Override
    public void unmapPage(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs) {
        if ((attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            syncSingleForCpu(dev, dmaHandle, size, dir);
        }
    }

    @Override
    public int mapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sg[i];
            long a = mapPage(dev, s.pagePhys(), s.offset(), s.length() & 0xffffffffL, dir, attrs);
            if (a == DmaAttrs.DMA_MAPPING_ERROR) {
                s.setDma(DmaAttrs.DMA_MAPPING_ERROR, 0);
                unmapSg(dev, sg, i, dir, attrs | DmaAttrs.SKIP_CPU_SYNC);
                return -DmaMapping.EIO;
            }
            s.setDma(a, s.length());
        }
        return nents;
    }

    @Override
    public void unmapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        for (int i = 0; i < nents; i++) {
            unmapPage(dev, sg[i].dmaAddress(), sg[i].dmaLength() & 0xffffffffL, dir, attrs);
        }
    }

    @Override
    public long mapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs) {
        if (!dmaCapable(dev, physAddr, size)) {
            if (!erredResource) {
                erredResource = true;
                api.devWarn(dev, KernelLogRecord.Level.ERR, overflow(dev, physAddr, size));
                // then WARN_ON_ONCE(1) (kernel/dma/direct.c:516)
                api.warn(dev, "kernel/dma/direct.c", 516, "dma_direct_map_resource", "");
            }
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        return physAddr;
    }

    @Override
    public void unmapResource(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs) {
        // nothing to do: uncached and no swiotlb
    }

    @Override
    public void syncSingleForCpu(Device dev, long dmaHandle, long size, DmaDirection dir) {
        if (!dev.isDmaCoherent()) {
            api.archSync().syncForCpu(dmaHandle, size, dir);
        }
    }

    @Override
    public void syncSingleForDevice(Device dev, long dmaHandle, long size, DmaDirection dir) {
        if (!dev.isDmaCoherent()) {
            api.archSync().syncForDevice(dmaHandle, size, dir);
        }
    }

    @Override
    public void syncSgForCpu(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        for (int i = 0; i < nents; i++) {
            syncSingleForCpu(dev, sg[i].dmaAddress(), sg[i].dmaLength() & 0xffffffffL, dir);
        }
    }

    @Override
    public void syncSgForDevice(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        for (int i = 0; i < nents; i++) {
            syncSingleForDevice(dev, sg[i].dmaAddress(), sg[i].dmaLength() & 0xffffffffL, dir);
        }
    }

    /**
     * {@code dma_direct_alloc()}: zeroed pages below the coherent mask; the linear address for a coherent
     * device, a vmalloc-area remap for a non-coherent one.
     */
    @Override
    public DmaCoherent alloc(Device dev, long size, long attrs) {
        KernelMemory mm = api.memory();
        long alloc = KernelMemory.pageAlign(size);
        int order = KernelMemory.getOrder(alloc);
        long lim = limit(dev, dev.coherentDmaMask());
        long zoneLimit = lim == 0 || lim == -1L ? Long.MAX_VALUE : lim + 1;
        boolean remap = !dev.isDmaCoherent();
        if (!remap && mm.arch() == KernelArch.ARM32) {
            zoneLimit = Math.min(zoneLimit, mm.lowmemLimit());
        }
        long pa = mm.pageAllocator().allocPages(order, zoneLimit);
        if (pa < 0) {
            return null;
        }
        mm.pageAllocator().zero(pa, 1L << order);
        long cpu;
        if (remap) {
            long[] pages = new long[(int) (alloc >>> KernelMemory.PAGE_SHIFT)];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = pa + ((long) i << KernelMemory.PAGE_SHIFT);
            }
            cpu = mm.vmap(pages, "dma_direct_alloc");
            if (cpu == 0) {
                mm.pageAllocator().freePages(pa, order);
                return null;
            }
            remapped.put(cpu, pa);
        } else {
            cpu = mm.physToVirt(pa);
        }
        return new DmaCoherent(cpu, pa, pa, size);
    }

    /**
     * {@code dma_direct_free()}. A CPU address that is no allocation's: on 32-bit ARM (no DMA_DIRECT_REMAP) the
     * remapped buffers are arch_dma_alloc()'s, and __arm_dma_free() WARNs "Freeing invalid buffer %p"
     * (arch/arm/mm/dma-mapping.c:620) and frees nothing; arm64 vunmap()s the address (which WARNs unless it starts
     * an area) and frees the pages behind the DMA address.
     */
    @Override
    public void free(Device dev, long size, long cpuAddr, long dmaHandle, long attrs) {
        KernelMemory mm = api.memory();
        int order = KernelMemory.getOrder(KernelMemory.pageAlign(size));
        Long pa = remapped.remove(cpuAddr);
        if (pa != null) {
            mm.vunmap(cpuAddr);
            mm.pageAllocator().freePages(pa, order);
        } else if (mm.isVmallocAddress(cpuAddr)) {
            if (mm.arch() == KernelArch.ARM32) {
                api.warn(null, "arch/arm/mm/dma-mapping.c", 620, "__arm_dma_free", "Freeing invalid buffer "
                        + DmaTraceEvents.pointer(cpuAddr, mm.pointerBytes()));
                return;
            }
            KernelMemory.VmArea area = mm.vmArea(cpuAddr);
            api.vunmap(cpuAddr, "dma_direct_free");
            if (area != null) {
                remapped.remove(area.start());
            }
            mm.pageAllocator().freePages(dmaHandle, order);
        } else {
            mm.pageAllocator().freePages(mm.virtToPhys(cpuAddr), order);
        }
    }

    @Override
    public long dmaToPhys(Device dev, long dmaAddr) {
        return dmaAddr;
    }
}
