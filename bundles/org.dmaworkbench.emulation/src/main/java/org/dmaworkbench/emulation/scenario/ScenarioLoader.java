package org.dmaworkbench.emulation.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.boards.BuiltinBoards;

/**
 * Parse, compile the board (with the warnings of a kernel build, {@link CompileOptions#kernelBuild()}), validate:
 * from a .dmascn file (or text) to a {@link LoadedScenario}. A board file
 * and include directories are taken relative to the scenario file's directory unless absolute. The iommu
 * switches are applied to the returned tree: the board is compiled once more under a wrapper that #includes it
 * and sets each switched IOMMU's status to "okay" or "disabled", as a board .dts overriding a .dtsi would.
 */
public final class ScenarioLoader {
    /** The name diagnostics print for the built-in default scenario. */
    public static final String DEFAULT_NAME = "builtin:default.dmascn";

    private ScenarioLoader() {
    }

    public static LoadedScenario load(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return finish(ScenarioParser.parse(file), dir);
    }

    /**
     * Loads a scenario built in memory (a parsed one with {@link ScenarioOverrides} applied): compile its board,
     * validate, apply the iommu switches. Diagnostics point at the positions its parts carry.
     */
    public static LoadedScenario load(Scenario scenario, Path baseDir) {
        return finish(new ScenarioResult(Optional.of(scenario), List.of()), baseDir);
    }

    /** Loads in-memory text; relative board paths are resolved against {@code baseDir}. */
    public static LoadedScenario load(String fileName, String text, Path baseDir) {
        return finish(ScenarioParser.parse(fileName, text), baseDir);
    }

