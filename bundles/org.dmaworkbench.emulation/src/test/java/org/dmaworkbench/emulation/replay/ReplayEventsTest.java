package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.StringReader;

import org.junit.Test;

/** Failed mappings, unprintable pointers and the iommu:* events. */
public class ReplayEventsTest {
    private static final String P = "     kworker/0:1-23      [000] .....   200.000001: ";

    @Test
    public void failuresPointerPlaceholdersAndIommuEvents() throws IOException {
        String capture = P + "dma_map_page: d0 dir=TO_DEVICE dma_addr=ffffffffffffffff size=64 phys_addr=48000000 "
                + "attrs=\n"
                + P + "dma_map_sg_err: d0 dir=TO_DEVICE dma_addrs={0x48000000} err=-12 attrs=\n"
                + P + "dma_alloc: d0 dir=BIDIRECTIONAL dma_addr=0 size=4096 virt_addr=(null) flags=GFP_KERNEL attrs=\n"
                + P + "dma_alloc: d0 dir=BIDIRECTIONAL dma_addr=a0000000 size=4096 virt_addr=(____ptrval____) "
                + "flags=GFP_KERNEL|__GFP_ZERO attrs=\n"
                + P + "dma_free: d0 dir=BIDIRECTIONAL dma_addr=a0000000 size=4096 virt_addr=(____ptrval____) attrs=\n"
                + P + "map: IOMMU: iova=0x00000000fe000000 - 0x00000000fe001000 paddr=0x00000000e6e60000 size=4096\n"
                + P + "unmap: IOMMU: iova=0x00000000fe000000 - 0x00000000fe002000 size=8192 unmapped_size=4096\n"
                + P + "map: something else entirely\n"
                + P + "map: IOMMU: iova=0x0000000000001000 - 0x0000000000003000 paddr=0x0000000000000000 size=4096\n";
        TraceReplay t = new TraceReplay().setDriverName("d0", "drv");
        t.replay(new StringReader(capture), "c.txt");
        ReplayResult r = t.finish();
        assertEquals(3, r.stats().failedMappings());
        assertEquals(5, r.stats().dmaEvents());
        assertEquals(2, r.stats().iommuEvents());
        assertEquals(1, r.stats().otherEvents());
        assertEquals(1, r.stats().malformedLines());
        assertEquals(0, t.iommuMappedBytes());
        assertEquals(0, r.liveMappings().size());
        assertEquals(1, r.findings().size());
        Finding f = r.findings().get(0);
        assertEquals(Finding.IOMMU_UNMAP_SHORT, f.checkId());
        assertEquals(7, f.line());
        assertEquals("iommu_unmap() unmapped 4096 of 8192 bytes at iova=0x00000000fe000000 (nothing or less was "
                + "mapped there)", f.message());
        String line9 = P + "map: IOMMU: iova=0x0000000000001000 - 0x0000000000003000 paddr=0x0000000000000000 size=4096";
        assertEquals("c.txt:9:" + (line9.length() + 1) + ": warning: cannot parse map payload: iova range and size "
                + "disagree (at the end of the line)", r.diagnostics().get(0).toString());
    }
}
