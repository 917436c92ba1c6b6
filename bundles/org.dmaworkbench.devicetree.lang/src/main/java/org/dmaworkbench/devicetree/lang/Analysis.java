package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.Macros;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;

/**
 * One compilation of an edited file in its context: the compiler's result, the texts of every file it read (the
 * include closure, the board first), and what an editor needs on top: diagnostics located in their files, the source
 * structure of each file, the merged node a piece of source defines. Immutable; its source models are made on demand.
 */
public final class Analysis {
    private static final Pattern CHECK = Pattern.compile(" \\[([a-z_0-9]+)\\]$");

    private final CompileContext context;
    private final CompileResult result;
    private final Map<Path, String> texts;
    private final Map<Path, SourceModel> models = new ConcurrentHashMap<>();
    private final long nanos;
    private volatile List<FileDiagnostic> diagnostics;

    Analysis(CompileContext context, CompileResult result, Map<Path, String> texts, long nanos) {
        this.context = context;
        this.result = result;
        this.texts = Collections.unmodifiableMap(texts);
        this.nanos = nanos;
    }

    public CompileContext context() {
        return context;
    }

    public CompileResult result() {
        return result;
    }

    /** The merged tree, when the sources parsed (also with check errors). */
    public Optional<DeviceTree> tree() {
        return result.tree();
    }

    public Macros macros() {
        return result.macros();
    }

    /** How long the compilation took. */
    public long nanos() {
        return nanos;
    }

    /** Every file the compilation read (and the edited one), in the order read, by {@link FileKey}. */
    public Set<Path> files() {
        return texts.keySet();
    }

    /** The text the compilation used for {@code file}, or null when it did not read it. */
    public String text(Path file) {
        return texts.get(file);
    }

    /** The source structure of a file the compilation read, or null. */
    public SourceModel model(Path file) {
        String t = texts.get(file);
        if (t == null) {
            return null;
        }
        return models.computeIfAbsent(file, f -> SourceModel.parse(t));
    }

    /** The edited file's source structure. */
    public SourceModel model() {
        return model(context.file());
    }

    /**
     * The place a compiler position names: its file by {@link FileKey}, the offset of its display column, the length
     * of the token there (at least 1). Null for a position without file or line, or in a file not read.
     */
    public Location locate(SourcePosition p) {
        if (p == null || p.line() <= 0) {
            return null;
        }
        Path key = FileKey.of(p.file());
        SourceModel m = model(key);
        if (m == null) {
            return null;
        }
        int off = p.column() <= 0 ? m.lines().lineStart(p.line()) : m.lines().offset(p.line(), p.column());
        int len = 1;
        Tokens t = m.tokens();
        int i = t.indexAt(off);
        if (i >= 0 && t.start(i) == off) {
            len = t.length(i);
        } else if (p.column() <= 0) {
            len = Math.max(1, m.lines().lineEnd(p.line(), false) - off);
        }
        return new Location(key, off, len, p.line());
    }

    /** The compiler's diagnostics, each located (a diagnostic without position has a null location). */
    public List<FileDiagnostic> diagnostics() {
        List<FileDiagnostic> d = diagnostics;
        if (d == null) {
            List<FileDiagnostic> out = new ArrayList<>();
            for (Diagnostic x : result.diagnostics()) {
                Matcher m = CHECK.matcher(x.message());
                String check = m.find() ? m.group(1) : "";
                List<Location> from = new ArrayList<>();
                for (SourcePosition sp : x.includedFrom()) {
                    Location l = locate(sp);
                    if (l != null) {
                        from.add(l);
                    }
                }
                out.add(new FileDiagnostic(x.severity(), x.message(), check, locate(x.position()), from, x));
            }
            if (context.options().warning(QuickFixes.SIMPLE_BUS_REG) && tree().isPresent()) {
                // dtc's simple_bus_reg, which the device-tree core does not run: the kernel's W=1 build reports it
                for (Diagnostic x : QuickFixes.simpleBusReg(tree().get())) {
                    out.add(new FileDiagnostic(x.severity(), x.message(), QuickFixes.SIMPLE_BUS_REG,
                            locate(x.position()), List.of(), x));
                }
            }
            diagnostics = d = List.copyOf(out);
        }
        return d;
    }

    /** Whether the compiler reported errors. */
    public boolean hasErrors() {
        return result.hasErrors();
    }

    /**
     * The merged node a block of {@code file}'s source stands for: the root for {@code / { }}, the labelled or named
     * node for {@code &label { }} and {@code &{/path} { }}, the child of its parent's node otherwise.
     */
    public Optional<DtNode> nodeOf(SourceModel.Node n) {
        Optional<DeviceTree> t = tree();
        if (t.isEmpty() || n == null) {
            return Optional.empty();
        }
        switch (n.kind) {
            case ROOT:
                return Optional.of(t.get().root());
            case REFERENCE:
                return resolveRef(t.get(), n.name, n.name.startsWith("/") || n.name.contains("/"));
            case CHILD:
                if (n.parent == null) {
                    return Optional.empty();
                }
                return nodeOf(n.parent).flatMap(p -> p.child(n.name));
            default:
                return Optional.empty();
        }
    }

    /** {@code &label}, {@code &{/path}} or {@code &{label/sub/path}} (dtc 1.7) in {@code tree}. */
    public static Optional<DtNode> resolveRef(DeviceTree tree, String target, boolean path) {
        if (!path) {
            return tree.nodeByLabel(target);
        }
        if (target.startsWith("/")) {
            return tree.node(target);
        }
        int slash = target.indexOf('/');
        String label = slash < 0 ? target : target.substring(0, slash);
        Optional<DtNode> base = tree.nodeByLabel(label);
        if (base.isEmpty() || slash < 0) {
            return base;
        }
        String p = base.get().path().equals("/") ? target.substring(slash) : base.get().path() + target.substring(slash);
        return tree.node(p);
    }

    /** A diagnostic with its place in a file. */
    public record FileDiagnostic(Severity severity, String message, String check, Location location,
            List<Location> includedFrom, Diagnostic diagnostic) {
        /** The message without the node path prefix dtc gives and without the "[check]" suffix. */
        public String shortMessage() {
            String m = message;
            if (!check.isEmpty() && m.endsWith(" [" + check + "]")) {
                m = m.substring(0, m.length() - check.length() - 3);
            }
            return m;
        }
    }
}
