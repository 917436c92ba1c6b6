package org.dmaworkbench.emulation.ui.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.ScenarioAssist;
import org.dmaworkbench.emulation.scenario.ScenarioAssist.BoardLabel;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;

/**
 * Compiled boards for content assist, so typing does not recompile the board: a built-in board is compiled once,
 * a board file again when its modification time changes. Call off the UI thread.
 */
public final class BoardCache {

    /** A board's labels, or why it has none ({@code error} set, labels empty). */
    public record Board(List<BoardLabel> labels, String error) {
        public Board {
            labels = List.copyOf(labels);
        }
    }

    private record Entry(long modified, Board board) {
    }

    private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();

    private BoardCache() {
    }

    public static Board get(BoardRef ref, Path baseDir) {
        String key;
        long modified;
        try {
            if (ref.isBuiltin()) {
                key = "builtin:" + ref.builtinName();
                modified = 0;
            } else {
                Path dts = (baseDir == null ? Path.of(".") : baseDir).resolve(ref.file()).toAbsolutePath();
                File f = dts.toFile();
                if (!f.isFile()) {
                    return new Board(List.of(), "board file " + dts + ": No such file or directory");
                }
                key = dts + "|" + String.join("|", ref.includeDirs()) + "|" + baseDir;
                modified = f.lastModified();
            }
        } catch (InvalidPathException e) {
            return new Board(List.of(), e.getMessage());
        }
        Entry e = CACHE.get(key);
        if (e != null && e.modified() == modified) {
            return e.board();
        }
        Board b;
        try {
            CompileResult cr = ScenarioLoader.compileBoard(ref, baseDir);
            if (cr.tree().isPresent() && !cr.hasErrors()) {
                b = new Board(ScenarioAssist.labels(cr.tree().get()), null);
            } else {
                String first = cr.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR)
                        .map(Diagnostic::format).findFirst().orElse("errors");
                b = new Board(List.of(), first);
            }
        } catch (InvalidPathException ex) {
            b = new Board(List.of(), ex.getMessage());
        }
        CACHE.put(key, new Entry(modified, b));
        return b;
    }
}
