package org.dmaworkbench.devicetree.internal.dts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A mutable property while a tree is being built (dtc's struct property). */
public final class LiveProp {
    public final String name;
    public byte[] val;
    public int len;
    public List<Marker> markers;
    public final List<Label> labels = new ArrayList<>(1);
    public boolean deleted;
    public Loc loc;
    /** dtc's TYPE_* markers, for printing the value as written: */
    public static final int TYPE_UINT8 = 1, TYPE_UINT16 = 2, TYPE_UINT32 = 3, TYPE_UINT64 = 4, TYPE_STRING = 5;
    /**
     * {type, offset, markers made before it} triples in value order, apart from {@link #markers} (which dtc's checks
     * read, and which hold references and labels only here); empty for values built by the compiler itself.
     */
    public int[] chunks = new int[0];

    public LiveProp(String name, byte[] val, int len, List<Marker> markers, Loc loc) {
        this.name = name;
        this.val = val;
        this.len = len;
        this.markers = markers;
        this.loc = loc;
    }

    public byte[] value() {
        return Arrays.copyOf(val, len);
    }

    public int cell(int index) {
        int o = index * 4;
        return (val[o] & 0xff) << 24 | (val[o + 1] & 0xff) << 16 | (val[o + 2] & 0xff) << 8 | (val[o + 3] & 0xff);
    }

    void setCell(int off, int v) {
        val[off] = (byte) (v >>> 24);
        val[off + 1] = (byte) (v >>> 16);
        val[off + 2] = (byte) (v >>> 8);
        val[off + 3] = (byte) v;
    }

    /** Inserts bytes at a marker's offset and moves the markers after it (dtc's data_insert_at_marker). */
    void insertAt(Marker m, byte[] data) {
        byte[] n = new byte[len + data.length];
        System.arraycopy(val, 0, n, 0, m.offset);
        System.arraycopy(data, 0, n, m.offset, data.length);
        System.arraycopy(val, m.offset, n, m.offset + data.length, len - m.offset);
        val = n;
        len += data.length;
        boolean after = false;
        int mi = -1;
        for (int i = 0; i < markers.size(); i++) {
            Marker x = markers.get(i);
            if (after) {
                x.offset += data.length;
            }
            if (x == m) {
                after = true;
                mi = i;
            }
        }
        // a type marker made after m at m's offset starts after the inserted bytes too
        for (int i = 0; i + 2 < chunks.length; i += 3) {
            if (chunks[i + 1] > m.offset || chunks[i + 1] == m.offset && chunks[i + 2] > mi) {
                chunks[i + 1] += data.length;
            }
        }
    }

    /** The value as a C string (up to the first NUL), as dtc reads prop->val.val. */
    public String cString() {
        int e = 0;
        while (e < len && val[e] != 0) {
            e++;
        }
        return new String(val, 0, e, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
