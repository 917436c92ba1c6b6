package org.dmaworkbench.emulation.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.boards.BuiltinBoards;

/**
 * Parse, compile the board, validate: from a .dmascn file (or text) to a {@link LoadedScenario}. A board file
 * and include directories are taken relative to the scenario file's directory unless absolute.
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
        if (s.board().isBuiltin()) {
            cr = BuiltinBoards.compile(s.board().builtinName()).orElseThrow();
        } else {
            Path base = baseDir == null ? Path.of(".") : baseDir;
            Path dts = base.resolve(s.board().file());
            List<Path> inc = new ArrayList<>();
            for (String d : s.board().includeDirs()) {
                inc.add(base.resolve(d));
            }
            if (!dts.toFile().isFile()) {
                diags.add(new Diagnostic(Severity.ERROR, s.board().position(), "board file " + dts
                        + ": No such file or directory"));
                return new LoadedScenario(Optional.of(s), Optional.empty(), List.of(), List.of(), diags);
            }
            cr = DeviceTreeCompiler.compile(dts, inc);
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
        return new LoadedScenario(Optional.of(s), Optional.of(tree), v.clients(), v.iommus(), diags);
    }
}
