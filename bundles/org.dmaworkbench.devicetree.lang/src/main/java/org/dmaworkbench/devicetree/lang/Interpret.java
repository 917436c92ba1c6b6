package org.dmaworkbench.devicetree.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.emulation.scenario.IommuPlan;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.kernel.KernelProfile;

/**
 * What the values of a node mean to the kernel, in a line each, for hovers: {@code reg} translated through every
 * bus's {@code ranges} to the CPU's physical address (of_translate_address() in drivers/of/address.c), the DMA window
 * a bus's {@code dma-ranges} gives its devices (of_dma_get_range()), {@code iommus} as IOMMU and micro-TLB with the
 * IPMMU driver's verdict ({@code ipmmu_device_is_allowed()}), {@code dmas} as controller and, for rcar-dmac, MID/RID
 * ({@code rcar_dmac_of_xlate()} takes the one cell as the slave id), {@code interrupts} on a GIC as SPI/PPI and the
 * interrupt ID (include/dt-bindings/interrupt-controller/arm-gic.h: GIC_SPI 0, GIC_PPI 1; SPI n is ID n + 32).
 */
public final class Interpret {

    private Interpret() {
    }

    /** The lines explaining {@code property} of {@code node}; empty when there is nothing to add to the value. */
    public static List<String> property(DeviceTree tree, DtNode node, String property) {
        try {
            return switch (property) {
                case "reg" -> reg(node);
                case "ranges" -> ranges(node, "ranges");
                case "dma-ranges" -> ranges(node, "dma-ranges");
                case "iommus" -> iommus(tree, node);
                case "dmas" -> dmas(node);
                case "interrupts" -> interrupts(tree, node);
                case "status" -> List.of(node.isEnabled() ? "enabled (of_device_is_available())"
                        : "disabled: no driver probes it");
                default -> List.of();
            };
        } catch (RuntimeException e) {
            // a malformed value: the compiler's own diagnostics say what is wrong
            return List.of();
        }
    }

