package org.dmaworkbench.hw.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.hw.mem.NamedRegisters;
import org.junit.Test;

/**
 * What a DMA target address hits on Koelsch (r8a7791): the register names the views show for
 * {@code dma_map_resource()} mappings. Addresses from r8a7791.dtsi (scif0 reg 0xe6e60000, hscif0 0xe62c0000,
 * sdhi0 0xee100000 size 0x328, i2c6 0xe60b0000); offsets from sh-sci.c (SCIx_SH4_SCIF_REGTYPE: SCxTDR 0x0c,
 * SCxRDR 0x14), tmio_mmc.h (CTL_SD_DATA_PORT 0x30, shifted by renesas_sdhi_probe's bus_shift 1 for a window
 * larger than 0x100) and renesas_sdhi_sys_dmac.c (RX port 0x2000 past the data port).
 */
public class RegisterAtTest {

    private static Platform koelsch() throws Exception {
        Path dts = Path.of(RegisterAtTest.class.getResource("/platform/koelsch-ipmmu-dmac0.dts").toURI());
        return PlatformBuilder.build(dts, List.of(PlatformBuilderTest.includePrefixes())).platform().orElseThrow();
    }

    @Test
    public void theScif0TransmitFifoIsScftdr() throws Exception {
        Platform.RegisterHit hit = koelsch().registerAt(0xe6e6_000cL).orElseThrow();
        assertEquals("e6e60000.serial", hit.device().devName());
        assertEquals(0x0c, hit.offset());
        NamedRegisters.Register r = hit.register();
        assertEquals("SCFTDR", r.name());
        assertEquals("SCxTDR", r.kernelName());
        assertEquals(1, r.width());
        assertTrue(r.description().contains("transmit FIFO"));
        assertEquals("SCFRDR", koelsch().registerAt(0xe6e6_0014L).orElseThrow().register().name());
    }

    @Test
    public void hscifSdhiAndIicRegistersAndWhatIsNoRegister() throws Exception {
        Platform p = koelsch();
        // HSCIF0 is disabled on Koelsch: its model alone
        assertEquals("HSFTDR", new org.dmaworkbench.hw.periph.Scif("hscif", org.dmaworkbench.hw.periph.Scif.Kind.HSCIF,
                new org.dmaworkbench.hw.time.VirtualClock()).register(0x0c).orElseThrow().name());
        assertEquals("SD_BUF0", p.registerAt(0xee10_0060L).orElseThrow().register().name());
        Platform.RegisterHit rx = p.registerAt(0xee10_2060L).orElseThrow();
        assertEquals("ee100000.mmc", rx.device().devName());
        assertEquals(0x2060, rx.offset());
        assertEquals("SD_BUF0", rx.register().name());
        assertEquals("ICDR", p.registerAt(0xe60b_0000L).orElseThrow().register().name());
        // inside the SCIF window, but no register there
        Platform.RegisterHit gap = p.registerAt(0xe6e6_003cL).orElseThrow();
        assertEquals(0x3c, gap.offset());
        assertNull(gap.register());
        // RAM is no device's register
        assertTrue(p.registerAt(0x4000_1000L).isEmpty());
    }
}
