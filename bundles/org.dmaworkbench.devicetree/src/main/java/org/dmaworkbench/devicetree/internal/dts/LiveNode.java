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
        for (int iP = 0; iP < props.size(); iP++) {
            LiveProp p = props.get(iP);
            if (!p.deleted && p.name.equals(n)) {
                return p;
            }
        }
        return null;
    }

    public LiveNode child(String n) {
        for (int iC = 0; iC < children.size(); iC++) {
            LiveNode c = children.get(iC);
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
        for (int iC = 0; iC < children.size(); iC++) {
            LiveNode c = children.get(iC);
            if (!c.deleted) {
                c.delete();
            }
        }
        for (int iP = 0; iP < props.size(); iP++) {
            LiveProp p = props.get(iP);
            if (!p.deleted) {
                p.deleted = true;
                for (int iL = 0; iL < p.labels.size(); iL++) {
                    Label l = p.labels.get(iL);
                    l.deleted = true;
                }
            }
        }
        for (int iL = 0; iL < labels.size(); iL++) {
            Label l = labels.get(iL);
            l.deleted = true;
        }
    }

    /** dtc's merge_nodes(): folds a later definition of the same node into this one. */
    public void merge(LiveNode nw) {
        deleted = false;
        for (int iL = 0; iL < nw.labels.size(); iL++) {
            Label l = nw.labels.get(iL);
            Label.add(labels, l.name, l.loc);
        }
        for (int iNp = 0; iNp < nw.props.size(); iNp++) {
            LiveProp np = nw.props.get(iNp);
            if (np.deleted) {
                for (int iOp = 0; iOp < props.size(); iOp++) {
                    LiveProp op = props.get(iOp);
                    if (op.name.equals(np.name)) {
                        op.deleted = true;
                        for (int iL = 0; iL < op.labels.size(); iL++) {
                            Label l = op.labels.get(iL);
                            l.deleted = true;
                        }
                        break;
                    }
                }
                continue;
            }
            LiveProp hit = null;
            for (int iOp = 0; iOp < props.size(); iOp++) {
                LiveProp op = props.get(iOp);
                if (op.name.equals(np.name)) {
                    hit = op;
                    break;
                }
            }
            if (hit != null) {
                for (int iL = 0; iL < np.labels.size(); iL++) {
                    Label l = np.labels.get(iL);
                    Label.add(hit.labels, l.name, l.loc);
                }
                hit.val = np.val;
                hit.len = np.len;
                hit.markers = np.markers;
                hit.chunks = np.chunks;
                hit.deleted = false;
                hit.loc = np.loc;
            } else {
                props.add(np);
            }
        }
        for (int iNc = 0; iNc < nw.children.size(); iNc++) {
            LiveNode nc = nw.children.get(iNc);
            if (nc.deleted) {
                for (int iOc = 0; iOc < children.size(); iOc++) {
                    LiveNode oc = children.get(iOc);
                    if (oc.name.equals(nc.name)) {
                        oc.delete();
                        break;
                    }
                }
                continue;
            }
            LiveNode hit = null;
            for (int iOc = 0; iOc < children.size(); iOc++) {
                LiveNode oc = children.get(iOc);
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
        for (int iX = 0; iX < labels.size(); iX++) {
            Label x = labels.get(iX);
            if (!x.deleted && x.name.equals(l)) {
                return true;
            }
        }
        return false;
    }
}
