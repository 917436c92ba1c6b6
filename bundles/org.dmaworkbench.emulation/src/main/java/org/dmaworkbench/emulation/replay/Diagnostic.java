package org.dmaworkbench.emulation.replay;

/**
 * A problem with the capture file itself (a malformed line, lost events, ...): {@code FILE:LINE:COL: warning: ...}; an
 * error ({@code FILE:LINE:COL: error: ...}) when a limit stopped the replay there.
 */
public final class Diagnostic {
    private final String file;
    private final int line;
    private final int column;
    private final String message;
    private final boolean error;

    public Diagnostic(String file, int line, int column, String message) {
        this(file, line, column, message, false);
    }

    public Diagnostic(String file, int line, int column, String message, boolean error) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.message = message;
        this.error = error;
    }

    /** True when the replay stopped here (a limit), false for a line skipped or a note. */
    public boolean isError() {
        return error;
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
        return file + ":" + line + (column > 0 ? ":" + column : "") + (error ? ": error: " : ": warning: ") + message;
    }
}
