package org.dmaworkbench.devicetree.ui.internal.context;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.lang.CompileContext;
import org.dmaworkbench.devicetree.lang.ContextFinder;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.devicetree.lang.IncludePaths;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * Where a file's include path and board context come from: the project's Device Tree properties (a kernel tree root,
 * extra directories, the checks) when set, else the kernel tree the file lies in ({@link IncludePaths}); a .dtsi's
 * board (chosen, else the first board found that includes it), an overlay's base board (chosen, else none). Choices
 * are kept as persistent properties of the file, or in the instance preferences for files outside the workspace.
 */
public final class Contexts {
    /** Project preferences (ProjectScope) of the Device Tree property page. */
    public static final String PREF_KERNEL_TREE = "kernelTree";
    public static final String PREF_INCLUDE_DIRS = "includeDirs";
    public static final String PREF_CHECKS = "checks";
    public static final String CHECKS_KERNEL = "kernel";
    public static final String CHECKS_W1 = "w1";
    static final QualifiedName BOARD = new QualifiedName(DtsUi.PLUGIN_ID, "board");

    private static final Map<Path, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private Contexts() {
    }

    /** The include directories of {@code file} (in {@code project} when it is a workspace file). */
    public static List<Path> includeDirs(IProject project, Path file) {
        List<Path> out = new ArrayList<>();
        if (project != null) {
            IEclipsePreferences p = new ProjectScope(project).getNode(DtsUi.PLUGIN_ID);
            String root = p.get(PREF_KERNEL_TREE, "").strip();
            if (!root.isEmpty()) {
                toPath(root).map(Contexts::prefixesOf).ifPresent(out::add);
            }
            for (String d : p.get(PREF_INCLUDE_DIRS, "").split("\n")) {
                if (!d.isBlank()) {
                    toPath(d.strip()).ifPresent(x -> out.add(project.getLocation() == null ? x
                            : project.getLocation().toPath().resolve(x)));
                }
            }
        }
        if (out.isEmpty()) {
            IncludePaths.detect(file).ifPresent(d -> out.addAll(d.includeDirs()));
        }
        return out;
    }

    /** A kernel tree's scripts/dtc/include-prefixes, or the folder itself when it is such a folder. */
    public static Path prefixesOf(Path root) {
        Path p = root.resolve("scripts/dtc/include-prefixes");
        return Files.isDirectory(p) ? p : root;
    }

    /** The dtc warnings of the project: the kernel build's, or W=1's. */
    public static CompileOptions options(IProject project) {
        if (project != null && CHECKS_W1.equals(new ProjectScope(project).getNode(DtsUi.PLUGIN_ID).get(PREF_CHECKS,
                CHECKS_KERNEL))) {
            // scripts/Makefile.dtbs: W=1 turns the noisy checks on; unique_unit_address stays off
            return CompileOptions.defaults().withWarning("unique_unit_address", false);
        }
        return CompileOptions.kernelBuild();
    }

    /**
     * The compile context of {@code file}. For a .dtsi without a chosen board, the boards that include it are looked
     * for under its directory and the project (once; this reads files, so it runs off the UI thread).
     */
    public static CompileContext contextFor(IFile ifile, Path file) {
        IProject project = ifile == null ? null : ifile.getProject();
        List<Path> dirs = includeDirs(project, file);
        CompileOptions options = options(project);
        String name = file.getFileName().toString();
        Optional<Path> chosen = chosenBoard(ifile, file);
        if (name.endsWith(".dtsi")) {
            Optional<Path> board = chosen.isPresent() ? chosen : FOUND.computeIfAbsent(FileKey.of(file),
                    k -> boards(ifile, file, dirs).stream().findFirst());
            return board.map(b -> CompileContext.included(file, b, dirs)).orElse(CompileContext.board(file, dirs))
                    .withOptions(options);
        }
        if (name.endsWith(".dtso")) {
            return CompileContext.overlay(file, chosen.orElse(null), dirs).withOptions(options);
        }
        return CompileContext.board(file, dirs).withOptions(options);
    }

    /** The boards that include {@code file}: under its directory and, for a workspace file, its project. */
    public static List<Path> boards(IFile ifile, Path file, List<Path> dirs) {
        List<Path> search = new ArrayList<>();
        search.add(file.getParent());
        if (ifile != null && ifile.getProject().getLocation() != null) {
            search.add(ifile.getProject().getLocation().toPath());
        }
        return ContextFinder.boardsIncluding(file, search, dirs);
    }

    /** Board files near {@code file}, for an overlay's base: .dts files of its directory. */
    public static List<Path> candidateBases(Path file) {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(file.getParent())) {
            s.filter(p -> p.toString().endsWith(".dts")).sorted().forEach(out::add);
        } catch (java.io.IOException | RuntimeException e) {
            // none
        }
        return out;
    }

    public static Optional<Path> chosenBoard(IFile ifile, Path file) {
        String v = null;
        if (ifile != null) {
            try {
                v = ifile.getPersistentProperty(BOARD);
            } catch (CoreException e) {
                v = null;
            }
        } else {
            v = InstanceScope.INSTANCE.getNode(DtsUi.PLUGIN_ID).get("board:" + file, null);
        }
        return v == null || v.isBlank() ? Optional.empty() : toPath(v);
    }

    /** Remembers the board (or base) for {@code file}; null forgets it. */
    public static void chooseBoard(IFile ifile, Path file, Path board) {
        if (ifile != null) {
            try {
                ifile.setPersistentProperty(BOARD, board == null ? null : board.toString());
            } catch (CoreException e) {
                // the choice lasts for this session only
            }
        } else if (board == null) {
            InstanceScope.INSTANCE.getNode(DtsUi.PLUGIN_ID).remove("board:" + file);
        } else {
            InstanceScope.INSTANCE.getNode(DtsUi.PLUGIN_ID).put("board:" + file, board.toString());
        }
        FOUND.remove(FileKey.of(file));
    }

    /** Forgets the boards found (the project's files changed). */
    public static void forgetFound() {
        FOUND.clear();
    }

    private static Optional<Path> toPath(String s) {
        try {
            return Optional.of(Path.of(s));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
