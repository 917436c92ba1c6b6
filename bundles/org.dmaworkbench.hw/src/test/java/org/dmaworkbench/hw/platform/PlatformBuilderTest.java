package org.dmaworkbench.hw.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.BusRegion;
import org.dmaworkbench.hw.mem.PlainMmio;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Test;

/**
 * Platforms built from the kernel's own board files (/work/shared/linux-dts, never copied into the
 * repository). Expected values are read off the .dts/.dtsi sources.
 */
public class PlatformBuilderTest {

    /** include-prefixes of the kernel's device trees ({@link LinuxDts}: fails, never skips, without them). */
    static Path includePrefixes() {
        return LinuxDts.includePrefixes();
    }

    private static Path resource(String name) throws Exception {
        return Path.of(PlatformBuilderTest.class.getResource("/platform/" + name).toURI());
    }

    private static String errors(PlatformBuild b) {
        return b.diagnostics().stream().filter(d -> d.severity() == org.dmaworkbench.devicetree.Severity.ERROR)
                .map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    @Test
    public void koelschWithIpmmuInFrontOfDmac0() throws Exception {
        Path inc = includePrefixes();
        PlatformBuild b = PlatformBuilder.build(resource("koelsch-ipmmu-dmac0.dts"), List.of(inc));
        assertEquals("", errors(b));
        Platform p = b.platform().orElseThrow();

        List<SparseRam> ram = p.ram();
        assertEquals(2, ram.size());
        assertEquals(0x4000_0000L, ram.get(0).base());
        assertEquals(0x4000_0000L, ram.get(0).size());
        assertEquals(0x2_0000_0000L, ram.get(1).base());

        Ipmmu ds = p.ipmmu("ipmmu_ds").orElseThrow();
        assertSame(IpmmuFeatures.DEFAULT, ds.features());
        assertTrue(p.ipmmu("ipmmu_sy0").isEmpty());          // status = "disabled" in r8a7791.dtsi
        assertTrue(p.device("/soc/iommu@e6280000").isEmpty());

        RcarDmac dmac0 = p.dmac("dmac0").orElseThrow();
        assertEquals(15, dmac0.channelCount());
        assertSame(ds, dmac0.channel(3).ipmmu());
        assertEquals(3, dmac0.channel(3).utlb());
        RcarDmac dmac1 = p.dmac("dmac1").orElseThrow();
        assertNull(dmac1.channel(3).ipmmu());

        PlatformDevice scif0 = p.device("scif0").orElseThrow();
        assertEquals("e6e60000.serial", scif0.devName());
        assertEquals("/soc/serial@e6e60000", scif0.path());
        assertTrue(scif0.model() instanceof Scif);
        List<String> links = scif0.dmas().stream()
                .map(l -> l.name() + ":" + l.controller().labels().get(0) + ":0x" + Integer.toHexString(l.midRid()))
                .collect(Collectors.toList());
        assertEquals(List.of("tx:dmac0:0x29", "rx:dmac0:0x2a", "tx:dmac1:0x29", "rx:dmac1:0x2a"), links);

        BusRegion r = p.bus().regionAt(0xe670_8000L);
        assertEquals("/soc/dma-controller@e6700000", r.name());
        assertEquals(0x20000, r.size());
        // a device without a model keeps its registers as plain MMIO
        assertTrue(p.device("gpio0").orElseThrow().model() instanceof PlainMmio);
        p.bus().write32(0xe605_0004L, 0x1234_5678);
        assertEquals(0x1234_5678, p.bus().read32(0xe605_0004L));
        assertEquals(0x5678, p.bus().read16(0xe605_0004L));
        assertEquals(List.of(), b.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList()));
        // the console on koelsch: dev name in the IPMMU allow list style
        assertEquals("ee100000.mmc", p.device("sdhi0").orElseThrow().devName());
    }

