package org.dmaworkbench.devicetree.lang.syntax;

import java.util.Arrays;

/**
 * Line starts of a text, to turn the compiler's positions (1-based line, 1-based display column with tabs to
 * multiples of 8, as gcc and the device-tree core count them) into offsets and back.
 */
public final class LineIndex {
    private final String text;
    private final int[] starts;
    private final int count;

    public LineIndex(String text) {
        this.text = text;
        int[] s = new int[Math.max(16, text.length() / 30)];
        int c = 0;
        s[c++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (c == s.length) {
                    s = Arrays.copyOf(s, c * 2);
                }
                s[c++] = i + 1;
            }
        }
        this.starts = s;
        this.count = c;
    }

    /** Number of lines (a text ending in '\n' has an empty last line). */
    public int lineCount() {
        return count;
    }

    /** The 1-based line of {@code offset}. */
    public int line(int offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** Offset of the first character of 1-based {@code line} (clamped to the text). */
    public int lineStart(int line) {
        if (line < 1) {
            return 0;
        }
        if (line > count) {
            return text.length();
        }
        return starts[line - 1];
    }

    /** Offset of the end of {@code line}: at its '\n', or after it when {@code withNewline}. */
    public int lineEnd(int line, boolean withNewline) {
        if (line >= count) {
            return text.length();
        }
        int next = starts[line];
        return withNewline ? next : next - 1;
    }

    /**
     * The offset of 1-based display column {@code column} on {@code line}, tabs advancing to the next multiple of 8;
     * the line's end when the column lies beyond it, its start for column 0 or less.
     */
    public int offset(int line, int column) {
        int p = lineStart(line);
        int end = lineEnd(line, false);
        int col = 1;
        while (p < end && col < column) {
            col = text.charAt(p) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
            if (col > column) {
                break;
            }
            p++;
        }
        return p;
    }

    /** The 1-based display column of {@code offset}. */
    public int column(int offset) {
        int p = lineStart(line(offset));
        int col = 1;
        for (; p < offset && p < text.length(); p++) {
            col = text.charAt(p) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
        }
        return col;
    }
}
