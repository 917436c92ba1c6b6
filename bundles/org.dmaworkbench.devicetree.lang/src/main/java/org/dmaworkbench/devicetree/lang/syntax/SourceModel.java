package org.dmaworkbench.devicetree.lang.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The structure of one device-tree source file as written: its node blocks ({@code / { }}, {@code &label { }},
 * child nodes) with their labels and properties, the references, macros, includes and {@code #if} groups, each with
 * its offsets in the text. It is built from {@link DtsScanner}'s tokens without running cpp, so it describes every
 * branch of an {@code #if} and stays usable while the text does not compile: a missing '}' closes nothing, a stray
 * token is skipped. Editors use it for the outline of one file, folding, formatting and finding what is under the
 * caret; what the nodes merge into is the compiler's business.
 */
public final class SourceModel {

    /** A label definition {@code name:}. */
    public record LabelDef(String name, int offset) {
        public int end() {
            return offset + name.length();
        }
    }

    /**
     * {@code &name} or {@code &{/path}}; {@code target} is the label or the path, {@code offset}/{@code length} span
     * the whole token with its '&'.
     */
    public record Reference(String target, boolean path, int offset, int length) {
        public int end() {
            return offset + length;
        }

        /** Offset and length of the label or path alone, as a rename replaces it. */
        public int targetOffset() {
            return offset + (path ? 2 : 1);
        }
    }

    /** An identifier in a value or a statement-level invocation: a macro use. */
    public record MacroUse(String name, int offset) {
        public int end() {
            return offset + name.length();
        }
    }

    /** {@code #include "name"}, {@code #include <name>} or {@code /include/ "name"}; offsets are of the name token. */
    public record Include(String name, boolean angled, boolean dtcInclude, int offset, int length, int lineStart) {
        public int end() {
            return offset + length;
        }
    }

    /** An {@code #if}/{@code #ifdef}/{@code #ifndef} group up to its {@code #endif}, with its branch starts. */
    public record Conditional(int start, List<Integer> branches, int end) {
    }

    /** A {@code #define}: the name's offset. */
    public record Define(String name, int offset) {
    }

    /** A property. {@code valueStart} is -1 for a property without value; {@code end} is after its ';' (or -1). */
    public static final class Property {
        public final String name;
        public final int nameOffset;
        public final List<LabelDef> labels;
        public final int start;
        public final Node parent;
        int valueStart = -1;
        int valueEnd = -1;
        int end = -1;
        boolean deleted;

        Property(String name, int nameOffset, List<LabelDef> labels, int start, Node parent) {
            this.name = name;
            this.nameOffset = nameOffset;
            this.labels = labels;
            this.start = start;
            this.parent = parent;
        }

        public int valueStart() {
            return valueStart;
        }

        /** The end of the value (before the ';'), -1 without value. */
        public int valueEnd() {
            return valueEnd;
        }

        /** After the ';', or where the text broke off. */
        public int end() {
            return end;
        }

        /** {@code /delete-property/ name;} */
        public boolean isDeletion() {
            return deleted;
        }

        public int nameEnd() {
            return nameOffset + name.length();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What kind of block a node is. */
    public enum NodeKind {
        /** {@code / { … };} */
        ROOT,
        /** {@code &label { … };} or {@code &{/path} { … };} at the top level */
        REFERENCE,
        /** {@code name@unit { … };} inside another block */
        CHILD,
        /** {@code /delete-node/ name;} or, at the top level, {@code /delete-node/ &label;} */
        DELETION
    }

    /** A node block. */
    public static final class Node {
        public final NodeKind kind;
        /** The node name with its unit address for a child; the label or path for a reference; "/" for the root. */
        public final String name;
        /** Offset of the name (a child's), of the reference token, or of the '/'. */
        public final int nameOffset;
        public final int nameLength;
        public final List<LabelDef> labels;
        /** Where the block starts: its first label, or its name. */
        public final int start;
        public final Node parent;
        final List<Node> children = new ArrayList<>();
        final List<Property> properties = new ArrayList<>();
        int open = -1;
        int close = -1;
        int end = -1;

        Node(NodeKind kind, String name, int nameOffset, int nameLength, List<LabelDef> labels, int start, Node parent) {
            this.kind = kind;
            this.name = name;
            this.nameOffset = nameOffset;
            this.nameLength = nameLength;
            this.labels = labels;
            this.start = start;
            this.parent = parent;
        }

        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        public List<Property> properties() {
            return Collections.unmodifiableList(properties);
        }

        /** Offset of '{', -1 if none. */
        public int open() {
            return open;
        }

        /** Offset of the matching '}', -1 when the text ends first. */
        public int close() {
            return close;
        }

        /** After the closing ";" (or the '}', or the end of the text). */
        public int end() {
            return end;
        }

        /** The node name without the unit address ("" for the root and references). */
        public String baseName() {
            if (kind != NodeKind.CHILD && kind != NodeKind.DELETION) {
                return "";
            }
            int at = name.indexOf('@');
            return at < 0 ? name : name.substring(0, at);
        }

        /** The unit address after '@', "" without one. */
        public String unitAddress() {
            int at = name.indexOf('@');
            return kind == NodeKind.CHILD && at >= 0 ? name.substring(at + 1) : "";
        }

        public boolean contains(int offset) {
            return offset >= start && (end < 0 || offset < end);
        }

        /** The reference's label, for {@code &label { }}; null otherwise. */
        public String referencedLabel() {
            return kind == NodeKind.REFERENCE && !name.startsWith("/") ? name : null;
        }

        @Override
        public String toString() {
            return kind == NodeKind.REFERENCE ? "&" + name : name;
        }
    }

    private final String text;
    private final Tokens tokens;
    final List<Node> roots = new ArrayList<>();
    final List<LabelDef> labels = new ArrayList<>();
    final List<Reference> references = new ArrayList<>();
    final List<MacroUse> macroUses = new ArrayList<>();
    final List<Include> includes = new ArrayList<>();
    final List<Conditional> conditionals = new ArrayList<>();
    final List<Define> defines = new ArrayList<>();
    private final LineIndex lines;

    private SourceModel(String text, Tokens tokens) {
        this.text = text;
        this.tokens = tokens;
        this.lines = new LineIndex(text);
    }

    /** Scans and parses {@code text}. */
    public static SourceModel parse(String text) {
        SourceModel m = new SourceModel(text, DtsScanner.scan(text));
        new Parser(m).run();
        return m;
    }

    public String text() {
        return text;
    }

    public Tokens tokens() {
        return tokens;
    }

    public LineIndex lines() {
        return lines;
    }

    /** The top-level blocks in source order. */
    public List<Node> roots() {
        return Collections.unmodifiableList(roots);
    }

    public List<LabelDef> labels() {
        return Collections.unmodifiableList(labels);
    }

    public List<Reference> references() {
        return Collections.unmodifiableList(references);
    }

    public List<MacroUse> macroUses() {
        return Collections.unmodifiableList(macroUses);
    }

    public List<Include> includes() {
        return Collections.unmodifiableList(includes);
    }

    public List<Conditional> conditionals() {
        return Collections.unmodifiableList(conditionals);
    }

    public List<Define> defines() {
        return Collections.unmodifiableList(defines);
    }

    /** Every node block, depth first in source order. */
    public List<Node> allNodes() {
        List<Node> out = new ArrayList<>();
        for (Node r : roots) {
            collect(r, out);
        }
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        out.add(n);
        for (Node c : n.children) {
            collect(c, out);
        }
    }

    /** The innermost node block whose text contains {@code offset}, or null. */
    public Node nodeAt(int offset) {
        Node found = null;
        List<Node> level = roots;
        outer:
        while (true) {
            for (Node n : level) {
                if (n.contains(offset)) {
                    found = n;
                    level = n.children;
                    continue outer;
                }
            }
            return found;
        }
    }

    /** The property whose text (labels to ';') contains {@code offset}, or null. */
    public Property propertyAt(int offset) {
        Node n = nodeAt(offset);
        if (n == null) {
            return null;
        }
        for (Property p : n.properties) {
            int e = p.end < 0 ? text.length() : p.end;
            if (offset >= p.start && offset < e) {
                return p;
            }
        }
        return null;
    }

    /** The reference token at {@code offset} (caret inside or just after it), or null. */
    public Reference referenceAt(int offset) {
        for (Reference r : references) {
            if (offset >= r.offset && offset <= r.end()) {
                return r;
            }
        }
        return null;
    }

    /** The label definition at {@code offset}, or null. */
    public LabelDef labelAt(int offset) {
        for (LabelDef l : labels) {
            if (offset >= l.offset && offset <= l.end()) {
                return l;
            }
        }
        return null;
    }

    public MacroUse macroAt(int offset) {
        int i = tokens.indexAt(offset);
        if (i < 0) {
            return null;
        }
        TokenKind k = tokens.kind(i);
        if (k == TokenKind.MACRO || k == TokenKind.MACRO_DEFINITION) {
            return new MacroUse(tokens.image(i), tokens.start(i));
        }
        return null;
    }

    public Include includeAt(int offset) {
        for (Include in : includes) {
            if (offset >= in.lineStart && offset <= in.end()) {
                return in;
            }
        }
        return null;
    }

    /**
     * Regions worth folding, as {start, end} offsets: node blocks and comments that span lines, and {@code #if}
     * groups. The end is the start of the line after the region (so a folded region hides whole lines).
     */
    public List<int[]> foldingRegions() {
        List<int[]> out = new ArrayList<>();
        for (Node n : allNodes()) {
            if (n.close > 0) {
                addFold(out, n.start, n.close);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.kind(i) == TokenKind.COMMENT && tokens.image(i).startsWith("/*")) {
                addFold(out, tokens.start(i), tokens.end(i) - 1);
            }
        }
        for (Conditional c : conditionals) {
            addFold(out, c.start(), Math.max(c.start(), c.end() - 1));
        }
        out.sort((a, b) -> Integer.compare(a[0], b[0]));
        return out;
    }

    private void addFold(List<int[]> out, int from, int lastChar) {
        int l1 = lines.line(from);
        int l2 = lines.line(lastChar);
        if (l2 > l1) {
            out.add(new int[] {lines.lineStart(l1), lines.lineEnd(l2, true)});
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Builds the blocks from the significant tokens; never throws on bad input. */
    private static final class Parser {
        private final SourceModel m;
        private final Tokens t;
        private final int[] sig;
        private int p;

        Parser(SourceModel m) {
            this.m = m;
            this.t = m.tokens;
            int[] idx = new int[t.size()];
            int k = 0;
            for (int i = 0; i < t.size(); i++) {
                if (!t.kind(i).isTrivia()) {
                    idx[k++] = i;
                }
            }
            this.sig = java.util.Arrays.copyOf(idx, k);
        }

        private boolean more() {
            return p < sig.length;
        }

        private int tok() {
            return sig[p];
        }

        private TokenKind kind() {
            return t.kind(sig[p]);
        }

        private boolean isPunct(char c) {
            return more() && kind() == TokenKind.PUNCTUATION && t.is(tok(), c);
        }

        void run() {
            preprocessorStructure();
            while (more()) {
                topLevel();
            }
        }

        /** Includes, defines and #if groups, from the directive tokens. */
        private void preprocessorStructure() {
            List<int[]> stack = new ArrayList<>();
            List<List<Integer>> branchStack = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                TokenKind k = t.kind(i);
                if (k == TokenKind.PREPROCESSOR && t.text().charAt(t.start(i)) == '#') {
                    String d = t.image(i).substring(1).strip();
                    int lineStart = m.lines.lineStart(m.lines.line(t.start(i)));
                    switch (d) {
                        case "include", "include_next" -> {
                            if (i + 1 < t.size() && t.kind(i + 1) == TokenKind.INCLUDE_PATH) {
                                addInclude(i + 1, false, lineStart);
                            }
                        }
                        case "if", "ifdef", "ifndef" -> {
                            stack.add(new int[] {lineStart});
                            branchStack.add(new ArrayList<>());
                        }
                        case "elif", "else" -> {
                            if (!branchStack.isEmpty()) {
                                branchStack.get(branchStack.size() - 1).add(lineStart);
                            }
                        }
                        case "endif" -> {
                            if (!stack.isEmpty()) {
                                int[] s = stack.remove(stack.size() - 1);
                                List<Integer> b = branchStack.remove(branchStack.size() - 1);
                                int line = m.lines.line(t.start(i));
                                m.conditionals.add(new Conditional(s[0], List.copyOf(b), m.lines.lineEnd(line, true)));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (k == TokenKind.MACRO_DEFINITION) {
                    m.defines.add(new Define(t.image(i), t.start(i)));
                } else if (k == TokenKind.INCLUDE_PATH && i > 0 && t.kind(i - 1) == TokenKind.DIRECTIVE
                        && t.is(i - 1, "/include/")) {
                    addInclude(i, true, m.lines.lineStart(m.lines.line(t.start(i - 1))));
                }
            }
            m.conditionals.sort((a, b) -> Integer.compare(a.start(), b.start()));
        }

        private void addInclude(int i, boolean dtc, int lineStart) {
            String img = t.image(i);
            boolean angled = img.startsWith("<");
            boolean closed = img.length() >= 2 && img.charAt(img.length() - 1) == (angled ? '>' : '"');
            String name = img.substring(1, closed ? img.length() - 1 : img.length());
            m.includes.add(new Include(name, angled, dtc, t.start(i), t.length(i), lineStart));
        }

        private void topLevel() {
            int i = tok();
            TokenKind k = kind();
            if (k == TokenKind.DIRECTIVE) {
                if (t.is(i, "/delete-node/") || t.is(i, "/omit-if-no-ref/")) {
                    boolean del = t.is(i, "/delete-node/");
                    p++;
                    if (more() && kind() == TokenKind.REFERENCE) {
                        Reference r = reference(tok());
                        if (del) {
                            Node d = new Node(NodeKind.DELETION, r.target(), r.offset(), r.length(), List.of(),
                                    t.start(i), null);
                            d.end = t.end(tok());
                            m.roots.add(d);
                        }
                        p++;
                    }
                    skipSemicolon();
                    return;
                }
                p++;
                skipToSemicolonOrBlock();
                return;
            }
            List<LabelDef> labels = labels();
            int start = labels.isEmpty() ? -1 : labels.get(0).offset();
            if (!more()) {
                return;
            }
            i = tok();
            if (kind() == TokenKind.PUNCTUATION && t.is(i, '/')) {
                p++;
                Node root = new Node(NodeKind.ROOT, "/", t.start(i), 1, labels, start < 0 ? t.start(i) : start, null);
                body(root);
                m.roots.add(root);
                return;
            }
            if (kind() == TokenKind.REFERENCE) {
                Reference r = reference(i);
                p++;
                Node ref = new Node(NodeKind.REFERENCE, r.target(), r.offset(), r.length(), labels,
                        start < 0 ? t.start(i) : start, null);
                body(ref);
                m.roots.add(ref);
                return;
            }
            if (kind() == TokenKind.MACRO) {
                macroStatement();
                return;
            }
            p++;
        }

        private List<LabelDef> labels() {
            List<LabelDef> out = null;
            while (more() && kind() == TokenKind.LABEL) {
                LabelDef l = new LabelDef(t.image(tok()), t.start(tok()));
                m.labels.add(l);
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(l);
                p++;
                if (isPunct(':')) {
                    p++;
                }
            }
            return out == null ? List.of() : out;
        }

        private Reference reference(int i) {
            String img = t.image(i);
            Reference r;
            if (img.startsWith("&{")) {
                String path = img.endsWith("}") ? img.substring(2, img.length() - 1) : img.substring(2);
                r = new Reference(path, true, t.start(i), t.length(i));
            } else {
                r = new Reference(img.substring(1), false, t.start(i), t.length(i));
            }
            m.references.add(r);
            return r;
        }

        /** '{' members '}' ';' for {@code node}; a node without '{' ends at once. */
        private void body(Node node) {
            if (!isPunct('{')) {
                node.end = more() ? t.start(tok()) : m.text.length();
                return;
            }
            node.open = t.start(tok());
            p++;
            while (more()) {
                if (isPunct('}')) {
                    node.close = t.start(tok());
                    p++;
                    if (isPunct(';')) {
                        node.end = t.end(tok());
                        p++;
                    } else {
                        node.end = node.close + 1;
                    }
                    return;
                }
                member(node);
            }
            node.end = m.text.length();
        }

        private void member(Node parent) {
            int i = tok();
            TokenKind k = kind();
            if (k == TokenKind.DIRECTIVE && t.is(i, "/delete-node/")) {
                p++;
                if (more() && (kind() == TokenKind.NODE_NAME || kind() == TokenKind.NAME)) {
                    int ns = t.start(tok());
                    int ne = t.end(tok());
                    p++;
                    if (more() && kind() == TokenKind.UNIT_ADDRESS) {
                        ne = t.end(tok());
                        p++;
                    }
                    Node d = new Node(NodeKind.DELETION, m.text.substring(ns, ne), ns, ne - ns, List.of(), t.start(i),
                            parent);
                    d.end = more() && isPunct(';') ? t.end(tok()) : ne;
                    parent.children.add(d);
                }
                skipSemicolon();
                return;
            }
            if (k == TokenKind.DIRECTIVE && t.is(i, "/delete-property/")) {
                p++;
                if (more() && (kind() == TokenKind.PROPERTY_NAME || kind() == TokenKind.NAME)) {
                    Property pr = new Property(t.image(tok()), t.start(tok()), List.of(), t.start(i), parent);
                    pr.deleted = true;
                    p++;
                    pr.end = more() && isPunct(';') ? t.end(tok()) : t.end(sig[p - 1]);
                    parent.properties.add(pr);
                }
                skipSemicolon();
                return;
            }
            if (k == TokenKind.MACRO) {
                macroStatement();
                return;
            }
            List<LabelDef> labels = labels();
            if (more() && kind() == TokenKind.DIRECTIVE && t.is(tok(), "/omit-if-no-ref/")) {
                p++;
            }
            if (!more()) {
                return;
            }
            i = tok();
            int start = labels.isEmpty() ? t.start(i) : labels.get(0).offset();
            if (kind() == TokenKind.NODE_NAME) {
                int ne = t.end(i);
                p++;
                if (more() && kind() == TokenKind.UNIT_ADDRESS) {
                    ne = t.end(tok());
                    p++;
                }
                Node c = new Node(NodeKind.CHILD, m.text.substring(t.start(i), ne), t.start(i), ne - t.start(i), labels,
                        start, parent);
                parent.children.add(c);
                body(c);
                return;
            }
            if (kind() == TokenKind.PROPERTY_NAME || kind() == TokenKind.NAME) {
                Property pr = new Property(t.image(i), t.start(i), labels, start, parent);
                parent.properties.add(pr);
                p++;
                if (isPunct('=')) {
                    p++;
                    value(pr);
                }
                if (isPunct(';')) {
                    pr.end = t.end(tok());
                    p++;
                } else {
                    pr.end = p > 0 ? t.end(sig[p - 1]) : -1;
                }
                return;
            }
            if (isPunct('}')) {
                return;
            }
            // a stray token: skip it
            p++;
        }

        private void value(Property pr) {
            pr.valueStart = more() ? t.start(tok()) : m.text.length();
            int last = -1;
            while (more()) {
                if (kind() == TokenKind.PUNCTUATION && (t.is(tok(), ';') || t.is(tok(), '{') || t.is(tok(), '}'))) {
                    break;
                }
                valueToken();
                last = sig[p];
                p++;
            }
            pr.valueEnd = last < 0 ? pr.valueStart : t.end(last);
        }

        private void valueToken() {
            int i = tok();
            switch (kind()) {
                case REFERENCE -> reference(i);
                case MACRO -> m.macroUses.add(new MacroUse(t.image(i), t.start(i)));
                case LABEL -> m.labels.add(new LabelDef(t.image(i), t.start(i)));
                default -> {
                }
            }
        }

        /** NAME(…) standing for a property or node: its tokens up to the closing ')' and an optional ';'. */
        private void macroStatement() {
            m.macroUses.add(new MacroUse(t.image(tok()), t.start(tok())));
            p++;
            int depth = 0;
            while (more()) {
                if (kind() == TokenKind.PUNCTUATION && t.is(tok(), '(')) {
                    depth++;
                } else if (kind() == TokenKind.PUNCTUATION && t.is(tok(), ')')) {
                    depth--;
                    if (depth <= 0) {
                        p++;
                        break;
                    }
                } else if (kind() == TokenKind.PUNCTUATION && (t.is(tok(), '{') || t.is(tok(), '}'))) {
                    return;
                } else {
                    valueToken();
                }
                p++;
            }
            skipSemicolon();
        }

        private void skipSemicolon() {
            if (isPunct(';')) {
                p++;
            }
        }

        private void skipToSemicolonOrBlock() {
            while (more() && !isPunct(';') && !isPunct('{') && !isPunct('}')) {
                if (kind() == TokenKind.REFERENCE) {
                    reference(tok());
                }
                p++;
            }
            skipSemicolon();
        }
    }
}
