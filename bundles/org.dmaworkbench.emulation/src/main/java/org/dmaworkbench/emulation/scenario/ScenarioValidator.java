package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.scenario.Scenario.AttachTarget;
import org.dmaworkbench.emulation.scenario.Scenario.Client;
import org.dmaworkbench.emulation.scenario.Scenario.DeviceRef;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.scenario.Scenario.IommuAttach;
import org.dmaworkbench.emulation.scenario.Scenario.IommuSwitch;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * Checks a parsed scenario against its compiled board: every device reference names an enabled node of the
 * right kind with the DMA channels its workloads need, every iommu switch names an IOMMU, and every injected
 * bug can be committed by its client's driver. Problems are diagnostics at the scenario's FILE:LINE:COL.
 */
public final class ScenarioValidator {

    /** A client with the board node it drives and what the scenario's drivers will use of it. */
    public record ClientBinding(Client client, DtNode device, DeviceKind kind, List<PhandleSpecifier> txChannels,
                                List<PhandleSpecifier> rxChannels) {
        public ClientBinding {
            txChannels = List.copyOf(txChannels);
            rxChannels = List.copyOf(rxChannels);
        }

        /**
         * The line rate of a tx/rx workload in bit/s: as given, else 115200 baud for a serial port and 100 kHz
         * for an IIC; 0 for other workloads.
         */
        public long lineRate(Workload w) {
            if (!w.kind().isTxRx()) {
                return 0;
            }
            if (w.rate() != 0) {
                return w.rate();
            }
            return kind == DeviceKind.IIC ? ScenarioParser.DEFAULT_I2C_HZ : ScenarioParser.DEFAULT_BAUD;
        }

        /** The driver whose struct device_driver name dma-debug sees for this client's mappings. */
        public String dmaDebugDriver() {
            return kind.usesSlaveDma() ? DeviceKind.DMAC.driver() : kind.driver();
        }
    }

    /**
     * An iommu switch with the board's IOMMU node it applies to, the masters its attach block opts in ({@code all}
     * resolved), and the micro-TLBs given for masters the board does not connect ({@code utlb N..M}).
     */
    public record IommuBinding(IommuSwitch iommuSwitch, DtNode iommu, List<DtNode> optIn,
            Map<DtNode, List<Integer>> addedIommus) {
        public IommuBinding {
            optIn = List.copyOf(optIn);
            addedIommus = Collections.unmodifiableMap(new LinkedHashMap<>(addedIommus));
        }
    }

    /** What validation gave. Bindings are listed for the clients and switches that resolved. */
    public record Validation(List<ClientBinding> clients, List<IommuBinding> iommus, List<Diagnostic> diagnostics) {
        public Validation {
            clients = List.copyOf(clients);
            iommus = List.copyOf(iommus);
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        }
    }

    private final Scenario s;
    private final DeviceTree tree;
    private final List<Diagnostic> diags = new ArrayList<>();

    private ScenarioValidator(Scenario s, DeviceTree tree) {
        this.s = s;
        this.tree = tree;
    }

    public static Validation validate(Scenario scenario, DeviceTree board) {
        return new ScenarioValidator(scenario, board).run();
    }

    private void error(SourcePosition pos, String msg) {
        diags.add(new Diagnostic(Severity.ERROR, pos, msg));
    }

    private void warning(SourcePosition pos, String msg) {
        diags.add(new Diagnostic(Severity.WARNING, pos, msg));
    }

    private static boolean present(DtNode n) {
        for (DtNode x = n; x != null; x = x.parent().orElse(null)) {
            if (!x.isEnabled()) {
                return false;
            }
        }
        return true;
    }

    private String named(DeviceRef r, DtNode n) {
        return r.isLabel() ? r + " (" + n.path() + ")" : n.path();
    }

    private Optional<DtNode> resolve(DeviceRef r) {
        Optional<DtNode> n = r.isLabel() ? tree.nodeByLabel(r.label()) : tree.node(r.path());
        if (n.isEmpty()) {
            error(r.position(), "device " + r + " does not exist in board " + s.board()
                    + (r.isLabel() ? " (no node has that label)" : ""));
        }
        return n;
    }

    private Validation run() {
        List<IommuBinding> iommus = new ArrayList<>();
        for (IommuSwitch sw : s.iommus()) {
            resolve(sw.iommu()).ifPresent(n -> {
                if (!n.hasProperty("#iommu-cells")) {
                    error(sw.iommu().position(), named(sw.iommu(), n) + " is not an IOMMU (it has no #iommu-cells)");
                    return;
                }
                attach(sw, n).ifPresent(iommus::add);
            });
        }
        List<ClientBinding> clients = new ArrayList<>();
        for (Client c : s.clients()) {
            bind(c).ifPresent(clients::add);
        }
        for (InjectedBug b : s.bugs()) {
            clients.stream().filter(x -> x.client().name().equals(b.client())).findFirst().ifPresent(x -> {
                Set<DriverBug> can = DriverBugs.committableBy(x.kind());
                if (!can.contains(b.bug())) {
                    List<String> names = new ArrayList<>();
                    can.forEach(k -> names.add(k.bugName()));
                    error(b.position(), "bug '" + b.bug().bugName() + "' is committed only by "
                            + DriverBugs.committersDescription(b.bug()) + "; client '" + b.client() + "' is "
                            + DriverBugs.clientDescription(x.kind()) + ", which "
                            + (names.isEmpty() ? "commits no driver bug" : "can commit: " + String.join(", ", names)));
                }
            });
        }
        return new Validation(clients, iommus, diags);
    }

