package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuDomainListener;
import org.dmaworkbench.kernel.iommu.IommuGroup;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Before;
import org.junit.Test;

/**
 * dma-iommu on an IPMMU domain (arm64, R-Car Gen3). IOVAs follow iova.c by hand (start_pfn 1, 32-bit mask: the
 * first page is pfn 0xfffff); PTE values follow arm_lpae_prot_to_pte() for ARM_32_LPAE_S1 with
 * IO_PGTABLE_QUIRK_ARM_NS, bit by bit: nG 0x800, AF 0x400, SH_OS 0x200 (SH_IS 0x300 with IOMMU_CACHE),
 * AP_RDONLY 0x80 for read-only, AP_UNPRIV 0x40 unless IOMMU_PRIV, NS 0x20, AttrIndx<<2 (CACHE 1, DEV 2),
 * page type 3.
 */
public class IommuDmaTest {
    /** nG | AF | SH_OS | AP_UNPRIV | NS | page */
    private static final long RW = 0x800 | 0x400 | 0x200 | 0x40 | 0x20 | 3;
    private static final long RO = RW | 0x80;

    private SparseRam ram;
    private KernelMemory mm;
    private DmaMapping api;
    private IommuDomain domain;
    private Device dev;
    private final List<String> flushes = new ArrayList<>();

    @Before
    public void setUp() {
        ram = new SparseRam(0x48000000L, 0x38000000L);
        mm = new KernelMemory(KernelArch.ARM64, ram, List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
        api = new DmaMapping(mm, null);
        domain = IommuDomain.ipmmu("ipmmu-vmsa dma domain", IommuDomain.Type.DMA, ram, mm.pageAllocator());
        domain.addListener(new IommuDomainListener() {
            @Override
            public void tlbFlush(IommuDomain d, long iova, long size) {
                flushes.add(String.format("0x%x+0x%x", iova, size));
            }
        });
        dev = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        IommuGroup group = new IommuGroup(0);
        group.addDevice(dev);
        group.setDefaultDomain(domain);
        api.iommuSetupDmaOps(dev);
    }

    private long pte(long iova) {
        return Lpae.pte(ram, domain.pgtable().pgd(), iova);
    }

    @Test
    public void mapSingleWritesAReadOnlyPteAndUnmapClearsIt() {
        assertEquals("dma-iommu", api.opsFor(dev).name());
        long buf = mm.kmalloc(4096) + 0x80;
        long phys = mm.virtToPhys(buf);
        long dma = api.dmaMapSingle(dev, buf, 0x100, DmaDirection.TO_DEVICE);
        assertEquals(0xfffff080L, dma);
        assertEquals(0, api.dmaMappingError(dev, dma));
        assertEquals((phys & ~0xfffL) | RO, pte(0xfffff000L));
        assertEquals(phys, api.dmaToPhys(dev, dma));
        api.dmaUnmapSingle(dev, dma, 0x100, DmaDirection.TO_DEVICE);
        assertEquals(0L, pte(0xfffff000L));
        assertEquals(-1L, api.dmaToPhys(dev, dma));
        assertEquals(List.of("0xfffff000+0x1000"), flushes);
        // the freed IOVA comes back from the rcache
        assertEquals(0xfffff000L, api.dmaMapPage(dev, phys & ~0xfffL, 0, 4096, DmaDirection.FROM_DEVICE));
        assertEquals((phys & ~0xfffL) | RW, pte(0xfffff000L));
    }

    @Test
    public void protFollowsDirectionAttrsAndCoherency() {
        long page = mm.pageAllocator().allocPages(0);
        api.dmaMapPageAttrs(dev, page, 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.PRIVILEGED);
        assertEquals(page | (RO & ~0x40L), pte(0xfffff000L));
        dev.setDmaCoherent(true);
        api.dmaMapPage(dev, page, 0, 4096, DmaDirection.BIDIRECTIONAL);
        // IOMMU_CACHE: AttrIndx 1 and inner shareable
        assertEquals(page | RW | 0x100 | 0x4, pte(0xffffe000L));
        assertEquals(IommuDomain.IOMMU_READ | IommuDomain.IOMMU_WRITE | IommuDomain.IOMMU_CACHE,
                IommuDma.dmaInfoToProt(DmaDirection.BIDIRECTIONAL, true, 0));
        assertEquals(0, IommuDma.dmaInfoToProt(DmaDirection.NONE, true, DmaAttrs.PRIVILEGED));
    }

    @Test
    public void mapResourceMapsTheFifoWithDeviceAttributes() {
        long dma = api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.BIDIRECTIONAL, 0);
        assertEquals(0xfffff014L, dma);
        assertEquals(0xe6e88000L | RW | 0x8, pte(0xfffff000L));
        api.dmaUnmapResource(dev, dma, 1, DmaDirection.BIDIRECTIONAL, 0);
        assertEquals(0L, pte(0xfffff000L));
    }

