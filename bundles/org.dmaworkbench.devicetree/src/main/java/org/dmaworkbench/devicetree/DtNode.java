package org.dmaworkbench.devicetree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node of an immutable compiled device tree. Children and properties are in source (and DTB) order.
 */
public final class DtNode {
    private final String name;
    private final String path;
    private final DtNode parent;
    final List<DtNode> children = new ArrayList<>();
    private final List<String> labels;
    private final List<DtProperty> properties;
    private final SourcePosition position;
    private final int phandle;
    DeviceTree tree;
    /** Every place the node was defined or amended, in source order; set by the compiler. */
    List<SourcePosition> definitions = List.of();
    /** Where each label was defined; set by the compiler. */
    java.util.Map<String, SourcePosition> labelPositions = java.util.Map.of();

    DtNode(String name, String path, DtNode parent, List<String> labels, List<DtProperty> properties,
           SourcePosition position, int phandle) {
        this.name = name;
        this.path = path;
        this.parent = parent;
        this.labels = List.copyOf(labels);
        this.properties = List.copyOf(properties);
        this.position = position;
        this.phandle = phandle;
    }

    /** The full node name with unit address, e.g. "dma-controller@e6700000"; "" for the root. */
    public String name() {
        return name;
    }

    /** The name without the unit address, e.g. "dma-controller". */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The unit address part after '@', or "" when there is none. */
    public String unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? "" : name.substring(at + 1);
    }

    /** The full path, "/" for the root, e.g. "/soc/dma-controller@e6700000". */
    public String path() {
        return path;
    }

    public Optional<DtNode> parent() {
        return Optional.ofNullable(parent);
    }

    public List<DtNode> children() {
        return Collections.unmodifiableList(children);
    }

    public Optional<DtNode> child(String childName) {
        for (DtNode c : children) {
            if (c.name.equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The node's labels in dtc's order (as dtc -O dts prints them and -@ lists them in __symbols__). */
    public List<String> labels() {
        return labels;
    }

    public List<DtProperty> properties() {
        return properties;
    }

    public Optional<DtProperty> property(String propertyName) {
        for (DtProperty p : properties) {
            if (p.name().equals(propertyName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean hasProperty(String propertyName) {
        return property(propertyName).isPresent();
    }

    /** True when status is absent, "okay" or "ok" (as the kernel's of_device_is_available()). */
    public boolean isEnabled() {
        Optional<DtProperty> s = property("status");
        if (s.isEmpty()) {
            return true;
        }
        String v = s.get().string();
        return v.equals("okay") || v.equals("ok");
    }

    public List<String> compatible() {
        return strings("compatible");
    }

    public boolean isCompatible(String c) {
        return compatible().contains(c);
    }

    /** The strings of a string-list property; empty when the property is absent. */
    public List<String> strings(String propertyName) {
        return property(propertyName).map(DtProperty::strings).orElse(List.of());
    }

    /** A single-cell property's value as an unsigned number; empty when absent or not exactly 4 bytes. */
    public OptionalLong u32(String propertyName) {
        Optional<DtProperty> p = property(propertyName);
        if (p.isEmpty() || p.get().length() != 4) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(DtProperty.cell(p.get().rawValue(), 0) & 0xffffffffL);
    }

    /** The phandle of this node, 0 if it has none. */
    public int phandle() {
        return phandle;
    }

    /** #address-cells of this node as its children see it (default 2, as dtc and the kernel assume). */
    public int addressCells() {
        return (int) u32("#address-cells").orElse(2);
    }

    /** #size-cells of this node as its children see it (default 1). */
    public int sizeCells() {
        return (int) u32("#size-cells").orElse(1);
    }

    /**
     * The reg property decoded with the parent's #address-cells/#size-cells and translated to CPU physical
     * addresses through each ancestor bus's ranges (an empty ranges is an identity mapping), as the kernel's
     * of_address_to_resource(). When some ancestor has no ranges property (an I2C or SPI bus, say), the
     * addresses are returned as that bus sees them. Empty when there is no reg.
     */
    public List<RegEntry> reg() {
        Optional<DtProperty> p = property("reg");
        if (p.isEmpty() || parent == null) {
            return List.of();
        }
        int na = parent.addressCells();
        int ns = parent.sizeCells();
        int[] c = cellsOrEmpty(p.get());
        int entry = na + ns;
        if (entry == 0) {
            return List.of();
        }
        List<RegEntry> out = new ArrayList<>();
        for (int i = 0; i + entry <= c.length; i += entry) {
            long addr = number(c, i, na);
            long size = number(c, i + na, ns);
            out.add(new RegEntry(translate(parent, addr), size));
        }
        return Collections.unmodifiableList(out);
    }

    private static int[] cellsOrEmpty(DtProperty p) {
        return (p.length() & 3) == 0 ? p.cells() : new int[0];
    }

    static long number(int[] c, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 32) | (c[off + i] & 0xffffffffL);
        }
        return v;
    }

    /** Translates an address on bus {@code bus} (the address space of bus's children) to the CPU's. */
    static long translate(DtNode bus, long addr) {
        DtNode b = bus;
        while (b.parent != null) {
            Optional<DtProperty> r = b.property("ranges");
            if (r.isEmpty()) {
                return addr;
            }
            int[] c = cellsOrEmpty(r.get());
            if (c.length == 0) {
                b = b.parent;
                continue;
            }
            int cna = b.addressCells();
            int pna = b.parent.addressCells();
            int cns = b.sizeCells();
            int entry = cna + pna + cns;
            boolean found = false;
            for (int i = 0; entry > 0 && i + entry <= c.length; i += entry) {
                long child = number(c, i, cna);
                long par = number(c, i + cna, pna);
                long size = number(c, i + cna + pna, cns);
                if (Long.compareUnsigned(addr, child) >= 0 && Long.compareUnsigned(addr - child, size) < 0) {
                    addr = addr - child + par;
                    found = true;
                    break;
                }
            }
            if (!found) {
                return addr;
            }
            b = b.parent;
        }
        return addr;
    }

    /**
     * Decodes a phandle-with-arguments list: property {@code property} holds (phandle, args…) groups where
     * the number of args is the provider's {@code cellsProperty} (e.g. ("dmas", "#dma-cells")); a provider
     * without that property takes 0 args. Stops at the first phandle that names no node.
     */
    public List<PhandleSpecifier> specifiers(String property, String cellsProperty) {
        Optional<DtProperty> p = property(property);
        if (p.isEmpty() || (p.get().length() & 3) != 0) {
            return List.of();
        }
        int[] c = p.get().cells();
        List<PhandleSpecifier> out = new ArrayList<>();
        int i = 0;
        while (i < c.length) {
            Optional<DtNode> prov = tree == null ? Optional.empty() : tree.nodeByPhandle(c[i]);
            if (prov.isEmpty()) {
                break;
            }
            int n = (int) prov.get().u32(cellsProperty).orElse(0);
            if (i + 1 + n > c.length) {
                break;
            }
            int[] args = new int[n];
            System.arraycopy(c, i + 1, args, 0, n);
            out.add(new PhandleSpecifier(prov.get(), args, p.get().position()));
            i += 1 + n;
        }
        return Collections.unmodifiableList(out);
    }

    /** Where the node was first defined. */
    public SourcePosition position() {
        return position;
    }

    /**
     * Every place the node was defined: its first definition, then each later block that amended it
     * ({@code &label { … }}, {@code &{/path} { … }}, a second {@code node { … }} of the same name), in the order dtc
     * merged them, as {@code dtc -T} annotates a node. The root's first entry is its first {@code / {}.
     */
    public List<SourcePosition> definitions() {
        return definitions;
    }

    /** Where {@code label} (one of {@link #labels()}) was written; empty for another name. */
    public Optional<SourcePosition> labelPosition(String label) {
        return Optional.ofNullable(labelPositions.get(label));
    }

    @Override
    public String toString() {
        return path;
    }
}
