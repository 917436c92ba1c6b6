package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.live.DmaChannelSnapshot;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.kernel.drivers.clients.SlaveFifos;
import org.dmaworkbench.kernel.machine.IommuAttachment;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * The running board as the hardware view shows it, each node with where it is in the device-tree source: memory
 * ranges and buses; each IOMMU with its masters, attached by the kernel's rule ({@code ipmmu_device_is_allowed()}),
 * opted in by the scenario, or left out and why; each DMA controller with its channels, which client holds which
 * channel (the channel's {@code chan->slave} and MID/RID) and every {@code dmas}/{@code dma-names} entry that names
 * the controller; the peripherals with DMA and their FIFO addresses ({@link SlaveFifos}).
 *
 * @param board the board's root {@code model} or {@code compatible}
 * @param root  the tree (kind {@link Kind#BOARD})
 */
public record BoardTopology(String board, Node root) {

    /** What a node is. */
    public enum Kind {
        BOARD, SECTION, MEMORY, BUS, IOMMU, MASTER, DMAC, CHANNEL, CLIENT_LINK, PERIPHERAL, FIFO, REGISTERS
    }

    /**
     * @param kind     what it is
     * @param label    the node's name in the tree
     * @param detail   what the view shows beside it
     * @param device   the {@code dev_name()} it is about, "" when none
     * @param source   where it is in the device-tree source, null when nowhere
     * @param children its children
     */
    public record Node(Kind kind, String label, String detail, String device, SourcePosition source,
            List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }

        /** Depth-first: this and every descendant. */
        public List<Node> flatten() {
            List<Node> out = new ArrayList<>();
            out.add(this);
            for (Node c : children) {
                out.addAll(c.flatten());
            }
            return out;
        }
    }

    /**
     * The topology of the board {@code session} runs, read between two steps; empty when the session runs no
     * board (an imported capture has none).
     */
    public static Optional<BoardTopology> of(EmulationSession session, List<DmaChannelSnapshot> channels) {
        return Optional.ofNullable(session.query(t -> t instanceof ScenarioTarget st
                ? of(st.platform(), st.machine(), channels) : null));
    }

    /** Built from the platform and the booted kernel; {@code channels} says which client holds which channel. */
    public static BoardTopology of(Platform platform, Machine machine, List<DmaChannelSnapshot> channels) {
        DtNode rootNode = platform.tree().root();
        String board = rootNode.property("model").map(p -> string(p)).orElse(String.join(", ", rootNode.compatible()));
        List<Node> sections = new ArrayList<>();
        sections.add(memory(platform));
        sections.add(buses(platform));
        sections.add(iommus(platform, machine));
        sections.add(dmacs(platform, channels));
        sections.add(peripherals(platform, channels));
        return new BoardTopology(board, new Node(Kind.BOARD, board, String.join(", ", rootNode.compatible()), "",
                rootNode.position(), sections));
    }

    private static String string(DtProperty p) {
        byte[] v = p.value();
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        return new String(v, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Node memory(Platform platform) {
        List<Node> out = new ArrayList<>();
        for (DtNode n : platform.tree().allNodes()) {
            if (n.property("device_type").map(BoardTopology::string).orElse("").equals("memory")) {
                for (RegEntry r : n.reg()) {
                    out.add(new Node(Kind.MEMORY, String.format("0x%x..0x%x", r.address(), r.address() + r.size() - 1),
                            "RAM, " + size(r.size()) + " (" + n.path() + ")", "", n.position(), List.of()));
                }
            }
        }
        if (out.isEmpty()) {
            for (SparseRam r : platform.ram()) {
                out.add(new Node(Kind.MEMORY, String.format("0x%x..0x%x", r.base(), r.base() + r.size() - 1),
                        "RAM, " + size(r.size()), "", null, List.of()));
            }
        }
        return new Node(Kind.SECTION, "Memory", out.size() + " range" + (out.size() == 1 ? "" : "s"), "", null, out);
    }

    private static Node buses(Platform platform) {
        List<Node> out = new ArrayList<>();
        for (DtNode n : platform.tree().allNodes()) {
            boolean bus = n.isCompatible("simple-bus") || (n.hasProperty("ranges") && !n.children().isEmpty()
                    && n.parent().isPresent());
            if (!bus) {
                continue;
            }
            long devices = platform.devices().stream().filter(d -> d.node().parent().orElse(null) == n).count();
            out.add(new Node(Kind.BUS, n.path(), ranges(n) + ", " + devices + " device" + (devices == 1 ? "" : "s")
                    + " with registers", "", n.position(), List.of()));
        }
        return new Node(Kind.SECTION, "Buses", out.size() + " bus" + (out.size() == 1 ? "" : "es"), "", null, out);
    }

    private static String ranges(DtNode bus) {
        DtProperty r = bus.property("ranges").orElse(null);
        if (r == null) {
            return "no ranges (addresses not translated)";
        }
        if (r.length() == 0) {
            return "ranges: identity";
        }
        int[] c = r.cells();
        int cna = bus.addressCells();
        int pna = bus.parent().map(DtNode::addressCells).orElse(2);
        int cns = bus.sizeCells();
        int entry = cna + pna + cns;
        StringBuilder sb = new StringBuilder("ranges:");
        for (int i = 0; entry > 0 && i + entry <= c.length; i += entry) {
            long child = number(c, i, cna);
            long parent = number(c, i + cna, pna);
            long size = number(c, i + cna + pna, cns);
            sb.append(String.format(" 0x%x->0x%x (%s)", child, parent, size(size)));
        }
        return sb.toString();
    }

    private static long number(int[] c, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 32) | (c[off + i] & 0xffffffffL);
        }
        return v;
    }

    static String size(long bytes) {
        return org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(bytes);
    }

    private static String regs(PlatformDevice d) {
        StringBuilder sb = new StringBuilder();
        for (RegEntry r : d.reg()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(String.format("0x%x (%s)", r.address(), size(r.size())));
        }
        return sb.toString();
    }

    private static Node iommus(Platform platform, Machine machine) {
        List<Node> out = new ArrayList<>();
        List<IommuAttachment> attachments = machine.iommuAttachments();
        for (PlatformDevice d : platform.devices()) {
            if (!(d.model() instanceof Ipmmu)) {
                continue;
            }
            List<Node> masters = new ArrayList<>();
            for (IommuAttachment a : attachments) {
                if (!a.ipmmu().equals(d.devName())) {
                    continue;
                }
                PlatformDevice m = platform.device(a.device().name()).orElse(null);
                String how = a.attached() ? (a.optedIn() ? "opted in" : "attached by the kernel's rule")
                        : "not attached";
                masters.add(new Node(Kind.MASTER, a.device().name(), how + ", micro-TLB " + utlbs(a.utlbs())
                        + " \u2014 " + a.describe(), a.device().name(), m == null ? null : m.node().position(),
                        List.of()));
            }
            // masters whose iommus name this IPMMU but that the kernel never looked at (no attachment record)
            for (PlatformDevice m : platform.devices()) {
                if (m.iommus().stream().anyMatch(l -> l.node() == d.node())
                        && attachments.stream().noneMatch(a -> a.device().name().equals(m.devName()))) {
                    masters.add(new Node(Kind.MASTER, m.devName(), "iommus names it; the IPMMU driver did not probe "
                            + "(disabled IPMMU or no root)", m.devName(), m.node().position(), List.of()));
                }
            }
            long attached = attachments.stream().filter(a -> a.ipmmu().equals(d.devName()) && a.attached()).count();
            out.add(new Node(Kind.IOMMU, d.devName(), String.join(", ", d.compatible()) + " at " + regs(d) + "; "
                    + attached + " of " + masters.size() + " masters attached", d.devName(), d.node().position(),
                    masters));
        }
        return new Node(Kind.SECTION, "IOMMUs", out.size() + " IPMMU" + (out.size() == 1 ? "" : "s"), "", null, out);
    }

    private static String utlbs(int[] u) {
        if (u.length == 0) {
            return "none";
        }
        boolean consecutive = true;
        for (int i = 1; i < u.length; i++) {
            consecutive &= u[i] == u[i - 1] + 1;
        }
        if (consecutive && u.length > 2) {
            return u[0] + ".." + u[u.length - 1];
        }
        StringBuilder sb = new StringBuilder();
        for (int x : u) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x);
        }
        return sb.toString();
    }

    private static Node dmacs(Platform platform, List<DmaChannelSnapshot> channels) {
        List<Node> out = new ArrayList<>();
        for (PlatformDevice d : platform.devices()) {
            if (!(d.model() instanceof RcarDmac dmac)) {
                continue;
            }
            List<Node> kids = new ArrayList<>();
            for (int i = 0; i < dmac.channelCount(); i++) {
                String name = d.devName() + ".ch" + i;
                DmaChannelSnapshot ch = channels.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
                String detail;
                String holder = "";
                if (ch == null || ch.client().isEmpty()) {
                    detail = ch == null ? "" : "free" + (ch.bytesMoved() > 0 ? " (memcpy), " + ch.bytesMoved()
                            + " bytes moved" : "");
                } else {
                    holder = ch.client();
                    String dmaName = dmaName(platform, ch.client(), d.node(), ch.midRid());
                    detail = String.format("held by %s%s, MID/RID 0x%02x, %s, %d bytes moved", ch.client(),
                            dmaName.isEmpty() ? "" : " \"" + dmaName + "\"", ch.midRid(), ch.state(), ch.bytesMoved());
                }
                kids.add(new Node(Kind.CHANNEL, "channel " + i, detail, holder, d.node().position(), List.of()));
            }
            for (PlatformDevice c : platform.devices()) {
                for (PlatformDevice.DmaLink l : c.dmas()) {
                    if (l.controller() != d.node()) {
                        continue;
                    }
                    String held = channels.stream().filter(ch -> ch.controller().equals(d.devName())
                            && ch.client().equals(c.devName()) && ch.midRid() == l.midRid()).map(ch -> "channel "
                                    + ch.index()).findFirst().orElse("not requested");
                    kids.add(new Node(Kind.CLIENT_LINK, c.devName() + " \"" + l.name() + "\"",
                            String.format("dmas = <&%s 0x%02x>: MID/RID 0x%02x, %s", label(d.node()), l.midRid(),
                                    l.midRid(), held), c.devName(), l.position(), List.of()));
                }
            }
            out.add(new Node(Kind.DMAC, d.devName(), String.join(", ", d.compatible()) + " at " + regs(d) + ", "
                    + dmac.channelCount() + " channels", d.devName(), d.node().position(), kids));
        }
        return new Node(Kind.SECTION, "DMA controllers", out.size() + " SYS-DMAC" + (out.size() == 1 ? "" : "s"), "",
                null, out);
    }

    private static String label(DtNode n) {
        return n.labels().isEmpty() ? n.path() : n.labels().get(0);
    }

    private static String dmaName(Platform platform, String client, DtNode controller, int midRid) {
        return platform.device(client).map(c -> c.dmas().stream()
                .filter(l -> l.controller() == controller && l.midRid() == midRid).map(PlatformDevice.DmaLink::name)
                .findFirst().orElse("")).orElse("");
    }

    private static Node peripherals(Platform platform, List<DmaChannelSnapshot> channels) {
        List<Node> out = new ArrayList<>();
        for (PlatformDevice d : platform.devices()) {
            if (d.dmas().isEmpty()) {
                continue;
            }
            List<Node> kids = new ArrayList<>();
            kids.add(new Node(Kind.REGISTERS, "registers", regs(d), d.devName(), d.node().position(), List.of()));
            for (SlaveFifos.Fifo f : SlaveFifos.of(d)) {
                PlatformDevice.DmaLink link = d.dmas().stream().filter(l -> l.name().equals(f.name())).findFirst()
                        .orElse(null);
                kids.add(new Node(Kind.FIFO, f.name() + " FIFO", String.format("%s at 0x%x, %d-byte access%s",
                        f.register(), f.address(), f.width(), link == null ? "" : String.format(
                                ", dmas MID/RID 0x%02x", link.midRid())), d.devName(),
                        link == null ? d.node().position() : link.position(), List.of()));
            }
            String names = String.join(", ", d.dmas().stream().map(PlatformDevice.DmaLink::name).distinct().toList());
            out.add(new Node(Kind.PERIPHERAL, d.devName(), String.join(", ", d.compatible()) + "; dma-names: " + names,
                    d.devName(), d.node().position(), kids));
        }
        return new Node(Kind.SECTION, "Peripherals with DMA", out.size() + " device" + (out.size() == 1 ? "" : "s"), "",
                null, out);
    }
}
