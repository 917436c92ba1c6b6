package org.dmaworkbench.devicetree.lang.syntax;

import java.util.Arrays;

/**
 * The tokens of one source text, as parallel arrays (a 5,000-line .dtsi has some 60,000): start offset, length and
 * kind of each, in order, white space left out. Immutable once scanned.
 */
public final class Tokens {
    private static final TokenKind[] KINDS = TokenKind.values();

    private final String text;
    private int[] start;
    private int[] length;
    private byte[] kind;
    private int size;

    Tokens(String text, int capacity) {
        this.text = text;
        int c = Math.max(16, capacity);
        start = new int[c];
        length = new int[c];
        kind = new byte[c];
    }

    void add(int s, int len, TokenKind k) {
        if (len <= 0) {
            return;
        }
        if (size == start.length) {
            int c = size * 2;
            start = Arrays.copyOf(start, c);
            length = Arrays.copyOf(length, c);
            kind = Arrays.copyOf(kind, c);
        }
        start[size] = s;
        length[size] = len;
        kind[size] = (byte) k.ordinal();
        size++;
    }

    /** Changes the kind of token {@code i} (the scanner classifies a name once it sees what follows). */
    void setKind(int i, TokenKind k) {
        kind[i] = (byte) k.ordinal();
    }

    public String text() {
        return text;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return start[i];
    }

    public int length(int i) {
        return length[i];
    }

    public int end(int i) {
        return start[i] + length[i];
    }

    public TokenKind kind(int i) {
        return KINDS[kind[i]];
    }

    /** The token's text. */
    public String image(int i) {
        return text.substring(start[i], start[i] + length[i]);
    }

    /** Whether token {@code i}'s text is {@code s} (no copy). */
    public boolean is(int i, String s) {
        return length[i] == s.length() && text.startsWith(s, start[i]);
    }

    /** Whether token {@code i} is the single character {@code c}. */
    public boolean is(int i, char c) {
        return length[i] == 1 && text.charAt(start[i]) == c;
    }

    /** The index of the token that contains {@code offset} or ends at it (for a caret after a name), else -1. */
    public int indexAt(int offset) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] > offset) {
                hi = mid - 1;
            } else if (start[mid] + length[mid] < offset) {
                lo = mid + 1;
            } else {
                // prefer the token starting at offset over the one ending there
                if (start[mid] + length[mid] == offset && mid + 1 < size && start[mid + 1] == offset) {
                    return mid + 1;
                }
                return mid;
            }
        }
        return -1;
    }

    /** The index of the first token that starts at or after {@code offset} ({@link #size()} when none). */
    public int firstAtOrAfter(int offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether tokens {@code i} of this and {@code j} of {@code o} have the same kind and length. */
    public boolean sameShape(int i, Tokens o, int j) {
        return kind[i] == o.kind[j] && length[i] == o.length[j];
    }
}
