package org.dmaworkbench.emulation.scenario;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * {@code dmawb scenario}: checks a .dmascn file against its board and prints what it would run, or lists the
 * built-in boards, the driver bugs, or the default scenario. Exit status 0 when the scenario is good, 1 when it
 * has errors, 2 for a usage error.
 */
public final class ScenarioCommand {
    public static final String USAGE = "usage: scenario FILE | scenario --default | scenario --print-default\n"
            + "       scenario --print-default --board NAME|FILE.dts [-I DIR]...\n"
            + "       scenario --list-boards | scenario --list-bugs\n";

    private ScenarioCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 2 && args.get(0).equals("--print-default") && args.get(1).equals("--board")) {
            return printBoardDefault(args.subList(2, args.size()), out, err);
        }
        if (args.size() != 1) {
            err.print(USAGE);
            return 2;
        }
        String a = args.get(0);
        switch (a) {
            case "--list-boards" -> {
                BuiltinBoards.NAMES.forEach(out::println);
                return 0;
            }
            case "--list-bugs" -> {
                for (DriverBug b : DriverBug.values()) {
                    out.println(b.bugName() + ": " + b.description() + "; " + DriverBugs.consequence(b) + "; committed by "
                            + DriverBugs.committersDescription(b));
                }
                return 0;
            }
            case "--print-default" -> {
                out.print(ScenarioLoader.defaultText());
                return 0;
            }
            case "--default" -> {
                return check(ScenarioLoader.loadDefault(), out, err);
            }
            default -> {
                if (a.startsWith("-")) {
                    err.print("scenario: unknown option " + a + "\n" + USAGE);
                    return 2;
                }
                Path file;
                try {
                    file = Path.of(a);
                } catch (java.nio.file.InvalidPathException e) {
                    err.println("error: " + a + ": invalid file name: " + e.getReason());
                    return 1;
                }
                return check(ScenarioLoader.load(file), out, err);
            }
        }
    }

    /** {@code --print-default --board B [-I DIR]...}: the scenario {@code dmawb run --board B} runs. */
    private static int printBoardDefault(List<String> args, PrintStream out, PrintStream err) {
        String board = args.get(0);
        List<String> includes = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-I") && i + 1 < args.size()) {
                includes.add(args.get(++i));
            } else if (a.startsWith("-I") && a.length() > 2) {
                includes.add(a.substring(2));
            } else {
                err.print("scenario: unexpected argument " + a + "\n" + USAGE);
                return 2;
            }
        }
        if (!BuiltinBoards.exists(board) && !java.nio.file.Files.isRegularFile(Path.of(board))) {
            err.println("scenario: --board " + board + ": no such board file (built-in boards: "
                    + String.join(", ", BuiltinBoards.NAMES) + ")");
            return 2;
        }
        out.print(BoardDefaults.text(board, includes, Path.of(".")));
        return 0;
    }

    private static int check(LoadedScenario l, PrintStream out, PrintStream err) {
        for (Diagnostic d : l.diagnostics()) {
            err.println(d.format());
        }
        if (!l.ok()) {
            long n = l.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
            err.println(n + (n == 1 ? " error" : " errors"));
            return 1;
        }
        out.print(describe(l));
        return 0;
    }

    /** What a loaded scenario will run, one fact per line. */
    public static String describe(LoadedScenario l) {
        Scenario s = l.scenario().orElseThrow();
        StringBuilder sb = new StringBuilder();
        sb.append("scenario ").append(s.fileName()).append(": board ").append(s.board()).append(", kernel ")
                .append(s.profile().version()).append(", seed ").append(Long.toUnsignedString(s.seed())).append('\n');
        for (ScenarioValidator.IommuBinding b : l.iommus()) {
            sb.append("iommu ").append(b.iommu().path()).append(": ").append(b.iommuSwitch().enabled() ? "on" : "off")
                    .append('\n');
        }
        Scenario.DmaDebugOptions d = s.dmaDebug();
        sb.append("dma-debug: ").append(d.enabled() ? "on" : "off");
        if (d.enabled()) {
            sb.append(", num_errors ").append(d.numErrors());
            if (d.allErrors()) {
                sb.append(", all_errors");
            }
            if (!d.driverFilter().isEmpty()) {
                sb.append(", driver_filter ").append(d.driverFilter());
            }
        }
        sb.append('\n');
        List<String> stop = new ArrayList<>();
        s.stop().timeNs().ifPresent(t -> stop.add("time " + duration(t)));
        s.stop().transfers().ifPresent(t -> stop.add("transfers " + t));
        if (s.stop().firstError()) {
            stop.add("first-error");
        }
        sb.append("stop: ").append(stop.isEmpty() ? "when all workloads are done" : String.join(" | ", stop))
                .append('\n');
        for (ClientBinding c : l.clients()) {
            sb.append("client ").append(c.client().name()).append(": ").append(c.device().path()).append(" (")
                    .append(c.kind().driver()).append("), dma-debug sees ").append(c.dmaDebugDriver()).append('\n');
            for (Workload w : c.client().workloads()) {
                sb.append("  ").append(w.kind().keyword());
                if (w.text().isPresent()) {
                    sb.append(" text \"").append(escape(w.text().get())).append("\" (").append(w.bytes())
                            .append(" bytes)");
                } else if (w.kind().isSd()) {
                    sb.append(" blocks ").append(w.count()).append(" (").append(w.bytes()).append(" bytes) segments ")
                            .append(w.segments());
                } else {
                    sb.append(" bytes ").append(w.count());
                }
                sb.append(" repeat ").append(w.repeat() == ScenarioParser.FOREVER ? "forever" : w.repeat());
                if (w.kind().isTxRx()) {
                    sb.append(" rate ").append(c.lineRate(w));
                }
                if (w.everyNs() != 0) {
                    sb.append(" every ").append(duration(w.everyNs()));
                }
                sb.append('\n');
            }
            for (DriverBug b : s.bugsOf(c.client().name())) {
                sb.append("  bug ").append(b.bugName()).append(": ").append(DriverBugs.consequence(b)).append('\n');
            }
        }
        return sb.toString();
    }

    /** A duration in the largest unit that expresses it exactly, as a scenario would write it. */
    static String duration(long ns) {
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        if (ns % 1_000L == 0) {
            return ns / 1_000L + "us";
        }
        return ns + "ns";
    }

    static String escape(String t) {
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
