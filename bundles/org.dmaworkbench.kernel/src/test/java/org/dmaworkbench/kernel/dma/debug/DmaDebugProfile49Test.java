package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.junit.Test;

/**
 * The 4.9 lib/dma-debug.c differences: "DMA-API: " inside the message after the device, "Mapped at:" without
 * prefix, the separate "page" type and "scather-gather" spelling, a fixed pool, no EEXIST report, no dump file.
 */
public class DmaDebugProfile49Test extends DmaDebugFixture {

    @Override
    KernelProfile profile() {
        return KernelProfile.V4_9;
    }

    @Test
    public void initWithTheArm64Pool() {
        List<KernelLogRecord> log = new ArrayList<>();
        DmaDebug d = new DmaDebug(layout, log::add, KernelProfile.V4_9);
        assertEquals("DMA-API: preallocated 4096 debug entries", log.get(0).text());
        assertEquals("DMA-API: debugging enabled by kernel config", log.get(1).text());
        assertEquals(4096, d.numFreeEntries());
    }

    @Test
    public void prefixComesAfterTheDevice() {
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 4096, DmaDirection.TO_DEVICE);
        single("sh-sci e6e60000.serial: DMA-API: device driver tries to free DMA memory it has not allocated "
                + "[device address=0x00000000fff00000] [size=4096 bytes]");
    }

    @Test
    public void mapPageAndMapSingleAreDifferentTypes() {
        stack.push("sci_dma_tx_work_fn+0x9c/0x260");
        debug.debugDmaMapPage(serial, 0x48000000L, 0, 4096, DmaDirection.TO_DEVICE, 0xfff00000L, 0, false);
        stack.pop();
        debug.debugDmaMappingError(serial, 0xfff00000L);
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 4096, DmaDirection.TO_DEVICE, true);
        KernelLogRecord r = single("sh-sci e6e60000.serial: DMA-API: device driver frees DMA memory with wrong "
                + "function [device address=0x00000000fff00000] [size=4096 bytes] [mapped as page] "
                + "[unmapped as single]");
        assertEquals(List.of("Mapped at:", MAP_PAGE_FRAME, " sci_dma_tx_work_fn+0x9c/0x260"), r.mappedAt());
    }

    @Test
    public void mapSingleUnmapSingleIsSilent() {
        debug.debugDmaMapPage(serial, 0x48000000L, 0, 4096, DmaDirection.TO_DEVICE, 0xfff00000L, 0, true);
        debug.debugDmaMappingError(serial, 0xfff00000L);
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 4096, DmaDirection.TO_DEVICE, true);
        debug.debugDmaMapPage(serial, 0x48000000L, 0, 4096, DmaDirection.TO_DEVICE, 0xfff00000L, 0, false);
        debug.debugDmaMappingError(serial, 0xfff00000L);
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 4096, DmaDirection.TO_DEVICE, false);
        assertSilent();
    }

    @Test
    public void scatterGatherIsSpelledAsIn49() {
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x1000);
        sg[0].setDma(0xfff50000L, 0x1000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        debug.debugDmaUnmapPage(serial, 0xfff50000L, 0x1000, DmaDirection.TO_DEVICE, false);
        single("sh-sci e6e60000.serial: DMA-API: device driver frees DMA memory with wrong function "
                + "[device address=0x00000000fff50000] [size=4096 bytes] [mapped as scather-gather] "
                + "[unmapped as page]");
    }

    @Test
    public void noSegmentChecksIn49() {
        serial.setMaxSegmentSize(0x800);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x48300000L, 0, 0x1000);
        sg[0].setDma(0xfff50000L, 0x1000);
        debug.debugDmaMapSg(serial, sg, 1, 1, DmaDirection.TO_DEVICE, 0);
        assertSilent();
    }

    @Test
    public void overlapIsNotReportedIn49() {
        debug.debugDmaMapPage(serial, 0x48500000L, 0, 64, DmaDirection.FROM_DEVICE, 0xfff00000L, 0);
        debug.debugDmaMapPage(serial, 0x48500000L, 0, 64, DmaDirection.FROM_DEVICE, 0xfff01000L, 0);
        assertSilent();
    }

    @Test
    public void runningOutOfEntriesDisablesDmaDebug() {
        List<KernelLogRecord> log = new ArrayList<>();
        DmaDebug d = new DmaDebug(layout, log::add, KernelProfile.V4_9, stack, 2);
        log.clear();
        d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0xfff01000L, 0);
        assertFalse(d.isDisabled());
        d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0xfff02000L, 0);
        assertEquals(1, log.size());
        assertEquals("DMA-API: debugging out of memory - disabling", log.get(0).text());
        assertEquals(KernelLogRecord.Level.ERR, log.get(0).level());
        assertTrue(d.isDisabled());
        assertEquals(2, d.nrTotalEntries());
        d.debugDmaUnmapResource(dmac, 0xdead0000L, 4, DmaDirection.TO_DEVICE);
        assertEquals(1, log.size());
    }

    @Test
    public void unbindReportIn49() {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.FROM_DEVICE, 0xfef00000L, 0);
        debug.driverUnbound(dmac);
        single("platform e7300000.dma-controller: DMA-API: device driver has pending DMA allocations while "
                + "released from device [count=1]\nOne of leaked entries details: [device address=0x00000000fef00000] "
                + "[size=4 bytes] [mapped with DMA_FROM_DEVICE] [mapped as resource]");
    }

    @Test
    public void noDumpFileIn49() throws IOException {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.FROM_DEVICE, 0xfef00000L, 0);
        StringBuilder sb = new StringBuilder();
        debug.dump(sb);
        assertEquals("", sb.toString());
        assertFalse(debug.hasDumpFile());
    }
}
