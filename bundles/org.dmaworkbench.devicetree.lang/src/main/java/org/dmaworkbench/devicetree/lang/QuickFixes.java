package org.dmaworkbench.devicetree.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;

/**
 * Fixes for diagnostics whose fix is clear: a unit address that does not match {@code reg} (dtc's
 * {@code simple_bus_reg}, which the kernel's W=1 build reports and the editor checks itself, following
 * check_simple_bus_reg() of dtc 1.6.1) gets the expected address; a bus that relies on the default
 * {@code #address-cells}/{@code #size-cells} (dtc's {@code avoid_default_addr_size}) gets both written, with the
 * values its children's {@code reg} length implies.
 */
public final class QuickFixes {

    /** A fix: a label for the menu and the edits. */
    public record Fix(String label, List<TextEdit> edits) {
        public Fix {
            edits = List.copyOf(edits);
        }
    }

    /** The check name of the editor's unit address check (dtc's). */
    public static final String SIMPLE_BUS_REG = "simple_bus_reg";
    public static final String DEFAULT_ADDR_SIZE = "avoid_default_addr_size";

    private QuickFixes() {
    }

    /**
     * dtc's check_simple_bus_reg(): on a simple-bus (compatible "simple-bus" or "simple-mfd"), a child's unit address
     * must be its first reg address (or first ranges parent address) in lower-case hex without leading zeros.
     */
    public static List<Diagnostic> simpleBusReg(DeviceTree tree) {
        List<Diagnostic> out = new ArrayList<>();
        for (DtNode n : tree.allNodes()) {
            Optional<String> expected = expectedUnitAddress(n);
            if (expected.isPresent() && !expected.get().equals(n.unitAddress())) {
                out.add(new Diagnostic(Severity.WARNING, n.position(), n.path()
                        + ": simple-bus unit address format error, expected \"" + expected.get() + "\" ["
                        + SIMPLE_BUS_REG + "]"));
            }
        }
        return out;
    }

    /** The unit address dtc expects for a child of a simple-bus, when it can tell. */
    static Optional<String> expectedUnitAddress(DtNode n) {
        DtNode parent = n.parent().orElse(null);
        if (parent == null || !(parent.isCompatible("simple-bus") || parent.isCompatible("simple-mfd"))) {
            return Optional.empty();
        }
        int[] cells = null;
        Optional<DtProperty> reg = n.property("reg");
        int na = parent.addressCells();
        if (reg.isPresent() && (reg.get().length() & 3) == 0 && reg.get().length() >= 4 * na) {
            cells = reg.get().cells();
        } else {
            Optional<DtProperty> ranges = n.property("ranges");
            int skip = n.addressCells();
            if (ranges.isPresent() && ranges.get().length() > 0 && (ranges.get().length() & 3) == 0
                    && ranges.get().length() >= 4 * (skip + na)) {
                int[] all = ranges.get().cells();
                cells = java.util.Arrays.copyOfRange(all, skip, all.length);
            }
        }
        if (cells == null || na == 0) {
            return Optional.empty();
        }
        long v = 0;
        for (int i = 0; i < na; i++) {
            v = (v << 32) | (cells[i] & 0xffffffffL);
        }
        return Optional.of(Long.toHexString(v));
    }

    /** The fixes for one located diagnostic of the analysis. */
    public static List<Fix> forDiagnostic(Analysis a, Analysis.FileDiagnostic d) {
        List<Fix> out = new ArrayList<>();
        if (d.location() == null || a.tree().isEmpty()) {
            return out;
        }
        DeviceTree tree = a.tree().get();
        String path = d.message().contains(":") ? d.message().substring(0, d.message().indexOf(':')) : "";
        Optional<DtNode> node = tree.node(path);
        if (node.isEmpty()) {
            return out;
        }
        if (d.check().equals(SIMPLE_BUS_REG)) {
            expectedUnitAddress(node.get()).ifPresent(exp -> unitAddressFix(a, d, node.get(), exp, out));
        } else if (d.check().equals(DEFAULT_ADDR_SIZE) && node.get().parent().isPresent()) {
            addressCellsFix(a, node.get(), out);
        }
        return out;
    }

    /** Replace the unit address in the node's name where the diagnostic points. */
    private static void unitAddressFix(Analysis a, Analysis.FileDiagnostic d, DtNode n, String expected, List<Fix> out) {
        Location l = d.location();
        String text = a.text(l.file());
        if (text == null) {
            return;
        }
        String name = n.name();
        if (!text.startsWith(name, l.offset())) {
            return;
        }
        int at = l.offset() + n.baseName().length();
        int len = name.length() - n.baseName().length();
        out.add(new Fix("Change the unit address to @" + expected, List.of(new TextEdit(l.file(), at, len, "@"
                + expected))));
    }

    /** Write #address-cells and #size-cells in the parent's block that contains the child's definition. */
    private static void addressCellsFix(Analysis a, DtNode child, List<Fix> out) {
        DtNode parent = child.parent().get();
        int regCells = child.property("reg").map(p -> p.length() / 4).orElse(0);
        int na;
        int ns;
        switch (regCells) {
            case 1 -> { na = 1; ns = 0; }
            case 2 -> { na = 1; ns = 1; }
            case 4 -> { na = 2; ns = 2; }
            default -> { na = 2; ns = 1; }
        }
        Location l = a.locate(child.position());
        if (l == null) {
            return;
        }
        SourceModel m = a.model(l.file());
        SourceModel.Node block = m.nodeAt(l.offset());
        SourceModel.Node parentBlock = block == null ? null : block.parent;
        if (parentBlock == null || parentBlock.open() < 0) {
            return;
        }
        String text = m.text();
        int lineEnd = text.indexOf('\n', parentBlock.open());
        int at = lineEnd < 0 ? text.length() : lineEnd + 1;
        String indent = indentOf(text, parentBlock.start) + "\t";
        StringBuilder ins = new StringBuilder();
        if (!parent.hasProperty("#address-cells")) {
            ins.append(indent).append("#address-cells = <").append(na).append(">;\n");
        }
        if (!parent.hasProperty("#size-cells")) {
            ins.append(indent).append("#size-cells = <").append(ns).append(">;\n");
        }
        if (ins.length() > 0) {
            out.add(new Fix("Add #address-cells = <" + na + "> and #size-cells = <" + ns + "> to " + parent.path(),
                    List.of(new TextEdit(l.file(), at, 0, ins.toString()))));
        }
    }

    private static String indentOf(String text, int off) {
        int ls = text.lastIndexOf('\n', Math.max(0, off - 1)) + 1;
        int e = ls;
        while (e < text.length() && (text.charAt(e) == '\t' || text.charAt(e) == ' ')) {
            e++;
        }
        return text.substring(ls, e);
    }
}
