package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.compile;
import static org.dmaworkbench.devicetree.Src.only;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Errors and dtc's common warnings, with exact positions (1-based line and column). */
public class DiagnosticsTest {

    @Test
    public void syntaxErrorStopsWithPosition() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  p = <1>\n};\n");
        assertEquals("main.dts:4:1: error: syntax error: expected ';' at the end of property 'p' but found '}'",
                only(r));
        assertTrue(r.tree().isEmpty());
        assertTrue(r.hasErrors());
    }

    @Test
    public void missingHeader() {
        assertEquals("main.dts:1:1: error: syntax error: expected '/dts-v1/;' at the start of the source but found"
                + " '/'", only(compile("/ { };\n")));
    }

    @Test
    public void unresolvedReferencePointsAtTheReference() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  n { x = <1 &nolabel>; };\n};\n");
        assertEquals("main.dts:3:14: error: /n: Reference to non-existent node or label \"nolabel\""
                + " [phandle_references]", only(r));
    }

    @Test
    public void unknownLabelInOverride() {
        assertEquals("main.dts:3:1: error: Label or path nolabel not found",
                only(compile("/dts-v1/;\n/ { };\n&nolabel { p; };\n")));
    }

    @Test
    public void duplicateLabelAndNodeName() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  l: a { };\n  l: b { };\n};\n");
        assertEquals("main.dts:4:6: error: /b: Duplicate label 'l' on /b and /a [duplicate_label]", only(r));
        CompileResult r2 = compile("/dts-v1/;\n/ {\n  a { };\n  a { };\n};\n");
        assertEquals("main.dts:4:3: error: /a: Duplicate node name [duplicate_node_names]", only(r2));
    }

    @Test
    public void unitAddressAndRegWarnings() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  #address-cells = <1>;\n  #size-cells = <1>;\n"
                + "  a@10 { };\n  b { reg = <0x20 4>; };\n  c@30 { reg = <0x30>; };\n};\n");
        assertFalse(r.hasErrors());
        assertEquals("main.dts:5:3: warning: /a@10: node has a unit name, but no reg or ranges property"
                + " [unit_address_vs_reg]\n"
                + "main.dts:6:3: warning: /b: node has a reg or ranges property, but no unit name [unit_address_vs_reg]\n"
                + "main.dts:7:10: warning: /c@30:reg: property has invalid length (4 bytes) (#address-cells == 1,"
                + " #size-cells == 1) [reg_format]\n", r.formatDiagnostics());
    }

    @Test
    public void dmaAndIommuSpecifierCellsMustMatchTheProvider() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  dmac: dma { #dma-cells = <2>; };\n"
                + "  mmu: iommu { };\n  dev {\n    dmas = <&dmac 1>;\n    iommus = <&mmu 5>;\n  };\n};\n");
        assertEquals("main.dts:6:5: warning: /dev:dmas: property size (8) too small for cell size 2 [dmas]\n"
                + "main.dts:5:3: warning: /dev: Missing property '#iommu-cells' in node /iommu or bad phandle"
                + " (referred from iommus[0]) [iommus]\n", r.formatDiagnostics());
    }

    @Test
    public void interruptSpecifiersMustMatchInterruptCells() {
        CompileResult r = compile("/dts-v1/;\n/ {\n  gic: ic { interrupt-controller; #interrupt-cells = <3>; };\n"
                + "  dev { interrupt-parent = <&gic>; interrupts = <0 1>; };\n  orphan { interrupts = <1>; };\n};\n");
        assertEquals("main.dts:3:35: warning: /dev:#interrupt-cells: size is (8), expected multiple of 12"
                + " [interrupts_property]\n"
                + "main.dts:5:3: warning: /orphan: Missing interrupt-parent [interrupts_property]\n",
                r.formatDiagnostics());
        // dtc 1.6.1 adds "di.dts:3.11-61: Warning (interrupt_provider): /ic: Missing #address-cells in interrupt
        // provider", a check that is off by default here (CompileOptions.OPTIONAL_WARNINGS)
    }

    @Test
    public void lexicalErrors() {
        assertEquals("main.dts:2:10: error: Bad integer literal '09'", only(compile("/dts-v1/;\n/ { p = <09>; };\n")));
        assertEquals("main.dts:2:10: error: Character literal has 2 characters instead of 1",
                only(compile("/dts-v1/;\n/ { p = <'ab'>; };\n")));
        assertEquals("main.dts:2:11: error: Division by zero",
                only(compile("/dts-v1/;\n/ { p = <(1 / 0)>; };\n")));
    }

    /**
     * dtc 1.6.1 rejects a cell whose bits above the element size are neither all 0 nor all 1 ("Error: a.dts:2.10-21
     * Value out of range for 32-bit array element", then "FATAL ERROR: Syntax error parsing input tree").
     */
    @Test
    public void valueOutOfRangeIsAnError() {
        CompileResult r = compile("/dts-v1/;\n/ { p = <0x100000000>; };\n");
        assertEquals("main.dts:2:10: error: Value out of range for 32-bit array element", only(r));
        assertTrue(r.tree().isEmpty());
        assertEquals("main.dts:2:19: error: Value out of range for 8-bit array element",
                only(compile("/dts-v1/;\n/ { p = /bits/ 8 <256>; };\n")));
        assertEquals("main.dts:2:20: error: Value out of range for 16-bit array element",
                only(compile("/dts-v1/;\n/ { p = /bits/ 16 <0x10000>; };\n")));
        assertEquals("main.dts:2:19: error: Value out of range for 8-bit array element",
                only(compile("/dts-v1/;\n/ { p = /bits/ 8 <(-257)>; };\n")));
        assertEquals("main.dts:2:10: error: Value out of range for 32-bit array element",
                only(compile("/dts-v1/;\n/ { p = <(-0x100000001)>; };\n")));
    }

    /** Negative values (upper bits all 1) fit; dtc 1.6.1 -O dts prints these values for the same input. */
    @Test
    public void negativeValuesThatFitAreKept() {
        DeviceTree t = Src.tree("/dts-v1/;\n/ { a = /bits/ 8 <(-1) (-256)>; b = /bits/ 16 <(-65536)>;"
                + " c = <(-0x100000000) 0xffffffff00000000>; d = /bits/ 64 <0xffffffffffffffff>; };\n");
        assertEquals("ff00", Src.hex(Src.prop(t, "/", "a").value()));
        assertEquals("0000", Src.hex(Src.prop(t, "/", "b").value()));
        assertEquals("0000000000000000", Src.hex(Src.prop(t, "/", "c").value()));
        assertEquals("ffffffffffffffff", Src.hex(Src.prop(t, "/", "d").value()));
    }

    /**
     * Input with no token still gets a position: dtc 1.6.1 reports "comments.dts:2.18-3.1 syntax error" after a
     * last comment ending in column 17 of line 2 and "nov1.dts:1.1-2" without /dts-v1/; for an empty file it says
     * "empty.dts:0.0", which is no place in an editor, so here it is line 1, column 1.
     */
    @Test
    public void emptyInputErrorsHavePositions() {
        assertEquals("main.dts:1:1: error: syntax error: expected '/dts-v1/;' at the start of the source but found"
                + " end of input", only(compile("")));
        assertEquals("main.dts:2:18: error: syntax error: expected '/dts-v1/;' at the start of the source but found"
                + " end of input", only(compile("// only a comment\n/* and another */\n")));
        assertEquals("main.dts:1:1: error: syntax error: expected '/dts-v1/;' at the start of the source but found"
                + " '/'", only(compile("/ { p = <1>; };\n")));
    }

    @Test
    public void deepNestingIsRefusedNotAStackOverflow() {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ { p = <");
        sb.append("(".repeat(5000)).append('1').append(")".repeat(5000)).append(">; };\n");
        CompileResult r = compile(sb.toString());
        assertEquals("main.dts:2:266: error: expression nested too deeply", only(r));
    }
}
