package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.compile;
import static org.dmaworkbench.devicetree.Src.only;
import static org.dmaworkbench.devicetree.Src.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.internal.Reporter;
import org.dmaworkbench.devicetree.internal.pp.Preprocessor;
import org.junit.Test;

/**
 * The text the cpp stage produces, space for space, where dtc would read it differently otherwise. Every
 * expected line is what {@code cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp main.dts} (GNU cpp 12.2)
 * printed for the same input, without its "# N" line markers and blank lines.
 */
public class PreprocessorOutputTest {

    /** The non-blank lines of the preprocessed text. */
    private static String pp(String main) {
        Reporter rep = new Reporter();
        String text = new Preprocessor(IncludeResolver.none(), rep).run(new SourceFile("main.dts", main)).toString();
        assertTrue(rep.diagnostics().toString(), rep.diagnostics().isEmpty());
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return String.join("\n", lines);
    }

    /**
     * In assembler mode "pin- ## gpa0" is no token, so cpp keeps both sides and, as no padding separates them,
     * prints them without a space (the Exynos pin macros); the argument's own white space still counts.
     */
    @Test
    public void failedPasteKeepsTheSidesTogether() {
        assertEquals("pin-gpa0-0 { samsung,pins = \"gpa0-0\"; samsung,pin-function = <2>; }\n"
                + "pin- gpb1-3 { samsung,pins = \"gpb1-3\"; samsung,pin-function = <3>; }",
                pp("#define PIN(_pin, _func) pin- ## _pin { samsung,pins = #_pin; samsung,pin-function = <_func>; }\n"
                        + "PIN(gpa0-0, 2)\nPIN( gpb1-3, 3)\n"));
    }

    /** Marvell's CP11X_NODE_NAME shape: two failed pastes through nested macros give one node name. */
    @Test
    public void nestedFailedPastesGiveOneName() {
        String defs = "#define PASTER(x, y) x ## y\n#define EVALUATOR(x, y) PASTER(x, y)\n#define UNIT cp1\n"
                + "#define NODE_NAME(name) EVALUATOR(UNIT, EVALUATOR(-, name))\n"
                + "#define LABEL(name) EVALUATOR(UNIT, EVALUATOR(_, name))\n";
        assertEquals("cp1_uart0: cp1-uart-0", pp(defs + "LABEL(uart0): NODE_NAME(uart-0)\n"));
        DeviceTree t = tree(defs + "/dts-v1/;\n/ { LABEL(uart0): NODE_NAME(uart-0) { }; };\n");
        assertEquals("cp1-uart-0", t.nodeByLabel("cp1_uart0").orElseThrow().name());
    }

    /** Padding: the white space before an argument that starts with an empty macro is the argument's own. */
    @Test
    public void paddingDecidesSpaces() {
        assertEquals("[ x] [ x] [ x] [x] [x]\na - b\n\"E x\" \"a E b\" \"I( x)y\"",
                pp("#define E\n#define F()\n#define I(x) x\n#define V(a) [a]\n"
                        + "V(E x) V(F() x) V( E x) V(I( x)) V(I(x))\na E-E b\n"
                        + "#define S(x) #x\nS(E x) S(a  E  b) S(I( x)y)\n"));
    }

    /** gcc 12's cpp_avoid_paste(): '%' before '>', "<=" before '>', a number before a character constant. */
    @Test
    public void spacesThatAvoidAccidentalPastes() {
        assertEquals("% > <= > 1 'c' 1\"s\" / / <<= .5",
                pp("#define P(a, b) a ## b\n#define N 1\n#define L <=\n"
                        + "P(%, >) L> N'c' N\"s\" P(/, /) P(<, <=) P(., 5)\n"));
    }

    /** gcc -x assembler-with-cpp has no '$' in identifiers. */
    @Test
    public void dollarIsNotPartOfANameInAssemblerMode() {
        assertEquals("x$1 $1 1$", pp("#define A 1\nx$A $A A$\n"));
    }

    /** A function-like macro's name without '(' keeps the line break cpp read past while looking for one. */
    @Test
    public void newlineAfterAFunctionLikeNameStays() {
        assertEquals("Q\n2 3", pp("#define Q(a) a\nQ\n#define T 2\nT Q (3)\n"));
    }

    /** Backslash-newline joins lines inside a name and a string too, also with blanks before the newline. */
    @Test
    public void lineSplicesInsideTokens() {
        assertEquals("M0cd \"xy\" z", pp("#define M0 ab\nM0\\\ncd \"x\\  \ny\" z\n"));
    }

    /**
     * In assembler mode cpp passes "# 5 "file"" through and dtc takes it as a line marker: later positions are
     * that file's (dtc 1.6.1 on cpp's output: "Error: other.dts:5.13-14 syntax error"). "#line" is cpp's own and
     * ends the same way. A marker not in column 1 is none ("Error: main.dts:2.3-4 syntax error").
     */
    @Test
    public void lineMarkersMovePositionsAsInDtc() {
        assertEquals("other.dts:5:13: error: syntax error: expected a number, '(' expression ')', reference or '>'"
                + " in cell list but found ';'", only(compile("/dts-v1/;\n# 5 \"other.dts\"\n/ { p = <1 2; };\n")));
        assertEquals("other.dts:5:13: error: syntax error: expected a number, '(' expression ')', reference or '>'"
                + " in cell list but found ';'", only(compile("/dts-v1/;\n#line 5 \"other.dts\"\n/ { p = <1 2; };\n")));
        assertEquals("main.dts:2:3: error: syntax error: expected '/ {' (the root node) but found name '#'",
                only(compile("/dts-v1/;\n  # 5 \"other.dts\"\n/ { p = <1 2; };\n")));
    }

    /** dtc 1.6.1: "Lexical error: main.dts:2.1-15 nul in line number directive", and no output. */
    @Test
    public void nulInALineMarkerIsAnError() {
        CompileResult r = compile("/dts-v1/;\n# 1 \"a\\0b.dts\"\n/ { p = <1>; };\n");
        assertEquals("main.dts:2:1: error: nul in line number directive", only(r));
        assertTrue(r.tree().isEmpty());
        assertEquals("main.dts:2:1: error: nul in line number directive",
                only(compile("/dts-v1/;\n# 5 \"a\\x00b.dts\"\n/ { p = <1>; };\n")));
    }
}
