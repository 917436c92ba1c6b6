package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/** check_for_stack(), check_for_illegal_area() and debug_dma_map_single(): where the CPU buffer may not be. */
public class DmaDebugAreaTest extends DmaDebugFixture {
    static final String SERIAL = "DMA-API: sh-sci e6e60000.serial: ";

    @Test
    public void mappingFromTheDirectMappedStack() {
        // stack is linear(0x7f000000)..+16K; linear(0x7f001000) = 0xffff00003f001000
        debug.debugDmaMapPage(serial, 0x7f001000L, 0x10, 64, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        KernelLogRecord r = single(SERIAL + "device driver maps memory from stack [addr=ffff00003f001010]");
        assertEquals(DmaDebugCheck.MAP_FROM_STACK, r.check());
        assertEquals(List.of(), r.mappedAt());
        assertEquals(1, debug.liveEntries());
    }

    @Test
    public void mappingFromTheVmappedStack() {
        layout.vmapStack = true;
        // third stack page 0x7f102000 is mapped at 0xffff800000102000
        debug.debugDmaMapPage(serial, 0x7f102000L, 0x20, 64, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        single(SERIAL + "device driver maps memory from stack [probable addr=ffff800000102020]");
    }

    @Test
    public void vmappedStackDoesNotFlagTheLinearAliasOfOtherPages() {
        layout.vmapStack = true;
        debug.debugDmaMapPage(serial, 0x7f001000L, 0x10, 64, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        assertSilent();
    }

    @Test
    public void mappingOrdinaryMemoryIsSilent() {
        debug.debugDmaMapSingle(serial, TestLayout.linear(0x48000100L), 2048);
        debug.debugDmaMapPage(serial, 0x48000000L, 0x100, 2048, DmaDirection.TO_DEVICE, 0xfff00100L, 0);
        assertSilent();
    }

    @Test
    public void mappingKernelText() {
        // page 0x40300000 -> 0xffff000000300000, inside text (linear 0x40210000..0x41000000 in the test layout)
        debug.debugDmaMapPage(serial, 0x40300000L, 0, 4096, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        KernelLogRecord r = single(
                SERIAL + "device driver maps memory from kernel text or rodata [addr=ffff000000300000] [len=4096]");
        assertEquals(DmaDebugCheck.MAP_FROM_TEXT_OR_RODATA, r.check());
    }

    @Test
    public void mappingThatEndsInsideRodata() {
        // 0x413ff800 + 0x1000 reaches into rodata (0x41000000..0x41400000)
        debug.debugDmaMapPage(serial, 0x413ff000L, 0x800, 0x1000, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        single(SERIAL + "device driver maps memory from kernel text or rodata [addr=ffff0000013ff800] [len=4096]");
    }

    @Test
    public void mappingRightAfterRodataIsSilent() {
        debug.debugDmaMapPage(serial, 0x41400000L, 0, 0x1000, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
        // and right before text
        debug.debugDmaMapPage(serial, 0x4020f000L, 0, 0x1000, DmaDirection.TO_DEVICE, 0xfff01000L, 0);
        assertSilent();
    }

    @Test
    public void mapSingleOfAUserAddress() {
        debug.debugDmaMapSingle(serial, 0x0000aaaabbbb0000L, 512);
        KernelLogRecord r = single(
                SERIAL + "device driver maps memory from invalid area [addr=0000aaaabbbb0000] [len=512]");
        assertEquals(DmaDebugCheck.MAP_FROM_INVALID_AREA, r.check());
    }

    @Test
    public void mapSingleOfVmallocMemory() {
        debug.setAllErrors(true);
        debug.debugDmaMapSingle(serial, TestLayout.VMALLOC_START + 0x5000, 4096);
        assertEquals(List.of(
                SERIAL + "device driver maps memory from invalid area [addr=ffff800000005000] [len=4096]",
                SERIAL + "device driver maps memory from vmalloc area [addr=ffff800000005000] [len=4096]"), texts());
        assertEquals(DmaDebugCheck.MAP_FROM_VMALLOC, records.get(1).check());
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void scatterlistEntryOnTheStack() {
        org.dmaworkbench.kernel.dma.Scatterlist[] sg = org.dmaworkbench.kernel.dma.Scatterlist.table(2);
        sg[0].setPage(0x48000000L, 0, 4096);
        sg[1].setPage(0x7f003000L, 0x80, 256);
        sg[0].setDma(0xfff00000L, 4096);
        sg[1].setDma(0xfff01000L, 256);
        debug.debugDmaMapSg(serial, sg, 2, 2, DmaDirection.TO_DEVICE, 0);
        single(SERIAL + "device driver maps memory from stack [addr=ffff00003f003080]");
        assertEquals(2, debug.liveEntries());
    }
}
