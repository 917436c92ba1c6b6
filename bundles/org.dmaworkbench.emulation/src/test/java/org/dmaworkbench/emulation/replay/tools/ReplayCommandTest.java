package org.dmaworkbench.emulation.replay.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReplayCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReplayCommand.run(Arrays.asList(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private String file(String name, String text) throws IOException {
        File f = tmp.newFile(name);
        Files.writeString(f.toPath(), text);
        return f.getPath();
    }

    private String resource(String name) throws IOException {
        File f = tmp.newFile(name);
        try (InputStream in = getClass().getResourceAsStream("/replay/" + name)) {
            Files.write(f.toPath(), in.readAllBytes());
        }
        return f.getPath();
    }

    @Test
    public void aCleanCaptureExitsZeroWithTheSummary() throws IOException {
        String f = file("clean.txt", "# tracer: nop\n"
                + "            sh-1     [000] .....    10.000001: dma_map_page: e6e60000.serial dir=TO_DEVICE "
                + "dma_addr=fff00000 size=64 phys_addr=48001000 attrs=\n"
                + "            sh-1     [000] .....    10.000002: dma_unmap_page: e6e60000.serial dir=TO_DEVICE "
                + "dma_addr=fff00000 size=64 attrs=\n");
        assertEquals(0, run("--driver", "e6e60000.serial=sh-sci", f));
        assertEquals("", err());
        assertEquals("Replayed " + f + "\n"
                + "  3 lines: 2 dma events, 0 iommu events\n"
                + "  skipped: 1 comment lines, 0 other events, 0 other tracers' lines, 0 non-ftrace lines, 0 malformed lines; "
                + "0 events lost by the ring buffer\n"
                + "\n"
                + "Findings: 0\n"
                + "\n"
                + "Live mappings at the end: 0\n"
                + "\n"
                + "Not known from a trace:\n"
                + "  - dma_mapping_error() calls are not traced: the \"failed to check map error\" check is not "
                + "done (every mapping is taken as checked).\n"
                + "  - The trace has no kernel address-space knowledge: the stack, vmalloc, invalid-area and "
                + "text/rodata checks of dma-debug are not done.\n"
                + "  - The devices' dma_parms and the CPU segment lengths are not traced: the sg segment length "
                + "and boundary checks are not done.\n"
                + "  - Coherent and noncoherent buffers are compared by the traced virt_addr (%p, hashed unless "
                + "no_hash_pointers); allocations from a per-device coherent pool look like leaks, as their free "
                + "is not traced.\n", out());
    }

    @Test
    public void findingsExitOneWithTableWarningsAndJson() throws IOException {
        String f = resource("noisy_board_capture.txt");
        String json = new File(tmp.getRoot(), "report.json").getPath();
        assertEquals(1, run("--json", json, "--driver", "e6e60000.serial=sh-sci", f));
        String[] errLines = err().split("\n");
        assertEquals(2, errLines.length);
        assertEquals(f + ":21: warning: the ring buffer lost 3 events here; findings after this line may be wrong",
                errLines[0]);
        assertTrue(errLines[1], errLines[1].startsWith(f + ":23:86: warning: cannot parse dma_map_page payload: "));
        String o = out();
        assertTrue(o, o.contains("Findings: 8\n"));
        // table: WHERE is as wide as the longest file:line, CHECK as the longest id (26), DEVICE (23)
        String where = f + ":15";
        String pad = " ".repeat(f.length() + 3 - where.length() + 2);
        assertTrue(o, o.contains("\n  " + where + pad + "FREE_DIFFERENT_SIZE" + " ".repeat(26 - 19 + 2)
                + "e6e60000.serial" + " ".repeat(23 - 15 + 2) + "DMA-API: sh-sci e6e60000.serial: device driver "
                + "frees DMA memory with different size [device address=0x00000000fff00000] [map size=4096 bytes] "
                + "[unmap size=2048 bytes]\n" + " ".repeat(2 + f.length() + 5 + 28 + 25) + "(mapped at " + f + ":14)\n"));
        assertTrue(o, o.contains("\n  end of capture" + " ".repeat(f.length() + 3 - 14 + 2) + "PENDING_AT_UNBIND"));
        assertTrue(o, o.contains("Live mappings at the end: 1\n"
                + "  DRIVER     DEVICE                   TYPE      DMA ADDRESS  SIZE  PHYS                DIRECTION\n"
                + "  rcar-dmac  e6700000.dma-controller  resource  0xfe000030   4     0x00000000e6e60030  "
                + "DMA_BIDIRECTIONAL\n"));
        assertTrue(o, o.contains("  - dma:* events carry no driver names; 'unknown' is printed for: ee100000.mmc "
                + "(give them with --driver DEVICE=DRIVER).\n"));
        String j = Files.readString(new File(json).toPath());
        assertTrue(j, j.startsWith("{\n  \"exitStatus\": 1,\n  \"files\": [\"" + f + "\"],\n  \"stats\": {\"lines\": 29, "));
        assertTrue(j, j.contains("\n    {\"check\": \"FREE_DIFFERENT_SIZE\", \"dmaDebug\": true, \"device\": "
                + "\"e6e60000.serial\", \"file\": \"" + f + "\", \"line\": 15, \"message\": \"DMA-API: sh-sci "
                + "e6e60000.serial: device driver frees DMA memory with different size [device "
                + "address=0x00000000fff00000] [map size=4096 bytes] [unmap size=2048 bytes]\", \"mappedAt\": {\"file\": \""
                + f + "\", \"line\": 14}},"));
        assertTrue(j, j.contains("\"line\": 0, \"message\": \"DMA-API: platform e6700000.dma-controller: device "
                + "driver has pending DMA allocations while released from device [count=1]\\nOne of leaked entries "
                + "details: [device address=0x00000000fe000030]"));
        assertTrue(j, j.contains("\"liveMappings\": [\n    {\"driver\": \"rcar-dmac\", \"device\": "
                + "\"e6700000.dma-controller\", \"type\": \"resource\", \"dmaAddr\": \"0xfe000030\", \"size\": 4, "
                + "\"phys\": \"0x00000000e6e60030\", \"direction\": \"DMA_BIDIRECTIONAL\"}\n  ],\n"));
        assertTrue(j, j.contains("\"events\": {\"dma_map_page\": 1, \"dma_unmap_page\": 3, "));
        assertTrue(j, j.endsWith("\n  ]\n}\n"));
    }

    @Test
    public void leakCheckCanBeTurnedOff() throws IOException {
        String f = file("leak.txt", "            sh-1     [000] .....    10.000001: dma_map_page: dev0 dir=TO_DEVICE "
                + "dma_addr=1000 size=64 phys_addr=48001000 attrs=\n");
        assertEquals(0, run("--no-leak-check", f));
        assertTrue(out().contains("Live mappings at the end: 1\n"));
        outBytes.reset();
        assertEquals(1, run(f));
        assertTrue(out().contains("Findings: 1\n"));
    }

    @Test
    public void badInputExitsTwoWithAClearMessage() throws IOException {
        String missing = new File(tmp.getRoot(), "nope.txt").getPath();
        assertEquals(2, run(missing));
        assertEquals("dmawb replay: " + missing + ": No such file or directory\n", err());
        errBytes.reset();

        assertEquals(2, run());
        assertEquals("dmawb replay: no capture file given\n" + ReplayCommand.USAGE + "\n", err());
        errBytes.reset();

        assertEquals(2, run("--color", "x"));
        assertEquals("dmawb replay: unknown option '--color'\n" + ReplayCommand.USAGE + "\n", err());
        errBytes.reset();

        assertEquals(2, run("--driver", "sh-sci", "x"));
        assertEquals("dmawb replay: --driver wants DEVICE=DRIVER, got 'sh-sci'\n" + ReplayCommand.USAGE + "\n",
                err());
        errBytes.reset();

        assertEquals(2, run("x", "--json"));
        assertEquals("dmawb replay: option '--json' needs an argument\n" + ReplayCommand.USAGE + "\n", err());
        errBytes.reset();

        File dat = tmp.newFile("trace.dat");
        Files.write(dat.toPath(), new byte[] { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g', '6', 0 });
        assertEquals(2, run(dat.getPath()));
        assertEquals("dmawb replay: " + dat.getPath() + ": error: this is a trace-cmd binary file; convert it first "
                + "with 'trace-cmd report -i " + dat.getPath() + " > " + dat.getPath() + ".txt'\n", err());
        errBytes.reset();

        String text = file("notes.txt", "shopping list\nmilk\n");
        assertEquals(2, run(text));
        assertEquals("dmawb replay: " + text + ": error: not an ftrace text capture (no '#' header and no event "
                + "lines)\n", err());
        errBytes.reset();

        String ok = file("ok.txt", "# tracer: nop\n");
        String json = new File(tmp.getRoot(), "no/such/dir/r.json").getPath();
        assertEquals(2, run("--json", json, ok));
        assertTrue(err(), err().startsWith("dmawb replay: " + json + ": cannot write the JSON report: "));
    }

    @Test
    public void dumpAndCaptureTogether() throws IOException {
        String dump = resource("board_dump_before_capture.txt");
        String f = resource("capture_after_dump.txt");
        assertEquals(1, run("--dump", dump, f));
        List<String> errLines = Arrays.asList(err().split("\n"));
        assertEquals(1, errLines.size());
        assertTrue(errLines.get(0), errLines.get(0).startsWith(dump + ":5:"));
        assertTrue(out(), out().startsWith("Replayed " + dump + ", " + f + "\n  7 lines: 5 dma events, 0 iommu "
                + "events, 5 dump entries\n"));
        assertTrue(out(), out().contains("Findings: 1\n"));
    }

    @Test
    public void limitsOnTheCommandLine() throws IOException {
        String map = "            sh-1     [000] .....    10.000001: dma_map_page: e6e60000.serial dir=TO_DEVICE "
                + "dma_addr=fff00000 size=64 phys_addr=48001000 attrs=\n";
        String map2 = map.replace("fff00000", "fff01000").replace("48001000", "48002000");
        String f = file("two.txt", "# tracer: nop\n" + map + map2);
        // the second mapping (line 3) is one more than allowed: an incomplete replay is bad input, exit 2
        assertEquals(2, run("--max-live-mappings", "1", "--no-leak-check", f));
        assertTrue(err(), err().contains(f + ":3: error: more than 1 live mappings (limit --max-live-mappings); the "
                + "replay stops here\n"));
        errBytes.reset();
        // a line limit of 100 characters: both event lines (about 130) are skipped, one warning for the run of them
        assertEquals(0, run("--max-line-length", "100", f));
        assertTrue(err(), err().contains(f + ":3: warning: 2 lines up to this one are longer than 100 characters, "
                + "skipped\n"));
        errBytes.reset();
        assertEquals(2, run("--max-live-mappings", "none", f));
        assertTrue(err(), err().startsWith("dmawb replay: --max-live-mappings wants a positive number, got 'none'\n"));
    }
}
