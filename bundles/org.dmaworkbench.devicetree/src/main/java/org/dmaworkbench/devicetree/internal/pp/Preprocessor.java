package org.dmaworkbench.devicetree.internal.pp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.CompileLimits;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.MacroDefinition;
import org.dmaworkbench.devicetree.SourceFile;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.internal.AbortException;
import org.dmaworkbench.devicetree.internal.Interner;
import org.dmaworkbench.devicetree.internal.Limits;
import org.dmaworkbench.devicetree.internal.MappedText;
import org.dmaworkbench.devicetree.internal.Origin;
import org.dmaworkbench.devicetree.internal.Reporter;
import org.dmaworkbench.devicetree.internal.TooLargeException;

/**
 * The C preprocessor as the kernel build runs it on device-tree sources:
 * {@code cpp -nostdinc -I… -undef -D__DTS__ -x assembler-with-cpp}. Follows gcc's libcpp behaviour
 * (macro expansion with disabled macros and painted tokens, argument pre-expansion, # and ##, conditional
 * groups, assembler-mode pass-through of unknown '#' lines such as "#address-cells" and of "# 1 "file"" line
 * markers, invalid pastes kept as two tokens) and writes the text as gcc -E does, a space exactly where libcpp's
 * padding tokens and cpp_avoid_paste() put one, so that dtc reads the same tokens. Records where every output
 * character came from.
 */
public final class Preprocessor {
    private final IncludeResolver resolver;
    private Reporter rep;
    private CompileLimits limits = CompileLimits.DEFAULTS;
    private final HashMap<String, Macro> macros = new HashMap<>();
    private final MappedText out = new MappedText(hintChars, hintRuns);
    /**
     * Sizes of the last output, so that the next compilation (an editor reparsing the same file) starts with
     * buffers that need not grow; capped so that one huge file does not make every later one allocate a lot.
     */
    private static volatile int hintChars = 8192;
    private static volatile int hintRuns = 1024;
    private static final int HINT_CAP = 4 << 20;
    private FileState file;
    private Context ctx;
    private long expandedTokens;
    private int argNesting;
    private int lastType;
    private String lastText;
    private static final PpToken EOF_TOKEN = new PpToken(PpToken.EOF, "", false, null, 0, 0, false);

    public Preprocessor(IncludeResolver resolver, Reporter rep) {
        this.resolver = resolver;
        this.rep = rep;
        macros.put("__LINE__", new Macro("__LINE__", false, new String[0], false, new PpToken[0], null, 0, 0, 1));
        macros.put("__FILE__", new Macro("__FILE__", false, new String[0], false, new PpToken[0], null, 0, 0, 2));
        define("__DTS__", "1");
    }

    /** Sets the limits of include depth, macro expansion, file and output size (before {@link #run}). */
    public void setLimits(CompileLimits l) {
        limits = l;
        out.setMaxChars(l.maxOutputChars());
    }

    /** False for the small runs of {@link #expand(String)}, which must not shrink the next compilation's buffers. */
    private boolean updateHints = true;

    /**
     * The macros defined now (after {@link #run}: at the end of the input), kept apart from this preprocessor and
     * its output so that holding them costs only the table.
     */
    public Table macroTable() {
        return new Table(new HashMap<>(macros));
    }

    /** A copy of a preprocessor's macro table: the definitions, and expansion of text with them. */
    public static final class Table {
        private final HashMap<String, Macro> macros;

        private Table(HashMap<String, Macro> macros) {
            this.macros = macros;
        }

        /** Every macro but the built-in ones, with its replacement list spelled back as written. */
        public Map<String, MacroDefinition> definitions() {
            Map<String, MacroDefinition> out = new HashMap<>();
            for (Macro m : macros.values()) {
                if (m.builtin != 0) {
                    continue;
                }
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < m.body.length; i++) {
                    PpToken t = m.body[i];
                    if (i > 0 && t.prevWhite) {
                        body.append(' ');
                    }
                    body.append(t.stringify ? "#" : "").append(t.text);
                    if (t.pasteLeft) {
                        body.append(" ##");
                        if (i + 1 < m.body.length && !m.body[i + 1].prevWhite) {
                            body.append(' ');
                        }
                    }
                }
                List<String> params = m.function ? List.of(m.params) : List.of();
                SourcePosition pos = m.origin == null ? null : new SourcePosition(m.origin.name, m.line, m.col);
                out.put(m.name, new MacroDefinition(m.name, m.function, params, m.variadic, body.toString(), pos));
            }
            return out;
        }

