package org.dmaworkbench.emulation.run.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.export.SessionReport;
import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.SessionStatistics;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.KernelProfile;

/**
 * {@code dmawb run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]… [--iommu on|off] [--kernel 6.12|4.9]
 * [--trace FILE] [--dump FILE] [--dmesg FILE] [--json FILE]}. Without a scenario it runs the built-in default
 * one, or with {@code --board} that board's default workload. Exit: 0 clean, 1 dma-debug reports, IOMMU
 * faults or a kernel {@code BUG()} (printed as the kernel's "kernel BUG at ..." line), 2 bad input.
 */
public final class RunCommand {
    public static final String USAGE = "usage: dmawb run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]... [--iommu on|off]\n"
            + "                 [--kernel 6.12|4.9] [--trace FILE] [--dump FILE] [--dmesg FILE] [--json FILE]\n";
    /** Events kept for the exports; older ones are counted as dropped. */
    static final int HISTORY = 1_000_000;

    private RunCommand() {
    }

    /** Parsed command line. */
    private static final class Options {
        String scenario;
        String board;
        final List<String> includes = new ArrayList<>();
        Boolean iommu;
        KernelProfile kernel;
        Path trace;
        Path dump;
        Path dmesg;
        Path json;
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("dmawb run: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        LoadedScenario loaded;
        try {
            checkExports(o);
            loaded = load(o);
        } catch (IllegalArgumentException e) {
            err.println("dmawb run: " + e.getMessage());
            return 2;
        }
        if (!loaded.ok()) {
            err.print(loaded.formatDiagnostics());
            return 2;
        }
        ScenarioTarget target;
        try {
            target = ScenarioTarget.create(loaded);
        } catch (ScenarioRunException e) {
            err.println(e.getMessage());
            return 2;
        }
        Scenario s = loaded.scenario().orElseThrow();
        if (o.dump != null && target.machine().dmaDebug() == null) {
            err.println("dmawb run: --dump: dma-debug is off in this scenario, there is no dump file");
            return 2;
        }
        EmulationSession session = new EmulationSession(target, stopOf(s), HISTORY);
        // a kernel BUG() stops the session (status "stopped on error", reason "kernel BUG") with the kernel's line
        // among the findings; the target reports it, so the IDE launch sees it the same way
        SessionResult r = session.run(progress(err));
        SessionResult result = r;
        List<SessionEvent> events = session.events().history().snapshot();
        printSummary(s, target, r, events, out);
        try {
            if (o.trace != null) {
                write(o.trace, w -> SessionReport.writeFtrace(events, session.events().count(EventKind.DMA_API)
                        + session.events().count(EventKind.IOMMU), 2, w));
            }
            if (o.dmesg != null) {
                write(o.dmesg, w -> SessionReport.writeKernelLog(events, w));
            }
            if (o.json != null) {
                write(o.json, w -> SessionReport.writeJson(s.fileName(), result, events, w));
            }
            if (o.dump != null) {
                write(o.dump, w -> target.machine().dmaDebug().dump(w));
            }
        } catch (IOException e) {
            err.println("dmawb run: cannot write " + e.getMessage());
            return 2;
        }
        return r.exitCode();
    }

    /** Export files go into existing directories: checked before the run, not after it. */
    private static void checkExports(Options o) {
        String[] names = { "--trace", "--dump", "--dmesg", "--json" };
        Path[] files = { o.trace, o.dump, o.dmesg, o.json };
        for (int i = 0; i < files.length; i++) {
            if (files[i] == null) {
                continue;
            }
            Path dir = files[i].toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(names[i] + " " + files[i] + ": no such directory " + dir);
            }
            if (Files.isDirectory(files[i])) {
                throw new IllegalArgumentException(names[i] + " " + files[i] + ": is a directory");
            }
        }
    }

    private interface Output {
        void to(Writer w) throws IOException;
    }

