package org.dmaworkbench.devicetree.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dmaworkbench.devicetree.SourcePosition;

/**
 * Preprocessed text plus a map from each character offset back to the file, line and column it came from.
 * Entries mark where a run of characters starts; "direct" runs advance the column with the offset, runs
 * produced by a macro expansion all map to the invocation site.
 */
public final class MappedText {
    char[] buf;
    int len;
    private int[] offs;
    private int[] lines;
    private int[] cols;
    private int[] origins;
    private boolean[] direct;
    private int n;
    /** Largest length; growing past it throws IllegalStateException (the preprocessor reports it). */
    private int maxChars = Limits.MAX_OUTPUT_CHARS;

    /** Sets the largest length this text may grow to. */
    public void setMaxChars(int max) {
        maxChars = max;
        if (buf.length > max && len <= max) {
            buf = Arrays.copyOf(buf, max);
        }
    }

    public MappedText() {
        this(8192, 1024);
    }

    /** Starts with room for {@code chars} characters and {@code runs} position runs. */
    public MappedText(int chars, int runs) {
        buf = new char[Math.max(16, chars)];
        int r = Math.max(16, runs);
        offs = new int[r];
        lines = new int[r];
        cols = new int[r];
        origins = new int[r];
        direct = new boolean[r];
    }

    /** The number of position runs recorded. */
    public int runs() {
        return n;
    }
    private final List<Origin> originList = new ArrayList<>();
    private Origin lastOrigin;
    private int lastOriginIndex = -1;

    public char[] chars() {
        return buf;
    }

    public int length() {
        return len;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len);
    }

    private int originIndex(Origin o) {
        if (o == lastOrigin) {
            return lastOriginIndex;
        }
        int i = originList.indexOf(o);
        if (i < 0) {
            i = originList.size();
            originList.add(o);
        }
        lastOrigin = o;
        lastOriginIndex = i;
        return i;
    }

    /** Records that text appended from now on comes from (o, line, col). */
    public void mark(Origin o, int line, int col, boolean isDirect) {
        int oi = originIndex(o);
        if (n > 0 && isDirect && direct[n - 1] && origins[n - 1] == oi && lines[n - 1] == line
                && cols[n - 1] + (len - offs[n - 1]) == col) {
            return;
        }
        if (n > 0 && offs[n - 1] == len) {
            n--;
        }
        if (n == offs.length) {
            int c = n * 2;
            offs = Arrays.copyOf(offs, c);
            lines = Arrays.copyOf(lines, c);
            cols = Arrays.copyOf(cols, c);
            origins = Arrays.copyOf(origins, c);
            direct = Arrays.copyOf(direct, c);
        }
        offs[n] = len;
        lines[n] = line;
        cols[n] = col;
        origins[n] = oi;
        direct[n] = isDirect;
        n++;
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            if (len + extra > maxChars) {
                throw new IllegalStateException("output limit");
            }
            // never beyond the limit, so that append(char) meets it at a full buffer
            int c = (int) Math.min(maxChars, Math.max(buf.length * 2L, len + extra));
            buf = Arrays.copyOf(buf, c);
        }
    }

    public void append(char c) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = c;
    }

    public void append(String s) {
        int l = s.length();
        ensure(l);
        s.getChars(0, l, buf, len);
        len += l;
    }

    public void append(char[] src, int from, int count) {
        ensure(count);
        System.arraycopy(src, from, buf, len, count);
        len += count;
    }

    /** A text that is a file's raw content (no preprocessing), as dtc's /include/ reads it. */
    public static MappedText raw(String text, Origin o) {
        MappedText t = new MappedText();
        t.buf = text.toCharArray();
        t.len = t.buf.length;
        int line = 1;
        t.markAt(0, o, 1);
        for (int i = 0; i < t.len; i++) {
            if (t.buf[i] == '\n') {
                t.markAt(i + 1, o, ++line);
            }
        }
        return t;
    }

    private void markAt(int off, Origin o, int line) {
        int saved = len;
        len = off;
        mark(o, line, 1, true);
        len = saved;
    }

    private int entry(int off) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offs[mid] <= off) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Where the stretch of text around off that comes from one file inclusion ends: the offset of the first later
     * run from another origin, or the length.
     */
    public int originEnd(int off) {
        if (n == 0) {
            return len;
        }
        int e = entry(off);
        int o = origins[e];
        for (int i = e + 1; i < n; i++) {
            if (origins[i] != o) {
                return offs[i];
            }
        }
        return Integer.MAX_VALUE;
    }

    public Origin origin(int off) {
        if (n == 0) {
            return null;
        }
        return originList.get(origins[entry(off)]);
    }

    public int line(int off) {
        return n == 0 ? 1 : lines[entry(off)];
    }

    public int column(int off) {
        if (n == 0) {
            return 1;
        }
        int e = entry(off);
        return direct[e] ? cols[e] + (off - offs[e]) : cols[e];
    }

    public SourcePosition position(int off) {
        if (n == 0) {
            return new SourcePosition("<input>", 1, 1);
        }
        int e = entry(off);
        Origin o = originList.get(origins[e]);
        return new SourcePosition(o.name, lines[e], direct[e] ? cols[e] + (off - offs[e]) : cols[e]);
    }
}
