package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.devicetree.tools.DtcCommand;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The dtc command: options, output formats and exit codes. */
public class DtcCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DtcCommand.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void compilesWithIncludeDirsToAFile() throws Exception {
        Path inc = tmp.newFolder("inc").toPath();
        Files.createDirectories(inc.resolve("dt-bindings"));
        Files.writeString(inc.resolve("dt-bindings/v.h"), "#define V 3\n");
        Path dts = tmp.newFile("b.dts").toPath();
        Files.writeString(dts, "#include <dt-bindings/v.h>\n/dts-v1/;\n/ { v = <V>; };\n");
        Path o = tmp.getRoot().toPath().resolve("b.dtb");
        assertEquals(err(), 0, run("-I", inc.toString(), "-o", o.toString(), dts.toString()));
        assertArrayEquals(DeviceTreeCompiler.compile(dts, List.of(inc)).toDtb(), Files.readAllBytes(o));
        assertEquals(0, run("-O", "dts", o.toString()));
        assertEquals("/dts-v1/;\n\n/ {\n\tv = <0x03>;\n};\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void errorsGiveExitCode2AndPositions() throws Exception {
        Path dts = tmp.newFile("bad.dts").toPath();
        Files.writeString(dts, "/dts-v1/;\n/ { p = <&x>; };\n");
        assertEquals(2, run(dts.toString()));
        assertEquals(dts + ":2:10: error: /: Reference to non-existent node or label \"x\" [phandle_references]\n",
                err());
        assertEquals(0, out.size());
    }

    @Test
    public void badArgumentsGiveUsage() {
        assertEquals(2, run("-O", "yaml", "x.dts"));
        assertTrue(err().startsWith("dtc: unknown output format 'yaml' (use dtb or dts)\nusage: dtc [-I DIR]..."));
        err.reset();
        assertEquals(2, run());
        assertTrue(err().startsWith("dtc: no input file\nusage:"));
        err.reset();
        assertEquals(2, run("/nonexistent/x.dts"));
        assertEquals("/nonexistent/x.dts: No such file or directory\n", err());
    }
}
