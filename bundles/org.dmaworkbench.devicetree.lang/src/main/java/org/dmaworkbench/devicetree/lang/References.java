package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;

/**
 * Find References of a label or a node over the files a board reads (its include closure): the label's definition,
 * every {@code &label}, {@code &{label/…}} and, for a node, {@code &{/path}} that names it and every block that
 * defines it; references written in {@code #define} bodies too. And the edits of renaming a label.
 */
public final class References {

    /** One occurrence. */
    public record Match(Location location, boolean definition, String lineText) {
    }

    /** What is searched: a label, or a node with all its labels. */
    public record Query(String display, Set<String> labels, String path) {
        public Query {
            labels = Set.copyOf(labels);
        }
    }

    private References() {
    }

    /** The label or node at {@code offset} of the edited file. */
    public static Optional<Query> queryAt(Analysis a, int offset) {
        SourceModel m = a.model();
        if (m == null) {
            return Optional.empty();
        }
        SourceModel.Reference r = m.referenceAt(offset);
        if (r != null && !r.path()) {
            return Optional.of(new Query("&" + r.target(), Set.of(r.target()), null));
        }
        SourceModel.LabelDef l = m.labelAt(offset);
        if (l != null) {
            return Optional.of(new Query("&" + l.name(), Set.of(l.name()), null));
        }
        Optional<DeviceTree> tree = a.tree();
        if (r != null && tree.isPresent()) {
            Optional<DtNode> n = Analysis.resolveRef(tree.get(), r.target(), true);
            if (n.isPresent()) {
                return Optional.of(nodeQuery(n.get()));
            }
        }
        Tokens t = m.tokens();
        int i = t.indexAt(offset);
        if (i >= 0 && (t.kind(i) == TokenKind.NODE_NAME || t.kind(i) == TokenKind.UNIT_ADDRESS)) {
            SourceModel.Node n = m.nodeAt(t.start(i));
            Optional<DtNode> dn = a.nodeOf(n);
            if (dn.isPresent()) {
                return Optional.of(nodeQuery(dn.get()));
            }
        }
        return Optional.empty();
    }

    static Query nodeQuery(DtNode n) {
        return new Query(n.path(), new LinkedHashSet<>(n.labels()), n.path());
    }

    /** Every occurrence in the analysis' files, sorted by file (in the order read) and offset. */
    public static List<Match> find(Analysis a, Query q) {
        List<Match> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Path f : a.files()) {
            SourceModel m = a.model(f);
            if (m == null) {
                continue;
            }
            for (SourceModel.LabelDef l : m.labels()) {
                if (q.labels().contains(l.name())) {
                    add(out, seen, m, f, l.offset(), l.name().length(), true);
                }
            }
            for (SourceModel.Reference r : m.references()) {
                if (!r.path() && q.labels().contains(r.target())) {
                    add(out, seen, m, f, r.offset(), r.length(), false);
                } else if (r.path()) {
                    int slash = r.target().indexOf('/');
                    String head = slash < 0 ? r.target() : r.target().substring(0, slash);
                    if (!r.target().startsWith("/") && q.labels().contains(head)) {
                        add(out, seen, m, f, r.offset(), r.length(), false);
                    } else if (q.path() != null && a.tree().isPresent() && Analysis.resolveRef(a.tree().get(),
                            r.target(), true).map(DtNode::path).filter(q.path()::equals).isPresent()) {
                        add(out, seen, m, f, r.offset(), r.length(), false);
                    }
                }
            }
            for (int[] d : defineUses(m, q.labels())) {
                add(out, seen, m, f, d[0], d[1], false);
            }
        }
        if (q.path() != null && a.tree().isPresent()) {
            a.tree().get().node(q.path()).ifPresent(n -> {
                for (SourcePosition p : n.definitions()) {
                    Location l = a.locate(p);
                    if (l != null) {
                        add(out, seen, a.model(l.file()), l.file(), l.offset(), l.length(), true);
                    }
                }
            });
        }
        List<Path> order = new ArrayList<>(a.files());
        out.sort(Comparator.comparingInt((Match x) -> order.indexOf(x.location().file()))
                .thenComparingInt(x -> x.location().offset()));
        return out;
    }

    private static void add(List<Match> out, Set<String> seen, SourceModel m, Path f, int off, int len, boolean def) {
        if (!seen.add(f + ":" + off)) {
            return;
        }
        int line = m.lines().line(off);
        String text = m.text().substring(m.lines().lineStart(line), m.lines().lineEnd(line, false)).strip();
        out.add(new Match(new Location(f, off, len, line), def, text));
    }

    /** {&offset, length} of each {@code &label} written in a #define's body. */
    static List<int[]> defineUses(SourceModel m, Set<String> labels) {
        List<int[]> out = new ArrayList<>();
        Tokens t = m.tokens();
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) != TokenKind.PREPROCESSOR || t.image(i).startsWith("#")) {
                continue;
            }
            Matcher mt = REF.matcher(t.image(i));
            while (mt.find()) {
                if (labels.contains(mt.group(1))) {
                    out.add(new int[] {t.start(i) + mt.start(), mt.end() - mt.start()});
                }
            }
        }
        return out;
    }

    private static final Pattern REF = Pattern.compile("&([A-Za-z_][A-Za-z0-9_]*)\\b");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The edits that rename label {@code from} to {@code to} in every file of the analysis: its definition, its
     * references (also {@code &{from/…}} and those in #define bodies).
     *
     * @throws IllegalArgumentException with a message for the user when {@code to} is not a valid label or is taken
     */
    public static List<TextEdit> renameLabel(Analysis a, String from, String to) {
        if (!LABEL.matcher(to).matches()) {
            throw new IllegalArgumentException("'" + to + "' is not a valid label (letters, digits and '_', not "
                    + "starting with a digit)");
        }
        if (to.equals(from)) {
            return List.of();
        }
        for (Path f : a.files()) {
            SourceModel m = a.model(f);
            if (m != null && m.labels().stream().anyMatch(l -> l.name().equals(to))) {
                throw new IllegalArgumentException("label '" + to + "' is already defined in " + f.getFileName() + ":"
                        + m.lines().line(m.labels().stream().filter(l -> l.name().equals(to)).findFirst().get()
                                .offset()));
            }
        }
        List<TextEdit> edits = new ArrayList<>();
        for (Match x : find(a, new Query("&" + from, Set.of(from), null))) {
            Location l = x.location();
            String text = a.text(l.file());
            int off = l.offset();
            if (text.charAt(off) == '&') {
                off += text.charAt(off + 1) == '{' ? 2 : 1;
            }
            edits.add(new TextEdit(l.file(), off, from.length(), to));
        }
        return edits;
    }
}
