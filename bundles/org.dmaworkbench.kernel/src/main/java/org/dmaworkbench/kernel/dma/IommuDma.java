package org.dmaworkbench.kernel.dma;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IovaDomain;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * dma-iommu, the arm64 back-end for devices behind an IOMMU (drivers/iommu/dma-iommu.c, Linux 6.12, strict
 * mode, no swiotlb): IOVAs come from the domain's {@link IovaDomain} ({@code iommu_dma_alloc_iova()}: top-down
 * below {@code min(dma_mask, bus_dma_limit, aperture_end)}, through the rcache), are mapped with the prot
 * {@link #dmaInfoToProt} derives, and are unmapped, TLB-synced and given back on unmap. A scatterlist is laid
 * out in one IOVA allocation, padded to the segment boundary, and merged back by {@code __finalise_sg()}.
 */
public final class IommuDma implements DmaMapOps {
    private final DmaMapping api;

    IommuDma(DmaMapping api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "dma-iommu";
    }

    /**
     * {@code dma_info_to_prot()}: {@code IOMMU_CACHE} for a coherent master, {@code IOMMU_PRIV} for
     * {@code DMA_ATTR_PRIVILEGED}, READ for TO_DEVICE, WRITE for FROM_DEVICE, both for BIDIRECTIONAL, 0 for NONE.
     */
    public static int dmaInfoToProt(DmaDirection dir, boolean coherent, long attrs) {
        int prot = coherent ? IommuDomain.IOMMU_CACHE : 0;
        if ((attrs & DmaAttrs.PRIVILEGED) != 0) {
            prot |= IommuDomain.IOMMU_PRIV;
        }
        switch (dir) {
        case BIDIRECTIONAL:
            return prot | IommuDomain.IOMMU_READ | IommuDomain.IOMMU_WRITE;
        case TO_DEVICE:
            return prot | IommuDomain.IOMMU_READ;
        case FROM_DEVICE:
            return prot | IommuDomain.IOMMU_WRITE;
        default:
            return 0;
        }
    }

    private static IommuDomain domain(Device dev) {
        return dev.iommuDomain();
    }

    /** {@code iommu_dma_alloc_iova()}: @return the IOVA, 0 when the space is exhausted */
    static long allocIova(IommuDomain domain, long size, long dmaLimit, Device dev) {
        IovaDomain iovad = domain.iovaCookie();
        int shift = iovad.shift();
        long iovaLen = size >>> shift;
        long bus = dev.busDmaLimit();
        if (dmaLimit == 0 || (bus != 0 && Long.compareUnsigned(bus, dmaLimit) < 0)) {
            dmaLimit = bus; // min_not_zero(dma_limit, dev->bus_dma_limit)
        }
        if (domain.forceAperture() && Long.compareUnsigned(domain.apertureEnd(), dmaLimit) < 0) {
            dmaLimit = domain.apertureEnd();
        }
        long pfn = iovad.allocIovaFast(iovaLen, dmaLimit >>> shift, true);
        return pfn << shift;
    }

    /** {@code iommu_dma_free_iova()} in strict mode */
    static void freeIova(IovaDomain iovad, long iova, long size) {
        iovad.freeIovaFast(iovad.pfn(iova), size >>> iovad.shift());
    }

    /** {@code __iommu_dma_map()} */
    private long iommuDmaMap(Device dev, long phys, long size, int prot, long dmaMask) {
        IommuDomain domain = domain(dev);
        IovaDomain iovad = domain.iovaCookie();
        long iovaOff = iovad.offset(phys);
        size = iovad.align(size + iovaOff);
        long iova = allocIova(domain, size, dmaMask, dev);
        if (iova == 0) {
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        if (domain.map(iova, phys - iovaOff, size, prot) != 0) {
            freeIova(iovad, iova, size);
            return DmaAttrs.DMA_MAPPING_ERROR;
        }
        return iova + iovaOff;
    }

    /** {@code __iommu_dma_unmap()} */
    private void iommuDmaUnmap(Device dev, long dmaAddr, long size) {
        iommuDmaUnmap(dev, domain(dev), dmaAddr, size);
    }

    /** {@code __iommu_dma_unmap()} with the device's domain already looked up */
    private void iommuDmaUnmap(Device dev, IommuDomain domain, long dmaAddr, long size) {
        IovaDomain iovad = domain.iovaCookie();
        long iovaOff = iovad.offset(dmaAddr);
        dmaAddr -= iovaOff;
        size = iovad.align(size + iovaOff);
        long unmapped = domain.unmapFast(dmaAddr, size);
        if (unmapped != size) {
            api.warnOn(dev, "drivers/iommu/dma-iommu.c", 841, "__iommu_dma_unmap");
        }
        domain.iotlbSync(dmaAddr, size);
        freeIova(iovad, dmaAddr, size);
    }

    @Override
    public long mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long attrs) {
        long phys = pagePhys + offset;
        boolean coherent = dev.isDmaCoherent();
        int prot = dmaInfoToProt(dir, coherent, attrs);
        if (!coherent && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            api.archSync().syncForDevice(phys, size, dir);
        }
        return iommuDmaMap(dev, phys, size, prot, dev.dmaMask());
    }

    @Override
    public void unmapPage(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs) {
        IommuDomain domain = domain(dev);
        long phys = domain.iovaToPhys(dmaHandle);
        if (phys == 0) {
            api.warnOn(dev, "drivers/iommu/dma-iommu.c", 1230, "iommu_dma_unmap_page");
            return;
        }
        if ((attrs & DmaAttrs.SKIP_CPU_SYNC) == 0 && !dev.isDmaCoherent()) {
            api.archSync().syncForCpu(phys, size, dir);
        }
        iommuDmaUnmap(dev, domain, dmaHandle, size);
    }

    @Override
    public long mapResource(Device dev, long physAddr, long size, DmaDirection dir, long attrs) {
        return iommuDmaMap(dev, physAddr, size, dmaInfoToProt(dir, false, attrs) | IommuDomain.IOMMU_MMIO,
                dev.dmaMask());
    }

    @Override
    public void unmapResource(Device dev, long dmaHandle, long size, DmaDirection dir, long attrs) {
        iommuDmaUnmap(dev, dmaHandle, size);
    }

    @Override
    public void syncSingleForCpu(Device dev, long dmaHandle, long size, DmaDirection dir) {
        if (dev.isDmaCoherent()) {
            return;
        }
        api.archSync().syncForCpu(domain(dev).iovaToPhys(dmaHandle), size, dir);
    }

    @Override
    public void syncSingleForDevice(Device dev, long dmaHandle, long size, DmaDirection dir) {
        if (dev.isDmaCoherent()) {
            return;
        }
        api.archSync().syncForDevice(domain(dev).iovaToPhys(dmaHandle), size, dir);
    }

    @Override
    public void syncSgForCpu(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        if (!dev.isDmaCoherent()) {
            for (int i = 0; i < nents; i++) {
                api.archSync().syncForCpu(sg[i].phys(), sg[i].length() & 0xffffffffL, dir);
            }
        }
    }

    @Override
    public void syncSgForDevice(Device dev, Scatterlist[] sg, int nents, DmaDirection dir) {
        if (!dev.isDmaCoherent()) {
            for (int i = 0; i < nents; i++) {
                api.archSync().syncForDevice(sg[i].phys(), sg[i].length() & 0xffffffffL, dir);
            }
        }
    }

    /**
     * {@code iommu_dma_map_sg()}: lays every segment out IOVA-granule aligned in one allocation (stashing the
     * original offset and length in the DMA fields), pads to the segment boundary, maps physically contiguous
     * runs and merges the result with {@code __finalise_sg()}.
     */
    @Override
    public int mapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        IommuDomain domain = domain(dev);
        IovaDomain iovad = domain.iovaCookie();
        int prot = dmaInfoToProt(dir, dev.isDmaCoherent(), attrs);
        long mask = DmaMapping.dmaGetSegBoundary(dev);
        if ((attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            syncSgForDevice(dev, sg, nents, dir);
        }
        long iovaLen = 0;
        Scatterlist prev = null;
        int ret = 0;
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sg[i];
            long sIovaOff = iovad.offset(s.offset() & 0xffffffffL);
            long sLength = s.length() & 0xffffffffL;
            long padLen = (mask - iovaLen + 1) & mask;
            s.setDma(sIovaOff, (int) sLength);
            long newLength = iovad.align(sLength + sIovaOff);
            if (newLength > 0xffffffffL) {
                s.setPage(s.pagePhys(), (int) (s.offset() - sIovaOff), s.length());
                ret = -75; // -EOVERFLOW
                break;
            }
            s.setPage(s.pagePhys(), (int) (s.offset() - sIovaOff), (int) newLength);
            if (padLen != 0 && Long.compareUnsigned(padLen, newLength - 1) < 0) {
                long newPrev = (prev.length() & 0xffffffffL) + padLen;
                if (newPrev > 0xffffffffL) {
                    ret = -75;
                    break;
                }
                prev.setPage(prev.pagePhys(), prev.offset(), (int) newPrev);
                iovaLen += padLen;
            }
            iovaLen += newLength;
            prev = s;
        }
        if (ret == 0) {
            if (iovaLen == 0) {
                return finaliseSg(dev, sg, nents, 0);
            }
            long iova = allocIova(domain, iovaLen, dev.dmaMask(), dev);
            if (iova == 0) {
                ret = -DmaMapping.ENOMEM;
            } else {
                long mapped = mapSgRuns(domain, iova, sg, nents, prot);
                if (mapped >= 0 && mapped >= iovaLen) {
                    return finaliseSg(dev, sg, nents, iova);
                }
                freeIova(iovad, iova, iovaLen);
                ret = mapped < 0 ? (int) mapped : -DmaMapping.EINVAL;
            }
        }
        invalidateSg(sg, nents);
        if (ret != -DmaMapping.ENOMEM && ret != -DmaMapping.EREMOTEIO) {
            return -DmaMapping.EINVAL;
        }
        return ret;
    }

    /** {@code iommu_map_sg()}: maps physically contiguous runs; @return bytes mapped or a negative errno */
    private static long mapSgRuns(IommuDomain domain, long iova, Scatterlist[] sg, int nents, int prot) {
        long mapped = 0;
        long len = 0;
        long start = 0;
        for (int i = 0; i < nents; i++) {
            long sPhys = sg[i].phys();
            if (len != 0 && sPhys != start + len) {
                int r = domain.map(iova + mapped, start, len, prot);
                if (r != 0) {
                    domain.unmap(iova, mapped);
                    return r;
                }
                mapped += len;
                len = 0;
            }
            if (len != 0) {
                len += sg[i].length() & 0xffffffffL;
            } else {
                len = sg[i].length() & 0xffffffffL;
                start = sPhys;
            }
        }
        if (len != 0) {
            int r = domain.map(iova + mapped, start, len, prot);
            if (r != 0) {
                domain.unmap(iova, mapped);
                return r;
            }
            mapped += len;
        }
        return mapped;
    }

    /** {@code __finalise_sg()} */
    private static int finaliseSg(Device dev, Scatterlist[] sg, int nents, long dmaAddr) {
        long segMask = DmaMapping.dmaGetSegBoundary(dev);
        long maxLen = DmaMapping.dmaGetMaxSegSize(dev);
        long curLen = 0;
        int cur = 0;
        int count = 0;
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sg[i];
            long sIovaOff = s.dmaAddress() & 0xffffffffL;
            long sLength = s.dmaLength() & 0xffffffffL;
            long sIovaLen = s.length() & 0xffffffffL;
            s.setDma(DmaAttrs.DMA_MAPPING_ERROR, 0);
            s.setPage(s.pagePhys(), (int) (s.offset() + sIovaOff), (int) sLength);
            if (curLen != 0 && sIovaOff == 0 && (dmaAddr & segMask) != 0 && maxLen - curLen >= sLength) {
                curLen += sLength;
            } else {
                if (i > 0) {
                    cur++;
                }
                curLen = sLength;
                count++;
                sg[cur].setDma(dmaAddr + sIovaOff, sg[cur].dmaLength());
            }
            sg[cur].setDma(sg[cur].dmaAddress(), (int) curLen);
            dmaAddr += sIovaLen;
            if (sLength + sIovaOff < sIovaLen) {
                curLen = 0;
            }
        }
        return count;
    }

    /** {@code __invalidate_sg()} */
    private static void invalidateSg(Scatterlist[] sg, int nents) {
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sg[i];
            int offset = s.offset();
            int length = s.length();
            if (s.dmaAddress() != DmaAttrs.DMA_MAPPING_ERROR) {
                offset += (int) s.dmaAddress();
            }
            if (s.dmaLength() != 0) {
                length = s.dmaLength();
            }
            s.setPage(s.pagePhys(), offset, length);
            s.setDma(DmaAttrs.DMA_MAPPING_ERROR, 0);
        }
    }

    /** {@code iommu_dma_unmap_sg()}: one IOVA range from the first segment's start to the last one's end. */
    @Override
    public void unmapSg(Device dev, Scatterlist[] sg, int nents, DmaDirection dir, long attrs) {
        if ((attrs & DmaAttrs.SKIP_CPU_SYNC) == 0) {
            syncSgForCpu(dev, sg, nents, dir);
        }
        long start = 0;
        long end = 0;
        int i = 0;
        if (nents > 0 && sg[0].dmaLength() != 0) {
            start = sg[0].dmaAddress();
        }
        for (; i < nents; i++) {
            if (sg[i].dmaLength() == 0) {
                break;
            }
            end = sg[i].dmaAddress() + (sg[i].dmaLength() & 0xffffffffL);
        }
        if (end != 0) {
            iommuDmaUnmap(dev, start, end - start);
        }
    }

    /**
     * {@code iommu_dma_alloc()} for a blocking caller: zeroed pages (not necessarily contiguous), mapped in one
     * IOVA range READ|WRITE and remapped in the vmalloc area ({@code iommu_dma_alloc_remap()}).
     */
    @Override
    public DmaCoherent alloc(Device dev, long size, long attrs) {
        KernelMemory mm = api.memory();
        IommuDomain domain = domain(dev);
        IovaDomain iovad = domain.iovaCookie();
        long alloc = iovad.align(KernelMemory.pageAlign(size));
        int n = (int) (alloc >>> KernelMemory.PAGE_SHIFT);
        long[] pages = IommuCoherentPages.alloc(mm, n);
        if (pages == null) {
            return null;
        }
        int prot = dmaInfoToProt(DmaDirection.BIDIRECTIONAL, dev.isDmaCoherent(), attrs);
        long iova = allocIova(domain, alloc, dev.coherentDmaMask(), dev);
        if (iova == 0) {
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        if (!IommuCoherentPages.mapRuns(domain, iova, pages, prot)) {
            freeIova(iovad, iova, alloc);
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        long cpu = mm.vmap(pages, "iommu_dma_alloc");
        if (cpu == 0) {
            domain.unmap(iova, alloc);
            freeIova(iovad, iova, alloc);
            IommuCoherentPages.free(mm, pages);
            return null;
        }
        return new DmaCoherent(cpu, iova, pages[0], size);
    }

    /** {@code iommu_dma_free()} */
    @Override
    public void free(Device dev, long size, long cpuAddr, long dmaHandle, long attrs) {
        KernelMemory mm = api.memory();
        iommuDmaUnmap(dev, dmaHandle, size);
        IommuCoherentPages.freeBuffer(api, cpuAddr, "__iommu_dma_free");
    }

    @Override
    public long dmaToPhys(Device dev, long dmaAddr) {
        long p = domain(dev).iovaToPhys(dmaAddr);
        return p == 0 ? -1 : p;
    }
}
