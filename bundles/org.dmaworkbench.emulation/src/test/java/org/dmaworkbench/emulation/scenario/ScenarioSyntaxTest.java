package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Kind;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Span;
import org.junit.Test;

/** What the editor colours, the statements it outlines and the board it compiles, from text that may not parse. */
public class ScenarioSyntaxTest {

    /** "KIND:text" for every span, in order. */
    private static List<String> spans(String text) {
        List<String> out = new ArrayList<>();
        for (Span s : ScenarioSyntax.highlight(text)) {
            out.add(s.kind() + ":" + text.substring(s.offset(), s.offset() + s.length()));
        }
        return out;
    }

    @Test
    public void everyKindOfPieceIsClassified() {
        String text = "board = koelsch   # the board\n"
                + "stop = first-error | time 100ms\n"
                + "client uart0 {\n"
                + "\tdevice = &scif0\n"
                + "\ttx text \"Hi\\n\" repeat 3 rate 115200\n"
                + "}\n"
                + "client m { device = /soc/dma-controller@e6700000; memcpy bytes 64KiB every 1ms }\n"
                + "bug uart0 = leak-mapping-at-unbind\n"
                + "bug uart0 = no-such-bug\n";
        assertEquals(List.of(
                "KEY:board", "OPERATOR:=", "VALUE:koelsch", "COMMENT:# the board",
                "KEY:stop", "OPERATOR:=", "VALUE:first-error", "OPERATOR:|", "KEY:time", "DURATION:100ms",
                "KEY:client", "VALUE:uart0",
                "KEY:device", "OPERATOR:=", "REFERENCE:&scif0",
                "KEY:tx", "KEY:text", "STRING:\"Hi\\n\"", "KEY:repeat", "NUMBER:3", "KEY:rate", "NUMBER:115200",
                "KEY:client", "VALUE:m", "KEY:device", "OPERATOR:=", "PATH:/soc/dma-controller@e6700000",
                "KEY:memcpy", "KEY:bytes", "NUMBER:64KiB", "KEY:every", "DURATION:1ms",
                "KEY:bug", "VALUE:uart0", "OPERATOR:=", "BUG_NAME:leak-mapping-at-unbind",
                "KEY:bug", "VALUE:uart0", "OPERATOR:=", "VALUE:no-such-bug"), spans(text));
    }

    @Test
    public void keysAreKeysOnlyWhereTheyBelong() {
        // 'device' at the top level and 'board' inside a client are errors, not keys
        assertEquals(List.of("VALUE:device", "OPERATOR:=", "REFERENCE:&scif0"), spans("device = &scif0\n"));
        assertEquals(List.of("KEY:client", "VALUE:c", "VALUE:board", "OPERATOR:=", "VALUE:koelsch"),
                spans("client c {\nboard = koelsch\n"));
    }

    @Test
    public void iommuAttachBlocksAreNoClients() {
        // FORMAT.md: iommu ipmmu_ds = on { attach = &dmac0 utlb 0..14 }
        String text = "iommu ipmmu_ds = on { attach = &dmac0 utlb 0..14, &scif0 }\nseed = 1\n";
        assertEquals(List.of("KEY:iommu", "VALUE:ipmmu_ds", "OPERATOR:=", "VALUE:on", "KEY:attach", "OPERATOR:=",
                "REFERENCE:&dmac0", "KEY:utlb", "NUMBER:0..14", "OPERATOR:,", "REFERENCE:&scif0", "KEY:seed",
                "OPERATOR:=", "NUMBER:1"), spans(text));
        var st = ScenarioSyntax.statements(text);
        assertNull(st.get(1).inClient());
        assertEquals("ipmmu_ds", st.get(1).inIommu());
        assertNull(st.get(2).inIommu());
        assertEquals("ipmmu_ds", ScenarioSyntax.iommuAt(text, text.indexOf("attach")));
        assertNull(ScenarioSyntax.clientAt(text, text.indexOf("attach")));
    }

    @Test
    public void statementsKnowTheirClientBlock() {
        var st = ScenarioSyntax.statements("board = koelsch\nclient a { device = &scif0; tx bytes 1 }\nseed = 1\n");
        assertEquals(5, st.size());
        assertNull(st.get(0).inClient());
        assertEquals("client a", st.get(1).display());
        assertNull(st.get(1).inClient());
        assertEquals("a", st.get(2).inClient());
        assertEquals("device = &scif0", st.get(2).display());
        assertEquals("tx bytes 1", st.get(3).display());
        assertNull(st.get(4).inClient());
        // char range of "device = &scif0": line 2 starts at 16, "client a { " is 11 chars
        assertEquals(27, st.get(2).start());
        assertEquals(42, st.get(2).end());
    }

    @Test
    public void clientAtTheCursor() {
        String text = "client a {\n\tdevice = &scif0\n\t\n}\n";
        assertNull(ScenarioSyntax.clientAt(text, 0));
        assertEquals("a", ScenarioSyntax.clientAt(text, text.indexOf("\t\n") + 1));
        assertNull(ScenarioSyntax.clientAt(text, text.length()));
    }

    @Test
    public void boardOfTextWithErrorsElsewhere() {
        BoardRef b = ScenarioSyntax.boardOf("kernel = 5.0\nboard = salvator-x\nclient {\n").orElseThrow();
        assertTrue(b.isBuiltin());
        assertEquals("salvator-x", b.builtinName());
        BoardRef f = ScenarioSyntax.boardOf("board = \"b/my.dts\"\ninclude = \"inc\"\ninclude = \"/k/include\"\n")
                .orElseThrow();
        assertFalse(f.isBuiltin());
        assertEquals("b/my.dts", f.file());
        assertEquals(List.of("inc", "/k/include"), f.includeDirs());
        assertTrue(ScenarioSyntax.boardOf("board = nosuchboard\n").isEmpty());
        assertTrue(ScenarioSyntax.boardOf("seed = 1\n").isEmpty());
    }

    @Test
    public void offsetOfCountsTabsAsTheParserDoes() {
        String text = "a\n\tkernel = 5.0\n";
        // "\tkernel": the tab takes columns 1-8, 'k' is at column 9 (gcc's count), offset 3
        assertEquals(3, ScenarioSyntax.offsetOf(text, 2, 9));
        // "5.0" starts 9 chars after 'k': column 18, offset 12
        assertEquals(12, ScenarioSyntax.offsetOf(text, 2, 18));
        assertEquals(0, ScenarioSyntax.offsetOf(text, 1, 1));
        assertEquals(1, ScenarioSyntax.offsetOf(text, 1, 40));
        assertEquals(text.length(), ScenarioSyntax.offsetOf(text, 9, 1));
        // and it agrees with a real diagnostic: kernel = 5.0 is reported at the value
        ScenarioResult r = ScenarioParser.parse("t", "board = koelsch\n\tkernel = 5.0\n");
        var pos = r.diagnostics().get(0).position();
        assertEquals("t:2:18", pos.toString());
    }
}
