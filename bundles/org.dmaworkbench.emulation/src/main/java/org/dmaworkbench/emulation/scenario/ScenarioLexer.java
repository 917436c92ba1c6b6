package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;

/** Splits .dmascn text into tokens with 1-based line and column (tab stops every 8 columns, as gcc counts). */
final class ScenarioLexer {
    enum Type {
        WORD, NUMBER, STRING, REF, PATH, EQUALS, LBRACE, RBRACE, SEMI, BAR, COMMA, NEWLINE, EOF
    }

    /** A token; {@code start}/{@code end} are char offsets into the text (end exclusive), for editors. */
    record Token(Type type, String text, SourcePosition pos, int start, int end) {
        boolean is(Type t) {
            return type == t;
        }

        boolean isWord(String w) {
            return type == Type.WORD && text.equals(w);
        }

        /** How the token is shown in messages. */
        String shown() {
            return switch (type) {
                case STRING -> "\"" + text + "\"";
                case REF -> "&" + text;
                case NEWLINE -> "end of line";
                case EOF -> "end of file";
                default -> text;
            };
        }
    }

    private final String file;
    private final String s;
    private final List<Diagnostic> diags;
    private int i;
    private int line = 1;
    private int lineStart;

    ScenarioLexer(String file, String text, List<Diagnostic> diags) {
        this.file = file;
        this.s = text;
        this.diags = diags;
    }

    private int colAt = -1;
    private int col;

    /** Column as gcc and the device-tree compiler print it: 1-based, a tab advances to the next multiple of 8 plus 1. */
    private SourcePosition pos(int at) {
        if (colAt < lineStart || colAt > at) {
            colAt = lineStart;
            col = 1;
        }
        for (; colAt < at; colAt++) {
            col = s.charAt(colAt) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
        }
        return new SourcePosition(file, line, col);
    }

    /** Comments as {start, end} char offsets, in file order (the parser never sees them; editors colour them). */
    final List<int[]> comments = new ArrayList<>();

    /** Lines with a lexical error: the parser reports nothing more on them. */
    final java.util.Set<Integer> badLines = new java.util.HashSet<>();

    private void error(int at, String msg) {
        diags.add(new Diagnostic(Severity.ERROR, pos(at), msg));
        badLines.add(line);
    }

    static boolean wordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean wordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ',' || c == '+';
    }

    List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (c == '\n') {
                out.add(new Token(Type.NEWLINE, "\n", pos(i), i, i + 1));
                i++;
                line++;
                lineStart = i;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                comments.add(new int[] { start, i });
            } else if (c == '=' || c == '{' || c == '}' || c == ';' || c == '|' || c == ',') {
                Type t = c == '=' ? Type.EQUALS : c == '{' ? Type.LBRACE : c == '}' ? Type.RBRACE
                        : c == ';' ? Type.SEMI : c == '|' ? Type.BAR : Type.COMMA;
                out.add(new Token(t, String.valueOf(c), pos(i), i, i + 1));
                i++;
            } else if (c == '"') {
                out.add(string());
            } else if (c == '&') {
                i++;
                int ls = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if (i == ls) {
                    error(start, "expected a label after '&'");
                    out.add(new Token(Type.REF, "", pos(start), start, i));
                } else {
                    out.add(new Token(Type.REF, s.substring(ls, i), pos(start), start, i));
                }
            } else if (c == '/') {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && ";{}|#=\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                // node names may hold ',' but never end with one: a trailing ',' separates list items
                int end = i;
                while (end > start + 1 && s.charAt(end - 1) == ',') {
                    end--;
                }
                out.add(new Token(Type.PATH, s.substring(start, end), pos(start), start, end));
                for (int k = end; k < i; k++) {
                    out.add(new Token(Type.COMMA, ",", pos(k), k, k + 1));
                }
            } else if (Character.isDigit(c)) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Type.NUMBER, s.substring(start, i), pos(start), start, i));
            } else if (wordStart(c)) {
                while (i < s.length() && wordPart(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Type.WORD, s.substring(start, i), pos(start), start, i));
            } else {
                error(start, "stray '" + printable(c) + "' in scenario");
                i++;
            }
        }
        out.add(new Token(Type.EOF, "", pos(i), i, i));
        return out;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    private Token string() {
        int start = i;
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length() || s.charAt(i) == '\n') {
                error(start, "missing terminating \" character");
                return new Token(Type.STRING, sb.toString(), pos(start), start, i);
            }
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                break;
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length() || s.charAt(i + 1) == '\n') {
                i++;
                continue; // reported as unterminated on the next round
            }
            char e = s.charAt(i + 1);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x' -> {
                    int h = i + 2;
                    int v = 0;
                    int n = 0;
                    while (n < 2 && h < s.length() && Character.digit(s.charAt(h), 16) >= 0) {
                        v = v * 16 + Character.digit(s.charAt(h), 16);
                        h++;
                        n++;
                    }
                    if (n == 0) {
                        error(i, "\\x used with no following hex digits");
                    }
                    sb.append((char) v);
                    i = h;
                    continue;
                }
                default -> {
                    error(i, "unknown escape sequence '\\" + printable(e) + "'");
                }
            }
            i += 2;
        }
        return new Token(Type.STRING, sb.toString(), pos(start), start, i); // after a bad escape the error is already out
    }
}
