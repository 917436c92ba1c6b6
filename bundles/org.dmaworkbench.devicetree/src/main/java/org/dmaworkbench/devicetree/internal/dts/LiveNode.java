package org.dmaworkbench.devicetree.internal.dts;

import java.util.ArrayList;
import java.util.List;

/** A mutable node while a tree is being built (dtc's struct node), deleted entries kept as dtc does. */
public final class LiveNode {
    public String name;
    public LiveNode parent;
    public final List<LiveProp> props = new ArrayList<>();
    public final List<LiveNode> children = new ArrayList<>();
    public final List<Label> labels = new ArrayList<>(1);
    public boolean deleted;
    public boolean omitIfUnused;
    public boolean referenced;
    public int phandle;
    public Loc loc;
    public final List<Loc> alsoDefined = new ArrayList<>(0);
    public String fullpath;
    public int basenamelen;
    public int addrCells = -1;
    public int sizeCells = -1;

    public LiveNode(Loc loc) {
        this.loc = loc;
    }

    public LiveProp prop(String n) {
        for (LiveProp p : props) {
            if (!p.deleted && p.name.equals(n)) {
                return p;
            }
        }
        return null;
    }

    public LiveNode child(String n) {
        for (LiveNode c : children) {
            if (!c.deleted && c.name.equals(n)) {
                return c;
            }
        }
        return null;
    }

    public String unitName() {
        return basenamelen < name.length() ? name.substring(basenamelen + 1) : "";
    }

    void addChild(LiveNode c) {
        c.parent = this;
        children.add(c);
    }

    /** dtc's delete_node(): marks the node, its subtree, properties and labels deleted. */
    public void delete() {
        deleted = true;
        for (LiveNode c : children) {
            if (!c.deleted) {
                c.delete();
            }
        }
        for (LiveProp p : props) {
            if (!p.deleted) {
                p.deleted = true;
                for (Label l : p.labels) {
                    l.deleted = true;
                }
            }
        }
        for (Label l : labels) {
            l.deleted = true;
        }
    }

    /** dtc's merge_nodes(): folds a later definition of the same node into this one. */
    public void merge(LiveNode nw) {
        deleted = false;
        for (Label l : nw.labels) {
            Label.add(labels, l.name, l.loc);
        }
        for (LiveProp np : nw.props) {
            if (np.deleted) {
                for (LiveProp op : props) {
                    if (op.name.equals(np.name)) {
                        op.deleted = true;
                        for (Label l : op.labels) {
                            l.deleted = true;
                        }
                        break;
                    }
                }
                continue;
            }
            LiveProp hit = null;
            for (LiveProp op : props) {
                if (op.name.equals(np.name)) {
                    hit = op;
                    break;
                }
            }
            if (hit != null) {
                for (Label l : np.labels) {
                    Label.add(hit.labels, l.name, l.loc);
                }
                hit.val = np.val;
                hit.len = np.len;
                hit.markers = np.markers;
                hit.deleted = false;
                hit.loc = np.loc;
            } else {
                props.add(np);
            }
        }
        for (LiveNode nc : nw.children) {
            if (nc.deleted) {
                for (LiveNode oc : children) {
                    if (oc.name.equals(nc.name)) {
                        oc.delete();
                        break;
                    }
                }
                continue;
            }
            LiveNode hit = null;
            for (LiveNode oc : children) {
                if (oc.name.equals(nc.name)) {
                    hit = oc;
                    break;
                }
            }
            if (hit != null) {
                hit.merge(nc);
            } else {
                addChild(nc);
            }
        }
        if (nw.loc != null) {
            alsoDefined.add(nw.loc);
        }
    }

    public boolean hasLabel(String l) {
        for (Label x : labels) {
            if (!x.deleted && x.name.equals(l)) {
                return true;
            }
        }
        return false;
    }
}
