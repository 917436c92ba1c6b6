package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/** check_unmap() and err_printk() for dma_map_single/page, dma_map_resource and dma_alloc_coherent mappings. */
public class DmaDebugUnmapTest extends DmaDebugFixture {
    static final long PAGE = 0x48000000L;
    static final long DMA = 0xfff00100L;
    static final String SERIAL = "DMA-API: sh-sci e6e60000.serial: ";

    private void mapSerialTx() {
        stack.push("sci_dma_tx_work_fn+0x9c/0x260");
        stack.push("dma_map_page_attrs+0x1c/0x2a0");
        debug.debugDmaMapPage(serial, PAGE, 0x100, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        stack.pop();
        stack.pop();
    }

    private static List<String> mappedAtSerialTx() {
        return List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME, " dma_map_page_attrs+0x1c/0x2a0",
                " sci_dma_tx_work_fn+0x9c/0x260");
    }

    @Test
    public void initLogsPreallocationAndCountsThePool() {
        List<KernelLogRecord> init = new ArrayList<>();
        DmaDebug d = new DmaDebug(layout, init::add, KernelProfile.V6_12);
        assertEquals(2, init.size());
        assertEquals("DMA-API: preallocated 65536 debug entries", init.get(0).text());
        assertEquals("DMA-API: debugging enabled by kernel config", init.get(1).text());
        assertEquals(KernelLogRecord.Level.INFO, init.get(0).level());
        assertEquals(65536, d.nrTotalEntries());
        assertEquals(65536, d.numFreeEntries());
        assertEquals(65536, d.minFreeEntries());
        assertEquals(0, d.errorCount());
        assertEquals(1, d.numErrors());
        assertFalse(d.allErrors());
        assertFalse(d.isDisabled());
        assertEquals("", d.driverFilter());
    }

    @Test
    public void mapCheckedThenUnmappedIsSilent() {
        mapSerialTx();
        assertEquals(1, debug.liveEntries());
        assertEquals(65535, debug.numFreeEntries());
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        assertSilent();
        assertEquals(0, debug.liveEntries());
        assertEquals(65536, debug.numFreeEntries());
        assertEquals(65535, debug.minFreeEntries());
    }

    @Test
    public void unmapOfUnmappedAddress() {
        debug.debugDmaUnmapPage(serial, 0xfff00000L, 4096, DmaDirection.TO_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x00000000fff00000] [size=4096 bytes]");
        assertEquals(DmaDebugCheck.FREE_NOT_ALLOCATED, r.check());
        assertEquals(KernelLogRecord.Level.WARNING, r.level());
        assertEquals(List.of(), r.mappedAt());
        assertEquals(serial, r.device());
        assertEquals(1, debug.errorCount());
        assertEquals(0, debug.numErrors());
    }

    @Test
    public void unmapOfMappingErrorAddress() {
        debug.debugDmaUnmapPage(serial, DmaAttrs.DMA_MAPPING_ERROR, 4096, DmaDirection.TO_DEVICE);
        assertEquals(DmaDebugCheck.FREE_INVALID_ADDRESS,
                single(SERIAL + "device driver tries to free an invalid DMA memory address").check());
    }

    @Test
    public void failedMappingIsNotRecorded() {
        debug.debugDmaMapPage(serial, PAGE, 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.DMA_MAPPING_ERROR, 0);
        assertSilent();
        assertEquals(0, debug.liveEntries());
        assertEquals(65536, debug.numFreeEntries());
    }