    @Test
    public void koelschSlaveTransferThroughTheBuiltPlatform() throws Exception {
        Path inc = includePrefixes();
        Platform p = PlatformBuilder.build(resource("koelsch-ipmmu-dmac0.dts"), List.of(inc)).platform().orElseThrow();
        var bus = p.bus();
        Scif scif0 = p.scif("scif0").orElseThrow();
        scif0.enable();
        // IPMMU context 0 + uTLB 2 (dmac0 channel 2), tables at 0x4100_0000, IOVA 0x8000_0000 window
        long ipmmu = 0xe674_0800L;
        bus.write64(0x4100_0000L + 2 * 8, 0x8000_0000_4100_1003L);
        bus.write64(0x4100_1000L, 0x8000_0000_4100_2003L);
        bus.write64(0x4100_2000L + 1 * 8, 0x2_0000_0000L | 0xf67);   // buffer in RAM above 4 GiB
        bus.write64(0x4100_2000L + 2 * 8, 0xe6e6_0000L | 0xe6b);     // SCIF0 registers
        bus.write32(ipmmu + 0x10, 0x4100_0000);
        bus.write32(ipmmu + 0x08, 0x8000_3510);
        bus.write32(ipmmu + 0x00, 0x7);
        bus.write32(ipmmu + 0x300 + 2 * 16, 0x3);
        byte[] msg = "koelsch login: ".getBytes(StandardCharsets.US_ASCII);
        bus.write(0x2_0000_0000L, msg, 0, msg.length);
        long ch2 = 0xe670_0000L + 0x8000 + 2 * 0x80;
        bus.write16(0xe670_0060L, 1);
        bus.write16(ch2 + 0x40, 0x29);
        bus.write32(ch2 + 0x00, 0x8000_1000);
        bus.write32(ch2 + 0x04, 0x8000_200c);
        bus.write32(ch2 + 0x08, msg.length);
        bus.write32(ch2 + 0x0c, 0x4000_1805);
        p.clock().runUntilIdle(10_000);
        assertEquals("koelsch login: ", scif0.transmittedText());
        assertEquals(0x4000_1807, bus.read32(ch2 + 0x0c));
        assertEquals(0, p.ipmmu("ipmmu_ds").orElseThrow().faultCount());
    }

    @Test
    public void salvatorXBuildsWithGen3IpmmuHierarchy() throws Exception {
        Path inc = includePrefixes();
        PlatformBuild b = PlatformBuilder.build(inc.resolve("arm64/renesas/r8a77951-salvator-x.dts"), List.of(inc));
        assertEquals("", errors(b));
        Platform p = b.platform().orElseThrow();
        List<SparseRam> ram = p.ram();
        assertEquals(4, ram.size());
        assertEquals(0x4800_0000L, ram.get(0).base());
        assertEquals(0x3800_0000L, ram.get(0).size());
        assertEquals(0x7_0000_0000L, ram.get(3).base());

        Ipmmu mm = p.ipmmu("ipmmu_mm").orElseThrow();
        Ipmmu ds1 = p.ipmmu("ipmmu_ds1").orElseThrow();
        assertSame(IpmmuFeatures.RCAR_GEN3, ds1.features());
        assertTrue(mm.isRoot());
        assertSame(mm, ds1.root());
        RcarDmac dmac1 = p.dmac("dmac1").orElseThrow();
        assertEquals(16, dmac1.channelCount());
        assertSame(ds1, dmac1.channel(15).ipmmu());
        assertEquals(15, dmac1.channel(15).utlb());

        // sdhi0: compatible = "renesas,sdhi-r8a7795", "renesas,rcar-gen3-sdhi"; iommus = <&ipmmu_ds1 32>
        org.dmaworkbench.hw.periph.Sdhi sdhi0 = p.sdhi("sdhi0").orElseThrow();
        assertSame(org.dmaworkbench.hw.periph.Sdhi.Dma.INTERNAL_DMAC, sdhi0.dma());
        assertEquals(2, sdhi0.busShift());
        assertSame(ds1, sdhi0.ipmmu());
        assertEquals(32, sdhi0.utlb());

        PlatformDevice scif2 = p.device("scif2").orElseThrow();
        assertEquals("e6e88000.serial", scif2.devName());
        assertEquals(0x13, scif2.dmas().get(0).midRid());
        assertSame(dmac1, scif2.dmas().get(0).model());
        assertFalse(p.device("scif0").isPresent()); // not enabled on Salvator-X
        // only the compiler's own dtc-style warnings (as dtc gives them for this board); none from the builder
        assertEquals(List.of(
                "/soc/pcie@fe000000: duplicate unit-address (also used in node /soc/pcie-ep@fe000000) [unique_unit_address]",
                "/soc/pcie@ee800000: duplicate unit-address (also used in node /soc/pcie-ep@ee800000) [unique_unit_address]"),
                b.diagnostics().stream().map(Diagnostic::message).collect(Collectors.toList()));
    }

