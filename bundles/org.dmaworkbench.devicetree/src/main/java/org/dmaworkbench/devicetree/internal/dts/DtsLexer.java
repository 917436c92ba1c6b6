package org.dmaworkbench.devicetree.internal.dts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.CompileLimits;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.SourceFile;
import org.dmaworkbench.devicetree.internal.Interner;
import org.dmaworkbench.devicetree.internal.Limits;
import org.dmaworkbench.devicetree.internal.MappedText;
import org.dmaworkbench.devicetree.internal.Origin;
import org.dmaworkbench.devicetree.internal.Reporter;
import org.dmaworkbench.devicetree.internal.TooLargeException;

/**
 * Hand-written lexer for the dtc v1 source language, following dtc's dtc-lexer.l: the start conditions
 * INITIAL, V1, BYTESTRING and PROPNODENAME, longest match with ties to the earlier rule, /include/ of
 * raw (not preprocessed) files.
 */
public final class DtsLexer {
    public static final int EOF = 0, V1 = 1, PLUGIN = 2, MEMRESERVE = 3, BITS = 4, DEL_PROP = 5, DEL_NODE = 6,
            OMIT = 7, INCBIN = 8, LABEL = 9, LITERAL = 10, CHAR_LITERAL = 11, LABEL_REF = 12, PATH_REF = 13,
            BYTE = 14, PROPNODENAME = 15, STRING = 16, LSHIFT = 17, RSHIFT = 18, LE = 19, GE = 20, EQ = 21, NE = 22,
            AND = 23, OR = 24, CHAR = 25;

    private static final int S_INITIAL = 0, S_V1 = 1, S_BYTESTRING = 2, S_PROPNODENAME = 3;

    private final Reporter rep;
    private final IncludeResolver resolver;

    private static final class Input {
        final MappedText text;
        final char[] s;
        final int end;
        int pos;
        final Input parent;
        final Origin origin;
        /** The last "# LINE "FILE"" line marker seen in this input, or null. */
        Loc.LineMark mark;

        Input(MappedText text, Input parent, Origin origin) {
            this.text = text;
            this.s = text.chars();
            this.end = text.length();
            this.parent = parent;
            this.origin = origin;
        }
    }

    private Input in;
    private int state = S_INITIAL;
    private int depth;

    // current token
    public int type;
    public int start;
    public int end;
    public String text;
    public long value;
    public byte[] bytes;
    private MappedText tokText;

    private final Interner names;
    private CompileLimits limits = CompileLimits.DEFAULTS;

    /** Sets the /include/ depth limit (before the first token). */
    public void setLimits(CompileLimits l) {
        limits = l;
    }

    public DtsLexer(MappedText text, Reporter rep, IncludeResolver resolver) {
        this(text, rep, resolver, new Interner());
    }

    /** With the interner the preprocessor used, so that names are shared with its tokens. */
    public DtsLexer(MappedText text, Reporter rep, IncludeResolver resolver, Interner names) {
        this.names = names;
        this.in = new Input(text, null, null);
        this.rep = rep;
        this.resolver = resolver;
    }

    /** Location of the current token's first character. */
    public Loc loc() {
        return locOf(tokText, start);
    }

    /** The location of offset off of text t, as the line markers seen in t so far place it. */
    public Loc locOf(MappedText t, int off) {
        for (Input x = in; x != null; x = x.parent) {
            if (x.text == t) {
                return new Loc(t, off, x.mark);
            }
        }
        return new Loc(t, off, null);
    }

    /** The number of lexical errors reported (dtc's treesource_error: the tree is not used). */
    public int errors;

    public MappedText tokenText() {
        return tokText;
    }

    private void error(int off, String msg) {
        Loc l = locOf(in.text, off);
        errors++;
        rep.error(l.origin(), l.line(), l.col(), msg);
    }

