package org.dmaworkbench.devicetree;

/**
 * A place in a device-tree source: file name as the user gave it (or as the include resolver produced it),
 * 1-based line and 1-based column.
 */
public record SourcePosition(String file, int line, int column) {

    /**
     * "FILE:LINE:COL", the form compilers print; "FILE:LINE" without a column and "FILE" alone without a
     * line (such as gcc's "&lt;command-line&gt;").
     */
    @Override
    public String toString() {
        return line <= 0 ? file : column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
