package org.dmaworkbench.devicetree.internal.dts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dmaworkbench.devicetree.internal.AbortException;
import org.dmaworkbench.devicetree.internal.Limits;
import org.dmaworkbench.devicetree.internal.Reporter;

/**
 * Recursive-descent parser for the dtc v1 grammar (dtc's dtc-parser.y): headers, /memreserve/, the root
 * node and its later amendments (&amp;label { }, &amp;{/path} { }, /delete-node/, /omit-if-no-ref/), property
 * values with cells, /bits/, byte strings, strings, references and labels, and dtc's integer expressions with
 * uint64 arithmetic. Tree building follows dtc's livetree.c (merge_nodes and friends). A syntax error stops
 * the parse, as in dtc.
 */
public final class DtsParser {
    private final DtsLexer lx;
    private final Reporter rep;
    public boolean plugin;
    public LiveNode root;
    public final List<long[]> memReserve = new ArrayList<>();
    /** A semantic error (such as a missing label) happened while parsing. */
    public boolean parseErrors;
    private int nesting;
    private int exprNesting;
    private int orphanFragment;

    /** Thrown on a syntax error after reporting it. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError() {
            super(null, null, false, false);
        }
    }

    public DtsParser(DtsLexer lx, Reporter rep) {
        this.lx = lx;
        this.rep = rep;
    }

    private org.dmaworkbench.devicetree.CompileLimits limits = org.dmaworkbench.devicetree.CompileLimits.DEFAULTS;
    private int nodes;
    private int properties;

    private void countProperty(Loc at) {
        if (++properties > limits.maxProperties()) {
            rep.error(at.origin(), at.line(), at.col(), "more than " + limits.maxProperties()
                    + " property definitions (limit properties)");
            throw new AbortException();
        }
    }

    /** Sets the node and property count limits (before {@link #parse()}). */
    public void setLimits(org.dmaworkbench.devicetree.CompileLimits l) {
        limits = l;
    }

    /** Parses the whole input; returns false after a syntax error (already reported). */
    public boolean parse() {
        try {
            lx.next();
            sourceFile();
            return !parseErrors && lx.errors == 0;
        } catch (SyntaxError e) {
            return false;
        }
    }

    private SyntaxError syntax(String expected) {
        Loc l = lx.loc();
        rep.error(l.origin(), l.line(), l.col(), "syntax error: expected " + expected + " but found " + lx.describe());
        return new SyntaxError();
    }

    private void semantic(Loc l, String msg) {
        parseErrors = true;
        rep.error(l.origin(), l.line(), l.col(), msg);
    }

    private boolean isChar(char c) {
        return lx.type == DtsLexer.CHAR && lx.value == c;
    }

    private void expectChar(char c, String what) {
        if (!isChar(c)) {
            throw syntax(what);
        }
        lx.next();
    }

