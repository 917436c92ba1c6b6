package org.dmaworkbench.devicetree.internal.dts;

/** Look-ups on a tree under construction, with dtc's livetree.c semantics (deleted entries are invisible). */
public final class Tree {
    private Tree() {
    }

    /** dtc's get_node_by_path(): components must match full node names (with unit address). */
    public static LiveNode nodeByPath(LiveNode tree, String path) {
        int i = 0;
        LiveNode cur = tree;
        while (true) {
            if (i >= path.length()) {
                return cur.deleted ? null : cur;
            }
            while (i < path.length() && path.charAt(i) == '/') {
                i++;
            }
            if (i >= path.length()) {
                return cur.deleted ? null : cur;
            }
            int slash = path.indexOf('/', i);
            String comp = slash < 0 ? path.substring(i) : path.substring(i, slash);
            LiveNode next = null;
            for (int iC = 0; iC < cur.children.size(); iC++) {
                LiveNode c = cur.children.get(iC);
                if (!c.deleted && c.name.equals(comp)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            if (slash < 0) {
                return next;
            }
            cur = next;
            i = slash + 1;
        }
    }

    /** dtc's get_node_by_label(): depth-first, live labels of live nodes. */
    public static LiveNode nodeByLabel(LiveNode tree, String label) {
        for (int iL = 0; iL < tree.labels.size(); iL++) {
            Label l = tree.labels.get(iL);
            if (!l.deleted && l.name.equals(label)) {
                return tree;
            }
        }
        for (int iC = 0; iC < tree.children.size(); iC++) {
            LiveNode c = tree.children.get(iC);
            if (!c.deleted) {
                LiveNode n = nodeByLabel(c, label);
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    /** dtc's get_node_by_phandle(). */
    public static LiveNode nodeByPhandle(LiveNode tree, int phandle) {
        if (tree.phandle == phandle) {
            return tree.deleted ? null : tree;
        }
        for (int iC = 0; iC < tree.children.size(); iC++) {
            LiveNode c = tree.children.get(iC);
            if (!c.deleted) {
                LiveNode n = nodeByPhandle(c, phandle);
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    /** dtc's get_node_by_ref(): "/path", "label" or "label/relative/path". */
    public static LiveNode nodeByRef(LiveNode tree, String ref) {
        if (ref.equals("/")) {
            return tree;
        }
        if (ref.startsWith("/")) {
            return nodeByPath(tree, ref);
        }
        int slash = ref.indexOf('/');
        String label = slash < 0 ? ref : ref.substring(0, slash);
        LiveNode t = nodeByLabel(tree, label);
        if (t == null) {
            return null;
        }
        return slash < 0 ? t : nodeByPath(t, ref.substring(slash + 1));
    }

    /** dtc's fill_fullpaths(). */
    public static void fillFullpaths(LiveNode n, String prefix) {
        n.fullpath = prefix.endsWith("/") ? prefix + n.name : prefix + "/" + n.name;
        int at = n.name.indexOf('@');
        n.basenamelen = at < 0 ? n.name.length() : at;
        for (int iC = 0; iC < n.children.size(); iC++) {
            LiveNode c = n.children.get(iC);
            if (!c.deleted) {
                fillFullpaths(c, n.fullpath);
            }
        }
    }
}
