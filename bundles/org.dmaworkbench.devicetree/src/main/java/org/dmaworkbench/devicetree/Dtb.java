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
