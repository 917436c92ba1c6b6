package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.ScenarioLexer.Token;
import org.dmaworkbench.emulation.scenario.ScenarioLexer.Type;

/**
 * The .dmascn language as an editor sees it: what each piece of text is (for colouring), the statements with
 * their offsets (for the outline and content assist), the keys, and the board a scenario names. Works on text
 * with errors: nothing here needs the file to parse; it uses the same lexer as {@link ScenarioParser}.
 */
public final class ScenarioSyntax {
    /** Top-level keys, in FORMAT.md's order. */
    public static final List<String> KEYS = List.of("board", "include", "iommu", "soc.revision", "kernel", "dma-debug",
            "dma-debug.driver_filter", "dma-debug.num_errors", "dma-debug.all_errors", "seed", "stop", "client", "bug");
    /** What may start a statement inside a client block. */
    public static final List<String> CLIENT_KEYS = List.of("device", "tx", "rx", "read", "write", "memcpy");
    /** Keywords inside a workload or stop line. */
    public static final List<String> WORKLOAD_WORDS = List.of("text", "bytes", "blocks", "repeat", "every", "rate",
            "segments");
    /** What an iommu's {@code { ... }} block holds: {@code attach = all | &LABEL [utlb N..M], ...}. */
    public static final List<String> IOMMU_BLOCK_KEYS = List.of("attach");
    /** Words that name a value rather than a key. */
    public static final List<String> STOP_CONDITIONS = List.of("time", "transfers", "first-error");

    /** What a piece of scenario text is. */
    public enum Kind {
        /** a key starting a statement ({@code board}, {@code client}, {@code device}, {@code tx}...) or a workload keyword */
        KEY,
        /** a word value ({@code koelsch}, {@code on}, {@code first-error}, a client name) */
        VALUE,
        /** a board node reference {@code &label} */
        REFERENCE,
        /** an absolute node path */
        PATH,
        /** a quoted string, quotes included */
        STRING,
        /** a number, with an optional KiB/MiB/GiB suffix */
        NUMBER,
        /** a number with a time unit */
        DURATION,
        /** {@code #} to the end of the line */
        COMMENT,
        /** a known driver bug name in a {@code bug} line */
        BUG_NAME,
        /** {@code = { } ; | ,} */
        OPERATOR
    }

    /** A classified piece of text: {@code offset} and {@code length} in chars. */
    public record Span(Kind kind, int offset, int length) {
    }

    /** One token of a statement as the editor needs it: its text (a string's value unquoted) and char range. */
    public record Word(String text, Kind kind, int start, int end) {
    }

    /**
     * One statement: its words in order, whether it sits inside a client block or an iommu's attach block (and
     * which), and its char range. A {@code client NAME {} line is a statement of its own ({@code client}, NAME); the
     * brace is not a word.
     */
    public record Statement(List<Word> words, String inClient, String inIommu, int start, int end) {
        public Statement {
            words = List.copyOf(words);
        }

        /** The first word's text, or "" for an empty statement. */
        public String key() {
            return words.isEmpty() ? "" : words.get(0).text();
        }

        /** The word at {@code i}, or null past the end. */
        public Word word(int i) {
            return i < words.size() ? words.get(i) : null;
        }