    @Test
    public void unmapWithDifferentSize() {
        mapSerialTx();
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 4096, DmaDirection.TO_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver frees DMA memory with different size "
                + "[device address=0x00000000fff00100] [map size=2048 bytes] [unmap size=4096 bytes]");
        assertEquals(DmaDebugCheck.FREE_DIFFERENT_SIZE, r.check());
        assertEquals(mappedAtSerialTx(), r.mappedAt());
        assertEquals(0, debug.liveEntries());
    }

    @Test
    public void unmapWithWrongFunction() {
        mapSerialTx();
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapResource(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver frees DMA memory with wrong function "
                + "[device address=0x00000000fff00100] [size=2048 bytes] [mapped as single] [unmapped as resource]");
        assertEquals(DmaDebugCheck.FREE_WRONG_FUNCTION, r.check());
        assertEquals(mappedAtSerialTx(), r.mappedAt());
    }

    @Test
    public void unmapWithDifferentDirection() {
        mapSerialTx();
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver frees DMA memory with different direction "
                + "[device address=0x00000000fff00100] [size=2048 bytes] [mapped with DMA_TO_DEVICE] "
                + "[unmapped with DMA_FROM_DEVICE]");
        assertEquals(DmaDebugCheck.FREE_DIFFERENT_DIRECTION, r.check());
    }

    @Test
    public void unmapWithoutMappingErrorCheck() {
        mapSerialTx();
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver failed to check map error"
                + "[device address=0x00000000fff00100] [size=2048 bytes] [mapped as single]");
        assertEquals(DmaDebugCheck.MAP_ERROR_NOT_CHECKED, r.check());
        assertEquals(mappedAtSerialTx(), r.mappedAt());
        assertEquals(List.of(SERIAL + "device driver failed to check map error"
                + "[device address=0x00000000fff00100] [size=2048 bytes] [mapped as single]", "DMA-API: Mapped at:",
                MAP_PAGE_FRAME, " dma_map_page_attrs+0x1c/0x2a0", " sci_dma_tx_work_fn+0x9c/0x260"), r.lines());
    }

    @Test
    public void callTraceShowsWhereTheErrorWasDetected() {
        mapSerialTx();
        debug.debugDmaMappingError(serial, DMA);
        stack.push("sci_dma_tx_complete+0x40/0x1c0");
        stack.push("dma_unmap_page_attrs+0x30/0x1e0");
        debug.debugDmaUnmapPage(serial, DMA, 4096, DmaDirection.TO_DEVICE);
        assertEquals(List.of(" check_unmap+0x64/0x230", " debug_dma_unmap_page+0x1c0/0x278",
                " dma_unmap_page_attrs+0x30/0x1e0",
                " sci_dma_tx_complete+0x40/0x1c0"), records.get(0).callTrace());
    }

    @Test
    public void onlyNumErrorsErrorsArePrintedButAllAreCounted() {
        debug.debugDmaUnmapPage(serial, 0x1000, 4096, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapPage(serial, 0x2000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(1, records.size());
        assertEquals(2, debug.errorCount());
        assertEquals(0, debug.numErrors());
        debug.setNumErrors(2);
        debug.debugDmaUnmapPage(serial, 0x3000, 4096, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapPage(serial, 0x4000, 4096, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapPage(serial, 0x5000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(3, records.size());
        assertEquals(SERIAL + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000004000] [size=4096 bytes]", records.get(2).text());
        assertEquals(5, debug.errorCount());
    }

    @Test
    public void allErrorsPrintsEveryError() {
        debug.setAllErrors(true);
        for (int i = 1; i <= 3; i++) {
            debug.debugDmaUnmapPage(serial, i * 0x1000L, 4096, DmaDirection.TO_DEVICE);
        }
        assertEquals(3, records.size());
        assertEquals(1, debug.numErrors());
        assertEquals(3, debug.errorCount());
    }

    @Test
    public void driverFilterShowsOnlyTheNamedDriver() {
        debug.setDriverFilter("rcar-dmac\n");
        assertEquals(List.of("DMA-API: enable driver filter for driver [rcar-dmac]"), texts());
        assertEquals(DmaDebugCheck.DRIVER_FILTER_CHANGED, records.get(0).check());
        assertEquals("rcar-dmac\n", debug.driverFilter());
        records.clear();
        debug.setAllErrors(true);
        debug.debugDmaUnmapPage(serial, 0x1000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        debug.debugDmaUnmapPage(dmac, 0x2000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(List.of("DMA-API: rcar-dmac e7300000.dma-controller: device driver tries to free DMA memory "
                + "it has not allocated [device address=0x0000000000002000] [size=4096 bytes]"), texts());
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void filteredErrorsStillUseUpNumErrors() {
        debug.setDriverFilter("rcar-dmac");
        records.clear();
        debug.debugDmaUnmapPage(serial, 0x1000, 4096, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapPage(dmac, 0x2000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void driverFilterTakesTheFirstTokenAndNonAlnumSwitchesItOff() {
        debug.setDriverFilter("sh-sci extra words");
        assertEquals("sh-sci\n", debug.driverFilter());
        debug.setDriverFilter("\n");
        assertEquals("", debug.driverFilter());
        debug.setDriverFilter("-off");
        assertEquals(List.of("DMA-API: enable driver filter for driver [sh-sci]",
                "DMA-API: switching off dma-debug driver filter"), texts());
    }

    @Test
    public void disabledDmaDebugChecksNothing() {
        debug.setDisabled(true);
        assertTrue(debug.isDisabled());
        mapSerialTx();
        debug.debugDmaUnmapPage(serial, 0x1000, 4096, DmaDirection.TO_DEVICE);
        assertSilent();
        assertEquals(0, debug.liveEntries());
    }

    @Test
    public void sameAddressMappedTwiceIsMatchedBestFit() {
        debug.debugDmaMapPage(serial, PAGE, 0, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaMapPage(serial, PAGE + 0x1000, 0, 4096, DmaDirection.FROM_DEVICE, DMA, 0);
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 4096, DmaDirection.FROM_DEVICE);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        assertSilent();
    }

    @Test
    public void ambiguousMatchesCountAsNotAllocated() {
        debug.debugDmaMapPage(serial, PAGE, 0, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapPage(serial, PAGE + 0x1000, 0, 4096, DmaDirection.FROM_DEVICE, DMA, 0);
        // matches both partly (level 2 each), neither perfectly: __hash_bucket_find() gives up
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.FROM_DEVICE);
        single(SERIAL + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x00000000fff00100] [size=2048 bytes]");
        assertEquals(2, debug.liveEntries());
    }

    @Test
    public void mappingErrorMarksOnlyTheFirstUncheckedEntry() {
        // debug_dma_map_resource() does not call dma_mapping_error(): two unchecked entries at one address
        // (towards the device, so no cacheline overlap is reported)
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.TO_DEVICE, 0xfef00000L, 0);
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.TO_DEVICE, 0xfef00000L, 0);
        debug.debugDmaMappingError(dmac, 0xfef00000L);
        debug.debugDmaUnmapResource(dmac, 0xfef00000L, 1, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        debug.debugDmaUnmapResource(dmac, 0xfef00000L, 1, DmaDirection.TO_DEVICE);
        single("DMA-API: rcar-dmac e7300000.dma-controller: device driver failed to check map error"
                + "[device address=0x00000000fef00000] [size=1 bytes] [mapped as resource]");
    }

    @Test
    public void mappingThePageAgainChecksTheOlderEntry() {
        // debug_dma_map_page() starts with dma_mapping_error(), i.e. debug_dma_mapping_error(): the first mapping
        // is marked checked by the second, which the driver then checks itself
        debug.debugDmaMapPage(serial, PAGE, 0, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapPage(serial, PAGE, 0, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        assertSilent();
    }

    @Test
    public void anotherDevicesMappingDoesNotMatch() {
        debug.debugDmaMapPage(dmac, PAGE, 0, 2048, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaUnmapPage(serial, DMA, 2048, DmaDirection.TO_DEVICE);
        single(SERIAL + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x00000000fff00100] [size=2048 bytes]");
    }

    // ---- dma_map_resource ----

    @Test
    public void resourceMapCheckedAndUnmappedIsSilent() {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.BIDIRECTIONAL, 0xfef00000L, 0);
        debug.debugDmaMappingError(dmac, 0xfef00000L);
        debug.debugDmaUnmapResource(dmac, 0xfef00000L, 1, DmaDirection.BIDIRECTIONAL);
        assertSilent();
        assertEquals(0, debug.liveEntries());
    }

    @Test
    public void resourceMapNotChecked() {
        stack.push("rcar_dmac_prep_slave_sg+0x50/0x100");
        stack.push("dma_map_resource+0x60/0x110");
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.BIDIRECTIONAL, 0xfef00000L, 0);
        debug.debugDmaUnmapResource(dmac, 0xfef00000L, 1, DmaDirection.BIDIRECTIONAL);
        KernelLogRecord r = single("DMA-API: rcar-dmac e7300000.dma-controller: device driver failed to check "
                + "map error[device address=0x00000000fef00000] [size=1 bytes] [mapped as resource]");
        assertEquals(List.of("DMA-API: Mapped at:", MAP_RESOURCE_FRAME, " dma_map_resource+0x60/0x110",
                " rcar_dmac_prep_slave_sg+0x50/0x100"), r.mappedAt());
    }

    @Test
    public void resourceUnmappedAsSingle() {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.BIDIRECTIONAL, 0xfef00000L, 0);
        debug.debugDmaMappingError(dmac, 0xfef00000L);
        debug.debugDmaUnmapPage(dmac, 0xfef00000L, 1, DmaDirection.BIDIRECTIONAL);
        single("DMA-API: rcar-dmac e7300000.dma-controller: device driver frees DMA memory with wrong function "
                + "[device address=0x00000000fef00000] [size=1 bytes] [mapped as resource] [unmapped as single]");
    }

    // ---- dma_alloc_coherent ----

    @Test
    public void coherentAllocAndFreeIsSilent() {
        long virt = TestLayout.linear(0x48100000L);
        debug.debugDmaAllocCoherent(serial, 8192, 0xfff10000L, virt, 0);
        assertEquals(1, debug.liveEntries());
        debug.debugDmaFreeCoherent(serial, 8192, virt, 0xfff10000L);
        assertSilent();
        assertEquals(0, debug.liveEntries());
    }

    @Test
    public void coherentFreeWithDifferentCpuAddress() {
        stack.push("sci_alloc_buffers+0x70/0x180");
        debug.debugDmaAllocCoherent(serial, 8192, 0xfff10000L, TestLayout.linear(0x48100000L), 0);
        debug.debugDmaFreeCoherent(serial, 8192, TestLayout.linear(0x48102000L), 0xfff10000L);
        KernelLogRecord r = single(SERIAL + "device driver frees DMA memory with different CPU address "
                + "[device address=0x00000000fff10000] [size=8192 bytes] [cpu alloc address=0x0x0000000048100000] "
                + "[cpu free address=0x0x0000000048102000]");
        assertEquals(DmaDebugCheck.FREE_DIFFERENT_CPU_ADDRESS, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", ALLOC_COHERENT_FRAME, " sci_alloc_buffers+0x70/0x180"),
                r.mappedAt());
    }

    @Test
    public void coherentFreedWithUnmapPage() {
        debug.debugDmaAllocCoherent(serial, 8192, 0xfff10000L, TestLayout.linear(0x48100000L), 0);
        debug.debugDmaUnmapPage(serial, 0xfff10000L, 8192, DmaDirection.BIDIRECTIONAL);
        single(SERIAL + "device driver frees DMA memory with wrong function [device address=0x00000000fff10000] "
                + "[size=8192 bytes] [mapped as coherent] [unmapped as single]");
    }

    @Test
    public void coherentFromVmallocIsTracked() {
        long virt = TestLayout.VMALLOC_START + 0x3000;
        debug.debugDmaAllocCoherent(serial, 4096, 0xfff10000L, virt, 0);
        debug.debugDmaFreeCoherent(serial, 4096, virt, 0xfff10000L);
        assertSilent();
    }

    @Test
    public void coherentWithNullOrInvalidCpuAddressIsIgnored() {
        debug.debugDmaAllocCoherent(serial, 4096, 0xfff10000L, 0, 0);
        debug.debugDmaAllocCoherent(serial, 4096, 0xfff20000L, 0x0000aaaa00001000L, 0);
        assertEquals(0, debug.liveEntries());
        debug.debugDmaFreeCoherent(serial, 4096, 0x0000aaaa00001000L, 0xfff20000L);
        assertSilent();
    }

    @Test
    public void recordWithoutDeviceNamesNull() {
        debug.debugDmaUnmapPage(null, 0x1000, 4096, DmaDirection.TO_DEVICE);
        KernelLogRecord r = single("DMA-API: NULL NULL: device driver tries to free DMA memory it has not "
                + "allocated [device address=0x0000000000001000] [size=4096 bytes]");
        assertNull(r.device());
    }
}
