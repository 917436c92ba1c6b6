package org.dmaworkbench.kernel.drivers.rcardmac;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.machine.Boards;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.junit.Test;

/**
 * rcar-dmac on R-Car S4 (r8a779f0-spider.dts): the Gen4 match data of drivers/dma/sh/rcar-dmac.c
 * (rcar_gen4_dmac_data, lines 2013-2016: chan_offset_base 0x0, chan_offset_stride 0x1000) makes probe map the
 * channels from the second reg entry (rcar_dmac_probe(), lines 1902-1915), and rcar_dmac_chan_clear_all() /
 * rcar_dmac_chan_clear() (lines 345-364) write 1 to each channel's RCAR_GEN4_DMACHCLR (0x0100, line 303) instead of
 * the global DMACHCLR. r8a779f0.dtsi: dmac1 reg = &lt;0 0xe7351000 0 0x1000&gt;, &lt;0 0xe7310000 0 0x10000&gt;,
 * dma-channels = &lt;16&gt;.
 */
public class RcarDmacGen4Test {
    private static final long DMAC1 = 0xe735_1000L;
    private static final long DMAC1_CHAN = 0xe731_0000L;

    private static Platform spider() {
        return Boards.platform("spider.dts", "#include \"arm64/renesas/r8a779f0-spider.dts\"\n");
    }

    @Test
    public void probeClearsEachChannelThroughItsOwnDmachclrThenEnablesDmaor() {
        Platform p = spider();
        List<String> accesses = new ArrayList<>();
        p.bus().addMmioListener((pa, size, write, value) -> {
            if (pa >= DMAC1_CHAN && pa < DMAC1_CHAN + 0x10000 || pa >= DMAC1 && pa < DMAC1 + 0x1000) {
                accesses.add(String.format("%s%d %x=%x", write ? "w" : "r", size * 8, pa, value));
            }
        });
        Machine m = Machine.boot(p, KernelProfile.V6_12, new MachineOptions().iommuOptIn(java.util.Set.of()));
        RcarDmacDriver drv = m.rcarDmac("dmac1").orElseThrow();
        assertTrue(drv.hasChanBase());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            expected.add(String.format("w32 %x=1", DMAC1_CHAN + i * 0x1000L + 0x100));
        }
        // rcar_dmac_init(): DMAOR = RCAR_DMAOR_PRI_FIXED | RCAR_DMAOR_DME as a 16-bit write, read back
        expected.add(String.format("w16 %x=1", DMAC1 + 0x60));
        expected.add(String.format("r16 %x=1", DMAC1 + 0x60));
        assertEquals(expected, accesses);
        assertEquals(16, drv.channels().size());
    }

    @Test
    public void memcpyOf64KiBRunsOnChannel0AtItsGen4RegisterFile() {
        Platform p = spider();
        Machine m = Machine.boot(p, KernelProfile.V6_12, new MachineOptions().iommuOptIn(java.util.Set.of()));
        MemcpyClient mc = new MemcpyClient(m, "dmac1");
        RcarDmacChan ch = (RcarDmacChan) mc.channel();
        assertEquals(0, ch.index());
        List<Long> chcrWrites = new ArrayList<>();
        p.bus().addMmioListener((pa, size, write, value) -> {
            if (write && pa == DMAC1_CHAN + 0x0c) {
                chcrWrites.add(value);
            }
        });
        byte[] data = new byte[64 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 5);
        }
        byte[] got = mc.copy(data);
        assertNotNull(got);
        assertArrayEquals(data, got);
        assertEquals(data.length, p.dmac("dmac1").orElseThrow().channel(0).bytesMoved());
        // rcar_dmac_chan_start_xfer() register mode: DM_INC | SM_INC | RS_AUTO | TS_4B | IE, then
        // rcar_dmac_chan_start_xfer() | DE | CAIE; rcar_dmac_isr_channel() clears DE and TE afterwards
        assertTrue(chcrWrites.toString(), chcrWrites.contains(0x4000_5415L));
        assertEquals(0, m.dmaDebug().errorCount());
        assertNull(m.device("dmac1").orElseThrow().iommuDomain());
    }

    @Test
    public void behindIpmmuDs0Channel0IsLeftOutAndTheCopyIsTranslated() {
        Platform p = spider();
        Machine m = Machine.boot(p, KernelProfile.V6_12,
                new MachineOptions().iommuOptIn(java.util.Set.of("e7351000.dma-controller")));
        RcarDmacDriver drv = m.rcarDmac("dmac1").orElseThrow();
        // rcar_dmac_probe(), lines 1885-1886: channel 0 is not used behind an IOMMU
        assertEquals(0xfffe, drv.channelsMask());
        MemcpyClient mc = new MemcpyClient(m, "dmac1");
        RcarDmacChan ch = (RcarDmacChan) mc.channel();
        assertEquals(1, ch.index());
        byte[] data = new byte[8192];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 3 + 1);
        }
        assertArrayEquals(data, mc.copy(data));
        var ds0 = p.ipmmu("ipmmu_ds0").orElseThrow();
        // dmac1 channel 1 sits on micro-TLB 17 (iommus = <&ipmmu_ds0 16>, <&ipmmu_ds0 17>, ...)
        assertTrue(ds0.utlbEnabled(17));
        assertTrue(ds0.tlb().misses() > 0);
        assertEquals(0, ds0.root().faultCount());
        assertEquals(0, m.dmaDebug().errorCount());
    }
}
