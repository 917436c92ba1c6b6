package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Compiles every Renesas board file of Linux 6.12 (arm and arm64) with our compiler and with the kernel's
 * pipeline (cpp -nostdinc -I include-prefixes -undef -D__DTS__ -x assembler-with-cpp | dtc -O dtb), then
 * decompiles both DTBs with dtc -I dtb -O dts and requires the same text. The boards again with -@, and the
 * overlays (.dtso) with -@ as the kernel compiles them. The files are read where {@link LinuxDts} finds them
 * (never copied into the repository); when they are missing the test fails saying how to get them.
 */
public class RealTreeComparisonTest {
    private static Path prefixes;
    private static Path work;

    @BeforeClass
    public static void locate() throws IOException {
        Path p = LinuxDts.includePrefixes();
        if (!onPath("cpp") || !onPath("dtc")) {
            fail("cpp and dtc (Debian device-tree-compiler 1.6.1) must be on PATH for the reference pipeline; "
                    + "releng/run-tests installs them");
        }
        prefixes = p;
        work = Files.createTempDirectory("dt-compare");
        work.toFile().deleteOnExit();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] run(List<String> cmd) throws IOException, InterruptedException {
        Path err = work.resolve("stderr.txt");
        Process pr = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        pr.getOutputStream().close();
        byte[] out = pr.getInputStream().readAllBytes();
        if (!pr.waitFor(120, TimeUnit.SECONDS) || pr.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + Files.readString(err));
        }
        return out;
    }

    private static byte[] reference(Path dts, boolean symbols) throws IOException, InterruptedException {
        Path pp = work.resolve("ref.pp");
        run(List.of("cpp", "-nostdinc", "-I", prefixes.toString(), "-undef", "-D__DTS__", "-x", "assembler-with-cpp",
                dts.toString(), "-o", pp.toString()));
        List<String> dtc = new ArrayList<>(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-"));
        if (symbols) {
            dtc.add("-@");
        }
        dtc.add(pp.toString());
        return run(dtc);
    }

    private static String decompile(byte[] dtb, String name) throws IOException, InterruptedException {
        Path f = work.resolve(name);
        Files.write(f, dtb);
        return new String(run(List.of("dtc", "-q", "-I", "dtb", "-O", "dts", f.toString())));
    }

    private static List<Path> renesas(String suffix) throws IOException {
        try (Stream<Path> a = Files.list(prefixes.resolve("arm/renesas"));
             Stream<Path> b = Files.list(prefixes.resolve("arm64/renesas"))) {
            return Stream.concat(a, b).filter(x -> x.toString().endsWith(suffix)).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Compiles each file both ways; returns {decompiled-identical, byte-identical} and fails on any difference. */
    private static int[] compareAll(List<Path> files, boolean symbols, String what) throws Exception {
        int same = 0;
        int identicalBytes = 0;
        List<String> problems = new ArrayList<>();
        CompileOptions options = CompileOptions.defaults().withSymbols(symbols);
        for (Path dts : files) {
            CompileResult r = DeviceTreeCompiler.compile(dts, List.of(prefixes), options);
            if (r.hasErrors()) {
                problems.add(dts.getFileName() + ": " + r.formatDiagnostics());
                continue;
            }
            byte[] ours = r.toDtb();
            byte[] ref = reference(dts, symbols);
            if (Arrays.equals(ours, ref)) {
                identicalBytes++;
                same++;
                continue;
            }
            String a = decompile(ours, "ours.dtb");
            String b = decompile(ref, "ref.dtb");
            if (a.equals(b)) {
                same++;
            } else {
                problems.add(dts.getFileName() + ": decompiled DTB differs from dtc's");
            }
        }
        System.out.println("RealTreeComparisonTest: " + same + "/" + files.size() + " " + what
                + " decompile identically to cpp | dtc" + (symbols ? " -@" : "") + " (" + identicalBytes
                + " byte-identical DTBs)");
        assertTrue(String.join("\n", problems), problems.isEmpty());
        return new int[] {same, identicalBytes};
    }

    @Test
    public void everyRenesasBoardDecompilesLikeDtc() throws Exception {
        List<Path> boards = renesas(".dts");
        assertEquals("Renesas board files in Linux 6.12 (31 arm + 68 arm64)", 99, boards.size());
        assertEquals(99, compareAll(boards, false, "boards")[0]);
    }

    /** The kernel builds overlays with dtc -@: __symbols__, __fixups__ and __local_fixups__. */
    @Test
    public void everyRenesasOverlayDecompilesLikeDtcWithSymbols() throws Exception {
        List<Path> overlays = renesas(".dtso");
        assertEquals("Renesas overlays in Linux 6.12 (all arm64)", 10, overlays.size());
        assertEquals(10, compareAll(overlays, true, "overlays")[0]);
    }

    /**
     * The avoid_default_addr_size and interrupt_provider warnings (and the prerequisite failure that follows
     * the first) for every board and overlay, as "file path: message [check]" without positions, which differ
     * by design (see StyleWarningsTest), against dtc's stderr.
     */
    @Test
    public void styleWarningsMatchDtc() throws Exception {
        List<Path> files = renesas(".dts");
        files.addAll(renesas(".dtso"));
        List<String> ours = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        java.util.regex.Pattern dtcLine = java.util.regex.Pattern.compile("^\\S*: Warning \\(([a-z_]+)\\): (.*)$");
        for (Path f : files) {
            String name = f.getFileName().toString();
            CompileOptions dtcDefaults = CompileOptions.defaults().withWarning("interrupt_provider", true);
            for (Diagnostic d : DeviceTreeCompiler.compile(f, List.of(prefixes), dtcDefaults).diagnostics()) {
                String m = d.message();
                if (m.endsWith("[avoid_default_addr_size]") || m.endsWith("[interrupt_provider]")
                        || m.startsWith("Failed prerequisite 'avoid_default_addr_size'")) {
                    ours.add(name + " " + m);
                }
            }
            Path pp = work.resolve("warn.pp");
            run(List.of("cpp", "-nostdinc", "-I", prefixes.toString(), "-undef", "-D__DTS__", "-x",
                    "assembler-with-cpp", f.toString(), "-o", pp.toString()));
            run(List.of("dtc", "-I", "dts", "-O", "dtb", "-o", "/dev/null", pp.toString()));
            for (String line : Files.readAllLines(work.resolve("stderr.txt"))) {
                java.util.regex.Matcher m = dtcLine.matcher(line);
                if (m.matches() && (m.group(1).equals("avoid_default_addr_size") || m.group(1).equals("interrupt_provider")
                        || m.group(2).startsWith("Failed prerequisite 'avoid_default_addr_size'")
                        && m.group(1).equals("unique_unit_address"))) {
                    ref.add(name + " " + m.group(2) + " [" + m.group(1) + "]");
                }
            }
        }
        java.util.Collections.sort(ours);
        java.util.Collections.sort(ref);
        System.out.println("RealTreeComparisonTest: " + ours.size() + " style warnings in " + files.size()
                + " files, dtc has " + ref.size());
        assertEquals(String.join("\n", ref), String.join("\n", ours));
        assertTrue("the real trees exercise both checks", ours.size() > 100);
    }

    /** Boards with -@ (as DTC_FLAGS += -@ builds them for overlays): __symbols__ and phandles for all labels. */
    @Test
    public void everyRenesasBoardWithSymbolsDecompilesLikeDtc() throws Exception {
        assertEquals(99, compareAll(renesas(".dts"), true, "boards")[0]);
    }
}
