package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/** check_sync() through dma_sync_single_for_{cpu,device}(). */
public class DmaDebugSyncTest extends DmaDebugFixture {
    static final String SERIAL = "DMA-API: sh-sci e6e60000.serial: ";
    static final long RX = 0xfff20000L;

    private void map(DmaDirection dir, long dma) {
        stack.push("sci_submit_rx+0x58/0x200");
        debug.debugDmaMapPage(serial, 0x48200000L, 0, 0x1000, dir, dma, 0);
        stack.pop();
        debug.debugDmaMappingError(serial, dma);
    }

    @Test
    public void syncOfAnRxBufferBothWaysIsSilent() {
        map(DmaDirection.FROM_DEVICE, RX);
        debug.debugDmaSyncSingleForCpu(serial, RX, 0x1000, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSingleForDevice(serial, RX, 0x1000, DmaDirection.FROM_DEVICE);
        debug.debugDmaSyncSingleForCpu(serial, RX + 0x800, 0x100, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void syncOfATxBufferForDeviceIsSilent() {
        map(DmaDirection.TO_DEVICE, RX);
        debug.debugDmaSyncSingleForDevice(serial, RX, 0x1000, DmaDirection.TO_DEVICE);
        debug.debugDmaSyncSingleForCpu(serial, RX, 0x1000, DmaDirection.TO_DEVICE);
        assertSilent();
    }

    @Test
    public void syncOfABidirectionalMappingSkipsDirectionChecks() {
        map(DmaDirection.BIDIRECTIONAL, RX);
        debug.setAllErrors(true);
        debug.debugDmaSyncSingleForCpu(serial, RX, 0x1000, DmaDirection.TO_DEVICE);
        debug.debugDmaSyncSingleForDevice(serial, RX, 0x1000, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void syncFoundInAnEarlierBucket() {
        // mapping starts in bucket (0xfff1f000 >> 13), the sync address lies one bucket later
        debug.debugDmaMapPage(serial, 0x48200000L, 0, 0x4000, DmaDirection.FROM_DEVICE, 0xfff1f000L, 0);
        debug.debugDmaMappingError(serial, 0xfff1f000L);
        debug.debugDmaSyncSingleForCpu(serial, 0xfff21000L, 0x1000, DmaDirection.FROM_DEVICE);
        assertSilent();
    }

    @Test
    public void syncOfUnmappedMemory() {
        map(DmaDirection.FROM_DEVICE, RX);
        debug.debugDmaSyncSingleForCpu(serial, 0xfff30000L, 0x100, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x00000000fff30000] [size=256 bytes]");
        assertEquals(DmaDebugCheck.SYNC_NOT_ALLOCATED, r.check());
        assertEquals(List.of(), r.mappedAt());
    }

    @Test
    public void syncPastTheEndOfAMappingIsNotContainedByIt() {
        map(DmaDirection.FROM_DEVICE, RX);
        debug.debugDmaSyncSingleForCpu(serial, RX + 0x800, 0x1000, DmaDirection.FROM_DEVICE);
        single(SERIAL + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x00000000fff20800] [size=4096 bytes]");
    }

    @Test
    public void syncOutsideTheAllocatedRange() {
        // containing_match() uses wrapping u64 sums, so only a range that wraps reaches the size check
        debug.debugDmaMapPage(serial, 0x48200000L, 0, 0x800, DmaDirection.FROM_DEVICE, 0xfffffffffffff000L, 0);
        debug.debugDmaMappingError(serial, 0xfffffffffffff000L);
        debug.debugDmaSyncSingleForCpu(serial, 0xfffffffffffff000L, 0x2000, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver syncs DMA memory outside allocated range "
                + "[device address=0xfffffffffffff000] [allocation size=2048 bytes] [sync offset+size=8192]");
        assertEquals(DmaDebugCheck.SYNC_OUTSIDE_RANGE, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME), r.mappedAt());
    }

    @Test
    public void syncWithDifferentDirection() {
        map(DmaDirection.TO_DEVICE, RX);
        debug.setAllErrors(true);
        debug.debugDmaSyncSingleForDevice(serial, RX, 0x1000, DmaDirection.FROM_DEVICE);
        KernelLogRecord r = single(SERIAL + "device driver syncs DMA memory with different direction "
                + "[device address=0x00000000fff20000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                + "[synced with DMA_FROM_DEVICE]");
        assertEquals(DmaDebugCheck.SYNC_DIFFERENT_DIRECTION, r.check());
        assertEquals(List.of("DMA-API: Mapped at:", MAP_PAGE_FRAME, " sci_submit_rx+0x58/0x200"), r.mappedAt());
    }

    @Test
    public void syncForCpuOfMemoryTheDeviceOnlyReads() {
        map(DmaDirection.TO_DEVICE, RX);
        debug.setAllErrors(true);
        debug.debugDmaSyncSingleForCpu(serial, RX + 0x100, 0x100, DmaDirection.BIDIRECTIONAL);
        assertEquals(List.of(
                SERIAL + "device driver syncs DMA memory with different direction "
                        + "[device address=0x00000000fff20100] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                        + "[synced with DMA_BIDIRECTIONAL]",
                SERIAL + "device driver syncs device read-only DMA memory for cpu "
                        + "[device address=0x00000000fff20100] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                        + "[synced with DMA_BIDIRECTIONAL]"),
                texts());
        assertEquals(DmaDebugCheck.SYNC_READ_ONLY_FOR_CPU, records.get(1).check());
    }

    @Test
    public void syncForDeviceOfMemoryTheDeviceOnlyWrites() {
        map(DmaDirection.FROM_DEVICE, RX);
        debug.setAllErrors(true);
        debug.debugDmaSyncSingleForDevice(serial, RX, 0x1000, DmaDirection.BIDIRECTIONAL);
        assertEquals(List.of(
                SERIAL + "device driver syncs DMA memory with different direction "
                        + "[device address=0x00000000fff20000] [size=4096 bytes] [mapped with DMA_FROM_DEVICE] "
                        + "[synced with DMA_BIDIRECTIONAL]",
                SERIAL + "device driver syncs device write-only DMA memory to device "
                        + "[device address=0x00000000fff20000] [size=4096 bytes] [mapped with DMA_FROM_DEVICE] "
                        + "[synced with DMA_BIDIRECTIONAL]"),
                texts());
        assertEquals(DmaDebugCheck.SYNC_WRITE_ONLY_TO_DEVICE, records.get(1).check());
    }
}
