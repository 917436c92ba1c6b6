package org.dmaworkbench.emulation.live;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.junit.Test;

/** The DMA-API view's filter words, on a value and on a table read column by column (both must agree). */
public class MappingFilterTest {
    private static final Device DMAC = new Device("e6700000.dma-controller", "rcar-dmac");
    private static final Device MMC = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");

    private static Mapping m(String dev, String drv, long phys, long dma, long size, DmaDirection dir,
            List<String> stack) {
        return new Mapping(1, dev, drv, DmaDebugEntryType.SINGLE, "single", phys, dma, size, dir, 0,
                DmaDebugMapErr.CHECKED, 0, Mapping.LIVE, stack);
    }

    private static final Mapping FIFO = new Mapping(2, "e6700000.dma-controller", "rcar-dmac",
            DmaDebugEntryType.RESOURCE, "resource", 0xe6e6_000cL, 0x4000_800cL, 1, DmaDirection.FROM_DEVICE, 0,
            DmaDebugMapErr.CHECKED, 10, Mapping.LIVE,
            List.of(" debug_dma_map_resource+0x230/0x2d0", " dma_map_resource+0x4c/0x2e0",
                    " rcar_dmac_map_slave_addr+0x3c/0x28c"));

    @Test
    public void wordsMatchDeviceDriverTypeDirectionAndFramesIgnoringCase() {
        assertTrue(MappingFilter.parse("E6700000").test(FIFO, false));
        assertTrue(MappingFilter.parse("rcar-dmac").test(FIFO, false));
        assertTrue(MappingFilter.parse("resource").test(FIFO, false));
        assertTrue(MappingFilter.parse("from_device").test(FIFO, false));
        assertTrue(MappingFilter.parse("map_slave").test(FIFO, false));
        assertFalse(MappingFilter.parse("mmc").test(FIFO, false));
        // every word must match; -word excludes
        assertTrue(MappingFilter.parse("rcar resource").test(FIFO, false));
        assertFalse(MappingFilter.parse("rcar single").test(FIFO, false));
        assertFalse(MappingFilter.parse("rcar -resource").test(FIFO, false));
        assertTrue(MappingFilter.parse("!mmc").test(FIFO, false));
        assertTrue(MappingFilter.parse("  ").isEmpty());
        assertTrue(MappingFilter.parse(null).test(FIFO, false));
    }

    @Test
    public void addressesMatchByContainmentAndByDigits() {
        // 0xe6e6000c is the FIFO's CPU address; 0x4000800c its DMA address; 0xe6e6000d is one past its single byte
        assertTrue(MappingFilter.parse("0xe6e6000c").test(FIFO, false));
        assertTrue(MappingFilter.parse("0x4000800c").test(FIFO, false));
        assertFalse(MappingFilter.parse("0xe6e6000d").test(FIFO, false));
        // partial digits while typing
        assertTrue(MappingFilter.parse("0xe6e6").test(FIFO, false));
        assertTrue(MappingFilter.parse("4000800").test(FIFO, false));
        assertFalse(MappingFilter.parse("0x5000").test(FIFO, false));
        // a decimal number is also the size
        Mapping page = m("ee100000.mmc", "x", 0x4100_0000L, 0xffff_f000L, 4096, DmaDirection.TO_DEVICE, List.of());
        assertTrue(MappingFilter.parse("4096").test(page, false));
        assertFalse(MappingFilter.parse("4095").test(page, false));
    }

    @Test
    public void rangesSelectWhatOverlapsThemHalfOpen() {
        Mapping a = m("d", "x", 0x4000_0000L, 0x1000, 0x1000, DmaDirection.TO_DEVICE, List.of());
        Mapping b = m("d", "x", 0x400f_f000L, 0x2000, 0x2000, DmaDirection.TO_DEVICE, List.of());
        Mapping c = m("d", "x", 0x4010_0000L, 0x3000, 0x1000, DmaDirection.TO_DEVICE, List.of());
        MappingFilter f = MappingFilter.parse("0x40000000..0x40100000");
        assertNull(f.problem());
        assertTrue(f.test(a, false));
        assertTrue(f.test(b, false)); // starts 4 KiB before the end
        assertFalse(f.test(c, false)); // starts exactly at the end
        // DMA addresses too, and open ends
        assertTrue(MappingFilter.parse("0x2fff..0x3001").test(c, false));
        assertTrue(MappingFilter.parse("0x40100000..").test(c, false));
        assertFalse(MappingFilter.parse("..0x1000").test(a, false));
        assertTrue(MappingFilter.parse("..0x1001").test(a, false));
        MappingFilter bad = MappingFilter.parse("0x2000..0x1000");
        assertEquals("'0x2000..0x1000': the range ends where it starts or before", bad.problem());
    }

    @Test
    public void leakedIsAKeyword() {
        assertTrue(MappingFilter.parse("leaked").test(FIFO, true));
        assertFalse(MappingFilter.parse("leaked").test(FIFO, false));
        assertTrue(MappingFilter.parse("-leaked").test(FIFO, false));
        assertTrue(MappingFilter.parse("LEAKED").usesLeaks());
        assertFalse(MappingFilter.parse("leak").usesLeaks());
    }

    @Test
    public void aTableGivesTheSameRowsAsTheValues() {
        DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        LiveStateModel model = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "t");
        for (int i = 0; i < 64; i++) {
            Device d = i % 3 == 0 ? MMC : DMAC;
            debug.debugDmaMapPage(d, 0x4000_0000L + 0x1000L * i, 0, 512L * (1 + i % 8),
                    i % 2 == 0 ? DmaDirection.TO_DEVICE : DmaDirection.FROM_DEVICE, 0x1000_0000L + 0x1000L * i, 0);
        }
        debug.debugDmaMapResource(DMAC, 0xe6e6_000cL, 1, DmaDirection.FROM_DEVICE, 0x4000_800cL, 0);
        MappingTable t = model.snapshot().mappings();
        for (String text : List.of("", "mmc", "-mmc from", "0x10003000..0x10006000", "0x1000", "4096", "e6e6",
                "resource", "rcar to_device 1536", "0x40000000..0x40008000 -mmc")) {
            MappingFilter f = MappingFilter.parse(text);
            int[] fast = f.rows(t);
            int[] slow = java.util.stream.IntStream.range(0, t.size()).filter(i -> f.test(t.row(i), false)).toArray();
            assertArrayEquals(text, slow, fast);
        }
        // hand-counted: mappings 1, 2, 4, 5 of the DMAC (i % 3 != 0) at DMA 0x10001000..0x10005fff overlap
        assertEquals(4, MappingFilter.parse("0x10001000..0x10006000 rcar").rows(t).length);
    }

    @Test
    public void hexDigitsAreMatchedWithoutLeadingZeros() {
        assertTrue(MappingFilter.hexContains(0x4000_800cL, "800c"));
        assertTrue(MappingFilter.hexContains(0x4000_800cL, "4000800c"));
        assertFalse(MappingFilter.hexContains(0x4000_800cL, "04000800c"));
        assertTrue(MappingFilter.hexContains(0, "0"));
        assertTrue(MappingFilter.hexContains(-1L, "ffffffffffffffff"));
    }
}
