package org.dmaworkbench.devicetree.lang;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.lang.syntax.DtsScanner;
import org.dmaworkbench.devicetree.lang.syntax.LineIndex;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;

/**
 * Formats device-tree source per the kernel's Documentation/devicetree/bindings/dts-coding-style.rst (Linux 6.12):
 * one tab per nesting level; a value continued on more lines aligned with its first value (the opening {@code <} or
 * {@code "} of the first line), inside an open {@code <…>} with its first cell; one space around {@code =} and
 * before {@code {}; a blank line before each child node and between top-level blocks, none after {@code {} or before
 * {@code };}; no trailing white space, no runs of blank lines. What it never touches: preprocessor lines and their
 * continuations, the inside of values (so macro invocations and the alignment of tables stay as written), the text of
 * comments. Each {@code #if} branch is indented from the depth the {@code #if} had, so unbalanced braces in branches
 * do not shift what follows. Formatting formatted text changes nothing.
 */
public final class DtsFormatter {

    private DtsFormatter() {
    }

    /** The formatted text. */
    public static String format(String text) {
        return new Run(text).run();
    }

    /** The edits that turn {@code text} into its formatted form, one per changed line range (for an undoable apply). */
    public static List<TextEdit> edits(java.nio.file.Path file, String text) {
        String f = format(text);
        List<TextEdit> out = new ArrayList<>();
        if (f.equals(text)) {
            return out;
        }
        // one edit for the span between the common prefix and suffix keeps the caret and markers elsewhere
        int p = 0;
        while (p < text.length() && p < f.length() && text.charAt(p) == f.charAt(p)) {
            p++;
        }
        int s = 0;
        while (s < text.length() - p && s < f.length() - p
                && text.charAt(text.length() - 1 - s) == f.charAt(f.length() - 1 - s)) {
            s++;
        }
        out.add(new TextEdit(file, p, text.length() - p - s, f.substring(p, f.length() - s)));
        return out;
    }

    private static final class Run {
        private final String text;
        private final Tokens t;
        private final LineIndex lines;
        private final StringBuilder out = new StringBuilder();
        /** Per #if level: the depth at the #if, the depth at the end of its first branch (-1 while in it). */
        private final List<int[]> conds = new ArrayList<>();
        /** Indexes of result lines that are preprocessor lines: a node right after one gets no blank line. */
        private final java.util.Set<Integer> directives = new java.util.HashSet<>();
        private int depth;
        private int tok;
        /** Inside a property value that has not ended: the column continuation lines align to. */
        private int valueColumn = -1;
        private int cellColumn = -1;
        private boolean inCells;
        private int parens;

        Run(String text) {
            this.text = text;
            this.t = DtsScanner.scan(text);
            this.lines = new LineIndex(text);
        }

