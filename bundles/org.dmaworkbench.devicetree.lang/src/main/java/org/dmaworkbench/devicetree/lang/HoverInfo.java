package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.MacroDefinition;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;

/**
 * What a hover over the edited file shows: for a node (its name, a label, a reference) the merged node with every
 * property as all includes and overrides left it and the file:line each value came from; for a property its final
 * value and where it was set, with what the value means ({@link Interpret}); for a macro its {@code #define}, the
 * expansion of the use under the mouse and its value; for an {@code #include} the file it reads.
 */
public final class HoverInfo {
    private static final int MAX_VALUE = 200;

    /** A hover: the range it applies to, a title and its lines. */
    public record Hover(int offset, int length, String title, List<Line> lines) {
        public Hover {
            lines = List.copyOf(lines);
        }

        /** All lines as plain text, one per line (for tests and plain displays). */
        public String text() {
            StringBuilder sb = new StringBuilder(title).append('\n');
            for (Line l : lines) {
                sb.append(l.kind() == Kind.NOTE ? "  " : "").append(l.text());
                if (l.origin() != null) {
                    sb.append("    ").append(l.origin());
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    /** What a line is: prose, source text (a property, a #define), or what a value means. */
    public enum Kind {
        TEXT, CODE, NOTE
    }

    /** One line, with the file:line it came from when it has one. */
    public record Line(Kind kind, String text, String origin) {
    }

    private HoverInfo() {
    }

    /** The hover at {@code offset} of the edited file, if there is something to say. */
    public static Optional<Hover> at(Analysis a, int offset) {
        SourceModel m = a.model();
        if (m == null) {
            return Optional.empty();
        }
        SourceModel.Include inc = m.includeAt(offset);
        if (inc != null && offset >= inc.offset()) {
            Optional<Path> f = Analyzer.resolveInclude(inc.name(), inc.angled(), a.context().file(),
                    a.context().includeDirs());
            List<Line> l = new ArrayList<>();
            l.add(new Line(Kind.TEXT, f.map(Path::toString).orElse("not found in the include path "
                    + a.context().includeDirs()), null));
            return Optional.of(new Hover(inc.offset(), inc.length(), inc.name(), l));
        }
        Tokens t = m.tokens();
        int i = t.indexAt(offset);
        if (i < 0) {
            return Optional.empty();
        }
        int s = t.start(i);
        int len = t.length(i);
        Optional<DeviceTree> tree = a.tree();
        switch (t.kind(i)) {
            case REFERENCE: {
                SourceModel.Reference r = m.referenceAt(s);
                if (r == null || tree.isEmpty()) {
                    return Optional.empty();
                }
                return Analysis.resolveRef(tree.get(), r.target(), r.path())
                        .map(n -> node(a, tree.get(), n, s, len));
            }
            case LABEL: {
                if (tree.isEmpty()) {
                    return Optional.empty();
                }
                return tree.get().nodeByLabel(t.image(i)).map(n -> node(a, tree.get(), n, s, len));
            }
            case NODE_NAME:
            case UNIT_ADDRESS: {
                SourceModel.Node n = m.nodeAt(s);
                return a.nodeOf(n).map(x -> node(a, tree.get(), x, n.nameOffset, n.nameLength));
            }
            case PROPERTY_NAME: {
                SourceModel.Property p = m.propertyAt(s);
                if (p == null) {
                    return Optional.empty();
                }
                return a.nodeOf(p.parent).map(x -> property(a, tree.get(), x, p));
            }
            case MACRO:
            case MACRO_DEFINITION:
                return macro(a, m, i);
            case NUMBER: {
                Optional<Navigator.Target> target = Navigator.targetAt(a, offset);
                if (target.isPresent() && target.get().kind().equals("phandle") && tree.isPresent()) {
                    return tree.get().node(target.get().name()).map(n -> node(a, tree.get(), n, s, len));
                }
                return Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    /** The merged node: labels, where defined, every property with its origin and meaning, the DMA window. */
    static Hover node(Analysis a, DeviceTree tree, DtNode n, int offset, int length) {
        List<Line> l = new ArrayList<>();
        if (!n.labels().isEmpty()) {
            l.add(new Line(Kind.TEXT, "labels: " + String.join(", ", n.labels()), null));
        }
        StringBuilder defs = new StringBuilder();
        for (int i = 0; i < n.definitions().size(); i++) {
            defs.append(i == 0 ? "defined at " : i == 1 ? "; amended at " : ", ").append(short_(n.definitions().get(i)));
        }
        if (defs.length() > 0) {
            l.add(new Line(Kind.TEXT, defs.toString(), null));
        }
        for (DtProperty p : n.properties()) {
            l.add(new Line(Kind.CODE, p.name() + clip(CompiledSource.value(p, true)) + ";", short_(p.position())));
            notes(l, Interpret.property(tree, n, p.name()));
        }
        if (n.hasProperty("reg") && !n.hasProperty("dma-ranges")) {
            for (String w : Interpret.dmaWindow(n)) {
                l.add(new Line(Kind.NOTE, "DMA window: " + w, null));
            }
        }
        if (!n.children().isEmpty()) {
            l.add(new Line(Kind.TEXT, n.children().size() + (n.children().size() == 1 ? " child node" : " child nodes"),
                    null));
        }
        return new Hover(offset, length, n.path(), l);
    }

    /** One property: final value, where set, whether the text under the mouse was overridden, and its meaning. */
    static Hover property(Analysis a, DeviceTree tree, DtNode n, SourceModel.Property sp) {
        List<Line> l = new ArrayList<>();
        Optional<DtProperty> p = n.property(sp.name);
        if (p.isEmpty()) {
            l.add(new Line(Kind.TEXT, sp.isDeletion() ? "deleted here" : "not in the final tree (deleted later)", null));
            return new Hover(sp.nameOffset, sp.name.length(), n.path() + " : " + sp.name, l);
        }
        l.add(new Line(Kind.CODE, sp.name + clip(CompiledSource.value(p.get(), true)) + ";",
                short_(p.get().position())));
        Location won = a.locate(p.get().position());
        if (won != null && !(won.file().equals(a.context().file()) && won.offset() == sp.nameOffset)) {
            l.add(new Line(Kind.TEXT, "the final value is set at " + short_(p.get().position()), null));
        }
        notes(l, Interpret.property(tree, n, sp.name));
        if (sp.name.equals("reg")) {
            for (String w : Interpret.dmaWindow(n)) {
                l.add(new Line(Kind.NOTE, "DMA window: " + w, null));
            }
        }
        return new Hover(sp.nameOffset, sp.name.length(), n.path() + " : " + sp.name, l);
    }

    /** The #define, the expansion of the use (with its arguments), the value when it is a number. */
    static Optional<Hover> macro(Analysis a, SourceModel m, int i) {
        Tokens t = m.tokens();
        String name = t.image(i);
        Optional<MacroDefinition> def = a.macros().get(name);
        List<Line> l = new ArrayList<>();
        if (def.isEmpty()) {
            l.add(new Line(Kind.TEXT, "not defined at this point of the compilation", null));
            return Optional.of(new Hover(t.start(i), t.length(i), name, l));
        }
        l.add(new Line(Kind.CODE, def.get().directive(), short_(def.get().position())));
        if (t.kind(i) == TokenKind.MACRO) {
            String use = invocation(m, i, def.get().functionLike());
            String exp = a.macros().expand(use);
            if (!exp.equals(use)) {
                l.add(new Line(Kind.TEXT, "expands to " + clip(exp), null));
            }
            evaluate(exp).ifPresent(v -> l.add(new Line(Kind.TEXT, "value " + Long.toUnsignedString(v) + " ("
                    + Values.hex(v) + ")", null)));
            if (!use.equals(name)) {
                l.add(0, new Line(Kind.TEXT, use, null));
            }
        }
        return Optional.of(new Hover(t.start(i), t.length(i), name, l));
    }

    /** The macro's use in the source: the name, and its parenthesised arguments for a function-like one. */
    static String invocation(SourceModel m, int i, boolean functionLike) {
        Tokens t = m.tokens();
        String text = m.text();
        if (!functionLike || i + 1 >= t.size() || !t.is(i + 1, '(')) {
            return t.image(i);
        }
        int depth = 0;
        for (int k = i + 1; k < t.size(); k++) {
            if (t.is(k, '(')) {
                depth++;
            } else if (t.is(k, ')') && --depth == 0) {
                return text.substring(t.start(i), t.end(k)).replaceAll("\\s+", " ");
            }
        }
        return t.image(i);
    }

    /** An expansion's value as dtc computes an integer expression (64 bits), when it is one. */
    static OptionalLong evaluate(String expansion) {
        if (expansion.isEmpty() || !expansion.matches("[0-9a-fA-FxXuUlL()+\\-*/%<>=!&|^~?: \\t]+")) {
            return OptionalLong.empty();
        }
        CompileResult r = DeviceTreeCompiler.compile("<value>", "/dts-v1/;\n/ { v = /bits/ 64 <(" + expansion
                + ")>; };\n", IncludeResolver.none());
        if (r.hasErrors() || r.tree().isEmpty()) {
            return OptionalLong.empty();
        }
        byte[] v = r.tree().get().root().property("v").map(DtProperty::value).orElse(new byte[0]);
        if (v.length != 8) {
            return OptionalLong.empty();
        }
        long x = 0;
        for (byte b : v) {
            x = x << 8 | (b & 0xff);
        }
        return OptionalLong.of(x);
    }

    /** A node hover lists at most this many meaning lines per property. */
    private static final int MAX_NOTES = 8;

    private static void notes(List<Line> l, List<String> notes) {
        for (int i = 0; i < notes.size(); i++) {
            if (i == MAX_NOTES - 1 && notes.size() > MAX_NOTES) {
                l.add(new Line(Kind.NOTE, "… " + (notes.size() - i) + " more", null));
                return;
            }
            l.add(new Line(Kind.NOTE, notes.get(i), null));
        }
    }

    static String clip(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE) + " …";
    }

    /** "r8a77951.dtsi:1056" */
    static String short_(SourcePosition p) {
        if (p == null || p.line() <= 0) {
            return null;
        }
        String f = p.file();
        int slash = f.lastIndexOf('/');
        return (slash < 0 ? f : f.substring(slash + 1)) + ":" + p.line();
    }
}
