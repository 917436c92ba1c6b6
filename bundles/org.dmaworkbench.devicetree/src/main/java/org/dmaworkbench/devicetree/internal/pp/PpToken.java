package org.dmaworkbench.devicetree.internal.pp;

import org.dmaworkbench.devicetree.internal.Origin;

/**
 * A preprocessing token (C11 6.4 pp-token, assembler-with-cpp flavour) with its origin, or one of libcpp's
 * padding tokens (CPP_PADDING), which carry no text but decide where the output gets a space.
 */
final class PpToken {
    static final int IDENT = 1, NUMBER = 2, STRING = 3, CHAR = 4, PUNCT = 5, OTHER = 6, NEWLINE = 7, EOF = 8,
            PADDING = 9;

    /** Padding whose source is NULL (libcpp's pfile->avoid_paste): the next token's own PREV_WHITE decides. */
    static final PpToken PAD_NULL = padding(0);
    /** Padding whose source token had no white space before it. */
    static final PpToken PAD_NOWHITE = padding(1);
    /** Padding whose source token had white space before it. */
    static final PpToken PAD_WHITE = padding(2);

    final int type;
    final String text;
    /** White space before this token in its source (libcpp's PREV_WHITE flag). */
    boolean prevWhite;
    /** Painted blue: names a macro that was disabled when this token was scanned (C11 6.10.3.4p2). */
    boolean noExpand;
    /** In a macro body: index of the parameter this identifier names, else -1. */
    int param = -1;
    /** The left operand of ## (libcpp's PASTE_LEFT): in a macro body, and in a replacement list before pasting. */
    boolean pasteLeft;
    /** In a function-like macro body: "#param", replaced by the argument's spelling as a string. */
    boolean stringify;
    /** For PADDING: 0 when the source is NULL, 1 when it has no white space before it, 2 when it has. */
    final int padSource;
    final Origin origin;
    final int line;
    final int col;
    /** Produced by a macro expansion: the position is the invocation site. */
    final boolean expanded;

    PpToken(int type, String text, boolean prevWhite, Origin origin, int line, int col, boolean expanded) {
        this(type, text, prevWhite, origin, line, col, expanded, 0);
    }

    private PpToken(int type, String text, boolean prevWhite, Origin origin, int line, int col, boolean expanded,
            int padSource) {
        this.type = type;
        this.text = text;
        this.prevWhite = prevWhite;
        this.origin = origin;
        this.line = line;
        this.col = col;
        this.expanded = expanded;
        this.padSource = padSource;
    }

    private static PpToken padding(int source) {
        return new PpToken(PADDING, "", false, null, 0, 0, true, source);
    }

    /** libcpp's padding_token(pfile, source): only the source's PREV_WHITE is ever looked at. */
    static PpToken paddingFor(PpToken source) {
        return source.prevWhite ? PAD_WHITE : PAD_NOWHITE;
    }

    PpToken copyAt(PpToken site) {
        PpToken t = new PpToken(type, text, prevWhite, site.origin, site.line, site.col, true);
        t.noExpand = noExpand;
        t.pasteLeft = pasteLeft;
        return t;
    }

    PpToken copy() {
        PpToken t = new PpToken(type, text, prevWhite, origin, line, col, expanded);
        t.noExpand = noExpand;
        t.pasteLeft = pasteLeft;
        return t;
    }

    boolean is(String punct) {
        return type == PUNCT && text.equals(punct);
    }

    @Override
    public String toString() {
        return type == PADDING ? "<pad" + padSource + ">" : text;
    }
}