        String run() {
            List<String> result = new ArrayList<>();
            List<Boolean> nodeStart = new ArrayList<>();
            List<Boolean> attachable = new ArrayList<>();
            int n = lines.lineCount();
            for (int line = 1; line <= n; line++) {
                int ls = lines.lineStart(line);
                int le = lines.lineEnd(line, false);
                if (line == n && ls == text.length()) {
                    break; // after the final newline
                }
                String raw = text.substring(ls, le);
                String stripped = stripRight(raw);
                // tokens of this line
                int first = tok;
                while (tok < t.size() && t.start(tok) < ls) {
                    tok++;
                }
                first = tok;
                int lastTok = first;
                while (lastTok < t.size() && t.start(lastTok) <= le) {
                    lastTok++;
                }
                boolean startsInsideToken = first > 0 && t.end(first - 1) > ls && t.start(first - 1) < ls;
                if (startsInsideToken) {
                    // the continuation of a comment or string spanning lines: its text stays
                    TokenKind k = t.kind(first - 1);
                    result.add(k == TokenKind.COMMENT ? reindentComment(first - 1, stripped) : stripped);
                    nodeStart.add(false);
                    attachable.add(true);
                    continue;
                }
                String content = stripped.strip();
                if (content.isEmpty()) {
                    result.add("");
                    nodeStart.add(false);
                    attachable.add(false);
                    continue;
                }
                if (first < lastTok && t.kind(first) == TokenKind.PREPROCESSOR) {
                    // a directive, or its continuation after a backslash-newline: as written
                    if (t.image(first).startsWith("#")) {
                        directive(t.image(first));
                    }
                    result.add(stripped);
                    nodeStart.add(false);
                    attachable.add(false);
                    directives.add(result.size() - 1);
                    continue;
                }
                boolean closes = content.startsWith("}");
                String indent;
                if (valueColumn >= 0 && content.startsWith(">")) {
                    // the '>' closing cells opened lines above sits at the property's level
                    indent = "\t".repeat(Math.max(0, depth));
                } else if (valueColumn >= 0) {
                    indent = columns(inCells && cellColumn >= 0 ? cellColumn : valueColumn);
                } else {
                    indent = "\t".repeat(Math.max(0, depth - (closes ? 1 : 0)));
                }
                String body = normalize(content, first, lastTok);
                boolean isNode = isNodeStart(first, lastTok);
                result.add(indent + body);
                emittedIndent.put(line, indent);
                nodeStart.add(isNode);
                attachable.add(first < lastTok && t.kind(first) == TokenKind.COMMENT);
                int lineStartCol = displayWidth(indent);
                advanceCode(first, lastTok, ls, lineStartCol, indent.length(), body);
            }
            return assemble(result, nodeStart, attachable);
        }

        /** Blank lines: none after '{' or before '};', one before a node (and its comments), no runs. */
        private String assemble(List<String> ls, List<Boolean> node, List<Boolean> attachable) {
            List<String> outLines = new ArrayList<>();
            java.util.Set<Integer> outDirectives = new java.util.HashSet<>();
            for (int i = 0; i < ls.size(); i++) {
                String l = ls.get(i);
                if (l.isEmpty()) {
                    String prev = outLines.isEmpty() ? null : outLines.get(outLines.size() - 1);
                    if (prev == null || prev.isEmpty() || prev.endsWith("{")) {
                        continue;
                    }
                    String next = nextNonEmpty(ls, i);
                    if (next == null || next.strip().startsWith("}")) {
                        continue;
                    }
                    outLines.add("");
                    continue;
                }
                if (node.get(i)) {
                    // the blank line goes above the comments that belong to the node
                    int at = outLines.size();
                    int k = i - 1;
                    while (k >= 0 && attachable.get(k) && !ls.get(k).isEmpty()) {
                        k--;
                        at--;
                    }
                    if (at > 0 && at <= outLines.size()) {
                        String before = outLines.get(at - 1);
                        if (!before.isEmpty() && !before.endsWith("{") && !outDirectives.contains(at - 1)) {
                            outLines.add(at, "");
                        }
                    }
                }
                if (directives.contains(i)) {
                    outDirectives.add(outLines.size());
                }
                outLines.add(l);
            }
            while (!outLines.isEmpty() && outLines.get(outLines.size() - 1).isEmpty()) {
                outLines.remove(outLines.size() - 1);
            }
            StringBuilder sb = new StringBuilder();
            for (String l : outLines) {
                sb.append(l).append('\n');
            }
            if (!text.endsWith("\n") && sb.length() > 0) {
                sb.setLength(sb.length() - 1);
            }
            return sb.toString();
        }

        private static String nextNonEmpty(List<String> ls, int i) {
            for (int k = i + 1; k < ls.size(); k++) {
                if (!ls.get(k).isEmpty()) {
                    return ls.get(k);
                }
            }
            return null;
        }

