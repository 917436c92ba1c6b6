package org.dmaworkbench.devicetree.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * releng/scripts/dts-corpus on a small include-prefixes tree written for the test: the comparison with cpp | dtc
 * (which must be on PATH, as for RealTreeComparisonTest), the summary, and the cache of reference results.
 */
public class DtsCorpusTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void tools() {
        boolean found = onPath("cpp") && onPath("dtc");
        if (!found) {
            String msg = "cpp and dtc must be on PATH for the reference pipeline";
            Assume.assumeFalse(msg, Boolean.getBoolean("dmaworkbench.shared.optional"));
            fail(msg);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Path prefixes() throws IOException {
        Path root = tmp.newFolder("include-prefixes").toPath();
        write(root, "dt-bindings/gpio/x.h", "#define GPIO_ACTIVE_LOW 1\n");
        write(root, "arm/vendor/soc.dtsi", "#define PIN(_pin) pin- ## _pin { pins = #_pin; }\n"
                + "/ { pinctrl { PIN(gpa0-0); }; };\n");
        write(root, "arm/vendor/board-a.dts", "/dts-v1/;\n#include \"soc.dtsi\"\n#include <dt-bindings/gpio/x.h>\n"
                + "/ { model = \"a\"; gpios = <GPIO_ACTIVE_LOW>; };\n");
        // dtc 1.6.1: "Error: arm64/vendor/board-b.dts:2.10-21 Value out of range for 32-bit array element"
        write(root, "arm64/vendor/board-b.dts", "/dts-v1/;\n/ { p = <0x100000000>; };\n");
        write(root, "arm64/vendor/board-c.dts", "/dts-v1/;\n/ { };\n/include/ \"extra.dtsi\"\n");
        write(root, "arm64/vendor/extra.dtsi", "/ { extra = <2>; };\n");
        write(root, "arm64/vendor/ov.dtso", "/dts-v1/;\n/plugin/;\n&{/} { x = <1>; };\n");
        return root;
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = DtsCorpus.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    /** The summary lines without the timing, which varies. */
    private static List<String> summary(String out) {
        List<String> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("dts-corpus:") && !line.contains("time:") && !line.isBlank()) {
                l.add(line);
            }
        }
        return l;
    }

    @Test
    public void comparesEveryBoardAndOverlayWithCppAndDtc() throws IOException {
        Path root = prefixes();
        String[] r = run("--no-cache", "--jobs", "2", root.toString());
        assertEquals(r[1] + r[2], "0", r[0]);
        assertEquals(List.of("boards: 3",
                "  identical                 2",
                "  different DTBs            0",
                "  only ours fails           0",
                "  only cpp|dtc fails        0",
                "  both fail at the same line 1",
                "    arm64/vendor/board-b.dts: arm64/vendor/board-b.dts:2:10: Value out of range for 32-bit array element",
                "  both fail differently     0",
                "overlays (-@): 1",
                "  identical                 1",
                "  different DTBs            0",
                "  only ours fails           0",
                "  only cpp|dtc fails        0",
                "  both fail at the same line 0",
                "  both fail differently     0"), summary(r[1]));
    }

    /** Reference results are reused until a file cpp or dtc read changes (here a dt-bindings header). */
    @Test
    public void cacheFollowsTheFilesTheReferenceRead() throws IOException {
        Path root = prefixes();
        String cache = tmp.newFolder("cache").toString();
        assertTrue(run("--cache", cache, "--no-overlays", root.toString())[1].contains("(0 of 3 from the cache)"));
        assertTrue(run("--cache", cache, "--no-overlays", root.toString())[1].contains("(3 of 3 from the cache)"));
        write(root, "dt-bindings/gpio/x.h", "#define GPIO_ACTIVE_LOW 3\n");
        String[] r = run("--cache", cache, "--no-overlays", root.toString());
        assertTrue(r[1], r[1].contains("(2 of 3 from the cache)"));
        assertTrue(r[1], r[1].contains("  identical                 2\n"));
    }

    @Test
    public void firstDifferenceNamesTheNodeAndProperty() {
        byte[] a = dtb("/dts-v1/;\n/ { soc { p = <1>; q; }; };\n");
        byte[] b = dtb("/dts-v1/;\n/ { soc { p = <2>; q; }; };\n");
        assertEquals("/soc: property p: ours [00000001], dtc [00000002]", DtsCorpus.firstDifference(a, b));
        assertEquals("/soc: property p where dtc has q",
                DtsCorpus.firstDifference(dtb("/dts-v1/;\n/ { soc { p; }; };\n"), dtb("/dts-v1/;\n/ { soc { q; }; };\n")));
        assertEquals("/: child a where dtc has b",
                DtsCorpus.firstDifference(dtb("/dts-v1/;\n/ { a { }; };\n"), dtb("/dts-v1/;\n/ { b { }; };\n")));
    }

    private static byte[] dtb(String text) {
        return DeviceTreeCompiler.compile("t.dts", text, IncludeResolver.none()).toDtb();
    }
}
