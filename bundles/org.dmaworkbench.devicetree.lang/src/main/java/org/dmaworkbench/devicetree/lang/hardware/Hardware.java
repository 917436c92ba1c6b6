package org.dmaworkbench.devicetree.lang.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.emulation.scenario.DeviceKind;
import org.dmaworkbench.emulation.scenario.DmaInventory;
import org.dmaworkbench.emulation.scenario.IommuPlan;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule;

/**
 * What the emulator builds from a board, for the editor's Hardware page: each IPMMU (enabled or not) with its masters,
 * their micro-TLBs and whether Linux 6.12's {@code ipmmu_device_is_allowed()} attaches them ({@link IommuPlan}); each
 * DMA controller with its channels and the clients whose {@code dmas} request them ({@link DmaInventory}); the
 * {@code dma-ranges} windows and the reserved-memory pools; the DMA-capable devices the emulator does not model.
 */
public final class Hardware {

    /** An IOMMU and its masters. */
    public record Iommu(DtNode node, String name, String devName, boolean enabled, int utlbCount, String features,
            String rule, List<Master> masters) {
        public Iommu {
            masters = List.copyOf(masters);
        }

        /** Every micro-TLB some node's iommus names (enabled or not). */
        public TreeSet<Integer> usedUtlbs() {
            TreeSet<Integer> s = new TreeSet<>();
            masters.forEach(m -> s.addAll(m.utlbs()));
            return s;
        }
    }

    /**
     * A master of an IOMMU: its micro-TLBs, whether it is enabled, the kernel's verdict and whether it will be
     * translated (attached and the IOMMU enabled).
     */
    public record Master(DtNode node, String name, String devName, List<Integer> utlbs, boolean enabled,
            String verdict, boolean attached) {
        public Master {
            utlbs = List.copyOf(utlbs);
        }
    }

    /** A DMA controller: its channels, whether the emulator models it, its IOMMU, and the clients of its channels. */
    public record Dmac(DtNode node, String name, String devName, boolean enabled, int channels, boolean modelled,
            String iommu, List<Client> clients) {
        public Dmac {
            clients = List.copyOf(clients);
        }
    }

    /** A node whose dmas names a controller: the channel's name and specifier (rcar-dmac: MID/RID). */
    public record Client(DtNode node, String name, String channel, String specifier, boolean enabled) {
    }

    /** A bus's dma-ranges window or a reserved-memory region. */
    public record Region(DtNode node, String name, String text) {
    }

    private final List<Iommu> iommus;
    private final List<Dmac> dmacs;
    private final List<Region> windows;
    private final List<Region> pools;
    private final List<DmaInventory.Unmodelled> unmodelled;
    private final String soc;

    private Hardware(String soc, List<Iommu> iommus, List<Dmac> dmacs, List<Region> windows, List<Region> pools,
            List<DmaInventory.Unmodelled> unmodelled) {
        this.soc = soc;
        this.iommus = List.copyOf(iommus);
        this.dmacs = List.copyOf(dmacs);
        this.windows = List.copyOf(windows);
        this.pools = List.copyOf(pools);
        this.unmodelled = List.copyOf(unmodelled);
    }

    public List<Iommu> iommus() {
        return iommus;
    }

    public List<Dmac> dmacs() {
        return dmacs;
    }

    public List<Region> dmaWindows() {
        return windows;
    }

    public List<Region> reservedMemory() {
        return pools;
    }

    public List<DmaInventory.Unmodelled> unmodelled() {
        return unmodelled;
    }

    /** "r8a7795 ES3.0 (R-Car Gen3)": the SoC the kernel's rule was asked about. */
    public String soc() {
        return soc;
    }

    public Optional<Iommu> iommu(String label) {
        return iommus.stream().filter(i -> i.node().labels().contains(label)).findFirst();
    }

    public Optional<Dmac> dmac(String label) {
        return dmacs.stream().filter(d -> d.node().labels().contains(label)).findFirst();
    }

