package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;

/**
 * What DMA a compiled board offers the emulator: the SYS-DMACs it models, the SDHI controllers and the serial ports
 * whose DMA it can drive, and the DMA-capable nodes it does not model (DMA controllers of other kinds, and their
 * clients). It picks a board's default workload: a SYS-DMAC memcpy if there is one, an SD read through whatever DMA
 * the SDHI has, a serial transmit on a port with DMA that is not the console.
 */
public final class DmaInventory {

    /** A DMA-capable enabled node the emulator does not model. */
    public record Unmodelled(DtNode node, String devName, String compatible, String what) {
        /** "e6460000.dma-controller (renesas,r8a7795-usb-dmac): a DMA controller" */
        @Override
        public String toString() {
            return devName + " (" + compatible + "): " + what;
        }
    }

    private final List<DtNode> sysDmacs;
    private final List<DtNode> sdhis;
    private final List<DtNode> serials;
    private final List<Unmodelled> unmodelled;

    private DmaInventory(List<DtNode> sysDmacs, List<DtNode> sdhis, List<DtNode> serials, List<Unmodelled> unmodelled) {
        this.sysDmacs = List.copyOf(sysDmacs);
        this.sdhis = List.copyOf(sdhis);
        this.serials = List.copyOf(serials);
        this.unmodelled = List.copyOf(unmodelled);
    }

    public static DmaInventory of(DeviceTree tree) {
        List<DtNode> dmacs = new ArrayList<>();
        List<DtNode> sdhis = new ArrayList<>();
        List<DtNode> serials = new ArrayList<>();
        List<Unmodelled> other = new ArrayList<>();
        String console = consolePath(tree).orElse(null);
        for (DtNode n : tree.allNodes()) {
            if (n.parent().isEmpty() || !IommuPlan.present(n)) {
                continue;
            }
            DeviceKind kind = DeviceKind.of(n);
            if (kind == DeviceKind.DMAC) {
                dmacs.add(n);
            } else if (n.hasProperty("#dma-cells")) {
                other.add(new Unmodelled(n, IommuPlan.devName(n), first(n), "a DMA controller"));
            } else if (kind == DeviceKind.SDHI_INTERNAL_DMAC
                    || kind == DeviceKind.SDHI_SYS_DMAC && hasModelledChannel(n, "rx")) {
                sdhis.add(n);
            } else if (kind == DeviceKind.SERIAL && hasModelledChannel(n, "tx") && !n.path().equals(console)) {
                serials.add(n);
            } else if (n.hasProperty("dmas") && !hasModelledChannel(n, null)) {
                other.add(new Unmodelled(n, IommuPlan.devName(n), first(n), "a client of "
                        + String.join(", ", providers(n))));
            } else if (kind == DeviceKind.OTHER && n.compatible().stream().anyMatch(c -> c.contains("sdhi"))) {
                other.add(new Unmodelled(n, IommuPlan.devName(n), first(n), "an SD host whose DMA is not modelled"));
            }
        }
        return new DmaInventory(dmacs, sdhis, serials, other);
    }

    private static String first(DtNode n) {
        List<String> c = n.compatible();
        return c.isEmpty() ? "no compatible" : c.get(0);
    }

    /** Whether a {@code dmas} entry (of that name; any name when null) goes to an enabled modelled SYS-DMAC. */
    private static boolean hasModelledChannel(DtNode n, String name) {
        if (!n.hasProperty("dmas")) {
            return false;
        }
        List<PhandleSpecifier> specs = n.specifiers("dmas", "#dma-cells");
        List<String> names = n.strings("dma-names");
        for (int i = 0; i < specs.size(); i++) {
            DtNode p = specs.get(i).provider();
            boolean named = name == null || i < names.size() && names.get(i).equals(name);
            if (named && IommuPlan.present(p) && DeviceKind.of(p) == DeviceKind.DMAC) {
                return true;
            }
        }
        return false;
    }

    private static List<String> providers(DtNode n) {
        List<String> out = new ArrayList<>();
        for (PhandleSpecifier s : n.specifiers("dmas", "#dma-cells")) {
            String what = IommuPlan.devName(s.provider()) + (IommuPlan.present(s.provider()) ? "" : " (disabled)");
            if (!out.contains(what)) {
                out.add(what);
            }
        }
        return out;
    }

    /** The node of {@code /chosen/stdout-path} (through {@code /aliases}), the kernel's console. */
    static Optional<String> consolePath(DeviceTree tree) {
        Optional<DtNode> chosen = tree.node("/chosen");
        if (chosen.isEmpty() || chosen.get().strings("stdout-path").isEmpty()) {
            return Optional.empty();
        }
        String p = chosen.get().strings("stdout-path").get(0);
        int colon = p.indexOf(':');
        if (colon >= 0) {
            p = p.substring(0, colon);
        }
        if (!p.startsWith("/")) {
            Optional<DtNode> aliases = tree.node("/aliases");
            if (aliases.isEmpty() || aliases.get().strings(p).isEmpty()) {
                return Optional.empty();
            }
            p = aliases.get().strings(p).get(0);
        }
        return tree.node(p).map(DtNode::path);
    }

    /** Enabled SYS-DMACs rcar-dmac drives, in device-tree order. */
    public List<DtNode> sysDmacs() {
        return sysDmacs;
    }

    /** Enabled SDHI controllers with DMA the emulator drives (internal DMAC, or SYS-DMAC channels). */
    public List<DtNode> sdhis() {
        return sdhis;
    }

    /** Enabled serial ports, not the console, with a "tx" channel on a modelled SYS-DMAC. */
    public List<DtNode> serials() {
        return serials;
    }

    /** Enabled DMA controllers the emulator does not model, and clients only of such controllers. */
    public List<Unmodelled> unmodelled() {
        return unmodelled;
    }

    /**
     * The client blocks of the board's default workload (empty when the board has no DMA the emulator drives): a
     * 64 KiB memcpy twice on the first SYS-DMAC, an 8-block SD read twice on the first SDHI (in 4 segments on a
     * SYS-DMAC-fed SDHI; the internal DMAC takes one), a greeting on the first serial port that is not the console.
     */
    public String defaultClients() {
        StringBuilder sb = new StringBuilder();
        if (!sysDmacs.isEmpty()) {
            sb.append("client copy {\n\tdevice = ").append(ref(sysDmacs.get(0)))
                    .append("\n\tmemcpy bytes 64KiB repeat 2\n}\n");
        }
        if (!sdhis.isEmpty()) {
            DtNode sd = sdhis.get(0);
            sb.append("client sd {\n\tdevice = ").append(ref(sd)).append("\n\tread blocks 8")
                    .append(DeviceKind.of(sd) == DeviceKind.SDHI_SYS_DMAC ? " segments 4" : "").append(" repeat 2\n}\n");
        }
        if (!serials.isEmpty()) {
            sb.append("client uart {\n\tdevice = ").append(ref(serials.get(0)))
                    .append("\n\ttx text \"Hello from DMA Workbench\\n\" repeat 2\n}\n");
        }
        return sb.toString();
    }

    private static String ref(DtNode n) {
        return n.labels().isEmpty() ? "\"" + n.path() + "\"" : "&" + n.labels().get(0);
    }
}
