package org.dmaworkbench.launch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.BoardDefaults;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.kernel.KernelProfile;

/**
 * What a {@code DMA Emulation} launch configuration asks for, read from its attribute map (no Eclipse type, so the
 * launch delegate, the dialog's tabs and plain tests share it): the scenario (a file, a board's default workload,
 * or the built-in default), the {@link ScenarioOverrides} its attributes make, and the export files. Settings
 * with bad values are diagnostics at {@link #origin()}, in the scenario parser's own words.
 */
public final class LaunchSettings {
    /** Where a run finds what neither the scenario file nor the configuration says (the preferences). */
    public record Defaults(KernelProfile kernel, boolean dmaDebug, long numErrors, boolean allErrors,
                           List<String> kernelTreeRoots, int historySize) {
        /** The built-in default scenario's values; no kernel tree. */
        public static final Defaults BUILT_IN = new Defaults(KernelProfile.V6_12, true, 10, false, List.of(), 100_000);

        public Defaults {
            kernelTreeRoots = List.copyOf(kernelTreeRoots);
        }
    }

    /** Expands {@code ${…}} variables; throws with a message naming the bad variable. */
    @FunctionalInterface
    public interface Expander {
        String expand(String text) throws IllegalArgumentException;
    }

    /** The scenario before and after the configuration's settings; {@link #effective()} is what runs. */
    public record Loaded(LoadedScenario base, LoadedScenario effective, Path baseDir) {
        public boolean ok() {
            return effective.ok();
        }
    }

    /** One export: which ({@code "trace"}, {@code "dump"}, {@code "dmesg"}, {@code "json"}) and where. */
    public record Export(String kind, Path file) {
    }

    private final String origin;
    private final Map<String, Object> attrs;
    private final Expander expander;
    private final Defaults defaults;
    private final List<String> errors = new ArrayList<>();

    private LaunchSettings(String configName, Map<String, Object> attributes, Expander expander, Defaults defaults) {
        this.origin = "launch configuration '" + configName + "'";
        this.attrs = attributes;
        this.expander = expander;
        this.defaults = defaults;
    }

    /**
     * @param attributes the configuration's attributes ({@code ILaunchConfiguration.getAttributes()})
     * @param expander expands variables in the string attributes
     */
    public static LaunchSettings of(String configName, Map<String, Object> attributes, Expander expander, Defaults defaults) {
        return new LaunchSettings(configName, attributes, expander, defaults);
    }

    /** How diagnostics name a setting's place: "launch configuration 'NAME'". */
    public String origin() {
        return origin;
    }

    public boolean useBoard() {
        return Boolean.TRUE.equals(attrs.get(EmulationLaunch.CONFIG_USE_BOARD));
    }

    private String string(String key) {
        Object v = attrs.get(key);
        return v instanceof String s ? s : null;
    }

