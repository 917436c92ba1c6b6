package org.dmaworkbench.emulation.replay;

/** A problem with the capture file itself (a malformed line, lost events, ...): {@code FILE:LINE:COL: warning: ...}. */
public final class Diagnostic {
    private final String file;
    private final int line;
    private final int column;
    private final String message;

    public Diagnostic(String file, int line, int column, String message) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.message = message;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** 1-based column, or 0 when not known. */
    public int column() {
        return column;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": warning: " + message;
    }
}
