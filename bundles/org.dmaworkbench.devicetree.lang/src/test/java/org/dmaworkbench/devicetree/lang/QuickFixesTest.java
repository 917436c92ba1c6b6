package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.CompileOptions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The fixes whose outcome is clear, checked by compiling the fixed text again. */
public class QuickFixesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Analysis analyze(Path f, String text) {
        CompileContext c = CompileContext.board(f, List.of()).withOptions(CompileOptions.defaults());
        return Analyzer.analyze(c, Map.of(FileKey.of(f), text)::get);
    }

    @Test
    public void aUnitAddressThatDoesNotMatchRegGetsTheExpectedOne() throws Exception {
        Path f = tmp.newFile("sb.dts").toPath();
        String text = "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tsoc {\n"
                + "\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n"
                + "\t\tdev@1000 {\n\t\t\treg = <0x2000 4>;\n\t\t};\n\t};\n};\n";
        Files.writeString(f, text);
        Analysis a = analyze(f, text);
        // dtc 1.6.1 on this file: "sb.dts:10.12-12.5: Warning (simple_bus_reg): /soc/dev@1000: simple-bus unit
        // address format error, expected "2000""
        Analysis.FileDiagnostic d = a.diagnostics().get(0);
        assertEquals("/soc/dev@1000: simple-bus unit address format error, expected \"2000\" [simple_bus_reg]",
                d.message());
        assertEquals(10, d.location().line());
        List<QuickFixes.Fix> fixes = QuickFixes.forDiagnostic(a, d);
        assertEquals("Change the unit address to @2000", fixes.get(0).label());
        String fixed = TextEdit.apply(text, fixes.get(0).edits());
        assertEquals(text.replace("dev@1000", "dev@2000"), fixed);
        assertEquals(List.of(), analyze(f, fixed).diagnostics());
        // the kernel's default build (no W=1) does not check it
        Analysis kernel = Analyzer.analyze(CompileContext.board(f, List.of()), Map.of(FileKey.of(f), text)::get);
        assertEquals(List.of(), kernel.diagnostics());
    }

    @Test
    public void aBusWithoutAddressCellsGetsThem() throws Exception {
        Path f = tmp.newFile("ac.dts").toPath();
        String text = "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tbus {\n"
                + "\t\tnode@10 {\n\t\t\treg = <0x10 4>;\n\t\t};\n\t};\n};\n";
        Analysis a = analyze(f, text);
        // dtc: "Warning (avoid_default_addr_size): /bus/node@10: Relying on default #address-cells value" (and
        // #size-cells); reg has 2 cells, so 1 address and 1 size cell
        Analysis.FileDiagnostic d = a.diagnostics().stream().filter(x -> x.check().equals("avoid_default_addr_size"))
                .findFirst().orElseThrow(() -> new AssertionError(a.result().formatDiagnostics()));
        List<QuickFixes.Fix> fixes = QuickFixes.forDiagnostic(a, d);
        assertEquals("Add #address-cells = <1> and #size-cells = <1> to /bus", fixes.get(0).label());
        String fixed = TextEdit.apply(text, fixes.get(0).edits());
        assertEquals(text.replace("\tbus {\n", "\tbus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"), fixed);
        assertEquals(List.of(), analyze(f, fixed).diagnostics());
    }
}
