package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Kind;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Statement;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Word;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * Content assist for .dmascn text: what may be written at an offset (keys, values, the board's labels, client
 * names, driver bugs), each proposal with the text it replaces and a description for the proposal's details.
 * The board's labels come from a compiled {@link DeviceTree} the caller passes (the editor compiles the board
 * in the background); without one, references get no proposals.
 */
public final class ScenarioAssist {

    /** What a proposal is, for its icon. */
    public enum ProposalKind {
        KEY, VALUE, LABEL, BUG, CLIENT
    }

    /**
     * A proposal: replace {@code replaceLength} chars at {@code replaceOffset} with {@code replacement};
     * {@code label} is what the list shows and {@code description} the details beside it.
     */
    public record Proposal(ProposalKind kind, String replacement, String label, String description, int replaceOffset,
                           int replaceLength) {
    }

    /** A labelled node of the board, as assist and hovers describe it. */
    public record BoardLabel(String label, String path, List<String> compatible, DeviceKind kind, boolean iommu,
                             boolean enabled) {
        public BoardLabel {
            compatible = List.copyOf(compatible);
        }

        /**
         * What the node is, one fact a line: "a serial port (renesas,scif or renesas,hscif)", "compatible:
         * renesas,scif-r8a7791", "path: /soc/serial@e6e60000", and "disabled (status)" when it is.
         */
        public String describe() {
            String what = iommu ? "an IOMMU" : kind == DeviceKind.OTHER ? "a node the emulator has no driver for"
                    : kind.description();
            StringBuilder sb = new StringBuilder(what);
            if (!compatible.isEmpty()) {
                sb.append("\ncompatible: ").append(String.join(", ", compatible));
            }
            sb.append("\npath: ").append(path);
            if (!enabled) {
                sb.append("\ndisabled (status)");
            }
            return sb.toString();
        }
    }

    private static final Map<String, String> KEY_DOCS = new LinkedHashMap<>();
    private static final Map<String, String> CLIENT_KEY_DOCS = new LinkedHashMap<>();

    static {
        // the Keys table of FORMAT.md
        KEY_DOCS.put("board", "The board: a built-in name (" + String.join(", ", BuiltinBoards.NAMES)
                + ") or \"file.dts\" relative to this file. Required.");
        KEY_DOCS.put("include", "Include directory for a board file's #include, relative to this file.");
        KEY_DOCS.put("iommu", "iommu LABEL = on|off: whether the board's IOMMU translates for its masters.");
        KEY_DOCS.put("soc.revision", "The SoC revision soc_device_match() sees (ES2.0, ...), which decides the masters"
                + " the IPMMU driver attaches.");
        KEY_DOCS.put("kernel", "Kernel behaviour profile: 6.12 (default) or 4.9.");
        KEY_DOCS.put("dma-debug", "CONFIG_DMA_API_DEBUG checks: on (default) or off.");
        KEY_DOCS.put("dma-debug.driver_filter", "Report only errors of devices bound to this driver.");
        KEY_DOCS.put("dma-debug.num_errors", "How many errors dma-debug prints before it goes quiet (default 1).");
        KEY_DOCS.put("dma-debug.all_errors", "Print every error, ignoring num_errors: on or off (default).");
        KEY_DOCS.put("seed", "Seed of the session's random choices (default 1).");
        KEY_DOCS.put("stop", "When the run ends: time D | transfers N | first-error (default: all workloads done).");
        KEY_DOCS.put("client", "client NAME { device = &LABEL; workload... }: one DMA user of a board device.");
        KEY_DOCS.put("bug", "bug CLIENT = NAME: the client's driver commits the named DMA-API bug.");
        CLIENT_KEY_DOCS.put("device", "device = &LABEL: the board node this client drives.");
        CLIENT_KEY_DOCS.put("tx", "tx text \"...\" | tx bytes N: transmit on a SCIF/HSCIF or IIC (DMA_TO_DEVICE).");
        CLIENT_KEY_DOCS.put("rx", "rx bytes N: receive on a SCIF/HSCIF or IIC (DMA_FROM_DEVICE).");
        CLIENT_KEY_DOCS.put("read", "read blocks N: read 512-byte blocks on an SDHI (scatterlist of 'segments').");
        CLIENT_KEY_DOCS.put("write", "write blocks N: write 512-byte blocks on an SDHI.");
        CLIENT_KEY_DOCS.put("memcpy", "memcpy bytes N: a memory-to-memory copy on a SYS-DMAC.");
    }

    private ScenarioAssist() {
    }

    /** The labelled nodes of a compiled board, in tree order (one entry per label). */
    public static List<BoardLabel> labels(DeviceTree board) {
        List<BoardLabel> out = new ArrayList<>();
        for (DtNode n : board.allNodes()) {
            for (String l : n.labels()) {
                out.add(new BoardLabel(l, n.path(), n.compatible(), DeviceKind.of(n), n.hasProperty("#iommu-cells"),
                        enabledWithParents(n)));
            }
        }
        return out;
    }

