package org.dmaworkbench.devicetree;

import java.util.List;
import java.util.Optional;

/** What a compilation produced: the tree (when the source parsed) and the diagnostics, in order. */
public final class CompileResult {
    private final DeviceTree tree;
    private final List<Diagnostic> diagnostics;
    private final boolean errors;
    private final Macros macros;

    CompileResult(DeviceTree tree, List<Diagnostic> diagnostics) {
        this(tree, diagnostics, Macros.none());
    }

    CompileResult(DeviceTree tree, List<Diagnostic> diagnostics, Macros macros) {
        this.macros = macros;
        this.tree = tree;
        this.diagnostics = List.copyOf(diagnostics);
        boolean e = false;
        for (Diagnostic d : diagnostics) {
            e |= d.severity() == Severity.ERROR;
        }
        this.errors = e;
    }

    /**
     * The compiled tree. Present when preprocessing and parsing succeeded (a tree that failed dtc's checks,
     * such as an unresolved reference, is still present: see {@link #hasErrors()}).
     */
    public Optional<DeviceTree> tree() {
        return Optional.ofNullable(tree);
    }

    /** The macros defined when preprocessing ended (none when the source could not be read). */
    public Macros macros() {
        return macros;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        return errors;
    }

    /**
     * The tree as a DTB, identical to what dtc writes for the same source.
     *
     * @throws IllegalStateException when there were errors (dtc writes no output then either)
     */
    public byte[] toDtb() {
        if (errors || tree == null) {
            throw new IllegalStateException("the device tree has errors; no DTB can be written");
        }
        return Dtb.write(tree);
    }

    /** All diagnostics formatted, one per line. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(d.format()).append('\n');
        }
        return sb.toString();
    }
}
