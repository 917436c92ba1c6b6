package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.tools.DtcCommand;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each {@link CompileLimits} limit, set low through {@link CompileOptions#withLimits}, stops the compilation with its
 * message at the FILE:LINE:COL that crossed it, and no tree. Positions are counted by hand in the sources below
 * (columns from 1, a tab counting to the next multiple of 8 as gcc's display columns do).
 */
public class LimitsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static CompileResult compile(CompileLimits limits, String main, String... files) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < files.length; i += 2) {
            m.put(files[i], files[i + 1]);
        }
        IncludeResolver r = (name, angled, including) -> Optional.ofNullable(m.get(name))
                .map(t -> new SourceFile(name, t));
        return DeviceTreeCompiler.compile("main.dts", main, r, CompileOptions.defaults().withLimits(limits));
    }

    /**
     * The last diagnostic (the one that stopped the compilation) as FILE:LINE:COL: error: MESSAGE, without the "In
     * file included from" lines; the tree must be gone.
     */
    private static String stop(CompileResult r) {
        assertTrue(r.formatDiagnostics(), r.tree().isEmpty());
        Diagnostic d = r.diagnostics().get(r.diagnostics().size() - 1);
        SourcePosition p = d.position();
        return (p == null ? "" : p.file() + ":" + p.line() + ":" + p.column() + ": ") + "error: " + d.message();
    }

    @Test
    public void includeDepthWithoutACycle() {
        CompileLimits l = CompileLimits.DEFAULTS.with("include-depth", 2);
        // main.dts includes a.h (depth 1), a.h includes b.h (depth 2), b.h's line 2 includes c.h: depth 3
        CompileResult r = compile(l, "#include \"a.h\"\n/dts-v1/;\n/ { };\n", "a.h", "#include \"b.h\"\n", "b.h",
                "/* b */\n#include \"c.h\"\n", "c.h", "\n");
        assertEquals("b.h:2:10: error: #include nested depth 3 exceeds maximum of 2 (limit include-depth)", stop(r));
        assertEquals(2, r.diagnostics().get(r.diagnostics().size() - 1).includedFrom().size());
    }

    @Test
    public void includeCycleIsNamed() {
        // a.h line 2 includes b.h, b.h line 1 includes a.h again, no include guards: the default depth 200 is hit
        CompileResult r = compile(CompileLimits.DEFAULTS, "#include \"a.h\"\n", "a.h", "\n#include \"b.h\"\n", "b.h",
                "#include \"a.h\"\n");
        String d = stop(r);
        assertTrue(d, d.endsWith("error: #include nested depth 201 exceeds maximum of 200 (limit include-depth); "
                + "include cycle: a.h:2 -> b.h:1 -> a.h"));
        // an include guard ends the same structure at once: no diagnostic
        CompileResult guarded = compile(CompileLimits.DEFAULTS, "#include \"a.h\"\n/dts-v1/;\n/ { };\n", "a.h",
                "#ifndef A\n#define A\n#include \"b.h\"\n#endif\n", "b.h", "#include \"a.h\"\n");
        assertEquals("", guarded.formatDiagnostics());
    }

    @Test
    public void dtcIncludeCycle() {
        // dtc's own /include/ (no preprocessor guard possible): x.dtsi includes itself on line 1, column 1
        CompileResult r = compile(CompileLimits.DEFAULTS.with("include-depth", 5),
                "/dts-v1/;\n/include/ \"x.dtsi\"\n/ { };\n", "x.dtsi", "/include/ \"x.dtsi\"\n");
        assertEquals("x.dtsi:1:1: error: /include/ nested depth 6 exceeds maximum of 5 (limit include-depth); "
                + "include cycle: x.dtsi:1 -> x.dtsi", stop(r));
    }

    @Test
    public void macroNesting() {
        // F(F(F(1))): the outer F's argument F(F(1)) is expanded on its own (level 1), in it F(1) (level 2), in it
        // 1 (level 3), the token at column 16
        CompileResult r = compile(CompileLimits.DEFAULTS.with("macro-nesting", 2),
                "#define F(x) x\n/dts-v1/;\n/ { p = <F(F(F(1)))>; };\n");
        assertEquals("main.dts:3:16: error: macro arguments nested too deeply (more than 2 levels, limit "
                + "macro-nesting)", stop(r));
    }

    @Test
    public void expandedTokensAndOutputSize() {
        // M2 -> M1 M1 -> 4 x "1": 2 + 2 + 4 tokens (padding aside) is over 5 by the time M2's expansion ends
        String src = "#define M0 1 2\n#define M1 M0 M0\n#define M2 M1 M1\n/dts-v1/;\n/ { p = <M2>; };\n";
        String d = stop(compile(CompileLimits.DEFAULTS.with("expanded-tokens", 5), src));
        assertTrue(d, d.startsWith("main.dts:5:10: error: macro expansion produced more than 5 tokens (limit "
                + "expanded-tokens; runaway macro recursion?) while expanding \""));
        // a 40-character output limit: the preprocessed text (three empty lines, then "/dts-v1/;" and the node with
        // eight cells, 46 characters) does not fit
        String o = stop(compile(CompileLimits.DEFAULTS.with("output-chars", 40), src));
        assertTrue(o, o.endsWith("error: preprocessed output exceeds 40 characters (limit output-chars)"));
    }

    @Test
    public void fileSize() {
        String main = "#include \"big.h\"\n/dts-v1/;\n/ { };\n";
        CompileLimits l = CompileLimits.DEFAULTS.with("file-bytes", 40);
        assertEquals("main.dts:1:10: error: big.h: file is too large (41 bytes, limit file-bytes 40)",
                stop(compile(l, main, "big.h", "/" + "*".repeat(38) + "/\n")));
        // the main file's text is 34 characters; a text has no position of its own
        assertEquals("error: main.dts: file is too large (34 characters, limit file-bytes 10)",
                stop(compile(CompileLimits.DEFAULTS.with("file-bytes", 10), main)));
    }

    @Test
    public void nodeAndPropertyCounts() {
        String src = "/dts-v1/;\n/ {\n\ta = <1>;\n\tn1 { b; };\n\tn2 {\n\t\tc;\n\t\td;\n\t};\n};\n";
        // nodes: / (line 2), n1 (line 4), n2 (line 5): the third '{' is n2's, at column 12 (tab to 9, "n2 {")
        assertEquals("main.dts:5:12: error: more than 2 node definitions (limit nodes)",
                stop(compile(CompileLimits.DEFAULTS.with("nodes", 2), src)));
        // properties: a (3), b (4), c (6), d (7): d is the fourth, at column 17 (two tabs)
        assertEquals("main.dts:7:17: error: more than 3 property definitions (limit properties)",
                stop(compile(CompileLimits.DEFAULTS.with("properties", 3), src)));
        assertTrue(compile(CompileLimits.DEFAULTS.with("nodes", 3).with("properties", 4), src).tree().isPresent());
    }

    @Test
    public void unknownLimitsAndBadValuesAreRefused() {
        IllegalArgumentException e = null;
        try {
            CompileLimits.DEFAULTS.with("depth", 3);
        } catch (IllegalArgumentException x) {
            e = x;
        }
        assertEquals("unknown limit 'depth' (known: file-bytes, include-depth, macro-nesting, expanded-tokens, "
                + "output-chars, nodes, properties)", e.getMessage());
    }

    @Test
    public void dtcTakesLimitsOnTheCommandLine() throws Exception {
        Path f = tmp.getRoot().toPath().resolve("b.dts");
        Files.writeString(f, "/dts-v1/;\n/ {\n\tn1 { };\n\tn2 { };\n};\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = DtcCommand.run(List.of("--limit", "nodes=2", f.toString()), new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertEquals(f + ":4:12: error: more than 2 node definitions (limit nodes)\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        rc = DtcCommand.run(List.of("--limit", "nodes", f.toString()), new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
                .startsWith("dtc: --limit needs NAME=N, not 'nodes'\n"));
    }
}