    private static boolean enabledWithParents(DtNode n) {
        for (DtNode x = n; x != null; x = x.parent().orElse(null)) {
            if (!x.isEnabled()) {
                return false;
            }
        }
        return true;
    }

    /** The key description shown for {@code key} (a top-level or client key), or null. */
    public static String describeKey(String key) {
        String d = KEY_DOCS.get(key);
        return d != null ? d : CLIENT_KEY_DOCS.get(key);
    }

    /** What {@code bug} does, who commits it and what reports it: the details of a bug proposal or hover. */
    public static String describeBug(DriverBug bug) {
        return "The driver " + bug.description() + ".\nCommitted by " + DriverBugs.committersDescription(bug)
                + ".\nSeen as: " + DriverBugs.consequence(bug) + ".";
    }

    /**
     * Proposals at {@code offset} of {@code text}, filtered by the word being typed there.
     *
     * @param board the board's labels ({@link #labels}), or an empty list while it is not compiled
     */
    public static List<Proposal> complete(String text, int offset, List<BoardLabel> board) {
        int from = offset;
        while (from > 0 && isWordChar(text.charAt(from - 1))) {
            from--;
        }
        String prefix = text.substring(from, offset);
        if (inCommentOrString(text, from)) {
            return List.of();
        }
        List<Statement> statements = ScenarioSyntax.statements(text);
        // the words of the statement the cursor is in, before the word being typed
        List<Word> before = new ArrayList<>();
        String client = ScenarioSyntax.clientAt(text, from);
        List<Statement> head = ScenarioSyntax.statements(text.substring(0, from));
        if (!head.isEmpty()) {
            Statement last = head.get(head.size() - 1);
            if (text.substring(last.end(), from).isBlank() && text.substring(last.end(), from).indexOf('\n') < 0) {
                before.addAll(last.words());
            }
        }
        List<Proposal> out = new ArrayList<>();
        String key = before.isEmpty() ? "" : before.get(0).text();
        Word last = before.isEmpty() ? null : before.get(before.size() - 1);
        boolean afterEquals = last != null && last.text().equals("=") && last.kind() == Kind.OPERATOR;
        if (prefix.startsWith("&") || client != null && key.equals("device") && afterEquals) {
            for (BoardLabel l : board) {
                if (l.kind() != DeviceKind.OTHER && !l.iommu()) {
                    add(out, ProposalKind.LABEL, "&" + l.label(), "&" + l.label() + " - " + l.path(), l.describe(),
                            prefix, from, offset);
                }
            }
        } else if (before.isEmpty() && ScenarioSyntax.iommuAt(text, from) != null) {
            add(out, ProposalKind.KEY, "attach = ", "attach = all | &LABEL [utlb N..M], ...", "Masters this IOMMU"
                    + " translates for although the kernel's ipmmu_device_is_allowed() would not attach them.", prefix,
                    from, offset);
        } else if (before.isEmpty()) {
            Map<String, String> keys = client != null ? CLIENT_KEY_DOCS : KEY_DOCS;
            for (Map.Entry<String, String> k : keys.entrySet()) {
                add(out, ProposalKind.KEY, k.getKey(), k.getKey(), k.getValue(), prefix, from, offset);
            }
        } else if (client == null) {
            topLevelValues(out, key, before, afterEquals, board, statements, prefix, from, offset);
        } else {
            workloadWords(out, key, before, prefix, from, offset);
        }
        return out;
    }

