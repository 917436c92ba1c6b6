package org.dmaworkbench.devicetree.internal.dts;

/**
 * A label with dtc's "deleted" flag (labels of deleted nodes come back when the node is redefined). Lists of
 * labels keep dtc's order: add_label() puts a new label in front, so a node's labels read as dtc prints them
 * and as it writes them into __symbols__.
 */
public final class Label {
    public final String name;
    public boolean deleted;
    public final Loc loc;

    public Label(String name, Loc loc) {
        this.name = name;
        this.loc = loc;
    }

    static void add(java.util.List<Label> labels, String name, Loc loc) {
        for (Label l : labels) {
            if (l.name.equals(name)) {
                l.deleted = false;
                return;
            }
        }
        labels.add(0, new Label(name, loc));
    }
}
