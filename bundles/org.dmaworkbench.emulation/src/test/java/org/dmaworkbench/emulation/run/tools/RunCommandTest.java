package org.dmaworkbench.emulation.run.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code dmawb run} in-process: each exit code, the summary, every export and every bad-input message.
 * <p>
 * Figures derived by hand: the default scenario's SCIF0 sends "Hello from DMA Workbench\n" (25 bytes) 3 times at
 * 115200 baud, 8N1 = 10 bits a character, so the last stop bit leaves 75 x 10 / 115200 s = 6.510416 ms after the
 * start; SDHI0 reads 2 x 8 blocks of 512 bytes; 75 + 8192 = 8267 bytes moved by 3 + 2 = 5 transfers.
 */
public class RunCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static final String GREETING = "Hello from DMA Workbench\\x0a";
    static final String USAGE_LINES = "usage: dmawb run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]... [--iommu on|all|off]\n"
            + "                 [--kernel 6.12|4.9] [--trace FILE] [--dump FILE] [--dmesg FILE] [--json FILE]\n";

    private ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        outBytes = new ByteArrayOutputStream();
        errBytes = new ByteArrayOutputStream();
        return RunCommand.run(Arrays.asList(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> outLines() {
        return Arrays.asList(out().split("\n", -1));
    }

    private String resource(String name) throws IOException {
        File f = new File(tmp.getRoot(), name);
        try (InputStream in = getClass().getResourceAsStream("/run/" + name)) {
            Files.write(f.toPath(), in.readAllBytes());
        }
        return f.getPath();
    }

    private String tmpFile(String name) {
        return new File(tmp.getRoot(), name).getPath();
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    /** The trace lines of event {@code event} (the payload after "event: "). */
    private static List<String> events(String trace, String event) {
        return trace.lines().filter(l -> !l.startsWith("#") && l.contains(" " + event + ": "))
                .map(l -> l.substring(l.indexOf(" " + event + ": ") + event.length() + 3)).toList();
    }

    // ---------------------------------------------------------------------------------------- clean runs

    @Test
    public void withoutArgumentsTheBuiltinDefaultScenarioRunsCleanAndPrintsTheSummary() {
        assertEquals(0, run());
        assertEquals("", err());
        List<String> l = outLines();
        assertEquals("scenario  builtin:default.dmascn on koelsch, kernel 6.12", l.get(0));
        assertEquals("result    completed (workload finished) after 6.510416 ms of virtual time", l.get(1));
        Matcher m = Pattern.compile("DMA-API   (\\d+) maps, (\\d+) unmaps; 5 transfers, 8267 bytes moved").matcher(l.get(2));
        assertTrue(l.get(2), m.matches());
        // a clean run gives back every mapping it took
        assertEquals(m.group(1), m.group(2));
        assertTrue(l.get(3), l.get(3).startsWith("IOMMU     0 faults; IOTLB "));
        assertEquals("dma-debug 0 errors", l.get(4));
        assertTrue(out(), out().contains("\nserial e6e60000.serial: \"" + GREETING.repeat(3) + "\"\n"));
        assertFalse(out(), out().contains("findings:"));
    }

    @Test
    public void boardKoelschRunsTheDefaultScenario() {
        assertEquals(0, run());
        String defaultOut = out();
        assertEquals(0, run("--board", "koelsch"));
        assertEquals("", err());
        assertEquals(defaultOut.replace("builtin:default.dmascn", "builtin:koelsch.dmascn"), out());
    }

    @Test
    public void boardSalvatorXRunsItsDefaultWorkloadClean() {
        assertEquals(0, run("--board", "salvator-x"));
        assertEquals("", err());
        List<String> l = outLines();
        assertEquals("scenario  builtin:salvator-x.dmascn on salvator-x, kernel 6.12", l.get(0));
        // HSCIF0 sends the greeting 3 times (75 bytes), the memcpy client copies 64 KiB twice: 3 + 2 transfers
        assertTrue(l.get(2), l.get(2).matches("DMA-API   (\\d+) maps, \\1 unmaps; 5 transfers, 131147 bytes moved"));
        assertTrue(l.get(3), l.get(3).startsWith("IOMMU     0 faults; IOTLB "));
        assertEquals("dma-debug 0 errors", l.get(4));
        // hscif0 of r8a7795 is at 0xe6540000
        assertTrue(out(), out().contains("\nserial e6540000.serial: \"" + GREETING.repeat(3) + "\"\n"));
    }

    @Test
    public void boardSalvatorX4gSpanRunsItsDefaultWorkloadCleanWithoutIommu() {
        assertEquals(0, run("--board", "salvator-x-4g-span"));
        assertEquals("", err());
        List<String> l = outLines();
        assertEquals("scenario  builtin:salvator-x-4g-span.dmascn on salvator-x-4g-span, kernel 6.12", l.get(0));
        // 4 memcpys of 1 MiB; its IOMMUs are off, so no IOTLB lookups
        assertTrue(l.get(2), l.get(2).matches("DMA-API   (\\d+) maps, \\1 unmaps; 4 transfers, 4194304 bytes moved"));
        assertEquals("IOMMU     0 faults; IOTLB 0 hits, 0 misses", l.get(3));
        assertEquals("dma-debug 0 errors", l.get(4));
    }

    @Test
    public void boardFileWithIncludeDirectoryRunsAMemcpyOnItsDmac0() throws IOException {
        Path boards = tmp.newFolder("boards").toPath();
        Path soc = tmp.newFolder("soc").toPath();
        for (String[] f : new String[][] { { "/scenario/boards/user-board.dts", "user-board.dts" },
                { "/scenario/soc/mini-soc.dtsi", "mini-soc.dtsi" } }) {
            try (InputStream in = getClass().getResourceAsStream(f[0])) {
                Files.write((f[1].endsWith(".dts") ? boards : soc).resolve(f[1]), in.readAllBytes());
            }
        }
        String board = boards.resolve("user-board.dts").toString();
        assertEquals(0, run("--board", board, "-I", soc.toString()));
        assertEquals("", err());
        List<String> l = outLines();
        assertEquals("scenario  builtin:user-board.dmascn on \"" + board + "\", kernel 6.12", l.get(0));
        // the default workload of a board file: 64 KiB copied twice
        assertTrue(l.get(2), l.get(2).matches("DMA-API   (\\d+) maps, \\1 unmaps; 2 transfers, 131072 bytes moved"));
        assertEquals("dma-debug 0 errors", l.get(4));
        // without the include directory the board does not compile: the preprocessor's error, exit 2
        assertEquals(2, run("--board", board));
        assertTrue(err(), err().startsWith(board + ":3:10: error: mini-soc.dtsi: No such file or directory\n"));
    }

    // ---------------------------------------------------------------------------------------- IOMMU switch

    @Test
    public void iommuOffMapsTheScifFifoAtItsPhysicalAddress() throws IOException {
        String trace = tmpFile("off.trace");
        assertEquals(0, run("--iommu", "off", "--trace", trace));
        assertEquals("", err());
        // dma-direct: no IOVA, the FIFO (SCIF0 0xe6e60000 + SCFTDR 0x0c) is its own bus address; 1 byte, the
        // direction inverted from MEM_TO_DEV by rcar_dmac_map_slave_addr()
        assertTrue(trace, events(read(trace), "dma_map_resource").contains(
                "e6700000.dma-controller dir=FROM_DEVICE dma_addr=e6e6000c size=1 phys_addr=e6e6000c attrs="));
        assertEquals(List.of(), events(read(trace), "map"));
        assertTrue(out(), out().contains("\nIOMMU     0 faults; IOTLB 0 hits, 0 misses\n"));
    }

    @Test
    public void iommuOnTranslatesTheFifoThroughTheIpmmuWindow() throws IOException {
        String trace = tmpFile("on.trace");
        assertEquals(0, run("--iommu", "on", "--trace", trace));
        List<String> fifo = events(read(trace), "dma_map_resource").stream().filter(e -> e.contains("phys_addr=e6e6000c"))
                .toList();
        assertEquals(fifo.toString(), 1, fifo.size());
        Matcher m = Pattern.compile("e6700000\\.dma-controller dir=FROM_DEVICE dma_addr=([0-9a-f]+) size=1 "
                + "phys_addr=e6e6000c attrs=").matcher(fifo.get(0));
        assertTrue(fifo.get(0), m.matches());
        long iova = Long.parseLong(m.group(1), 16);
        // arm_iommu window of the Gen2 IPMMU: [0x40000000, 0xc0000000), page offset kept
        assertTrue(m.group(1), iova >= 0x4000_0000L && iova < 0xc000_0000L && (iova & 0xfff) == 0x00c);
        // iommu:map of the FIFO page at that IOVA page
        assertTrue(read(trace), events(read(trace), "map").contains(String.format(
                "IOMMU: iova=0x%016x - 0x%016x paddr=0x00000000e6e60000 size=4096", iova & ~0xfffL, (iova & ~0xfffL) + 4096)));
    }

    @Test
    public void iommuOnOverridesTheScenariosOwnSwitch() throws IOException {
        File scn = tmp.newFile("ipmmu-off.dmascn");
        Files.writeString(scn.toPath(), "board = koelsch\niommu ipmmu_ds = off\nclient u { device = &scif0; tx bytes 1 }\n");
        String trace = tmpFile("ipmmu-off.trace");
        assertEquals(0, run(scn.getPath(), "--trace", trace));
        assertEquals(List.of("e6700000.dma-controller dir=FROM_DEVICE dma_addr=e6e6000c size=1 phys_addr=e6e6000c attrs="),
                events(read(trace), "dma_map_resource"));
        assertEquals(0, run(scn.getPath(), "--iommu", "on", "--trace", trace));
        assertEquals("", err());
        List<String> fifo = events(read(trace), "dma_map_resource");
        assertEquals(1, fifo.size());
        // an IOVA in the arm_iommu window [0x40000000, 0xc0000000) with the FIFO's page offset 0x00c
        assertTrue(fifo.get(0), fifo.get(0).matches("e6700000\\.dma-controller dir=FROM_DEVICE dma_addr=[4-9ab][0-9a-f]{4}"
                + "00c size=1 phys_addr=e6e6000c attrs="));
        assertFalse(out(), out().contains("\nIOMMU     0 faults; IOTLB 0 hits, 0 misses\n"));
    }

    @Test
    public void iommuOnForABoardWithoutIommuUsersIsBadInput() {
        // salvator-x-4g-span deletes the iommus properties of its DMACs and SDHIs: nothing could be translated
        assertEquals(2, run("--board", "salvator-x-4g-span", "--iommu", "on"));
        assertEquals("", out());
        assertEquals("dmawb run: --iommu on: no device of board salvator-x-4g-span is behind an IOMMU (none has an "
                + "iommus property)\n", err());
    }

    // ---------------------------------------------------------------------------------------- findings

    @Test
    public void aDriverBugMakesExitOneWithTheFindingListed() throws IOException {
        String dmesg = tmpFile("leak.dmesg");
        String dump = tmpFile("leak.dump");
        String json = tmpFile("leak.json");
        String trace = tmpFile("leak.trace");
        assertEquals(1, run(resource("uart-leaks-its-tx-buffer.dmascn"), "--dmesg", dmesg, "--dump", dump, "--json",
                json, "--trace", trace));
        assertEquals("", err());
        String leak = "DMA-API: platform e6700000.dma-controller: device driver has pending DMA allocations while "
                + "released from device [count=1]";
        assertTrue(out(), out().contains("\ndma-debug 1 errors\n"));
        // the finding under "findings:", its continuation line indented under the message
        assertTrue(out(), Pattern.compile("\nfindings:\n\\[\\d+\\.\\d{6} ms\\] " + Pattern.quote(leak)
                + "\n {13}One of leaked entries details: \\[device address=0x0000000040000000\\] \\[size=4096 bytes\\] "
                + "\\[mapped with DMA_TO_DEVICE\\] \\[mapped as single\\]\n$").matcher(out()).find());
        // dmesg: dma-debug's boot lines (6.12: PREALLOC_DMA_DEBUG_ENTRIES = 1 << 16), then the report
        // each line carries printk's "[%5lu.%06lu] " stamp (kernel/printk/printk.c print_time()); boot is at 0
        List<String> stamped = read(dmesg).lines().toList();
        assertEquals("[    0.000000] DMA-API: preallocated 65536 debug entries", stamped.get(0));
        List<String> log = stamped.stream().map(l -> l.replaceFirst("^\\[ *\\d+\\.\\d{6}\\] ", "")).toList();
        assertEquals("DMA-API: debugging enabled by kernel config", log.get(1));
        assertTrue(log.toString(), log.contains(leak));
        // err_printk() is a WARN: on 32-bit ARM warn_slowpath_fmt() prints the cut line, then the WARNING line of
        // kernel/dma/debug.c:862 (dma_debug_device_change), then the message (kernel/panic.c:788-800)
        int at = log.indexOf(leak);
        assertEquals("------------[ cut here ]------------", log.get(at - 2));
        assertTrue(log.get(at - 1), log.get(at - 1).matches("WARNING: CPU: 0 PID: \\d+ at kernel/dma/debug\\.c:862 "
                + "dma_debug_device_change\\+0x[0-9a-f]+/0x[0-9a-f]+"));
        assertTrue(log.toString(), log.contains("---[ end trace 0000000000000000 ]---"));
        assertTrue(log.toString(), log.contains("One of leaked entries details: [device address=0x0000000040000000] "
                + "[size=4096 bytes] [mapped with DMA_TO_DEVICE] [mapped as single]"));
        // dump: the leaked entry stays in dma-debug after the report; the kernel's dump_show() format
        // "%s %s %s idx %d P=%pa D=%llx L=%llx cln=%pa %s %s"; idx = (D >> 13) & 0x3fff = 0, and with
        // P the traced phys_addr of the TX buffer, cln = (P >> 12) << 6 (L1_CACHE_SHIFT 6 on Cortex-A15)
        List<String> maps = events(read(trace), "dma_map_page").stream().filter(e -> e.contains("dma_addr=40000000 ")).toList();
        assertEquals(maps.toString(), 1, maps.size());
        long p = Long.parseLong(maps.get(0).replaceAll(".* phys_addr=([0-9a-f]+) .*", "$1"), 16);
        // the dump is read after the run's end unbound the drivers: dev_driver_string() is the bus, "platform"
        assertEquals(String.format("platform e6700000.dma-controller single idx 0 P=0x%016x D=40000000 L=1000 "
                + "cln=0x%016x DMA_TO_DEVICE dma map error checked\n", p, (p >> 12) << 6), read(dump));
        // JSON: the figures and the finding with its check, device and driver (the bus once the driver is gone)
        String j = read(json);
        assertTrue(j, j.contains("\"scenario\": \"" + tmpFile("uart-leaks-its-tx-buffer.dmascn") + "\""));
        assertTrue(j, j.contains("\"status\": \"completed\""));
        assertTrue(j, j.contains("\"exitCode\": 1"));
        assertTrue(j, j.contains("\"dmaDebugErrors\": 1"));
        assertTrue(j, j.contains("\"check\": \"PENDING_AT_UNBIND\""));
        assertTrue(j, j.contains("\"device\": \"e6700000.dma-controller\""));
        assertTrue(j, j.contains("\"message\": \"" + leak + "\\nOne of leaked entries details: [device address="
                + "0x0000000040000000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] [mapped as single]\""));
    }

    @Test
    public void kernel49BugOnRamInMapResourceIsReportedAsTheKernelsBugLineAndExitsOne() throws IOException {
        String dmesg = tmpFile("bug.dmesg");
        String json = tmpFile("bug.json");
        String bug = "kernel BUG at include/linux/dma-mapping.h (dma_map_resource): "
                + "BUG_ON(pfn_valid(PHYS_PFN(phys_addr))) with phys_addr 0x";
        String scn = resource("kernel49-map-ram-with-map-resource.dmascn");
        assertEquals(1, run(scn, "--kernel", "4.9", "--dmesg", dmesg, "--json", json));
        assertEquals("", err());
        List<String> l = outLines();
        assertEquals("scenario  " + scn + " on koelsch, kernel 4.9", l.get(0));
        assertTrue(l.get(1), l.get(1).startsWith("result    stopped on error (kernel BUG) after "));
        assertTrue(out(), Pattern.compile("\nfindings:\n\\[\\d+\\.\\d{6} ms\\] " + Pattern.quote(bug)
                + "[0-9a-f]+, which is RAM\n$").matcher(out()).find());
        // the oops: lib/bug.c:205 "kernel BUG at %s:%u!" (4.9's inline wrapper: no 6.12 line to give), ARM's
        // __die() "Internal error: Oops - BUG: 0 [#1] SMP ARM" (arch/arm/kernel/traps.c:285), the end marker last
        List<String> log = read(dmesg).lines().map(x -> x.replaceFirst("^\\[ *\\d+\\.\\d{6}\\] ", "")).toList();
        assertTrue(log.toString(), log.contains("kernel BUG at include/linux/dma-mapping.h!"));
        assertTrue(log.toString(), log.contains("Internal error: Oops - BUG: 0 [#1] SMP ARM"));
        assertEquals("---[ end trace 0000000000000000 ]---", log.get(log.size() - 1));
        assertTrue(read(json), read(json).contains("\"message\": \"" + bug));
        // 6.12's dma_map_resource() (kernel/dma/mapping.c) has no pfn_valid() BUG_ON any more: the same scenario
        // runs to its end
        assertEquals(0, run(scn));
        assertTrue(out(), out().startsWith("scenario  " + scn + " on koelsch, kernel 6.12\n"
                + "result    completed (workload finished) after "));
    }

    // ---------------------------------------------------------------------------------------- exports

    @Test
    public void exportsOfTheDefaultRun() throws IOException {
        String trace = tmpFile("run.trace");
        String dump = tmpFile("run.dump");
        String dmesg = tmpFile("run.dmesg");
        String json = tmpFile("run.json");
        assertEquals(0, run("--iommu", "off", "--trace", trace, "--dump", dump, "--dmesg", dmesg, "--json", json));
        assertEquals("", err());
        String t = read(trace);
        List<String> tl = t.lines().toList();
        // print_trace_header() of kernel/trace/trace.c for the nop tracer on 2 CPUs
        assertEquals("# tracer: nop", tl.get(0));
        assertEquals("#", tl.get(1));
        // 7 maps (sh-sci TX buffer, 2 coherent descriptor/RX buffers, 2 FIFO resources, 2 SD sg lists),
        // their 7 unmaps and the 3 dma_sync_single_for_device() of the TX buffer before each transmission
        assertEquals("# entries-in-buffer/entries-written: 17/17   #P:2", tl.get(2));
        assertEquals(17, tl.stream().filter(x -> !x.startsWith("#")).count());
        assertEquals(3, events(t, "dma_sync_single_for_device").size());
        assertEquals(2, events(t, "dma_map_sg").size());
        assertEquals(2, events(t, "dma_unmap_sg").size());
        // nothing live at the end of a clean run: an empty dump
        assertEquals("", read(dump));
        assertEquals("[    0.000000] DMA-API: preallocated 65536 debug entries\n"
                + "[    0.000000] DMA-API: debugging enabled by kernel config\n", read(dmesg));
        String j = read(json);
        assertTrue(j, j.startsWith("{\n  \"scenario\": \"builtin:default.dmascn\",\n  \"status\": \"completed\",\n"
                + "  \"reason\": \"workload finished\",\n  \"exitCode\": 0,\n  \"virtualTimeNs\": 6510416,\n"
                + "  \"statistics\": {\n    \"transfers\": 5,\n    \"bytesMoved\": 8267,\n"));
        assertTrue(j, j.contains("\n    \"iotlbHits\": 0,\n    \"iotlbMisses\": 0,\n    \"iotlbHitRate\": null,\n"));
        assertTrue(j, j.contains("\n    \"dmaDebugErrors\": 0,\n    \"iommuFaults\": 0,\n"));
        assertTrue(j, j.endsWith("\n  \"findings\": []\n}\n"));
    }

    // ---------------------------------------------------------------------------------------- bad input

    private void assertBadInput(String message, boolean usage, String... args) {
        assertEquals(2, run(args));
        assertEquals("", out());
        assertEquals(message + "\n" + (usage ? USAGE_LINES : ""), err());
    }

    @Test
    public void everyBadCommandLineIsExitTwoWithItsMessage() throws IOException {
        assertBadInput("dmawb run: unknown option '--frob'", true, "--frob");
        assertBadInput("dmawb run: --trace needs a value", true, "--trace");
        assertBadInput("dmawb run: --board needs a value", true, "--board");
        assertBadInput("dmawb run: -I needs a value", true, "--board", "x.dts", "-I");
        assertBadInput("dmawb run: --iommu takes on, all or off, not 'maybe'", true, "--iommu", "maybe");
        assertBadInput("dmawb run: --kernel takes 6.12 or 4.9, not '5.0'", true, "--kernel", "5.0");
        assertBadInput("dmawb run: one scenario at a time ('a.dmascn', 'b.dmascn')", true, "a.dmascn", "b.dmascn");
        assertBadInput("dmawb run: -I goes with --board FILE.dts", true, "-I", "inc");
        assertBadInput("dmawb run: -I goes with --board FILE.dts", true, "-Iinc", "--board", "koelsch");
    }

    @Test
    public void missingFilesAndBrokenScenariosAreExitTwoWithTheirMessages() throws IOException {
        String missing = tmpFile("nothere.dmascn");
        assertBadInput("dmawb run: " + missing + ": no such scenario file", false, missing);
        String broken = resource("syntax-error.dmascn");
        // the column counts the leading tab to the next multiple of 8
        assertBadInput(broken + ":3:25: error: unexpected 'tx' at the end of the statement", false, broken);
        String board = tmpFile("no-board.dts");
        assertBadInput("dmawb run: --board " + board + ": no such board file (built-in boards: koelsch, salvator-x, "
                + "salvator-x-4g-span)", false, "--board", board);
        assertBadInput("dmawb run: --board koelch: no such board file (built-in boards: koelsch, salvator-x, "
                + "salvator-x-4g-span)", false, "--board", "koelch");
        String noDir = tmpFile("no-such-dir") + File.separator + "run.trace";
        assertBadInput("dmawb run: --trace " + noDir + ": no such directory " + tmpFile("no-such-dir"), false,
                "--trace", noDir);
        assertBadInput("dmawb run: --json " + tmp.getRoot() + ": is a directory", false, "--json",
                tmp.getRoot().getPath());
    }

    @Test
    public void dumpWithDmaDebugOffIsRefusedBeforeTheRun() throws IOException {
        File scn = tmp.newFile("nodebug.dmascn");
        Files.writeString(scn.toPath(), "board = koelsch\ndma-debug = off\nclient u { device = &scif0; tx bytes 1 }\n");
        assertBadInput("dmawb run: --dump: dma-debug is off in this scenario, there is no dump file", false,
                scn.getPath(), "--dump", tmpFile("x.dump"));
        assertFalse(new File(tmpFile("x.dump")).exists());
    }

    @Test
    public void anIpmmuOutOfContextsPrintsTheKernelsMessageAndWhoHoldsThem() throws IOException {
        Path inc = org.dmaworkbench.tests.common.LinuxDts.includePrefixes();
        Path board = inc.resolve("arm64/renesas/r8a77951-salvator-x.dts");
        String scn = tmpFile("many.dmascn");
        Files.writeString(Path.of(scn), "board = \"" + board + "\"\ninclude = \"" + inc + "\"\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n");
        // --iommu all opts every master with iommus in; they all take their contexts on IPMMU-MM (e67b0000), which
        // has 8 (r8a7795: ipmmu_features_rcar_gen3 .number_of_contexts = 8) with context 0 reserved
        assertEquals(err(), 1, run(scn, "--iommu", "all"));
        org.dmaworkbench.devicetree.DeviceTree t = org.dmaworkbench.devicetree.DeviceTreeCompiler
                .compile(board, List.of(inc), org.dmaworkbench.devicetree.CompileOptions.kernelBuild()).tree()
                .orElseThrow();
        // the masters in device-tree order: the first seven get contexts 1..7, the others find none
        List<String> masters = t.allNodes().stream().filter(n -> n.hasProperty("iommus") && n.isEnabled()
                && n.parent().map(org.dmaworkbench.devicetree.DtNode::isEnabled).orElse(true))
                .map(n -> Long.toHexString(n.reg().get(0).address()) + "." + n.baseName()).toList();
        assertTrue(masters.toString(), masters.size() > 7);
        for (int i = 0; i < 7; i++) {
            assertTrue(out(), out().contains("context " + (i + 1) + " " + masters.get(i)));
        }
        for (String failed : masters.subList(7, masters.size())) {
            // ipmmu_attach_device(): dev_err(dev, "Unable to initialize IPMMU context\n")
            assertTrue(out(), out().contains(" " + failed + ": Unable to initialize IPMMU context\n"));
        }
        assertTrue(out(), out().contains("  no free context of e67b0000.iommu for: " + masters.get(7) + ", "));
        assertTrue(out(), out().contains("  its contexts are held by: context 1 " + masters.get(0) + ", "));
    }
}
