package org.dmaworkbench.emulation.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.Scenario.DeviceRef;
import org.dmaworkbench.emulation.scenario.Scenario.DmaDebugOptions;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.scenario.Scenario.IommuAttach;
import org.dmaworkbench.emulation.scenario.Scenario.IommuSwitch;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * What is set from outside a scenario file and wins over its keys: {@code dmawb run}'s {@code --board}, {@code -I},
 * {@code --iommu} and {@code --kernel}, and the same keys plus dma-debug, stop and bug settings of an IDE launch
 * configuration. A setting left unset keeps the scenario's value. The scenario is rebuilt with the settings in and
 * loaded again, so the board is compiled and the whole scenario validated as if the file had said it; parts that
 * came from the file keep their FILE:LINE:COL, parts that came from here carry {@link #origin()} as their position
 * (as gcc names {@code <command-line>}).
 */
public final class ScenarioOverrides {
    /** A client's injected driver bug, as a {@code bug CLIENT = NAME} line says. */
    public record Bug(String client, DriverBug bug) {
    }

    /** A value read from text with the scenario parser's own rules: the value, or the parser's message. */
    public record Parsed<T>(T value, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final String origin;
    private String board;
    private final List<String> includes = new ArrayList<>();
    private Boolean allIommus;
    private boolean attachAll;
    private final Map<String, Boolean> iommus = new LinkedHashMap<>();
    private final java.util.Set<String> attachAllOf = new java.util.HashSet<>();
    private KernelProfile kernel;
    private Boolean dmaDebug;
    private String driverFilter;
    private Long numErrors;
    private Boolean allErrors;
    private Scenario.StopCondition stopLimits;
    private Boolean firstError;
    private List<Bug> bugs;

    /** @param origin how messages name where these settings came from: "&lt;command-line&gt;", a launch configuration */
    public ScenarioOverrides(String origin) {
        this.origin = origin;
    }

    public String origin() {
        return origin;
    }

    /** The board instead of the scenario's: a built-in name or a .dts file (absolute, or relative to the scenario). */
    public ScenarioOverrides board(String builtinOrFile) {
        this.board = builtinOrFile;
        return this;
    }

    /** Include directories added after the board file's own; a built-in board has no includes and ignores them. */
    public ScenarioOverrides includes(List<String> dirs) {
        includes.addAll(dirs);
        return this;
    }

    /** Turns every IOMMU that some device of the board uses on or off ({@code --iommu on|off}). */
    public ScenarioOverrides allIommus(boolean on) {
        this.allIommus = on;
        return this;
    }

    /**
     * With {@link #allIommus allIommus(true)}: also opt every master in ({@code --iommu all}, as
     * {@code iommu X = on { attach = all }} on each).
     */
    public ScenarioOverrides attachAll(boolean all) {
        this.attachAll = all;
        return this;
    }

    /**
     * Switches one IOMMU, named by label or absolute path, replacing the scenario's {@code iommu} line for it; an
     * {@code attach} block of that line stays while the IOMMU stays on.
     */
    public ScenarioOverrides iommu(String labelOrPath, boolean on) {
        iommus.put(labelOrPath, on);
        return this;
    }

    /** Switches one IOMMU on with every master opted in ({@code iommu X = on { attach = all }}). */
    public ScenarioOverrides iommuAttachAll(String labelOrPath) {
        iommus.put(labelOrPath, true);
        attachAllOf.add(labelOrPath);
        return this;
    }

    public ScenarioOverrides kernel(KernelProfile profile) {
        this.kernel = profile;
        return this;
    }

    public ScenarioOverrides dmaDebug(boolean on) {
        this.dmaDebug = on;
        return this;
    }

    public ScenarioOverrides driverFilter(String driver) {
        this.driverFilter = driver;
        return this;
    }

    public ScenarioOverrides numErrors(long n) {
        this.numErrors = n;
        return this;
    }

    public ScenarioOverrides allErrors(boolean on) {
        this.allErrors = on;
        return this;
    }

    /** Replaces the scenario's time and transfer limits (its first-error condition stays, see {@link #firstError}). */
    public ScenarioOverrides stopLimits(OptionalLong timeNs, OptionalLong transfers) {
        this.stopLimits = new Scenario.StopCondition(timeNs, transfers, false);
        return this;
    }

    public ScenarioOverrides firstError(boolean stop) {
        this.firstError = stop;
        return this;
    }

    /** Replaces the scenario's {@code bug} lines. */
    public ScenarioOverrides bugs(List<Bug> injected) {
        this.bugs = List.copyOf(injected);
        return this;
    }

    /** @return whether nothing is set, so the scenario runs as its file says */
    public boolean isEmpty() {
        return board == null && includes.isEmpty() && allIommus == null && iommus.isEmpty() && kernel == null
                && dmaDebug == null && driverFilter == null && numErrors == null && allErrors == null && stopLimits == null
                && firstError == null && bugs == null;
    }

    /**
     * The scenario {@code base} with these settings in, loaded on its (possibly new) board. {@code base} as it is
     * when it did not load or nothing is set.
     *
     * @param baseDir the scenario file's directory, for relative board files and include directories
     * @throws IllegalArgumentException when a setting cannot apply to the board (an "iommu on" for a board on
     *             which no device uses an IOMMU); the message names the setting as the scenario would
     */
    public LoadedScenario apply(LoadedScenario base, Path baseDir) {
        if (!base.ok() || base.scenario().isEmpty() || isEmpty()) {
            return base;
        }
        Scenario s = base.scenario().get();
        SourcePosition here = new SourcePosition(origin, 0, 0);
        BoardRef b = s.board();
        boolean boardChanged = board != null;
        if (boardChanged) {
            b = BuiltinBoards.exists(board) ? new BoardRef(board, null, List.of(), here)
                    : new BoardRef(null, board, List.of(), here);
        }
        if (!b.isBuiltin() && !includes.isEmpty()) {
            List<String> inc = new ArrayList<>(b.includeDirs());
            inc.addAll(includes);
            b = new BoardRef(null, b.file(), inc, b.position());
            boardChanged = true;
        }
        List<IommuSwitch> switches = new ArrayList<>(boardChanged ? List.of() : s.iommus());
        if (allIommus != null || !iommus.isEmpty()) {
            DeviceTree tree = boardChanged || base.board().isEmpty() ? probeBoard(s, b, baseDir) : base.board().get();
            if (tree == null) {
                // the new board does not compile: load without switches, so its own diagnostics are reported
                return ScenarioLoader.load(rebuild(s, b, List.of(), here), baseDir);
            }
            if (allIommus != null) {
                List<DtNode> used = iommusInUse(tree);
                if (allIommus && used.isEmpty()) {
                    throw new IllegalArgumentException("iommu on: no device of board " + b
                            + " is behind an IOMMU (none has an iommus property)");
                }
                switches.clear();
                IommuAttach attach = allIommus && attachAll ? new IommuAttach(true, List.of(), here) : IommuAttach.NONE;
                for (DtNode n : used) {
                    switches.add(new IommuSwitch(new DeviceRef(null, n.path(), here), allIommus, here, attach));
                }
            }
            for (Map.Entry<String, Boolean> e : iommus.entrySet()) {
                String path = resolve(tree, e.getKey());
                IommuAttach kept = switches.stream().filter(sw -> path != null && path.equals(resolve(tree, sw.iommu())))
                        .map(IommuSwitch::attach).findFirst().orElse(IommuAttach.NONE);
                switches.removeIf(sw -> path != null && path.equals(resolve(tree, sw.iommu())));
                DeviceRef ref = e.getKey().startsWith("/") ? new DeviceRef(null, e.getKey(), here)
                        : new DeviceRef(e.getKey(), null, here);
                IommuAttach attach = !e.getValue() ? IommuAttach.NONE
                        : attachAllOf.contains(e.getKey()) ? new IommuAttach(true, List.of(), here) : kept;
                switches.add(new IommuSwitch(ref, e.getValue(), here, attach));
            }
        }
        return ScenarioLoader.load(rebuild(s, b, switches, here), baseDir);
    }

    private Scenario rebuild(Scenario s, BoardRef b, List<IommuSwitch> switches, SourcePosition here) {
        DmaDebugOptions d = s.dmaDebug();
        DmaDebugOptions dd = new DmaDebugOptions(dmaDebug != null ? dmaDebug : d.enabled(),
                driverFilter != null ? driverFilter : d.driverFilter(), numErrors != null ? numErrors : d.numErrors(),
                allErrors != null ? allErrors : d.allErrors());
        Scenario.StopCondition st = s.stop();
        Scenario.StopCondition stop = new Scenario.StopCondition(
                stopLimits != null ? stopLimits.timeNs() : st.timeNs(),
                stopLimits != null ? stopLimits.transfers() : st.transfers(),
                firstError != null ? firstError : st.firstError());
        List<InjectedBug> injected = s.bugs();
        if (bugs != null) {
            injected = new ArrayList<>();
            for (Bug bug : bugs) {
                // a bug line the file has keeps its position, so messages and links point at it
                InjectedBug same = s.bugs().stream().filter(x -> x.client().equals(bug.client()) && x.bug() == bug.bug())
                        .findFirst().orElse(null);
                injected.add(same != null ? same : new InjectedBug(bug.client(), bug.bug(), here));
            }
        }
        return new Scenario(s.fileName(), b, switches, kernel != null ? kernel : s.profile(), dd, s.seed(), stop,
                s.clients(), injected, s.socRevision().orElse(null));
    }

    /** The board {@code b} compiled alone (no switches, no clients), or null when it does not compile. */
    private static DeviceTree probeBoard(Scenario s, BoardRef b, Path baseDir) {
        Scenario probe = new Scenario(s.fileName(), b, List.of(), s.profile(), s.dmaDebug(), s.seed(), s.stop(),
                List.of(), List.of(), s.socRevision().orElse(null));
        return ScenarioLoader.load(probe, baseDir).board().orElse(null);
    }

    private static String resolve(DeviceTree tree, DeviceRef ref) {
        return ref.isLabel() ? resolve(tree, ref.label()) : ref.path();
    }

    private static String resolve(DeviceTree tree, String labelOrPath) {
        if (labelOrPath.startsWith("/")) {
            return labelOrPath;
        }
        return tree.nodeByLabel(labelOrPath).map(DtNode::path).orElse(null);
    }

    /**
     * The IOMMUs devices of {@code tree} use (those an {@code iommus} property points at), enabled or not, in the
     * order the tree first refers to them.
     */
    public static List<DtNode> iommusInUse(DeviceTree tree) {
        Map<String, DtNode> used = new LinkedHashMap<>();
        for (DtNode n : tree.allNodes()) {
            if (n.property("iommus").isPresent()) {
                try {
                    n.specifiers("iommus", "#iommu-cells").forEach(sp -> used.put(sp.provider().path(), sp.provider()));
                } catch (RuntimeException e) {
                    // a malformed iommus list is the board's diagnostic, not ours
                }
            }
        }
        return new ArrayList<>(used.values());
    }

    /** {@code kernel = TEXT}: 6.12 or 4.9, with the parser's message otherwise. */
    public static Parsed<KernelProfile> parseKernel(String text) {
        return parse("kernel", text, Scenario::profile);
    }

    /** {@code dma-debug.num_errors = TEXT}. */
    public static Parsed<Long> parseNumErrors(String text) {
        return parse("dma-debug.num_errors", text, s -> s.dmaDebug().numErrors());
    }

    /** {@code dma-debug.driver_filter = TEXT}; a bare driver name, quoted when it is not one word. */
    public static Parsed<String> parseDriverFilter(String text) {
        String quoted = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return parse("dma-debug.driver_filter", quoted, s -> s.dmaDebug().driverFilter());
    }

    /** {@code stop = TEXT}: conditions joined by {@code |}, such as {@code time 100ms | transfers 50}. */
    public static Parsed<Scenario.StopCondition> parseStop(String text) {
        return parse("stop", text, Scenario::stop);
    }

    /** A duration as the scenario writes it ({@code 100ms}), in nanoseconds. */
    public static Parsed<Long> parseDuration(String text) {
        Parsed<Scenario.StopCondition> p = parseStop("time " + text);
        return p.ok() ? new Parsed<>(p.value().timeNs().getAsLong(), null) : new Parsed<>(null, p.error());
    }

    /** The bug named {@code name} ({@code DriverBug.bugName()}), with the parser's wording when there is none. */
    public static Parsed<DriverBug> parseBug(String name) {
        Optional<DriverBug> b = DriverBugs.forName(name);
        return b.isPresent() ? new Parsed<>(b.get(), null)
                : new Parsed<>(null, "unknown driver bug '" + name + "' (see the list of driver bugs in FORMAT.md)");
    }

    /**
     * Parses {@code KEY = TEXT} alone in a scenario on a built-in board, so a value set outside a file is judged
     * by the same rules and messages as in one; the message is the parser's, without its position.
     */
    private static <T> Parsed<T> parse(String key, String text, java.util.function.Function<Scenario, T> get) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf(';') >= 0 || text.indexOf('#') >= 0) {
            return new Parsed<>(null, key + ": one value on one line, without ';' or '#'");
        }
        ScenarioResult r = ScenarioParser.parse("value", "board = koelsch\n" + key + " = " + text + "\n");
        for (Diagnostic d : r.diagnostics()) {
            if (d.severity() == Severity.ERROR) {
                return new Parsed<>(null, d.message());
            }
        }
        return new Parsed<>(get.apply(r.scenario().orElseThrow()), null);
    }
}
