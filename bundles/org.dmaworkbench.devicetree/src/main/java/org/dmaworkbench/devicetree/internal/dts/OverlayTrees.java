package org.dmaworkbench.devicetree.internal.dts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.internal.Reporter;

/**
 * The trees dtc adds after its checks (dtc 1.6.1's generate_label_tree(), generate_fixups_tree() and
 * generate_local_fixups_tree() in livetree.c): {@code __symbols__} with -@ (one string property per live label
 * giving the node's full path, and a phandle for every labelled node), and for /plugin/ sources
 * {@code __fixups__} (per unresolved label: "path:property:offset" strings) and {@code __local_fixups__}
 * (the offsets of resolved phandle references, in a copy of the referring node's path). Each tree is added at
 * the end of the root only when there is something to put in it.
 */
public final class OverlayTrees {
    private final LiveNode root;
    private final Checks checks;
    private final Reporter rep;

    public OverlayTrees(LiveNode root, Checks checks, Reporter rep) {
        this.root = root;
        this.checks = checks;
        this.rep = rep;
    }

    /** dtc's main(): -@ gives __symbols__; a /plugin/ source always gets __fixups__ and __local_fixups__. */
    public void run(boolean symbols, boolean fixups) {
        if (symbols && anyLabel(root)) {
            labelTree(rootChild("__symbols__"), root);
        }
        if (fixups) {
            if (anyReference(root, false)) {
                fixupsTree(rootChild("__fixups__"), root);
            }
            if (anyReference(root, true)) {
                localFixupsTree(rootChild("__local_fixups__"), root);
            }
        }
    }

    /** dtc's build_root_node(): an existing live child of / of that name, else a new one at the end. */
    private LiveNode rootChild(String name) {
        LiveNode n = root.child(name);
        return n != null ? n : newChild(root, name);
    }

    private static LiveNode newChild(LiveNode parent, String name) {
        LiveNode n = new LiveNode(null);
        n.name = name;
        parent.addChild(n);
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------
    // __symbols__

    /** dtc's any_label_tree(): a node with any label, deleted ones included, as dtc tests the list itself. */
    private static boolean anyLabel(LiveNode n) {
        if (!n.labels.isEmpty()) {
            return true;
        }
        for (LiveNode c : n.children) {
            if (!c.deleted && anyLabel(c)) {
                return true;
            }
        }
        return false;
    }

    private void labelTree(LiveNode symbols, LiveNode n) {
        if (!n.labels.isEmpty()) {
            for (Label l : n.labels) {
                if (l.deleted) {
                    continue;
                }
                if (symbols.prop(l.name) != null) {
                    rep.report(Severity.WARNING, null, 0, 0, "label " + l.name + " already exists in /"
                            + symbols.name);
                    continue;
                }
                symbols.props.add(stringProp(l.name, n.fullpath));
            }
            checks.nodePhandle(n);
        }
        // the list can grow while we walk it (the __symbols__ node itself is the last child of /)
        for (int i = 0; i < n.children.size(); i++) {
            LiveNode c = n.children.get(i);
            if (!c.deleted) {
                labelTree(symbols, c);
            }
        }
    }

    private static LiveProp stringProp(String name, String value) {
        byte[] b = Arrays.copyOf(value.getBytes(StandardCharsets.ISO_8859_1), value.length() + 1);
        return new LiveProp(name, b, b.length, new ArrayList<>(0), null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // __fixups__ and __local_fixups__

    /** dtc's any_fixup_tree() (resolved == false) and any_local_fixup_tree() (resolved == true). */
    private boolean anyReference(LiveNode n, boolean resolved) {
        for (LiveProp p : n.props) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.markers) {
                if (m.type == Marker.REF_PHANDLE && (Tree.nodeByRef(root, m.ref) != null) == resolved) {
                    return true;
                }
            }
        }
        for (int i = 0; i < n.children.size(); i++) {
            LiveNode c = n.children.get(i);
            if (!c.deleted && anyReference(c, resolved)) {
                return true;
            }
        }
        return false;
    }

    private void fixupsTree(LiveNode fixups, LiveNode n) {
        for (LiveProp p : n.props) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.markers) {
                if (m.type == Marker.REF_PHANDLE && Tree.nodeByRef(root, m.ref) == null) {
                    fixupEntry(fixups, n, p, m);
                }
            }
        }
        for (int i = 0; i < n.children.size(); i++) {
            LiveNode c = n.children.get(i);
            if (!c.deleted) {
                fixupsTree(fixups, c);
            }
        }
    }

    /**
     * dtc's add_fixup_entry(): appends "path:property:offset" to the property named after the label. dtc 1.6.1
     * does this for an unresolved path reference too (property "/path"), so it is done here as well; ':' cannot
     * occur in the path or the property name, as the lexer takes no ':' in names.
     */
    private static void fixupEntry(LiveNode fixups, LiveNode n, LiveProp p, Marker m) {
        String entry = n.fullpath + ":" + p.name + ":" + m.offset;
        byte[] b = Arrays.copyOf(entry.getBytes(StandardCharsets.ISO_8859_1), entry.length() + 1);
        appendToProperty(fixups, m.ref, b);
    }

    /** dtc's append_to_property(). */
    private static void appendToProperty(LiveNode n, String name, byte[] data) {
        LiveProp p = n.prop(name);
        if (p == null) {
            n.props.add(new LiveProp(name, data, data.length, new ArrayList<>(0), null));
            return;
        }
        byte[] v = Arrays.copyOf(p.val, p.len + data.length);
        System.arraycopy(data, 0, v, p.len, data.length);
        p.val = v;
        p.len = v.length;
    }

    private void localFixupsTree(LiveNode local, LiveNode n) {
        for (LiveProp p : n.props) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.markers) {
                if (m.type == Marker.REF_PHANDLE && Tree.nodeByRef(root, m.ref) != null) {
                    localFixupEntry(local, n, p, m);
                }
            }
        }
        for (int i = 0; i < n.children.size(); i++) {
            LiveNode c = n.children.get(i);
            if (!c.deleted) {
                localFixupsTree(local, c);
            }
        }
    }

    /** dtc's add_local_fixup_entry(): the referring node's path rebuilt under __local_fixups__, offset appended. */
    private static void localFixupEntry(LiveNode local, LiveNode n, LiveProp p, Marker m) {
        int depth = 0;
        for (LiveNode w = n; w.parent != null; w = w.parent) {
            depth++;
        }
        String[] names = new String[depth];
        int i = depth - 1;
        for (LiveNode w = n; w.parent != null; w = w.parent) {
            names[i--] = w.name;
        }
        LiveNode w = local;
        for (String name : names) {
            LiveNode c = w.child(name);
            w = c != null ? c : newChild(w, name);
        }
        byte[] off = {(byte) (m.offset >>> 24), (byte) (m.offset >>> 16), (byte) (m.offset >>> 8), (byte) m.offset};
        appendToProperty(w, p.name, off);
    }
}
