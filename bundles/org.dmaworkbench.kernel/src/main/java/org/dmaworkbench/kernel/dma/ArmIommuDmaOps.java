package org.dmaworkbench.kernel.dma;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * The 32-bit ARM IOMMU back-end, {@code iommu_ops} of arch/arm/mm/dma-mapping.c (Linux 6.12), used on R-Car
 * Gen2 where the IPMMU driver attaches its masters to one {@link ArmIommuMapping} (1 GiB base, 2 GiB size):
 * IOVAs come from the mapping's bitmaps, are mapped page-aligned with the prot of {@code __dma_info_to_prot()}
 * (no IOMMU_CACHE), and {@code arm_iommu_map_resource()} adds {@code IOMMU_MMIO}. Scatterlists are mapped in
 * chunks that break wherever a segment does not start and end on page boundaries or the maximum segment size
 * would be exceeded ({@code arm_iommu_map_sg()}).
 */
public final class ArmIommuDmaOps implements DmaMapOps {
    private static final long PAGE_SIZE = KernelMemory.PAGE_SIZE;
    private static final long PAGE_MASK = KernelMemory.PAGE_MASK;

    private final DmaMapping api;

    public ArmIommuDmaOps(DmaMapping api) {
        this.api = api;
    }

    /**
     * {@code arm_iommu_attach_device()}: {@code iommu_attach_device()} of the mapping's domain (through the device's
     * group when it has one), a reference on the mapping, and this back-end from now on.
     */
    public static void attachDevice(DmaMapping api, Device dev, ArmIommuMapping mapping) {
        if (dev.iommuGroup() != null) {
            dev.iommuGroup().attach(mapping.domain());
        } else {
            mapping.domain().attachDevice(dev);
        }
        mapping.get();
        dev.setArmIommuMapping(mapping);
        dev.setDmaOps(new ArmIommuDmaOps(api));
    }

