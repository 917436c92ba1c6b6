package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Before;
import org.junit.Test;

/**
 * dma-direct (no IOMMU) on R-Car H3 with RAM at 0x48000000 and 0x600000000: DMA address = physical address
 * within the mask, DMA_MAPPING_ERROR with the kernel's "DMA addr %pad+%zu overflow (mask %llx, bus limit
 * %llx)." warning beyond it, and the front's checks from include/linux/dma-mapping.h.
 */
public class DmaDirectTest {
    private KernelMemory mm;
    private DmaMapping api;
    private Device dev;
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final List<String> syncs = new ArrayList<>();

    private static KernelMemory h3() {
        SparseRam ram = new SparseRam(0x48000000L, 0x5b8000000L);
        return new KernelMemory(KernelArch.ARM64, ram,
                List.of(new MemoryRegion(0x48000000L, 0x38000000L), new MemoryRegion(0x600000000L, 0x40000000L)));
    }

    @Before
    public void setUp() {
        mm = h3();
        api = new DmaMapping(mm, KernelProfile.V6_12);
        api.setKernelLog(log::add);
        api.setArchSync(new ArchDmaSync() {
            @Override
            public void syncForDevice(long phys, long size, DmaDirection dir) {
                syncs.add(String.format("dev 0x%x+0x%x %s", phys, size, dir.kernelName()));
            }

            @Override
            public void syncForCpu(long phys, long size, DmaDirection dir) {
                syncs.add(String.format("cpu 0x%x+0x%x %s", phys, size, dir.kernelName()));
            }
        });
        dev = new Device("e6700000.dma-controller", "rcar-dmac");
    }

    @Test
    public void dmaAddressIsThePhysicalAddressAndNonCoherentMappingsSync() {
        long buf = mm.kmalloc(256);
        long phys = mm.virtToPhys(buf);
        long dma = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        assertEquals(phys, dma);
        api.dmaSyncSingleRangeForCpu(dev, dma, 0x10, 0x20, DmaDirection.TO_DEVICE);
        api.dmaUnmapSingle(dev, dma, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of(String.format("dev 0x%x+0x100 DMA_TO_DEVICE", phys),
                String.format("cpu 0x%x+0x20 DMA_TO_DEVICE", phys + 0x10),
                String.format("cpu 0x%x+0x100 DMA_TO_DEVICE", phys)), syncs);
    }

    @Test
    public void skipCpuSyncAndCoherentDevicesDoNoMaintenance() {
        api.dmaMapPageAttrs(dev, 0x50000000L, 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
        dev.setDmaCoherent(true);
        api.dmaMapPage(dev, 0x50000000L, 0, 4096, DmaDirection.FROM_DEVICE);
        assertTrue(syncs.isEmpty());
    }

    @Test
    public void memoryBeyondTheMaskIsRefusedWithAOneTimeWarning() {
        long dma = api.dmaMapPage(dev, 0x600000000L, 0, 4096, DmaDirection.FROM_DEVICE);
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, dma);
        assertEquals(-DmaMapping.ENOMEM, api.dmaMappingError(dev, dma));
        assertEquals(1, log.size());
        assertEquals("rcar-dmac e6700000.dma-controller: DMA addr 0x0000000600000000+4096 overflow "
                + "(mask ffffffff, bus limit 0).", log.get(0).text());
        assertEquals(KernelLogRecord.Level.WARNING, log.get(0).level());
        api.dmaMapPage(dev, 0x600001000L, 0, 4096, DmaDirection.FROM_DEVICE);
        assertEquals(1, log.size());
        // the end of the buffer counts: 0xfffff000 + 0x1001 crosses 4 GiB
        assertEquals(0, api.dmaSetMask(dev, DmaMapping.dmaBitMask(40)));
        assertEquals(0x600000000L, api.dmaMapPage(dev, 0x600000000L, 0, 4096, DmaDirection.FROM_DEVICE));
    }

