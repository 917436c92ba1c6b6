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
        for (Marker x : markers) {
            if (after) {
                x.offset += data.length;
            }
            if (x == m) {
                after = true;
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
