package org.dmaworkbench.devicetree.internal.dts;

/** A place in a property value that dtc fills in later (dtc's struct marker, REF_PHANDLE / REF_PATH). */
public final class Marker {
    public static final int REF_PHANDLE = 1, REF_PATH = 2, LABEL = 3;
    public final int type;
    public int offset;
    public final String ref;
    public final Loc loc;

    public Marker(int type, int offset, String ref, Loc loc) {
        this.type = type;
        this.offset = offset;
        this.ref = ref;
        this.loc = loc;
    }
}
