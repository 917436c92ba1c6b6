package org.dmaworkbench.devicetree;

import java.util.Objects;

/**
 * The text of one device-tree source or header. {@code name} is what diagnostics print for it (for files
 * found on disk: the directory as given plus the relative name, the way cpp prints it).
 */
public record SourceFile(String name, String text) {
    public SourceFile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(text);
    }
}