    private void sourceFile() {
        if (lx.type != DtsLexer.V1) {
            throw syntax("'/dts-v1/;' at the start of the source");
        }
        boolean first = true;
        boolean flagsPlugin = false;
        while (lx.type == DtsLexer.V1) {
            Loc at = lx.loc();
            lx.next();
            expectChar(';', "';' after /dts-v1/");
            boolean p = false;
            if (lx.type == DtsLexer.PLUGIN) {
                lx.next();
                expectChar(';', "';' after /plugin/");
                p = true;
            }
            if (first) {
                flagsPlugin = p;
                first = false;
            } else if (p != flagsPlugin) {
                semantic(at, "Header flags don't match earlier ones");
            }
        }
        plugin = flagsPlugin;
        // memreserves: DT_LABEL* DT_MEMRESERVE integer_prim integer_prim ';'
        while (lx.type == DtsLexer.MEMRESERVE || lx.type == DtsLexer.LABEL) {
            while (lx.type == DtsLexer.LABEL) {
                lx.next();
            }
            if (lx.type != DtsLexer.MEMRESERVE) {
                throw syntax("/memreserve/ after a label");
            }
            lx.next();
            long addr = integerPrim();
            long size = integerPrim();
            expectChar(';', "';' after /memreserve/ entry");
            memReserve.add(new long[] {addr, size});
        }
        // devicetree
        if (isChar('/')) {
            lx.next();
            root = nodedef();
            root.name = "";
        } else if (lx.type == DtsLexer.LABEL_REF || lx.type == DtsLexer.PATH_REF) {
            String ref = lx.text;
            Loc at = lx.loc();
            lx.next();
            LiveNode n = nodedef();
            root = new LiveNode(at);
            root.name = "";
            if (!plugin) {
                semantic(n.loc, "Label or path " + ref + " not found");
            } else {
                addOrphan(root, n, ref);
            }
        } else {
            throw syntax("'/ {' (the root node)");
        }
        while (lx.type != DtsLexer.EOF) {
            if (isChar('/')) {
                lx.next();
                LiveNode n = nodedef();
                n.name = "";
                root.merge(n);
            } else if (lx.type == DtsLexer.LABEL) {
                String label = lx.text;
                Loc labelLoc = lx.loc();
                lx.next();
                if (lx.type != DtsLexer.LABEL_REF && lx.type != DtsLexer.PATH_REF) {
                    throw syntax("a reference after label '" + label + ":'");
                }
                String ref = lx.text;
                Loc refLoc = lx.loc();
                lx.next();
                LiveNode n = nodedef();
                LiveNode target = Tree.nodeByRef(root, ref);
                if (target != null) {
                    Label.add(target.labels, label, labelLoc);
                    target.merge(n);
                } else {
                    semantic(refLoc, "Label or path " + ref + " not found");
                }
            } else if (lx.type == DtsLexer.LABEL_REF || lx.type == DtsLexer.PATH_REF) {
                boolean path = lx.type == DtsLexer.PATH_REF;
                String ref = lx.text;
                Loc refLoc = lx.loc();
                lx.next();
                LiveNode n = nodedef();
                LiveNode target = plugin && path ? null : Tree.nodeByRef(root, ref);
                if (target != null) {
                    target.merge(n);
                } else if (plugin) {
                    addOrphan(root, n, ref);
                } else {
                    semantic(refLoc, "Label or path " + ref + " not found");
                }
            } else if (lx.type == DtsLexer.DEL_NODE || lx.type == DtsLexer.OMIT) {
                boolean del = lx.type == DtsLexer.DEL_NODE;
                lx.next();
                if (lx.type != DtsLexer.LABEL_REF && lx.type != DtsLexer.PATH_REF) {
                    throw syntax("a reference after " + (del ? "/delete-node/" : "/omit-if-no-ref/"));
                }
                String ref = lx.text;
                Loc refLoc = lx.loc();
                lx.next();
                expectChar(';', "';'");
                LiveNode target = Tree.nodeByRef(root, ref);
                if (target == null) {
                    semantic(refLoc, "Label or path " + ref + " not found");
                } else if (del) {
                    target.delete();
                } else {
                    target.omitIfUnused = true;
                }
            } else {
                throw syntax("a node definition ('/ {', '&label {', /delete-node/ …) at the top level");
            }
        }
    }

