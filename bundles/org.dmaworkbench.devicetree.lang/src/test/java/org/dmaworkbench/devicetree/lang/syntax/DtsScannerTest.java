package org.dmaworkbench.devicetree.lang.syntax;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** Each piece of source gets the role dtc's grammar and cpp give it; expected kinds are read off the text. */
public class DtsScannerTest {

    private static List<String> kinds(String text) {
        Tokens t = DtsScanner.scan(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.kind(i) + " " + t.image(i));
        }
        return out;
    }

    @Test
    public void nodesPropertiesLabelsReferencesAndCells() {
        String src = "/dts-v1/;\n#include <dt-bindings/gpio/gpio.h>\n#define FOO(x) (x + 1)\n"
                + "/ {\n\t#address-cells = <2>;\n\tdmac1: dma-controller@e7300000 {\n"
                + "\t\tdmas = <&dmac1 0x31>, <&{/soc/x} FOO(2)>;\n\t\tstatus = \"okay\"; // on\n\t};\n};\n";
        assertEquals(List.of("DIRECTIVE /dts-v1/", "PUNCTUATION ;", "PREPROCESSOR #include",
                "INCLUDE_PATH <dt-bindings/gpio/gpio.h>", "PREPROCESSOR #define", "MACRO_DEFINITION FOO",
                "PREPROCESSOR (x) (x + 1)", "PUNCTUATION /", "PUNCTUATION {", "PROPERTY_NAME #address-cells",
                "PUNCTUATION =", "PUNCTUATION <", "NUMBER 2", "PUNCTUATION >", "PUNCTUATION ;", "LABEL dmac1",
                "PUNCTUATION :", "NODE_NAME dma-controller", "UNIT_ADDRESS @e7300000", "PUNCTUATION {",
                "PROPERTY_NAME dmas", "PUNCTUATION =", "PUNCTUATION <", "REFERENCE &dmac1", "NUMBER 0x31",
                "PUNCTUATION >", "PUNCTUATION ,", "PUNCTUATION <", "REFERENCE &{/soc/x}", "MACRO FOO",
                "PUNCTUATION (", "NUMBER 2", "PUNCTUATION )", "PUNCTUATION >", "PUNCTUATION ;",
                "PROPERTY_NAME status", "PUNCTUATION =", "STRING \"okay\"", "PUNCTUATION ;", "COMMENT // on",
                "PUNCTUATION }", "PUNCTUATION ;", "PUNCTUATION }", "PUNCTUATION ;"), kinds(src));
    }

    @Test
    public void expressionsBytesAndDirectivesInValues() {
        assertEquals(List.of("PROPERTY_NAME a", "PUNCTUATION =", "PUNCTUATION <", "PUNCTUATION (", "NUMBER 1",
                "OPERATOR <<", "NUMBER 4", "OPERATOR &", "MACRO MASK", "PUNCTUATION )", "PUNCTUATION >",
                "PUNCTUATION ,", "PUNCTUATION [", "NUMBER 01", "NUMBER 0a", "PUNCTUATION ]", "PUNCTUATION ;",
                "PROPERTY_NAME b", "PUNCTUATION =", "DIRECTIVE /bits/", "NUMBER 16", "PUNCTUATION <", "NUMBER 1",
                "PUNCTUATION >", "PUNCTUATION ;"), kinds("a = <(1 << 4 & MASK)>, [01 0a];\nb = /bits/ 16 <1>;\n"));
    }

    @Test
    public void aHashAtTheStartOfALineIsADirectiveOnlyWhenCppKnowsIt() {
        // cpp in assembler mode passes "#size-cells" through; "#if" and "# 12" (a line marker) are its own
        assertEquals(List.of("PROPERTY_NAME #size-cells", "PUNCTUATION ;", "PREPROCESSOR #if",
                "PREPROCESSOR defined(X) && \\\n  Y", "PREPROCESSOR #endif", "PREPROCESSOR # 12", "PREPROCESSOR \"f.dts\""),
                kinds("#size-cells;\n#if defined(X) && \\\n  Y\n#endif\n# 12 \"f.dts\"\n"));
    }

    @Test
    public void aNameWhoseRoleIsNotKnownYetStaysAName() {
        // typing: "stat" with nothing after it
        assertEquals(List.of("REFERENCE &x", "PUNCTUATION {", "NAME stat"), kinds("&x {\n\tstat"));
    }

    @Test
    public void tokensAreFoundByOffset() {
        Tokens t = DtsScanner.scan("a = <&lbl 1>;");
        assertEquals(TokenKind.REFERENCE, t.kind(t.indexAt(6)));
        assertEquals(TokenKind.REFERENCE, t.kind(t.indexAt(9))); // the caret right after "&lbl"
        assertEquals(-1, t.indexAt(100));
    }
}