    @Test
    public void spiderGen4DmacHasItsChannelsInTheSecondRegisterWindow() throws Exception {
        Path inc = includePrefixes();
        PlatformBuild b = PlatformBuilder.build(inc.resolve("arm64/renesas/r8a779f0-spider.dts"), List.of(inc));
        assertEquals("", errors(b));
        Platform p = b.platform().orElseThrow();
        // r8a779f0.dtsi: dmac1 reg = <0 0xe7351000 0 0x1000>, <0 0xe7310000 0 0x10000>; dma-channels = <16>;
        // iommus = <&ipmmu_ds0 16> ... <&ipmmu_ds0 31>
        RcarDmac dmac1 = p.dmac("dmac1").orElseThrow();
        assertTrue(dmac1.isGen4());
        assertEquals(16, dmac1.channelCount());
        assertEquals(0xf000, dmac1.channelRegisterOffset(15));
        assertSame(p.ipmmu("ipmmu_ds0").orElseThrow(), dmac1.channel(15).ipmmu());
        assertEquals(31, dmac1.channel(15).utlb());
        assertEquals("/soc/dma-controller@e7351000 #0", p.bus().regionAt(0xe735_1060L).name());
        assertEquals(0x1000, p.bus().regionAt(0xe735_1060L).size());
        assertEquals("/soc/dma-controller@e7351000 #1", p.bus().regionAt(0xe731_f000L).name());
        // channel 15's SAR through the bus, at 0xe7310000 + 15 * 0x1000 (rcar_gen4_dmac_data)
        p.bus().write32(0xe731_f000L, 0x4800_0040);
        assertEquals(0x4800_0040, dmac1.channel(15).sar());
    }

    @Test
    public void gen2SdhiOfBusShiftZeroHasItsDmaRxFifoMapped() throws Exception {
        // r8a7794-silk.dts enables sdhi1: reg = <0 0xee140000 0 0x100> (bus shift 0, renesas_sdhi_probe()'s "old
        // way"); renesas_sdhi_sys_dmac.c reads RX data at the data port 0x30 + dma_rx_offset 0x2000
        Path inc = includePrefixes();
        Platform p = PlatformBuilder.build(inc.resolve("arm/renesas/r8a7794-silk.dts"), List.of(inc)).platform()
                .orElseThrow();
        assertEquals("/soc/mmc@ee140000 (DMA RX FIFO)", p.bus().regionAt(0xee14_2030L).name());
        assertEquals("/soc/mmc@ee140000", p.bus().regionAt(0xee14_0030L).name());
    }

    @Test
    public void badReferencesAreReportedWithPositions() throws Exception {
        PlatformBuild b = PlatformBuilder.build(resource("bad-references.dts"), List.of());
        assertTrue(b.hasErrors());
        assertTrue(b.platform().isEmpty());
        List<String> lines = b.diagnostics().stream().map(Diagnostic::format).map(s -> s.replaceAll("^.*/platform/", ""))
                .collect(Collectors.toList());
        // columns count a tab as 8, as dtc does; the first warning is the compiler's own
        assertEquals(List.of(
                "bad-references.dts:36:25: warning: /soc/serial@e6e60000:dmas: property size (12) too small for cell"
                        + " size 1 [dmas]",
                "bad-references.dts:23:25: warning: /soc/dma-controller@e6700000: iommus: /soc/iommu@e6740000 is disabled;"
                        + " DMA from this device is not translated",
                "bad-references.dts:36:25: error: /soc/serial@e6e60000: dmas entry 1:"
                        + " /soc/dma-controller@e6700000 needs 1 argument cells (#dma-cells) but only 0 remain",
                "bad-references.dts:37:25: error: /soc/serial@e6e60000: 2 dma-names for 1 dmas entries",
                "bad-references.dts:44:25: error: /soc/mmc@ee100000: 2 dma-names for 1 dmas entries"), lines);
    }

