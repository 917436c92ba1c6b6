package org.dmaworkbench.devicetree;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable compiled device tree: the nodes as they go into the DTB, with labels and source positions. */
public final class DeviceTree {
    private final DtNode root;
    private final Map<String, DtNode> byPath = new HashMap<>();
    private final Map<String, DtNode> byLabel = new HashMap<>();
    private final Map<Integer, DtNode> byPhandle = new HashMap<>();
    private final Map<String, String> aliases;
    private final List<long[]> memReserve;
    private final int bootCpuId;

    DeviceTree(DtNode root, List<long[]> memReserve, int bootCpuId) {
        this.root = root;
        this.memReserve = List.copyOf(memReserve);
        this.bootCpuId = bootCpuId;
        index(root);
        Map<String, String> a = new LinkedHashMap<>();
        DtNode al = byPath.get("/aliases");
        if (al != null) {
            for (DtProperty p : al.properties()) {
                if (!p.name().equals("phandle") && !p.name().equals("linux,phandle")) {
                    a.put(p.name(), p.string());
                }
            }
        }
        aliases = Collections.unmodifiableMap(a);
    }

    private void index(DtNode n) {
        n.tree = this;
        byPath.put(n.path(), n);
        for (String l : n.labels()) {
            byLabel.putIfAbsent(l, n);
        }
        if (n.phandle() != 0) {
            byPhandle.putIfAbsent(n.phandle(), n);
        }
        for (DtNode c : n.children) {
            index(c);
        }
    }

    public DtNode root() {
        return root;
    }

    /** The node at an absolute path such as "/soc/dma-controller@e6700000", or an alias name's target. */
    public Optional<DtNode> node(String path) {
        DtNode n = byPath.get(path);
        if (n == null && !path.startsWith("/")) {
            String target = aliases.get(path);
            if (target != null) {
                n = byPath.get(target);
            }
        }
        return Optional.ofNullable(n);
    }

    public Optional<DtNode> nodeByLabel(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    public Optional<DtNode> nodeByPhandle(int phandle) {
        return phandle == 0 ? Optional.empty() : Optional.ofNullable(byPhandle.get(phandle));
    }

    /** The /aliases node's properties: alias name to path. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** /memreserve/ entries as {address, size} pairs. */
    public List<long[]> memReserve() {
        return memReserve;
    }

    /** The DTB header's boot_cpuid_phys (dtc's guess: reg of the first /cpus child). */
    public int bootCpuId() {
        return bootCpuId;
    }

    /** All nodes in depth-first order (the root first). */
    public List<DtNode> allNodes() {
        List<DtNode> out = new java.util.ArrayList<>();
        collect(root, out);
        return Collections.unmodifiableList(out);
    }

    private static void collect(DtNode n, List<DtNode> out) {
        out.add(n);
        for (DtNode c : n.children) {
            collect(c, out);
        }
    }
}
