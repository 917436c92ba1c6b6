package org.dmaworkbench.devicetree;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the files named by #include "…", #include &lt;…&gt; and /include/ "…".
 */
public interface IncludeResolver {

    /**
     * @param name          the name between the quotes or angle brackets
     * @param angled        true for #include &lt;…&gt; (the including file's directory is not searched)
     * @param includingFile the {@link SourceFile#name()} of the file containing the directive
     * @return the file, or empty when it cannot be found
     */
    Optional<SourceFile> resolve(String name, boolean angled, String includingFile);

    /** A resolver that finds nothing (for self-contained sources). */
    static IncludeResolver none() {
        return (name, angled, including) -> Optional.empty();
    }

    /**
     * Resolves like cpp -I DIR…: "…" first in the including file's directory, then (both forms) in each
     * directory in order. A name that is absolute is used as is. Files read are kept in a small shared cache
     * and handed out again while their size and modification time stay the same, so an editor recompiling
     * a board reads its unchanged .dtsi and dt-bindings headers only once.
     */
    static IncludeResolver directories(List<Path> includeDirs) {
        List<Path> dirs = List.copyOf(includeDirs);
        return (name, angled, including) -> {
            Path n;
            try {
                n = Path.of(name);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (n.isAbsolute()) {
                return read(n, name);
            }
            if (!angled && including != null) {
                Path parent;
                try {
                    parent = Path.of(including).getParent();
                } catch (RuntimeException e) {
                    parent = null;
                }
                Path p = parent == null ? n : parent.resolve(n);
                String shown = parent == null ? name : parent + "/" + name;
                Optional<SourceFile> f = read(p, shown);
                if (f.isPresent()) {
                    return f;
                }
            }
            for (Path d : dirs) {
                Optional<SourceFile> f = read(d.resolve(n), d + "/" + name);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        };
    }

    private static Optional<SourceFile> read(Path p, String shown) {
        return org.dmaworkbench.devicetree.internal.FileCache.read(p, shown);
    }
}
