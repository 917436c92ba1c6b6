package org.dmaworkbench.kernel.trace;

import static org.junit.Assert.assertEquals;

import org.dmaworkbench.kernel.device.Device;
import org.junit.Test;

/** The TP_printk texts of include/trace/events/iommu.h (6.12). */
public class IommuTraceEventsTest {
    private final Device dmac = new Device("e7300000.dma-controller", "rcar-dmac");

    @Test
    public void map() {
        assertEquals("IOMMU: iova=0x00000000fef00000 - 0x00000000fef01000 paddr=0x00000000e6e60000 size=4096",
                IommuTraceEvents.formatMap(0xfef00000L, 0xe6e60000L, 4096));
    }

    @Test
    public void unmap() {
        assertEquals("IOMMU: iova=0x00000000fef00000 - 0x00000000fef02000 size=8192 unmapped_size=4096",
                IommuTraceEvents.formatUnmap(0xfef00000L, 8192, 4096));
    }

    @Test
    public void ioPageFaultNamesDriverThenDevice() {
        assertEquals("IOMMU:rcar-dmac e7300000.dma-controller iova=0x00000000fef02000 flags=0x0001",
                IommuTraceEvents.formatIoPageFault(dmac, 0xfef02000L, 1));
        assertEquals("IOMMU:rcar-dmac e7300000.dma-controller iova=0x00000000fef02000 flags=0x10000",
                IommuTraceEvents.formatIoPageFault(dmac, 0xfef02000L, 0x10000));
    }

    @Test
    public void emittersUseTheIommuSystem() {
        TraceBuffer buf = new TraceBuffer(8);
        buf.enable("iommu", "map");
        buf.enable("iommu", "io_page_fault");
        IommuTraceEvents t = new IommuTraceEvents(new Tracer(buf, () -> 42));
        t.map(0x1000, 0x2000, 0x1000);
        t.unmap(0x1000, 0x1000, 0x1000);
        t.ioPageFault(dmac, 0x3000, 0);
        assertEquals(2, buf.events().size());
        assertEquals("map", buf.events().get(0).name());
        assertEquals("iommu", buf.events().get(0).system());
        assertEquals("IOMMU:rcar-dmac e7300000.dma-controller iova=0x0000000000003000 flags=0x0000",
                buf.events().get(1).fields());
    }
}
