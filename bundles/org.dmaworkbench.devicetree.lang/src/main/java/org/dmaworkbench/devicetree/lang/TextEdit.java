package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Replace {@code length} characters at {@code offset} of {@code file} by {@code text}. */
public record TextEdit(Path file, int offset, int length, String text) {

    /** Applies edits of one file to its text (edits must not overlap). */
    public static String apply(String source, List<TextEdit> edits) {
        StringBuilder sb = new StringBuilder(source);
        edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed())
                .forEach(e -> sb.replace(e.offset(), e.offset() + e.length(), e.text()));
        return sb.toString();
    }
}
