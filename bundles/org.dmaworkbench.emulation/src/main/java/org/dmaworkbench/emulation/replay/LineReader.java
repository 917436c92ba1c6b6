package org.dmaworkbench.emulation.replay;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits a character stream into lines without creating a String per line: after {@link #next()} the line is
 * {@code buffer()[start() .. end())}, without its '\n' (and without a '\r' before it). Lines are numbered from 1.
 */
final class LineReader {
    private final Reader in;
    private char[] buf = new char[1 << 16];
    private int pos;
    private int scan;
    private int lim;
    private boolean eof;
    private int start;
    private int end;
    private int lineNo;

    LineReader(Reader in) {
        this.in = in;
    }

    boolean next() throws IOException {
        for (;;) {
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scan = pos;
                    return true;
                }
            }
            scan = lim;
            if (eof) {
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
