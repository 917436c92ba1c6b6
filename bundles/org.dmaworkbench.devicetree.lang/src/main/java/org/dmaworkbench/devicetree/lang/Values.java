package org.dmaworkbench.devicetree.lang;

import org.dmaworkbench.devicetree.DtProperty;

/**
 * A property value written back as device-tree source the way dtc 1.6.1 prints a tree ({@code dtc -O dts},
 * treesource.c): a list of strings when the bytes look like NUL-terminated printable strings, else cells in hex
 * ({@code <0x01 0xe6700000>}) when the length is a multiple of 4, else bytes ({@code [01 02]}). A compiled tree keeps
 * no record of how a value was typed, so this is dtc's guess_value_type() on the bytes.
 */
public final class Values {
    private Values() {
    }

    /** " = VALUE" or "" for an empty property (what follows the name before ';'). */
    public static String assignment(DtProperty p) {
        byte[] v = p.value();
        return v.length == 0 ? "" : " = " + format(v);
    }

    public static String format(byte[] v) {
        int len = v.length;
        if (len == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (looksLikeStrings(v)) {
            sb.append('"');
            for (int i = 0; i < len - 1; i++) {
                int c = v[i] & 0xff;
                if (c == 0) {
                    sb.append("\", \"");
                    continue;
                }
                switch (c) {
                    case 7 -> sb.append("\\a");
                    case 8 -> sb.append("\\b");
                    case 9 -> sb.append("\\t");
                    case 10 -> sb.append("\\n");
                    case 11 -> sb.append("\\v");
                    case 12 -> sb.append("\\f");
                    case 13 -> sb.append("\\r");
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    default -> {
                        if (c >= 0x20 && c < 0x7f) {
                            sb.append((char) c);
                        } else {
                            sb.append(String.format("\\x%02x", c));
                        }
                    }
                }
            }
            sb.append('"');
        } else if (len % 4 == 0) {
            sb.append('<');
            for (int i = 0; i < len; i += 4) {
                if (i > 0) {
                    sb.append(' ');
                }
                int c = (v[i] & 0xff) << 24 | (v[i + 1] & 0xff) << 16 | (v[i + 2] & 0xff) << 8 | (v[i + 3] & 0xff);
                sb.append(hexCell(c));
            }
            sb.append('>');
        } else {
            sb.append('[');
            for (int i = 0; i < len; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(String.format("%02x", v[i] & 0xff));
            }
            sb.append(']');
        }
        return sb.toString();
    }

    /** dtc's cell format: "0x" and at least two hex digits. */
    public static String hexCell(int c) {
        String h = Integer.toHexString(c);
        return "0x" + (h.length() < 2 ? "0" : "") + h;
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