    @Test
    public void sourceTextWithSyntaxErrorGivesCompilerDiagnosticsAndNoPlatform() {
        PlatformBuild b = PlatformBuilder.build("board.dts", "/dts-v1/;\n/ {\n\tfoo = <1 2;\n};\n",
                org.dmaworkbench.devicetree.IncludeResolver.none());
        assertTrue(b.hasErrors());
        assertTrue(b.platform().isEmpty());
        assertEquals("board.dts", b.diagnostics().get(0).position().file());
        assertEquals(3, b.diagnostics().get(0).position().line());
    }

    @Test
    public void minimalBoardFromTextHasRamAndPlainMmio() {
        String dts = "/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
                + "\tmemory@600000000 {\n\t\tdevice_type = \"memory\";\n\t\treg = <0x6 0x0 0x0 0x100000>;\n\t};\n"
                + "\ttimer@e6e30000 {\n\t\tcompatible = \"vendor,unknown-timer\";\n\t\treg = <0 0xe6e30000 0 0x100>;\n\t};\n"
                + "\toff@e6e40000 {\n\t\treg = <0 0xe6e40000 0 0x100>;\n\t\tstatus = \"disabled\";\n\t};\n};\n";
        PlatformBuild b = PlatformBuilder.build("board.dts", dts, org.dmaworkbench.devicetree.IncludeResolver.none());
        assertEquals("", b.formatDiagnostics());
        Platform p = b.platform().orElseThrow();
        assertEquals(0x6_0000_0000L, p.ram().get(0).base());
        assertEquals(List.of("/memory@600000000 [0x600000000-0x6000fffff] RAM",
                "/timer@e6e30000 [0xe6e30000-0xe6e300ff] MMIO"),
                p.bus().regions().stream().map(Object::toString).sorted().collect(Collectors.toList()));
        assertEquals("e6e30000.timer", p.devices().get(0).devName());
    }

    /** What the editor offers as compatible values: each string really gets its model, nothing else is listed. */
    @Test
    public void everyModelledCompatibleGetsItsModel() {
        java.util.SortedMap<String, String> m = PlatformBuilder.modelledCompatibles();
        // drivers/iommu/ipmmu-vmsa.c ipmmu_of_ids[], drivers/dma/sh/rcar-dmac.c rcar_dmac_of_ids[]
        assertTrue(m.get("renesas,ipmmu-r8a7795").startsWith("IPMMU-VMSA, R-Car Gen3"));
        assertTrue(m.get("renesas,rcar-dmac").startsWith("SYS-DMAC"));
        assertTrue(m.get("renesas,sdhi-r8a7791").startsWith("SDHI fed by SYS-DMAC"));
        assertFalse(m.containsKey("renesas,ipmmu-r8a7791")); // Gen2 SoCs match only the generic string
        for (String c : m.keySet()) {
            String dts = "/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n"
                    + " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x1000000>; };\n"
                    + " dev: dev@e0000000 { compatible = \"" + c + "\"; reg = <0xe0000000 0x10000>, <0xe0100000 0x100000>;"
                    + " dma-channels = <8>; #dma-cells = <1>; #iommu-cells = <1>; };\n};\n";
            PlatformBuild b = PlatformBuilder.build("t.dts", dts, org.dmaworkbench.devicetree.IncludeResolver.none());
            assertEquals(c, "", errors(b));
            PlatformDevice d = b.platform().orElseThrow().device("dev").orElseThrow();
            assertFalse(c + " has no model of its own", d.model() instanceof PlainMmio);
        }
    }
}
