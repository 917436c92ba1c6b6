package org.dmaworkbench.devicetree.internal.pp;

import org.dmaworkbench.devicetree.internal.Origin;

/** A preprocessing token (C11 6.4 pp-token, assembler-with-cpp flavour) with its origin. */
final class PpToken {
    static final int IDENT = 1, NUMBER = 2, STRING = 3, CHAR = 4, PUNCT = 5, OTHER = 6, NEWLINE = 7, EOF = 8,
            PLACEMARKER = 9;

    final int type;
    final String text;
    boolean prevWhite;
    /** Painted blue: names a macro that was disabled when this token was scanned (C11 6.10.3.4p2). */
    boolean noExpand;
    /** First token after a macro-context boundary: check whether a space is needed to avoid pasting. */
    boolean boundary;
    /** In a macro body: index of the parameter this identifier names, else -1. */
    int param = -1;
    /** In a macro body: this "##" is the paste operator. */
    boolean pasteOp;
    final Origin origin;
    final int line;
    final int col;
    /** Produced by a macro expansion: the position is the invocation site. */
    final boolean expanded;

    PpToken(int type, String text, boolean prevWhite, Origin origin, int line, int col, boolean expanded) {
        this.type = type;
        this.text = text;
        this.prevWhite = prevWhite;
        this.origin = origin;
        this.line = line;
        this.col = col;
        this.expanded = expanded;
    }

    PpToken copyAt(PpToken site) {
        PpToken t = new PpToken(type, text, prevWhite, site.origin, site.line, site.col, true);
        t.noExpand = noExpand;
        return t;
    }

    PpToken copy() {
        PpToken t = new PpToken(type, text, prevWhite, origin, line, col, expanded);
        t.noExpand = noExpand;
        t.boundary = boundary;
        return t;
    }

    boolean is(String punct) {
        return type == PUNCT && text.equals(punct);
    }

    @Override
    public String toString() {
        return text;
    }
}
