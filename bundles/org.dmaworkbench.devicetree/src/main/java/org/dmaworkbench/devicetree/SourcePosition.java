package org.dmaworkbench.devicetree;

/**
 * A place in a device-tree source: file name as the user gave it (or as the include resolver produced it),
 * 1-based line and 1-based column.
 */
public record SourcePosition(String file, int line, int column) {

    /** "FILE:LINE:COL", the form compilers print. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
