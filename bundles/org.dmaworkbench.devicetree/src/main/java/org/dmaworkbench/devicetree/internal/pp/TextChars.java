package org.dmaworkbench.devicetree.internal.pp;

/**
 * The char[] of recently included texts, keyed by the identity of their String: when an include resolver hands
 * out the same SourceFile again (a cache, an editor's open buffers), the preprocessor lexes the array it made
 * last time instead of copying the text once more. Small, bounded, shared by all compilations; the arrays are
 * only ever read.
 */
final class TextChars {
    private static final int ENTRIES = 64;
    private static final int MAX_CHARS = 1 << 20;
    private static final String[] KEYS = new String[ENTRIES];
    private static final char[][] VALUES = new char[ENTRIES][];
    private static int next;

    private TextChars() {
    }

    static char[] of(String text) {
        if (text.length() > MAX_CHARS) {
            return text.toCharArray();
        }
        synchronized (KEYS) {
            for (int i = 0; i < ENTRIES; i++) {
                if (KEYS[i] == text) {
                    return VALUES[i];
                }
            }
        }
        char[] c = text.toCharArray();
        synchronized (KEYS) {
            KEYS[next] = text;
            VALUES[next] = c;
            next = (next + 1) % ENTRIES;
        }
        return c;
    }
}
