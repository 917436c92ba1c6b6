package org.dmaworkbench.devicetree;

import java.util.List;

/**
 * Prints a compiled tree as device-tree source the way dtc 1.6.1 decompiles a blob (dtc -I dtb -O dts,
 * treesource.c): no labels, each value shown as a string list, cells or bytes by dtc's guess_value_type().
 */
public final class DtsWriter {
    private DtsWriter() {
    }

    public static String write(DeviceTree tree) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("/dts-v1/;\n\n");
        for (long[] r : tree.memReserve()) {
            sb.append("/memreserve/\t0x").append(hex16(r[0])).append(" 0x").append(hex16(r[1])).append(";\n");
        }
        node(sb, tree.root(), 0);
        return sb.toString();
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    private static void tabs(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append('\t');
        }
    }

    private static void node(StringBuilder sb, DtNode n, int level) {
        tabs(sb, level);
        sb.append(n.name().isEmpty() ? "/" : n.name()).append(" {\n");
        for (DtProperty p : n.properties()) {
            tabs(sb, level + 1);
            sb.append(p.name());
            value(sb, p.rawValue());
        }
        List<DtNode> ch = n.children;
        for (DtNode c : ch) {
            sb.append('\n');
            node(sb, c, level + 1);
        }
        tabs(sb, level);
        sb.append("};\n");
    }

    private static boolean isString(int c) {
        return (c >= 0x20 && c < 0x7f) || c == 0 || (c >= 7 && c <= 13);
    }

    private static void value(StringBuilder sb, byte[] v) {
        int len = v.length;
        if (len == 0) {
            sb.append(";\n");
            return;
        }
        sb.append(" = ");
        int notString = 0;
        int nul = 0;
        for (byte b : v) {
            if (!isString(b & 0xff)) {
                notString++;
            }
            if (b == 0) {
                nul++;
            }
        }
        if (v[len - 1] == 0 && notString == 0 && nul <= len - nul) {
            sb.append('"');
            for (int i = 0; i < len - 1; i++) {
                int c = v[i] & 0xff;
                switch (c) {
                    case 7: sb.append("\\a"); break;
                    case 8: sb.append("\\b"); break;
                    case 9: sb.append("\\t"); break;
                    case 10: sb.append("\\n"); break;
                    case 11: sb.append("\\v"); break;
                    case 12: sb.append("\\f"); break;
                    case 13: sb.append("\\r"); break;
                    case '\\': sb.append("\\\\"); break;
                    case '"': sb.append("\\\""); break;
                    case 0: sb.append("\\0"); break;
                    default:
                        if (c >= 0x20 && c < 0x7f) {
                            sb.append((char) c);
                        } else {
                            sb.append(String.format("\\x%02x", c));
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
                String h = Integer.toHexString(DtProperty.cell(v, i));
                sb.append("0x");
                if (h.length() < 2) {
                    sb.append('0');
                }
                sb.append(h);
            }
            sb.append('>');
        } else {
            sb.append('[');
            for (int i = 0; i < len; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                int c = v[i] & 0xff;
                sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
            sb.append(']');
        }
        sb.append(";\n");
    }
}
