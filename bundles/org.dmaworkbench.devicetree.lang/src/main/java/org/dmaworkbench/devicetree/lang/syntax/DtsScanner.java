package org.dmaworkbench.devicetree.lang.syntax;

import java.util.Set;

/**
 * Splits device-tree source, as written (before cpp), into classified tokens: what an editor colours and what
 * {@link SourceModel} builds its structure from. Unlike the compiler's lexer it sees the text the user sees:
 * preprocessor lines, macro names, comments. It never fails: text it cannot place becomes {@link TokenKind#NAME}
 * or punctuation, and the structure around it is kept. A name's role is decided by what follows it, as in dtc's
 * grammar: a node name before '{', a property name before '=' or ';', a label before ':'.
 */
public final class DtsScanner {
    private static final Set<String> DIRECTIVES = Set.of("include", "include_next", "define", "undef", "if", "ifdef",
            "ifndef", "elif", "else", "endif", "error", "warning", "pragma", "line", "ident");
    private static final Set<String> DTS_DIRECTIVES = Set.of("/dts-v1/", "/plugin/", "/memreserve/", "/delete-node/",
            "/delete-property/", "/include/", "/bits/", "/omit-if-no-ref/", "/incbin/");

    private final String s;
    private final int n;
    private final Tokens out;
    private int pos;
    /** Only white space since the start of the line: a '#' here starts a directive. */
    private boolean bol = true;
    private boolean inValue;
    private boolean inCells;
    private boolean inBytes;
    private int parens;
    /** The next name is a node's (after /delete-node/) or a property's (after /delete-property/). */
    private TokenKind forcedName;
    /** The next string is a file name (after /include/). */
    private boolean includeNext;
    /** Inside a macro invocation that stands for a whole statement: ends when its parentheses close. */
    private boolean macroStatement;

    private DtsScanner(String text) {
        this.s = text;
        this.n = text.length();
        this.out = new Tokens(text, text.length() / 6);
    }

    /** Scans {@code text} (a whole file). */
    public static Tokens scan(String text) {
        DtsScanner sc = new DtsScanner(text);
        sc.run();
        return sc.out;
    }

