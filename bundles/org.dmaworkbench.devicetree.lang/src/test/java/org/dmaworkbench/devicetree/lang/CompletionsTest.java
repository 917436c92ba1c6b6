package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** Content assist on r8a77951-salvator-x.dts as a user types. */
public class CompletionsTest {

    private static List<Completions.Proposal> at(String text, String marker) {
        int off = text.indexOf(marker);
        Analysis a = Boards.board(Boards.salvatorX());
        return Completions.at(a, text.replace(marker, ""), off);
    }

    private static final String BASE = Boards.read(Boards.salvatorX());

    @Test
    public void compatibleOffersWhatTheHardwareModelKnows() {
        List<Completions.Proposal> p = at(BASE + "\n&dmac1 {\n\tcompatible = \"renesas,rcar-d|\";\n};\n", "|");
        Completions.Proposal dmac = p.stream().filter(x -> x.label().equals("renesas,rcar-dmac")).findFirst()
                .orElseThrow(() -> new AssertionError(p.toString()));
        assertTrue(dmac.detail(), dmac.detail().startsWith("modelled: SYS-DMAC"));
        assertEquals("renesas,rcar-d".length(), dmac.length());
        assertTrue(p.stream().allMatch(x -> x.label().startsWith("renesas,rcar-d")));
        // the compatible being typed is in the compiled tree, but is no proposal
        assertFalse(p.toString(), p.stream().anyMatch(x -> x.label().equals("renesas,rcar-d")));
    }

    @Test
    public void labelsAfterAnAmpersand() {
        List<Completions.Proposal> p = at(BASE + "\n&hscif1 {\n\tdmas = <&dmac|>;\n};\n", "|");
        assertEquals(List.of("dmac0", "dmac1", "dmac2"), p.stream().map(Completions.Proposal::label).toList());
        assertTrue(p.get(1).detail(), p.get(1).detail().startsWith("/soc/dma-controller@e7300000\n"));
    }

    @Test
    public void statusDmaNamesAndPropertyNames() {
        assertEquals(List.of("okay", "disabled", "reserved", "fail"),
                at(BASE + "\n&dmac1 {\n\tstatus = \"|\";\n};\n", "|").stream().map(Completions.Proposal::label)
                        .toList());
        // hscif1's compatible is shared by hscif0..4, whose dma-names are "tx", "rx"
        List<String> names = at(BASE + "\n&hscif1 {\n\tdma-names = \"|\";\n};\n", "|").stream()
                .map(Completions.Proposal::label).toList();
        assertEquals(List.of("tx", "rx"), names);
        // dmac1 has iommus already (r8a77951.dtsi line 1088): not offered again; hscif1 has none
        assertFalse(at(BASE + "\n&dmac1 {\n\tio|\n};\n", "|").stream().anyMatch(x -> x.label().equals("iommus")));
        Completions.Proposal iommus = at(BASE + "\n&hscif1 {\n\tio|\n};\n", "|").stream()
                .filter(x -> x.label().equals("iommus")).findFirst().orElseThrow();
        assertEquals("iommus = <&>;", iommus.replacement());
        assertEquals("iommus = <&".length(), iommus.cursor());
    }

    @Test
    public void macrosInCellsAndHeaders() {
        List<Completions.Proposal> p = at(BASE + "\n&dmac1 {\n\tinterrupts = <GIC_S|>;\n};\n", "|");
        Completions.Proposal spi = p.stream().filter(x -> x.label().equals("GIC_SPI")).findFirst().orElseThrow();
        assertTrue(spi.detail(), spi.detail().startsWith("#define GIC_SPI 0\narm-gic.h:13"));
        List<Completions.Proposal> inc = at("#include <dt-bindings/interrupt-controller/arm-g|>\n" + BASE, "|");
        assertEquals(List.of("arm-gic.h"), inc.stream().map(Completions.Proposal::label).toList());
    }

    @Test
    public void aCaretRightBeforeATokenIsNotTypingIt() {
        // found by RandomEditsTest: assist with the caret before an #include's quote (or a '&', a string's quote)
        // took the text from the token's start to the caret, which ends before it starts
        assertFalse(at(BASE.replace("#include \"r8a77951.dtsi\"", "#include |\"r8a77951.dtsi\""), "|").stream()
                .anyMatch(x -> x.kind() == Completions.Kind.INCLUDE));
        assertEquals(List.of("r8a77951.dtsi"), at(BASE.replace("#include \"r8a77951.dtsi\"",
                "#include \"r8a77951.dt|si\""), "|").stream().map(Completions.Proposal::label).toList());
        // before the '&' of a reference: the labels to insert there, replacing nothing
        List<Completions.Proposal> p = at(BASE + "\n&hscif1 {\n\tdmas = <|&dmac1 0x31>;\n};\n", "|");
        assertTrue(p.toString(), p.stream().anyMatch(x -> x.label().equals("&dmac1")));
        assertTrue(p.toString(), p.stream().allMatch(x -> x.length() == 0));
    }

    @Test
    public void aNulInAnIncludePathProposesNothing() {
        // found by the lang fuzz target: the directory typed so far was made a Path, which refuses a NUL
        assertEquals(List.of(), at("#include <dt-bindings/\0x/arm-g|>\n" + BASE, "|"));
    }
}
