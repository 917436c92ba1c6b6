package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** F3: from references, includes, macros, phandles and names to where they are defined. */
public class NavigationTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String AMEND = "\n&dmac1 {\n\tstatus = \"okay\";\n};\n";

    @Test
    public void aLabelReferenceLandsOnTheLabelInTheSocFile() {
        String text = Boards.read(Boards.salvatorX()) + AMEND;
        Analysis a = Boards.board(Boards.salvatorX(), text);
        List<Location> d = Navigator.definitions(a, text.indexOf("&dmac1") + 3);
        // r8a77951.dtsi line 1056: "\t\tdmac1: dma-controller@e7300000 {"
        assertEquals(1, d.size());
        assertEquals(FileKey.of(Boards.r8a77951()), d.get(0).file());
        assertEquals(1056, d.get(0).line());
        String dtsi = Boards.read(Boards.r8a77951());
        assertEquals(Boards.offset(dtsi, "dmac1: dma-controller@e7300000", 0), d.get(0).offset());
        assertEquals("dmac1".length(), d.get(0).length());
    }

    @Test
    public void includesAndMacrosLeadToTheirFiles() {
        String text = Boards.read(Boards.salvatorX()) + AMEND + "&gic {\n\tx = <GIC_SPI 12>;\n};\n";
        Analysis a = Boards.board(Boards.salvatorX(), text);
        List<Location> inc = Navigator.definitions(a, text.indexOf("\"r8a77951.dtsi\"") + 2);
        assertEquals(List.of(new Location(FileKey.of(Boards.r8a77951()), 0, 0, 1)), inc);
        List<Location> mac = Navigator.definitions(a, text.indexOf("GIC_SPI") + 1);
        // dt-bindings/interrupt-controller/arm-gic.h line 13: "#define GIC_SPI 0"
        assertEquals(FileKey.of(Boards.prefixes().resolve("dt-bindings/interrupt-controller/arm-gic.h")),
                mac.get(0).file());
        assertEquals(13, mac.get(0).line());
    }

    @Test
    public void aPathReferenceAndANodeNameLeadToTheNodesOtherDefinitions() {
        String text = Boards.read(Boards.salvatorX()) + "\n&{/soc/dma-controller@e7300000} {\n};\n";
        Analysis a = Boards.board(Boards.salvatorX(), text);
        List<Location> d = Navigator.definitions(a, text.indexOf("&{/soc") + 4);
        assertEquals(1056, d.get(0).line());
        // the board's "memory@48000000" has no other definition; "/" of the board leads to r8a77951.dtsi's / {
        assertEquals(List.of(), Navigator.definitions(a, text.indexOf("memory@48000000") + 1));
    }

    @Test
    public void aNumericPhandleLeadsToItsNode() throws Exception {
        // a decompiled source: interrupt-parent = <0x01> names the node with phandle 1
        Path f = tmp.getRoot().toPath().resolve("d.dts");
        String text = "/dts-v1/;\n/ {\n\tinterrupt-parent = <0x01>;\n\tgic: ic {\n\t\t#clock-cells = <1>;\n\t\tphandle = <0x01>;\n\t};\n"
                + "\tdev {\n\t\tclocks = <0x02 0x05>, <0x01 0x07>;\n\t};\n\tclk {\n\t\t#clock-cells = <1>;\n"
                + "\t\tphandle = <0x02>;\n\t};\n};\n";
        Files.writeString(f, text);
        Analysis a = Analyzer.analyze(CompileContext.board(f, List.of()), p -> null);
        assertEquals("", a.result().formatDiagnostics());
        Location ic = Navigator.definitions(a, text.indexOf("<0x01>") + 2).get(0);
        assertEquals(4, ic.line());
        // clocks = <0x02 0x05>, <0x01 0x07>: cells 0 and 2 are phandles (#clock-cells = 1), 0x05 is an argument
        assertEquals(11, Navigator.definitions(a, text.indexOf("<0x02 0x05>") + 2).get(0).line());
        assertEquals(List.of(), Navigator.definitions(a, text.indexOf("0x05>") + 1));
        assertEquals(4, Navigator.definitions(a, text.indexOf("<0x01 0x07>") + 2).get(0).line());
    }

    @Test
    public void referencesOfALabelAcrossTheBoardsFiles() {
        String text = Boards.read(Boards.salvatorX()) + AMEND;
        Analysis a = Boards.board(Boards.salvatorX(), text);
        References.Query q = References.queryAt(a, text.indexOf("&dmac1") + 2).get();
        assertEquals(Set.of("dmac1"), q.labels());
        List<References.Match> all = References.find(a, q);
        // r8a77951.dtsi: the label (line 1056) and 32 "&dmac1" (grep -o '&dmac1\b' r8a77951.dtsi | wc -l);
        // the board's own &dmac1 {
        String dtsi = Boards.read(Boards.r8a77951());
        long inDtsi = java.util.regex.Pattern.compile("&dmac1\\b").matcher(dtsi).results().count();
        assertEquals(32, inDtsi);
        assertEquals(1 + inDtsi + 1, all.size());
        assertEquals(1, all.stream().filter(References.Match::definition).count());
        References.Match def = all.stream().filter(References.Match::definition).findFirst().get();
        assertEquals(1056, def.location().line());
        assertEquals("dmac1: dma-controller@e7300000 {", def.lineText());
        assertTrue(all.stream().anyMatch(m -> m.location().file().equals(FileKey.of(Boards.salvatorX()))));
    }

    @Test
    public void renamingALabelEditsEveryFileThatNamesIt() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("soc.dtsi"), "/ {\n\tuart0: serial@1 { };\n\tdev { dmas = <&uart0 1>; };\n};\n"
                + "#define UART &uart0\n");
        Path board = dir.resolve("b.dts");
        String text = "/dts-v1/;\n#include \"soc.dtsi\"\n&uart0 {\n\tstatus = \"okay\";\n};\n&{uart0/x} { };\n";
        Files.writeString(board, text.replace("&{uart0/x} { };\n", ""));
        Analysis a = Analyzer.analyze(CompileContext.board(board, List.of()), p -> null);
        List<TextEdit> edits = References.renameLabel(a, "uart0", "scif0");
        // soc.dtsi: the label, &uart0 in dmas, &uart0 in the #define; b.dts: &uart0 {
        assertEquals(4, edits.size());
        String soc = TextEdit.apply(Files.readString(dir.resolve("soc.dtsi")),
                edits.stream().filter(e -> e.file().getFileName().toString().equals("soc.dtsi")).toList());
        assertEquals("/ {\n\tscif0: serial@1 { };\n\tdev { dmas = <&scif0 1>; };\n};\n#define UART &scif0\n", soc);
        try {
            References.renameLabel(a, "uart0", "2bad");
            throw new AssertionError("accepted an invalid label");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("not a valid label"));
        }
    }
}
