package org.dmaworkbench.hw.dmac;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.time.VirtualClock;
import org.junit.Test;

/**
 * The Gen4 register layout of the SYS-DMAC (rcar_gen4_dmac_data of drivers/dma/sh/rcar-dmac.c: chan_offset_base
 * 0x0, chan_offset_stride 0x1000; RCAR_GEN4_DMACHCLR 0x0100; RCAR_DMACHCLR 0x0080 "Not on R-Car Gen4"), wired
 * at the addresses of r8a779f0.dtsi's dmac1: reg = &lt;0 0xe7351000 0 0x1000&gt;, &lt;0 0xe7310000 0 0x10000&gt;,
 * dma-channels = &lt;16&gt;. Timing as for Gen2/Gen3: 1 GB/s on an 8-byte bus, 8 ns per 4-byte unit.
 */
public class RcarDmacGen4Test {
    static final long DMAC1 = 0xe735_1000L;
    static final long CHAN = 0xe731_0000L;
    static final int SAR = 0x00, DAR = 0x04, TCR = 0x08, CHCR = 0x0c, FIXSAR = 0x10, FIXDAR = 0x14;

    private final VirtualClock clock = new VirtualClock();
    private final Bus bus = new Bus();
    private final RcarDmac dmac = RcarDmac.gen4("dma-controller@e7351000", 16, bus, clock);
    private final List<String> irqs = new ArrayList<>();

    public RcarDmacGen4Test() {
        bus.addRam("/memory@48000000", new SparseRam(0x4800_0000L, 0x1000_0000L));
        bus.addMmio("/soc/dma-controller@e7351000", DMAC1, 0x1000, dmac);
        bus.addMmio("/soc/dma-controller@e7351000 #1", CHAN, 0x10000, dmac.channelWindow());
        dmac.addInterruptHandler((d, ch) -> irqs.add(clock.now() + ":ch" + ch));
    }

    private static long chan(int index, int reg) {
        return CHAN + index * 0x1000L + reg;
    }

    @Test
    public void channelFilesAre0x1000ApartInTheSecondWindow() {
        assertTrue(dmac.isGen4());
        assertEquals(0x3000, dmac.channelRegisterOffset(3));
        bus.write32(chan(3, SAR), 0x4800_0000);
        bus.write32(chan(3, DAR), 0x4800_2000);
        assertEquals(0x4800_0000, dmac.channel(3).sar());
        assertEquals(0x4800_2000, dmac.channel(3).dar());
        assertEquals(0x4800_0000, bus.read32(chan(3, SAR)));
        // the Gen2/Gen3 place of channel 3 (0x8000 + 3 * 0x80) is outside the 0x1000-byte global window
        assertNull(bus.regionAt(DMAC1 + 0x8000 + 3 * 0x80));
        // nothing of the global window aliases a channel
        bus.write32(DMAC1 + 0x0, 0x1234_5678);
        assertEquals(0, dmac.channel(0).sar());
    }

    @Test
    public void memcpyOnChannel1CopiesTheBytesAndEndsWithTe() {
        byte[] src = new byte[64 * 1024];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 31 + 7);
        }
        bus.write(0x4810_0000L, src, 0, src.length);
        // rcar_dmac_init(): every channel's RCAR_GEN4_DMACHCLR, then DMAOR = PRI_FIXED | DME
        for (int i = 0; i < 16; i++) {
            bus.write32(chan(i, 0x100), 1);
        }
        bus.write16(DMAC1 + 0x60, 0x0001);
        assertEquals(0x0001, bus.read16(DMAC1 + 0x60));

        bus.write32(chan(1, FIXSAR), 0);
        bus.write32(chan(1, FIXDAR), 0);
        bus.write32(chan(1, SAR), 0x4810_0000);
        bus.write32(chan(1, DAR), 0x4820_0000);
        bus.write32(chan(1, TCR), src.length >> 2);
        // DM_INC | SM_INC | RS_AUTO | TS_4B | DPM_DISABLED | IE, then | DE | CAIE
        bus.write32(chan(1, CHCR), 0x4000_5415);
        clock.runUntilIdle(10_000);

        byte[] dst = new byte[src.length];
        bus.read(0x4820_0000L, dst, 0, dst.length);
        assertArrayEquals(src, dst);
        // 16384 units of 4 bytes, one 8-byte bus cycle (8 ns) each: 131 072 ns
        assertEquals(List.of("131072000:ch1"), irqs);
        assertEquals(0x4000_5417, bus.read32(chan(1, CHCR)));
        assertEquals(0, bus.read32(chan(1, TCR)));
        assertEquals(src.length, dmac.channel(1).bytesMoved());
    }

    @Test
    public void perChannelClearResetsOnlyThatChannelAndTheGlobalDmachclrIsGone() {
        bus.write32(chan(2, SAR), 0x4800_0100);
        bus.write32(chan(5, SAR), 0x4800_0500);
        // RCAR_DMACHCLR at 0x80 does not exist on Gen4
        bus.write32(DMAC1 + 0x80, 0xffff);
        assertEquals(0x4800_0100, dmac.channel(2).sar());
        assertEquals(0x4800_0500, dmac.channel(5).sar());
        bus.write32(chan(2, 0x100), 1);
        assertEquals(0, dmac.channel(2).sar());
        assertEquals(0x4800_0500, dmac.channel(5).sar());
        // writing 0 clears nothing
        bus.write32(chan(5, 0x100), 0);
        assertEquals(0x4800_0500, dmac.channel(5).sar());
    }
}
