package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;

/** A range of characters in a file (by its {@link FileKey}), with the 1-based line it starts on. */
public record Location(Path file, int offset, int length, int line) {
    public int end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return file + ":" + line + " [" + offset + "+" + length + "]";
    }
}