    private static void topLevelValues(List<Proposal> out, String key, List<Word> before, boolean afterEquals,
                                       List<BoardLabel> board, List<Statement> statements, String prefix, int from,
                                       int offset) {
        switch (key) {
            case "board" -> {
                if (afterEquals && before.size() == 2) {
                    for (String b : BuiltinBoards.NAMES) {
                        add(out, ProposalKind.VALUE, b, b, "Built-in board " + b + ".", prefix, from, offset);
                    }
                }
            }
            case "iommu" -> {
                if (before.size() == 1) {
                    for (BoardLabel l : board) {
                        if (l.iommu()) {
                            add(out, ProposalKind.LABEL, l.label(), l.label() + " - " + l.path(), l.describe(),
                                    prefix, from, offset);
                        }
                    }
                } else if (afterEquals) {
                    onOff(out, prefix, from, offset);
                }
            }
            case "dma-debug", "dma-debug.all_errors" -> {
                if (afterEquals) {
                    onOff(out, prefix, from, offset);
                }
            }
            case "kernel" -> {
                if (afterEquals) {
                    add(out, ProposalKind.VALUE, "6.12", "6.12", "Linux 6.12 (default).", prefix, from, offset);
                    add(out, ProposalKind.VALUE, "4.9", "4.9", "Linux 4.9: dma_map_resource() does "
                            + "BUG_ON(pfn_valid()).", prefix, from, offset);
                }
            }
            case "dma-debug.driver_filter" -> {
                if (afterEquals) {
                    for (String d : ScenarioParser.DRIVER_NAMES) {
                        add(out, ProposalKind.VALUE, d, d, "Report only errors of devices bound to " + d + ".",
                                prefix, from, offset);
                    }
                }
            }
            case "stop" -> {
                Word last = before.get(before.size() - 1);
                if (afterEquals || last.text().equals("|")) {
                    add(out, ProposalKind.VALUE, "time ", "time DURATION", "Stop at this virtual time (10ms, 1s).",
                            prefix, from, offset);
                    add(out, ProposalKind.VALUE, "transfers ", "transfers N", "Stop after N completed DMA transfers.",
                            prefix, from, offset);
                    add(out, ProposalKind.VALUE, "first-error", "first-error",
                            "Stop at the first dma-debug error (or kernel BUG).", prefix, from, offset);
                }
            }
            case "bug" -> {
                if (before.size() == 1) {
                    for (Statement s : statements) {
                        if (s.inClient() == null && s.key().equals("client") && s.word(1) != null) {
                            add(out, ProposalKind.CLIENT, s.word(1).text(), s.word(1).text(), "Client "
                                    + s.word(1).text() + ".", prefix, from, offset);
                        }
                    }
                } else if (afterEquals && before.size() == 3) {
                    java.util.Set<DriverBug> can = committable(before.get(1).text(), statements, board);
                    for (DriverBug b : DriverBug.values()) {
                        if (can == null || can.contains(b)) {
                            add(out, ProposalKind.BUG, b.bugName(), b.bugName(), describeBug(b), prefix, from, offset);
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * The bugs the driver of {@code client}'s device can commit, when the text gives its device as a label of the
     * board; null when that is not known yet (then every bug is proposed).
     */
    private static java.util.Set<DriverBug> committable(String client, List<Statement> statements,
                                                       List<BoardLabel> board) {
        for (Statement s : statements) {
            Word ref = s.word(2);
            if (client.equals(s.inClient()) && s.key().equals("device") && ref != null
                    && ref.kind() == Kind.REFERENCE) {
                for (BoardLabel l : board) {
                    if (l.label().equals(ref.text())) {
                        return DriverBugs.committableBy(l.kind());
                    }
                }
            }
        }
        return null;
    }

    private static void workloadWords(List<Proposal> out, String key, List<Word> before, String prefix, int from,
                                      int offset) {
        if (before.size() == 1) {
            switch (key) {
                case "tx" -> {
                    add(out, ProposalKind.KEY, "text ", "text \"...\"", "Transmit this string.", prefix, from, offset);
                    add(out, ProposalKind.KEY, "bytes ", "bytes N", "Transmit N bytes.", prefix, from, offset);
                }
                case "rx", "memcpy" -> add(out, ProposalKind.KEY, "bytes ", "bytes N",
                        "Byte count, with an optional KiB/MiB/GiB suffix.", prefix, from, offset);
                case "read", "write" -> add(out, ProposalKind.KEY, "blocks ", "blocks N", "512-byte blocks.", prefix,
                        from, offset);
                default -> {
                }
            }
            return;
        }
        if (before.size() < 3 || key.equals("device")) {
            return;
        }
        add(out, ProposalKind.KEY, "repeat ", "repeat N|forever", "How many times the workload runs.", prefix, from,
                offset);
        add(out, ProposalKind.KEY, "every ", "every DURATION", "Period between the starts of repetitions.", prefix,
                from, offset);
        if (key.equals("tx") || key.equals("rx")) {
            add(out, ProposalKind.KEY, "rate ", "rate N", "Line rate in bit/s (serial baud rate or I2C clock).",
                    prefix, from, offset);
        }
        if (key.equals("read") || key.equals("write")) {
            add(out, ProposalKind.KEY, "segments ", "segments N", "Scatterlist entries (1..block count).", prefix,
                    from, offset);
        }
    }

    private static void onOff(List<Proposal> out, String prefix, int from, int offset) {
        add(out, ProposalKind.VALUE, "on", "on", "On.", prefix, from, offset);
        add(out, ProposalKind.VALUE, "off", "off", "Off.", prefix, from, offset);
    }

    private static void add(List<Proposal> out, ProposalKind kind, String replacement, String label, String description,
                            String prefix, int from, int offset) {
        if (replacement.startsWith(prefix)) {
            out.add(new Proposal(kind, replacement, label, description, from, offset - from));
        }
    }

    private static boolean isWordChar(char c) {
        return ScenarioLexer.wordPart(c) || c == '&';
    }

    /** Whether {@code from} follows a '#' or an open '"' on its line. */
    private static boolean inCommentOrString(String text, int from) {
        int ls = text.lastIndexOf('\n', from - 1) + 1;
        boolean str = false;
        for (int i = ls; i < from; i++) {
            char c = text.charAt(i);
            if (str && c == '\\') {
                i++;
            } else if (c == '"') {
                str = !str;
            } else if (c == '#' && !str) {
                return true;
            }
        }
        return str;
    }
}
