package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.compile;
import static org.dmaworkbench.devicetree.Src.hex;
import static org.dmaworkbench.devicetree.Src.only;
import static org.dmaworkbench.devicetree.Src.prop;
import static org.dmaworkbench.devicetree.Src.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** The cpp stage: macros, conditionals, includes and where their errors point. */
public class PreprocessorTest {

    @Test
    public void objectAndFunctionLikeMacrosExpandInCells() {
        DeviceTree t = tree("#define GIC_SPI 0\n#define IRQ(n) GIC_SPI (n + 32) 4\n"
                + "/dts-v1/;\n/ { interrupts = <IRQ(3)>; };\n");
        // (3 + 32) = 35 = 0x23
        assertEquals("000000000000002300000004", hex(prop(t, "/", "interrupts").value()));
    }

    @Test
    public void stringifyAndPasteAsDtBindingsUseThem() {
        DeviceTree t = tree("#define CLK_A 7\n#define CLK(x) CLK_##x\n#define NAME(x) #x\n"
                + "/dts-v1/;\n/ { c = <CLK(A)>; s = NAME(a \"b\"); };\n");
        assertEquals("00000007", hex(prop(t, "/", "c").value()));
        // #x of a "b" is "a \"b\"", which dtc unescapes to a "b"
        assertEquals("a \"b\"", prop(t, "/", "s").string());
    }

    @Test
    public void variadicMacrosAndNestedArguments() {
        DeviceTree t = tree("#define LIST(...) __VA_ARGS__\n#define ADD(a, b) ((a) + (b))\n"
                + "/dts-v1/;\n/ { v = LIST(<1>, <ADD(ADD(1, 2), 3)>, <3>); };\n");
        assertEquals("000000010000000600000003", hex(prop(t, "/", "v").value()));
    }

    @Test
    public void selfReferentialMacroStopsAsInC() {
        // C11 6.10.3.4: the name of the macro being replaced is not replaced again
        CompileResult r = compile("#define foo foo\n/dts-v1/;\n/ { foo; };\n");
        assertFalse(r.formatDiagnostics(), r.hasErrors());
        assertTrue(r.tree().get().root().property("foo").isPresent());
    }

    @Test
    public void conditionalsWithDefinedAndArithmetic() {
        DeviceTree t = tree("#define A 2\n"
                + "#if defined(A) && A * 3 == 6 && !defined B\n#define R 1\n#elif 1\n#define R 2\n#else\n#define R 3\n#endif\n"
                + "#ifdef B\n#error no\n#endif\n"
                + "#if (-1 < 0) && (0xffffffffffffffff / 2 == 0x7fffffffffffffff) && (1 ? 5 : 6) == 5\n#define S 9\n#endif\n"
                + "/dts-v1/;\n/ { r = <R>; s = <S>; };\n");
        assertEquals("00000001", hex(prop(t, "/", "r").value()));
        assertEquals("00000009", hex(prop(t, "/", "s").value()));
    }

    @Test
    public void onlyDtsIsPredefined() {
        DeviceTree t = tree("/dts-v1/;\n/ { d = <__DTS__>; linux,code = \"linux unix\"; unix; };\n");
        assertEquals("00000001", hex(prop(t, "/", "d").value()));
        assertEquals("linux unix", prop(t, "/", "linux,code").string());
        assertTrue(t.root().property("unix").isPresent());
    }

    @Test
    public void hashLinesThatAreNotDirectivesPassThrough() {
        DeviceTree t = tree("/dts-v1/;\n/ {\n#address-cells = <1>;\n  #size-cells = <0>;\n};\n");
        assertEquals(List.of("#address-cells", "#size-cells"),
                t.root().properties().stream().map(DtProperty::name).toList());
    }

    @Test
    public void includesFollowQuotesAndAngles() {
        DeviceTree t = tree("#include <dt-bindings/x.h>\n#include \"board.dtsi\"\n/ { b = <X>; };\n",
                "dt-bindings/x.h", "#ifndef X_H\n#define X_H\n#define X 5\n#endif\n",
                "board.dtsi", "#include <dt-bindings/x.h>\n/dts-v1/;\n/ { a = <X>; };\n");
        assertEquals("00000005", hex(prop(t, "/", "a").value()));
        assertEquals("00000005", hex(prop(t, "/", "b").value()));
    }

    @Test
    public void errorInIncludedFileShowsTheIncludeChain() {
        CompileResult r = compile("/dts-v1/;\n#include \"a.dtsi\"\n",
                "a.dtsi", "// a\n#include \"b.dtsi\"\n",
                "b.dtsi", "/ {\n    x = <1 2;\n};\n");
        assertEquals("In file included from a.dtsi:2,\n"
                + "                 from main.dts:2:\n"
                + "b.dtsi:2:13: error: syntax error: expected a number, '(' expression ')', reference or '>' in cell list"
                + " but found ';'", only(r));
        assertEquals(new SourcePosition("b.dtsi", 2, 13), r.diagnostics().get(0).position());
    }