    private String expanded(String key, String what) {
        String raw = string(key);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return expander.expand(raw.strip());
        } catch (IllegalArgumentException e) {
            errors.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private Path path(String text, String what) {
        try {
            return Path.of(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            errors.add(what + ": invalid file name \"" + text + "\"");
            return null;
        }
    }

    /** The scenario file to run; empty for a board run or the built-in default scenario. */
    public Optional<Path> scenarioFile() {
        if (useBoard()) {
            return Optional.empty();
        }
        String f = expanded(EmulationLaunch.CONFIG_SCENARIO, "scenario");
        return f == null ? Optional.empty() : Optional.ofNullable(path(f, "scenario"));
    }

    /** The board of a board run, expanded: a built-in name or an absolute .dts path ("koelsch" when none is set). */
    public String board() {
        String b = expanded(EmulationLaunch.CONFIG_BOARD, "board");
        if (b == null) {
            return BuiltinBoards.NAMES.get(0);
        }
        if (BuiltinBoards.exists(b)) {
            return b;
        }
        Path p = path(b, "board");
        return p == null ? b : p.toString();
    }

    /**
     * Loads the scenario and applies the configuration's settings: parse, compile the board, validate. Takes as
     * long as compiling the board does: call it off the UI thread.
     */
    public Loaded load() {
        errors.clear();
        LoadedScenario base;
        Path baseDir = Path.of(".");
        ScenarioOverrides o = new ScenarioOverrides(origin);
        if (useBoard()) {
            String board = board();
            if (!BuiltinBoards.exists(board) && !Files.isRegularFile(Path.of(board))) {
                return failed("board " + board + ": no such board file (built-in boards: "
                        + String.join(", ", BuiltinBoards.NAMES) + ")");
            }
            String name = BuiltinBoards.exists(board) ? board : Path.of(board).getFileName().toString().replaceFirst("\\.dts$", "");
            if (!BuiltinBoards.exists(board)) {
                baseDir = Path.of(board).getParent();
            }
            // a board file's default workload is what the board has, so it is compiled with the include path
            base = ScenarioLoader.load("builtin:" + name + ".dmascn", BoardDefaults.text(board, includes(), baseDir),
                    baseDir);
            // a board's default workload takes the preferences where the configuration says nothing
            o.kernel(defaults.kernel()).dmaDebug(defaults.dmaDebug()).numErrors(defaults.numErrors())
                    .allErrors(defaults.allErrors());
        } else {
            Optional<Path> file = scenarioFile();
            if (!errors.isEmpty()) {
                return failed(errors.get(0));
            }
            if (file.isPresent()) {
                if (!Files.isRegularFile(file.get())) {
                    return failed("scenario file " + file.get() + ": No such file or directory");
                }
                base = ScenarioLoader.load(file.get());
                baseDir = file.get().getParent();
            } else {
                base = ScenarioLoader.loadDefault();
            }
        }
        readOverrides(o);
        if (!errors.isEmpty()) {
            return new Loaded(base, withErrors(base, errors), baseDir);
        }
        LoadedScenario effective;
        try {
            effective = o.apply(base, baseDir);
        } catch (IllegalArgumentException e) {
            effective = withErrors(base, List.of(e.getMessage()));
        }
        return new Loaded(base, effective, baseDir);
    }

    private Loaded failed(String message) {
        LoadedScenario l = new LoadedScenario(Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(new Diagnostic(Severity.ERROR, new SourcePosition(origin, 0, 0), message)));
        return new Loaded(l, l, Path.of("."));
    }

    private LoadedScenario withErrors(LoadedScenario l, Collection<String> messages) {
        List<Diagnostic> d = new ArrayList<>(l.diagnostics());
        for (String m : new java.util.LinkedHashSet<>(messages)) {
            d.add(new Diagnostic(Severity.ERROR, new SourcePosition(origin, 0, 0), m));
        }
        return new LoadedScenario(l.scenario(), l.board(), l.clients(), l.iommus(), d);
    }

    /** Include directories: the configuration's, then the preferences' kernel trees (a tree's include-prefixes). */
    public List<String> includes() {
        List<String> out = new ArrayList<>();
        Object v = attrs.get(EmulationLaunch.CONFIG_INCLUDES);
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s && !s.isBlank()) {
                    try {
                        out.add(expander.expand(s.strip()));
                    } catch (IllegalArgumentException e) {
                        errors.add("include path: " + e.getMessage());
                    }
                }
            }
        }
        for (String root : defaults.kernelTreeRoots()) {
            out.add(kernelTreeIncludeDir(root));
        }
        return out;
    }

    /**
     * A kernel source tree's device-tree include directory ({@code scripts/dtc/include-prefixes}, where the kernel's
     * {@code dtc_cpp_flags} look), or the directory itself when it is such an include-prefixes folder already.
     */
    public static String kernelTreeIncludeDir(String root) {
        Path p = Path.of(root).resolve("scripts/dtc/include-prefixes");
        return Files.isDirectory(p) ? p.toString() : root;
    }

    private String triState(String key, String what) {
        String v = string(key);
        if (v == null || v.equals(EmulationLaunch.AS_SCENARIO)) {
            return null;
        }
        if (!v.equals(EmulationLaunch.ON) && !v.equals(EmulationLaunch.OFF)) {
            errors.add(what + ": expected on or off, not '" + v + "'");
            return null;
        }
        return v;
    }

    private void readOverrides(ScenarioOverrides o) {
        List<String> inc = includes();
        if (!inc.isEmpty()) {
            o.includes(inc);
        }
        Object iommus = attrs.get(EmulationLaunch.CONFIG_IOMMUS);
        if (iommus instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : new LinkedHashMap<>(m).entrySet()) {
                if (EmulationLaunch.ATTACH_ALL.equals(e.getValue())) {
                    o.iommuAttachAll(String.valueOf(e.getKey()));
                } else if (EmulationLaunch.ON.equals(e.getValue()) || EmulationLaunch.OFF.equals(e.getValue())) {
                    o.iommu(String.valueOf(e.getKey()), EmulationLaunch.ON.equals(e.getValue()));
                }
            }
        }
        String kernel = string(EmulationLaunch.CONFIG_KERNEL);
        if (kernel != null && !kernel.isEmpty()) {
            var k = ScenarioOverrides.parseKernel(kernel);
            if (k.ok()) {
                o.kernel(k.value());
            } else {
                errors.add("kernel: " + k.error());
            }
        }
        String stop = string(EmulationLaunch.CONFIG_STOP);
        if (stop != null) {
            if (stop.isBlank()) {
                o.stopLimits(java.util.OptionalLong.empty(), java.util.OptionalLong.empty());
            } else {
                var st = ScenarioOverrides.parseStop(stop.strip());
                if (st.ok()) {
                    Scenario.StopCondition c = st.value();
                    o.stopLimits(c.timeNs(), c.transfers());
                    if (c.firstError()) {
                        o.firstError(true);
                    }
                } else {
                    errors.add("stop: " + st.error());
                }
            }
        }
        String dd = triState(EmulationLaunch.CONFIG_DMA_DEBUG, "dma-debug");
        if (dd != null) {
            o.dmaDebug(dd.equals(EmulationLaunch.ON));
        }
        String filter = string(EmulationLaunch.CONFIG_DRIVER_FILTER);
        if (filter != null) {
            var f = ScenarioOverrides.parseDriverFilter(filter.strip());
            if (f.ok()) {
                o.driverFilter(f.value());
            } else {
                errors.add("driver_filter: " + f.error());
            }
        }
        String num = string(EmulationLaunch.CONFIG_NUM_ERRORS);
        if (num != null) {
            var n = ScenarioOverrides.parseNumErrors(num.strip());
            if (n.ok()) {
                o.numErrors(n.value());
            } else {
                errors.add("num_errors: " + n.error());
            }
        }
        String all = triState(EmulationLaunch.CONFIG_ALL_ERRORS, "all_errors");
        if (all != null) {
            o.allErrors(all.equals(EmulationLaunch.ON));
        }
        String first = triState(EmulationLaunch.CONFIG_FIRST_ERROR, "stop on the first error");
        if (first != null) {
            o.firstError(first.equals(EmulationLaunch.ON));
        }
        Object bugs = attrs.get(EmulationLaunch.CONFIG_BUGS);
        if (bugs instanceof List<?> l) {
            List<ScenarioOverrides.Bug> out = new ArrayList<>();
            for (Object x : l) {
                String s = String.valueOf(x);
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    errors.add("driver bugs: expected CLIENT=BUG, not '" + s + "'");
                    continue;
                }
                var b = ScenarioOverrides.parseBug(s.substring(eq + 1).strip());
                if (b.ok()) {
                    out.add(new ScenarioOverrides.Bug(s.substring(0, eq).strip(), b.value()));
                } else {
                    errors.add("driver bugs: " + b.error());
                }
            }
            o.bugs(out);
        }
    }

    /**
     * The export files the configuration asks for, in the order trace, dump, dmesg, json; each one's directory
     * must exist (checked before the run, as {@code dmawb run} does). Problems are added to {@code problems}.
     */
    public List<Export> exports(List<String> problems) {
        List<Export> out = new ArrayList<>();
        String[][] kinds = { { EmulationLaunch.CONFIG_EXPORT_TRACE, "trace" }, { EmulationLaunch.CONFIG_EXPORT_DUMP, "dump" },
                { EmulationLaunch.CONFIG_EXPORT_DMESG, "dmesg" }, { EmulationLaunch.CONFIG_EXPORT_JSON, "json" } };
        errors.clear();
        for (String[] k : kinds) {
            String f = expanded(k[0], k[1] + " export");
            if (f == null) {
                continue;
            }
            Path p = path(f, k[1] + " export");
            if (p == null) {
                continue;
            }
            if (Files.isDirectory(p)) {
                errors.add(k[1] + " export " + p + ": is a directory");
            } else if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
                errors.add(k[1] + " export " + p + ": no such directory " + p.getParent());
            } else {
                out.add(new Export(k[1], p));
            }
        }
        problems.addAll(errors);
        return out;
    }

    /** Events a session keeps for the exports and views (the preference). */
    public int historySize() {
        return defaults.historySize();
    }
}