    /**
     * {@code arm_iommu_detach_device()}: {@code iommu_detach_device()} puts the group back in its default domain
     * (the driver's identity domain on ARM), the device's reference on the mapping is dropped (which frees it
     * when it was the last), and the device goes back to the ARM direct ops.
     *
     * @return false when the device was not attached (the kernel's "Not attached" warning)
     */
    public static boolean detachDevice(Device dev) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        if (mapping == null) {
            return false;
        }
        if (dev.iommuGroup() != null && dev.iommuGroup().defaultDomain() != null) {
            dev.iommuGroup().setCoreDomain();
        } else {
            mapping.domain().detachDevice(dev);
        }
        mapping.put();
        dev.setArmIommuMapping(null);
        dev.setDmaOps(null);
        return true;
    }

    @Override
    public String name() {
        return "arm_iommu";
    }

    /** {@code __dma_info_to_prot()}: like dma-iommu's but never IOMMU_CACHE, and PRIV even for DMA_NONE. */
    public static int dmaInfoToProt(DmaDirection dir, long attrs) {
        int prot = (attrs & DmaAttrs.PRIVILEGED) != 0 ? IommuDomain.IOMMU_PRIV : 0;
        switch (dir) {
        case BIDIRECTIONAL:
            return prot | IommuDomain.IOMMU_READ | IommuDomain.IOMMU_WRITE;
        case TO_DEVICE:
            return prot | IommuDomain.IOMMU_READ;
        case FROM_DEVICE:
            return prot | IommuDomain.IOMMU_WRITE;
        default:
            return prot;
        }
    }

    private static long pageAlign(long v) {
        return (v + PAGE_SIZE - 1) & PAGE_MASK;
    }

    private void cpuToDev(Device dev, long phys, long size, DmaDirection dir, long attrs) {
        if (!dev.isDmaCoherent() && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            api.archSync().syncForDevice(phys, size, dir);
        }
    }

    /** {@code arm_iommu_map_page()} */
    @Override
    public long mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        long len = pageAlign(size + offset);
        cpuToDev(dev, pagePhys + offset, size, dir, attrs);
        long dmaAddr = createMapping(mapping, pagePhys, len, dmaInfoToProt(dir, attrs));
        return dmaAddr == DmaAttrs.DMA_MAPPING_ERROR ? dmaAddr : dmaAddr + offset;
    }

    /**
     * An IOVA range of {@code len} bytes mapped to {@code phys} with {@code prot}, as arm_iommu_map_page() and
     * arm_iommu_map_resource() both do it. @return its address, or DMA_MAPPING_ERROR (nothing left allocated)
     */
    private static long createMapping(ArmIommuMapping mapping, long phys, long len, int prot) {
        long dmaAddr = mapping.allocIova(len);
        if (dmaAddr == DmaAttrs.DMA_MAPPING_ERROR) {
            return dmaAddr;
        }
        if (mapping.domain().map(dmaAddr, phys, len, prot) < 0) {
            mapping.freeIova(dmaAddr, len);
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        return dmaAddr;
    }

    /** {@code arm_iommu_unmap_page()} */
    @Override
    public void unmapPage(Device dev, long handle, long size, DmaDirection dir, long attrs) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        long iova = handle & PAGE_MASK;
        long offset = handle & ~PAGE_MASK;
        if (iova == 0) {
            return;
        }
        if (!dev.isDmaCoherent() && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            api.archSync().syncForCpu(mapping.domain().iovaToPhys(iova) + offset, size, dir);
        }
        removeMapping(dev, handle, size);
    }

    /** {@code arm_iommu_map_resource()}: the MMIO page mapped with {@code IOMMU_MMIO}. */
    @Override
    public long mapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        long addr = physAddr & PAGE_MASK;
        long offset = physAddr & ~PAGE_MASK;
        long len = pageAlign(size + offset);
        long dmaAddr = createMapping(mapping, addr, len, dmaInfoToProt(dir, attrs) | IommuDomain.IOMMU_MMIO);
        return dmaAddr == DmaAttrs.DMA_MAPPING_ERROR ? dmaAddr : dmaAddr + offset;
    }

    /** {@code arm_iommu_unmap_resource()} */
    @Override
    public void unmapResource(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs) {
        if ((dmaHandle & PAGE_MASK) == 0) {
            return;
        }
        removeMapping(dev, dmaHandle, size);
    }

    @Override
    public void syncSingleForCpu(Device dev, long handle, long size, DmaDirection dir) {
        long iova = handle & PAGE_MASK;
        if (dev.isDmaCoherent() || iova == 0) {
            return;
        }
        api.archSync().syncForCpu(dev.armIommuMapping().domain().iovaToPhys(iova) + (handle & ~PAGE_MASK), size, dir);
    }

    @Override
    public void syncSingleForDevice(Device dev, long handle, long size, DmaDirection dir) {
        long iova = handle & PAGE_MASK;
        if (dev.isDmaCoherent() || iova == 0) {
            return;
        }
        api.archSync().syncForDevice(dev.armIommuMapping().domain().iovaToPhys(iova) + (handle & ~PAGE_MASK), size,
                dir);
    }

    @Override
    public void syncSgForCpu(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        if (dev.isDmaCoherent()) {
            return;
        }
        for (int i = 0; i < nents; i++) {
            api.archSync().syncForCpu(sg[i].phys(), sg[i].length() & 0xffffffffL, dir);
        }
    }

    @Override
    public void syncSgForDevice(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        if (dev.isDmaCoherent()) {
            return;
        }
        for (int i = 0; i < nents; i++) {
            api.archSync().syncForDevice(sg[i].phys(), sg[i].length() & 0xffffffffL, dir);
        }
    }

    /** {@code __map_sg_chunk()}: @return the IOVA of the chunk, or DMA_MAPPING_ERROR (ENOMEM or map failure) */
    private long mapSgChunk(Device dev, Scatterlist[] sg, int start, long size, DmaDirection dir, long attrs,
            int[] err) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        size = pageAlign(size);
        long iovaBase = mapping.allocIova(size);
        if (iovaBase == DmaAttrs.DMA_MAPPING_ERROR) {
            err[0] = -DmaMapping.ENOMEM;
            return iovaBase;
        }
        long iova = iovaBase;
        long count = 0;
        for (int i = start; count < (size >>> KernelMemory.PAGE_SHIFT); i++) {
            Scatterlist s = sg[i];
            long len = pageAlign((s.offset() & 0xffffffffL) + (s.length() & 0xffffffffL));
            cpuToDev(dev, s.phys(), s.length() & 0xffffffffL, dir, attrs);
            int ret = mapping.domain().map(iova, s.pagePhys(), len, dmaInfoToProt(dir, attrs));
            if (ret < 0) {
                mapping.domain().unmap(iovaBase, count * PAGE_SIZE);
                mapping.freeIova(iovaBase, size);
                err[0] = ret;
                return DmaAttrs.DMA_MAPPING_ERROR;
            }
            count += len >>> KernelMemory.PAGE_SHIFT;
            iova += len;
        }
        return iovaBase;
    }

    /** {@code arm_iommu_map_sg()} */
    @Override
    public int mapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        int dma = 0;
        int start = 0;
        int count = 0;
        long offset = sg[0].offset() & 0xffffffffL;
        long size = offset + (sg[0].length() & 0xffffffffL);
        long max = DmaMapping.dmaGetMaxSegSize(dev);
        int[] err = new int[1];
        for (int i = 1; i < nents; i++) {
            Scatterlist s = sg[i];
            s.setDma(s.dmaAddress(), 0);
            if (s.offset() != 0 || (size & ~PAGE_MASK) != 0 || size + (s.length() & 0xffffffffL) > max) {
                long a = mapSgChunk(dev, sg, start, size, dir, attrs, err);
                if (a == DmaAttrs.DMA_MAPPING_ERROR) {
                    return badMapping(dev, sg, count, err[0]);
                }
                sg[dma].setDma(a + offset, (int) (size - offset));
                size = offset = s.offset() & 0xffffffffL;
                start = i;
                dma++;
                count++;
            }
            size += s.length() & 0xffffffffL;
        }
        long a = mapSgChunk(dev, sg, start, size, dir, attrs, err);
        if (a == DmaAttrs.DMA_MAPPING_ERROR) {
            return badMapping(dev, sg, count, err[0]);
        }
        sg[dma].setDma(a + offset, (int) (size - offset));
        return count + 1;
    }

    private int badMapping(Device dev, Scatterlist[] sg, int count, int ret) {
        for (int i = 0; i < count; i++) {
            removeMapping(dev, sg[i].dmaAddress(), sg[i].dmaLength() & 0xffffffffL);
        }
        return ret == -DmaMapping.ENOMEM ? ret : -DmaMapping.EINVAL;
    }

    /** {@code __iommu_remove_mapping()} */
    private static void removeMapping(Device dev, long iova, long size) {
        ArmIommuMapping mapping = dev.armIommuMapping();
        size = pageAlign((iova & ~PAGE_MASK) + size);
        iova &= PAGE_MASK;
        // iommu_unmap() takes an unsigned long IOVA: 32 bits on ARM (a DMA_MAPPING_ERROR handle arrives as
        // 0xfffff000); __free_iova() gets the 64-bit dma_addr_t
        mapping.domain().unmap(iova & 0xffff_ffffL, size);
        mapping.freeIova(iova, size);
    }

    /** {@code arm_iommu_unmap_sg()} */
    @Override
    public void unmapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sg[i];
            if (s.dmaLength() != 0) {
                removeMapping(dev, s.dmaAddress(), s.dmaLength() & 0xffffffffL);
            }
            if (!dev.isDmaCoherent() && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
                api.archSync().syncForCpu(s.phys(), s.length() & 0xffffffffL, dir);
            }
        }
    }

    /**
     * {@code arm_iommu_alloc_attrs()}: zeroed pages mapped READ|WRITE in one IOVA range and remapped in the
     * vmalloc area.
     */
    @Override
    public DmaCoherent alloc(Device dev, long size, long attrs) {
        KernelMemory mm = api.memory();
        ArmIommuMapping mapping = dev.armIommuMapping();
        long alloc = pageAlign(size);
        int n = (int) (alloc >>> KernelMemory.PAGE_SHIFT);
        long[] pages = IommuCoherentPages.alloc(mm, n);
        if (pages == null) {
            return null;
        }
        long dmaAddr = mapping.allocIova(alloc);
        if (dmaAddr == DmaAttrs.DMA_MAPPING_ERROR) {
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        int prot = dmaInfoToProt(DmaDirection.BIDIRECTIONAL, attrs);
        if (!IommuCoherentPages.mapRuns(mapping.domain(), dmaAddr, pages, prot)) {
            mapping.freeIova(dmaAddr, alloc);
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        long cpu = mm.vmap(pages, "arm_iommu_alloc_attrs");
        if (cpu == 0) {
            removeMapping(dev, dmaAddr, alloc);
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        return new DmaCoherent(cpu, dmaAddr, pages[0], size);
    }

    /** {@code arm_iommu_free_attrs()} */
    @Override
    public void free(Device dev, long size, long cpuAddr, long dmaHandle, long attrs) {
        KernelMemory mm = api.memory();
        removeMapping(dev, dmaHandle, size);
        IommuCoherentPages.freeBuffer(api, cpuAddr, "arm_iommu_free_attrs");
    }

    @Override
    public long dmaToPhys(Device dev, long dmaAddr) {
        long p = dev.armIommuMapping().domain().iovaToPhys(dmaAddr);
        return p == 0 ? -1 : p;
    }
}
