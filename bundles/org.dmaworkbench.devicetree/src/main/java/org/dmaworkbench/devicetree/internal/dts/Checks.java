package org.dmaworkbench.devicetree.internal.dts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.internal.Reporter;

/**
 * The tree checks and fix-ups of dtc's checks.c, run in dtc's order: structural errors, explicit phandles,
 * phandle and path reference fix-ups (phandles allocated as references are met walking the tree),
 * /omit-if-no-ref/ removal, then the common warnings (unit address vs reg, reg/ranges format, unique unit
 * addresses, #*-cells of phandle-with-args properties and interrupts).
 */
public final class Checks {
    private final LiveNode root;
    private final Reporter rep;
    private final boolean plugin;
    private int nextPhandle = 1;
    private final Map<Integer, LiveNode> byPhandle = new HashMap<>();
    private Map<String, LiveNode> byLabel;

    private final java.util.function.Predicate<String> enabled;
    /** dtc -@: a labelled /omit-if-no-ref/ node stays (its label goes into __symbols__). */
    private final boolean symbols;

    public Checks(LiveNode root, Reporter rep, boolean plugin) {
        this(root, rep, plugin, check -> true, false);
    }

    /**
     * {@code enabled} says whether a check's messages are reported (dtc -W / -Wno-); {@code symbols} is dtc's -@
     * (generate_symbols).
     */
    public Checks(LiveNode root, Reporter rep, boolean plugin, java.util.function.Predicate<String> enabled,
            boolean symbols) {
        this.root = root;
        this.rep = rep;
        this.plugin = plugin;
        this.enabled = enabled;
        this.symbols = symbols;
    }

    private void fail(Severity s, String check, LiveNode node, LiveProp prop, String msg) {
        if (!enabled.test(check)) {
            return;
        }
        Loc l = prop != null && prop.loc != null ? prop.loc : node.loc;
        String path = node.fullpath + (prop != null ? ":" + prop.name : "");
        String text = path + ": " + msg + " [" + check + "]";
        if (l == null) {
            rep.report(s, null, 0, 0, text);
        } else {
            rep.report(s, l.origin(), l.line(), l.col(), text);
        }
    }

    private void error(String check, LiveNode node, LiveProp prop, String msg) {
        fail(Severity.ERROR, check, node, prop, msg);
    }

    private void warn(String check, LiveNode node, LiveProp prop, String msg) {
        fail(Severity.WARNING, check, node, prop, msg);
    }

    private interface NodeCheck {
        void check(LiveNode n);
    }

    private static void walk(LiveNode n, NodeCheck c) {
        c.check(n);
        for (int i = 0; i < n.children.size(); i++) {
            LiveNode ch = n.children.get(i);
            if (!ch.deleted) {
                walk(ch, c);
            }
        }
    }

    /** Runs all checks; fix-ups change the tree in place. */
    public void run() {
        Tree.fillFullpaths(root, "");
        walk(root, this::duplicateNodeNames);
        walk(root, this::duplicatePropertyNames);
        walk(root, this::nodeNameChars);
        walk(root, this::propertyNameChars);
        walk(root, this::nameProperties);
        walk(root, this::duplicateLabels);
        walk(root, this::explicitPhandles);
        walk(root, this::phandleReferences);
        walk(root, this::pathReferences);
        walk(root, this::omitUnused);
        walk(root, this::addrSizeCells);
        walk(root, this::unitAddressVsReg);
        walk(root, this::regFormat);
        walk(root, this::rangesFormat);
        walk(root, this::avoidDefaultAddrSize);
        if (defaultAddrSizeWarned) {
            // dtc runs no check whose prerequisite failed (even one switched off), and says so without a position
            if (enabled.test("unique_unit_address")) {
                rep.report(Severity.WARNING, null, 0, 0,
                        "Failed prerequisite 'avoid_default_addr_size' [unique_unit_address]");
            }
        } else {
            walk(root, this::uniqueUnitAddress);
        }
        PhandleArgs.run(root, this);
        walk(root, this::interruptProvider);
    }