    @Test
    public void mapSgLaysSegmentsOutInOneRangeAndMergesPageAlignedOnes() {
        long p1 = 0x50000000L;
        long p2 = 0x50010000L;
        long p3 = 0x50020000L;
        Scatterlist[] sg = {new Scatterlist(p1, 0, 4096), new Scatterlist(p2, 0, 4096),
                new Scatterlist(p3, 0x200, 0x100)};
        // 3 granules round up to 4, aligned: (0x100000 - 4) & ~3
        assertEquals(2, api.dmaMapSg(dev, sg, 3, DmaDirection.FROM_DEVICE));
        assertEquals(0xffffc000L, sg[0].dmaAddress());
        assertEquals(0x2000, sg[0].dmaLength());
        assertEquals(0xffffe200L, sg[1].dmaAddress());
        assertEquals(0x100, sg[1].dmaLength());
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, sg[2].dmaAddress());
        assertEquals(0x200, sg[2].offset()); // original layout restored
        assertEquals(0x100, sg[2].length());
        assertEquals(p1 | RW, pte(0xffffc000L));
        assertEquals(p2 | RW, pte(0xffffd000L));
        assertEquals(p3 | RW, pte(0xffffe000L));
        assertEquals(0L, pte(0xfffff000L));
        api.dmaUnmapSg(dev, sg, 3, DmaDirection.FROM_DEVICE);
        assertEquals(0L, pte(0xffffc000L));
        assertEquals(0L, pte(0xffffe000L));
        assertEquals(List.of("0xffffc000+0x3000"), flushes);
    }

    @Test
    public void maxSegmentSizeStopsMerging() {
        dev.setHasDmaParms(true);
        api.dmaSetMaxSegSize(dev, 4096);
        Scatterlist[] sg = {new Scatterlist(0x50000000L, 0, 4096), new Scatterlist(0x50001000L, 0, 4096)};
        assertEquals(2, api.dmaMapSg(dev, sg, 2, DmaDirection.TO_DEVICE));
        assertEquals(0xffffe000L, sg[0].dmaAddress());
        assertEquals(0xfffff000L, sg[1].dmaAddress());
    }

    @Test
    public void exhaustedIovaSpaceGivesDmaMappingError() {
        // a 13-bit mask leaves pfn 1 only (start_pfn is 1)
        assertEquals(0, api.dmaSetMask(dev, 0x1fffL));
        long page = 0x50000000L;
        assertEquals(0x1000L, api.dmaMapPage(dev, page, 0, 4096, DmaDirection.TO_DEVICE));
        long dma = api.dmaMapPage(dev, page, 0, 4096, DmaDirection.TO_DEVICE);
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, dma);
        assertEquals(-DmaMapping.ENOMEM, api.dmaMappingError(dev, dma));
        Scatterlist[] sg = {new Scatterlist(page, 0, 4096)};
        assertEquals(0, api.dmaMapSg(dev, sg, 1, DmaDirection.TO_DEVICE));
        assertEquals(-DmaMapping.ENOMEM, api.dmaMapSgtable(dev, new SgTable(sg), DmaDirection.TO_DEVICE, 0));
        api.dmaUnmapPage(dev, 0x1000L, 4096, DmaDirection.TO_DEVICE);
        assertEquals(0x1000L, api.dmaMapPage(dev, page, 0, 4096, DmaDirection.TO_DEVICE));
    }

    @Test
    public void coherentAllocationIsRemappedAndMappedReadWrite() {
        DmaCoherent c = api.dmaAllocCoherent(dev, 0x2000);
        assertEquals(0xffffe000L, c.dmaHandle());
        assertEquals(c.phys() | RW, pte(0xffffe000L));
        assertEquals(true, mm.isVmallocAddress(c.cpuAddr()));
        assertEquals(c.phys(), mm.virtToPhys(c.cpuAddr()));
        api.dmaFreeCoherent(dev, 0x2000, c.cpuAddr(), c.dmaHandle());
        assertEquals(0L, pte(0xffffe000L));
    }
}