    private static void write(Path file, Output o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            o.to(w);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Options parse(List<String> args) {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--board" -> o.board = value(args, ++i, a);
                case "-I" -> o.includes.add(value(args, ++i, a));
                case "--iommu" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new IllegalArgumentException("--iommu takes on or off, not '" + v + "'");
                    }
                    o.iommu = v.equals("on");
                }
                case "--kernel" -> {
                    String v = value(args, ++i, a);
                    o.kernel = KernelProfile.forVersion(v);
                    if (o.kernel == null) {
                        throw new IllegalArgumentException("--kernel takes 6.12 or 4.9, not '" + v + "'");
                    }
                }
                case "--trace" -> o.trace = path(value(args, ++i, a));
                case "--dump" -> o.dump = path(value(args, ++i, a));
                case "--dmesg" -> o.dmesg = path(value(args, ++i, a));
                case "--json" -> o.json = path(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-I") && a.length() > 2) {
                        o.includes.add(a.substring(2));
                    } else if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    } else if (o.scenario != null) {
                        throw new IllegalArgumentException("one scenario at a time ('" + o.scenario + "', '" + a + "')");
                    } else {
                        o.scenario = a;
                    }
                }
            }
        }
        if (!o.includes.isEmpty() && (o.board == null || BuiltinBoards.exists(o.board))) {
            throw new IllegalArgumentException("-I goes with --board FILE.dts");
        }
        return o;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid file name '" + s + "'");
        }
    }

    /** The scenario to run, with the command line's board, kernel and IOMMU overrides applied. */
    private static LoadedScenario load(Options o) {
        LoadedScenario base;
        Path baseDir = Path.of(".");
        if (o.board != null && !BuiltinBoards.exists(o.board) && !Files.isRegularFile(path(o.board))) {
            throw new IllegalArgumentException("--board " + o.board + ": no such board file (built-in boards: "
                    + String.join(", ", BuiltinBoards.NAMES) + ")");
        }
        if (o.scenario != null) {
            Path p = path(o.scenario);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(o.scenario + ": no such scenario file");
            }
            base = ScenarioLoader.load(p);
            baseDir = p.toAbsolutePath().getParent();
        } else if (o.board != null) {
            base = ScenarioLoader.load("builtin:" + boardName(o.board) + ".dmascn", BoardDefaults.text(o.board, o.includes), baseDir);
        } else {
            base = ScenarioLoader.loadDefault();
        }
        ScenarioOverrides overrides = new ScenarioOverrides("<command-line>");
        if (o.board != null) {
            overrides.board(BuiltinBoards.exists(o.board) ? o.board : Path.of(o.board).toAbsolutePath().toString());
            overrides.includes(o.includes.stream().map(d -> Path.of(d).toAbsolutePath().toString()).toList());
        }
        if (o.iommu != null) {
            overrides.allIommus(o.iommu);
        }
        if (o.kernel != null) {
            overrides.kernel(o.kernel);
        }
        try {
            return overrides.apply(base, baseDir);
        } catch (IllegalArgumentException e) {
            // "iommu on: ...": the option as typed
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    private static String boardName(String board) {
        return BuiltinBoards.exists(board) ? board : Path.of(board).getFileName().toString().replaceFirst("\\.dts$", "");
    }

    private static StopCondition stopOf(Scenario s) {
        Scenario.StopCondition st = s.stop();
        return new StopCondition(st.timeNs().orElse(0), st.transfers().orElse(0), st.firstError());
    }

    /** A one-line progress display on stderr when it is a terminal. */
    private static SessionMonitor progress(PrintStream err) {
        if (System.console() == null) {
            return SessionMonitor.NONE;
        }
        return new SessionMonitor() {
            private long lastMs;

            @Override
            public void progress(double fraction, String message) {
                long now = System.currentTimeMillis();
                if (fraction >= 1.0 || now - lastMs > 200) {
                    lastMs = now;
                    String pct = fraction < 0 ? "" : String.format("%3.0f%% ", fraction * 100);
                    err.print("\r" + pct + message + (fraction >= 1.0 ? "\n" : ""));
                    err.flush();
                }
            }
        };
    }

    static void printSummary(Scenario s, ScenarioTarget t, SessionResult r, List<SessionEvent> events, PrintStream out) {
        SessionStatistics st = r.statistics();
        out.printf("scenario  %s on %s, kernel %s%n", s.fileName(), s.board(), s.profile().version());
        out.printf("result    %s (%s) after %s of virtual time%n", r.status().name().toLowerCase().replace('_', ' '),
                r.reason(), time(r.endTimeNs()));
        out.printf("DMA-API   %d maps, %d unmaps; %d transfers, %d bytes moved%n", st.mapCalls(), st.unmapCalls(),
                st.transfers(), st.bytesMoved());
        double rate = st.iotlbHitRate();
        out.printf("IOMMU     %d faults; IOTLB %d hits, %d misses%s%n", st.iommuFaults(), st.iotlbHits(), st.iotlbMisses(),
                Double.isNaN(rate) ? "" : String.format(" (%.1f%% hits)", rate * 100));
        out.printf("dma-debug %d errors%n", st.dmaDebugErrors());
        if (!st.bytesPerChannel().isEmpty()) {
            out.println();
            out.printf("%-32s %12s%n", "channel", "bytes");
            new TreeMap<>(st.bytesPerChannel()).forEach((ch, b) -> out.printf("%-32s %12d%n", ch, b));
        }
        Map<String, StringBuilder> lines = new TreeMap<>();
        for (SessionEvent e : events) {
            if (e.kind() == EventKind.PERIPHERAL_DATA) {
                lines.computeIfAbsent(e.source(), k -> new StringBuilder()).append(e.text());
            }
        }
        if (!lines.isEmpty()) {
            out.println();
            lines.forEach((dev, text) -> out.printf("serial %s: \"%s\"%n", dev,
                    text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        List<SessionEvent> findings = events.stream().filter(SessionEvent::isError).toList();
        if (!findings.isEmpty()) {
            out.println();
            out.println("findings:");
            for (SessionEvent e : findings) {
                out.printf("[%s] %s%n", time(e.timeNs()), e.text().replace("\n", "\n             "));
            }
        }
    }

    private static String time(long ns) {
        return String.format("%d.%06d ms", ns / 1_000_000, ns % 1_000_000);
    }

    /** Optional helper for tests: the events of a run, by kind. */
    static Optional<String> serialText(List<SessionEvent> events, String dev) {
        StringBuilder b = new StringBuilder();
        events.stream().filter(e -> e.kind() == EventKind.PERIPHERAL_DATA && e.source().equals(dev)).forEach(e -> b.append(e.text()));
        return b.length() == 0 ? Optional.empty() : Optional.of(b.toString());
    }
}