    private boolean defaultAddrSizeWarned;

    /** dtc's check_avoid_default_addr_size(): reg or ranges under a parent without #address-/#size-cells. */
    private void avoidDefaultAddrSize(LiveNode n) {
        if (n.parent == null || (n.prop("reg") == null && n.prop("ranges") == null)) {
            return;
        }
        if (n.parent.addrCells == -1) {
            warn("avoid_default_addr_size", n, null, "Relying on default #address-cells value");
            defaultAddrSizeWarned = true;
        }
        if (n.parent.sizeCells == -1) {
            warn("avoid_default_addr_size", n, null, "Relying on default #size-cells value");
            defaultAddrSizeWarned = true;
        }
    }

    /**
     * dtc 1.6.1's check_interrupt_provider(): a node with interrupt-controller or interrupt-map needs
     * #interrupt-cells and #address-cells (both reported; later dtc versions differ).
     */
    private void interruptProvider(LiveNode n) {
        if (n.prop("interrupt-controller") == null && n.prop("interrupt-map") == null) {
            return;
        }
        if (n.prop("#interrupt-cells") == null) {
            warn("interrupt_provider", n, null, "Missing #interrupt-cells in interrupt provider");
        }
        if (n.prop("#address-cells") == null) {
            warn("interrupt_provider", n, null, "Missing #address-cells in interrupt provider");
        }
    }

