package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/** The dma_active_cacheline tracking of add_dma_entry() / dma_entry_free(). */
public class DmaDebugOverlapTest extends DmaDebugFixture {
    static final long PAGE = 0x48500000L;

    private void mapRx(long dma, long attrs) {
        debug.debugDmaMapPage(serial, PAGE, 0, 64, DmaDirection.FROM_DEVICE, dma, attrs);
        debug.debugDmaMappingError(serial, dma);
    }

    @Test
    public void overlappingMappingsTheDeviceWrites() {
        mapRx(0xfff00000L, 0);
        stack.push("sci_dma_rx_push+0x38/0x1f0");
        mapRx(0xfff01000L, 0);
        KernelLogRecord r = single("DMA-API: sh-sci e6e60000.serial: cacheline tracking EEXIST, "
                + "overlapping mappings aren't supported");
        assertEquals(DmaDebugCheck.OVERLAPPING_MAPPING, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME, " sci_dma_rx_push+0x38/0x1f0"), r.mappedAt());
        assertEquals(2, debug.liveEntries());
    }

    @Test
    public void overlapInAnotherCachelineOfThePageIsSilent() {
        mapRx(0xfff00000L, 0);
        debug.debugDmaMapPage(serial, PAGE, 64, 64, DmaDirection.FROM_DEVICE, 0xfff01040L, 0);
        assertSilent();
    }

    @Test
    public void overlapWithoutDeviceWritesOrWithSkipCpuSyncIsSilent() {
        debug.debugDmaMapPage(serial, PAGE, 0, 64, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        debug.debugDmaMapPage(serial, PAGE, 0, 64, DmaDirection.TO_DEVICE, 0xfff01000L, 0);
        mapRx(0xfff02000L, 0);
        mapRx(0xfff03000L, DmaAttrs.SKIP_CPU_SYNC);
        assertSilent();
    }

    @Test
    public void overlapOnADeviceBouncedBySwiotlbIsSilent() {
        debug.setSwiotlbActive(d -> d == serial);
        mapRx(0xfff00000L, 0);
        mapRx(0xfff01000L, 0);
        assertSilent();
    }

    @Test
    public void overlapEndsWithTheUnmap() {
        mapRx(0xfff00000L, 0);
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 64, DmaDirection.FROM_DEVICE);
        mapRx(0xfff01000L, 0);
        assertSilent();
    }

    @Test
    public void overlapCounterSaturatesAtSevenWithOneWarning() {
        debug.setNumErrors(0);
        for (int i = 0; i < 10; i++) {
            mapRx(0xfff00000L + i * 0x1000L, 0);
        }
        // cacheline number of 0x48500000 = 0x48500000 >> 6 = 0x1214000
        KernelLogRecord r = single("DMA-API: exceeded 7 overlapping mappings of cacheline 0x0000000001214000");
        assertEquals(DmaDebugCheck.OVERLAP_LIMIT_EXCEEDED, r.check());
        assertEquals(9, debug.errorCount()); // EEXIST for maps 2..10, the WARN_ONCE is not err_printk
        records.clear();

        // saturated at 7: the 8th unmap already deletes the cacheline, so a new map no longer overlaps
        for (int i = 0; i < 8; i++) {
            debug.debugDmaUnmapPage(serial, 0xfff00000L + i * 0x1000L, 64, DmaDirection.FROM_DEVICE);
        }
        debug.setNumErrors(5);
        mapRx(0xfff20000L, 0);
        assertEquals(List.of(), texts());
        assertEquals(9, debug.errorCount());
        mapRx(0xfff21000L, 0);
        assertEquals(List.of("DMA-API: sh-sci e6e60000.serial: cacheline tracking EEXIST, overlapping mappings "
                + "aren't supported"), texts());
    }
}
