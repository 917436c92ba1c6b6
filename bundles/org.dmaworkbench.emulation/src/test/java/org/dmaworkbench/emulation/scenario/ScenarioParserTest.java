package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.scenario.Scenario.Client;
import org.dmaworkbench.emulation.scenario.Scenario.DmaDebugOptions;
import org.dmaworkbench.emulation.scenario.Scenario.StopCondition;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/** The .dmascn parser: every key with its value, defaults, and every error at its exact FILE:LINE:COL. */
public class ScenarioParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ScenarioParserTest.class.getResourceAsStream("/scenario/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Scenario ok(String text) {
        ScenarioResult r = ScenarioParser.parse("t.dmascn", text);
        assertEquals("", r.formatDiagnostics());
        return r.scenario().orElseThrow();
    }

    /** The diagnostics of a file that must not parse. */
    private static String errors(String text) {
        ScenarioResult r = ScenarioParser.parse("t.dmascn", text);
        assertTrue("expected errors", r.hasErrors());
        assertFalse(r.scenario().isPresent());
        return r.formatDiagnostics();
    }

    private static final String HEAD = "board = koelsch\nclient u { device = &scif0; tx bytes 1 }\n";

    @Test
    public void everyKey() throws IOException {
        ScenarioResult r = ScenarioParser.parse("every-key.dmascn", resource("every-key.dmascn"));
        assertEquals("", r.formatDiagnostics());
        Scenario s = r.scenario().orElseThrow();
        assertEquals("every-key.dmascn", s.fileName());
        assertFalse(s.board().isBuiltin());
        assertEquals("boards/my-koelsch.dts", s.board().file());
        assertEquals(List.of("include", "/opt/linux/include-prefixes"), s.board().includeDirs());
        assertEquals(new SourcePosition("every-key.dmascn", 2, 9), s.board().position());
        assertEquals(2, s.iommus().size());
        assertEquals("ipmmu_ds", s.iommus().get(0).iommu().label());
        assertFalse(s.iommus().get(0).enabled());
        assertEquals(new SourcePosition("every-key.dmascn", 5, 7), s.iommus().get(0).iommu().position());
        assertEquals("ipmmu_mx", s.iommus().get(1).iommu().label());
        assertTrue(s.iommus().get(1).enabled());
        assertEquals(KernelProfile.V4_9, s.profile());
        assertEquals(new DmaDebugOptions(true, "rcar-dmac", 10, true), s.dmaDebug());
        assertEquals(42, s.seed());
        assertEquals(new StopCondition(OptionalLong.of(10_000_000L), OptionalLong.of(1000), true), s.stop());

        assertEquals(4, s.clients().size());
        Client u = s.clients().get(0);
        assertEquals("uart0", u.name());
        assertEquals("scif0", u.device().label());
        assertEquals("&scif0", u.device().toString());
        assertEquals(new SourcePosition("every-key.dmascn", 15, 18), u.device().position());
        Workload tx = u.workloads().get(0);
        assertEquals(WorkloadKind.TX, tx.kind());
        assertEquals(Optional.of("Hello\tDMA!\n"), tx.text());
        assertEquals(11, tx.count());
        assertEquals(3, tx.repeat());
        assertEquals(9600, tx.rate());
        assertEquals(0, tx.everyNs());
        assertEquals(new SourcePosition("every-key.dmascn", 16, 9), tx.position());
        Workload rx = u.workloads().get(1);
        assertEquals(new Workload(WorkloadKind.RX, 4096, Optional.empty(), 1, 1, 0, 500_000,
                new SourcePosition("every-key.dmascn", 17, 9)), rx);

        Client sd0 = s.clients().get(1);
        assertEquals("/soc/mmc@ee100000", sd0.device().path());
        assertEquals(new Workload(WorkloadKind.SD_READ, 8, Optional.empty(), 4, 2, 0, 0,
                new SourcePosition("every-key.dmascn", 19, 42)), sd0.workloads().get(0));
        assertEquals(4096, sd0.workloads().get(0).bytes());
        Client sd1 = s.clients().get(2);
        assertEquals("/soc/mmc@ee140000", sd1.device().path());
        assertEquals(new Workload(WorkloadKind.SD_WRITE, 16, Optional.empty(), 16, ScenarioParser.FOREVER, 0, 2_000_000,
                new SourcePosition("every-key.dmascn", 22, 9)), sd1.workloads().get(0));
        Client m = s.clients().get(3);
        assertEquals("dmac0", m.device().label());
        assertEquals(new Workload(WorkloadKind.MEMCPY, 65536, Optional.empty(), 1, 1, 0, 0,
                new SourcePosition("every-key.dmascn", 24, 29)), m.workloads().get(0));

        assertEquals(3, s.bugs().size());
        assertEquals(List.of(DriverBug.FORGET_MAPPING_ERROR), s.bugsOf("uart0"));
        assertEquals(List.of(DriverBug.SG_UNMAP_WRONG_NENTS), s.bugsOf("sd0"));
        assertEquals(List.of(DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE), s.bugsOf("m"));
        assertEquals(new SourcePosition("every-key.dmascn", 27, 11), s.bugs().get(1).position());
        assertEquals(new SourcePosition("every-key.dmascn", 28, 9), s.bugs().get(2).position());
    }

    @Test
    public void defaults() throws IOException {
        Scenario s = ok(resource("minimal.dmascn"));
        assertTrue(s.board().isBuiltin());
        assertEquals("koelsch", s.board().builtinName());
        assertEquals(List.of(), s.board().includeDirs());
        assertEquals(List.of(), s.iommus());
        assertEquals(KernelProfile.V6_12, s.profile());
        assertEquals(new DmaDebugOptions(true, "", 1, false), s.dmaDebug());
        assertEquals(1, s.seed());
        assertTrue(s.stop().isWorkloadsDone());
        assertEquals(new Workload(WorkloadKind.TX, 1, Optional.empty(), 1, 1, 0, 0,
                new SourcePosition("t.dmascn", 2, 29)), s.clients().get(0).workloads().get(0));
        assertEquals(List.of(), s.bugs());
    }

    @Test
    public void valueForms() {
        Scenario s = ok("board = salvator-x\nseed = 18446744073709551615\nstop = transfers 1_000\n"
                + "dma-debug = off\ndma-debug.num_errors = 0\nkernel = 6.12\n"
                + "client c {\n device = &dmac1\n memcpy bytes 2MiB repeat 5\n memcpy bytes 0x10 every 1s\n}\n");
        assertEquals(-1L, s.seed());
        assertEquals(OptionalLong.of(1000), s.stop().transfers());
        assertFalse(s.dmaDebug().enabled());
        assertEquals(0, s.dmaDebug().numErrors());
        assertEquals(2L << 20, s.clients().get(0).workloads().get(0).count());
        assertEquals(16, s.clients().get(0).workloads().get(1).count());
        assertEquals(1_000_000_000L, s.clients().get(0).workloads().get(1).everyNs());
        Scenario t = ok(HEAD + "stop = first-error\n");
        assertEquals(new StopCondition(OptionalLong.empty(), OptionalLong.empty(), true), t.stop());
        Scenario u = ok(HEAD + "stop = time 3us\n");
        assertEquals(OptionalLong.of(3000), u.stop().timeNs());
        assertEquals(OptionalLong.of(7), ok(HEAD + "stop = time 7ns").stop().timeNs());
        assertEquals(OptionalLong.of(2_000_000_000L), ok(HEAD + "stop = time 2s").stop().timeNs());
    }

    @Test
    public void everyBugNameParses() {
        // every name of the kernel's registry, each into a client whose workload can run where it is committed
        int parsed = 0;
        for (DriverBug b : DriverBug.values()) {
            for (String client : List.of("u", "sd", "m")) {
                String text = HEAD + "client sd { device = &sdhi0; read blocks 1 }\n"
                        + "client m { device = &dmac0; memcpy bytes 64 }\nbug " + client + " = " + b.bugName() + "\n";
                ScenarioResult r = ScenarioParser.parse("t.dmascn", text);
                DeviceKind kind = client.equals("u") ? DeviceKind.SERIAL
                        : client.equals("sd") ? DeviceKind.SDHI_SYS_DMAC : DeviceKind.DMAC;
                if (DriverBugs.committers(b).contains(kind)) {
                    assertEquals(List.of(b), r.scenario().orElseThrow().bugsOf(client));
                    parsed++;
                } else {
                    assertTrue(b + " " + client, r.hasErrors());
                }
            }
        }
        // UartClient 11 + SdhiClient 4 + MemcpyClient 15 supported bugs
        assertEquals(30, parsed);
    }

    @Test
    public void driverFilterWarnings() {
        ScenarioResult r = ScenarioParser.parse("t.dmascn", HEAD + "dma-debug.driver_filter = \"sh-sci\"\n");
        assertEquals("t.dmascn:3:27: warning: 'sh-sci' maps its buffers with the SYS-DMAC's device "
                + "(chan->device->dev), whose driver is rcar-dmac: with this filter dma-debug reports none of its "
                + "mappings; use \"rcar-dmac\"\n", r.formatDiagnostics());
        assertEquals("sh-sci", r.scenario().orElseThrow().dmaDebug().driverFilter());
        r = ScenarioParser.parse("t.dmascn", HEAD + "dma-debug.driver_filter = foo\n");
        assertEquals("t.dmascn:3:27: warning: no emulated driver is called 'foo' (drivers: rcar-dmac, sh-sci, "
                + "sh_mobile_sdhi, renesas_sdhi_internal_dmac, i2c-sh_mobile): dma-debug will report nothing\n",
                r.formatDiagnostics());
        assertFalse(r.hasErrors());
        assertEquals("", ScenarioParser.parse("t.dmascn", HEAD + "dma-debug.driver_filter = \"rcar-dmac\"\n")
                .formatDiagnostics());
    }

    // ---- errors, each at its exact position ----

    @Test
    public void unknownKeys() {
        assertEquals("t.dmascn:3:1: error: unknown key 'colour'\n", errors(HEAD + "colour = red\n"));
        assertEquals("t.dmascn:3:1: error: unknown dma-debug option 'filter' (expected driver_filter, num_errors or "
                + "all_errors)\n", errors(HEAD + "dma-debug.filter = x\n"));
        assertEquals("t.dmascn:3:1: error: 'tx' belongs inside a client { ... } block\n", errors(HEAD + "tx bytes 4\n"));
        assertEquals("t.dmascn:3:12: error: unknown client statement 'speed' (expected device, tx, rx, read, write "
                + "or memcpy)\n", errors(HEAD + "client x { speed = 3 }\n"));
        assertEquals("t.dmascn:4:9: error: 'bug' cannot appear inside client 'x' (missing '}'?)\n"
                + "t.dmascn:3:8: error: client 'x' is not closed: missing '}'\n",
                errors(HEAD + "client x { device = &scif0; tx bytes 1\n\tbug x = double-unmap\n"));
        assertEquals("t.dmascn:3:40: error: unknown workload option 'fast' (expected repeat, every, rate, "
                + "segments or to)\n", errors(HEAD + "client x { device = &scif0; tx bytes 1 fast }\n"));
        assertEquals("t.dmascn:3:40: error: 'to' (the MMIO destination of a copy) applies only to memcpy\n",
                errors(HEAD + "client x { device = &scif0; tx bytes 1 to &icram0 }\n"));
    }

    @Test
    public void badValues() {
        assertEquals("t.dmascn:3:10: error: unknown kernel profile '5.10' (expected 6.12 or 4.9)\n",
                errors(HEAD + "kernel = 5.10\n"));
        assertEquals("t.dmascn:3:13: error: expected on or off for 'dma-debug', got 'yes'\n",
                errors(HEAD + "dma-debug = yes\n"));
        assertEquals("t.dmascn:3:18: error: expected on or off for 'iommu', got '1'\n",
                errors(HEAD + "iommu ipmmu_ds = 1\n"));
        assertEquals("t.dmascn:3:8: error: expected a number, got 'lots'\n", errors(HEAD + "seed = lots\n"));
        assertEquals("t.dmascn:3:8: error: number '18446744073709551616' is too large\n",
                errors(HEAD + "seed = 18446744073709551616\n"));
        assertEquals("t.dmascn:3:8: error: expected a number, got '12abc'\n", errors(HEAD + "seed = 12abc\n"));
        assertEquals("t.dmascn:3:24: error: num_errors must be between 0 and 4294967295, got 4294967296\n",
                errors(HEAD + "dma-debug.num_errors = 4294967296\n"));
        assertEquals("t.dmascn:3:13: error: duration '10' needs a unit: ns, us, ms or s\n",
                errors(HEAD + "stop = time 10\n"));
        assertEquals("t.dmascn:3:13: error: unknown time unit 'min' (expected ns, us, ms or s)\n",
                errors(HEAD + "stop = time 5min\n"));
        assertEquals("t.dmascn:3:13: error: duration must be greater than 0\n", errors(HEAD + "stop = time 0ms\n"));
        assertEquals("t.dmascn:3:8: error: unknown stop condition 'never' (expected time, transfers or first-error)\n",
                errors(HEAD + "stop = never\n"));
        assertEquals("t.dmascn:3:22: error: stop condition 'first-error' given twice\n",
                errors(HEAD + "stop = first-error | first-error\n"));
        assertEquals("t.dmascn:3:18: error: transfer count must be between 1 and 9223372036854775807, got 0\n",
                errors(HEAD + "stop = transfers 0\n"));
        assertEquals("t.dmascn:3:27: error: driver_filter must be one driver name without spaces\n",
                errors(HEAD + "dma-debug.driver_filter = \"sh sci\"\n"));
        assertEquals("t.dmascn:3:27: error: driver_filter is 64 characters long; the kernel keeps 63\n",
                errors(HEAD + "dma-debug.driver_filter = \"" + "d".repeat(64) + "\"\n"));
        assertEquals("t.dmascn:1:9: error: unknown built-in board 'lager' (built-in boards: koelsch, salvator-x, "
                + "salvator-x-4g-span; a file name goes in quotes)\n",
                errors("board = lager\nclient u { device = &scif0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:1:9: error: empty board file name\n",
                errors("board = \"\"\nclient u { device = &scif0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:3:11: error: unknown driver bug 'crash' (see the list of driver bugs in FORMAT.md)\n",
                errors(HEAD + "bug u  =  crash\n"));
    }

    @Test
    public void badWorkloads() {
        String c = "board = koelsch\nclient x {\n device = &scif0\n";
        assertEquals("t.dmascn:4:11: error: byte count must be between 1 and 1073741824, got 0\n",
                errors(c + " rx bytes 0\n}\n"));
        assertEquals("t.dmascn:4:11: error: byte count must be between 1 and 1073741824, got 2147483648\n",
                errors(c + " tx bytes 2GiB\n}\n"));
        assertEquals("t.dmascn:4:10: error: empty text: nothing to transmit\n", errors(c + " tx text \"\"\n}\n"));
        assertEquals("t.dmascn:4:5: error: expected 'bytes' or 'text' after 'tx', got 'blocks'\n",
                errors(c + " tx blocks 3\n}\n"));
        assertEquals("t.dmascn:4:13: error: 'segments' (the scatterlist length) applies only to read and write\n",
                errors(c + " rx bytes 8 segments 2\n}\n"));
        assertEquals("t.dmascn:4:16: error: 'rate' (serial baud rate or I2C bus clock) applies only to tx and rx\n",
                errors(c + " read blocks 1 rate 9600\n}\n"));
        assertEquals("t.dmascn:4:25: error: segment count must be between 1 and 4, got 5\n",
                errors(c + " read blocks 4 segments 5\n}\n"));
        assertEquals("t.dmascn:4:22: error: 'repeat' given twice for this workload\n",
                errors(c + " tx bytes 1 repeat 2 repeat 3\n}\n"));
        assertEquals("t.dmascn:4:18: error: line rate must be between 50 and 20000000, got 10\n",
                errors(c + " tx bytes 1 rate 10\n}\n"));
        assertEquals("t.dmascn:5:2: error: client 'x' mixes 'tx' and 'read' workloads; use one client per device "
                + "kind\n", errors(c + " tx bytes 1\n read blocks 1\n}\n"));
        assertEquals("t.dmascn:4:2: error: client 'x' already has a device, set at t.dmascn:3:11\n",
                errors(c + " device = &hscif0\n tx bytes 1\n}\n"));
        assertEquals("t.dmascn:2:8: error: client 'x' has no workload\n", errors(c + "}\n"));
        assertEquals("t.dmascn:2:8: error: client 'y' has no device (device = &LABEL)\n"
                .replace("'y'", "'x'"), errors("board = koelsch\nclient x { tx bytes 3 }\n"));
        assertEquals("t.dmascn:1:1: error: the run never ends: a workload repeats forever and there is no stop "
                + "condition (stop = time DURATION | transfers N | first-error)\n",
                errors(c + " tx bytes 1 repeat forever\n}\n"));
        assertEquals("t.dmascn:3:11: error: expected a device reference (&LABEL or /PATH), got 'scif0'\n",
                errors("board = koelsch\nclient x {\n device = scif0\n tx bytes 1\n}\n"));
    }

    @Test
    public void structureErrors() {
        assertEquals("t.dmascn:1:1: error: no board: add board = NAME (koelsch, salvator-x, salvator-x-4g-span) or "
                + "board = \"FILE.dts\"\n", errors("seed = 3\n"));
        assertEquals("t.dmascn:3:1: error: 'board' is already set at t.dmascn:1:1\n", errors(HEAD + "board = koelsch\n"));
        assertEquals("t.dmascn:3:6: error: expected '=' after 'seed', got '4'\n", errors(HEAD + "seed 4\n"));
        assertEquals("t.dmascn:3:7: error: expected a number, got end of line\n", errors(HEAD + "seed =\n"));
        assertEquals("t.dmascn:3:10: error: unexpected '5' at the end of the statement\n", errors(HEAD + "seed = 4 5\n"));
        assertEquals("t.dmascn:3:1: error: '}' without an open client\n", errors(HEAD + "}\n"));
        assertEquals("t.dmascn:3:10: error: expected '{' after client name 'v', got 'device'\n",
                errors(HEAD + "client v device = &scif0\n"));
        assertEquals("t.dmascn:3:8: error: client 'u' is already defined at t.dmascn:2:8\n",
                errors(HEAD + "client u { device = &scif0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:3:1: error: include applies only to a board file, not to the built-in board 'koelsch'\n",
                errors(HEAD + "include = \"dts\"\n"));
        assertEquals("t.dmascn:3:5: error: bug for unknown client 'nobody'\n", errors(HEAD + "bug nobody = double-unmap\n"));
        assertEquals("t.dmascn:3:9: error: bug 'sg-unmap-wrong-nents' is committed only by a Gen2 SDHI client "
                + "(renesas_sdhi_sys_dmac); client 'u' cannot be one (it runs 'tx')\n",
                errors(HEAD + "bug u = sg-unmap-wrong-nents\n"));
        assertEquals("t.dmascn:3:9: error: bug 'unmap-wrong-size' is committed only by a serial port client (sh-sci) "
                + "or a memcpy client of a SYS-DMAC (dmatest); client 's' cannot be one (it runs 'read')\n",
                errors(HEAD.replace("&scif0; tx bytes 1", "&sdhi0; read blocks 1").replace("client u", "client s")
                        + "bug s = unmap-wrong-size\n"));
        // a 'tx' client may drive a serial port, whose driver commits it (the board decides; see the validator)
        assertEquals("", ScenarioParser.parse("t.dmascn", HEAD + "bug u = unmap-wrong-size\n").formatDiagnostics());
        assertEquals("t.dmascn:4:9: error: bug 'double-unmap' is already injected into 'u' at t.dmascn:3:9\n",
                errors(HEAD + "bug u = double-unmap\nbug u = double-unmap\n"));
        assertEquals("t.dmascn:4:7: error: 'iommu ipmmu_ds' is already set at t.dmascn:3:7\n",
                errors(HEAD + "iommu ipmmu_ds = on\niommu &ipmmu_ds = off\n"));
        // several errors in one run, each statement once
        assertEquals("t.dmascn:3:1: error: unknown key 'a'\nt.dmascn:3:8: error: unknown key 'b'\n"
                + "t.dmascn:4:8: error: expected a number, got 'x'\n", errors(HEAD + "a = 1; b = 2\nseed = x\n"));
    }

    @Test
    public void lexicalErrors() {
        assertEquals("t.dmascn:3:27: error: missing terminating \" character\n",
                errors(HEAD + "dma-debug.driver_filter = \"sh-sci\n"));
        assertEquals("t.dmascn:3:40: error: unknown escape sequence '\\q'\n",
                errors(HEAD + "client v { device = &scif0; tx text \"ab\\q\" }\n"));
        assertEquals("t.dmascn:3:8: error: stray '@' in scenario\n", errors(HEAD + "seed = @4\n"));
        // columns as gcc prints them: a tab advances to the next tab stop (every 8 columns)
        assertEquals("t.dmascn:3:16: error: expected a number, got 'x'\n", errors(HEAD + "\tseed = x\n"));
        assertEquals("t.dmascn:3:11: error: expected a number, got 'x'\n", errors(HEAD + "seed\t= x\n"));
        assertEquals("t.dmascn:3:24: error: expected a number, got 'x'\n", errors(HEAD + "  \t\tseed = x\n"));
        assertEquals("t.dmascn:3:8: error: stray '\\x01' in scenario\n", errors(HEAD + "seed = \u00014\n"));
        assertEquals("t.dmascn:3:21: error: expected a label after '&'\n",
                errors("board = koelsch\nseed = 1\nclient u { device = & ; tx bytes 1 }\n"));
        assertEquals("error: big.dmascn: file is too large (1048577 characters, limit 1048576)\n",
                ScenarioParser.parse("big.dmascn", " ".repeat(ScenarioParser.MAX_FILE_CHARS + 1)).formatDiagnostics());
        assertEquals("error: /nonexistent/x.dmascn: No such file or directory\n",
                ScenarioParser.parse(java.nio.file.Path.of("/nonexistent/x.dmascn")).formatDiagnostics());
    }
}
