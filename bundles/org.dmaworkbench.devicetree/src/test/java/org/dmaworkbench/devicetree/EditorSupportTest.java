package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** What editors read beside the tree: every definition of a node, where labels were written, the macro table. */
public class EditorSupportTest {
    private static final String HEADER = "#define PIN(bank, pin)\t(((bank) * 32) + (pin))\n"
            + "#define CAT(a, b) a ## b\n#define STR(x) #x\n#define V(...) f(__VA_ARGS__)\n#define SPI 0\n";
    private static final String SOC = "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
            + "\tsoc {\n\t\tdmac: dma@100 { reg = <0x100 4>; };\n\t};\n};\n";
    private static final String BOARD = "#include \"soc.dtsi\"\n#include \"a.h\"\n\n&dmac {\n\tstatus = \"okay\";\n};\n"
            + "/ {\n\tsoc {\n\t\tdma@100 { x = <SPI>; };\n\t};\n};\n";

    private static CompileResult board() {
        CompileResult r = Src.compile(BOARD, "soc.dtsi", SOC, "a.h", HEADER);
        assertFalse(r.formatDiagnostics(), r.hasErrors());
        return r;
    }

    @Test
    public void aNodeListsEveryBlockThatDefinedIt() {
        DtNode d = board().tree().get().nodeByLabel("dmac").get();
        // dtc -T prints "dma@100 { /* soc.dtsi:6, main.dts:4, main.dts:9 */" for this source: the node's name,
        // then the '{' of &dmac { and of the second dma@100 {; columns count tabs to multiples of 8 (gcc's)
        assertEquals(List.of(new SourcePosition("soc.dtsi", 6, 23), new SourcePosition("main.dts", 4, 7),
                new SourcePosition("main.dts", 9, 17)), d.definitions());
        assertEquals(d.position(), d.definitions().get(0));
    }

    @Test
    public void labelsKnowWhereTheyWereWritten() {
        DeviceTree t = board().tree().get();
        DtNode d = t.nodeByLabel("dmac").get();
        // "\t\tdmac: dma@100": the label starts in display column 17
        assertEquals(new SourcePosition("soc.dtsi", 6, 17), d.labelPosition("dmac").get());
        assertTrue(d.labelPosition("other").isEmpty());
        assertTrue(t.root().labelPosition("dmac").isEmpty());
    }

    @Test
    public void theMacroTableSpellsDefinitionsBackAndExpandsAsCppDoes() {
        Macros m = board().macros();
        MacroDefinition pin = m.get("PIN").get();
        assertTrue(pin.functionLike());
        assertEquals(List.of("bank", "pin"), pin.parameters());
        assertEquals("(((bank) * 32) + (pin))", pin.body());
        assertEquals("#define PIN(bank, pin) (((bank) * 32) + (pin))", pin.directive());
        assertEquals(new SourcePosition("a.h", 1, 9), pin.position());
        assertEquals("#define CAT(a, b) a ## b", m.get("CAT").get().directive());
        assertEquals("#define STR(x) #x", m.get("STR").get().directive());
        assertEquals("#define V(...) f(__VA_ARGS__)", m.get("V").get().directive());
        assertEquals("0", m.get("SPI").get().body());
        // the kernel's own -D__DTS__ is there; cpp's __LINE__ and __FILE__ are not listed
        assertEquals("1", m.get("__DTS__").get().body());
        assertFalse(m.definitions().containsKey("__LINE__"));
        // cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -P on "#include "a.h"" and these lines prints
        // "(((2) * 32) + (5))" and "xy "q" f(1, 2) <0 12>"
        assertEquals("(((2) * 32) + (5))", m.expand("PIN(2, 5)"));
        assertEquals("xy \"q\" f(1, 2) <0 12>", m.expand("CAT(x, y) STR(q) V(1, 2) <SPI 12>"));
        assertEquals("NOT_A_MACRO 3", m.expand("NOT_A_MACRO 3"));
    }

    @Test
    public void aFileThatCannotBeReadHasNoMacros() {
        CompileResult r = DeviceTreeCompiler.compile(java.nio.file.Path.of("/nonexistent/x.dts"), List.of());
        assertTrue(r.macros().definitions().isEmpty());
        assertEquals("A", r.macros().expand("A"));
    }

    /** dtc -O dts prints "a = <0x00 0x01 0x02>, <0x00 0x03 0x04>;": the groups as written, which the bytes do not keep. */
    @Test
    public void valuesKnowHowTheyWereWritten() {
        DeviceTree t = Src.tree("/dts-v1/;\n/ {\n\tg = &l;\n\tl: n { a = <0 1 2>, <0 3 4>; b = \"x\", \"y\"; c = /bits/ 16 <1 2>;"
                + " d = <1>, \"s\"; e = [01 02 03 04]; f = <>, &l, \"t\"; };\n};\n");
        DtNode n = t.node("/n").get();
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_32, 0, 12),
                new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_32, 12, 12)), n.property("a").get().chunks());
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 0, 2),
                new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 2, 2)), n.property("b").get().chunks());
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_16, 0, 4)), n.property("c").get().chunks());
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_32, 0, 4),
                new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 4, 2)), n.property("d").get().chunks());
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.BYTES, 0, 4)), n.property("e").get().chunks());
        // &l as a value is the path "/n" and its NUL, inserted where the reference stood: "t" moves behind it
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_32, 0, 0),
                new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 0, 3),
                new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 3, 2)), n.property("f").get().chunks());
        assertEquals("/n", t.root().property("g").get().string());
        assertEquals(List.of(new DtProperty.Reference(0, "l", true)), n.property("f").get().references());
        DeviceTree u = Src.tree("/dts-v1/;\n/ {\n\tl: n { d = <1 &l>, <&{/n} 2>; };\n};\n");
        assertEquals(List.of(new DtProperty.Reference(4, "l", false), new DtProperty.Reference(8, "/n", false)),
                u.node("/n").get().property("d").get().references());
        assertEquals(List.of(new DtProperty.Chunk(DtProperty.ChunkKind.STRING, 0, 3)),
                t.root().property("g").get().chunks());
        // phandle is the compiler's own: no chunks
        assertEquals(List.of(), n.property("phandle").map(DtProperty::chunks).orElse(List.of()));
    }
}