        /** The statement as written, words joined by single spaces (strings quoted again). */
        public String display() {
            StringBuilder sb = new StringBuilder();
            for (Word w : words) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(w.kind() == Kind.STRING ? "\"" + w.text() + "\"" : w.kind() == Kind.REFERENCE ? "&" + w.text()
                        : w.text());
            }
            return sb.toString();
        }
    }

    private ScenarioSyntax() {
    }

    private static List<Token> lex(String text, List<int[]> comments) {
        ScenarioLexer lx = new ScenarioLexer("", text, new ArrayList<>());
        List<Token> toks = lx.run();
        if (comments != null) {
            comments.addAll(lx.comments);
        }
        return toks;
    }

    private static boolean isDuration(String number) {
        return number.matches("[0-9][0-9_]*(ns|us|ms|s)");
    }

    /**
     * Splits the text into statements at newlines, {@code ;}, {@code {} and {@code }}, classifying each token.
     * Comments are left out (see {@link #highlight}).
     */
    public static List<Statement> statements(String text) {
        return scan(text).statements();
    }

    /**
     * The client block that text ending at {@code offset} leaves open: its name ("" when it has none), or null
     * at the top level. Content assist asks this for the cursor position.
     */
    public static String clientAt(String text, int offset) {
        return scan(text.substring(0, offset)).openClient();
    }

    /** The IOMMU whose {@code { attach = ... }} block text ending at {@code offset} leaves open, or null. */
    public static String iommuAt(String text, int offset) {
        return scan(text.substring(0, offset)).openIommu();
    }

    private record Scan(List<Statement> statements, String openClient, String openIommu) {
    }

    private static Scan scan(String text) {
        List<Statement> out = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        String client = null;
        String pendingClient = null;
        String iommu = null;
        String pendingIommu = null;
        int start = -1;
        int end = -1;
        for (Token t : lex(text, null)) {
            boolean terminator = t.is(Type.NEWLINE) || t.is(Type.SEMI) || t.is(Type.LBRACE) || t.is(Type.RBRACE)
                    || t.is(Type.EOF);
            if (terminator) {
                boolean topLevel = client == null && iommu == null;
                if (!words.isEmpty()) {
                    out.add(new Statement(classify(words, client, iommu), client, iommu, start, end));
                    if (topLevel && words.size() > 1 && words.get(0).text().equals("client")) {
                        pendingClient = words.get(1).text();
                    } else if (topLevel && words.size() > 1 && words.get(0).text().equals("iommu")) {
                        pendingIommu = words.get(1).text();
                    }
                }
                if (t.is(Type.LBRACE) && topLevel) {
                    if (pendingIommu != null) {
                        iommu = pendingIommu;
                    } else {
                        client = pendingClient == null ? "" : pendingClient;
                    }
                } else if (t.is(Type.RBRACE)) {
                    client = null;
                    iommu = null;
                }
                if (!t.is(Type.LBRACE)) {
                    pendingClient = null;
                    pendingIommu = null;
                }
                words = new ArrayList<>();
                start = -1;
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            end = t.end();
            Kind k = switch (t.type()) {
                case REF -> Kind.REFERENCE;
                case PATH -> Kind.PATH;
                case STRING -> Kind.STRING;
                case NUMBER -> isDuration(t.text()) ? Kind.DURATION : Kind.NUMBER;
                case EQUALS, BAR, COMMA -> Kind.OPERATOR;
                default -> Kind.VALUE;
            };
            words.add(new Word(t.text(), k, t.start(), t.end()));
        }
        return new Scan(out, client, iommu);
    }

    /** Marks keys, keywords and bug names among a statement's words (the rest keep their lexical kind). */
    private static List<Word> classify(List<Word> words, String client, String iommu) {
        List<Word> out = new ArrayList<>(words);
        Word first = out.get(0);
        if (first.kind() != Kind.VALUE) {
            return out;
        }
        String key = first.text();
        if (iommu != null) {
            if (IOMMU_BLOCK_KEYS.contains(key)) {
                out.set(0, with(first, Kind.KEY));
                for (int i = 1; i < out.size(); i++) {
                    if (out.get(i).kind() == Kind.VALUE && out.get(i).text().equals("utlb")) {
                        out.set(i, with(out.get(i), Kind.KEY));
                    }
                }
            }
            return out;
        }
        boolean known = client == null ? KEYS.contains(key) : CLIENT_KEYS.contains(key);
        if (!known) {
            return out;
        }
        out.set(0, with(first, Kind.KEY));
        boolean workload = client != null && !key.equals("device");
        for (int i = 1; i < out.size(); i++) {
            Word w = out.get(i);
            if (w.kind() != Kind.VALUE) {
                continue;
            }
            if (workload && WORKLOAD_WORDS.contains(w.text())) {
                out.set(i, with(w, Kind.KEY));
            } else if (key.equals("bug") && i == 3 && out.get(2).kind() == Kind.OPERATOR
                    && DriverBugs.forName(w.text()).isPresent()) {
                out.set(i, with(w, Kind.BUG_NAME));
            } else if (key.equals("stop") && (w.text().equals("time") || w.text().equals("transfers"))) {
                out.set(i, with(w, Kind.KEY));
            }
        }
        return out;
    }

    private static Word with(Word w, Kind k) {
        return new Word(w.text(), k, w.start(), w.end());
    }

    /** Every classified piece of {@code text} in offset order, comments included; plain words of no key are VALUE. */
    public static List<Span> highlight(String text) {
        List<int[]> comments = new ArrayList<>();
        lex(text, comments);
        List<Span> spans = new ArrayList<>();
        for (Statement s : statements(text)) {
            for (Word w : s.words()) {
                spans.add(new Span(w.kind(), w.start(), w.end() - w.start()));
            }
        }
        for (int[] c : comments) {
            spans.add(new Span(Kind.COMMENT, c[0], c[1] - c[0]));
        }
        spans.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return spans;
    }

    /**
     * The board the text names, even when the rest does not parse: the first {@code board = ...} line and every
     * {@code include = "..."} line; empty when there is no board line or its value is no board.
     */
    public static Optional<BoardRef> boardOf(String text) {
        String builtin = null;
        String file = null;
        org.dmaworkbench.devicetree.SourcePosition pos = null;
        List<String> includes = new ArrayList<>();
        for (Statement s : statements(text)) {
            if (s.inClient() != null || s.inIommu() != null || s.words().size() < 3
                    || s.word(1).kind() != Kind.OPERATOR) {
                continue;
            }
            Word v = s.word(2);
            if (s.key().equals("board") && builtin == null && file == null) {
                if (v.kind() == Kind.STRING && !v.text().isEmpty()) {
                    file = v.text();
                } else if (v.kind() == Kind.VALUE && BuiltinBoards.exists(v.text())) {
                    builtin = v.text();
                }
            } else if (s.key().equals("include") && v.kind() == Kind.STRING) {
                includes.add(v.text());
            }
        }
        if (builtin == null && file == null) {
            return Optional.empty();
        }
        return Optional.of(new BoardRef(builtin, file, builtin != null ? List.of() : includes, pos));
    }

    /**
     * The char offset of a diagnostic's 1-based LINE:COL, counting a tab to the next multiple of 8 plus 1 as the
     * parser does; a column past the end of its line gives the line's end, a line past the end the text's end.
     */
    public static int offsetOf(String text, int line, int column) {
        int off = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', off);
            if (nl < 0) {
                return text.length();
            }
            off = nl + 1;
        }
        int col = 1;
        while (off < text.length() && text.charAt(off) != '\n' && col < column) {
            col = text.charAt(off) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
            off++;
        }
        return off;
    }
}
