package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Before;
import org.junit.Test;

/**
 * arm_iommu on R-Car Gen2: the IPMMU's mapping at 1 GiB, 2 GiB long. IOVAs follow __alloc_iova() by hand,
 * PTEs follow arm_lpae_prot_to_pte() (see {@link IommuDmaTest}); arm_iommu never sets IOMMU_CACHE and
 * arm_iommu_map_resource() adds IOMMU_MMIO (AttrIndx 2).
 */
public class ArmIommuDmaOpsTest {
    private static final long RW = 0x800 | 0x400 | 0x200 | 0x40 | 0x20 | 3;
    private static final long RO = RW | 0x80;

    private SparseRam ram;
    private DmaMapping api;
    private IommuDomain domain;
    private ArmIommuMapping mapping;
    private Device dmac;

    @Before
    public void setUp() {
        ram = new SparseRam(0x40000000L, 0x40000000L);
        KernelMemory mm = new KernelMemory(KernelArch.ARM32, ram, List.of(new MemoryRegion(0x40000000L, 0x40000000L)));
        api = new DmaMapping(mm, null);
        domain = IommuDomain.ipmmu("ipmmu-vmsa", IommuDomain.Type.UNMANAGED, ram, mm.pageAllocator());
        mapping = ArmIommuMapping.create(0x40000000L, 0x80000000L, domain);
        dmac = new Device("e6700000.dma-controller", "rcar-dmac");
        ArmIommuDmaOps.attachDevice(api, dmac, mapping);
    }

    private long pte(long iova) {
        return Lpae.pte(ram, domain.pgtable().pgd(), iova);
    }

    @Test
    public void mapResourceMapsTheFifoPageWithIommuMmio() {
        assertEquals("arm_iommu", api.opsFor(dmac).name());
        long dma = api.dmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.TO_DEVICE, 0);
        assertEquals(0x4000000cL, dma);
        assertEquals(0xe6e60000L | RO | 0x8, pte(0x40000000L));
        api.dmaUnmapResource(dmac, dma, 1, DmaDirection.TO_DEVICE, 0);
        assertEquals(0L, pte(0x40000000L));
        assertFalse(mapping.isAllocated(0x40000000L));
    }

    @Test
    public void mapPageAlignsToTheOrderOfThePageAlignedLength() {
        api.dmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.TO_DEVICE, 0); // bit 0
        long page = 0x41000000L;
        dmac.setDmaCoherent(true); // no IOMMU_CACHE all the same
        long dma = api.dmaMapPage(dmac, page, 0x10, 0x2000, DmaDirection.BIDIRECTIONAL);
        // PAGE_ALIGN(0x2010) = 3 pages, order 2: bit 1 rounds up to 4
        assertEquals(0x40004010L, dma);
        assertEquals(page | RW, pte(0x40004000L));
        assertEquals((page + 0x2000) | RW, pte(0x40006000L));
        api.dmaUnmapPage(dmac, dma, 0x2000, DmaDirection.BIDIRECTIONAL);
        assertEquals(0L, pte(0x40005000L));
        assertEquals(0x40001000L, api.dmaMapPage(dmac, page, 0, 0x1000, DmaDirection.TO_DEVICE));
    }

    @Test
    public void mapSgSplitsChunksAtUnalignedSegments() {
        Scatterlist[] sg = {new Scatterlist(0x41000000L, 0, 4096), new Scatterlist(0x41010000L, 0, 4096),
                new Scatterlist(0x41020000L, 0x200, 0x100)};
        assertEquals(2, api.dmaMapSg(dmac, sg, 3, DmaDirection.FROM_DEVICE));
        assertEquals(0x40000000L, sg[0].dmaAddress());
        assertEquals(0x2000, sg[0].dmaLength());
        assertEquals(0x40002200L, sg[1].dmaAddress());
        assertEquals(0x100, sg[1].dmaLength());
        assertEquals(0x41010000L | RW, pte(0x40001000L));
        assertEquals(0x41020000L | RW, pte(0x40002000L));
        api.dmaUnmapSg(dmac, sg, 3, DmaDirection.FROM_DEVICE);
        assertEquals(0L, pte(0x40001000L));
        assertFalse(mapping.isAllocated(0x40002000L));
    }
}
