package org.dmaworkbench.emulation.roundtrip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmaworkbench.emulation.replay.Diagnostic;
import org.dmaworkbench.emulation.replay.DmaApiDump;
import org.dmaworkbench.emulation.replay.Finding;
import org.dmaworkbench.emulation.replay.LiveMapping;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.run.tools.RunCommand;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.kernel.device.Device;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Round trip of {@code dmawb run} and {@code dmawb replay}: a run's {@code --trace} export, replayed through
 * {@link TraceReplay} with the run's device-to-driver names, gives back the run's live mappings (its
 * {@code --dump}) and the run's dma-debug findings (its {@code --json}).
 * <p>
 * What a trace cannot carry, and so is not compared: the dump's {@code cln=} (a cacheline number the replay
 * recomputes from the traced phys_addr, not kept by {@link LiveMapping}) and the map-error state (the replay takes
 * every mapping as checked, as {@code dma_mapping_error()} is not traced: the first limitation the replay lists).
 * The entry index is {@code hash_fn(dev_addr)} and the driver name comes from {@link TraceReplay#setDriverName},
 * so both are compared.
 */
public class RunReplayRoundTripTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static final String MAP_ERROR_LIMITATION = "dma_mapping_error() calls are not traced: the \"failed to check map "
            + "error\" check is not done (every mapping is taken as checked).";

    /** What one run exported. */
    private static final class Exports {
        int exit;
        String out;
        String err;
        String trace;
        String dump;
        String json;
    }

    private Exports run(String... args) throws IOException {
        Exports e = new Exports();
        String trace = new File(tmp.getRoot(), "run.trace").getPath();
        String dump = new File(tmp.getRoot(), "run.dump").getPath();
        String json = new File(tmp.getRoot(), "run.json").getPath();
        List<String> a = new ArrayList<>(Arrays.asList(args));
        a.addAll(List.of("--trace", trace, "--dump", dump, "--json", json));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        e.exit = RunCommand.run(a, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        e.out = out.toString(StandardCharsets.UTF_8);
        e.err = err.toString(StandardCharsets.UTF_8);
        e.trace = Files.readString(Path.of(trace));
        e.dump = Files.readString(Path.of(dump));
        e.json = Files.readString(Path.of(json));
        return e;
    }

    private String resource(String name) throws IOException {
        File f = new File(tmp.getRoot(), name);
        try (InputStream in = getClass().getResourceAsStream("/run/" + name)) {
            Files.write(f.toPath(), in.readAllBytes());
        }
        return f.getPath();
    }

    /** The drivers the run's machine binds to its devices (booted from the same scenario, nothing run). */
    private static Map<String, String> drivers(LoadedScenario l) throws Exception {
        assertTrue(l.formatDiagnostics(), l.ok());
        Map<String, String> m = new LinkedHashMap<>();
        for (Device d : ScenarioTarget.create(l).machine().devices()) {
            if (!d.driverName().isEmpty()) {
                m.put(d.name(), d.driverName());
            }
        }
        return m;
    }

    private static ReplayResult replay(String trace, Map<String, String> drivers) throws IOException {
        TraceReplay r = new TraceReplay();
        drivers.forEach(r::setDriverName);
        try (Reader in = new java.io.StringReader(trace)) {
            r.replay(in, "run.trace");
        }
        return r.finish();
    }

    /** "CHECK: message" of each finding of the run's JSON report (JsonWriter escapes \n, \" and \\). */
    private static List<String> jsonFindings(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"check\": \"([A-Z_]+)\",\n(?:.*\n)*?\\s*\"message\": \"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json);
        while (m.find()) {
            out.add(m.group(1) + ": " + m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /** The replay's dma-debug findings (its own IOMMU checks on iommu:* events are not dma-debug's). */
    private static List<String> replayFindings(ReplayResult r) {
        return r.findings().stream().filter(Finding::isDmaDebug).map(f -> f.checkId() + ": " + f.message()).toList();
    }

    private static List<String> replayIommuFindings(ReplayResult r) {
        return r.findings().stream().filter(f -> !f.isDmaDebug()).map(f -> f.checkId() + ": " + f.message()).toList();
    }

    /** Device, type, entry index, driver, CPU and DMA address, size and direction of each mapping. */
    private static List<String> comparable(List<LiveMapping> live) {
        return comparable(live, null);
    }

    /** As {@link #comparable(List)}, naming every mapping's driver {@code driver} when it is not null. */
    private static List<String> comparable(List<LiveMapping> live, String driver) {
        return live.stream().map(m -> String.format("%s %s %s idx %d P=%x D=%x L=%x %s",
                driver == null ? m.driver() : driver, m.device(), m.type(), m.hashIndex(), m.phys(), m.dmaAddr(),
                m.size(), m.direction())).sorted().toList();
    }

    @Test
    public void leakAndWrongSizeUnmapReplayToTheSameLiveMappingsAndFindings() throws Exception {
        String scn = resource("leak-and-unmap-wrong-size.dmascn");
        Exports run = run(scn);
        assertEquals(run.err, "", run.err);
        assertEquals(run.out, 1, run.exit);

        // the run found what the scenario commits: the memcpy client's source buffer (IOVA 0x40002000, after the
        // sh-sci TX buffer at 0x40000000 and the RX/descriptor page at 0x40001000 of the arm_iommu window)
        // unmapped with half its 4096 bytes, in both repetitions, then sh-sci's TX buffer pending at unbind
        String wrongSize = "FREE_DIFFERENT_SIZE: DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA "
                + "memory with different size [device address=0x0000000040002000] [map size=4096 bytes] "
                + "[unmap size=2048 bytes]";
        String leak = "PENDING_AT_UNBIND: DMA-API: platform e6700000.dma-controller: device driver has pending DMA "
                + "allocations while released from device [count=1]\nOne of leaked entries details: [device address="
                + "0x0000000040000000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] [mapped as single]";
        List<String> runFindings = jsonFindings(run.json);
        assertEquals(List.of(wrongSize, wrongSize, leak), runFindings);

        ReplayResult r = replay(run.trace, drivers(ScenarioLoader.load(Path.of(scn))));
        assertEquals(List.of(), r.diagnostics());
        assertEquals(0, r.stats().malformedLines() + r.stats().otherEvents() + r.stats().otherLines());
        // the same findings, the leak included: both name the device by its bus, as dma_debug_device_change()
        // does after BUS_NOTIFY_UNBOUND_DRIVER (dev->driver is already NULL, dev_driver_string() gives the bus)
        assertEquals(runFindings, replayFindings(r));
        assertEquals(List.of(), replayIommuFindings(r));
        // each finding points back into the trace
        for (Finding f : r.findings()) {
            assertEquals("run.trace", f.file());
        }

        List<Diagnostic> diags = new ArrayList<>();
        List<LiveMapping> runLive = DmaApiDump.read(new java.io.StringReader(run.dump), "run.dump", diags);
        assertEquals(List.of(), diags);
        assertEquals(1, runLive.size());
        // the run's dump is written after its drivers were unbound: dev_driver_string() is the bus, "platform"
        // (kernel/dma/debug.c:564-566); the trace ends before the unbind, so the replay still knows the driver
        assertEquals(comparable(runLive), comparable(r.liveMappings(), "platform"));
        // the one field a trace cannot give: sh-sci checked its mapping, and the replay takes every one as checked
        assertEquals("dma map error checked", runLive.get(0).mapErr());
        assertTrue(r.limitations().toString(), r.limitations().contains(MAP_ERROR_LIMITATION));
    }

    @Test
    public void doubleUnmapAndLeaksReplayAndTheUncheckedMapErrorIsTheListedLimitation() throws Exception {
        String scn = resource("double-unmap-unchecked-and-leaks.dmascn");
        Exports run = run(scn);
        assertEquals(run.err, "", run.err);
        assertEquals(run.out, 1, run.exit);
        String unchecked = "MAP_ERROR_NOT_CHECKED: DMA-API: rcar-dmac e6700000.dma-controller: device driver failed to "
                + "check map error[device address=0x0000000040000000] [size=4096 bytes] [mapped as single]";
        String twice = "FREE_NOT_ALLOCATED: DMA-API: rcar-dmac e6700000.dma-controller: device driver tries to free "
                + "DMA memory it has not allocated [device address=0x0000000040000000] [size=4096 bytes]";
        List<String> runFindings = jsonFindings(run.json);
        assertEquals(3, runFindings.size());
        assertEquals(unchecked, runFindings.get(0));
        assertEquals(twice, runFindings.get(1));
        String leak = runFindings.get(2);
        assertTrue(leak, leak.startsWith("PENDING_AT_UNBIND: DMA-API: platform e6700000.dma-controller: device driver "
                + "has pending DMA allocations while released from device [count=2]\n"));

        ReplayResult r = replay(run.trace, drivers(ScenarioLoader.load(Path.of(scn))));
        assertEquals(List.of(), r.diagnostics());
        // MAP_ERROR_NOT_CHECKED cannot come back: dma_mapping_error() is not traced (the listed limitation)
        assertTrue(r.limitations().toString(), r.limitations().contains(MAP_ERROR_LIMITATION));
        assertEquals(List.of(twice, leak),
                replayFindings(r));
        // beyond dma-debug, the replay sees the second unmap reach the IOMMU with nothing mapped at the IOVA
        assertEquals(List.of("IOMMU_UNMAP_SHORT: iommu_unmap() unmapped 0 of 4096 bytes at iova=0x0000000040000000 "
                + "(nothing or less was mapped there)"), replayIommuFindings(r));

        List<LiveMapping> runLive = DmaApiDump.read(new java.io.StringReader(run.dump), "run.dump", new ArrayList<>());
        // the memcpy client's source (TO_DEVICE) and destination (BIDIRECTIONAL) pages of 4096 bytes
        assertEquals(List.of("DMA_BIDIRECTIONAL", "DMA_TO_DEVICE"),
                runLive.stream().map(LiveMapping::direction).sorted().toList());
        assertTrue(runLive.stream().allMatch(m -> m.size() == 4096 && m.type().equals("single")));
        // the run's dump is written after its drivers were unbound: dev_driver_string() is the bus, "platform"
        // (kernel/dma/debug.c:564-566); the trace ends before the unbind, so the replay still knows the driver
        assertEquals(comparable(runLive), comparable(r.liveMappings(), "platform"));
    }

    @Test
    public void cleanDefaultRunReplaysWithoutFindingsAndNothingLive() throws Exception {
        Exports run = run();
        assertEquals(run.err, "", run.err);
        assertEquals(0, run.exit);
        assertTrue(run.json, run.json.contains("\"findings\": []"));
        assertEquals("", run.dump);

        ReplayResult r = replay(run.trace, drivers(ScenarioLoader.loadDefault()));
        assertEquals(List.of(), r.diagnostics());
        assertEquals(List.of(), r.findings());
        assertEquals(List.of(), r.liveMappings());
        // every DMA-API line of the export was replayed: the trace header's entry count is dma + iommu events
        Matcher m = Pattern.compile("# entries-in-buffer/entries-written: (\\d+)/\\1 ").matcher(run.trace);
        assertTrue(run.trace, m.find());
        assertEquals(Long.parseLong(m.group(1)), r.stats().dmaEvents() + r.stats().iommuEvents());
        assertTrue(r.stats().iommuEvents() > 0);
        // the drivers were named, so no "unknown" limitation
        assertTrue(r.limitations().toString(), r.limitations().stream().noneMatch(x -> x.contains("'unknown'")));
    }
}