    /** The text of the built-in default scenario: SCIF0 greets through DMAC0 and the IPMMU while SDHI0 reads. */
    public static String defaultText() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("default.dmascn")) {
            if (in == null) {
                throw new IllegalStateException("default.dmascn is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("default.dmascn cannot be read from the bundle", e);
        }
    }

    /** The built-in default scenario, loaded on its built-in board. */
    public static LoadedScenario loadDefault() {
        return load(DEFAULT_NAME, defaultText(), Path.of("."));
    }

    private static LoadedScenario finish(ScenarioResult parsed, Path baseDir) {
        List<Diagnostic> diags = new ArrayList<>(parsed.diagnostics());
        if (parsed.scenario().isEmpty()) {
            return new LoadedScenario(Optional.empty(), Optional.empty(), List.of(), List.of(), diags);
        }
        Scenario s = parsed.scenario().get();
        CompileResult cr;
        try {
            Path dts = s.board().isBuiltin() ? null : baseDirOrDot(baseDir).resolve(s.board().file()).toAbsolutePath();
            if (dts != null && !dts.toFile().isFile()) {
                diags.add(new Diagnostic(Severity.ERROR, s.board().position(), "board file " + dts
                        + ": No such file or directory"));
                return new LoadedScenario(Optional.of(s), Optional.empty(), List.of(), List.of(), diags);
            }
            cr = compileBoard(s.board(), baseDir);
        } catch (InvalidPathException e) {
            diags.add(new Diagnostic(Severity.ERROR, s.board().position(), "invalid board file or include "
                    + "directory name \"" + e.getInput() + "\": " + e.getReason()));
            return new LoadedScenario(Optional.of(s), Optional.empty(), List.of(), List.of(), diags);
        }
        diags.addAll(cr.diagnostics());
        if (cr.hasErrors() || cr.tree().isEmpty()) {
            diags.add(new Diagnostic(Severity.ERROR, s.board().position(), "board " + s.board()
                    + " does not compile (see the errors above)"));
            return new LoadedScenario(Optional.of(s), Optional.empty(), List.of(), List.of(), diags);
        }
        DeviceTree tree = cr.tree().get();
        ScenarioValidator.Validation v = ScenarioValidator.validate(s, tree);
        diags.addAll(v.diagnostics());
        if (v.hasErrors() || v.iommus().isEmpty()) {
            return planned(s, tree, v, diags);
        }
        // apply the iommu switches: recompile with a wrapper that includes the board, sets each IOMMU's status and
        // gives the masters named with 'utlb' their iommus, as a board .dts overriding a .dtsi would
        StringBuilder w = new StringBuilder();
        String top = s.board().isBuiltin() ? s.board().builtinName() + ".dts"
                : baseDirOrDot(baseDir).resolve(s.board().file()).toAbsolutePath().toString();
        w.append("#include \"").append(top).append("\"\n");
        for (ScenarioValidator.IommuBinding b : v.iommus()) {
            w.append("&{").append(b.iommu().path()).append("} {\n\tstatus = \"")
                    .append(b.iommuSwitch().enabled() ? "okay" : "disabled").append("\";\n};\n");
            b.addedIommus().forEach((master, utlbs) -> {
                w.append("&{").append(master.path()).append("} {\n\tiommus = ");
                for (int k = 0; k < utlbs.size(); k++) {
                    w.append(k == 0 ? "" : ", ").append("<&{").append(b.iommu().path()).append("} ")
                            .append(utlbs.get(k)).append('>');
                }
                w.append(";\n};\n");
            });
        }
        String wrapperName = s.fileName() + " (iommu switches)";
        IncludeResolver resolver = s.board().isBuiltin() ? BuiltinBoards.includeResolver()
                : IncludeResolver.directories(includeDirs(s, baseDir));
        CompileResult switched = DeviceTreeCompiler.compile(wrapperName, w.toString(), resolver,
                CompileOptions.kernelBuild());
        if (switched.hasErrors() || switched.tree().isEmpty()) {
            diags.addAll(switched.diagnostics());
            diags.add(new Diagnostic(Severity.ERROR, s.board().position(), "board " + s.board()
                    + " does not compile with the iommu switches applied (see the errors above)"));
            return new LoadedScenario(Optional.of(s), Optional.empty(), List.of(), List.of(), diags);
        }
        // bind again so the bindings refer to the nodes of the tree that is returned
        ScenarioValidator.Validation v2 = ScenarioValidator.validate(s, switched.tree().get());
        return planned(s, switched.tree().get(), v2, diags);
    }

    /**
     * Finishes with the IOMMU plan of the final tree, and warns about each IOMMU the scenario switches on that no
     * master will use: the kernel's rule refuses them all, or none is connected.
     */
    private static LoadedScenario planned(Scenario s, DeviceTree tree, ScenarioValidator.Validation v,
            List<Diagnostic> diags) {
        if (v.hasErrors()) {
            return new LoadedScenario(Optional.of(s), Optional.of(tree), v.clients(), v.iommus(), diags);
        }
        Map<DtNode, Set<DtNode>> optIn = new HashMap<>();
        for (ScenarioValidator.IommuBinding b : v.iommus()) {
            optIn.put(b.iommu(), new HashSet<>(b.optIn()));
        }
        IommuPlan plan = IommuPlan.of(tree, s, optIn);
        for (ScenarioValidator.IommuBinding b : v.iommus()) {
            if (!b.iommuSwitch().enabled()) {
                continue;
            }
            IommuPlan.Unit u = plan.unit(b.iommu()).orElse(null);
            if (u == null || !u.attachedMasters().isEmpty()) {
                continue;
            }
            String name = b.iommuSwitch().iommu() + " (" + b.iommu().path() + ")";
            String label = b.iommuSwitch().iommu().isLabel() ? b.iommuSwitch().iommu().label() : b.iommu().path();
            String msg;
            if (u.masters().isEmpty()) {
                msg = name + " is switched on but no enabled device refers to it in iommus, so nothing is translated;"
                        + " connect a master in the scenario (iommu " + label + " = on { attach = &LABEL utlb N..M })"
                        + " or add an iommus property to the board file (as the series' dropped DT patch did)";
            } else {
                List<String> refused = new ArrayList<>();
                for (IommuPlan.Master m : u.masters()) {
                    refused.add(m.devName() + ": " + m.verdict().reason());
                }
                msg = name + " is switched on but the kernel's ipmmu_device_is_allowed() attaches none of its masters on "
                        + plan.soc().socId() + " (" + String.join(", ", refused) + "); opt them in with iommu "
                        + label + " = on { attach = all } or name them (attach = &LABEL, ...)";
            }
            diags.add(new Diagnostic(Severity.WARNING, b.iommuSwitch().iommu().position(), msg));
        }
        return new LoadedScenario(Optional.of(s), Optional.of(tree), v.clients(), v.iommus(), diags, Optional.of(plan));
    }

    /**
     * Compiles a scenario's board: a built-in one, or a board file and its include directories relative to {@code
     * baseDir} (the scenario file's directory) unless absolute, with a kernel build's warnings. The editor calls this for content assist while
     * the rest of the text may not parse.
     *
     * @throws InvalidPathException when the board file or an include directory is no valid path
     */
    public static CompileResult compileBoard(Scenario.BoardRef board, Path baseDir) {
        if (board.isBuiltin()) {
            return BuiltinBoards.compile(board.builtinName()).orElseThrow();
        }
        Path dts = baseDirOrDot(baseDir).resolve(board.file()).toAbsolutePath();
        List<Path> inc = new ArrayList<>();
        for (String d : board.includeDirs()) {
            inc.add(baseDirOrDot(baseDir).resolve(d));
        }
        return DeviceTreeCompiler.compile(dts, inc, CompileOptions.kernelBuild());
    }

    private static Path baseDirOrDot(Path baseDir) {
        return baseDir == null ? Path.of(".") : baseDir;
    }

    private static List<Path> includeDirs(Scenario s, Path baseDir) {
        List<Path> inc = new ArrayList<>();
        for (String d : s.board().includeDirs()) {
            inc.add(baseDirOrDot(baseDir).resolve(d));
        }
        return inc;
    }
}
