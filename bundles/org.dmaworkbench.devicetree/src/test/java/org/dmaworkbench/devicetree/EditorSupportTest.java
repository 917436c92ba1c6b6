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
}
