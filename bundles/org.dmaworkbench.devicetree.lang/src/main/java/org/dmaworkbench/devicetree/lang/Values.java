package org.dmaworkbench.devicetree.lang;

/** Small helpers of value printing: dtc's guess of string lists, hex numbers. */
public final class Values {
    private Values() {
    }

    /**
     * dtc's guess for string lists: ends in NUL, every byte printable, a C escape or NUL, and NULs not more than the
     * other bytes.
     */
    static boolean looksLikeStrings(byte[] v) {
        int len = v.length;
        if (len == 0 || v[len - 1] != 0) {
            return false;
        }
        int nul = 0;
        for (int i = 0; i < len; i++) {
            int c = v[i] & 0xff;
            if (c == 0) {
                nul++;
            } else if (!(c >= 0x20 && c < 0x7f || c >= 7 && c <= 13)) {
                return false;
            }
        }
        return nul <= len - nul;
    }

    /** 0x-prefixed hex of an unsigned 64-bit value. */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
