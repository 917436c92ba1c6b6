package org.dmaworkbench.devicetree.lang.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.TextEdit;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;

/**
 * The Hardware page's actions as edits of the edited file's text (never of a separate model): enable an IOMMU, and
 * put a DMA controller behind an IOMMU with one free micro-TLB per channel, as the dropped device-tree patch of the
 * rcar-dmac IOMMU series did for Koelsch (dmac0 on ipmmu_ds micro-TLBs 0–14). A node the edited file defines is
 * changed where it is defined; any other gets an {@code &label { … };} block of the edited file, new blocks placed
 * in the order the file's blocks already follow (alphabetical, or the tree's), else at its end.
 */
public final class HardwareEdits {

    private HardwareEdits() {
    }

    /** {@code status = "okay";} for {@code iommu} (nothing when it is enabled already). */
    public static List<TextEdit> enableIommu(Analysis a, DtNode iommu) {
        if (iommu.isEnabled()) {
            return List.of();
        }
        Plan p = new Plan(a);
        p.setProperty(iommu, "status", "\"okay\"");
        return p.edits();
    }

    /**
     * {@code iommus = <&IOMMU n>, …;} on {@code dmac}, one free micro-TLB per channel ({@code dma-channels}), the
     * lowest run of free ones; the IOMMU enabled as well when it is not.
     *
     * @throws IllegalArgumentException when the IOMMU has not enough free micro-TLBs in a row
     */
    public static List<TextEdit> putBehindIommu(Analysis a, DtNode dmac, DtNode iommu) {
        DeviceTree tree = a.tree().orElseThrow(() -> new IllegalArgumentException("the board does not compile"));
        Hardware hw = Hardware.of(tree);
        Hardware.Iommu unit = hw.iommus().stream().filter(u -> u.node() == iommu).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(iommu.path() + " is not an IPMMU the emulator models"));
        int channels = (int) dmac.u32("dma-channels").orElse(0);
        if (channels <= 0) {
            throw new IllegalArgumentException(dmac.path() + " has no dma-channels");
        }
        TreeSet<Integer> used = new TreeSet<>();
        for (Hardware.Master m : unit.masters()) {
            if (m.node() != dmac) {
                used.addAll(m.utlbs());
            }
        }
        int start = -1;
        for (int s = 0; s + channels <= unit.utlbCount(); s++) {
            if (used.subSet(s, s + channels).isEmpty()) {
                start = s;
                break;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException(Hardware.name(iommu) + " has no " + channels + " free micro-TLBs in a"
                    + " row (of " + unit.utlbCount() + ", used: " + Hardware.ranges(new ArrayList<>(used)) + ")");
        }
        String ref = ref(iommu);
        StringBuilder v = new StringBuilder();
        String cont = "\n" + PROPERTY_INDENT_MARK + " ".repeat("iommus = ".length());
        for (int i = 0; i < channels; i++) {
            if (i > 0) {
                v.append(i % 4 == 0 ? "," + cont : ", ");
            }
            v.append('<').append(ref).append(' ').append(start + i).append('>');
        }
        Plan p = new Plan(a);
        if (!iommu.isEnabled()) {
            p.setProperty(iommu, "status", "\"okay\"");
        }
        p.setProperty(dmac, "iommus", v.toString());
        return p.edits();
    }

    /** Placeholder for the property's own indentation in multi-line values, filled in when placed. */
    static final String PROPERTY_INDENT_MARK = "\u0001";

    /**
     * Continuation lines of a value aligned with its first value, the property being indented by {@code indent}: tabs
     * as far as they go, then spaces (dts-coding-style.rst, "Indentation" 3).
     */
    static String align(String value, String indent) {
        int base = 0;
        for (int i = 0; i < indent.length(); i++) {
            base = indent.charAt(i) == '\t' ? (base / 8 + 1) * 8 : base + 1;
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int m = value.indexOf(PROPERTY_INDENT_MARK, i);
            if (m < 0) {
                sb.append(value, i, value.length());
                break;
            }
            sb.append(value, i, m);
            int e = m + 1;
            while (e < value.length() && value.charAt(e) == ' ') {
                e++;
            }
            int col = base + (e - m - 1);
            sb.append("\t".repeat(col / 8)).append(" ".repeat(col % 8));
            i = e;
        }
        return sb.toString();
    }

    static String ref(DtNode n) {
        return n.labels().isEmpty() ? "&{" + n.path() + "}" : "&" + n.labels().get(0);
    }

    /** Edits of one file, built up property by property; new blocks are gathered and placed once. */
    private static final class Plan {
        private final Analysis a;
        private final SourceModel m;
        private final String text;
        private final List<TextEdit> edits = new ArrayList<>();
        private final List<DtNode> newBlockNodes = new ArrayList<>();
        private final List<List<String[]>> newBlockProps = new ArrayList<>();

        Plan(Analysis a) {
            this.a = a;
            this.m = a.model();
            this.text = a.text(a.context().file());
        }