    /** Resolves an attach block against the board: every target enabled and a master of {@code iommu}. */
    private Optional<IommuBinding> attach(IommuSwitch sw, DtNode iommu) {
        IommuAttach a = sw.attach();
        List<DtNode> masters = IommuPlan.mastersOf(tree, iommu);
        if (a.all()) {
            return Optional.of(new IommuBinding(sw, iommu, masters, Map.of()));
        }
        List<DtNode> optIn = new ArrayList<>();
        Map<DtNode, List<Integer>> added = new LinkedHashMap<>();
        int numUtlbs = IpmmuFeatures.forCompatibles(iommu.compatible()).map(IpmmuFeatures::numUtlbs).orElse(0);
        boolean ok = true;
        for (AttachTarget t : a.targets()) {
            Optional<DtNode> on = resolve(t.device());
            if (on.isEmpty()) {
                ok = false;
                continue;
            }
            DtNode n = on.get();
            String name = named(t.device(), n);
            if (!present(n)) {
                error(t.device().position(), "device " + name + " is disabled in board " + s.board());
                ok = false;
            } else if (!t.utlbs().isEmpty()) {
                int bad = t.utlbs().stream().filter(u -> u >= numUtlbs).findFirst().orElse(-1);
                if (bad >= 0) {
                    error(t.device().position(), "micro-TLB " + bad + " out of range for " + named(sw.iommu(), iommu)
                            + " (" + numUtlbs + " micro-TLBs)");
                    ok = false;
                    continue;
                }
                if (n.hasProperty("iommus")) {
                    warning(t.device().position(), name + " has iommus in the board file; 'utlb' replaces them");
                }
                added.put(n, t.utlbs());
                optIn.add(n);
            } else if (!masters.contains(n)) {
                error(t.device().position(), name + (n.hasProperty("iommus") ? "'s iommus name another IOMMU first"
                        : " has no iommus") + ": give its micro-TLBs on " + named(sw.iommu(), iommu) + " ("
                        + t.device() + " utlb N..M), as a board file's iommus property would");
                ok = false;
            } else {
                optIn.add(n);
            }
        }
        return ok ? Optional.of(new IommuBinding(sw, iommu, optIn, added)) : Optional.empty();
    }

    /**
     * A memcpy's {@code to}: an enabled node whose first {@code reg} window holds the whole copy (the copy is
     * mapped with dma_map_resource() at the window's start).
     */
    private boolean checkMmioDestination(Client c, Workload w) {
        DeviceRef to = w.to().get();
        Optional<DtNode> on = resolve(to);
        if (on.isEmpty()) {
            return false;
        }
        DtNode n = on.get();
        if (!present(n)) {
            error(to.position(), "device " + named(to, n) + " is disabled in board " + s.board());
            return false;
        }
        if (n.reg().isEmpty()) {
            error(to.position(), "client '" + c.name() + "': " + named(to, n) + " has no reg window to copy into");
            return false;
        }
        long size = n.reg().get(0).size();
        if (Long.compareUnsigned(w.count(), size) > 0) {
            error(to.position(), "client '" + c.name() + "': " + w.count() + " bytes do not fit the "
                    + size + "-byte reg window of " + named(to, n));
            return false;
        }
        return true;
    }

    /** The physical address a memcpy's {@code to} names: the start of the node's first reg window. */
    public static long mmioDestination(DtNode n) {
        return n.reg().get(0).address();
    }

    private List<PhandleSpecifier> channels(DtNode n, String name) {
        List<PhandleSpecifier> specs = n.specifiers("dmas", "#dma-cells");
        List<String> names = n.strings("dma-names");
        List<PhandleSpecifier> out = new ArrayList<>();
        for (int i = 0; i < specs.size() && i < names.size(); i++) {
            if (names.get(i).equals(name) && present(specs.get(i).provider())) {
                out.add(specs.get(i));
            }
        }
        return out;
    }

    private Optional<ClientBinding> bind(Client c) {
        DeviceRef r = c.device();
        Optional<DtNode> on = resolve(r);
        if (on.isEmpty()) {
            return Optional.empty();
        }
        DtNode n = on.get();
        if (!present(n)) {
            error(r.position(), "device " + named(r, n) + " is disabled in board " + s.board());
            return Optional.empty();
        }
        DeviceKind kind = DeviceKind.of(n);
        List<PhandleSpecifier> tx = channels(n, "tx");
        List<PhandleSpecifier> rx = channels(n, "rx");
        boolean ok = true;
        for (Workload w : c.workloads()) {
            DeviceKind[] wanted = w.kind().deviceKinds().toArray(new DeviceKind[0]);
            if (!List.of(wanted).contains(kind)) {
                String what = wanted.length == 2 && wanted[1] == DeviceKind.IIC
                        ? wanted[0].description() + " or " + wanted[1].description() : wanted[0].description();
                error(r.position(), "client '" + c.name() + "': " + named(r, n) + " is not " + what + "; '"
                        + w.kind().keyword() + "' needs one");
                return Optional.empty();
            }
            if (w.to().isPresent()) {
                ok &= checkMmioDestination(c, w);
            }
            if (kind == DeviceKind.SDHI_INTERNAL_DMAC || kind == DeviceKind.DMAC) {
                continue;
            }
            // tx: memory to device (UART transmit, SD write); rx: device to memory
            boolean toDevice = w.kind() == Scenario.WorkloadKind.TX || w.kind() == Scenario.WorkloadKind.SD_WRITE;
            String ch = toDevice ? "tx" : "rx";
            if ((toDevice ? tx : rx).isEmpty() && ok) {
                error(w.position(), "client '" + c.name() + "': " + named(r, n) + " has no enabled \"" + ch
                        + "\" DMA channel (dmas/dma-names); '" + w.kind().keyword() + "' needs one");
                ok = false;
            }
        }
        return ok ? Optional.of(new ClientBinding(c, n, kind, tx, rx)) : Optional.empty();
    }
}