    private static boolean isLabelStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isLabelChar(char c) {
        return isLabelStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isPropNodeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ',' || c == '.'
                || c == '_' || c == '+' || c == '*' || c == '#' || c == '?' || c == '@' || c == '-';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static boolean startsWith(char[] s, int p, int end, String w) {
        int l = w.length();
        if (p + l > end) {
            return false;
        }
        for (int i = 0; i < l; i++) {
            if (s[p + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Advances to the next token and returns its type. */
    public int next() {
        while (true) {
            Input x = in;
            char[] s = x.s;
            int end = x.end;
            int p = x.pos;
            // whitespace and comments
            while (p < end) {
                char c = s[p];
                if (isSpace(c)) {
                    p++;
                } else if (c == '/' && p + 1 < end && s[p + 1] == '*') {
                    int q = p + 2;
                    boolean closed = false;
                    while (q + 1 < end) {
                        if (s[q] == '*' && s[q + 1] == '/') {
                            closed = true;
                            break;
                        }
                        q++;
                    }
                    if (!closed) {
                        break; // no COMMENT match: '/' is a single character
                    }
                    p = q + 2;
                } else if (c == '/' && p + 1 < end && s[p + 1] == '/') {
                    int q = p + 2;
                    while (q < end && s[q] != '\n') {
                        q++;
                    }
                    if (q >= end) {
                        break; // LINECOMMENT needs its newline
                    }
                    p = q + 1;
                } else if (c == '#' && (p == 0 || s[p - 1] == '\n') && lineMarker(s, p, end) > p) {
                    int q = lineMarker(s, p, end);
                    lineMarker(x, p, q);
                    p = q;
                } else {
                    break;
                }
            }
            x.pos = p;
            if (p >= end) {
                if (x.parent != null) {
                    in = x.parent;
                    depth--;
                    continue;
                }
                type = EOF;
                start = end = p;
                tokText = x.text;
                return type;
            }
            tokText = x.text;
            start = p;
            char c = s[p];
            // /include/ WS* STRING
            if (c == '/' && startsWith(s, p, end, "/include/")) {
                int q = p + 9;
                while (q < end && isSpace(s[q])) {
                    q++;
                }
                int se = q < end && s[q] == '"' ? stringEnd(s, q, end) : -1;
                if (se > 0) {
                    x.pos = se;
                    include(unescape(s, q + 1, se - 1), p);
                    continue;
                }
            }
            int best = 0;
            int bestType = CHAR;
            // STRING
            if (c == '"') {
                int se = stringEnd(s, p, end);
                if (se > 0) {
                    best = se - p;
                    bestType = STRING;
                }
            }
            if (c == '/') {
                int kw = keyword(s, p, end);
                if (kw != 0 && kwLen > best) {
                    best = kwLen;
                    bestType = kw;
                }
            }
            if (isLabelStart(c)) {
                int q = p + 1;
                while (q < end && isLabelChar(s[q])) {
                    q++;
                }
                if (q < end && s[q] == ':' && q + 1 - p > best) {
                    best = q + 1 - p;
                    bestType = LABEL;
                }
            }
            if (state == S_V1 && c >= '0' && c <= '9') {
                int q = p;
                if (c == '0' && p + 2 < end && (s[p + 1] == 'x' || s[p + 1] == 'X') && isHex(s[p + 2])) {
                    q = p + 2;
                    while (q < end && isHex(s[q])) {
                        q++;
                    }
                } else {
                    while (q < end && s[q] >= '0' && s[q] <= '9') {
                        q++;
                    }
                }
                // (U|L|UL|LL|ULL)?
                if (startsWith(s, q, end, "ULL")) {
                    q += 3;
                } else if (startsWith(s, q, end, "UL") || startsWith(s, q, end, "LL")) {
                    q += 2;
                } else if (q < end && (s[q] == 'U' || s[q] == 'L')) {
                    q += 1;
                }
                if (q - p > best) {
                    best = q - p;
                    bestType = LITERAL;
                }
            }
            if (c == '\'') {
                int q = charLiteralEnd(s, p, end);
                if (q > 0 && q - p > best) {
                    best = q - p;
                    bestType = CHAR_LITERAL;
                }
            }
            if (c == '&' && p + 1 < end) {
                if (isLabelStart(s[p + 1])) {
                    int q = p + 2;
                    while (q < end && isLabelChar(s[q])) {
                        q++;
                    }
                    if (q - p > best) {
                        best = q - p;
                        bestType = LABEL_REF;
                    }
                } else if (s[p + 1] == '{') {
                    int q = p + 2;
                    while (q < end && (isPropNodeChar(s[q]) || s[q] == '/')) {
                        q++;
                    }
                    if (q < end && s[q] == '}' && q + 1 - p > best) {
                        best = q + 1 - p;
                        bestType = PATH_REF;
                    }
                }
            }
            if (state == S_BYTESTRING) {
                if (p + 1 < end && isHex(c) && isHex(s[p + 1]) && 2 > best) {
                    best = 2;
                    bestType = BYTE;
                }
            }
            if (state == S_PROPNODENAME) {
                int q = p;
                if (c == '\\') {
                    q++;
                }
                int r = q;
                while (r < end && isPropNodeChar(s[r])) {
                    r++;
                }
                if (r > q && r - p > best) {
                    best = r - p;
                    bestType = PROPNODENAME;
                }
            }
            if (best < 2 && p + 1 < end) {
                char d = s[p + 1];
                int op = 0;
                if (c == '<' && d == '<') {
                    op = LSHIFT;
                } else if (c == '>' && d == '>') {
                    op = RSHIFT;
                } else if (c == '<' && d == '=') {
                    op = LE;
                } else if (c == '>' && d == '=') {
                    op = GE;
                } else if (c == '=' && d == '=') {
                    op = EQ;
                } else if (c == '!' && d == '=') {
                    op = NE;
                } else if (c == '&' && d == '&') {
                    op = AND;
                } else if (c == '|' && d == '|') {
                    op = OR;
                }
                if (op != 0) {
                    best = 2;
                    bestType = op;
                }
            }
            if (best == 0) {
                best = 1;
                bestType = CHAR;
            }
            end = p + best;
            this.end = end;
            x.pos = end;
            type = bestType;
            return action(s, p, end);
        }
    }

    private int action(char[] s, int p, int e) {
        switch (type) {
            case STRING:
                bytes = unescapeBytes(s, p + 1, e - 1);
                break;
            case V1:
            case MEMRESERVE:
            case BITS:
                state = S_V1;
                break;
            case DEL_PROP:
            case DEL_NODE:
            case OMIT:
                state = S_PROPNODENAME;
                break;
            case LABEL:
                text = names.intern(s, p, e - p - 1);
                break;
            case LITERAL:
                value = literal(s, p, e);
                break;
            case CHAR_LITERAL: {
                byte[] b = unescapeBytes(s, p + 1, e - 1);
                if (b.length == 0) {
                    error(p, "Empty character literal");
                    value = 0;
                } else {
                    value = b[0] & 0xff;
                    if (b.length > 1) {
                        error(p, "Character literal has " + b.length + " characters instead of 1");
                    }
                }
                break;
            }
            case LABEL_REF:
                text = names.intern(s, p + 1, e - p - 1);
                break;
            case PATH_REF:
                text = names.intern(s, p + 2, e - p - 3);
                break;
            case BYTE:
                value = Character.digit(s[p], 16) << 4 | Character.digit(s[p + 1], 16);
                break;
            case PROPNODENAME:
                text = s[p] == '\\' ? names.intern(s, p + 1, e - p - 1) : names.intern(s, p, e - p);
                state = S_V1;
                break;
            case CHAR:
                value = s[p];
                if (state == S_BYTESTRING && s[p] == ']') {
                    state = S_V1;
                } else if (s[p] == '[') {
                    state = S_BYTESTRING;
                } else if (s[p] == '{' || s[p] == ';') {
                    state = S_PROPNODENAME;
                }
                break;
            default:
                break;
        }
        return type;
    }

    private int kwLen;

    private static final String[] KEYWORDS = {"/dts-v1/", "/plugin/", "/memreserve/", "/bits/", "/delete-property/",
        "/delete-node/", "/omit-if-no-ref/", "/incbin/"};
    private static final int[] KEYWORD_TYPES = {V1, PLUGIN, MEMRESERVE, BITS, DEL_PROP, DEL_NODE, OMIT, INCBIN};

    private int keyword(char[] s, int p, int end) {
        for (int i = 0; i < KEYWORDS.length; i++) {
            if (startsWith(s, p, end, KEYWORDS[i])) {
                if (KEYWORD_TYPES[i] == INCBIN && state != S_INITIAL && state != S_V1) {
                    continue;
                }
                kwLen = KEYWORDS[i].length();
                return KEYWORD_TYPES[i];
            }
        }
        return 0;
    }

    /** End (exclusive) of a STRING starting at p, or -1: \"([^\\"]|\\.)*\" where '.' excludes newline. */
    private static int stringEnd(char[] s, int p, int end) {
        int q = p + 1;
        while (q < end) {
            char c = s[q];
            if (c == '"') {
                return q + 1;
            }
            if (c == '\\') {
                if (q + 1 >= end || s[q + 1] == '\n') {
                    return -1;
                }
                q += 2;
                continue;
            }
            q++;
        }
        return -1;
    }

    /**
     * End (exclusive) of the longest CHAR_LITERAL '([^']|\\')*' at p, or -1. A quote can be passed only as
     * the second half of a backslash-quote pair, exactly as the flex rule allows.
     */
    private static int charLiteralEnd(char[] s, int p, int end) {
        int best = -1;
        int q = p + 1;
        while (q < end) {
            if (s[q] == '\'') {
                best = q + 1;
                if (q - 1 >= p + 1 && s[q - 1] == '\\') {
                    q++;
                    continue;
                }
                break;
            }
            q++;
        }
        return best;
    }

    private long literal(char[] s, int p, int e) {
        int q = p;
        int radix = 10;
        if (s[p] == '0' && p + 1 < e && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
            radix = 16;
            q = p + 2;
        } else if (s[p] == '0') {
            radix = 8;
        }
        long v = 0;
        boolean overflow = false;
        int r = q;
        while (r < e) {
            int d = Character.digit(s[r], radix);
            if (d < 0) {
                break;
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, radix)) > 0) {
                overflow = true;
            }
            long nv = v * radix + d;
            if (Long.compareUnsigned(nv, v * radix) < 0) {
                overflow = true;
            }
            v = nv;
            r++;
        }
        for (int k = r; k < e; k++) {
            if (s[k] != 'U' && s[k] != 'L') {
                error(p, "Bad integer literal '" + new String(s, p, e - p) + "'");
                return v;
            }
        }
        if (overflow) {
            error(p, "Integer literal '" + new String(s, p, e - p) + "' out of range");
        }
        return v;
    }

    /** dtc's data_copy_escape_string() without the trailing NUL. */
    private byte[] unescapeBytes(char[] s, int from, int to) {
        boolean plain = true;
        for (int k = from; k < to && plain; k++) {
            plain = s[k] != '\\';
        }
        if (plain) {
            byte[] b = new byte[to - from];
            for (int k = from; k < to; k++) {
                b[k - from] = (byte) s[k];
            }
            return b;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = s[i++];
            if (c == '\\' && i < to) {
                char e = s[i];
                switch (e) {
                    case 'a': b.write(7); i++; break;
                    case 'b': b.write(8); i++; break;
                    case 't': b.write('\t'); i++; break;
                    case 'n': b.write('\n'); i++; break;
                    case 'v': b.write(0x0b); i++; break;
                    case 'f': b.write('\f'); i++; break;
                    case 'r': b.write('\r'); i++; break;
                    case 'x': {
                        int j = i + 1;
                        int v = 0;
                        int n = 0;
                        while (n < 2 && j < to && isHex(s[j])) {
                            v = v * 16 + Character.digit(s[j], 16);
                            j++;
                            n++;
                        }
                        if (n == 0) {
                            error(i - 1, "\\x used with no following hex digits");
                        }
                        b.write(v);
                        i = j;
                        break;
                    }
                    default:
                        if (e >= '0' && e <= '7') {
                            int j = i;
                            int v = 0;
                            int n = 0;
                            while (n < 3 && j < to && s[j] >= '0' && s[j] <= '7') {
                                v = v * 8 + (s[j] - '0');
                                j++;
                                n++;
                            }
                            b.write(v);
                            i = j;
                        } else {
                            b.write(e);
                            i++;
                        }
                }
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private String unescape(char[] s, int from, int to) {
        return new String(unescapeBytes(s, from, to), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * End of a line marker at p (at a line start), or p when there is none: dtc's rule
     * {@code ^"#"(line)?[ \t]+[0-9]+[ \t]+{STRING}([ \t]+[0-9]+)*}; what follows on the line is ordinary input.
     */
    private static int lineMarker(char[] s, int p, int end) {
        int q = p + 1;
        if (startsWith(s, q, end, "line")) {
            q += 4;
        }
        int b = blanks(s, q, end);
        if (b == q) {
            return p;
        }
        q = digits(s, b, end);
        if (q == b) {
            return p;
        }
        b = blanks(s, q, end);
        if (b == q || b >= end || s[b] != '"') {
            return p;
        }
        q = stringEnd(s, b, end);
        if (q < 0) {
            return p;
        }
        while (true) {
            b = blanks(s, q, end);
            int d = digits(s, b, end);
            if (b == q || d == b) {
                return q;
            }
            q = d;
        }
    }

    private static int blanks(char[] s, int p, int end) {
        while (p < end && (s[p] == ' ' || s[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static int digits(char[] s, int p, int end) {
        while (p < end && s[p] >= '0' && s[p] <= '9') {
            p++;
        }
        return p;
    }

    /**
     * A line marker from p to q: as dtc's srcpos_set_line(), the following lines of x are FILE's from LINE on. A NUL
     * in the name is dtc's "nul in line number directive" lexical error, at the marker.
     */
    private void lineMarker(Input x, int p, int q) {
        char[] s = x.s;
        int d = p + 1;
        while (s[d] < '0' || s[d] > '9') {
            d++;
        }
        long line = 0;
        for (; d < q && s[d] >= '0' && s[d] <= '9'; d++) {
            line = Math.min(Integer.MAX_VALUE, line * 10 + (s[d] - '0'));
        }
        int open = d;
        while (s[open] != '"') {
            open++;
        }
        int close = q - 1;
        while (s[close] != '"') {
            close--;
        }
        byte[] name = unescapeBytes(s, open + 1, close);
        for (byte c : name) {
            if (c == 0) {
                error(p, "nul in line number directive");
                break;
            }
        }
        x.mark = new Loc.LineMark(q, x.text.line(p), x.text.originEnd(p),
                new Origin(new String(name, java.nio.charset.StandardCharsets.ISO_8859_1), null, 0), (int) line - 1);
    }

    private void include(String name, int at) {
        Loc l = locOf(in.text, at);
        if (depth + 1 > limits.maxIncludeDepth()) {
            String cycle = l.origin() == null ? null : l.origin().cycle();
            throw rep.fatal(l.origin(), l.line(), l.col(), "/include/ nested depth " + (depth + 1)
                    + " exceeds maximum of " + limits.maxIncludeDepth() + " (limit include-depth)"
                    + (cycle == null ? "" : "; include cycle: " + cycle));
        }
        Optional<SourceFile> f;
        try {
            f = resolver.resolve(name, false, l.origin() == null ? null : l.origin().name);
        } catch (TooLargeException e) {
            throw rep.fatal(l.origin(), l.line(), l.col(), e.getMessage());
        }
        if (f.isEmpty()) {
            throw rep.fatal(l.origin(), l.line(), l.col(), "Couldn't open \"" + name + "\": No such file or directory");
        }
        Origin o = new Origin(f.get().name(), l.origin(), l.line());
        in = new Input(MappedText.raw(f.get().text(), o), in, o);
        depth++;
    }

    /** Reads a file for /incbin/. */
    public byte[] incbin(String name, Loc at) {
        Optional<SourceFile> f = resolver.resolve(name, false, at.origin() == null ? null : at.origin().name);
        if (f.isEmpty()) {
            throw rep.fatal(at.origin(), at.line(), at.col(), "Couldn't open \"" + name
                    + "\": No such file or directory");
        }
        return f.get().text().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Human-readable description of the current token for syntax errors. */
    public String describe() {
        switch (type) {
            case EOF: return "end of input";
            case STRING: return "string";
            case LITERAL: return "number";
            case CHAR_LITERAL: return "character literal";
            case LABEL: return "label '" + text + ":'";
            case LABEL_REF: return "reference '&" + text + "'";
            case PATH_REF: return "reference '&{" + text + "}'";
            case PROPNODENAME: return "name '" + text + "'";
            case BYTE: return "byte";
            case CHAR: return "'" + (char) value + "'";
            default: return "'" + tokTextString() + "'";
        }
    }

    private String tokTextString() {
        char[] s = tokText.chars();
        return new String(s, start, Math.min(end, tokText.length()) - start);
    }

    static List<String> noWarnings() {
        return new ArrayList<>();
    }
}
