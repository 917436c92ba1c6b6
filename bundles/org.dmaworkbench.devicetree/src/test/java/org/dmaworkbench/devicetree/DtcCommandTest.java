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

    /** cpp's -D forms: NAME is 1, NAME=VALUE, NAME(ARGS)=BODY; values checked against cpp's own output. */
    @Test
    public void definesLikeCpp() throws Exception {
        Path dts = tmp.newFile("d.dts").toPath();
        Files.writeString(dts, "/dts-v1/;\n/ { v = <V W F(3)>;\n#ifdef BOARD_B\n b;\n#endif\n};\n");
        assertEquals(err(), 0, run("-D", "V=0x10", "-DW", "-D", "F(x)=((x)*2)", "-DBOARD_B", "-O", "dts",
                dts.toString()));
        assertEquals("/dts-v1/;\n\n/ {\n\tv = <0x10 0x01 0x06>;\n\tb;\n};\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        // a later -D wins, with cpp's warning (gcc: '<command-line>: warning: "V" redefined')
        assertEquals(err(), 0, run("-D", "V=1", "-D", "V=2", "-DW=3", "-DF(x)=x", "-O", "dts", dts.toString()));
        assertEquals("/dts-v1/;\n\n/ {\n\tv = <0x02 0x03 0x03>;\n};\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("<command-line>: warning: \"V\" redefined\n", err());
    }

    @Test
    public void badDefinesAreReportedLikeCpp() throws Exception {
        Path dts = tmp.newFile("e.dts").toPath();
        Files.writeString(dts, "/dts-v1/;\n/ { };\n");
        // gcc: "<command-line>: error: macro names must be identifiers" for -D1x
        assertEquals(2, run("-D1x", dts.toString()));
        assertEquals("<command-line>: error: macro names must be identifiers\n", err());
        err.reset();
        assertEquals(2, run("-D", "F(a=a", dts.toString()));
        assertEquals("<command-line>: error: expected ',' or ')', found \"a\"\n", err());
        err.reset();
        assertEquals(2, run("-D"));
        assertTrue(err().startsWith("dtc: option -D needs an argument\nusage:"));
    }

    @Test
    public void symbolsOption() throws Exception {
        Path dts = tmp.newFile("s.dts").toPath();
        Files.writeString(dts, "/dts-v1/;\n/ { a: n { }; };\n");
        assertEquals(err(), 0, run("-@", "-O", "dts", dts.toString()));
        // dtc -@ -O dtb | dtc -I dtb -O dts
        assertEquals("/dts-v1/;\n\n/ {\n\n\tn {\n\t\tphandle = <0x01>;\n\t};\n\n\t__symbols__ {\n"
                + "\t\ta = \"/n\";\n\t};\n};\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void warningSwitches() throws Exception {
        Path dts = tmp.newFile("w.dts").toPath();
        Files.writeString(dts, "/dts-v1/;\n/ { ic { interrupt-controller; #interrupt-cells = <1>; }; };\n");
        assertEquals(0, run("-o", "/dev/null", dts.toString()));
        assertEquals("", err());
        // dtc 1.6.1: "w.dts:2.8-58: Warning (interrupt_provider): /ic: Missing #address-cells in interrupt provider"
        assertEquals(0, run("-W", "interrupt_provider", "-o", "/dev/null", dts.toString()));
        assertEquals(dts + ":2:5: warning: /ic: Missing #address-cells in interrupt provider [interrupt_provider]\n",
                err());
        err.reset();
        assertEquals(0, run("-Winterrupt_provider", "-Wno-interrupt_provider", "-o", "/dev/null", dts.toString()));
        assertEquals("", err());
        assertEquals(2, run("-W", "no-such_check", dts.toString()));
        assertTrue(err(), err().startsWith("dtc: unknown warning 'such_check' (known: alias_paths, "
                + "avoid_default_addr_size, avoid_unnecessary_addr_size, graph_child_address, interrupt_provider, "
                + "simple_bus_reg, unique_unit_address, unit_address_vs_reg)\nusage:"));
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