    @Test
    public void busLimitCapsTheMask() {
        api.dmaSetMask(dev, DmaMapping.dmaBitMask(40));
        dev.setBusDmaLimit(0xffffffffL);
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, api.dmaMapPage(dev, 0x600000000L, 0, 16, DmaDirection.TO_DEVICE));
    }

    @Test
    public void sgEntriesMapOneToOneAndAFailureUnwinds() {
        Scatterlist[] sg = {new Scatterlist(0x50000000L, 0x10, 0x100), new Scatterlist(0x50002000L, 0, 0x1000)};
        assertEquals(2, api.dmaMapSg(dev, sg, 2, DmaDirection.TO_DEVICE));
        assertEquals(0x50000010L, sg[0].dmaAddress());
        assertEquals(0x100, sg[0].dmaLength());
        assertEquals(0x50002000L, sg[1].dmaAddress());
        Scatterlist[] bad = {new Scatterlist(0x50000000L, 0, 0x100), new Scatterlist(0x600000000L, 0, 0x1000)};
        assertEquals(0, api.dmaMapSg(dev, bad, 2, DmaDirection.TO_DEVICE));
        assertEquals(-DmaMapping.EIO, api.dmaMapSgtable(dev, new SgTable(bad), DmaDirection.TO_DEVICE, 0));
    }

    @Test
    public void mapResourceReturnsThePhysicalAddress() {
        assertEquals(0xe6e88014L, api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.FROM_DEVICE, 0));
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR,
                api.dmaMapResource(dev, 0x1_0000_0000L, 1, DmaDirection.FROM_DEVICE, 0));
        assertEquals(KernelLogRecord.Level.ERR, log.get(0).level());
        assertEquals("rcar-dmac e6700000.dma-controller: DMA addr 0x0000000100000000+1 overflow "
                + "(mask ffffffff, bus limit 0).", log.get(0).text());
    }

    @Test
    public void syncMmapAndGetSgtableOnAResourceMappingAreReported() {
        long dma = api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.FROM_DEVICE, 0);
        api.dmaSyncSingleForCpu(dev, dma, 1, DmaDirection.FROM_DEVICE);
        assertEquals("DMA-API: rcar-dmac e6700000.dma-controller: device driver calls dma_sync_single_for_cpu() on a "
                + "dma_map_resource() mapping (MMIO, only dma_unmap_resource() is valid) [device address="
                + "0x00000000e6e88014] [size=1 bytes]", log.get(0).text());
        assertEquals(-DmaMapping.ENXIO, api.dmaMmapAttrs(dev, 0, dma, 1, 0));
        assertEquals(-DmaMapping.ENXIO, api.dmaGetSgtableAttrs(dev, 0, dma, 1, 0));
        assertEquals(3, log.size());
        api.dmaUnmapResource(dev, dma, 1, DmaDirection.FROM_DEVICE, 0);
        assertEquals(0, api.dmaMmapAttrs(dev, 0, dma, 1, 0));
        api.dmaSyncSingleForDevice(dev, dma, 1, DmaDirection.FROM_DEVICE);
        assertEquals(3, log.size());
    }

    @Test
    public void kernel49BugsOnRamInMapResource() {
        DmaMapping api49 = new DmaMapping(mm, KernelProfile.V4_9);
        assertEquals(0xe6e88014L, api49.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.FROM_DEVICE, 0));
        try {
            api49.dmaMapResource(dev, 0x50000000L, 4096, DmaDirection.FROM_DEVICE, 0);
            fail("expected a kernel BUG");
        } catch (KernelBug e) {
            assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_map_resource): "
                    + "BUG_ON(pfn_valid(PHYS_PFN(phys_addr))) with phys_addr 0x50000000, which is RAM", e.getMessage());
        }
        assertEquals(0, api49.callStack().depth());
        // 6.12 maps it
        assertEquals(0x50000000L, api.dmaMapResource(dev, 0x50000000L, 4096, DmaDirection.FROM_DEVICE, 0));
    }

    @Test
    public void vmallocBuffersAreRejected() {
        long v = mm.vmalloc(4096, "test");
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, api.dmaMapSingle(dev, v, 64, DmaDirection.TO_DEVICE));
        assertEquals("rcar-dmac e6700000.dma-controller: rejecting DMA map of vmalloc memory", log.get(0).text());
    }

    @Test
    public void invalidDirectionIsAKernelBug() {
        try {
            api.dmaMapPage(dev, 0x50000000L, 0, 4, DmaDirection.NONE);
            fail("expected a kernel BUG");
        } catch (KernelBug e) {
            assertEquals("kernel BUG at kernel/dma/mapping.c (dma_map_page_attrs): BUG_ON(!valid_dma_direction(dir))",
                    e.getMessage());
        }
    }

    @Test
    public void masksBelow32BitsAreUnsupportedWithRamAbove4GiB() {
        assertEquals(-DmaMapping.EIO, api.dmaSetMask(dev, DmaMapping.dmaBitMask(31)));
        assertEquals(0xffffffffL, dev.dmaMask());
        assertEquals(0, api.dmaSetMaskAndCoherent(dev, DmaMapping.dmaBitMask(40)));
        assertEquals(0xffffffffffL, dev.coherentDmaMask());
    }

    @Test
    public void coherentAllocationStaysBelowTheCoherentMask() {
        dev.setDmaCoherent(true);
        DmaCoherent c = api.dmaAllocCoherent(dev, 0x3000);
        // order 2 after the 32 MiB kernel image
        assertEquals(0x4a000000L, c.dmaHandle());
        assertEquals(0xffff00000a000000L, c.cpuAddr());
        api.dmaFreeCoherent(dev, 0x3000, c.cpuAddr(), c.dmaHandle());
        dev.setDmaCoherent(false);
        DmaCoherent nc = api.dmaAllocCoherent(dev, 0x1000);
        assertEquals(0x4a000000L, nc.dmaHandle());
        assertTrue(mm.isVmallocAddress(nc.cpuAddr()));
        assertEquals(0x4a000000L, mm.virtToPhys(nc.cpuAddr()));
        assertEquals(-DmaMapping.EIO, api.dmaSetCoherentMask(dev, 0xfffL));
        dev.setCoherentDmaMask(0xfffL); // below all RAM
        
        assertNull(api.dmaAllocCoherent(dev, 0x1000));
    }
}