    void report(Severity s, String check, LiveNode node, LiveProp prop, String msg) {
        fail(s, check, node, prop, msg);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The indices with equal keys: {@code members[i]} lists, ascending, every index whose key equals key i (one array
     * shared by the group; null for a null key), {@code rank[i]} is i's place in it. The sibling checks below report
     * the same pairs in the same order as dtc's loops over all pairs, in time linear in the siblings (a bus with
     * 100,000 children took minutes pairwise).
     */
    private record Groups(int[][] members, int[] rank) {
        static Groups of(String[] keys) {
            java.util.HashMap<String, int[]> counts = new java.util.HashMap<>();
            for (String k : keys) {
                if (k != null) {
                    counts.computeIfAbsent(k, x -> new int[1])[0]++;
                }
            }
            java.util.HashMap<String, int[]> arrays = new java.util.HashMap<>();
            int[][] members = new int[keys.length][];
            int[] rank = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == null) {
                    continue;
                }
                int[] c = counts.get(keys[i]);
                int[] g = arrays.computeIfAbsent(keys[i], x -> new int[c[0]]);
                int filled = g.length - c[0]--;
                g[filled] = i;
                members[i] = g;
                rank[i] = filled;
            }
            return new Groups(members, rank);
        }
    }

    private void duplicateNodeNames(LiveNode n) {
        List<LiveNode> ch = n.children;
        String[] names = new String[ch.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = ch.get(i).name;
        }
        Groups g = Groups.of(names);
        for (int i = 0; i < ch.size(); i++) {
            LiveNode a = ch.get(i);
            if (a.deleted || g.members[i] == null) {
                continue;
            }
            int[] same = g.members[i];
            for (int k = g.rank[i] + 1; k < same.length; k++) {
                LiveNode b = ch.get(same[k]);
                error("duplicate_node_names", b.fullpath == null ? a : b, null, "Duplicate node name");
            }
        }
    }

    private void duplicatePropertyNames(LiveNode n) {
        List<LiveProp> ps = n.props;
        String[] names = new String[ps.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = ps.get(i).name;
        }
        Groups g = Groups.of(names);
        for (int i = 0; i < ps.size(); i++) {
            LiveProp a = ps.get(i);
            if (a.deleted || g.members[i] == null) {
                continue;
            }
            int[] same = g.members[i];
            for (int k = g.rank[i] + 1; k < same.length; k++) {
                if (!ps.get(same[k]).deleted) {
                    error("duplicate_property_names", n, a, "Duplicate property name");
                }
            }
        }
    }

    private static boolean nodeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ",._+-@".indexOf(c) >= 0;
    }

    private static boolean propChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ",._+*#?-".indexOf(c) >= 0;
    }

    private void nodeNameChars(LiveNode n) {
        for (int i = 0; i < n.name.length(); i++) {
            if (!nodeChar(n.name.charAt(i))) {
                error("node_name_chars", n, null, "Bad character '" + n.name.charAt(i) + "' in node name");
                return;
            }
        }
        if (n.unitName().indexOf('@') >= 0) {
            error("node_name_format", n, null, "multiple '@' characters in node name");
        }
    }

    private void propertyNameChars(LiveNode n) {
        for (int iP = 0; iP < n.props.size(); iP++) {
            LiveProp p = n.props.get(iP);
            if (p.deleted) {
                continue;
            }
            for (int i = 0; i < p.name.length(); i++) {
                if (!propChar(p.name.charAt(i))) {
                    error("property_name_chars", n, p, "Bad character '" + p.name.charAt(i) + "' in property name");
                    break;
                }
            }
        }
    }

    private void nameProperties(LiveNode n) {
        for (int i = 0; i < n.props.size(); i++) {
            LiveProp p = n.props.get(i);
            if (!p.name.equals("name")) {
                continue;
            }
            String base = n.name.substring(0, n.basenamelen);
            if (p.len != base.length() + 1 || !p.cString().equals(base)) {
                error("name_properties", n, null, "\"name\" property is incorrect (\"" + p.cString()
                        + "\" instead of base node name)");
            } else {
                n.props.remove(i); // correct, and therefore redundant
            }
            return;
        }
    }

    private void duplicateLabels(LiveNode n) {
        for (int iL = 0; iL < n.labels.size(); iL++) {
            Label l = n.labels.get(iL);
            if (!l.deleted) {
                checkLabel(l.name, n, null, null);
            }
        }
        for (int iP = 0; iP < n.props.size(); iP++) {
            LiveProp p = n.props.get(iP);
            if (p.deleted) {
                continue;
            }
            for (int iL = 0; iL < p.labels.size(); iL++) {
                Label l = p.labels.get(iL);
                if (!l.deleted) {
                    checkLabel(l.name, n, p, null);
                }
            }
            for (int iM = 0; iM < p.markers.size(); iM++) {
                Marker m = p.markers.get(iM);
                if (m.type == Marker.LABEL) {
                    checkLabel(m.ref, n, p, m);
                }
            }
        }
    }

    private Object[] labelOwner;

    private void checkLabel(String label, LiveNode node, LiveProp prop, Marker mark) {
        LiveNode other = labelIndex().get(label);
        LiveProp otherProp = null;
        Marker otherMark = null;
        if (other == null) {
            labelOwner = null;
            findPropLabel(root, label);
            if (labelOwner != null) {
                other = (LiveNode) labelOwner[0];
                otherProp = (LiveProp) labelOwner[1];
                otherMark = (Marker) labelOwner[2];
            }
        }
        if (other == null) {
            return;
        }
        if (other != node || otherProp != prop || otherMark != mark) {
            error("duplicate_label", node, null, "Duplicate label '" + label + "' on " + desc(node, prop, mark)
                    + " and " + desc(other, otherProp, otherMark));
        }
    }

    private static String desc(LiveNode n, LiveProp p, Marker m) {
        return (m != null ? "value of " : "") + (p != null ? "'" + p.name + "' in " : "") + n.fullpath;
    }

    private boolean findPropLabel(LiveNode n, String label) {
        return findPropertyLabel(n, label) || findMarkerLabel(n, label);
    }

    /** dtc's get_property_by_label(). */
    private boolean findPropertyLabel(LiveNode n, String label) {
        for (int iP = 0; iP < n.props.size(); iP++) {
            LiveProp p = n.props.get(iP);
            if (p.deleted) {
                continue;
            }
            for (int iL = 0; iL < p.labels.size(); iL++) {
                Label l = p.labels.get(iL);
                if (!l.deleted && l.name.equals(label)) {
                    labelOwner = new Object[] {n, p, null};
                    return true;
                }
            }
        }
        for (int iC = 0; iC < n.children.size(); iC++) {
            LiveNode c = n.children.get(iC);
            if (!c.deleted && findPropertyLabel(c, label)) {
                return true;
            }
        }
        return false;
    }

    /** dtc's get_marker_label(). */
    private boolean findMarkerLabel(LiveNode n, String label) {
        for (int iP = 0; iP < n.props.size(); iP++) {
            LiveProp p = n.props.get(iP);
            if (p.deleted) {
                continue;
            }
            for (int iM = 0; iM < p.markers.size(); iM++) {
                Marker m = p.markers.get(iM);
                if (m.type == Marker.LABEL && m.ref.equals(label)) {
                    labelOwner = new Object[] {n, p, m};
                    return true;
                }
            }
        }
        for (int iC = 0; iC < n.children.size(); iC++) {
            LiveNode c = n.children.get(iC);
            if (!c.deleted && findMarkerLabel(c, label)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validPhandle(int p) {
        return p != 0 && p != -1;
    }

    private int phandleProp(LiveNode n, String name) {
        LiveProp p = n.prop(name);
        if (p == null) {
            return 0;
        }
        if (p.len != 4) {
            error("explicit_phandles", n, p, "bad length (" + p.len + ") " + name + " property");
            return 0;
        }
        for (int iM = 0; iM < p.markers.size(); iM++) {
            Marker m = p.markers.get(iM);
            if (m.type == Marker.REF_PHANDLE) {
                if (n != Tree.nodeByRef(root, m.ref)) {
                    error("explicit_phandles", n, null, name + " is a reference to another node");
                }
                return 0;
            }
        }
        int v = p.cell(0);
        if (!validPhandle(v)) {
            error("explicit_phandles", n, p, "bad value (0x" + Integer.toHexString(v) + ") in " + name + " property");
            return 0;
        }
        return v;
    }

    private void explicitPhandles(LiveNode n) {
        int ph = phandleProp(n, "phandle");
        int lph = phandleProp(n, "linux,phandle");
        if (ph == 0 && lph == 0) {
            return;
        }
        if (lph != 0 && ph != 0 && ph != lph) {
            error("explicit_phandles", n, null, "mismatching 'phandle' and 'linux,phandle' properties");
        }
        if (lph != 0 && ph == 0) {
            ph = lph;
        }
        LiveNode other = byPhandle.get(ph);
        if (other != null && other != n) {
            error("explicit_phandles", n, null, "duplicated phandle 0x" + Integer.toHexString(ph) + " (seen before at "
                    + other.fullpath + ")");
            return;
        }
        n.phandle = ph;
        byPhandle.put(ph, n);
    }

    private LiveNode byRef(String ref) {
        if (ref.startsWith("/") || ref.indexOf('/') >= 0) {
            return Tree.nodeByRef(root, ref);
        }
        return labelIndex().get(ref);
    }

    private Map<String, LiveNode> labelIndex() {
        if (byLabel == null) {
            byLabel = new HashMap<>();
            indexLabels(root);
        }
        return byLabel;
    }

    private void indexLabels(LiveNode n) {
        for (int iL = 0; iL < n.labels.size(); iL++) {
            Label l = n.labels.get(iL);
            if (!l.deleted) {
                byLabel.putIfAbsent(l.name, n);
            }
        }
        for (int iC = 0; iC < n.children.size(); iC++) {
            LiveNode c = n.children.get(iC);
            if (!c.deleted) {
                indexLabels(c);
            }
        }
    }

    /** dtc's get_node_phandle(): the lowest unused phandle from a running counter, plus a phandle property. */
    int nodePhandle(LiveNode n) {
        if (validPhandle(n.phandle)) {
            return n.phandle;
        }
        while (phandleInUse(nextPhandle)) {
            nextPhandle++;
        }
        n.phandle = nextPhandle;
        byPhandle.put(nextPhandle, n);
        if (n.prop("phandle") == null) {
            byte[] v = new byte[4];
            LiveProp p = new LiveProp("phandle", v, 4, new ArrayList<>(0), null);
            p.setCell(0, n.phandle);
            n.props.add(p);
        }
        return n.phandle;
    }

    /** dtc's get_node_by_phandle() != NULL: deleted nodes (such as omitted ones) free their phandle. */
    private boolean phandleInUse(int ph) {
        LiveNode n = byPhandle.get(ph);
        return n != null && !n.deleted;
    }

    private void phandleReferences(LiveNode n) {
        for (int i = 0; i < n.props.size(); i++) {
            LiveProp p = n.props.get(i);
            if (p.deleted) {
                continue;
            }
            for (int iM = 0; iM < p.markers.size(); iM++) {
                Marker m = p.markers.get(iM);
                if (m.type != Marker.REF_PHANDLE) {
                    continue;
                }
                LiveNode ref = byRef(m.ref);
                if (ref == null) {
                    if (!plugin) {
                        refError(n, m);
                    } else {
                        p.setCell(m.offset, -1);
                    }
                    continue;
                }
                p.setCell(m.offset, nodePhandle(ref));
                ref.referenced = true;
            }
        }
    }

    private void refError(LiveNode n, Marker m) {
        String text = n.fullpath + ": Reference to non-existent node or label \"" + m.ref + "\" [phandle_references]";
        if (m.loc != null) {
            rep.error(m.loc.origin(), m.loc.line(), m.loc.col(), text);
        } else {
            rep.report(Severity.ERROR, null, 0, 0, text);
        }
    }

    private void pathReferences(LiveNode n) {
        for (int iP = 0; iP < n.props.size(); iP++) {
            LiveProp p = n.props.get(iP);
            if (p.deleted) {
                continue;
            }
            for (int i = 0; i < p.markers.size(); i++) {
                Marker m = p.markers.get(i);
                if (m.type != Marker.REF_PATH) {
                    continue;
                }
                LiveNode ref = byRef(m.ref);
                if (ref == null) {
                    refError(n, m);
                    continue;
                }
                byte[] path = ref.fullpath.getBytes(StandardCharsets.ISO_8859_1);
                byte[] z = new byte[path.length + 1];
                System.arraycopy(path, 0, z, 0, path.length);
                p.insertAt(m, z);
                ref.referenced = true;
            }
        }
    }

    /** dtc's fixup_omit_unused_nodes(). */
    private void omitUnused(LiveNode n) {
        if (symbols && !n.labels.isEmpty()) {
            return;
        }
        if (n.omitIfUnused && !n.referenced) {
            n.delete();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Warnings

    private void addrSizeCells(LiveNode n) {
        n.addrCells = -1;
        n.sizeCells = -1;
        LiveProp a = n.prop("#address-cells");
        if (a != null) {
            if (a.len != 4) {
                warn("address_cells_is_cell", n, a, "property is not a single cell");
            } else {
                n.addrCells = a.cell(0);
            }
        }
        LiveProp s = n.prop("#size-cells");
        if (s != null) {
            if (s.len != 4) {
                warn("size_cells_is_cell", n, s, "property is not a single cell");
            } else {
                n.sizeCells = s.cell(0);
            }
        }
    }

    static int addrCells(LiveNode n) {
        return n.addrCells == -1 ? 2 : n.addrCells;
    }

    static int sizeCells(LiveNode n) {
        return n.sizeCells == -1 ? 1 : n.sizeCells;
    }

    private void unitAddressVsReg(LiveNode n) {
        String unit = n.unitName();
        LiveProp p = n.prop("reg");
        if (n.child("__overlay__") != null) {
            return;
        }
        if (p == null) {
            p = n.prop("ranges");
            if (p != null && p.len == 0) {
                p = null;
            }
        }
        if (p != null) {
            if (unit.isEmpty()) {
                warn("unit_address_vs_reg", n, null, "node has a reg or ranges property, but no unit name");
            }
        } else if (!unit.isEmpty()) {
            warn("unit_address_vs_reg", n, null, "node has a unit name, but no reg or ranges property");
        }
    }

    private void regFormat(LiveNode n) {
        LiveProp p = n.prop("reg");
        if (p == null) {
            return;
        }
        if (n.parent == null) {
            warn("reg_format", n, null, "Root node has a \"reg\" property");
            return;
        }
        if (p.len == 0) {
            warn("reg_format", n, p, "property is empty");
        }
        int ac = addrCells(n.parent);
        int sc = sizeCells(n.parent);
        int entry = (ac + sc) * 4;
        if (entry == 0 ? p.len != 0 : p.len % entry != 0) {
            warn("reg_format", n, p, "property has invalid length (" + p.len + " bytes) (#address-cells == " + ac
                    + ", #size-cells == " + sc + ")");
        }
    }

    private void rangesFormat(LiveNode n) {
        for (String ranges : new String[] {"ranges", "dma-ranges"}) {
            LiveProp p = n.prop(ranges);
            if (p == null) {
                continue;
            }
            String check = ranges.equals("ranges") ? "ranges_format" : "dma_ranges_format";
            if (n.parent == null) {
                warn(check, n, p, "Root node has a \"" + ranges + "\" property");
                continue;
            }
            int pa = addrCells(n.parent);
            int ps = sizeCells(n.parent);
            int ca = addrCells(n);
            int cs = sizeCells(n);
            int entry = (pa + ca + cs) * 4;
            if (p.len == 0) {
                if (pa != ca) {
                    warn(check, n, p, "empty \"" + ranges + "\" property but its #address-cells (" + ca
                            + ") differs from " + n.parent.fullpath + " (" + pa + ")");
                }
                if (ps != cs) {
                    warn(check, n, p, "empty \"" + ranges + "\" property but its #size-cells (" + cs
                            + ") differs from " + n.parent.fullpath + " (" + ps + ")");
                }
            } else if (entry == 0 || p.len % entry != 0) {
                warn(check, n, p, "\"" + ranges + "\" property has invalid length (" + p.len
                        + " bytes) (parent #address-cells == " + pa + ", child #address-cells == " + ca
                        + ", #size-cells == " + cs + ")");
            }
        }
    }

    private void uniqueUnitAddress(LiveNode n) {
        if (n.addrCells < 0 || n.sizeCells < 0) {
            return;
        }
        List<LiveNode> ch = n.children;
        String[] units = new String[ch.size()];
        for (int i = 0; i < units.length; i++) {
            String u = ch.get(i).unitName();
            units[i] = u.isEmpty() ? null : u;
        }
        Groups g = Groups.of(units);
        for (int i = 0; i < ch.size(); i++) {
            LiveNode a = ch.get(i);
            if (a.deleted || g.members[i] == null) {
                continue;
            }
            int[] same = g.members[i];
            for (int k = 0; k < g.rank[i]; k++) {
                LiveNode b = ch.get(same[k]);
                if (!b.deleted) {
                    warn("unique_unit_address", b, null, "duplicate unit-address (also used in node " + a.fullpath
                            + ")");
                }
            }
        }
    }

    LiveNode nodeForPhandle(int ph) {
        return byPhandle.get(ph);
    }
}
