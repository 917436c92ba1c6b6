package org.dmaworkbench.devicetree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattened device tree blobs (FDT version 17, last compatible version 16) as dtc's flattree.c writes them:
 * header, memory reservation block, structure block, strings block (property names shared, including
 * suffixes of earlier names, as dtc's stringtable_insert() does), no padding.
 */
public final class Dtb {
    public static final int FDT_MAGIC = 0xd00dfeed;
    static final int FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9;
    private static final int HEADER_SIZE = 40;

    private Dtb() {
    }

    /** Writes the tree as a version 17 DTB, byte for byte as dtc -O dtb does. */
    public static byte[] write(DeviceTree tree) {
        Buf struct = new Buf(16384);
        Buf strings = new Buf(2048);
        Map<String, Integer> offsets = new HashMap<>();
        flatten(tree.root(), struct, strings, offsets);
        struct.u32(FDT_END);
        List<long[]> rsv = tree.memReserve();
        int rsvSize = (rsv.size() + 1) * 16;
        int offRsv = HEADER_SIZE; // already 8-aligned
        int offStruct = offRsv + rsvSize;
        int offStrings = offStruct + struct.len;
        int total = offStrings + strings.len;
        Buf out = new Buf(total);
        out.u32(FDT_MAGIC);
        out.u32(total);
        out.u32(offStruct);
        out.u32(offStrings);
        out.u32(offRsv);
        out.u32(17);
        out.u32(16);
        out.u32(tree.bootCpuId());
        out.u32(strings.len);
        out.u32(struct.len);
        for (long[] r : rsv) {
            out.u64(r[0]);
            out.u64(r[1]);
        }
        out.u64(0);
        out.u64(0);
        out.bytes(struct.b, 0, struct.len);
        out.bytes(strings.b, 0, strings.len);
        return out.b.length == out.len ? out.b : Arrays.copyOf(out.b, out.len);
    }

    private static void flatten(DtNode n, Buf s, Buf strings, Map<String, Integer> offsets) {
        s.u32(FDT_BEGIN_NODE);
        s.string(n.name());
        s.align4();
        for (DtProperty p : n.properties()) {
            Integer off = offsets.get(p.name());
            if (off == null) {
                off = strings.len;
                byte[] nb = p.name().getBytes(StandardCharsets.ISO_8859_1);
                strings.bytes(nb, 0, nb.length);
                strings.u8(0);
                for (int k = 0; k < p.name().length(); k++) {
                    offsets.putIfAbsent(p.name().substring(k), off + k);
                }
            }
            byte[] v = p.rawValue();
            s.u32(FDT_PROP);
            s.u32(v.length);
            s.u32(off);
            s.bytes(v, 0, v.length);
            s.align4();
        }
        for (DtNode c : n.children) {
            flatten(c, s, strings, offsets);
        }
        s.u32(FDT_END_NODE);
    }

    /**
     * Reads a flattened device tree (version 16 or 17, as libfdt's fdt_check_header() accepts them) into an
     * immutable tree. Phandles come from "phandle" or "linux,phandle" properties; positions are
     * "&lt;dtb&gt;:0:OFFSET" (the structure-block offset of the node or property).
     *
     * @throws DtbFormatException for a blob that is truncated, has a bad magic, version or token
     */
    public static DeviceTree read(byte[] dtb) throws DtbFormatException {
        if (dtb.length < HEADER_SIZE) {
            throw new DtbFormatException("DTB too short for a header (" + dtb.length + " bytes)");
        }
        if (u32(dtb, 0) != FDT_MAGIC) {
            throw new DtbFormatException(String.format("bad DTB magic 0x%08x (expected 0xd00dfeed)", u32(dtb, 0)));
        }
        long total = u32(dtb, 4) & 0xffffffffL;
        int offStruct = u32(dtb, 8);
        int offStrings = u32(dtb, 12);
        int offRsv = u32(dtb, 16);
        int version = u32(dtb, 20);
        int lastComp = u32(dtb, 24);
        int bootCpu = u32(dtb, 28);
        int sizeStrings = u32(dtb, 32);
        if (version < 16 || lastComp > 17) {
            throw new DtbFormatException("unsupported DTB version " + version + " (last compatible " + lastComp
                    + "); versions 16 and 17 are supported");
        }
        if (total > dtb.length) {
            throw new DtbFormatException("DTB truncated: header says " + total + " bytes, have " + dtb.length);
        }
        int sizeStruct = version >= 17 ? u32(dtb, 36) : (int) total - offStruct;
        check(offStruct, sizeStruct, total, "structure block");
        check(offStrings, sizeStrings, total, "strings block");
        check(offRsv, 16, total, "memory reservation block");
        List<long[]> rsv = new java.util.ArrayList<>();
        for (int p = offRsv;; p += 16) {
            check(p, 16, total, "memory reservation block");
            long a = u64(dtb, p);
            long s = u64(dtb, p + 8);
            if (a == 0 && s == 0) {
                break;
            }
            rsv.add(new long[] {a, s});
        }
        Reader r = new Reader(dtb, offStruct, offStruct + sizeStruct, offStrings, sizeStrings);
        int tok = r.token();
        if (tok != FDT_BEGIN_NODE) {
            throw new DtbFormatException("structure block does not start with FDT_BEGIN_NODE (token " + tok
                    + " at offset " + (r.p - 4 - offStruct) + ")");
        }
        DtNode root = r.node(null, 0);
        tok = r.token();
        if (tok != FDT_END) {
            throw new DtbFormatException("expected FDT_END after the root node, found token " + tok
                    + " at offset " + (r.p - 4 - offStruct));
        }
        return new DeviceTree(root, rsv, bootCpu);
    }

    private static void check(long off, long size, long total, String what) throws DtbFormatException {
        if (off < 0 || size < 0 || off + size > total) {
            throw new DtbFormatException(what + " (offset " + off + ", size " + size + ") lies outside the blob ("
                    + total + " bytes)");
        }
    }

    private static int u32(byte[] b, int p) {
        return DtProperty.cell(b, p);
    }

    private static long u64(byte[] b, int p) {
        return ((long) u32(b, p) << 32) | (u32(b, p + 4) & 0xffffffffL);
    }

    private static final class Reader {
        final byte[] b;
        int p;
        final int end;
        final int base;
        final int strings;
        final int stringsEnd;

        Reader(byte[] b, int start, int end, int strings, int sizeStrings) {
            this.b = b;
            this.p = start;
            this.base = start;
            this.end = end;
            this.strings = strings;
            this.stringsEnd = strings + sizeStrings;
        }

        int token() throws DtbFormatException {
            while (true) {
                if (p + 4 > end) {
                    throw new DtbFormatException("structure block ends in the middle of the tree (offset "
                            + (p - base) + ")");
                }
                int t = u32(b, p);
                p += 4;
                if (t != FDT_NOP) {
                    return t;
                }
            }
        }

        String cstring(int from, int limit, String what) throws DtbFormatException {
            int q = from;
            while (q < limit && b[q] != 0) {
                q++;
            }
            if (q >= limit) {
                throw new DtbFormatException("unterminated " + what + " at offset " + (from - base));
            }
            return new String(b, from, q - from, StandardCharsets.ISO_8859_1);
        }

        DtNode node(DtNode parent, int depth) throws DtbFormatException {
            if (depth > org.dmaworkbench.devicetree.internal.Limits.MAX_NESTING) {
                throw new DtbFormatException("nodes nested too deeply");
            }
            int at = p - 4 - base;
            String name = cstring(p, end, "node name");
            p += (name.length() + 1 + 3) & ~3;
            if (parent == null) {
                name = "";
            }
            List<DtProperty> props = new java.util.ArrayList<>();
            int phandle = 0;
            int t = token();
            while (t == FDT_PROP) {
                int pat = p - 4 - base;
                if (p + 8 > end) {
                    throw new DtbFormatException("truncated property at offset " + pat);
                }
                int len = u32(b, p);
                int nameoff = u32(b, p + 4);
                p += 8;
                if (len < 0 || p + len > end) {
                    throw new DtbFormatException("property at offset " + pat + " has a bad length " + len);
                }
                if (nameoff < 0 || strings + nameoff >= stringsEnd) {
                    throw new DtbFormatException("property at offset " + pat + " has a bad name offset " + nameoff);
                }
                String pname = cstring(strings + nameoff, stringsEnd, "property name");
                byte[] v = java.util.Arrays.copyOfRange(b, p, p + len);
                p += (len + 3) & ~3;
                if (len == 4 && (pname.equals("phandle") || (pname.equals("linux,phandle") && phandle == 0))) {
                    phandle = DtProperty.cell(v, 0);
                }
                props.add(new DtProperty(pname, v, List.of(), new SourcePosition("<dtb>", 0, pat)));
                t = token();
            }
            String path = parent == null ? "/" : parent.path().equals("/") ? "/" + name : parent.path() + "/" + name;
            DtNode n = new DtNode(name, path, parent, List.of(), props, new SourcePosition("<dtb>", 0, at), phandle);
            while (t == FDT_BEGIN_NODE) {
                n.children.add(node(n, depth + 1));
                t = token();
            }
            if (t != FDT_END_NODE) {
                throw new DtbFormatException("unexpected token " + t + " at offset " + (p - 4 - base)
                        + " (expected a property, a child node or FDT_END_NODE)");
            }
            return n;
        }
    }

    static final class Buf {
        byte[] b;
        int len;

        Buf(int cap) {
            b = new byte[Math.max(cap, 16)];
        }

        void ensure(int n) {
            if (len + n > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
            }
        }

        void u8(int v) {
            ensure(1);
            b[len++] = (byte) v;
        }

        void u32(int v) {
            ensure(4);
            b[len] = (byte) (v >>> 24);
            b[len + 1] = (byte) (v >>> 16);
            b[len + 2] = (byte) (v >>> 8);
            b[len + 3] = (byte) v;
            len += 4;
        }

        void u64(long v) {
            u32((int) (v >>> 32));
            u32((int) v);
        }

        void bytes(byte[] src, int off, int n) {
            ensure(n);
            System.arraycopy(src, off, b, len, n);
            len += n;
        }

        void string(String str) {
            int n = str.length();
            ensure(n + 1);
            for (int i = 0; i < n; i++) {
                b[len++] = (byte) str.charAt(i);
            }
            b[len++] = 0;
        }

        void align4() {
            int pad = (-len) & 3;
            ensure(pad);
            len += pad;
        }
    }
}
