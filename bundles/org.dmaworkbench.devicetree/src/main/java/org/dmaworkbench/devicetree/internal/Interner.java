package org.dmaworkbench.devicetree.internal;

/**
 * Gives one String per distinct character sequence, looked up straight from a char[] range so that lexing a
 * token already seen (most of them: "&lt;", "0x0", "status", "okay" …) allocates nothing. Open addressing,
 * grows at half full; long tokens (strings) are not kept.
 */
public final class Interner {
    private static final int MAX_LENGTH = 64;
    private String[] table = new String[1024];
    private int size;

    public String intern(char[] s, int from, int len) {
        if (len > MAX_LENGTH) {
            return new String(s, from, len);
        }
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + s[from + i];
        }
        int mask = table.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (true) {
            String e = table[i];
            if (e == null) {
                break;
            }
            if (e.length() == len && same(e, s, from, len)) {
                return e;
            }
            i = (i + 1) & mask;
        }
        String n = new String(s, from, len);
        table[i] = n;
        if (++size * 2 > table.length) {
            grow();
        }
        return n;
    }

    private static boolean same(String e, char[] s, int from, int len) {
        for (int k = 0; k < len; k++) {
            if (e.charAt(k) != s[from + k]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String e : old) {
            if (e != null) {
                int h = e.hashCode();
                int i = (h ^ (h >>> 16)) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            }
        }
    }
}
