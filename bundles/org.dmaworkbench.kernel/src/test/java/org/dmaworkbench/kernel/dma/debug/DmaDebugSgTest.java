package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.junit.Test;

/** debug_dma_map_sg(), debug_dma_unmap_sg(), debug_dma_sync_sg_*() and check_sg_segment(). */
public class DmaDebugSgTest extends DmaDebugFixture {
    static final String SERIAL = "DMA-API: sh-sci e6e60000.serial: ";

    /** three CPU entries merged by the IOMMU into two DMA segments */
    private Scatterlist[] sg() {
        Scatterlist[] sg = Scatterlist.table(3);
        sg[0].setPage(0x48300000L, 0, 0x1000);
        sg[1].setPage(0x48301000L, 0, 0x1000);
        sg[2].setPage(0x48400000L, 0x200, 0x600);
        sg[0].setDma(0xfff50000L, 0x2000);
        sg[1].setDma(0xfff52000L, 0x600);
        return sg;
    }

    @Test
    public void mapAndUnmapSgIsSilent() {
        Scatterlist[] sg = sg();
        debug.debugDmaMapSg(serial, sg, 3, 2, DmaDirection.FROM_DEVICE, 0);
        assertEquals(2, debug.liveEntries());
        debug.debugDmaSyncSgForCpu(serial, sg, 3, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSgForDevice(serial, sg, 3, DmaDirection.FROM_DEVICE);
        debug.debugDmaUnmapSg(serial, sg, 3, DmaDirection.FROM_DEVICE);
        assertSilent();
        assertEquals(0, debug.liveEntries());
        assertEquals(65536, debug.numFreeEntries());
        assertEquals(65534, debug.minFreeEntries());
    }

    @Test
    public void unmapSgWithDifferentEntryCount() {
        Scatterlist[] sg = sg();
        stack.push("sci_dma_rx_push+0x38/0x1f0");
        debug.debugDmaMapSg(serial, sg, 3, 2, DmaDirection.FROM_DEVICE, 0);
        stack.pop();
        debug.debugDmaUnmapSg(serial, sg, 2, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver frees DMA sg list with different entry count "
                + "[map count=3] [unmap count=2]");
        assertEquals(DmaDebugCheck.FREE_SG_DIFFERENT_ENTRY_COUNT, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", MAP_SG_FRAME, " sci_dma_rx_push+0x38/0x1f0"), r.mappedAt());
        assertEquals(2, debug.errorCount()); // one per mapped segment
        assertEquals(0, debug.liveEntries());
    }

    @Test
    public void sgUnmappedWithUnmapPage() {
        Scatterlist[] sg = sg();
        debug.debugDmaMapSg(serial, sg, 3, 2, DmaDirection.FROM_DEVICE, 0);
        debug.debugDmaUnmapPage(serial, 0xfff52000L, 0x600, DmaDirection.FROM_DEVICE);
        single(SERIAL + "device driver frees DMA memory with wrong function [device address=0x00000000fff52000] "
                + "[size=1536 bytes] [mapped as scatter-gather] [unmapped as single]");
    }

    @Test
    public void syncSgWithDifferentEntryCount() {
        Scatterlist[] sg = sg();
        debug.debugDmaMapSg(serial, sg, 3, 2, DmaDirection.FROM_DEVICE, 0);
        debug.debugDmaSyncSgForCpu(serial, sg, 2, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver syncs DMA sg list with different entry count "
                + "[map count=3] [sync count=2]");
        assertEquals(DmaDebugCheck.SYNC_SG_DIFFERENT_ENTRY_COUNT, r.check());
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void syncSgOfUnmappedListChecksNothing() {
        // get_nr_mapped_entries() finds nothing, so the loop stops before the first check
        debug.debugDmaSyncSgForCpu(serial, sg(), 3, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void unmapSgOfUnmappedListReportsEveryEntry() {
        debug.setAllErrors(true);
        debug.debugDmaUnmapSg(serial, sg(), 2, DmaDirection.FROM_DEVICE);
        assertEquals(List.of(
                SERIAL + "device driver tries to free DMA memory it has not allocated "
                        + "[device address=0x00000000fff50000] [size=8192 bytes]",
                SERIAL + "device driver tries to free DMA memory it has not allocated "
                        + "[device address=0x00000000fff52000] [size=1536 bytes]"),
                texts());
    }

    @Test
    public void segmentLongerThanTheDeviceSupports() {
        serial.setMaxSegmentSize(0x1000);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x2000);
        sg[0].setDma(0xfff50000L, 0x2000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        KernelLogRecord r = single(
                SERIAL + "mapping sg segment longer than device claims to support [len=8192] [max=4096]");
        assertEquals(DmaDebugCheck.SG_SEGMENT_TOO_LONG, r.check());
        assertEquals(List.of(), r.mappedAt());
    }

    @Test
    public void segmentAcrossTheBoundary() {
        serial.setSegmentBoundaryMask(0xffffL);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x2000);
        sg[0].setDma(0xfff5f000L, 0x2000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        KernelLogRecord r = single(SERIAL + "mapping sg segment across boundary [start=0x00000000fff5f000] "
                + "[end=0x00000000fff60fff] [boundary=0x000000000000ffff]");
        assertEquals(DmaDebugCheck.SG_SEGMENT_ACROSS_BOUNDARY, r.check());
    }

    @Test
    public void segmentEndingExactlyAtTheBoundaryIsSilent() {
        serial.setSegmentBoundaryMask(0xffffL);
        serial.setMaxSegmentSize(0x2000);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x2000);
        sg[0].setDma(0xfff5e000L, 0x2000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        assertSilent();
    }

    @Test
    public void segmentChecksOffWithoutDmaApiDebugSg() {
        debug.setDebugSg(false);
        serial.setMaxSegmentSize(0x1000);
        serial.setSegmentBoundaryMask(0xffffL);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x2000);
        sg[0].setDma(0xfff5f000L, 0x2000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        assertSilent();
    }
}
