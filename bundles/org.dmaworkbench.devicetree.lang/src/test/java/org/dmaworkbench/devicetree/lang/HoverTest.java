package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What hovers say: merged nodes with origins, CPU addresses, IOMMUs, DMA channels, interrupts, macros. */
public class HoverTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String AMEND = "\n&dmac1 {\n\tstatus = \"okay\";\n};\n&hscif1 {\n\tstatus = \"okay\";\n};\n";

    private static String hover(Analysis a, String text, String at, int delta) {
        return HoverInfo.at(a, text.indexOf(at) + delta).orElseThrow(() -> new AssertionError("no hover at " + at))
                .text();
    }

    @Test
    public void aNodeShowsEveryPropertyWithItsOriginAndMeaning() {
        String text = Boards.read(Boards.salvatorX()) + AMEND;
        Analysis a = Boards.board(Boards.salvatorX(), text);
        String h = hover(a, text, "&dmac1", 2);
        assertTrue(h, h.startsWith("/soc/dma-controller@e7300000\nlabels: dmac1\n"));
        // r8a77951.dtsi 1056-1088, amended by the board's block above
        assertTrue(h, h.contains("defined at r8a77951.dtsi:1056; amended at r8a77951-salvator-x.dts:"));
        assertTrue(h, h.contains("reg = <0x00 0xe7300000 0x00 0x10000>;    r8a77951.dtsi:1059\n"));
        assertTrue(h, h.contains("  0xe7300000, size 0x10000 (64 KiB) → CPU 0xe7300000–0xe730ffff\n"));
        // interrupts = <GIC_SPI 220 IRQ_TYPE_LEVEL_HIGH>, ...: GIC_SPI is 0, an SPI's interrupt ID is 32 more
        assertTrue(h, h.contains("  error: GIC SPI 220 (interrupt ID 252), level high\n"));
        // iommus = <&ipmmu_ds1 0> ... <&ipmmu_ds1 15>; Linux 6.12 allows only the SDHIs on R-Car H3 ES3.0
        assertTrue(h, h.contains("  &ipmmu_ds1 (/soc/iommu@e7740000) micro-TLBs 0–15\n"));
        assertTrue(h, h.contains("ipmmu_device_is_allowed(e7300000.dma-controller): not attached, not on the allow "
                + "list"));
        assertTrue(h, h.contains("status = \"okay\";    r8a77951-salvator-x.dts:"));
    }

    @Test
    public void dmasShowTheControllerAndMidRid() {
        String text = Boards.read(Boards.salvatorX()) + AMEND;
        Analysis a = Boards.board(Boards.salvatorX(), text);
        String h = hover(a, text, "&hscif1", 2);
        // r8a77951.dtsi line 842: dmas = <&dmac1 0x33>, <&dmac1 0x32>, <&dmac2 0x33>, <&dmac2 0x32>;
        // rcar-dmac's cell is the slave id, MID in bits 7:2 and RID in 1:0: 0x33 is MID 0x0c, RID 3
        assertTrue(h, h.contains("  tx: &dmac1 (/soc/dma-controller@e7300000) MID/RID 0x33 (MID 0xc, RID 3)\n"));
        assertTrue(h, h.contains("  rx: &dmac1 (/soc/dma-controller@e7300000) MID/RID 0x32 (MID 0xc, RID 2)\n"));
    }

    @Test
    public void regIsTranslatedThroughEveryRanges() throws Exception {
        Path f = tmp.getRoot().toPath().resolve("t.dts");
        String text = "/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tsoc {\n"
                + "\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
                + "\t\tranges = <0x0 0x0 0xe0000000 0x10000000>;\n\t\tbus@6000000 {\n\t\t\t#address-cells = <1>;\n"
                + "\t\t\t#size-cells = <1>;\n\t\t\tranges = <0x0 0x6000000 0x1000000>;\n"
                + "\t\t\tdev@700000 {\n\t\t\t\treg = <0x700000 0x1000>;\n\t\t\t};\n\t\t};\n\t};\n};\n";
        Files.writeString(f, text);
        Analysis a = Analyzer.analyze(CompileContext.board(f, List.of()), p -> null);
        String h = hover(a, text, "reg = <0x700000", 1);
        // 0x700000 on bus@6000000 -> 0x6700000 on /soc (its ranges: 0 -> 0x6000000) -> 0xe6700000 on / (the soc's
        // ranges: 0 -> 0xe0000000)
        assertEquals("/soc/bus@6000000/dev@700000 : reg\nreg = <0x700000 0x1000>;    t.dts:15\n"
                + "  0x700000, size 0x1000 (4 KiB) → 0x6700000 on /soc (ranges of /soc/bus@6000000) → 0xe6700000 on / "
                + "(ranges of /soc) → CPU 0xe6700000–0xe6700fff\n", h);
        // the same address as the device-tree core's own translation
        assertEquals(0xe6700000L, a.tree().get().node("/soc/bus@6000000/dev@700000").get().reg().get(0).address());
    }

    @Test
    public void macrosShowDefinitionExpansionAndValue() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("pins.h"), "#define PIN(bank, pin)\t(((bank) * 32) + (pin))\n");
        String text = "/dts-v1/;\n#include \"pins.h\"\n/ {\n\tgpios = <PIN(2, 5)>;\n};\n";
        Path f = dir.resolve("b.dts");
        Files.writeString(f, text);
        Analysis a = Analyzer.analyze(CompileContext.board(f, List.of()), p -> null);
        // cpp -P: PIN(2, 5) expands to (((2) * 32) + (5)), which is 69
        assertEquals("PIN\nPIN(2, 5)\n#define PIN(bank, pin) (((bank) * 32) + (pin))    pins.h:1\n"
                + "expands to (((2) * 32) + (5))\nvalue 69 (0x45)\n", hover(a, text, "PIN(2", 1));
    }

    @Test
    public void anIncludeShowsTheFileItReads() {
        String text = Boards.read(Boards.salvatorX());
        Analysis a = Boards.board(Boards.salvatorX());
        assertEquals("r8a77951.dtsi\n" + FileKey.of(Boards.r8a77951()) + "\n", hover(a, text, "r8a77951.dtsi\"", 1));
    }
}
