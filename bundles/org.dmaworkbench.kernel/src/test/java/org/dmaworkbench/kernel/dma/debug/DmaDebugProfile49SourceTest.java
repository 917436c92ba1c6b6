package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/**
 * 4.9 lib/dma-debug.c behaviour found by reading the 4.9 source against the model: the range-sync hooks
 * {@code debug_dma_sync_single_range_for_{cpu,device}()} check {@code (addr, offset + size)};
 * {@code bucket_find_contain()} walks back {@code dma_get_max_seg_size()} bytes (64 KiB without dma_parms or for a
 * zero max_segment_size); {@code debug_dma_map_page()} and {@code check_unmap()} run
 * {@code debug_dma_mapping_error()} through {@code dma_mapping_error()}.
 */
public class DmaDebugProfile49SourceTest extends DmaDebugFixture {
    static final long PAGE = 0x48000000L;
    static final long DMA = 0xfff00000L;
    static final String SERIAL = "sh-sci e6e60000.serial: DMA-API: ";

    @Override
    KernelProfile profile() {
        return KernelProfile.V4_9;
    }

    private void mapSingle(long size, DmaDirection dir) {
        debug.debugDmaMapPage(serial, PAGE, 0, size, dir, DMA, 0, true);
        debug.debugDmaMappingError(serial, DMA);
    }

    @Test
    public void rangeSyncForCpuIsCheckedFromTheStartWithOffsetPlusSize() {
        mapSingle(0x100, DmaDirection.FROM_DEVICE);
        stack.push("sci_dma_rx_complete");
        debug.debugDmaSyncSingleRangeForCpu(serial, DMA, 0xf0, 0x20, DmaDirection.FROM_DEVICE);
        stack.pop();
        // looked up as 0x110 bytes from the start, which the 0x100-byte mapping does not contain
        KernelLogRecord r = single(SERIAL + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x00000000fff00000] [size=272 bytes]");
        assertEquals(DmaDebugCheck.SYNC_NOT_ALLOCATED, r.check());
        assertEquals(List.of(KernelCallStack.format("check_sync", null),
                KernelCallStack.format("debug_dma_sync_single_range_for_cpu", null),
                stack.lineFor("sci_dma_rx_complete")), r.callTrace());
    }

    @Test
    public void rangeSyncForDeviceNamesTheMappingsStartAddress() {
        mapSingle(0x100, DmaDirection.TO_DEVICE);
        debug.debugDmaSyncSingleRangeForDevice(serial, DMA, 0x40, 0x10, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver syncs DMA memory with different direction "
                + "[device address=0x00000000fff00000] [size=256 bytes] [mapped with DMA_TO_DEVICE] "
                + "[synced with DMA_FROM_DEVICE]");
        assertEquals(KernelCallStack.format("debug_dma_sync_single_range_for_device", null), r.callTrace().get(1));
    }

    @Test
    public void rangeSyncOfNothingPrintsTheStartAndOffsetPlusSize() {
        debug.debugDmaSyncSingleRangeForCpu(serial, DMA, 0x800, 0x40, DmaDirection.FROM_DEVICE);
        single(SERIAL + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x00000000fff00000] [size=2112 bytes]");
    }

    @Test
    public void rangeSyncInsideTheMappingIsSilent() {
        mapSingle(0x100, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSingleRangeForCpu(serial, DMA, 0x80, 0x80, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSingleRangeForDevice(serial, DMA, 0, 0x100, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void aZeroMaxSegmentSizeWalksBack64KiB() {
        serial.setHasDmaParms(true);
        serial.setMaxSegmentSize(0);
        mapSingle(0x10000, DmaDirection.FROM_DEVICE);
        // 0xe000 into the mapping: seven buckets back, within 64 KiB
        debug.debugDmaSyncSingleForCpu(serial, DMA + 0xe000, 0x100, DmaDirection.FROM_DEVICE);
        assertSilent();
        // 0x12000 into a 0x20000 mapping: nine buckets back, beyond 64 KiB
        debug.debugDmaMapPage(serial, PAGE, 0, 0x20000, DmaDirection.FROM_DEVICE, 0xffe00000L, 0, true);
        debug.debugDmaMappingError(serial, 0xffe00000L);
        debug.debugDmaSyncSingleForCpu(serial, 0xffe12000L, 0x100, DmaDirection.FROM_DEVICE);
        single(SERIAL + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x00000000ffe12000] [size=256 bytes]");
    }

    @Test
    public void withoutDmaParmsTheBoundIs64KiBWhateverTheStoredSize() {
        serial.setMaxSegmentSize(0x2000); // no dma_parms: dma_get_max_seg_size() does not read it
        mapSingle(0x10000, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSingleForCpu(serial, DMA + 0xe000, 0x100, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void mappingThePageAgainChecksTheOlderEntryIn49Too() {
        debug.debugDmaMapPage(serial, PAGE, 0, 0x100, DmaDirection.TO_DEVICE, DMA, 0, true);
        debug.debugDmaMapPage(serial, PAGE, 0, 0x100, DmaDirection.TO_DEVICE, DMA, 0, true);
        debug.debugDmaDumpMappings(serial);
        assertEquals(List.of(
                "sh-sci e6e60000.serial: single idx 896 P=48000000 N=48000 D=fff00000 L=100 DMA_TO_DEVICE "
                        + "dma map error checked",
                "sh-sci e6e60000.serial: single idx 896 P=48000000 N=48000 D=fff00000 L=100 DMA_TO_DEVICE "
                        + "dma map error not checked"),
                texts());
        records.clear();
        debug.debugDmaMappingError(serial, DMA);
        debug.debugDmaUnmapPage(serial, DMA, 0x100, DmaDirection.TO_DEVICE, true);
        debug.debugDmaUnmapPage(serial, DMA, 0x100, DmaDirection.TO_DEVICE, true);
        assertSilent();
    }
}