    private void run() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n') {
                bol = true;
                pos++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                pos++;
                continue;
            }
            if (c == '\\' && pos + 1 < n && s.charAt(pos + 1) == '\n') {
                pos += 2;
                continue;
            }
            if (c == '#' && bol && directiveAhead()) {
                directive();
                continue;
            }
            bol = false;
            if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
                blockComment();
                continue;
            }
            if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '/') {
                lineComment();
                continue;
            }
            if (inValue) {
                value(c);
            } else {
                statement(c);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Preprocessor lines

    /** After the '#': a directive name or a line number (cpp's "# 12 "file"" marker), else a property like #size-cells. */
    private boolean directiveAhead() {
        int p = pos + 1;
        while (p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        if (p >= n || s.charAt(p) == '\n') {
            return true; // the null directive
        }
        if (Character.isDigit(s.charAt(p))) {
            return true;
        }
        int e = p;
        while (e < n && isIdent(s.charAt(e))) {
            e++;
        }
        if (e == p || !DIRECTIVES.contains(s.substring(p, e))) {
            return false;
        }
        // "#include-something" would be a property name in dtc terms, but cpp reads #include first
        return true;
    }

    private void directive() {
        int start = pos;
        int p = pos + 1;
        while (p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        int e = p;
        while (e < n && isIdent(s.charAt(e))) {
            e++;
        }
        String name = s.substring(p, e);
        out.add(start, e - start, TokenKind.PREPROCESSOR);
        pos = e;
        skipBlanks();
        if ((name.equals("include") || name.equals("include_next")) && pos < n
                && (s.charAt(pos) == '"' || s.charAt(pos) == '<')) {
            char close = s.charAt(pos) == '"' ? '"' : '>';
            int q = pos + 1;
            while (q < n && s.charAt(q) != close && s.charAt(q) != '\n') {
                q++;
            }
            int end = q < n && s.charAt(q) == close ? q + 1 : q;
            out.add(pos, end - pos, TokenKind.INCLUDE_PATH);
            pos = end;
        } else if (name.equals("define") && pos < n && isIdentStart(s.charAt(pos))) {
            int q = pos;
            while (q < n && isIdent(s.charAt(q))) {
                q++;
            }
            out.add(pos, q - pos, TokenKind.MACRO_DEFINITION);
            pos = q;
        }
        restOfDirective();
        bol = true;
    }

    /** The rest of a logical line (backslash-newlines joined), comments kept apart as cpp treats them as space. */
    private void restOfDirective() {
        int chunk = pos;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos + 1 < n && (s.charAt(pos + 1) == '\n'
                    || s.charAt(pos + 1) == '\r' && pos + 2 < n && s.charAt(pos + 2) == '\n')) {
                pos += s.charAt(pos + 1) == '\r' ? 3 : 2;
                continue;
            }
            if (c == '/' && pos + 1 < n && (s.charAt(pos + 1) == '*' || s.charAt(pos + 1) == '/')) {
                addTrimmed(chunk, pos, TokenKind.PREPROCESSOR);
                if (s.charAt(pos + 1) == '*') {
                    blockComment();
                } else {
                    lineComment();
                }
                chunk = pos;
                continue;
            }
            if (c == '"' || c == '\'') {
                skipQuoted(c);
                continue;
            }
            pos++;
        }
        addTrimmed(chunk, pos, TokenKind.PREPROCESSOR);
    }

    private void addTrimmed(int from, int to, TokenKind k) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        out.add(from, to - from, k);
    }

    private void skipQuoted(char q) {
        pos++;
        while (pos < n && s.charAt(pos) != q && s.charAt(pos) != '\n') {
            if (s.charAt(pos) == '\\' && pos + 1 < n) {
                pos++;
            }
            pos++;
        }
        if (pos < n && s.charAt(pos) == q) {
            pos++;
        }
    }

    private void skipBlanks() {
        while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void blockComment() {
        int start = pos;
        int e = s.indexOf("*/", pos + 2);
        pos = e < 0 ? n : e + 2;
        out.add(start, pos - start, TokenKind.COMMENT);
    }

    private void lineComment() {
        int start = pos;
        while (pos < n && s.charAt(pos) != '\n') {
            if (s.charAt(pos) == '\\' && pos + 1 < n && s.charAt(pos + 1) == '\n') {
                pos++;
            }
            pos++;
        }
        out.add(start, pos - start, TokenKind.COMMENT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Statements: node and property heads, labels, references, directives

    private void statement(char c) {
        int start = pos;
        switch (c) {
            case '{':
                punct();
                forcedName = null;
                return;
            case '}':
            case ';':
                punct();
                forcedName = null;
                return;
            case '=':
                punct();
                inValue = true;
                inCells = false;
                inBytes = false;
                parens = 0;
                return;
            case '&':
                reference();
                return;
            case '"':
                string(includeNext ? TokenKind.INCLUDE_PATH : TokenKind.STRING);
                includeNext = false;
                return;
            case '/':
                if (dtsDirective()) {
                    return;
                }
                punct();
                return;
            default:
                break;
        }
        if (isNameChar(c)) {
            int e = pos;
            while (e < n && isNameChar(s.charAt(e))) {
                e++;
            }
            pos = e;
            classifyName(start, e);
            return;
        }
        pos++;
        out.add(start, 1, c == ',' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']'
                ? TokenKind.PUNCTUATION : TokenKind.OPERATOR);
    }

    private void punct() {
        out.add(pos, 1, TokenKind.PUNCTUATION);
        pos++;
    }

    /** {@code /word/}: one of dtc's directives (a bare '/' is the root node). */
    private boolean dtsDirective() {
        int e = pos + 1;
        while (e < n && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '-')) {
            e++;
        }
        if (e >= n || s.charAt(e) != '/' || e == pos + 1) {
            return false;
        }
        String d = s.substring(pos, e + 1);
        if (!DTS_DIRECTIVES.contains(d)) {
            return false;
        }
        out.add(pos, d.length(), TokenKind.DIRECTIVE);
        pos = e + 1;
        switch (d) {
            case "/delete-node/" -> forcedName = TokenKind.NODE_NAME;
            case "/delete-property/" -> forcedName = TokenKind.PROPERTY_NAME;
            case "/include/" -> includeNext = true;
            case "/memreserve/", "/bits/", "/incbin/" -> {
                inValue = true;
                inCells = false;
                inBytes = false;
                parens = 0;
            }
            default -> {
            }
        }
        return true;
    }

    private void reference() {
        int start = pos;
        if (pos + 1 < n && s.charAt(pos + 1) == '{') {
            int e = pos + 2;
            while (e < n && s.charAt(e) != '}' && s.charAt(e) != '\n') {
                e++;
            }
            pos = e < n && s.charAt(e) == '}' ? e + 1 : e;
            out.add(start, pos - start, TokenKind.REFERENCE);
            return;
        }
        int e = pos + 1;
        while (e < n && isIdent(s.charAt(e))) {
            e++;
        }
        if (e == pos + 1) {
            pos++;
            out.add(start, 1, TokenKind.OPERATOR);
            return;
        }
        pos = e;
        out.add(start, e - start, TokenKind.REFERENCE);
    }

    /** Classifies a name at a statement by what comes after it. */
    private void classifyName(int start, int end) {
        int next = peekSignificant(end);
        char after = next < n ? s.charAt(next) : 0;
        if (forcedName != null) {
            addName(start, end, forcedName);
            forcedName = null;
            return;
        }
        if (after == ':' && (next + 1 >= n || s.charAt(next + 1) != ':') && isLabelName(start, end)) {
            out.add(start, end - start, TokenKind.LABEL);
            // the ':' itself
            pos = next + 1;
            out.add(next, 1, TokenKind.PUNCTUATION);
            return;
        }
        if (after == '{') {
            addName(start, end, TokenKind.NODE_NAME);
        } else if (after == '=' || after == ';') {
            out.add(start, end - start, TokenKind.PROPERTY_NAME);
        } else if (after == '(' && isLabelName(start, end)) {
            // a macro that expands to a whole property or node
            out.add(start, end - start, TokenKind.MACRO);
            inValue = true;
            inCells = false;
            inBytes = false;
            parens = 0;
            macroStatement = true;
        } else {
            out.add(start, end - start, TokenKind.NAME);
        }
    }

    private void addName(int start, int end, TokenKind k) {
        if (k == TokenKind.NODE_NAME) {
            int at = s.indexOf('@', start);
            if (at >= 0 && at < end) {
                out.add(start, at - start, TokenKind.NODE_NAME);
                out.add(at, end - at, TokenKind.UNIT_ADDRESS);
                return;
            }
        }
        out.add(start, end - start, k);
    }

    /** The offset of the next character that is not white space or a comment (n at the end). */
    private int peekSignificant(int p) {
        while (p < n) {
            char c = s.charAt(p);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                p++;
            } else if (c == '/' && p + 1 < n && s.charAt(p + 1) == '*') {
                int e = s.indexOf("*/", p + 2);
                p = e < 0 ? n : e + 2;
            } else if (c == '/' && p + 1 < n && s.charAt(p + 1) == '/') {
                while (p < n && s.charAt(p) != '\n') {
                    p++;
                }
            } else {
                return p;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Values: cells, strings, byte strings, references, macros and expressions

    private void value(char c) {
        int start = pos;
        if (inBytes) {
            if (c == ']') {
                inBytes = false;
                punct();
            } else if (isHex(c)) {
                int e = pos;
                while (e < n && isHex(s.charAt(e))) {
                    e++;
                }
                pos = e;
                out.add(start, e - start, TokenKind.NUMBER);
            } else if (isIdentStart(c)) {
                identInValue();
            } else if (c == ';' || c == '{' || c == '}') {
                inBytes = false;
                endValue(c);
            } else {
                pos++;
                out.add(start, 1, TokenKind.PUNCTUATION);
            }
            return;
        }
        if (c == '"') {
            string(includeNext ? TokenKind.INCLUDE_PATH : TokenKind.STRING);
            includeNext = false;
            return;
        }
        if (c == '\'') {
            skipQuoted('\'');
            out.add(start, pos - start, TokenKind.CHAR);
            return;
        }
        if (Character.isDigit(c)) {
            int e = pos;
            while (e < n && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) {
                e++;
            }
            pos = e;
            out.add(start, e - start, TokenKind.NUMBER);
            return;
        }
        if (isIdentStart(c)) {
            identInValue();
            return;
        }
        switch (c) {
            case '&':
                if (parens == 0 && pos + 1 < n && (s.charAt(pos + 1) == '{' || isIdentStart(s.charAt(pos + 1)))) {
                    reference();
                } else {
                    operator();
                }
                return;
            case '<':
                if (parens == 0 && !inCells && !(pos + 1 < n && (s.charAt(pos + 1) == '<' || s.charAt(pos + 1) == '='))) {
                    inCells = true;
                    punct();
                } else {
                    operator();
                }
                return;
            case '>':
                if (parens == 0 && inCells && !(pos + 1 < n && (s.charAt(pos + 1) == '>' || s.charAt(pos + 1) == '='))) {
                    inCells = false;
                    punct();
                } else {
                    operator();
                }
                return;
            case '[':
                if (parens == 0 && !inCells) {
                    inBytes = true;
                }
                punct();
                return;
            case '(':
                parens++;
                punct();
                return;
            case ')':
                parens = Math.max(0, parens - 1);
                punct();
                if (parens == 0 && macroStatement && !inCells) {
                    macroStatement = false;
                    inValue = false;
                }
                return;
            case ',':
                punct();
                return;
            case ';':
            case '{':
            case '}':
                endValue(c);
                return;
            case '/':
                if (dtsDirective()) {
                    return;
                }
                operator();
                return;
            default:
                operator();
        }
    }

    private void endValue(char c) {
        inValue = false;
        inCells = false;
        parens = 0;
        macroStatement = false;
        punct();
    }

    private void operator() {
        int start = pos;
        char c = s.charAt(pos);
        int len = 1;
        if (pos + 1 < n) {
            char d = s.charAt(pos + 1);
            if ((c == '<' || c == '>') && (d == c || d == '=') || (c == '=' || c == '!') && d == '='
                    || (c == '&' || c == '|') && d == c) {
                len = 2;
            }
        }
        pos += len;
        out.add(start, len, TokenKind.OPERATOR);
    }

    private void identInValue() {
        int start = pos;
        int e = pos;
        while (e < n && isIdent(s.charAt(e))) {
            e++;
        }
        pos = e;
        if (parens == 0 && e < n && s.charAt(e) == ':' && !(e + 1 < n && s.charAt(e + 1) == ':')) {
            out.add(start, e - start, TokenKind.LABEL);
            out.add(e, 1, TokenKind.PUNCTUATION);
            pos = e + 1;
            return;
        }
        out.add(start, e - start, TokenKind.MACRO);
    }

    private void string(TokenKind k) {
        int start = pos;
        skipQuoted('"');
        out.add(start, pos - start, k);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdent(char c) {
        return isIdentStart(c) || c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** dtc's PROPNODECHAR plus '@' for unit addresses. */
    static boolean isNameChar(char c) {
        return isIdent(c) || c == ',' || c == '.' || c == '+' || c == '*' || c == '#' || c == '?' || c == '@'
                || c == '-';
    }

    private boolean isLabelName(int start, int end) {
        if (!isIdentStart(s.charAt(start))) {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (!isIdent(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