        /**
         * {@code text} expanded with these macros by a fresh preprocessor, its output lines joined by spaces. Macros
         * carry a flag while they expand: callers serialise expansions of one table.
         */
        public String expand(String text) {
            Preprocessor p = new Preprocessor(IncludeResolver.none(), new Reporter());
            p.updateHints = false;
            p.macros.putAll(macros);
            try {
                return p.run(new SourceFile("<expansion>", text)).toString().replace('\n', ' ').strip();
            } catch (AbortException | IllegalStateException e) {
                return text;
            }
        }
    }

    /** The interner for token texts (share it with the DTS lexer of the same compilation). */
    public Interner interner() {
        return interner;
    }

    /** -D NAME=VALUE. */
    public void define(String name, String value) {
        Origin o = new Origin("<command-line>", null, 0);
        FileState fs = new FileState(value.toCharArray(), o, null);
        List<PpToken> body = new ArrayList<>();
        for (PpToken t = lex(fs, true); t.type != PpToken.NEWLINE && t.type != PpToken.EOF; t = lex(fs, true)) {
            body.add(t);
        }
        if (!body.isEmpty()) {
            body.get(0).prevWhite = false;
        }
        macros.put(name, new Macro(name, false, new String[0], false, replacementList(body, false, List.of()), o, 1, 1,
                0));
    }

    /**
     * cpp's {@code -D ARG}: "NAME" is "#define NAME 1", "NAME=BODY" is "#define NAME BODY" (the first '='
     * becomes the space), so "NAME(a,b)=BODY" defines a function-like macro. Errors are reported at
     * {@code <command-line>}.
     */
    public void defineCommandLine(String arg) {
        int eq = arg.indexOf('=');
        Reporter outer = rep;
        Reporter local = new Reporter();
        if (arg.isEmpty() || eq == 0) {
            local.error(null, 0, 0, "no macro name given in #define directive");
        } else {
            String line = eq < 0 ? arg + " 1" : arg.substring(0, eq) + " " + arg.substring(eq + 1);
            FileState fs = new FileState((line + "\n").toCharArray(), new Origin("<command-line>", null, 0), null);
            fs.bol = false;
            int e = 0;
            while (e < arg.length() && (Character.isLetterOrDigit(arg.charAt(e)) || arg.charAt(e) == '_')) {
                e++;
            }
            String name = arg.substring(0, e);
            Macro before = macros.get(name);
            rep = local;
            try {
                doDefine(fs, new PpToken(PpToken.PUNCT, "#", false, null, 1, 1, false));
            } finally {
                rep = outer;
            }
            Macro after = macros.get(name);
            if (before != null && after != before && before.builtin == 0 && !before.sameAs(after)) {
                local.warning(null, 0, 0, "\"" + name + "\" redefined");
            }
        }
        // gcc names no line or column for command-line macros: "<command-line>: error: …"
        for (org.dmaworkbench.devicetree.Diagnostic d : local.diagnostics()) {
            outer.add(new org.dmaworkbench.devicetree.Diagnostic(d.severity(),
                    new org.dmaworkbench.devicetree.SourcePosition("<command-line>", 0, 0), d.message()));
        }
    }

    /** Preprocesses {@code main}; errors go to the reporter. Returns the text produced (possibly partial). */
    public MappedText run(SourceFile main) {
        file = new FileState(main.text().toCharArray(), new Origin(main.name(), null, 0), null);
        try {
            scan();
            markEnd(file);
            if (updateHints) {
                hintChars = Math.min(HINT_CAP, out.length() + out.length() / 8 + 16);
                hintRuns = Math.min(HINT_CAP, out.runs() + out.runs() / 8 + 16);
            }
        } catch (IllegalStateException e) {
            // MappedText refused to grow
            rep.error(file == null ? null : file.origin, file == null ? 0 : file.line, 1,
                    "preprocessed output exceeds " + limits.maxOutputChars() + " characters (limit output-chars)");
            throw new AbortException();
        }
        return out;
    }

    /**
     * Maps the end of the output to the end of the main file, after its last character that is not white space
     * (where dtc starts the end-of-input token), so that "unexpected end of input" has a FILE:LINE:COL.
     */
    private void markEnd(FileState f) {
        char[] s = f.s;
        int p = f.end;
        while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t' || s[p - 1] == '\n' || s[p - 1] == '\r'
                || s[p - 1] == '\f' || s[p - 1] == 0x0b)) {
            p--;
        }
        int line = 1;
        int col = 0;
        for (int i = 0; i < p; i++) {
            if (s[i] == '\n') {
                line++;
                col = 0;
            } else {
                col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
            }
        }
        out.mark(f.origin, line, col + 1, true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files and lexing

    private static final class Cond {
        boolean taken;
        boolean sawElse;
        final int line;
        final int col;
        final String kind;

        Cond(boolean taken, int line, int col, String kind) {
            this.taken = taken;
            this.line = line;
            this.col = col;
            this.kind = kind;
        }
    }

    private static final class FileState {
        final char[] s;
        final int end;
        int pos;
        int line = 1;
        int lineStart;
        /** The file (inclusion) positions are in; #line can rename it. */
        Origin origin;
        final FileState parent;
        boolean bol = true;
        final ArrayList<Cond> conds = new ArrayList<>();
        int cacheLineStart = -1;
        int cachePos;
        int cacheCol;

        FileState(char[] s, Origin origin, FileState parent) {
            this.s = s;
            this.end = s.length;
            this.origin = origin;
            this.parent = parent;
        }

        /** Display column of {@code p} on the current line, 1-based, tabs to multiples of 8 (as gcc). */
        int col(int p) {
            if (cacheLineStart != lineStart || p < cachePos) {
                cacheLineStart = lineStart;
                cachePos = lineStart;
                cacheCol = 0;
            }
            int c = cacheCol;
            for (int i = cachePos; i < p; i++) {
                c = s[i] == '\t' ? (c / 8 + 1) * 8 : c + 1;
            }
            cachePos = p;
            cacheCol = c;
            return c + 1;
        }

        void newline(int afterPos) {
            line++;
            lineStart = afterPos;
        }
    }

    /** gcc -x assembler-with-cpp turns off dollars_in_ident: '$' is a token of its own. */
    private static boolean identStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean identPart(char c) {
        return identStart(c) || (c >= '0' && c <= '9');
    }

    private static final String[] PUNCT3 = {"<<=", ">>=", "..."};
    private static final String[] PUNCT2 = {"##", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|="};
    private static final String PUNCT1 = "#()[]{},;:?~!=<>+-*/%&|^.";

    /**
     * Lexes one token. Newlines are returned as NEWLINE tokens (and consumed). Comments and whitespace set
     * prevWhite on the next token.
     */
    private PpToken lex(FileState f, boolean inDirective) {
        int type = lexRaw(f);
        return new PpToken(type, rawText, rawWhite, f.origin, rawLine, rawCol, false);
    }

    // the token lexRaw() found: no object is made for it until one is needed
    private String rawText;
    private boolean rawWhite;
    private int rawLine;
    private int rawCol;
    private Interner interner = new Interner();

    /** Lexes one token into rawText/rawWhite/rawLine/rawCol and returns its type (see {@link #lex}). */
    private int lexRaw(FileState f) {
        char[] s = f.s;
        int end = f.end;
        boolean white = false;
        while (true) {
            if (f.pos >= end) {
                rawText = "";
                rawWhite = white;
                rawLine = f.line;
                rawCol = f.col(f.pos);
                return PpToken.EOF;
            }
            char c = s[f.pos];
            if (c == '\n') {
                rawText = "\n";
                rawWhite = white;
                rawLine = f.line;
                rawCol = f.col(f.pos);
                f.pos++;
                f.newline(f.pos);
                return PpToken.NEWLINE;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                f.pos++;
                white = true;
                continue;
            }
            if (c == '\\') {
                int r = splice(s, f.pos, end);
                if (r != f.pos) {
                    spliceLines(f, f.pos, r);
                    continue;
                }
            }
            if (c == '/' && f.pos + 1 < end && s[f.pos + 1] == '*') {
                int startLine = f.line, startCol = f.col(f.pos);
                f.pos += 2;
                while (true) {
                    if (f.pos + 1 >= end) {
                        f.pos = end;
                        rep.error(f.origin, startLine, startCol, "unterminated comment");
                        break;
                    }
                    char d = s[f.pos];
                    if (d == '*' && s[f.pos + 1] == '/') {
                        f.pos += 2;
                        break;
                    }
                    f.pos++;
                    if (d == '\n') {
                        f.newline(f.pos);
                    }
                }
                white = true;
                continue;
            }
            if (c == '/' && f.pos + 1 < end && s[f.pos + 1] == '/') {
                while (f.pos < end && s[f.pos] != '\n') {
                    int r = splice(s, f.pos, end);
                    if (r != f.pos) {
                        spliceLines(f, f.pos, r);
                        continue;
                    }
                    f.pos++;
                }
                white = true;
                continue;
            }
            break;
        }
        int start = f.pos;
        int col = f.col(start);
        int line = f.line;
        char c = s[start];
        int p = start + 1;
        int type;
        // translation phase 2 joins lines ending in '\' before tokens are formed, also inside a token
        boolean spliced = false;
        if (identStart(c)) {
            while (true) {
                if (p < end && identPart(s[p])) {
                    p++;
                    continue;
                }
                int r = splice(s, p, end);
                if (r == p || r >= end || !identPart(s[r])) {
                    break;
                }
                spliced = true;
                p = r;
            }
            type = PpToken.IDENT;
        } else if ((c >= '0' && c <= '9') || (c == '.' && p < end && s[p] >= '0' && s[p] <= '9')) {
            char prev = c;
            while (true) {
                int r = splice(s, p, end);
                if (r >= end) {
                    break;
                }
                char d = s[r];
                if (!(identPart(d) || d == '.' || ((d == '+' || d == '-')
                        && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P')))) {
                    break;
                }
                spliced |= r != p;
                p = r + 1;
                prev = d;
            }
            type = PpToken.NUMBER;
        } else if (c == '"' || c == '\'') {
            int q = p;
            boolean ok = false;
            while (q < end) {
                int r = splice(s, q, end);
                if (r != q) {
                    spliced = true;
                    q = r;
                    continue;
                }
                char d = s[q];
                if (d == '\\') {
                    r = splice(s, q + 1, end);
                    if (r < end && s[r] != '\n') {
                        spliced |= r != q + 1;
                        q = r + 1;
                        continue;
                    }
                }
                if (d == '\n') {
                    break;
                }
                q++;
                if (d == c) {
                    ok = true;
                    break;
                }
            }
            if (ok) {
                p = q;
                type = c == '"' ? PpToken.STRING : PpToken.CHAR;
            } else {
                spliced = false;
                type = PpToken.OTHER; // assembler mode: a lone quote is just a character
            }
        } else {
            type = PpToken.OTHER;
            for (String op : PUNCT3) {
                if (matches(s, start, end, op)) {
                    p = start + 3;
                    type = PpToken.PUNCT;
                    break;
                }
            }
            if (type == PpToken.OTHER) {
                for (String op : PUNCT2) {
                    if (matches(s, start, end, op)) {
                        p = start + 2;
                        type = PpToken.PUNCT;
                        break;
                    }
                }
            }
            if (type == PpToken.OTHER && PUNCT1.indexOf(c) >= 0) {
                type = PpToken.PUNCT;
            }
        }
        f.pos = p;
        rawText = spliced ? unsplice(f, start, p) : interner.intern(s, start, p - start);
        rawWhite = white;
        rawLine = line;
        rawCol = col;
        return type;
    }

    /**
     * The position after the line splices at p ('\\' and a newline; like gcc, also with blanks between them,
     * which gcc warns about), or p when there is none.
     */
    private static int splice(char[] s, int p, int end) {
        while (p + 1 < end && s[p] == '\\') {
            int q = p + 1;
            while (q < end && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\f' || s[q] == 0x0b)) {
                q++;
            }
            if (q >= end || s[q] != '\n') {
                break;
            }
            p = q + 1;
        }
        return p;
    }

    /** Moves f past the line splices from p to r, counting their lines. */
    private static void spliceLines(FileState f, int p, int r) {
        for (int k = p; k < r; k++) {
            if (f.s[k] == '\n') {
                f.newline(k + 1);
            }
        }
        f.pos = r;
    }

    /** The text of a token that line splices run through, without them; counts their lines in f. */
    private String unsplice(FileState f, int start, int stop) {
        char[] s = f.s;
        StringBuilder sb = new StringBuilder(stop - start);
        for (int i = start; i < stop;) {
            int r = splice(s, i, stop);
            if (r == i) {
                sb.append(s[i++]);
                continue;
            }
            for (int k = i; k < r; k++) {
                if (s[k] == '\n') {
                    f.newline(k + 1);
                }
            }
            i = r;
        }
        return interner.intern(sb.toString().toCharArray(), 0, sb.length());
    }

    private static boolean matches(char[] s, int at, int end, String op) {
        if (at + op.length() > end) {
            return false;
        }
        for (int i = 0; i < op.length(); i++) {
            if (s[at + i] != op.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The next token of the current file after directives, switching files at includes and their ends. */
    private PpToken fileToken() {
        return fileToken(file, lex(file, false));
    }

    /** What fileToken() does with a token t just lexed from f. */
    private PpToken fileToken(FileState f, PpToken t) {
        {
            if (t.type == PpToken.EOF) {
                for (Cond c : f.conds) {
                    rep.error(f.origin, c.line, c.col, "unterminated #" + c.kind);
                }
                f.conds.clear();
                if (f.parent == null) {
                    return t;
                }
                file = f.parent;
                file.bol = true;
                return new PpToken(PpToken.NEWLINE, "\n", true, file.origin, file.line, 1, false);
            }
            if (t.type == PpToken.NEWLINE) {
                f.bol = true;
                return t;
            }
            boolean wasBol = f.bol;
            f.bol = false;
            if (wasBol && t.type == PpToken.PUNCT && t.text.equals("#")) {
                PpToken passThrough = directive(f, t);
                if (passThrough != null) {
                    return passThrough;
                }
                return new PpToken(PpToken.NEWLINE, "\n", true, f.origin, f.line, 1, false);
            }
            return t;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Directives

    private List<PpToken> restOfLine(FileState f) {
        List<PpToken> l = new ArrayList<>();
        while (true) {
            PpToken t = lex(f, true);
            if (t.type == PpToken.NEWLINE || t.type == PpToken.EOF) {
                f.bol = true;
                return l;
            }
            l.add(t);
        }
    }

    /**
     * Handles a directive line. Returns null when the line was consumed, or the '#' token to pass through when
     * it is not a directive (assembler mode keeps "#address-cells" and the like).
     */
    private PpToken directive(FileState f, PpToken hash) {
        PpToken name = lex(f, true);
        if (name.type == PpToken.NEWLINE || name.type == PpToken.EOF) {
            f.bol = true;
            return null; // null directive
        }
        if (name.type == PpToken.NUMBER) {
            // "# 1 "file"": assembler mode passes it through (dtc reads it as a line marker)
            pushBack(name);
            return hash;
        }
        if (name.type != PpToken.IDENT) {
            pushBack(name);
            return hash;
        }
        switch (name.text) {
            case "define":
                doDefine(f, hash);
                return null;
            case "undef": {
                List<PpToken> l = restOfLine(f);
                if (l.isEmpty() || l.get(0).type != PpToken.IDENT) {
                    rep.error(f.origin, hash.line, hash.col, "no macro name given in #undef directive");
                } else {
                    macros.remove(l.get(0).text);
                }
                return null;
            }
            case "include":
            case "include_next":
                doInclude(f, hash);
                return null;
            case "ifdef":
            case "ifndef": {
                List<PpToken> l = restOfLine(f);
                boolean v;
                if (l.isEmpty() || l.get(0).type != PpToken.IDENT) {
                    rep.error(f.origin, hash.line, hash.col, "no macro name given in #" + name.text + " directive");
                    v = false;
                } else {
                    v = macros.containsKey(l.get(0).text) == name.text.equals("ifdef");
                }
                openCond(f, hash, name.text, v);
                return null;
            }
            case "if": {
                boolean v = evalCondition(f, hash, restOfLine(f), "#if");
                openCond(f, hash, "if", v);
                return null;
            }
            case "elif":
            case "else":
            case "endif": {
                List<PpToken> l = restOfLine(f);
                if (f.conds.isEmpty()) {
                    rep.error(f.origin, hash.line, hash.col, "#" + name.text + " without #if");
                    return null;
                }
                Cond c = f.conds.get(f.conds.size() - 1);
                if (name.text.equals("endif")) {
                    f.conds.remove(f.conds.size() - 1);
                    return null;
                }
                if (c.sawElse) {
                    rep.error(f.origin, hash.line, hash.col, "#" + name.text + " after #else");
                }
                if (name.text.equals("else")) {
                    c.sawElse = true;
                }
                // the group before was being processed, so it was the taken one: skip the rest of the chain
                c.taken = true;
                skipGroup(f);
                return null;
            }
            case "error":
            case "warning": {
                List<PpToken> l = restOfLine(f);
                StringBuilder sb = new StringBuilder("#").append(name.text);
                for (PpToken t : l) {
                    sb.append(' ').append(t.text);
                }
                if (name.text.equals("error")) {
                    rep.error(f.origin, hash.line, hash.col, sb.toString());
                } else {
                    rep.warning(f.origin, hash.line, hash.col, sb.toString());
                }
                return null;
            }
            case "line":
                doLine(f, hash);
                return null;
            case "pragma":
            case "ident":
            case "sccs":
            case "assert":
            case "unassert":
                restOfLine(f);
                return null;
            default:
                pushBack(name);
                return hash;
        }
    }

    /** "#line N ["FILE"]" (macro-expanded): the next line is line N of FILE, for cpp's positions and dtc's. */
    private void doLine(FileState f, PpToken hash) {
        List<PpToken> l = expandDirective(restOfLine(f));
        PpToken n = l.isEmpty() ? null : l.get(0);
        long line = 0;
        boolean digits = n != null && n.type == PpToken.NUMBER;
        for (int i = 0; digits && i < n.text.length(); i++) {
            char c = n.text.charAt(i);
            digits = c >= '0' && c <= '9';
            line = Math.min(Integer.MAX_VALUE, line * 10 + (c - '0'));
        }
        if (!digits) {
            rep.error(f.origin, hash.line, hash.col, "\"" + (n == null ? "" : n.text)
                    + "\" after #line is not a positive integer");
            return;
        }
        String name = null;
        if (l.size() > 1) {
            PpToken t = l.get(1);
            if (t.type != PpToken.STRING) {
                rep.error(f.origin, t.line, t.col, "invalid filename \"" + t.text + "\"");
                return;
            }
            name = t.text.substring(1, t.text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        f.line = (int) line;
        if (name != null) {
            f.origin = new Origin(name, f.origin.parent, f.origin.includeLine);
        }
    }

    private void openCond(FileState f, PpToken hash, String kind, boolean value) {
        if (f.conds.size() >= Limits.MAX_NESTING) {
            throw rep.fatal(f.origin, hash.line, hash.col, "#" + kind + " nested too deeply (more than "
                    + Limits.MAX_NESTING + " levels)");
        }
        Cond c = new Cond(value, hash.line, hash.col, kind);
        f.conds.add(c);
        if (!value) {
            skipGroup(f);
        }
    }

    /**
     * Skips lines of a group that is not processed, up to the #elif/#else that starts a group to process or
     * the #endif that ends the conditional.
     */
    private void skipGroup(FileState f) {
        char[] s = f.s;
        int depth = 0;
        Cond c = f.conds.get(f.conds.size() - 1);
        while (true) {
            // at the beginning of a line
            int p = skipBlanksAndComments(f);
            if (p >= f.end) {
                f.pos = f.end;
                return; // fileToken reports the unterminated conditional
            }
            if (s[p] == '#') {
                f.pos = p + 1;
                PpToken hash = new PpToken(PpToken.PUNCT, "#", false, f.origin, f.line, f.col(p), false);
                PpToken name = lex(f, true);
                if (name.type == PpToken.NEWLINE) {
                    continue;
                }
                if (name.type == PpToken.IDENT) {
                    switch (name.text) {
                        case "if":
                        case "ifdef":
                        case "ifndef":
                            depth++;
                            break;
                        case "endif":
                            if (depth == 0) {
                                restOfLine(f);
                                f.conds.remove(f.conds.size() - 1);
                                return;
                            }
                            depth--;
                            break;
                        case "else":
                            if (depth == 0) {
                                restOfLine(f);
                                if (c.sawElse) {
                                    rep.error(f.origin, hash.line, hash.col, "#else after #else");
                                }
                                c.sawElse = true;
                                if (!c.taken) {
                                    c.taken = true;
                                    return;
                                }
                                continue;
                            }
                            break;
                        case "elif":
                            if (depth == 0) {
                                List<PpToken> l = restOfLine(f);
                                if (c.sawElse) {
                                    rep.error(f.origin, hash.line, hash.col, "#elif after #else");
                                }
                                if (!c.taken && evalCondition(f, hash, l, "#elif")) {
                                    c.taken = true;
                                    return;
                                }
                                continue;
                            }
                            break;
                        default:
                            break;
                    }
                }
            }
            skipLine(f);
        }
    }

    /** From f.pos at a line start, skips blanks and comments; returns the first other position. */
    private int skipBlanksAndComments(FileState f) {
        char[] s = f.s;
        int p = f.pos;
        while (p < f.end) {
            char d = s[p];
            if (d == ' ' || d == '\t' || d == '\r' || d == '\f' || d == 0x0b) {
                p++;
            } else if (d == '/' && p + 1 < f.end && s[p + 1] == '*') {
                p += 2;
                while (p + 1 < f.end && !(s[p] == '*' && s[p + 1] == '/')) {
                    if (s[p] == '\n') {
                        f.newline(p + 1);
                    }
                    p++;
                }
                p = Math.min(p + 2, f.end);
            } else if (d == '\\' && splice(s, p, f.end) != p) {
                int r = splice(s, p, f.end);
                spliceLines(f, p, r);
                p = r;
            } else {
                break;
            }
        }
        f.pos = p;
        return p;
    }

    /** Skips to just after the end of the current line (comments may carry it over several lines). */
    private void skipLine(FileState f) {
        char[] s = f.s;
        int p = f.pos;
        int end = f.end;
        while (p < end) {
            char d = s[p];
            if (d == '\n') {
                p++;
                f.newline(p);
                break;
            }
            if (d == '\\' && splice(s, p, end) != p) {
                int r = splice(s, p, end);
                spliceLines(f, p, r);
                p = r;
                continue;
            }
            if (d == '/' && p + 1 < end && s[p + 1] == '*') {
                p += 2;
                while (p + 1 < end && !(s[p] == '*' && s[p + 1] == '/')) {
                    if (s[p] == '\n') {
                        f.newline(p + 1);
                    }
                    p++;
                }
                p = Math.min(p + 2, end);
                continue;
            }
            if (d == '/' && p + 1 < end && s[p + 1] == '/') {
                while (p < end && s[p] != '\n') {
                    p++;
                }
                continue;
            }
            if (d == '"' || d == '\'') {
                int q = p + 1;
                while (q < end && s[q] != d && s[q] != '\n') {
                    q += s[q] == '\\' && q + 1 < end && s[q + 1] != '\n' ? 2 : 1;
                }
                p = q < end && s[q] == d ? q + 1 : p + 1;
                continue;
            }
            p++;
        }
        f.pos = p;
        f.bol = true;
    }

    private void doDefine(FileState f, PpToken hash) {
        PpToken name = lex(f, true);
        if (name.type != PpToken.IDENT) {
            if (name.type == PpToken.NEWLINE || name.type == PpToken.EOF) {
                f.bol = true;
                rep.error(f.origin, hash.line, hash.col, "no macro name given in #define directive");
            } else {
                rep.error(f.origin, name.line, name.col, "macro names must be identifiers");
                restOfLine(f);
            }
            return;
        }
        if (name.text.equals("defined")) {
            rep.error(f.origin, name.line, name.col, "\"defined\" cannot be used as a macro name");
            restOfLine(f);
            return;
        }
        boolean function = f.pos < f.end && f.s[f.pos] == '(';
        List<String> params = new ArrayList<>();
        boolean variadic = false;
        if (function) {
            f.pos++;
            while (true) {
                PpToken t = lex(f, true);
                if (t.is(")") && params.isEmpty() && !variadic) {
                    break;
                }
                if (t.is("...")) {
                    variadic = true;
                    params.add("__VA_ARGS__");
                    t = lex(f, true);
                } else if (t.type == PpToken.IDENT) {
                    if (params.contains(t.text)) {
                        rep.error(f.origin, t.line, t.col, "duplicate macro parameter \"" + t.text + "\"");
                    }
                    params.add(t.text);
                    t = lex(f, true);
                    if (t.is("...")) {
                        variadic = true;
                        t = lex(f, true);
                    }
                } else {
                    rep.error(f.origin, t.line, t.col, t.type == PpToken.NEWLINE
                            ? "missing ')' in macro parameter list" : "expected parameter name, found \"" + t.text
                            + "\"");
                    if (t.type != PpToken.NEWLINE) {
                        restOfLine(f);
                    } else {
                        f.bol = true;
                    }
                    return;
                }
                if (t.is(")")) {
                    break;
                }
                if (!t.is(",") || variadic) {
                    rep.error(f.origin, t.line, t.col, t.type == PpToken.NEWLINE
                            ? "missing ')' in macro parameter list" : "expected ',' or ')', found \"" + t.text + "\"");
                    if (t.type != PpToken.NEWLINE) {
                        restOfLine(f);
                    } else {
                        f.bol = true;
                    }
                    return;
                }
            }
        }
        List<PpToken> body = restOfLine(f);
        if (!body.isEmpty()) {
            body.get(0).prevWhite = false;
            if (body.get(0).is("##") || body.get(body.size() - 1).is("##")) {
                PpToken b = body.get(0).is("##") ? body.get(0) : body.get(body.size() - 1);
                rep.error(f.origin, b.line, b.col, "'##' cannot appear at either end of a macro expansion");
                return;
            }
        }
        Macro m = new Macro(name.text, function, params.toArray(new String[0]), variadic,
                replacementList(body, function, params), f.origin, name.line, name.col, 0);
        Macro old = macros.put(name.text, m);
        if (old != null && old.builtin == 0 && !old.sameAs(m) && old.origin != null
                && !"<command-line>".equals(old.origin.name)) {
            rep.warning(f.origin, name.line, name.col, "\"" + name.text + "\" redefined (previous definition at "
                    + old.origin.name + ":" + old.line + ":" + old.col + ")");
        }
    }

    /**
     * A #define's tokens in libcpp's form (create_iso_definition()): parameters numbered, each "##" dropped with
     * its left operand flagged pasteLeft (a run of them counts once), "# param" one stringify token that has the
     * '#''s white space. In assembler mode a '#' before anything else stays an ordinary token.
     */
    private static PpToken[] replacementList(List<PpToken> body, boolean function, List<String> params) {
        List<PpToken> l = new ArrayList<>(body.size());
        boolean afterPaste = false;
        for (int i = 0; i < body.size(); i++) {
            PpToken t = body.get(i);
            if (t.is("##")) {
                if (!afterPaste) {
                    l.get(l.size() - 1).pasteLeft = true;
                }
                afterPaste = true;
                continue;
            }
            afterPaste = false;
            if (function && t.type == PpToken.IDENT) {
                t.param = params.indexOf(t.text);
            }
            if (function && t.is("#") && i + 1 < body.size() && body.get(i + 1).type == PpToken.IDENT
                    && params.contains(body.get(i + 1).text)) {
                PpToken p = body.get(++i);
                p.param = params.indexOf(p.text);
                p.stringify = true;
                p.prevWhite = t.prevWhite;
                t = p;
            }
            l.add(t);
        }
        return l.toArray(new PpToken[0]);
    }

    private void doInclude(FileState f, PpToken hash) {
        char[] s = f.s;
        int p = f.pos;
        while (p < f.end && (s[p] == ' ' || s[p] == '\t')) {
            p++;
        }
        String fname = null;
        boolean angled = false;
        int nameLine = f.line;
        int nameCol = f.col(p);
        if (p < f.end && (s[p] == '"' || s[p] == '<')) {
            char close = s[p] == '"' ? '"' : '>';
            int q = p + 1;
            while (q < f.end && s[q] != close && s[q] != '\n') {
                q++;
            }
            if (q < f.end && s[q] == close) {
                fname = new String(s, p + 1, q - p - 1);
                angled = close == '>';
                f.pos = q + 1;
            }
            restOfLine(f);
        } else {
            List<PpToken> l = expandDirective(restOfLine(f));
            if (!l.isEmpty() && l.get(0).type == PpToken.STRING) {
                String t = l.get(0).text;
                fname = t.substring(1, t.length() - 1);
            } else if (!l.isEmpty() && l.get(0).is("<")) {
                StringBuilder sb = new StringBuilder();
                int i = 1;
                for (; i < l.size() && !l.get(i).is(">"); i++) {
                    if (i > 1 && l.get(i).prevWhite) {
                        sb.append(' ');
                    }
                    sb.append(l.get(i).text);
                }
                if (i < l.size()) {
                    fname = sb.toString();
                    angled = true;
                }
            }
        }
        if (fname == null || fname.isEmpty()) {
            rep.error(f.origin, hash.line, hash.col, "#include expects \"FILENAME\" or <FILENAME>");
            return;
        }
        if (f.origin.depth + 1 > limits.maxIncludeDepth()) {
            throw rep.fatal(f.origin, nameLine, nameCol, includeDepthMessage("#include", f.origin, limits));
        }
        Optional<SourceFile> sf;
        try {
            sf = resolver.resolve(fname, angled, f.origin.name);
        } catch (TooLargeException e) {
            throw rep.fatal(f.origin, nameLine, nameCol, e.getMessage());
        }
        if (sf.isEmpty()) {
            throw rep.fatal(f.origin, nameLine, nameCol, fname + ": No such file or directory");
        }
        if (sf.get().text().length() > limits.maxFileBytes()) {
            throw rep.fatal(f.origin, nameLine, nameCol, sf.get().name() + ": file is too large ("
                    + sf.get().text().length() + " bytes, limit file-bytes " + limits.maxFileBytes() + ")");
        }
        // the directive's newline was consumed, so the including line is the one before
        file = new FileState(TextChars.of(sf.get().text()), new Origin(sf.get().name(), f.origin, hash.line), f);
    }

    /**
     * cpp's "#include nested depth N exceeds maximum of M", with the cycle that got there when a file is on the chain
     * twice (a file including itself without an include guard).
     */
    public static String includeDepthMessage(String directive, Origin at, CompileLimits limits) {
        String cycle = at.cycle();
        return directive + " nested depth " + (at.depth + 1) + " exceeds maximum of " + limits.maxIncludeDepth()
                + " (limit include-depth)" + (cycle == null ? "" : "; include cycle: " + cycle);
    }

    // ---------------------------------------------------------------------------------------------------------
    // #if expressions

    private boolean evalCondition(FileState f, PpToken hash, List<PpToken> line, String what) {
        List<PpToken> l = new ArrayList<>();
        for (int i = 0; i < line.size(); i++) {
            PpToken t = line.get(i);
            if (t.type == PpToken.IDENT && t.text.equals("defined")) {
                int j = i + 1;
                boolean paren = j < line.size() && line.get(j).is("(");
                if (paren) {
                    j++;
                }
                if (j >= line.size() || line.get(j).type != PpToken.IDENT) {
                    rep.error(f.origin, t.line, t.col, "operator \"defined\" requires an identifier");
                    return false;
                }
                boolean v = macros.containsKey(line.get(j).text);
                if (paren) {
                    j++;
                    if (j >= line.size() || !line.get(j).is(")")) {
                        rep.error(f.origin, t.line, t.col, "missing ')' after \"defined\"");
                        return false;
                    }
                }
                l.add(new PpToken(PpToken.NUMBER, v ? "1" : "0", t.prevWhite, t.origin, t.line, t.col, false));
                i = j;
            } else {
                l.add(t);
            }
        }
        List<PpToken> x = expandDirective(l);
        if (x.isEmpty()) {
            rep.error(f.origin, hash.line, hash.col, what + " with no expression");
            return false;
        }
        CondExpr e = new CondExpr(x, rep, f.origin);
        return e.evaluate() != 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Macro expansion, as libcpp's macro.cc does it: padding tokens record where white space came from, so that
    // the output (below) puts a space exactly where gcc -E does.

    private static final class Context {
        final PpToken[] toks;
        int pos;
        /** The macro whose replacement list this is: re-enabled when the context ends. */
        final Macro macro;
        /** End of an argument being pre-expanded, or of a directive line: reads EOF there until popped. */
        final boolean barrier;
        /** Tokens read ahead and put back: ends without the padding a context's end otherwise gives. */
        final boolean lookahead;
        final Context next;

        Context(PpToken[] toks, Macro macro, boolean barrier, boolean lookahead, Context next) {
            this.toks = toks;
            this.macro = macro;
            this.barrier = barrier;
            this.lookahead = lookahead;
            this.next = next;
        }
    }

    /** Macro expansion is off: while looking for a function-like macro's '(' and collecting its arguments. */
    private int preventExpansion;
    /** Expanding a #if or #include line: libcpp makes no padding there. */
    private boolean directive;
    /** The token getToken() returned last came out of ctx.toks (so it can be put back with ctx.pos--). */
    private boolean lastFromContext;

    /** Puts tokens back in front of the input (they were read from the file). */
    private void pushBack(PpToken... t) {
        ctx = new Context(t, null, false, true, ctx);
    }

    /**
     * libcpp's cpp_get_token_1(): the next token with macros expanded, and the padding that macro boundaries
     * give. NEWLINE tokens come from the file only; EOF at the end of the input or of a barrier.
     */
    private PpToken getToken() {
        while (true) {
            PpToken t;
            Context c = ctx;
            if (c == null) {
                t = fileToken();
                lastFromContext = false;
            } else if (c.pos < c.toks.length) {
                t = c.toks[c.pos++];
                lastFromContext = true;
            } else if (c.barrier) {
                lastFromContext = false;
                return EOF_TOKEN;
            } else {
                ctx = c.next;
                if (c.macro != null) {
                    c.macro.disabled = false;
                }
                if (c.lookahead || directive) {
                    continue;
                }
                lastFromContext = false;
                return PpToken.PAD_NULL;
            }
            PpToken r = expandName(t);
            if (r != null) {
                return r;
            }
        }
    }

    /**
     * What cpp_get_token_1() does with a token it read: enters the macro a name stands for (returning the
     * padding for the name, or null in a directive), paints the name of a disabled macro, else returns t.
     */
    private PpToken expandName(PpToken t) {
        if (t.type == PpToken.PADDING) {
            return directive ? null : t;
        }
        if (t.type != PpToken.IDENT || t.noExpand) {
            return t;
        }
        Macro m = macros.get(t.text);
        if (m == null) {
            return t;
        }
        if (m.disabled) {
            PpToken p = t.copy();
            p.noExpand = true;
            return p;
        }
        if (preventExpansion > 0 || !enter(t, m)) {
            return t;
        }
        return directive ? null : PpToken.paddingFor(t);
    }

    /** The main loop: every token, expanded, to the output (gcc's scan_translation_unit()). */
    private void scan() {
        while (true) {
            PpToken t;
            if (ctx == null) {
                // plain file text: tokens that are not macro names or directives go straight to the output
                FileState f = file;
                int type = lexRaw(f);
                if (type == PpToken.NEWLINE) {
                    f.bol = true;
                    lineChange();
                    continue;
                }
                if (type != PpToken.EOF && !(f.bol && type == PpToken.PUNCT && rawText.equals("#"))
                        && !(type == PpToken.IDENT && macros.containsKey(rawText))) {
                    f.bol = false;
                    emit(type, rawText, rawWhite, f.origin, rawLine, rawCol, false);
                    continue;
                }
                t = expandName(fileToken(f, new PpToken(type, rawText, rawWhite, f.origin, rawLine, rawCol, false)));
                if (t == null) {
                    continue;
                }
            } else {
                t = getToken();
            }
            switch (t.type) {
                case PpToken.EOF:
                    return;
                case PpToken.NEWLINE:
                    lineChange();
                    break;
                case PpToken.PADDING:
                    padding(t);
                    break;
                default:
                    emit(t.type, t.text, t.prevWhite, t.origin, t.line, t.col, t.expanded);
            }
        }
    }

    /** A #if or #include line, fully macro-expanded, without padding. */
    private List<PpToken> expandDirective(List<PpToken> toks) {
        boolean saved = directive;
        directive = true;
        try {
            return expandList(toks);
        } finally {
            directive = saved;
        }
    }

    /** libcpp's expand_arg(): fully macro-expands a token list on its own, padding included. */
    private List<PpToken> expandList(List<PpToken> toks) {
        if (toks.isEmpty()) {
            return toks;
        }
        if (++argNesting > limits.maxMacroNesting()) {
            PpToken t = toks.get(0);
            throw rep.fatal(t.origin == null ? file.origin : t.origin, t.line, t.col,
                    "macro arguments nested too deeply (more than " + limits.maxMacroNesting()
                            + " levels, limit macro-nesting)");
        }
        Context saved = ctx;
        ctx = new Context(toks.toArray(new PpToken[0]), null, true, false, ctx);
        List<PpToken> res = new ArrayList<>(toks.size() + 4);
        try {
            for (PpToken t = getToken(); t.type != PpToken.EOF; t = getToken()) {
                res.add(t);
            }
        } finally {
            // pop everything above and including the barrier
            while (ctx != saved) {
                if (ctx.macro != null) {
                    ctx.macro.disabled = false;
                }
                ctx = ctx.next;
            }
            argNesting--;
        }
        return res;
    }

    /**
     * libcpp's enter_macro_context(): pushes macro m's replacement list for the name t; false when t stays as it
     * is (a function-like macro's name without '(' after it).
     */
    private boolean enter(PpToken t, Macro m) {
        if (m.builtin != 0) {
            String text;
            if (m.builtin == 1) {
                text = Integer.toString(t.line);
            } else {
                text = "\"" + t.origin.name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
            PpToken r = new PpToken(m.builtin == 1 ? PpToken.NUMBER : PpToken.STRING, text, false, t.origin, t.line,
                    t.col, true);
            ctx = new Context(new PpToken[] {r}, null, false, false, ctx);
            return true;
        }
        List<List<PpToken>> args = null;
        if (m.function) {
            preventExpansion++;
            try {
                if (!findOpenParen()) {
                    return false;
                }
                args = collectArgs(t, m);
            } finally {
                preventExpansion--;
            }
            if (args == null) {
                return true;
            }
        }
        PpToken[] exp = substitute(m, args, t);
        m.disabled = true;
        ctx = new Context(exp, m, false, false, ctx);
        return true;
    }

    /**
     * libcpp's funlike_invocation_p() up to the '(': reads past padding and newlines; when the next token is not
     * '(', puts it back with the padding that decides its spacing and the newlines (gcc prints them when it reads
     * the token again).
     */
    private boolean findOpenParen() {
        PpToken padding = null;
        int newlines = 0;
        PpToken n;
        while (true) {
            n = getToken();
            if (n.type == PpToken.NEWLINE) {
                newlines++;
                continue;
            }
            if (n.type != PpToken.PADDING) {
                break;
            }
            if (padding == null || padding.padSource == 0 || (padding.padSource == 1 && n.padSource == 0)) {
                padding = n;
            }
        }
        if (n.is("(")) {
            return true;
        }
        if (lastFromContext) {
            ctx.pos--;
        } else if (n.type != PpToken.EOF || newlines > 0) {
            // from the file (an EOF at a barrier or at the end of the input stays where it is)
            PpToken[] back = new PpToken[newlines + (n.type == PpToken.EOF ? 0 : 1)];
            for (int i = 0; i < newlines; i++) {
                back[i] = NEWLINE_TOKEN;
            }
            if (n.type != PpToken.EOF) {
                back[newlines] = n;
            }
            pushBack(back);
        }
        if (padding != null) {
            ctx = new Context(new PpToken[] {padding}, null, false, false, ctx);
        }
        return false;
    }

    private static final PpToken NEWLINE_TOKEN = new PpToken(PpToken.NEWLINE, "\n", false, null, 0, 0, false);

    /**
     * libcpp's collect_args(), after the '(': the arguments as read, unexpanded, each without leading and trailing
     * padding; a token that starts a new line gets PREV_WHITE. The variadic argument is null when it is missing
     * altogether (or is the only parameter and empty), which makes ", ## __VA_ARGS__" drop the comma.
     */
    private List<List<PpToken>> collectArgs(PpToken name, Macro m) {
        List<List<PpToken>> args = new ArrayList<>();
        List<PpToken> cur = new ArrayList<>();
        int depth = 0;
        boolean white = false;
        int np = m.params.length;
        while (true) {
            PpToken t = getToken();
            if (t.type == PpToken.EOF) {
                rep.error(name.origin, name.line, name.col, "unterminated argument list invoking macro \""
                        + m.name + "\"");
                return null;
            }
            if (t.type == PpToken.NEWLINE) {
                white = true;
                continue;
            }
            if (t.type == PpToken.PADDING) {
                if (!cur.isEmpty()) {
                    cur.add(t);
                }
                continue;
            }
            if (white && !t.prevWhite) {
                t = t.copy();
                t.prevWhite = true;
            }
            white = false;
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                if (depth == 0) {
                    args.add(dropTrailingPadding(cur));
                    break;
                }
                depth--;
            } else if (t.is(",") && depth == 0 && !(m.variadic && args.size() == np - 1)) {
                args.add(dropTrailingPadding(cur));
                cur = new ArrayList<>();
                continue;
            }
            cur.add(t);
        }
        if (np == 0 && args.size() == 1 && args.get(0).isEmpty()) {
            args.clear();
        }
        if (m.variadic && args.size() == np - 1) {
            args.add(null);
        } else if (m.variadic && np == 1 && args.size() == 1 && args.get(0).isEmpty()) {
            args.set(0, null);
        }
        if (args.size() < np) {
            rep.error(name.origin, name.line, name.col, "macro \"" + m.name + "\" requires " + np
                    + " arguments, but only " + args.size() + " given");
            return null;
        }
        if (args.size() > np) {
            rep.error(name.origin, name.line, name.col, "macro \"" + m.name + "\" passed " + args.size()
                    + " arguments, but takes just " + np);
            return null;
        }
        return args;
    }

    private static List<PpToken> dropTrailingPadding(List<PpToken> l) {
        int n = l.size();
        while (n > 0 && l.get(n - 1).type == PpToken.PADDING) {
            n--;
        }
        return n == l.size() ? l : new ArrayList<>(l.subList(0, n));
    }

    /**
     * libcpp's replace_args() and the pasting that rescanning does (paste_all_tokens()), done at once: the
     * replacement list with arguments in place (pre-expanded unless next to ## or after #), padding on the left
     * of each argument (unless it is the right operand of ##) and after it (unless it is the left operand), body
     * tokens at the invocation site.
     */
    private PpToken[] substitute(Macro m, List<List<PpToken>> args, PpToken site) {
        PpToken[] body = m.body;
        List<PpToken> res = new ArrayList<>(body.length + 8);
        List<List<PpToken>> expanded = null;
        boolean pastes = false;
        for (int i = 0; i < body.length; i++) {
            PpToken src = body[i];
            pastes |= src.pasteLeft;
            if (src.param < 0) {
                res.add(src.copyAt(site));
                continue;
            }
            List<PpToken> arg = args.get(src.param);
            boolean rhsOfPaste = i > 0 && body[i - 1].pasteLeft;
            List<PpToken> from;
            if (src.stringify) {
                from = List.of(stringify(arg, site));
            } else if (src.pasteLeft || rhsOfPaste) {
                from = arg == null ? List.of() : arg;
                if (rhsOfPaste && !res.isEmpty()) {
                    int last = res.size() - 1;
                    if (res.get(last).is(",") && m.variadic && src.param == m.params.length - 1) {
                        // GNU ", ## __VA_ARGS__": no variable arguments at all swallow the comma
                        if (arg == null) {
                            res.remove(last);
                        } else {
                            setPasteLeft(res, last, src.pasteLeft);
                        }
                    } else if (from.isEmpty()) {
                        // a placemarker: the left operand pastes with whatever follows, if anything
                        setPasteLeft(res, last, src.pasteLeft);
                    }
                }
            } else {
                if (expanded == null) {
                    expanded = new ArrayList<>(args.size());
                    for (int k = 0; k < args.size(); k++) {
                        expanded.add(null);
                    }
                }
                from = expanded.get(src.param);
                if (from == null) {
                    from = arg == null ? List.of() : expandList(arg);
                    expanded.set(src.param, from);
                }
            }
            if (!directive && i > 0 && !rhsOfPaste) {
                res.add(PpToken.paddingFor(src));
            }
            res.addAll(from);
            if (src.pasteLeft && !from.isEmpty()) {
                setPasteLeft(res, res.size() - 1, true);
            }
            if (!directive && !src.pasteLeft) {
                res.add(PpToken.PAD_NULL);
            }
        }
        expandedTokens += res.size();
        if (expandedTokens > limits.maxExpandedTokens()) {
            throw rep.fatal(site.origin, site.line, site.col, "macro expansion produced more than "
                    + limits.maxExpandedTokens() + " tokens (limit expanded-tokens; runaway macro recursion?) while "
                    + "expanding \"" + m.name
                    + "\"");
        }
        if (pastes) {
            res = paste(res);
        }
        return res.toArray(new PpToken[0]);
    }

    private static void setPasteLeft(List<PpToken> l, int i, boolean on) {
        PpToken t = l.get(i);
        if (t.pasteLeft != on) {
            if (t.type == PpToken.PADDING) {
                return;
            }
            t = t.copy();
            t.pasteLeft = on;
            l.set(i, t);
        }
    }

    /**
     * paste_all_tokens() on every run "a ## b ## …" of a replacement list: the pasted token between a padding
     * from the original left operand and the padding of its own context's end. An invalid paste (allowed in
     * assembler mode) keeps the left side so far and goes on with the right operand as an ordinary token.
     */
    private List<PpToken> paste(List<PpToken> in) {
        List<PpToken> outList = new ArrayList<>(in.size());
        int i = 0;
        while (i < in.size()) {
            PpToken t = in.get(i++);
            if (!t.pasteLeft) {
                outList.add(t);
                continue;
            }
            PpToken lhs = t;
            PpToken rhs;
            do {
                if (i >= in.size()) {
                    break;
                }
                rhs = in.get(i++);
                if (rhs.type == PpToken.PADDING || lhs.type == PpToken.PADDING) {
                    // libcpp spells a padding as nothing: the other operand comes out as it was
                    lhs = lhs.type == PpToken.PADDING ? rhs : lhs;
                    continue;
                }
                PpToken r = pasteTokens(lhs, rhs);
                if (r == null) {
                    i--;
                    break;
                }
                lhs = r;
            } while (rhs.pasteLeft);
            if (!directive) {
                outList.add(PpToken.paddingFor(t));
            }
            if (lhs.pasteLeft) {
                lhs = lhs.copy();
                lhs.pasteLeft = false;
            }
            outList.add(lhs);
            if (!directive) {
                outList.add(PpToken.PAD_NULL);
            }
        }
        return outList;
    }

    /**
     * libcpp's paste_tokens(): the token that lhs and rhs spell together, or null when that is not one token (a
     * '/' is kept apart so that no comment starts). The result has lhs's place and white space.
     */
    private PpToken pasteTokens(PpToken lhs, PpToken rhs) {
        String text = lhs.text + (lhs.is("/") && !rhs.is("=") ? " " : "") + rhs.text;
        FileState fs = new FileState(text.toCharArray(), lhs.origin, null);
        int type = lexRaw(fs);
        if (fs.pos != text.length() || type == PpToken.NEWLINE || type == PpToken.EOF) {
            return null;
        }
        return new PpToken(type, rawText, lhs.prevWhite, lhs.origin, lhs.line, lhs.col, lhs.expanded);
    }

    /** libcpp's stringify_arg(): the argument's spelling as a string literal, spaced as padding says. */
    private PpToken stringify(List<PpToken> arg, PpToken site) {
        StringBuilder sb = new StringBuilder("\"");
        int source = -1;
        int backslashes = 0;
        if (arg != null) {
            for (PpToken t : arg) {
                if (t.type == PpToken.PADDING) {
                    if (source <= 0 || (source == 1 && t.padSource == 0)) {
                        source = t.padSource;
                    }
                    continue;
                }
                if (sb.length() > 1) {
                    boolean white = source <= 0 ? t.prevWhite : source == 2;
                    if (white) {
                        sb.append(' ');
                    }
                }
                source = -1;
                if (t.type == PpToken.STRING || t.type == PpToken.CHAR) {
                    for (int k = 0; k < t.text.length(); k++) {
                        char c = t.text.charAt(k);
                        if (c == '"' || c == '\\') {
                            sb.append('\\');
                        }
                        sb.append(c);
                    }
                } else {
                    sb.append(t.text);
                }
                backslashes = t.type == PpToken.OTHER && t.text.charAt(0) == '\\' ? backslashes + 1 : 0;
            }
        }
        if ((backslashes & 1) != 0) {
            rep.warning(site.origin, site.line, site.col, "invalid string literal, ignoring final '\\'");
            sb.setLength(sb.length() - 1);
        }
        sb.append('"');
        return new PpToken(PpToken.STRING, sb.toString(), false, site.origin, site.line, site.col, true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Output, as gcc's token_streamer::stream() writes it for assembler-with-cpp

    /** Padding seen since the last token: check for a space even without PREV_WHITE (gcc's avoid_paste). */
    private boolean avoidPasteNext;
    /** The padding source that decides the next token's space: 0 none (the token's own), 1 no space, 2 space. */
    private int padSource;

    private void padding(PpToken p) {
        avoidPasteNext = true;
        if (padSource == 0 || (padSource == 1 && p.padSource == 0)) {
            padSource = p.padSource;
        }
    }

    /** A new output line (gcc's do_line_change()): nothing before it can paste with what follows. */
    private void lineChange() {
        out.append('\n');
        lastText = null;
        padSource = 0;
    }

    private void emit(int type, String text, boolean prevWhite, Origin origin, int line, int col, boolean expanded) {
        boolean space;
        if (avoidPasteNext) {
            space = (padSource == 0 ? prevWhite : padSource == 2)
                    || (lastText != null ? avoidPaste(lastType, lastText, type, text)
                            : type == PpToken.PUNCT && text.equals("#"));
            avoidPasteNext = false;
            padSource = 0;
        } else {
            space = prevWhite;
        }
        int len = out.length();
        // at a line start too: gcc indents such a line, and dtc takes only "#" in column 1 for a line marker
        if (space && (len == 0 || out.chars()[len - 1] != ' ')) {
            out.append(' ');
        }
        out.mark(origin, line, col, !expanded);
        out.append(text);
        lastType = type;
        lastText = text;
    }
    /** gcc's cpp_avoid_paste(): would printing b right after a make them lex differently? */
    private static boolean avoidPaste(int aType, String aText, int bType, String bText) {
        char c = bType == PpToken.PUNCT ? bText.charAt(0) : 0;
        if (aType == PpToken.PUNCT) {
            String x = aText;
            if (c == '=' && (x.length() == 1 && "=!><+-*/%&|^".indexOf(x.charAt(0)) >= 0
                    || x.equals(">>") || x.equals("<<"))) {
                return true;
            }
            switch (x) {
                case ">":
                    return c == '>';
                case "<":
                    return c == '<' || c == '%' || c == ':';
                case "+":
                    return c == '+';
                case "-":
                    return c == '-' || c == '>';
                case "/":
                    return c == '/' || c == '*';
                case "%":
                    return c == ':' || c == '>';
                case "<=":
                    return c == '>';
                case "&":
                    return c == '&';
                case "|":
                    return c == '|';
                case ":":
                    return c == ':' || c == '>';
                case "->":
                    return c == '*';
                case ".":
                    return c == '.' || c == '%' || bType == PpToken.NUMBER;
                case "#":
                    return c == '#' || c == '%';
                default:
                    return false;
            }
        }
        switch (aType) {
            case PpToken.IDENT:
                return (bType == PpToken.NUMBER && allIdentChars(bText)) || bType == PpToken.IDENT
                        || bType == PpToken.CHAR || bType == PpToken.STRING;
            case PpToken.NUMBER:
                return bType == PpToken.NUMBER || bType == PpToken.IDENT || bType == PpToken.CHAR || c == '.'
                        || c == '+' || c == '-';
            case PpToken.OTHER:
                return aText.charAt(0) == '\\' && bType == PpToken.IDENT;
            default:
                return false;
        }
    }

    private static boolean allIdentChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!identPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
