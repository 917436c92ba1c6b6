package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/** The unbind leak report, the dump file, debug_dma_dump_mappings() and the entry pool counters. */
public class DmaDebugStateTest extends DmaDebugFixture {

    private void mapThree() {
        debug.debugDmaMapPage(serial, 0x48000000L, 0x100, 0x800, DmaDirection.TO_DEVICE, 0xfff80000L, 0);
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.BIDIRECTIONAL, 0xfff00000L, 0);
        debug.debugDmaMappingError(dmac, 0xfff00000L);
        debug.debugDmaAllocCoherent(serial, 0x2000, 0xfff10000L, TestLayout.linear(0x48100000L), 0);
    }

    @Test
    public void unbindWithPendingMappingsReportsTheCountAndTheLastEntry() {
        stack.push("sci_startup+0x20/0x90");
        mapThree();
        stack.pop();
        serial.setDriverName(null); // the driver core detaches the driver before BUS_NOTIFY_UNBOUND_DRIVER
        debug.driverUnbound(serial);
        // hash order: coherent 0xfff10000 is in bucket 16264, the single at 0xfff80000 in 16320: it is last
        KernelLogRecord r = single("DMA-API: platform e6e60000.serial: device driver has pending DMA allocations "
                + "while released from device [count=2]\nOne of leaked entries details: "
                + "[device address=0x00000000fff80000] [size=2048 bytes] [mapped with DMA_TO_DEVICE] "
                + "[mapped as single]");
        assertEquals(DmaDebugCheck.PENDING_AT_UNBIND, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME, " sci_startup+0x20/0x90"), r.mappedAt());
        assertEquals(List.of("DMA-API: platform e6e60000.serial: device driver has pending DMA allocations "
                + "while released from device [count=2]", "One of leaked entries details: "
                + "[device address=0x00000000fff80000] [size=2048 bytes] [mapped with DMA_TO_DEVICE] "
                + "[mapped as single]", "DMA-API: Mapped at:", MAP_PAGE_FRAME, " sci_startup+0x20/0x90"),
                r.lines());
    }

    @Test
    public void unbindingSeveralDevicesInOneWalkReportsEachAsItsOwnUnbindWould() {
        debug.setAllErrors(true); // num_errors (1 by default) would print only the first report
        mapThree();
        serial.setDriverName(null);
        dmac.setDriverName(null);
        // the serial port first, then the DMAC, and a device without entries (the DMAC again: already reported)
        debug.driversUnbound(List.of(serial, dmac, dmac), "platform");
        // serial: as in the test above (2 entries, the single in bucket 16320 last); dmac: its one resource entry
        assertEquals(List.of("DMA-API: platform e6e60000.serial: device driver has pending DMA allocations "
                + "while released from device [count=2]\nOne of leaked entries details: "
                + "[device address=0x00000000fff80000] [size=2048 bytes] [mapped with DMA_TO_DEVICE] "
                + "[mapped as single]", "DMA-API: platform e7300000.dma-controller: device driver has pending DMA "
                + "allocations while released from device [count=1]\nOne of leaked entries details: "
                + "[device address=0x00000000fff00000] [size=4 bytes] [mapped with DMA_BIDIRECTIONAL] "
                + "[mapped as resource]"), texts());
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void unbindWithoutMappingsIsSilent() {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.BIDIRECTIONAL, 0xfff00000L, 0);
        debug.driverUnbound(serial);
        assertSilent();
    }

    @Test
    public void unbindReportIsNeverShownWithADriverFilter() {
        debug.setDriverFilter("sh-sci");
        records.clear();
        mapThree();
        debug.driverUnbound(serial);
        assertEquals(List.of(), texts());
        assertEquals(1, debug.errorCount());
    }

    @Test
    public void dumpListsEntriesBucketByBucket() throws IOException {
        mapThree();
        StringBuilder sb = new StringBuilder();
        debug.dump(sb);
        assertEquals("rcar-dmac e7300000.dma-controller resource idx 16256 P=0x00000000e6e6000c D=fff00000 L=4 "
                + "cln=0x00000000039b9800 DMA_BIDIRECTIONAL dma map error checked\n"
                + "sh-sci e6e60000.serial coherent idx 16264 P=0x0000000048100000 D=fff10000 L=2000 "
                + "cln=0x0000000001204000 DMA_BIDIRECTIONAL dma map error check not applicable\n"
                + "sh-sci e6e60000.serial single idx 16320 P=0x0000000048000100 D=fff80000 L=800 "
                + "cln=0x0000000001200004 DMA_TO_DEVICE dma map error not checked\n", sb.toString());
        assertTrue(debug.hasDumpFile());
    }

    @Test
    public void dumpKeepsInsertionOrderWithinABucket() throws IOException {
        debug.debugDmaMapPage(serial, 0x48001000L, 0, 0x1000, DmaDirection.TO_DEVICE, 0xfff81000L, 0);
        debug.debugDmaMapPage(serial, 0x48000000L, 0, 0x1000, DmaDirection.TO_DEVICE, 0xfff80000L, 0);
        StringBuilder sb = new StringBuilder();
        debug.dump(sb);
        assertEquals("sh-sci e6e60000.serial single idx 16320 P=0x0000000048001000 D=fff81000 L=1000 "
                + "cln=0x0000000001200040 DMA_TO_DEVICE dma map error not checked\n"
                + "sh-sci e6e60000.serial single idx 16320 P=0x0000000048000000 D=fff80000 L=1000 "
                + "cln=0x0000000001200000 DMA_TO_DEVICE dma map error not checked\n", sb.toString());
    }

    @Test
    public void dumpOfNothingIsEmpty() throws IOException {
        StringBuilder sb = new StringBuilder();
        debug.dump(sb);
        assertEquals("", sb.toString());
    }

    @Test
    public void dumpMappingsLogsOneDevInfoLinePerEntryOfTheDevice() {
        mapThree();
        debug.debugDmaDumpMappings(serial);
        assertEquals(List.of(
                "sh-sci e6e60000.serial: coherent idx 16264 P=0x0000000048100000 D=fff10000 L=2000 "
                        + "cln=0x0000000001204000 DMA_BIDIRECTIONAL dma map error check not applicable",
                "sh-sci e6e60000.serial: single idx 16320 P=0x0000000048000100 D=fff80000 L=800 "
                        + "cln=0x0000000001200004 DMA_TO_DEVICE dma map error not checked"),
                texts());
        assertEquals(KernelLogRecord.Level.INFO, records.get(0).level());
    }

    @Test
    public void poolGrowsByAPageOfEntriesAndShoutsAtMultiplesOfThePreallocation() {
        List<KernelLogRecord> log = new ArrayList<>();
        DmaDebug d = new DmaDebug(layout, log::add, KernelProfile.V6_12, stack, 64);
        assertEquals("DMA-API: preallocated 64 debug entries", log.get(0).text());
        log.clear();
        for (int i = 0; i < 64; i++) {
            d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0x10000000L + i * 0x1000L, 0);
        }
        assertEquals(0, d.numFreeEntries());
        assertEquals(0, d.minFreeEntries());
        assertEquals(64, d.nrTotalEntries());
        d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0x10040000L, 0);
        assertEquals(31, d.numFreeEntries());
        assertEquals(96, d.nrTotalEntries());
        assertEquals(List.of(), log); // 96 % 64 = 32 is not below DMA_DEBUG_DYNAMIC_ENTRIES
        for (int i = 65; i < 96; i++) {
            d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0x10000000L + i * 0x1000L, 0);
        }
        assertEquals(0, d.numFreeEntries());
        d.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, 0x10060000L, 0);
        assertEquals(1, log.size());
        assertEquals("DMA-API: dma_debug_entry pool grown to 128 (200%)", log.get(0).text());
        assertEquals(DmaDebugCheck.POOL_GROWN, log.get(0).check());
        assertEquals(31, d.numFreeEntries());
        assertEquals(128, d.nrTotalEntries());
        assertEquals(97, d.liveEntries());
        for (int i = 0; i < 96; i++) {
            long dma = i == 64 ? 0x10040000L : 0x10000000L + i * 0x1000L;
            d.debugDmaMappingError(dmac, dma);
            d.debugDmaUnmapResource(dmac, dma, 4, DmaDirection.TO_DEVICE);
        }
        assertEquals(127, d.numFreeEntries());
        assertEquals(0, d.minFreeEntries());
        assertEquals(1, d.liveEntries());
        assertEquals(0, d.errorCount());
    }

    @Test
    public void preallocationIsRoundedUpToWholePages() {
        List<KernelLogRecord> log = new ArrayList<>();
        DmaDebug d = new DmaDebug(layout, log::add, KernelProfile.V6_12, stack, 100);
        assertEquals("DMA-API: preallocated 128 debug entries", log.get(0).text());
        assertEquals(128, d.numFreeEntries());
    }

    @Test
    public void savedStackKeepsTheHookAndFourInnermostFrames() {
        for (String f : new String[] { "a+0x4/0x10", "b+0x4/0x10", "c+0x4/0x10", "d+0x4/0x10", "e+0x4/0x10",
                "f+0x4/0x10" }) {
            stack.push(f);
        }
        debug.debugDmaMapPage(serial, 0x48000000L, 0, 0x1000, DmaDirection.TO_DEVICE, 0xfff80000L, 0);
        debug.debugDmaUnmapPage(serial, 0xfff80000L, 0x1000, DmaDirection.TO_DEVICE);
        assertEquals(List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME, " f+0x4/0x10", " e+0x4/0x10", " d+0x4/0x10",
                " c+0x4/0x10"), records.get(0).mappedAt());
    }

    @Test
    public void manyLiveMappingsStayFindable() {
        int n = 20000;
        for (int i = 0; i < n; i++) {
            long dma = 0x100000000L + i * 0x1000L;
            debug.debugDmaMapPage(serial, 0x48000000L + (i % 1000) * 0x1000L, 0, 0x1000, DmaDirection.TO_DEVICE,
                    dma, 0);
            debug.debugDmaMappingError(serial, dma);
        }
        assertEquals(n, debug.liveEntries());
        for (int i = n - 1; i >= 0; i -= 2) {
            debug.debugDmaUnmapPage(serial, 0x100000000L + i * 0x1000L, 0x1000, DmaDirection.TO_DEVICE);
        }
        for (int i = 0; i < n; i += 2) {
            debug.debugDmaUnmapPage(serial, 0x100000000L + i * 0x1000L, 0x1000, DmaDirection.TO_DEVICE);
        }
        assertSilent();
        assertEquals(0, debug.liveEntries());
        assertEquals(65536, debug.numFreeEntries());
        assertEquals(65536 - n, debug.minFreeEntries());
    }
}