        /** Sets {@code name = value;} on {@code node}: in its block of this file, or in a new {@code &label} block. */
        void setProperty(DtNode node, String name, String value) {
            SourceModel.Node block = blockOf(node);
            if (block == null) {
                int i = newBlockNodes.indexOf(node);
                if (i < 0) {
                    newBlockNodes.add(node);
                    newBlockProps.add(new ArrayList<>());
                    i = newBlockNodes.size() - 1;
                }
                newBlockProps.get(i).add(new String[] {name, value});
                return;
            }
            String indent = indentOf(block) + "\t";
            // the last definition of the property in this block is the one to change
            SourceModel.Property existing = null;
            for (SourceModel.Property p : block.properties()) {
                if (p.name.equals(name) && !p.isDeletion()) {
                    existing = p;
                }
            }
            String line = name + " = " + align(value, indent) + ";";
            if (existing != null && existing.end() > 0) {
                edits.add(new TextEdit(a.context().file(), existing.nameOffset, existing.end() - existing.nameOffset,
                        line));
                return;
            }
            // a new property: after the last property (status stays last, as the coding style asks), else after '{'
            int at;
            SourceModel.Property status = block.properties().stream().filter(p -> p.name.equals("status")).findFirst()
                    .orElse(null);
            if (status != null && !name.equals("status")) {
                at = lineStart(status.start);
            } else if (!block.properties().isEmpty()) {
                SourceModel.Property last = block.properties().get(block.properties().size() - 1);
                at = lineEnd(last.end() > 0 ? last.end() : last.start) + 1;
            } else {
                at = lineEnd(block.open()) + 1;
            }
            at = Math.min(at, text.length());
            edits.add(new TextEdit(a.context().file(), at, 0, indent + line + "\n"));
        }

        /** The block of this file that defines {@code node} (its label's {@code &label { }} block or its definition). */
        private SourceModel.Node blockOf(DtNode node) {
            SourceModel.Node found = null;
            for (SourceModel.Node b : m.allNodes()) {
                if (b.kind == SourceModel.NodeKind.DELETION || b.close() < 0) {
                    continue;
                }
                Optional<DtNode> n = a.nodeOf(b);
                if (n.isPresent() && n.get() == node) {
                    found = b; // the last block wins: it is what a later edit would amend
                }
            }
            return found;
        }

        private String indentOf(SourceModel.Node b) {
            int ls = lineStart(b.start);
            int e = ls;
            while (e < text.length() && (text.charAt(e) == '\t' || text.charAt(e) == ' ')) {
                e++;
            }
            return text.substring(ls, e);
        }

        private int lineStart(int off) {
            int i = text.lastIndexOf('\n', Math.max(0, off - 1));
            return i + 1;
        }

        private int lineEnd(int off) {
            int i = text.indexOf('\n', off);
            return i < 0 ? text.length() : i;
        }

        List<TextEdit> edits() {
            List<TextEdit> out = new ArrayList<>(edits);
            List<TextEdit> blocks = new ArrayList<>();
            for (int i = 0; i < newBlockNodes.size(); i++) {
                DtNode n = newBlockNodes.get(i);
                StringBuilder b = new StringBuilder(ref(n)).append(" {\n");
                for (String[] p : newBlockProps.get(i)) {
                    b.append('\t').append(p[0]).append(" = ").append(align(p[1], "\t")).append(";\n");
                }
                b.append("};\n");
                TextEdit e = place(n, b.toString());
                // blocks placed at one offset go in the order they were made, as one insertion
                int same = -1;
                for (int k = 0; k < blocks.size(); k++) {
                    if (blocks.get(k).offset() == e.offset()) {
                        same = k;
                    }
                }
                if (same < 0) {
                    blocks.add(e);
                } else {
                    TextEdit prev = blocks.get(same);
                    String joined = e.offset() == text.length() ? prev.text() + "\n" + b
                            : prev.text() + e.text();
                    blocks.set(same, new TextEdit(e.file(), e.offset(), 0, joined));
                }
            }
            out.addAll(blocks);
            return out;
        }

        /** Where a new top-level block goes: in the order the file's &label blocks follow, else at the end. */
        private TextEdit place(DtNode n, String block) {
            List<SourceModel.Node> refs = new ArrayList<>();
            for (SourceModel.Node r : m.roots()) {
                if (r.kind == SourceModel.NodeKind.REFERENCE && r.referencedLabel() != null && r.end() > 0) {
                    refs.add(r);
                }
            }
            String label = n.labels().isEmpty() ? null : n.labels().get(0);
            SourceModel.Node before = null;
            if (label != null && refs.size() >= 2 && sortedByLabel(refs)) {
                for (SourceModel.Node r : refs) {
                    if (r.referencedLabel().compareTo(label) > 0) {
                        before = r;
                        break;
                    }
                }
            } else if (refs.size() >= 2 && a.tree().isPresent() && sortedByTree(refs)) {
                List<DtNode> order = a.tree().get().allNodes();
                int mine = order.indexOf(n);
                for (SourceModel.Node r : refs) {
                    Optional<DtNode> rn = a.nodeOf(r);
                    if (rn.isPresent() && order.indexOf(rn.get()) > mine) {
                        before = r;
                        break;
                    }
                }
            }
            if (before != null) {
                return new TextEdit(a.context().file(), lineStart(before.start), 0, block + "\n");
            }
            // at the end, after a blank line
            String tail = text.endsWith("\n\n") || text.isEmpty() ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            return new TextEdit(a.context().file(), text.length(), 0, tail + block);
        }

        private static boolean sortedByLabel(List<SourceModel.Node> refs) {
            for (int i = 1; i < refs.size(); i++) {
                if (refs.get(i - 1).referencedLabel().compareTo(refs.get(i).referencedLabel()) > 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean sortedByTree(List<SourceModel.Node> refs) {
            List<DtNode> order = a.tree().get().allNodes();
            int last = -1;
            for (SourceModel.Node r : refs) {
                Optional<DtNode> n = a.nodeOf(r);
                if (n.isEmpty()) {
                    return false;
                }
                int i = order.indexOf(n.get());
                if (i < last) {
                    return false;
                }
                last = i;
            }
            return true;
        }
    }
}