    /** The hardware of a compiled board, as Linux 6.12 treats it. */
    public static Hardware of(DeviceTree tree) {
        IommuPlan plan = IommuPlan.forBoard(tree, KernelProfile.V6_12);
        // ipmmu_device_is_allowed() in a few words for this SoC
        String rule = !IpmmuAttachRule.needsOptIn(plan.soc()) ? "every master is allowed"
                : IpmmuAttachRule.denied(plan.soc()) ? "SoC on the deny list: no master is attached"
                : "opt-in SoC: only the allow list (the SDHIs)";
        List<Iommu> iommus = new ArrayList<>();
        for (IommuPlan.Unit u : plan.units()) {
            List<Master> masters = new ArrayList<>();
            for (IommuPlan.Master m : u.masters()) {
                masters.add(new Master(m.node(), name(m.node()), m.devName(), m.utlbs(), true, m.verdict().reason(),
                        u.enabled() && m.attached()));
            }
            // masters that are disabled (IommuPlan lists the enabled ones): they still hold their micro-TLBs
            for (DtNode n : tree.allNodes()) {
                if (!n.hasProperty("iommus") || masters.stream().anyMatch(m -> m.node() == n)) {
                    continue;
                }
                List<Integer> utlbs = utlbsOf(n, u.node());
                if (!utlbs.isEmpty()) {
                    masters.add(new Master(n, name(n), devName(n), utlbs, false, "disabled", false));
                }
            }
            IpmmuFeatures f = IpmmuFeatures.forCompatibles(u.node().compatible()).orElse(IpmmuFeatures.DEFAULT);
            iommus.add(new Iommu(u.node(), name(u.node()), u.devName(), u.enabled(), f.numUtlbs(), "R-Car Gen"
                    + f.generation() + " IPMMU-VMSA, " + f.numUtlbs() + " micro-TLBs", rule, masters));
        }
        DmaInventory inv = DmaInventory.of(tree);
        List<Dmac> dmacs = new ArrayList<>();
        for (DtNode n : tree.allNodes()) {
            if (!n.hasProperty("#dma-cells")) {
                continue;
            }
            boolean modelled = DeviceKind.of(n) == DeviceKind.DMAC;
            List<Client> clients = new ArrayList<>();
            for (DtNode c : tree.allNodes()) {
                if (!c.hasProperty("dmas")) {
                    continue;
                }
                List<PhandleSpecifier> specs = c.specifiers("dmas", "#dma-cells");
                List<String> names = c.strings("dma-names");
                for (int i = 0; i < specs.size(); i++) {
                    if (specs.get(i).provider() == n) {
                        int[] a = specs.get(i).args();
                        String spec = a.length == 1 && modelled ? "MID/RID 0x" + Integer.toHexString(a[0])
                                : java.util.Arrays.toString(a);
                        clients.add(new Client(c, name(c), i < names.size() ? names.get(i) : "#" + i, spec,
                                present(c)));
                    }
                }
            }
            String iommu = "";
            if (n.hasProperty("iommus")) {
                List<PhandleSpecifier> specs = n.specifiers("iommus", "#iommu-cells");
                if (!specs.isEmpty()) {
                    List<Integer> u = utlbsOf(n, specs.get(0).provider());
                    iommu = name(specs.get(0).provider()) + (u.isEmpty() ? "" : " micro-TLB " + ranges(u));
                }
            }
            dmacs.add(new Dmac(n, name(n), devName(n), present(n), (int) n.u32("dma-channels").orElse(0), modelled,
                    iommu, clients));
        }
        List<Region> windows = new ArrayList<>();
        List<Region> pools = new ArrayList<>();
        for (DtNode n : tree.allNodes()) {
            if (n.hasProperty("dma-ranges")) {
                for (String w : org.dmaworkbench.devicetree.lang.Interpret.property(tree, n, "dma-ranges")) {
                    windows.add(new Region(n, name(n), w));
                }
            }
            if (n.parent().isPresent() && n.parent().get().path().equals("/reserved-memory")) {
                StringBuilder sb = new StringBuilder();
                for (RegEntry r : n.reg()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(String.format("0x%x–0x%x", r.address(),
                            r.address() + r.size() - 1));
                }
                n.property("size").ifPresent(p -> sb.append(sb.length() == 0 ? "" : ", ").append("size ")
                        .append(org.dmaworkbench.devicetree.lang.CompiledSource.value(p, true).substring(3)));
                List<String> flags = new ArrayList<>(n.compatible());
                for (String b : List.of("no-map", "reusable")) {
                    if (n.hasProperty(b)) {
                        flags.add(b);
                    }
                }
                if (n.hasProperty("linux,cma-default")) {
                    flags.add("the default CMA area");
                }
                pools.add(new Region(n, name(n), sb + (flags.isEmpty() ? "" : " (" + String.join(", ", flags) + ")")));
            }
        }
        return new Hardware(plan.soc().toString(), iommus, dmacs, windows, pools, inv.unmodelled());
    }

    /** The micro-TLBs {@code n}'s iommus gives on {@code iommu}. */
    static List<Integer> utlbsOf(DtNode n, DtNode iommu) {
        List<Integer> out = new ArrayList<>();
        try {
            for (PhandleSpecifier s : n.specifiers("iommus", "#iommu-cells")) {
                if (s.provider() == iommu && s.args().length == 1) {
                    out.add(s.args()[0]);
                }
            }
        } catch (RuntimeException e) {
            // malformed iommus: the compiler's diagnostics say so
        }
        return out;
    }

    /** "0..15", "32", "0..3 8" */
    public static String ranges(List<Integer> utlbs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < utlbs.size(); i++) {
            int j = i;
            while (j + 1 < utlbs.size() && utlbs.get(j + 1) == utlbs.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(utlbs.get(i)).append(j > i ? ".." + utlbs.get(j) : "");
            i = j;
        }
        return sb.toString();
    }

    /** "&dmac1" or the path. */
    public static String name(DtNode n) {
        return n.labels().isEmpty() ? n.path() : "&" + n.labels().get(0);
    }

    static String devName(DtNode n) {
        return IommuPlan.devName(n);
    }

    static boolean present(DtNode n) {
        return IommuPlan.present(n);
    }
}