    private void addOrphan(LiveNode dt, LiveNode n, String ref) {
        LiveProp p;
        if (ref.startsWith("/")) {
            byte[] b = Arrays.copyOf(ref.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), ref.length() + 1);
            p = new LiveProp("target-path", b, b.length, new ArrayList<>(), null);
        } else {
            List<Marker> m = new ArrayList<>();
            m.add(new Marker(Marker.REF_PHANDLE, 0, ref, n.loc));
            p = new LiveProp("target", new byte[] {-1, -1, -1, -1}, 4, m, null);
        }
        n.name = "__overlay__";
        LiveNode frag = new LiveNode(null);
        frag.name = "fragment@" + orphanFragment++;
        frag.props.add(p);
        frag.addChild(n);
        dt.addChild(frag);
    }

    /** nodedef: '{' proplist subnodes '}' ';' — the returned node has no name yet. */
    private LiveNode nodedef() {
        Loc at = lx.loc();
        if (!isChar('{')) {
            throw syntax("'{'");
        }
        if (++nesting > Limits.MAX_NESTING) {
            rep.error(at.origin(), at.line(), at.col(), "nodes nested too deeply (more than " + Limits.MAX_NESTING
                    + " levels)");
            throw new AbortException();
        }
        if (++nodes > limits.maxNodes()) {
            rep.error(at.origin(), at.line(), at.col(), "more than " + limits.maxNodes()
                    + " node definitions (limit nodes)");
            throw new AbortException();
        }
        lx.next();
        LiveNode node = new LiveNode(at);
        boolean sawSubnode = false;
        while (!isChar('}')) {
            // collect labels and /omit-if-no-ref/ prefixes
            List<String> labels = null;
            List<Loc> labelLocs = null;
            boolean omit = false;
            while (lx.type == DtsLexer.LABEL || lx.type == DtsLexer.OMIT) {
                if (lx.type == DtsLexer.LABEL) {
                    if (labels == null) {
                        labels = new ArrayList<>(2);
                        labelLocs = new ArrayList<>(2);
                    }
                    labels.add(lx.text);
                    labelLocs.add(lx.loc());
                } else {
                    omit = true;
                }
                lx.next();
            }
            if (lx.type == DtsLexer.DEL_PROP) {
                if (omit) {
                    throw syntax("a node after /omit-if-no-ref/");
                }
                lx.next();
                if (lx.type != DtsLexer.PROPNODENAME) {
                    throw syntax("a property name after /delete-property/");
                }
                countProperty(lx.loc());
                LiveProp p = new LiveProp(lx.text, new byte[0], 0, new ArrayList<>(0), lx.loc());
                p.deleted = true;
                lx.next();
                expectChar(';', "';'");
                if (sawSubnode) {
                    propertyAfterSubnode(p.loc);
                }
                addLabels(p.labels, labels, labelLocs);
                node.props.add(p);
                continue;
            }
            if (lx.type == DtsLexer.DEL_NODE) {
                Loc delLoc = lx.loc();
                lx.next();
                if (lx.type != DtsLexer.PROPNODENAME) {
                    throw syntax("a node name after /delete-node/");
                }
                LiveNode d = new LiveNode(delLoc);
                d.name = lx.text;
                d.deleted = true;
                lx.next();
                expectChar(';', "';'");
                addLabels(d.labels, labels, labelLocs);
                node.addChild(d);
                sawSubnode = true;
                continue;
            }
            if (lx.type != DtsLexer.PROPNODENAME) {
                throw syntax(labels == null && !omit ? "a property or node name, or '}'"
                        : "a property or node name after a label");
            }
            String name = lx.text;
            Loc nameLoc = lx.loc();
            lx.next();
            if (isChar('{')) {
                LiveNode child = nodedef();
                child.name = name;
                child.loc = nameLoc;
                child.omitIfUnused |= omit;
                addLabels(child.labels, labels, labelLocs);
                node.addChild(child);
                sawSubnode = true;
                continue;
            }
            if (omit) {
                throw syntax("'{' after node name '" + name + "'");
            }
            countProperty(nameLoc);
            LiveProp p;
            if (isChar('=')) {
                lx.next();
                p = propdata(name, nameLoc);
            } else if (isChar(';')) {
                p = new LiveProp(name, new byte[0], 0, new ArrayList<>(0), nameLoc);
            } else {
                throw syntax("'=', ';' or '{' after '" + name + "'");
            }
            if (!isChar(';')) {
                throw syntax("';' at the end of property '" + name + "'");
            }
            lx.next();
            if (sawSubnode) {
                propertyAfterSubnode(nameLoc);
            }
            addLabels(p.labels, labels, labelLocs);
            node.props.add(p);
        }
        lx.next();
        expectChar(';', "';' after '}'");
        nesting--;
        return node;
    }

    private void propertyAfterSubnode(Loc l) {
        rep.error(l.origin(), l.line(), l.col(), "Properties must precede subnodes");
        throw new SyntaxError();
    }

    private static void addLabels(List<Label> into, List<String> labels, List<Loc> locs) {
        if (labels != null) {
            // "a: b: node" reduces right to left in dtc's grammar: b is added first, then a in front of it
            for (int i = labels.size() - 1; i >= 0; i--) {
                Label.add(into, labels.get(i), locs.get(i));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Property values

    private byte[] buf = new byte[64];
    private int len;

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void appendInt(long v, int bits) {
        int n = bits / 8;
        ensure(n);
        for (int i = n - 1; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    /** dtc's type markers of the value being parsed: {type, offset, markers made before it} triples. */
    private int[] chunks = new int[24];
    private int nChunks;

    private void chunk(int type, int markersBefore) {
        if (nChunks + 3 > chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        chunks[nChunks++] = type;
        chunks[nChunks++] = len;
        chunks[nChunks++] = markersBefore;
    }

    private LiveProp propdata(String name, Loc nameLoc) {
        len = 0;
        nChunks = 0;
        List<Marker> markers = new ArrayList<>(0);
        while (true) {
            while (lx.type == DtsLexer.LABEL) {
                markers.add(new Marker(Marker.LABEL, len, lx.text, lx.loc()));
                lx.next();
            }
            if (lx.type == DtsLexer.STRING) {
                chunk(LiveProp.TYPE_STRING, markers.size());
                byte[] b = lx.bytes;
                ensure(b.length + 1);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
                buf[len++] = 0;
                lx.next();
            } else if (lx.type == DtsLexer.BITS || isChar('<')) {
                int bits = 32;
                if (lx.type == DtsLexer.BITS) {
                    lx.next();
                    if (lx.type != DtsLexer.LITERAL) {
                        throw syntax("a number after /bits/");
                    }
                    long b = lx.value;
                    if (b == 8 || b == 16 || b == 32 || b == 64) {
                        bits = (int) b;
                    } else {
                        semantic(lx.loc(), "Array elements must be 8, 16, 32 or 64-bits");
                    }
                    lx.next();
                    if (!isChar('<')) {
                        throw syntax("'<' after /bits/ " + b);
                    }
                }
                chunk(bits == 8 ? LiveProp.TYPE_UINT8 : bits == 16 ? LiveProp.TYPE_UINT16
                        : bits == 64 ? LiveProp.TYPE_UINT64 : LiveProp.TYPE_UINT32, markers.size());
                lx.next();
                while (!isChar('>')) {
                    if (lx.type == DtsLexer.LABEL_REF || lx.type == DtsLexer.PATH_REF) {
                        if (bits == 32) {
                            markers.add(new Marker(Marker.REF_PHANDLE, len, lx.text, lx.loc()));
                        } else {
                            semantic(lx.loc(), "References are only allowed in arrays with 32-bit elements.");
                        }
                        appendInt(-1L, bits);
                        lx.next();
                    } else if (lx.type == DtsLexer.LABEL) {
                        markers.add(new Marker(Marker.LABEL, len, lx.text, lx.loc()));
                        lx.next();
                    } else {
                        Loc at = lx.loc();
                        if (lx.type != DtsLexer.LITERAL && lx.type != DtsLexer.CHAR_LITERAL && !isChar('(')) {
                            throw syntax("a number, '(' expression ')', reference or '>' in cell list");
                        }
                        long v = integerPrim();
                        if (bits < 64) {
                            // dtc 1.6.1: the bits above the element must be all 0, or all 1 (a negative value)
                            long mask = (1L << bits) - 1;
                            if (Long.compareUnsigned(v, mask) > 0 && (v | mask) != -1L) {
                                semantic(at, "Value out of range for " + bits + "-bit array element");
                            }
                        }
                        appendInt(v, bits);
                    }
                }
                lx.next();
            } else if (isChar('[')) {
                chunk(LiveProp.TYPE_UINT8, markers.size());
                lx.next();
                while (!isChar(']')) {
                    if (lx.type == DtsLexer.BYTE) {
                        ensure(1);
                        buf[len++] = (byte) lx.value;
                    } else if (lx.type == DtsLexer.LABEL) {
                        markers.add(new Marker(Marker.LABEL, len, lx.text, lx.loc()));
                    } else {
                        throw syntax("two hex digits or ']' in byte string");
                    }
                    lx.next();
                }
                lx.next();
            } else if (lx.type == DtsLexer.LABEL_REF || lx.type == DtsLexer.PATH_REF) {
                chunk(LiveProp.TYPE_STRING, markers.size());
                markers.add(new Marker(Marker.REF_PATH, len, lx.text, lx.loc()));
                lx.next();
            } else if (lx.type == DtsLexer.INCBIN) {
                Loc at = lx.loc();
                lx.next();
                expectChar('(', "'(' after /incbin/");
                if (lx.type != DtsLexer.STRING) {
                    throw syntax("a file name string");
                }
                String file = new String(lx.bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                lx.next();
                long off = 0;
                long max = -1;
                if (isChar(',')) {
                    lx.next();
                    off = integerPrim();
                    expectChar(',', "','");
                    max = integerPrim();
                }
                expectChar(')', "')'");
                byte[] data = lx.incbin(file, at);
                int from = (int) Math.min(Math.max(off, 0), data.length);
                int to = max < 0 ? data.length : (int) Math.min(data.length, from + max);
                ensure(to - from);
                System.arraycopy(data, from, buf, len, to - from);
                len += to - from;
            } else {
                throw syntax("a property value (string, '<' cells '>', '[' bytes ']' or reference)");
            }
            while (lx.type == DtsLexer.LABEL) {
                markers.add(new Marker(Marker.LABEL, len, lx.text, lx.loc()));
                lx.next();
            }
            if (isChar(',')) {
                lx.next();
                continue;
            }
            break;
        }
        LiveProp prop = new LiveProp(name, Arrays.copyOf(buf, len), len, markers, nameLoc);
        prop.chunks = Arrays.copyOf(chunks, nChunks);
        return prop;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Integer expressions (uint64_t as in dtc)

    private long integerPrim() {
        if (lx.type == DtsLexer.LITERAL || lx.type == DtsLexer.CHAR_LITERAL) {
            long v = lx.value;
            lx.next();
            return v;
        }
        if (isChar('(')) {
            if (++exprNesting > Limits.MAX_EXPR_NESTING) {
                Loc at = lx.loc();
                rep.error(at.origin(), at.line(), at.col(), "expression nested too deeply");
                throw new AbortException();
            }
            lx.next();
            long v = expr();
            expectChar(')', "')'");
            exprNesting--;
            return v;
        }
        throw syntax("a number or '('");
    }

    private long expr() {
        long c = binary(0);
        if (isChar('?')) {
            lx.next();
            long a = expr();
            expectChar(':', "':' in ?: expression");
            long b = trinary();
            return c != 0 ? a : b;
        }
        return c;
    }

    private long trinary() {
        return expr();
    }

    // precedence levels, lowest first: || && | ^ & (== !=) (< > <= >=) (<< >>) (+ -) (* / %)
    private int opAt(int level) {
        int t = lx.type;
        switch (level) {
            case 0: return t == DtsLexer.OR ? 1 : 0;
            case 1: return t == DtsLexer.AND ? 1 : 0;
            case 2: return isChar('|') ? 1 : 0;
            case 3: return isChar('^') ? 1 : 0;
            case 4: return isChar('&') ? 1 : 0;
            case 5: return t == DtsLexer.EQ ? 1 : t == DtsLexer.NE ? 2 : 0;
            case 6: return isChar('<') ? 1 : isChar('>') ? 2 : t == DtsLexer.LE ? 3 : t == DtsLexer.GE ? 4 : 0;
            case 7: return t == DtsLexer.LSHIFT ? 1 : t == DtsLexer.RSHIFT ? 2 : 0;
            case 8: return isChar('+') ? 1 : isChar('-') ? 2 : 0;
            case 9: return isChar('*') ? 1 : isChar('/') ? 2 : isChar('%') ? 3 : 0;
            default: return 0;
        }
    }

    private long binary(int level) {
        if (level == 10) {
            return unary();
        }
        int startOff = lx.start;
        org.dmaworkbench.devicetree.internal.MappedText startText = lx.tokenText();
        long a = binary(level + 1);
        int op;
        while ((op = opAt(level)) != 0) {
            lx.next();
            long b = binary(level + 1);
            switch (level) {
                case 0: a = (a != 0 || b != 0) ? 1 : 0; break;
                case 1: a = (a != 0 && b != 0) ? 1 : 0; break;
                case 2: a |= b; break;
                case 3: a ^= b; break;
                case 4: a &= b; break;
                case 5: a = (op == 1) == (a == b) ? 1 : 0; break;
                case 6: {
                    int c = Long.compareUnsigned(a, b);
                    a = (op == 1 ? c < 0 : op == 2 ? c > 0 : op == 3 ? c <= 0 : c >= 0) ? 1 : 0;
                    break;
                }
                case 7:
                    if (Long.compareUnsigned(b, 64) >= 0) {
                        a = 0;
                    } else {
                        a = op == 1 ? a << b : a >>> b;
                    }
                    break;
                case 8: a = op == 1 ? a + b : a - b; break;
                case 9:
                    if (op == 1) {
                        a = a * b;
                    } else if (b == 0) {
                        semantic(lx.locOf(startText, startOff), "Division by zero");
                        a = 0;
                    } else {
                        a = op == 2 ? Long.divideUnsigned(a, b) : Long.remainderUnsigned(a, b);
                    }
                    break;
                default:
                    break;
            }
        }
        return a;
    }

    private long unary() {
        if (isChar('-')) {
            lx.next();
            return -unary();
        }
        if (isChar('~')) {
            lx.next();
            return ~unary();
        }
        if (isChar('!')) {
            lx.next();
            return unary() == 0 ? 1 : 0;
        }
        return integerPrim();
    }
}
