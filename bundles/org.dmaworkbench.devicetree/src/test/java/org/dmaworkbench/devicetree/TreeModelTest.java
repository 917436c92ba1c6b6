package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.tree;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The immutable tree: paths, labels, phandles, aliases, reg translation and specifiers. */
public class TreeModelTest {
    private static final String SOC = "/dts-v1/;\n/ {\n  #address-cells = <2>;\n  #size-cells = <2>;\n"
            + "  aliases { serial0 = &scif0; dma0 = \"/soc/dma-controller@6700000\"; };\n"
            + "  soc {\n    compatible = \"simple-bus\";\n    #address-cells = <1>;\n    #size-cells = <1>;\n"
            + "    ranges = <0x0 0x0 0xe0000000 0x10000000>;\n"
            + "    dmac: dma-controller@6700000 {\n      compatible = \"renesas,dmac-r8a7795\", \"renesas,rcar-dmac\";\n"
            + "      reg = <0x6700000 0x10000>;\n      #dma-cells = <1>;\n      iommus = <&mmu 0>, <&mmu 1>;\n    };\n"
            + "    mmu: iommu@7000000 { reg = <0x7000000 0x1000>; #iommu-cells = <1>; status = \"disabled\"; };\n"
            + "    scif0: serial@6e60000 {\n      reg = <0x6e60000 0x40 0x6e70000 0x40>;\n"
            + "      dmas = <&dmac 0x51>, <&dmac 0x50>;\n      dma-names = \"tx\", \"rx\";\n      status = \"okay\";\n    };\n"
            + "    bus {\n      #address-cells = <1>;\n      #size-cells = <1>;\n      ranges;\n"
            + "      dev@100 { reg = <0x100 4>; clock-frequency = <66666666>; };\n    };\n  };\n};\n";

    @Test
    public void pathsLabelsAndPhandles() {
        DeviceTree t = tree(SOC);
        DtNode dmac = t.nodeByLabel("dmac").get();
        assertEquals("dma-controller@6700000", dmac.name());
        assertEquals("/soc/dma-controller@6700000", dmac.path());
        assertEquals("dma-controller", dmac.baseName());
        assertEquals("6700000", dmac.unitAddress());
        assertSame(dmac, t.node("/soc/dma-controller@6700000").get());
        assertEquals("/soc", dmac.parent().get().path());
        // walk order: aliases (path ref, no phandle), then dmac's iommus -> mmu gets 1, scif0's dmas -> dmac 2
        assertEquals(1, t.nodeByLabel("mmu").get().phandle());
        assertEquals(2, dmac.phandle());
        assertSame(dmac, t.nodeByPhandle(2).get());
        assertTrue(t.nodeByPhandle(0).isEmpty());
        assertEquals(0, t.node("/soc").get().phandle());
        assertEquals(new SourcePosition("main.dts", 11, 11), dmac.position());
        assertEquals(new SourcePosition("main.dts", 13, 7), dmac.property("reg").get().position());
    }

    @Test
    public void aliasesAndTypedGetters() {
        DeviceTree t = tree(SOC);
        assertEquals(Map.of("serial0", "/soc/serial@6e60000", "dma0", "/soc/dma-controller@6700000"), t.aliases());
        assertSame(t.nodeByLabel("scif0").get(), t.node("serial0").get());
        DtNode dmac = t.nodeByLabel("dmac").get();
        assertEquals(List.of("renesas,dmac-r8a7795", "renesas,rcar-dmac"), dmac.compatible());
        assertTrue(dmac.isCompatible("renesas,rcar-dmac"));
        assertFalse(dmac.isCompatible("renesas,rcar"));
        assertEquals(1L, dmac.u32("#dma-cells").getAsLong());
        assertTrue(dmac.u32("reg").isEmpty());
        assertTrue(dmac.isEnabled());
        assertFalse(t.nodeByLabel("mmu").get().isEnabled());
        assertTrue(t.nodeByLabel("scif0").get().isEnabled());
        assertEquals(List.of("tx", "rx"), t.nodeByLabel("scif0").get().strings("dma-names"));
        assertEquals(66666666L, t.node("/soc/bus/dev@100").get().u32("clock-frequency").getAsLong());
        assertArrayEquals(new int[] {0x6700000, 0x10000}, dmac.property("reg").get().cells());
    }

    @Test
    public void regIsTranslatedThroughRanges() {
        DeviceTree t = tree(SOC);
        assertEquals(List.of(new RegEntry(0xe6700000L, 0x10000)), t.nodeByLabel("dmac").get().reg());
        assertEquals(List.of(new RegEntry(0xe6e60000L, 0x40), new RegEntry(0xe6e70000L, 0x40)),
                t.nodeByLabel("scif0").get().reg());
        // empty ranges is an identity mapping, then the soc's ranges apply
        assertEquals(List.of(new RegEntry(0xe0000100L, 4)), t.node("/soc/bus/dev@100").get().reg());
        assertEquals(List.of(), t.node("/soc").get().reg());
    }

    @Test
    public void specifiersFollowTheProvidersCells() {
        DeviceTree t = tree(SOC);
        DtNode scif = t.nodeByLabel("scif0").get();
        List<PhandleSpecifier> dmas = scif.specifiers("dmas", "#dma-cells");
        assertEquals(2, dmas.size());
        assertSame(t.nodeByLabel("dmac").get(), dmas.get(0).provider());
        assertArrayEquals(new int[] {0x51}, dmas.get(0).args());
        assertArrayEquals(new int[] {0x50}, dmas.get(1).args());
        assertEquals(new SourcePosition("main.dts", 20, 7), dmas.get(0).position());
        List<PhandleSpecifier> iommus = t.nodeByLabel("dmac").get().specifiers("iommus", "#iommu-cells");
        assertEquals(2, iommus.size());
        assertEquals("/soc/iommu@7000000", iommus.get(1).provider().path());
        assertArrayEquals(new int[] {1}, iommus.get(1).args());
    }

    @Test
    public void dtbRoundTripsThroughTheReader() throws Exception {
        DeviceTree t = tree(SOC);
        byte[] dtb = Dtb.write(t);
        DeviceTree back = Dtb.read(dtb);
        assertEquals(DtsWriter.write(t), DtsWriter.write(back));
        assertArrayEquals(dtb, Dtb.write(back));
        assertEquals(2, back.node("/soc/dma-controller@6700000").get().phandle());
        assertEquals(List.of(new RegEntry(0xe6700000L, 0x10000)),
                back.node("/soc/dma-controller@6700000").get().reg());
    }

    @Test
    public void readerRejectsBadBlobsWithMessages() {
        assertEquals("bad DTB magic 0x01020304 (expected 0xd00dfeed)", readError(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals("DTB too short for a header (3 bytes)", readError(new byte[3]));
        byte[] dtb = Dtb.write(tree("/dts-v1/;\n/ { p = <1>; };\n"));
        // header 40 + reserve terminator 16 + struct 32 + strings "p\0" 2 = 90 bytes
        assertEquals(90, dtb.length);
        assertEquals("DTB truncated: header says 90 bytes, have 80",
                readError(java.util.Arrays.copyOf(dtb, 80)));
        byte[] bad = dtb.clone();
        bad[67] = 7; // the FDT_PROP token (struct offset 8, file offset 64) becomes 7
        assertEquals("unexpected token 7 at offset 8 (expected a property, a child node or FDT_END_NODE)",
                readError(bad));
    }

    private static String readError(byte[] b) {
        try {
            Dtb.read(b);
            throw new AssertionError("no error");
        } catch (DtbFormatException e) {
            return e.getMessage();
        }
    }
}
