package org.dmaworkbench.emulation.replay;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits a character stream into lines without creating a String per line: after {@link #next()} the line is
 * {@code buffer()[start() .. end())}, without its '\n' (and without a '\r' before it). Lines are numbered from 1.
 */
final class LineReader {
    /** Longest line kept (a dma_unmap_sg of 100k entries is about 2 M characters); longer ones are skipped. */
    static final int DEFAULT_MAX_LINE = 16 << 20;

    private final Reader in;
    private final int maxLine;
    private boolean skipping;
    private int overlong;
    private char[] buf = new char[1 << 16];
    private int pos;
    private int scan;
    private int lim;
    private boolean eof;
    private int start;
    private int end;
    private int lineNo;

    LineReader(Reader in) {
        this(in, DEFAULT_MAX_LINE);
    }

    LineReader(Reader in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * Number of the lines skipped because they were longer than the limit since the last call (they are counted
     * in the line numbers but never returned).
     */
    int takeOverlong() {
        int n = overlong;
        overlong = 0;
        return n;
    }

    boolean next() throws IOException {
        for (;;) {
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    if (skipping || i - pos > maxLine) {
                        skipping = false;
                        lineNo++;
                        overlong++;
                        pos = i + 1;
                        continue;
                    }
                    setLine(pos, i);
                    pos = i + 1;
                    scan = pos;
                    return true;
                }
            }
            scan = lim;
            if (skipping || lim - pos > maxLine) {
                skipping = true;
                pos = lim;
                scan = lim;
            }
            if (eof) {
                if (skipping) {
                    skipping = false;
                    lineNo++;
                    overlong++;
                    return false;
                }
                if (pos < lim) {
                    setLine(pos, lim);
                    pos = lim;
                    scan = lim;
                    return true;
                }
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                scan -= pos;
                pos = 0;
            }
            if (lim == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
    }

    private void setLine(int s, int e) {
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        start = s;
        end = e;
        lineNo++;
    }

    char[] buffer() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int lineNumber() {
        return lineNo;
    }
}
