package org.dmaworkbench.devicetree.lang;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The Compiled view prints the final tree byte for byte as dtc 1.6.1 -O dts does, on every Renesas board. */
public class CompiledSourceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String dtc(Path dts) throws IOException, InterruptedException {
        Path pp = tmp.getRoot().toPath().resolve("pp.dts");
        Path err = tmp.getRoot().toPath().resolve("err.txt");
        run(List.of("cpp", "-nostdinc", "-I", Boards.prefixes().toString(), "-undef", "-D__DTS__", "-x",
                "assembler-with-cpp", dts.toString(), "-o", pp.toString()), err);
        return new String(run(List.of("dtc", "-q", "-I", "dts", "-O", "dts", pp.toString()), err),
                StandardCharsets.ISO_8859_1);
    }

    private static byte[] run(List<String> cmd, Path err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + Files.readString(err));
        }
        return out;
    }

    @Test
    public void everyRenesasBoardPrintsAsDtcPrintsIt() throws Exception {
        List<String> differ = new ArrayList<>();
        List<Path> boards = LinuxDts.renesasBoards();
        for (Path b : boards) {
            CompileResult r = DeviceTreeCompiler.compile(b, List.of(Boards.prefixes()));
            if (r.tree().isEmpty()) {
                differ.add(b.getFileName() + ": does not compile");
                continue;
            }
            if (!CompiledSource.print(r.tree().get()).equals(dtc(b))) {
                differ.add(b.getFileName().toString());
            }
        }
        assertEquals(99, boards.size());
        assertEquals(List.of(), differ);
    }

    @Test
    public void quirksOfDtc161() throws Exception {
        // dtc 1.6.1 prints a space before a reference that does not start the value, even right after '<'
        Path f = tmp.getRoot().toPath().resolve("q.dts");
        Files.writeString(f, "/dts-v1/;\n/ {\n\ta: n {\n\t\tp = <1>, &a;\n\t\ts = <&a>, <&a>;\n\t\tb = /bits/ 16 <1 2>;\n"
                + "\t\tc = [01 02], \"x\";\n\t};\n};\n");
        CompileResult r = DeviceTreeCompiler.compile(f, List.of());
        String ours = CompiledSource.print(r.tree().get());
        assertEquals(dtc(f), ours);
        assertTrue(ours, ours.contains("\t\tp = <0x01>,  \"/n\";\n\t\ts = <0x01>, < 0x01>;\n"));
    }

    @Test
    public void originsAnnotateAsDtcT() {
        CompileResult r = DeviceTreeCompiler.compile(Boards.salvatorX(), List.of(Boards.prefixes()));
        CompiledSource.Printed p = CompiledSource.print(r.tree().get(), true, n -> Path.of(n).getFileName().toString());
        // dmac1's node: r8a77951.dtsi line 1056, its reg at line 1059; the board's memory@48000000 at line 16
        assertTrue(p.text().contains("\t\tdmac1: dma-controller@e7300000 { /* r8a77951.dtsi:1056 */\n"));
        assertTrue(p.text().contains("\t\t\treg = <0x00 0xe7300000 0x00 0x10000>; /* r8a77951.dtsi:1059 */\n"));
        assertTrue(p.text().contains("\tmemory@48000000 { /* r8a77951-salvator-x.dts:16 */\n"));
        int line = p.text().substring(0, p.text().indexOf("\t\t\treg = <0x00 0xe7300000")).split("\n", -1).length - 1;
        assertEquals(1059, p.lineOrigins().get(line).line());
        assertEquals("/soc/dma-controller@e7300000", p.linePaths().get(line));
    }
}