    /** Each reg entry: the address as written, each bus's translation, the CPU physical address. */
    static List<String> reg(DtNode n) {
        List<String> out = new ArrayList<>();
        Optional<DtProperty> p = n.property("reg");
        DtNode parent = n.parent().orElse(null);
        if (p.isEmpty() || parent == null || (p.get().length() & 3) != 0) {
            return out;
        }
        int na = parent.addressCells();
        int ns = parent.sizeCells();
        int[] c = p.get().cells();
        if (na + ns == 0) {
            return out;
        }
        int entries = c.length / (na + ns);
        for (int i = 0, e = 0; i + na + ns <= c.length; i += na + ns, e++) {
            long addr = number(c, i, na);
            long size = number(c, i + na, ns);
            StringBuilder sb = new StringBuilder();
            if (entries > 1) {
                sb.append('[').append(e).append("] ");
            }
            sb.append(Values.hex(addr)).append(", size ").append(Values.hex(size)).append(size(size));
            Translation t = translate(parent, addr);
            for (String step : t.steps()) {
                sb.append(" → ").append(step);
            }
            if (t.cpu() != null) {
                sb.append(" → CPU ").append(Values.hex(t.cpu())).append("–").append(Values.hex(t.cpu() + size - 1));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** An address on a bus taken up to the CPU: the steps made, and the CPU address (null when it cannot be). */
    record Translation(List<String> steps, Long cpu) {
    }

    /** of_translate_address(): through each ancestor's ranges; a bus without ranges ends the walk. */
    static Translation translate(DtNode bus, long addr) {
        List<String> steps = new ArrayList<>();
        DtNode b = bus;
        while (b.parent().isPresent()) {
            Optional<DtProperty> r = b.property("ranges");
            if (r.isEmpty()) {
                steps.add("not translated: " + b.path() + " has no ranges");
                return new Translation(steps, null);
            }
            int[] c = (r.get().length() & 3) == 0 ? r.get().cells() : new int[0];
            if (c.length == 0) {
                b = b.parent().get();
                continue;
            }
            int cna = b.addressCells();
            int pna = b.parent().get().addressCells();
            int cns = b.sizeCells();
            int entry = cna + pna + cns;
            boolean found = false;
            for (int i = 0; entry > 0 && i + entry <= c.length; i += entry) {
                long child = number(c, i, cna);
                long par = number(c, i + cna, pna);
                long size = number(c, i + cna + pna, cns);
                if (Long.compareUnsigned(addr, child) >= 0 && Long.compareUnsigned(addr - child, size) < 0) {
                    long to = addr - child + par;
                    if (to != addr) {
                        steps.add(Values.hex(to) + " on " + b.parent().get().path() + " (ranges of " + b.path() + ")");
                    }
                    addr = to;
                    found = true;
                    break;
                }
            }
            if (!found) {
                steps.add("outside every ranges window of " + b.path());
                return new Translation(steps, null);
            }
            b = b.parent().get();
        }
        return new Translation(steps, addr);
    }

    /** ranges / dma-ranges windows of a bus node: child address → parent address, size (and CPU address). */
    static List<String> ranges(DtNode n, String name) {
        List<String> out = new ArrayList<>();
        Optional<DtProperty> p = n.property(name);
        if (p.isEmpty()) {
            return out;
        }
        if (p.get().length() == 0) {
            out.add(name.equals("ranges") ? "identity: children's addresses are the parent bus's"
                    : "identity: DMA addresses are physical addresses");
            return out;
        }
        DtNode parent = n.parent().orElse(null);
        if (parent == null || (p.get().length() & 3) != 0) {
            return out;
        }
        int cna = n.addressCells();
        int pna = parent.addressCells();
        int cns = n.sizeCells();
        int[] c = p.get().cells();
        int entry = cna + pna + cns;
        for (int i = 0; entry > 0 && i + entry <= c.length; i += entry) {
            long child = number(c, i, cna);
            long par = number(c, i + cna, pna);
            long size = number(c, i + cna + pna, cns);
            Translation t = parent.parent().isPresent() ? translate(parent, par) : new Translation(List.of(), par);
            if (name.equals("dma-ranges")) {
                out.add("DMA addresses " + Values.hex(child) + "–" + Values.hex(child + size - 1) + " reach "
                        + (t.cpu() != null ? "physical " + Values.hex(t.cpu()) : "bus address " + Values.hex(par))
                        + ", size " + Values.hex(size) + size(size));
            } else {
                out.add(Values.hex(child) + " → " + Values.hex(par) + " on " + parent.path() + ", size "
                        + Values.hex(size) + size(size)
                        + (t.cpu() != null && t.cpu() != par ? " (CPU " + Values.hex(t.cpu()) + ")" : ""));
            }
        }
        return out;
    }

    /**
     * The DMA window of a device: the dma-ranges of the nearest bus above it that has one (of_dma_get_range()), or
     * that DMA addresses are physical when none does.
     */
    public static List<String> dmaWindow(DtNode n) {
        for (DtNode b = n.parent().orElse(null); b != null; b = b.parent().orElse(null)) {
            if (b.hasProperty("dma-ranges")) {
                List<String> out = new ArrayList<>();
                for (String w : ranges(b, "dma-ranges")) {
                    out.add(w + " (dma-ranges of " + b.path() + ")");
                }
                return out;
            }
        }
        return List.of();
    }

    static List<String> iommus(DeviceTree tree, DtNode n) {
        List<String> out = new ArrayList<>();
        List<PhandleSpecifier> specs = n.specifiers("iommus", "#iommu-cells");
        Optional<IommuPlan.Master> master = Optional.empty();
        if (tree != null) {
            master = IommuPlan.forBoard(tree, KernelProfile.V6_12).units().stream().flatMap(u -> u.masters().stream())
                    .filter(m -> m.node().path().equals(n.path())).findFirst();
        }
        for (int i = 0; i < specs.size(); i++) {
            PhandleSpecifier s = specs.get(i);
            DtNode mmu = s.provider();
            boolean ipmmu = IpmmuFeatures.forCompatibles(mmu.compatible()).isPresent();
            StringBuilder sb = new StringBuilder(name(mmu));
            if (ipmmu && s.args().length == 1) {
                // a run of consecutive micro-TLBs of one IPMMU on one line
                int j = i;
                while (j + 1 < specs.size() && specs.get(j + 1).provider() == mmu && specs.get(j + 1).args().length == 1
                        && specs.get(j + 1).args()[0] == specs.get(j).args()[0] + 1) {
                    j++;
                }
                sb.append(j > i ? " micro-TLBs " + s.args()[0] + "–" + specs.get(j).args()[0]
                        : " micro-TLB " + s.args()[0]);
                i = j;
            } else if (s.args().length > 0) {
                sb.append(" ").append(args(s.args()));
            }
            sb.append(mmu.isEnabled() ? "" : " (IOMMU disabled)");
            out.add(sb.toString());
        }
        master.ifPresent(m -> out.add("Linux 6.12 ipmmu_device_is_allowed(" + m.devName() + "): "
                + (m.verdict().allowed() ? "attached, " : "not attached, ") + m.verdict().reason()));
        return out;
    }

    static List<String> dmas(DtNode n) {
        List<String> out = new ArrayList<>();
        List<PhandleSpecifier> specs = n.specifiers("dmas", "#dma-cells");
        List<String> names = n.strings("dma-names");
        for (int i = 0; i < specs.size(); i++) {
            PhandleSpecifier s = specs.get(i);
            DtNode c = s.provider();
            StringBuilder sb = new StringBuilder();
            if (i < names.size()) {
                sb.append(names.get(i)).append(": ");
            }
            sb.append(name(c));
            boolean rcarDmac = c.compatible().stream().anyMatch(x -> x.equals("renesas,rcar-dmac")
                    || x.equals("renesas,rcar-gen4-dmac") || x.equals("renesas,dmac-r8a779a0"));
            if (rcarDmac && s.args().length == 1) {
                int id = s.args()[0];
                sb.append(" MID/RID ").append(Values.hex(id)).append(" (MID ").append(Values.hex(id >> 2))
                        .append(", RID ").append(id & 3).append(")");
            } else if (s.args().length > 0) {
                sb.append(" ").append(args(s.args()));
            }
            sb.append(c.isEnabled() ? "" : " (controller disabled)");
            out.add(sb.toString());
        }
        return out;
    }

    static List<String> interrupts(DeviceTree tree, DtNode n) {
        List<String> out = new ArrayList<>();
        Optional<DtNode> parent = interruptParent(tree, n);
        Optional<DtProperty> p = n.property("interrupts");
        if (parent.isEmpty() || p.isEmpty() || (p.get().length() & 3) != 0) {
            return out;
        }
        int cells = (int) parent.get().u32("#interrupt-cells").orElse(1);
        int[] c = p.get().cells();
        List<String> names = n.strings("interrupt-names");
        boolean gic = parent.get().compatible().stream().anyMatch(x -> x.startsWith("arm,gic")
                || x.equals("arm,cortex-a15-gic") || x.equals("arm,cortex-a9-gic") || x.equals("arm,cortex-a7-gic"));
        for (int i = 0, k = 0; cells > 0 && i + cells <= c.length; i += cells, k++) {
            StringBuilder sb = new StringBuilder();
            if (k < names.size()) {
                sb.append(names.get(k)).append(": ");
            }
            if (gic && cells >= 3) {
                int type = c[i];
                int num = c[i + 1];
                int flags = c[i + 2];
                if (type == 0) {
                    sb.append("GIC SPI ").append(num).append(" (interrupt ID ").append(num + 32).append(")");
                } else if (type == 1) {
                    sb.append("GIC PPI ").append(num).append(" (interrupt ID ").append(num + 16).append(")");
                } else {
                    sb.append("GIC type ").append(type).append(" number ").append(num);
                }
                sb.append(", ").append(trigger(flags & 0xf));
            } else {
                sb.append(name(parent.get())).append(' ').append(args(java.util.Arrays.copyOfRange(c, i, i + cells)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** include/dt-bindings/interrupt-controller/irq.h IRQ_TYPE_* */
    private static String trigger(int t) {
        return switch (t) {
            case 1 -> "edge rising";
            case 2 -> "edge falling";
            case 3 -> "edge both";
            case 4 -> "level high";
            case 8 -> "level low";
            default -> "type " + t;
        };
    }

    /** of_irq_find_parent(): interrupt-parent of the node or its nearest ancestor. */
    static Optional<DtNode> interruptParent(DeviceTree t, DtNode n) {
        for (DtNode x = n; x != null; x = x.parent().orElse(null)) {
            if (x.hasProperty("interrupt-parent") && t != null) {
                return t.nodeByPhandle((int) x.u32("interrupt-parent").orElse(0));
            }
        }
        return Optional.empty();
    }

    /** "&dmac1 (/soc/dma-controller@e7300000)" or the path alone. */
    public static String name(DtNode n) {
        return n.labels().isEmpty() ? n.path() : "&" + n.labels().get(0) + " (" + n.path() + ")";
    }

    private static String args(int[] a) {
        StringBuilder sb = new StringBuilder("<");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : " ").append(Values.hex(a[i] & 0xffffffffL));
        }
        return sb.append('>').toString();
    }

    static long number(int[] c, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 32) | (c[off + i] & 0xffffffffL);
        }
        return v;
    }

    /** " (64 KiB)" for round sizes, "" otherwise. */
    static String size(long s) {
        if (s <= 0) {
            return "";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = s;
        while (u < units.length - 1 && (v & 1023) == 0 && v >= 1024) {
            v >>= 10;
            u++;
        }
        return u == 0 ? "" : " (" + v + " " + units[u] + ")";
    }
}
