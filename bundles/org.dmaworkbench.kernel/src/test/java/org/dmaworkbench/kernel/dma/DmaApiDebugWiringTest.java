package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuGroup;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.dmaworkbench.kernel.trace.Tracer;
import org.junit.Before;
import org.junit.Test;

/**
 * The DMA-API calls dma-debug and the dma trace events where kernel/dma/mapping.c does, with the kernel memory
 * model as dma-debug's view of the address space. Messages are kernel/dma/debug.c's.
 */
public class DmaApiDebugWiringTest {
    private KernelMemory mm;
    private DmaMapping api;
    private Device dev;
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final List<TraceEvent> events = new ArrayList<>();

    @Before
    public void setUp() {
        SparseRam ram = new SparseRam(0x48000000L, 0x38000000L);
        mm = new KernelMemory(KernelArch.ARM64, ram, List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
        api = new DmaMapping(mm, KernelProfile.V6_12);
        api.setKernelLog(log::add);
        api.setDmaDebug(new DmaDebug(mm, log::add, KernelProfile.V6_12));
        api.setTrace(new DmaTraceEvents(new Tracer(events::add, () -> 0L)));
        IommuDomain domain = IommuDomain.ipmmu("dma", IommuDomain.Type.DMA, ram, mm.pageAllocator());
        dev = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        IommuGroup g = new IommuGroup(0);
        g.addDevice(dev);
        g.setDefaultDomain(domain);
        api.iommuSetupDmaOps(dev);
        // "DMA-API: preallocated 65536 debug entries", "DMA-API: debugging enabled by kernel config"
        assertEquals(2, log.size());
        log.clear();
    }

    @Test
    public void doubleUnmapWarnsInDmaIommuThenInDmaDebug() {
        long buf = mm.kmalloc(256);
        long dma = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        assertEquals(0, api.dmaMappingError(dev, dma));
        api.dmaUnmapSingle(dev, dma, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), log);
        api.dmaUnmapSingle(dev, dma, 256, DmaDirection.TO_DEVICE);
        assertEquals(2, log.size());
        // WARN_ON(!phys) in iommu_dma_unmap_page() (drivers/iommu/dma-iommu.c:1230): a WARN with no message
        assertEquals("", log.get(0).text());
        assertEquals("drivers/iommu/dma-iommu.c", log.get(0).warnFile());
        assertEquals(1230, log.get(0).warnLine());
        assertEquals("iommu_dma_unmap_page", log.get(0).warnFunction());
        assertEquals("DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device driver tries to free DMA memory it "
                + "has not allocated [device address=0x00000000fffff000] [size=256 bytes]", log.get(1).text());
        assertEquals(0, api.callStack().depth());
    }

    @Test
    public void mappedAtShowsTheDmaApiFrameAndTheDriver() {
        KernelCallStack stack = api.callStack();
        stack.push("renesas_sdhi_internal_dmac_start_dma");
        long dma = api.dmaMapPage(dev, 0x50000000L, 0, 4096, DmaDirection.FROM_DEVICE);
        stack.pop();
        api.dmaMappingError(dev, dma);
        api.dmaUnmapPage(dev, dma, 2048, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = log.get(log.size() - 1);
        assertEquals("DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device driver frees DMA memory with "
                + "different size [device address=0x00000000fffff000] [map size=4096 bytes] [unmap size=2048 bytes]",
                r.text());
        assertEquals(List.of("DMA-API: Mapped at:", stack.lineFor("debug_dma_map_page"),
                stack.lineFor("dma_map_page_attrs"), stack.lineFor("renesas_sdhi_internal_dmac_start_dma")),
                r.mappedAt());
    }

    @Test
    public void mappingAVmappedStackPageIsCaughtByItsProbableAddress() {
        KernelMemory.TaskStack s = mm.taskStack(mm.currentTask());
        api.dmaMapPage(dev, s.pages()[1], 0x10, 16, DmaDirection.TO_DEVICE);
        assertEquals("DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device driver maps memory from stack "
                + "[probable addr=ffff800082001010]", log.get(0).text());
    }

    @Test
    public void traceEventsFollowTheCalls() {
        long dma = api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.FROM_DEVICE, 0);
        api.dmaUnmapResource(dev, dma, 1, DmaDirection.FROM_DEVICE, 0);
        assertEquals(2, events.size());
        assertEquals("dma_map_resource", events.get(0).name());
        assertEquals(DmaTraceEvents.formatMap(dev, 0xe6e88014L, 0xfffff014L, 1, DmaDirection.FROM_DEVICE, 0),
                events.get(0).fields());
        assertEquals("dma_unmap_resource", events.get(1).name());
    }
}