    @Test
    public void errorInsideMacroExpansionPointsAtTheInvocation() {
        CompileResult r = compile("#define BAD 1 2 ]\n/dts-v1/;\n/ {\n\tp = <BAD>;\n};\n");
        // the tab counts to column 8, as gcc's display columns: "p" at 9, "BAD" at 14
        assertEquals("main.dts:4:14: error: syntax error: expected a number, '(' expression ')', reference or '>'"
                + " in cell list but found ']'", only(r));
    }

    @Test
    public void missingIncludeIsFatalWithPosition() {
        CompileResult r = compile("/dts-v1/;\n#include   \"nothere.h\"\n/ { };\n");
        assertEquals("main.dts:2:12: error: nothere.h: No such file or directory", only(r));
        assertTrue(r.tree().isEmpty());
    }

    @Test
    public void includeCycleHitsTheDepthLimit() {
        CompileResult r = compile("#include \"loop.h\"\n", "loop.h", "#include \"loop.h\"\n");
        Diagnostic d = r.diagnostics().get(r.diagnostics().size() - 1);
        // gcc's limit and words, and the cycle: loop.h includes itself on its line 1
        assertEquals("#include nested depth 201 exceeds maximum of 200 (limit include-depth); include cycle: "
                + "loop.h:1 -> loop.h", d.message());
        assertEquals(new SourcePosition("loop.h", 1, 10), d.position());
        assertEquals(200, d.includedFrom().size());
    }

    @Test
    public void exponentialMacroExpansionIsStopped() {
        StringBuilder sb = new StringBuilder("#define M0 1\n");
        for (int i = 1; i <= 30; i++) {
            sb.append("#define M").append(i).append(" M").append(i - 1).append(" M").append(i - 1).append('\n');
        }
        sb.append("/dts-v1/;\n/ { p = <M30>; };\n");
        CompileResult r = compile(sb.toString());
        Diagnostic d = r.diagnostics().get(r.diagnostics().size() - 1);
        assertTrue(d.message(), d.message().startsWith("macro expansion produced more than 8000000 tokens"
                + " (limit expanded-tokens; runaway macro recursion?)"));
        assertEquals(new SourcePosition("main.dts", 33, 10), d.position());
    }

    @Test
    public void macroArgumentErrors() {
        assertEquals("main.dts:2:10: error: macro \"F\" requires 2 arguments, but only 1 given",
                only(compile("#define F(a, b) a\n/ { p = <F(1)>; };\n")));
        assertEquals("main.dts:2:10: error: unterminated argument list invoking macro \"F\"",
                only(compile("#define F(a, b) a\n/ { p = <F(1, 2>; };\n")));
    }

    /**
     * As cpp 12.2 evaluates them (same input through cpp -x assembler-with-cpp keeps A, C, D and E): no division
     * by zero in an operand that is not evaluated, a negative signed shift count shifts the other way, a count of
     * 64 or more shifts everything out.
     */
    @Test
    public void conditionalsSkipUnevaluatedOperandsAndShiftAsCpp() {
        DeviceTree t = tree("#if 1 ? 2 : (1 / 0)\n#define A 1\n#endif\n"
                + "#if 0 && (1 / 0)\n#define B 1\n#else\n#define C 1\n#endif\n"
                + "#if 1 || 1 % 0\n#define D 1\n#endif\n"
                + "#if (81 >> -2) == 324 && (1 << -1) == 0 && (-8 >> 64) == -1 && (8u >> 64) == 0 && (-1 >> 1) == -1\n"
                + "#define E 1\n#endif\n"
                + "/dts-v1/;\n/ { a = <A>; c = <C>; d = <D>; e = <E>; };\n");
        assertEquals("00000001", hex(prop(t, "/", "e").value()));
        assertEquals(List.of("a", "c", "d", "e"), t.root().properties().stream().map(DtProperty::name).toList());
    }

    @Test
    public void conditionalErrors() {
        assertEquals("main.dts:1:1: error: unterminated #if", only(compile("#if 1\n/dts-v1/;\n/ { };\n")));
        assertEquals("main.dts:1:1: error: #endif without #if", only(compile("#endif\n/dts-v1/;\n/ { };\n")));
        assertEquals("main.dts:1:7: error: division by zero in #if", only(compile("#if 1 / 0\n#endif\n/dts-v1/;\n/ { };\n")));
        assertEquals("main.dts:3:1: error: #error board not supported",
                only(compile("/dts-v1/;\n/ { };\n#error board not supported\n")));
    }
}
