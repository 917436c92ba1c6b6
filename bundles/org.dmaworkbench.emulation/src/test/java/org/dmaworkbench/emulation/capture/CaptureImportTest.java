package org.dmaworkbench.emulation.capture;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingFilter;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.emulation.live.MappingRows;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.run.tools.RunCommand;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Captures imported for the IDE: a run's own ftrace export comes back as the same mappings, dumps are told from
 * traces by their content, progress is reported and an import can be canceled; and how fast a 1,000,000-line
 * capture imports (printed as "capture import: ...", not asserted).
 */
public class CaptureImportTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path runWithExports(String scenario, String... more) throws IOException {
        Path trace = tmp.getRoot().toPath().resolve("run.trace");
        Path dump = tmp.getRoot().toPath().resolve("run.dump");
        List<String> args = new ArrayList<>();
        if (scenario != null) {
            args.add(scenario);
        }
        args.addAll(List.of(more));
        args.addAll(List.of("--trace", trace.toString(), "--dump", dump.toString()));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RunCommand.run(args, new PrintStream(sink), new PrintStream(sink));
        return trace;
    }

    /**
     * What a trace carries of a mapping: a coherent allocation's CPU side is traced as its virt_addr, not a
     * physical address (include/trace/events/dma.h, dma_alloc), so its P= is left out.
     */
    private static String key(Mapping m) {
        String p = m.typeName().equals("coherent") ? "" : " P=" + Long.toHexString(m.cpuPhys());
        return m.device() + " " + m.typeName() + " D=" + Long.toHexString(m.dmaAddr()) + p + " L=" + m.size() + " "
                + m.directionName() + " live=" + m.isLive();
    }

    @Test
    public void aRunsTraceComesBackAsTheSameMappings() throws Exception {
        Path trace = runWithExports(null);
        ImportedCapture c = CaptureImport.importFiles(List.of(trace), Map.of(), CaptureImport.Monitor.NONE);
        // the same run again, in-process, for its live state
        EmulationSession s = new EmulationSession(ScenarioTarget.create(ScenarioLoader.loadDefault()),
                StopCondition.WHEN_IDLE);
        s.run(SessionMonitor.NONE);
        MappingHistory run = s.liveState().snapshot().history();
        LiveStateSnapshot snap = c.model().snapshot();
        MappingHistory imported = snap.history();
        assertEquals(run.size(), imported.size());
        for (int i = 0; i < run.size(); i++) {
            Mapping a = run.row(i);
            Mapping b = imported.row(i);
            assertEquals(key(a), key(b));
            // the trace prints times in microseconds, rounded by ns2usecs() (kernel/trace/trace.h: nsec += 500)
            assertEquals((a.mapTimeNs() + 500) / 1000 * 1000, b.mapTimeNs());
            assertEquals(a.isLive() ? Mapping.LIVE : (a.unmapTimeNs() + 500) / 1000 * 1000, b.unmapTimeNs());
        }
        assertEquals("capture run.trace", snap.source());
        assertTrue(snap.missing().containsKey(Availability.STACKS));
        assertEquals(List.of(trace), c.traces());
        assertTrue(c.dumps().isEmpty());
        assertTrue(c.bytes() > 0);
    }

    @Test
    public void aDumpIsToldFromATraceAndIsTheStateBeforeIt() throws Exception {
        Path scn = tmp.newFile("leak.dmascn").toPath();
        // sh-sci keeps its TX buffer mapped when the DMA controller's driver is unbound (FORMAT.md's bug table)
        Files.writeString(scn, "board = koelsch\niommu ipmmu_ds = on\nclient uart0 {\n\tdevice = &scif0\n"
                + "\ttx text \"x\"\n}\nbug uart0 = leak-mapping-at-unbind\n");
        Path trace = runWithExports(scn.toString());
        Path dump = tmp.getRoot().toPath().resolve("run.dump");
        assertEquals(CaptureImport.Kind.DUMP, CaptureImport.detect(dump));
        assertEquals(CaptureImport.Kind.TRACE, CaptureImport.detect(trace));
        // the dump alone: the one leaked TX buffer, live, and the leak found again at the end of the import
        ImportedCapture d = CaptureImport.importFiles(List.of(dump), Map.of(), CaptureImport.Monitor.NONE);
        LiveStateSnapshot s = d.model().snapshot();
        assertEquals(1, s.mappings().size());
        // the dump is written after the unbind: dev_driver_string() then names the bus, not the driver
        // (drivers/base/core.c:2472, "drv ? drv->name : dev_bus_name(dev)")
        assertEquals("platform", s.mappings().driver(0));
        assertEquals(1, s.errors().stream().filter(e -> e.check() == DmaDebugCheck.PENDING_AT_UNBIND).count());
        MappingRows leaked = MappingRows.build(s, MappingQuery.DEFAULT.withFilter(MappingFilter.parse("leaked")));
        assertEquals(1, leaked.size());
        assertEquals(0, s.errors().get(0).sourceLine()); // found at the end of the capture
        // the trace names the capture line of the map in its findings
        ImportedCapture t = CaptureImport.importFiles(List.of(trace), Map.of(), CaptureImport.Monitor.NONE);
        assertEquals(1, t.result().findings().size());
        int line = t.result().findings().get(0).mappedAtLine();
        String text = Files.readAllLines(trace).get(line - 1);
        assertTrue(text, text.contains("dma_map_page: e6700000.dma-controller"));
    }

    @Test
    public void aBinaryTraceOrANonCaptureIsRefusedWithTheFileName() throws Exception {
        Path dat = tmp.newFile("trace.dat").toPath();
        Files.write(dat, new byte[] { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g', 6, 0, 0, 0 });
        try {
            CaptureImport.importFiles(List.of(dat), Map.of(), CaptureImport.Monitor.NONE);
            fail();
        } catch (CaptureImport.CaptureException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(dat + ": error: this is a trace-cmd binary file"));
        }
        Path notes = tmp.newFile("notes.txt").toPath();
        Files.writeString(notes, "shopping list\nmilk\n");
        try {
            CaptureImport.importFiles(List.of(notes), Map.of(), CaptureImport.Monitor.NONE);
            fail();
        } catch (CaptureImport.CaptureException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(notes + ": error: not an ftrace text capture"));
        }
    }

    /** A capture of {@code lines} lines: pairs of map and unmap, or maps only (all live at the end). */
    static Path capture(Path file, int lines, boolean unmap) throws IOException {
        String[] devs = { "e6700000.dma-controller", "ee100000.mmc", "e6e60000.serial", "ec700000.dma-controller" };
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# tracer: nop\n#\n");
            int n = 2;
            for (int i = 0; n < lines; i++) {
                long t = 100_000_000L + 1000L * i;
                String ts = String.format("%d.%06d", t / 1_000_000_000L, t / 1000 % 1_000_000);
                String dev = devs[i & 3];
                String dma = Long.toHexString(0x1000_0000L + 4096L * i);
                // the 6.12 dma_map_page / dma_unmap_page formats of include/trace/events/dma.h
                w.write("     kworker/0:1-23      [000] .....   " + ts + ": dma_map_page: " + dev + " dir=TO_DEVICE"
                        + " dma_addr=" + dma + " size=4096 phys_addr=" + Long.toHexString(0x4000_0000L + 4096L * i)
                        + " attrs=\n");
                n++;
                if (unmap && n < lines) {
                    w.write("     kworker/0:1-23      [000] .....   " + ts + ": dma_unmap_page: " + dev
                            + " dir=TO_DEVICE dma_addr=" + dma + " size=4096 attrs=\n");
                    n++;
                }
            }
        }
        return file;
    }

    @Test
    public void progressAndCancel() throws Exception {
        Path f = capture(tmp.getRoot().toPath().resolve("200k.txt"), 200_000, true);
        long size = Files.size(f);
        List<Long> seen = new ArrayList<>();
        ImportedCapture c = CaptureImport.importFiles(List.of(f), Map.of(), new CaptureImport.Monitor() {
            @Override
            public boolean isCanceled() {
                return false;
            }

            @Override
            public void progress(long done, long total, Path file) {
                assertEquals(size, total);
                seen.add(done);
            }
        });
        assertEquals(200_000, c.lines());
        assertTrue(seen.size() > 10);
        assertEquals(size, (long) seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1));
        }
        long[] asked = { 0 };
        try {
            CaptureImport.importFiles(List.of(f), Map.of(), new CaptureImport.Monitor() {
                @Override
                public boolean isCanceled() {
                    return ++asked[0] == 3;
                }

                @Override
                public void progress(long done, long total, Path file) {
                    // not looked at
                }
            });
            fail("not canceled");
        } catch (CancellationException e) {
            assertEquals(3, asked[0]);
        }
    }

    @Test
    public void aMillionLineCaptureImportFigure() throws Exception {
        Path mix = capture(tmp.getRoot().toPath().resolve("mix.txt"), 1_000_000, true);
        Path live = capture(tmp.getRoot().toPath().resolve("live.txt"), 1_000_000, false);
        for (int round = 0; round < 3; round++) {
            ImportedCapture a = CaptureImport.importFiles(List.of(mix), Map.of(), CaptureImport.Monitor.NONE);
            ImportedCapture b = CaptureImport.importFiles(List.of(live), Map.of(), CaptureImport.Monitor.NONE);
            System.out.printf("capture import: 1,000,000 lines, 500,000 maps + 500,000 unmaps, round %d: %7.0f ms "
                    + "(%.0f MB/s)%n", round + 1, a.nanos() / 1e6, a.bytes() / (a.nanos() / 1e9) / 1e6);
            System.out.printf("capture import: 1,000,000 lines, 999,998 maps left live,     round %d: %7.0f ms "
                    + "(%.0f MB/s)%n", round + 1, b.nanos() / 1e6, b.bytes() / (b.nanos() / 1e9) / 1e6);
            assertEquals(1_000_000, a.lines());
            assertEquals(0, a.model().snapshot().mappings().size());
            assertEquals(999_998, b.model().snapshot().mappings().size());
        }
    }
}