        /** A line whose statement opens a node: [labels] name [@unit] '{' (or &ref '{', or '/' '{'). */
        private boolean isNodeStart(int first, int last) {
            int i = first;
            while (i < last && (t.kind(i) == TokenKind.LABEL || t.kind(i) == TokenKind.PUNCTUATION && t.is(i, ':')
                    || t.kind(i) == TokenKind.DIRECTIVE && t.is(i, "/omit-if-no-ref/"))) {
                i++;
            }
            if (i >= last) {
                return false;
            }
            if (t.kind(i) == TokenKind.NODE_NAME || t.kind(i) == TokenKind.REFERENCE
                    || t.kind(i) == TokenKind.PUNCTUATION && t.is(i, '/')) {
                for (int k = i + 1; k < last; k++) {
                    if (t.is(k, '{')) {
                        return true;
                    }
                    if (t.kind(k) != TokenKind.UNIT_ADDRESS && t.kind(k) != TokenKind.COMMENT) {
                        return false;
                    }
                }
            }
            return false;
        }

        /** One space around the first '=' of a property and before '{' of a node; the rest as written. */
        private String normalize(String content, int first, int last) {
            if (valueColumn >= 0 || first >= last) {
                return content;
            }
            int base = t.start(first) - content.length() + content.length(); // content starts at the first token
            int ls = t.start(first);
            // property: NAME [ws] = [ws] VALUE
            int i = first;
            while (i < last && (t.kind(i) == TokenKind.LABEL || t.is(i, ':'))) {
                i++;
            }
            if (i < last && t.kind(i) == TokenKind.PROPERTY_NAME && i + 1 < last && t.is(i + 1, '=') && i + 2 < last) {
                String head = text.substring(ls, t.end(i));
                String rest = text.substring(t.start(i + 2), t.start(first) + content.length());
                return labelsSpaced(head) + " = " + rest;
            }
            if (isNodeStart(first, last)) {
                int brace = -1;
                for (int k = i; k < last; k++) {
                    if (t.is(k, '{')) {
                        brace = k;
                        break;
                    }
                }
                if (brace > 0 && t.end(brace - 1) <= t.start(brace)) {
                    String head = text.substring(ls, t.end(brace - 1));
                    String rest = text.substring(t.start(brace), t.start(first) + content.length());
                    if (head.contains("/*") || head.contains("//")) {
                        return content;
                    }
                    return labelsSpaced(head) + " " + rest;
                }
            }
            return base >= 0 ? content : content;
        }

        /** "lbl:   name" → "lbl: name": one space after each label's ':'. */
        private static String labelsSpaced(String head) {
            return head.replaceAll(":[ \\t]+", ": ");
        }

        /** Depth and value state after the tokens of a code line. */
        private void advanceCode(int first, int last, int lineStart, int lineStartCol, int indentLen, String body) {
            // columns are measured on the formatted line: its indent, then the body as written
            int bodyStart = first < last ? t.start(first) : lineStart;
            for (int i = first; i < last; i++) {
                TokenKind k = t.kind(i);
                if (k.isTrivia()) {
                    continue;
                }
                if (valueColumn < 0 && k == TokenKind.PUNCTUATION && t.is(i, '=')) {
                    int next = i + 1;
                    while (next < t.size() && t.kind(next) == TokenKind.COMMENT) {
                        next++;
                    }
                    if (next < last) {
                        valueColumn = lineStartCol + columnIn(body, t.start(next) - bodyStart, first, i);
                    } else {
                        valueColumn = lineStartCol + 8; // value starts on the next line: one more tab
                    }
                    inCells = false;
                    parens = 0;
                    continue;
                }
                if (valueColumn >= 0) {
                    if (k == TokenKind.PUNCTUATION && t.is(i, ';') || t.is(i, '{') || t.is(i, '}')) {
                        valueColumn = -1;
                        cellColumn = -1;
                        inCells = false;
                        if (t.is(i, '{')) {
                            depth++;
                        } else if (t.is(i, '}')) {
                            depth--;
                        }
                        continue;
                    }
                    if (t.is(i, '(')) {
                        parens++;
                    } else if (t.is(i, ')')) {
                        parens--;
                    } else if (parens == 0 && k == TokenKind.PUNCTUATION && t.is(i, '<')) {
                        inCells = true;
                        cellColumn = lineStartCol + columnIn(body, t.start(i) + 1 - bodyStart, first, i) ;
                    } else if (parens == 0 && k == TokenKind.PUNCTUATION && t.is(i, '>')) {
                        inCells = false;
                    }
                    continue;
                }
                if (k == TokenKind.PUNCTUATION && t.is(i, '{')) {
                    depth++;
                } else if (k == TokenKind.PUNCTUATION && t.is(i, '}')) {
                    depth = Math.max(0, depth - 1);
                }
            }
        }

