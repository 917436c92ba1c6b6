package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/** The scenario command: exact output and exit status for good and bad scenarios and usage errors. */
public class ScenarioCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ScenarioCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void defaultScenario() {
        assertEquals(0, run("--default"));
        assertEquals("", err());
        assertEquals("scenario builtin:default.dmascn: board koelsch, kernel 6.12, seed 42\n"
                + "iommu /soc/iommu@e6740000: on\n"
                + "dma-debug: on, num_errors 10\n"
                + "stop: time 100ms | first-error\n"
                + "client uart0: /soc/serial@e6e60000 (sh-sci), dma-debug sees rcar-dmac\n"
                + "  tx text \"Hello from DMA Workbench\\n\" (25 bytes) repeat 3 rate 115200\n"
                + "client sd0: /soc/mmc@ee100000 (sh_mobile_sdhi), dma-debug sees rcar-dmac\n"
                + "  read blocks 8 (4096 bytes) segments 4 repeat 2\n", out());
    }

    @Test
    public void fileWithBugsAndWarnings() throws Exception {
        Path dir = Path.of(getClass().getResource("/scenario/minimal.dmascn").toURI()).getParent();
        Path f = dir.resolve("cli-bugs.dmascn");
        assertEquals(0, run(f.toString()));
        assertEquals(f + ":3:27: warning: 'sh-sci' maps its buffers with the SYS-DMAC's device (chan->device->dev), "
                + "whose driver is rcar-dmac: with this filter dma-debug reports none of its mappings; use "
                + "\"rcar-dmac\"\n", err());
        assertEquals("scenario " + f + ": board salvator-x, kernel 4.9, seed 18446744073709551615\n"
                + "dma-debug: on, num_errors 1, all_errors, driver_filter sh-sci\n"
                + "stop: transfers 50\n"
                + "client h: /soc/serial@e6540000 (sh-sci), dma-debug sees rcar-dmac\n"
                + "  rx bytes 16 repeat forever rate 921600 every 250us\n"
                + "  bug forget-mapping-error: dma-debug reports MAP_ERROR_NOT_CHECKED\n"
                + "client sd: /soc/mmc@ee100000 (renesas_sdhi_internal_dmac), dma-debug sees "
                + "renesas_sdhi_internal_dmac\n"
                + "  write blocks 2 (1024 bytes) segments 2 repeat 1\n"
                + "client m: /soc/dma-controller@e7300000 (rcar-dmac), dma-debug sees rcar-dmac\n"
                + "  memcpy bytes 4096 repeat 1\n"
                + "  bug map-ram-with-map-resource: 4.9 profile: kernel BUG at include/linux/dma-mapping.h "
                + "(BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))); 6.12 maps it without complaint\n", out());
    }

    @Test
    public void errorsAndUsage() throws Exception {
        Path dir = Path.of(getClass().getResource("/scenario/minimal.dmascn").toURI()).getParent();
        Path f = dir.resolve("nonexistent.dmascn");
        assertEquals(1, run(f.toString()));
        assertEquals("error: " + f + ": No such file or directory\n1 error\n", err());
        assertEquals("", out());
        err.reset();
        assertEquals(2, run());
        assertEquals(ScenarioCommand.USAGE, err());
        err.reset();
        assertEquals(2, run("--frobnicate"));
        assertEquals("scenario: unknown option --frobnicate\n" + ScenarioCommand.USAGE, err());
    }

    @Test
    public void durations() {
        assertEquals("2s", ScenarioCommand.duration(2_000_000_000L));
        assertEquals("1500ms", ScenarioCommand.duration(1_500_000_000L));
        assertEquals("7us", ScenarioCommand.duration(7_000L));
        assertEquals("1001ns", ScenarioCommand.duration(1001L));
    }

    @Test
    public void lists() {
        assertEquals(0, run("--list-boards"));
        assertEquals("koelsch\nsalvator-x\nsalvator-x-4g-span\n", out());
        out.reset();
        assertEquals(0, run("--list-bugs"));
        String[] lines = out().split("\n");
        assertEquals(28, lines.length);
        assertEquals("unmap-wrong-size: unmaps a streaming mapping with a size other than the one it mapped; dma-debug "
                + "reports FREE_DIFFERENT_SIZE; committed by a serial port client (sh-sci) or a memcpy client of a "
                + "SYS-DMAC (dmatest)", lines[0]);
        assertEquals("sg-segment-too-long: builds a scatterlist segment longer than dma_get_max_seg_size() of the "
                + "device it maps for; dma-debug reports SG_SEGMENT_TOO_LONG; committed by a Gen2 SDHI client "
                + "(renesas_sdhi_sys_dmac)", lines[22]);
        assertTrue(lines[27], lines[27].startsWith("leak-mapping-per-transfer: "));
        // one line per name of the kernel's registry, in its order
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String l : lines) {
            names.add(l.substring(0, l.indexOf(':')));
        }
        assertEquals(org.dmaworkbench.kernel.drivers.DriverBug.names(), names);
        out.reset();
        assertEquals(0, run("--print-default"));
        assertEquals(ScenarioLoader.defaultText(), out());
    }

    @Test
    public void printsTheDefaultWorkloadOfAKernelBoardFile() {
        java.nio.file.Path inc = org.dmaworkbench.tests.common.LinuxDts.includePrefixes();
        String koelsch = inc.resolve("arm/renesas/r8a7791-koelsch.dts").toString();
        assertEquals(0, run("--print-default", "--board", koelsch, "-I", inc.toString()));
        // r8a7791-koelsch.dts: stdout-path is serial0 = &scif0 (the console), &scif1 is the other enabled port with
        // dmas; sdhi0 is the first enabled SDHI (SYS-DMAC fed, renesas,rcar-gen2-sdhi); dmac0 the first SYS-DMAC
        assertEquals("# default workload of a board file: what the board has of the DMA the emulator drives\n"
                + "board = \"" + koelsch + "\"\ninclude = \"" + inc + "\"\n"
                + "client copy {\n\tdevice = &dmac0\n\tmemcpy bytes 64KiB repeat 2\n}\n"
                + "client sd {\n\tdevice = &sdhi0\n\tread blocks 8 segments 4 repeat 2\n}\n"
                + "client uart {\n\tdevice = &scif1\n\ttx text \"Hello from DMA Workbench\\n\" repeat 2\n}\n", out());
        assertEquals("", err());
        assertEquals(2, run("--print-default", "--board", "/no/such.dts"));
    }
}
