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
import org.dmaworkbench.emulation.scenario.BoardDefaults;
import org.dmaworkbench.emulation.scenario.DmaInventory;
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
import org.dmaworkbench.kernel.machine.IommuAttachment;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * {@code dmawb run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]… [--iommu on|off] [--kernel 6.12|4.9]
 * [--trace FILE] [--dump FILE] [--dmesg FILE] [--json FILE]}. Without a scenario it runs the built-in default
 * one, or with {@code --board} that board's default workload. Exit: 0 clean, 1 dma-debug reports, IOMMU
 * faults or a kernel {@code BUG()} (printed as the kernel's "kernel BUG at ..." line), 2 bad input.
 */
public final class RunCommand {
    public static final String USAGE = "usage: dmawb run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]... [--iommu on|all|off]\n"
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
        boolean iommuAll;
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
        // warnings too: a scenario that loads may still do less than its author meant (an IOMMU nothing uses)
        err.print(loaded.formatDiagnostics());
        if (!loaded.ok()) {
            return 2;
        }
        ScenarioTarget target;
        Scenario s = loaded.scenario().orElseThrow();
        try {
            target = ScenarioTarget.create(loaded);
        } catch (ScenarioRunException e) {
            if (e.noRam() && s.clients().isEmpty()) {
                // nothing to run: say what the board has, as for any board without modelled DMA
                out.printf("scenario  %s on %s, kernel %s%n", s.fileName(), s.board(), s.profile().version());
                out.println("result    nothing to run: " + e.getMessage());
                printUnmodelled(loaded, out);
                return 0;
            }
            err.println(e.getMessage());
            return 2;
        }
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
        printUnmodelled(loaded, out);
        try {
            if (o.trace != null) {
                write(o.trace, w -> SessionReport.writeFtrace(events, session.events().count(EventKind.DMA_API)
                        + session.events().count(EventKind.IOMMU), target.machine().nrCpus(), w));
            }
            if (o.dmesg != null) {
                write(o.dmesg, w -> SessionReport.writeKernelLog(events, target.machine().dmesg(), w));
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
                    if (!v.equals("on") && !v.equals("off") && !v.equals("all")) {
                        throw new IllegalArgumentException("--iommu takes on, all or off, not '" + v + "'");
                    }
                    o.iommu = !v.equals("off");
                    o.iommuAll = v.equals("all");
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
            base = ScenarioLoader.load("builtin:" + boardName(o.board) + ".dmascn",
                    BoardDefaults.text(o.board, o.includes, baseDir), baseDir);
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
            overrides.attachAll(o.iommuAll);
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
        printIommuMasters(t.machine(), out);
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

    /**
     * The masters boot put behind an IPMMU, with the kernel's verdict, and those it refused, grouped by reason;
     * when an attach failed (no free context), who holds the contexts of that IPMMU.
     */
    static void printIommuMasters(Machine m, PrintStream out) {
        List<IommuAttachment> all = m.iommuAttachments();
        if (all.isEmpty()) {
            return;
        }
        long attached = all.stream().filter(IommuAttachment::attached).count();
        out.printf("%nIOMMU masters on %s: %d attached, %d not%n", m.soc(), attached, all.size() - attached);
        for (IommuAttachment a : all) {
            if (a.attached() || a.optedIn() || a.allowedByKernel()) {
                out.printf("  %-28s %-16s %s%n", a.device().name(), a.ipmmu(), a.describe());
            }
        }
        Map<String, List<String>> refused = new TreeMap<>();
        for (IommuAttachment a : all) {
            if (!a.attached() && !a.optedIn() && !a.allowedByKernel()) {
                refused.computeIfAbsent(a.verdict().reason(), k -> new ArrayList<>()).add(a.device().name());
            }
        }
        refused.forEach((why, devs) -> out.print(wrapped("  not attached (" + why + "): ", devs)));
        // an attach that failed: the root IPMMU had no free context; say who holds them
        Map<String, List<String>> starved = new TreeMap<>();
        for (IommuAttachment a : all) {
            if (!a.attached() && (a.optedIn() || a.allowedByKernel())) {
                starved.computeIfAbsent(a.rootIpmmu(), k -> new ArrayList<>()).add(a.device().name());
            }
        }
        starved.forEach((root, devs) -> {
            List<String> holders = new ArrayList<>();
            for (IommuAttachment h : all) {
                if (h.attached() && h.rootIpmmu().equals(root)) {
                    holders.add("context " + h.context() + " " + h.device().name());
                }
            }
            out.print(wrapped("  no free context of " + root + " for: ", devs));
            out.print(wrapped("  its contexts are held by: ", holders.isEmpty() ? List.of("none") : holders));
        });
    }

    /** The DMA-capable nodes of the board the emulator does not model, with their compatible. */
    static void printUnmodelled(LoadedScenario loaded, PrintStream out) {
        if (loaded.board().isEmpty()) {
            return;
        }
        DmaInventory inv = DmaInventory.of(loaded.board().get());
        boolean none = inv.sysDmacs().isEmpty() && inv.sdhis().isEmpty();
        if (inv.unmodelled().isEmpty()) {
            if (none) {
                out.printf("%nThis board has no DMA engine the workbench models, and no other enabled DMA-capable node.%n");
            }
            return;
        }
        out.println();
        if (none) {
            out.println("This board has no DMA engine the workbench models; its DMA-capable nodes:");
        } else {
            out.println("DMA the workbench does not model on this board:");
        }
        for (DmaInventory.Unmodelled u : inv.unmodelled()) {
            out.println("  " + u);
        }
    }

    /** {@code head} then the items joined by ", ", wrapped at 110 columns under the head's indentation. */
    private static String wrapped(String head, List<String> items) {
        StringBuilder sb = new StringBuilder(head);
        int col = head.length();
        String indent = "    ";
        for (int k = 0; k < items.size(); k++) {
            String item = items.get(k) + (k + 1 < items.size() ? "," : "");
            if (col + 1 + item.length() > 110 && col > indent.length()) {
                sb.append('\n').append(indent);
                col = indent.length();
            } else if (k > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(item);
            col += item.length();
        }
        return sb.append('\n').toString();
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