        /**
         * The display column (0-based, from the body's start) of {@code rel} characters into the original body; the
         * body was normalized, so map through the normalized text when the line is a property head.
         */
        private int columnIn(String body, int rel, int first, int eqToken) {
            // after normalization the value starts right after "name = "; a value token after '=' on the same line
            // is at body.indexOf(" = ") + 3 when the head was normalized
            String original = text.substring(t.start(first), Math.min(text.length(), t.start(first) + Math.max(0, rel)));
            int eq = t.start(eqToken) - t.start(first);
            int normEq = body.indexOf(" = ");
            if (normEq >= 0 && rel > eq) {
                // the part after '=' is unchanged except for the spaces right after it
                int after = t.start(eqToken) + 1;
                while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
                    after++;
                }
                int into = t.start(first) + rel - after;
                return displayWidth(body.substring(0, Math.min(body.length(), normEq + 3 + Math.max(0, into))));
            }
            return displayWidth(original);
        }

        /** #if/#else/#endif: each branch starts at the #if's depth; after #endif the first branch's depth holds. */
        private void directive(String image) {
            String d = image.substring(1).strip();
            switch (d) {
                case "if", "ifdef", "ifndef" -> conds.add(new int[] {depth, -1});
                case "elif", "else" -> {
                    if (!conds.isEmpty()) {
                        int[] c = conds.get(conds.size() - 1);
                        if (c[1] < 0) {
                            c[1] = depth;
                        }
                        depth = c[0];
                    }
                }
                case "endif" -> {
                    if (!conds.isEmpty()) {
                        int[] c = conds.remove(conds.size() - 1);
                        if (c[1] >= 0) {
                            depth = c[1];
                        }
                    }
                }
                default -> {
                }
            }
        }

        /** The indentation given to each line of code written so far, by line number. */
        private final java.util.Map<Integer, String> emittedIndent = new java.util.HashMap<>();

        /** A comment line after the first: moved by as much as the comment's first line moved. */
        private String reindentComment(int token, String line) {
            int cs = t.start(token);
            int firstLine = lines.line(cs);
            int ls = lines.lineStart(firstLine);
            String origIndent = text.substring(ls, ls + indentOf(text.substring(ls, lines.lineEnd(firstLine, false))));
            if (cs != ls + origIndent.length()) {
                return line; // the comment follows code on its first line: keep
            }
            // as far as the comment's first line moved: the indent it was given (a value's continuation column, or its
            // node's depth), so that formatting the result again moves nothing
            String newIndent = emittedIndent.getOrDefault(firstLine, "\t".repeat(Math.max(0, depth)));
            String lineIndent = line.substring(0, indentOf(line));
            if (line.isEmpty()) {
                return line; // a blank line inside the comment stays blank: no trailing white space
            }
            if (lineIndent.startsWith(origIndent)) {
                return newIndent + line.substring(origIndent.length());
            }
            return line;
        }

        private static int indentOf(String s) {
            int i = 0;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }

        private static String stripRight(String s) {
            int e = s.length();
            while (e > 0 && Character.isWhitespace(s.charAt(e - 1))) {
                e--;
            }
            return s.substring(0, e);
        }

        /** Tabs as far as they go, then spaces, to reach display column {@code col} (0-based). */
        private static String columns(int col) {
            return "\t".repeat(col / 8) + " ".repeat(col % 8);
        }

        private static int displayWidth(String s) {
            int c = 0;
            for (int i = 0; i < s.length(); i++) {
                c = s.charAt(i) == '\t' ? (c / 8 + 1) * 8 : c + 1;
            }
            return c;
        }
    }
}
