package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.Severity;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A board compiled with an editor's text, its files, and its diagnostics placed in the right file and line. */
public class AnalyzerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void salvatorXReadsItsIncludesAndCompilesClean() {
        Analysis a = Boards.board(Boards.salvatorX());
        assertEquals(a.result().formatDiagnostics(), List.of(), a.diagnostics());
        // r8a77951-salvator-x.dts includes r8a77951.dtsi and salvator-x.dtsi (lines 9-10), which includes
        // salvator-common.dtsi; r8a77951.dtsi includes the r8a7795 clock binding first
        List<String> names = a.files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals("r8a77951-salvator-x.dts", names.get(0));
        assertTrue(names.toString(), names.containsAll(List.of("r8a77951.dtsi", "salvator-x.dtsi",
                "salvator-common.dtsi", "r8a7795-cpg-mssr.h", "arm-gic.h")));
        assertTrue(a.tree().get().nodeByLabel("dmac1").isPresent());
    }

    @Test
    public void aSyntaxErrorIsAtItsLineInTheEditedFile() {
        String text = Boards.read(Boards.salvatorX());
        // line 13 of the file is the model property; break it
        String broken = text.replace("model = \"Renesas Salvator-X board based on r8a77951\";", "model = ;");
        Analysis a = Boards.board(Boards.salvatorX(), broken);
        Analysis.FileDiagnostic d = a.diagnostics().get(0);
        assertEquals(Severity.ERROR, d.severity());
        assertEquals(FileKey.of(Boards.salvatorX()), d.location().file());
        assertEquals(13, d.location().line());
        assertEquals(broken.indexOf("model = ;") + "model = ".length(), d.location().offset());
    }

    @Test
    public void anErrorCausedByTheBoardIsReportedInTheIncludedFileWhereItShows() {
        // deleting dmac1 leaves the &dmac1 references of r8a77951.dtsi dangling: dtc reports each at its line
        // (r8a77951.dtsi lines 693, 710, ... hold "dmas = <&dmac1 ...>")
        String text = Boards.read(Boards.salvatorX()) + "\n/delete-node/ &dmac1;\n";
        Analysis a = Boards.board(Boards.salvatorX(), text);
        List<Analysis.FileDiagnostic> errs = a.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR)
                .toList();
        assertFalse(errs.isEmpty());
        Analysis.FileDiagnostic first = errs.get(0);
        assertEquals(FileKey.of(Boards.r8a77951()), first.location().file());
        assertEquals(693, first.location().line());
        assertTrue(first.message(), first.message().contains("Reference to non-existent node or label \"dmac1\""));
        // the include chain leads back to line 9 of the board, its #include "r8a77951.dtsi"
        assertEquals(9, first.includedFrom().get(0).line());
        assertEquals("&dmac1", a.text(first.location().file()).substring(first.location().offset(),
                first.location().end()));
    }

    @Test
    public void anIncludedFileIsCompiledThroughItsBoardWithItsOwnTextInPlace() {
        Path dtsi = Boards.r8a77951();
        String text = Boards.read(dtsi).replace("dmac1: dma-controller@e7300000 {",
                "dmac1: dma-controller@e7300000 {\n\t\t\tdmawb-test;");
        Analysis a = Analyzer.analyze(CompileContext.included(dtsi, Boards.salvatorX(), List.of(Boards.prefixes())),
                Map.of(FileKey.of(dtsi), text)::get);
        assertTrue(a.tree().get().nodeByLabel("dmac1").get().hasProperty("dmawb-test"));
        // the board's own amendments are there too: salvator-common.dtsi enables hscif1
        assertTrue(a.tree().get().nodeByLabel("hscif1").get().isEnabled());
        assertEquals(text, a.text(FileKey.of(dtsi)));
    }

    @Test
    public void anOverlayIsAppliedToItsBaseBoard() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path base = dir.resolve("base.dts");
        Files.writeString(base, "/dts-v1/;\n/ {\n\tuart: serial@100 {\n\t\tstatus = \"disabled\";\n\t};\n};\n");
        Path ov = dir.resolve("ov.dtso");
        Files.writeString(ov, "/dts-v1/;\n/plugin/;\n\n&uart {\n\tstatus = \"okay\";\n};\n&nolabel {\n};\n");
        Analysis a = Analyzer.analyze(CompileContext.overlay(ov, base, List.of()), p -> null);
        // &nolabel is not in the base: an error at line 7 of the overlay
        Analysis.FileDiagnostic d = a.diagnostics().get(0);
        assertEquals(FileKey.of(ov), d.location().file());
        assertEquals(7, d.location().line());
        // without it, the overlay's &uart amends the base's node
        String good = Files.readString(ov).replace("&nolabel {\n};\n", "");
        Analysis applied = Analyzer.analyze(CompileContext.overlay(ov, base, List.of()), Map.of(FileKey.of(ov), good)::get);
        assertEquals("", applied.result().formatDiagnostics());
        assertTrue(applied.tree().get().nodeByLabel("uart").get().isEnabled());
        // alone, an overlay is a /plugin/: unresolved labels become fixups, no error
        Analysis alone = Analyzer.analyze(CompileContext.overlay(ov, null, List.of()), p -> null);
        assertFalse(alone.result().formatDiagnostics(), alone.hasErrors());
    }

    @Test
    public void theIncludePathOfAKernelTreeIsFoundByItself() throws Exception {
        Path root = tmp.getRoot().toPath().resolve("linux");
        Path dts = root.resolve("arch/arm64/boot/dts/renesas/board.dts");
        Files.createDirectories(dts.getParent());
        Files.writeString(dts, "/dts-v1/;\n/ { };\n");
        Path prefixes = root.resolve("scripts/dtc/include-prefixes");
        Files.createDirectories(prefixes);
        // scripts/Makefile.dtbs: DTC_INCLUDE := $(srctree)/scripts/dtc/include-prefixes
        assertEquals(List.of(prefixes), IncludePaths.detect(dts).get().includeDirs());
        assertEquals(root, IncludePaths.detect(dts).get().root());
        // the include-prefixes layout of ../shared/linux-dts: the folder holding dt-bindings/
        assertEquals(List.of(Boards.prefixes()), IncludePaths.detect(Boards.salvatorX()).get().includeDirs());
        assertTrue(IncludePaths.detect(tmp.getRoot().toPath().resolve("x.dts")).isEmpty());
    }

    @Test
    public void theBoardsThatIncludeADtsiAreFound() {
        Path common = Boards.prefixes().resolve("arm64/renesas/salvator-common.dtsi");
        List<Path> boards = ContextFinder.boardsIncluding(common, List.of(common.getParent()),
                List.of(Boards.prefixes()));
        // salvator-x.dtsi and salvator-xs.dtsi include salvator-common.dtsi; r8a77951-salvator-x.dts includes the
        // first; the R-Car H3/M3-W/M3-W+/M3-N/H3e/M3e boards of both (Linux 6.12 arm64/renesas)
        List<String> names = boards.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("r8a77951-salvator-x.dts", "r8a77951-salvator-xs.dts", "r8a77960-salvator-x.dts",
                "r8a77960-salvator-xs.dts", "r8a77961-salvator-xs.dts", "r8a77965-salvator-x.dts",
                "r8a77965-salvator-xs.dts", "r8a779m1-salvator-xs.dts", "r8a779m3-salvator-xs.dts",
                "r8a779m5-salvator-xs.dts"), names);
    }
}
