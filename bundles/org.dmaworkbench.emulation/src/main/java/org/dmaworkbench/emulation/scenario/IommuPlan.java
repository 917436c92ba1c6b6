package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule.Verdict;
import org.dmaworkbench.kernel.soc.SocInfo;

/**
 * Which masters a scenario's board will put behind which IPMMU, before anything runs: every IPMMU node of the
 * compiled tree (enabled or not) with the enabled masters whose {@code iommus} names it first, the kernel's verdict
 * for each ({@link IpmmuAttachRule}, on the SoC of the board's root {@code compatible} and the scenario's
 * {@code soc.revision}), and the scenario's opt-ins ({@code iommu X = on { attach = ... }}). The launch dialog and
 * the editor show it; the run hands {@link #optInDevices()} to the kernel, whose boot reports what really happened.
 */
public final class IommuPlan {

    /** One master of an IPMMU. */
    public record Master(DtNode node, String devName, List<Integer> utlbs, Verdict verdict, boolean optedIn) {
        public Master {
            utlbs = List.copyOf(utlbs);
        }

        /** Whether it will use the IPMMU (the kernel allows it, or the scenario opts it in). */
        public boolean attached() {
            return verdict.allowed() || optedIn;
        }
    }

    /** One IPMMU node with its masters. */
    public record Unit(DtNode node, String devName, boolean enabled, List<Master> masters) {
        public Unit {
            masters = List.copyOf(masters);
        }

        public List<Master> attachedMasters() {
            return masters.stream().filter(Master::attached).toList();
        }
    }

    private final SocInfo soc;
    private final KernelProfile profile;
    private final List<Unit> units;

    private IommuPlan(SocInfo soc, KernelProfile profile, List<Unit> units) {
        this.soc = soc;
        this.profile = profile;
        this.units = List.copyOf(units);
    }

    /** The SoC the kernel's rule was asked about. */
    public SocInfo soc() {
        return soc;
    }

    public KernelProfile profile() {
        return profile;
    }

    /** Every IPMMU the emulator models, in device-tree order. */
    public List<Unit> units() {
        return units;
    }

    /** The unit of an IPMMU node, if it is one. */
    public java.util.Optional<Unit> unit(DtNode iommu) {
        return units.stream().filter(u -> u.node() == iommu).findFirst();
    }

    /** {@code dev_name()} of every master the scenario opts in against the kernel's rule. */
    public Set<String> optInDevices() {
        Set<String> out = new LinkedHashSet<>();
        for (Unit u : units) {
            for (Master m : u.masters()) {
                if (m.optedIn()) {
                    out.add(m.devName());
                }
            }
        }
        return out;
    }

    /**
     * The plan for {@code tree} (the board with the scenario's switches and added {@code iommus} applied).
     *
     * @param optIn per IPMMU node: null, or the opted-in master nodes ({@code all} resolved to every master)
     */
    static IommuPlan of(DeviceTree tree, Scenario s, Map<DtNode, Set<DtNode>> optIn) {
        return of(tree, s.profile(), s.socRevision().orElse(null), optIn);
    }

    /**
     * The plan of a board as its file stands, before any scenario switches or opts in anything: what the kernel of
     * {@code profile} does with each IPMMU's masters on the newest revision of the board's SoC (the editor's Hardware
     * page shows it).
     */
    public static IommuPlan forBoard(DeviceTree tree, KernelProfile profile) {
        return of(tree, profile, null, Map.of());
    }

    private static IommuPlan of(DeviceTree tree, KernelProfile profile, String socRevision,
            Map<DtNode, Set<DtNode>> optIn) {
        SocInfo soc = SocInfo.of(tree.root().compatible(), socRevision);
        Map<DtNode, List<Master>> masters = new LinkedHashMap<>();
        List<DtNode> ipmmus = new ArrayList<>();
        for (DtNode n : tree.allNodes()) {
            if (n.hasProperty("#iommu-cells") && IpmmuFeatures.forCompatibles(n.compatible()).isPresent()) {
                ipmmus.add(n);
                masters.put(n, new ArrayList<>());
            }
        }
        for (DtNode n : tree.allNodes()) {
            if (!n.hasProperty("iommus") || !present(n)) {
                continue;
            }
            List<PhandleSpecifier> specs = n.specifiers("iommus", "#iommu-cells");
            if (specs.isEmpty() || !masters.containsKey(specs.get(0).provider())) {
                continue;
            }
            DtNode first = specs.get(0).provider();
            List<Integer> utlbs = new ArrayList<>();
            for (PhandleSpecifier p : specs) {
                if (p.provider() == first && p.args().length == 1) {
                    utlbs.add(p.args()[0]);
                }
            }
            String dev = devName(n);
            Verdict v = IpmmuAttachRule.verdict(profile, soc, dev);
            Set<DtNode> in = optIn.get(first);
            boolean opted = !v.allowed() && in != null && in.contains(n);
            masters.get(first).add(new Master(n, dev, utlbs, v, opted));
        }
        List<Unit> units = new ArrayList<>();
        for (DtNode i : ipmmus) {
            units.add(new Unit(i, devName(i), present(i), masters.get(i)));
        }
        return new IommuPlan(soc, profile, units);
    }

    /** Enabled masters whose {@code iommus} names {@code iommu} first. */
    static List<DtNode> mastersOf(DeviceTree tree, DtNode iommu) {
        List<DtNode> out = new ArrayList<>();
        for (DtNode n : tree.allNodes()) {
            if (n.hasProperty("iommus") && present(n)) {
                List<PhandleSpecifier> specs = n.specifiers("iommus", "#iommu-cells");
                if (!specs.isEmpty() && specs.get(0).provider() == iommu) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** {@code of_device_make_bus_id()} for a node on the CPU bus: first reg address in hex, '.', the node name. */
    public static String devName(DtNode n) {
        List<RegEntry> reg = n.reg();
        return reg.isEmpty() ? n.baseName() : Long.toHexString(reg.get(0).address()) + "." + n.baseName();
    }

    /** Whether the node and every ancestor are enabled (a driver could probe it). */
    public static boolean present(DtNode n) {
        for (DtNode x = n; x != null; x = x.parent().orElse(null)) {
            if (!x.isEnabled()) {
                return false;
            }
        }
        return true;
    }
}
