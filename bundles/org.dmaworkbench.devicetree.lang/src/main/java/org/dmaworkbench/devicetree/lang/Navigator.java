package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.MacroDefinition;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;

/**
 * Go to definition (F3, Ctrl+click): from {@code &label}, {@code &{/path}}, a numeric phandle, an {@code #include}
 * file name, a macro, a node or property name in the edited file to where it is defined: the label's node, the
 * included file, the {@code #define}, the other blocks of a node, the definition of a property that wins.
 */
public final class Navigator {

    /** What is under the caret and where it leads. */
    public record Target(String kind, String name, int offset, int length, List<Location> destinations) {
        public Target {
            destinations = List.copyOf(destinations);
        }
    }

    /** Properties holding phandle-with-arguments lists, by the provider property giving the argument count. */
    static final Map<String, String> PHANDLE_LISTS = Map.ofEntries(Map.entry("clocks", "#clock-cells"),
            Map.entry("resets", "#reset-cells"), Map.entry("dmas", "#dma-cells"), Map.entry("iommus", "#iommu-cells"),
            Map.entry("power-domains", "#power-domain-cells"), Map.entry("phys", "#phy-cells"),
            Map.entry("interrupts-extended", "#interrupt-cells"), Map.entry("gpios", "#gpio-cells"),
            Map.entry("mboxes", "#mbox-cells"), Map.entry("thermal-sensors", "#thermal-sensor-cells"),
            Map.entry("io-channels", "#io-channel-cells"), Map.entry("sound-dai", "#sound-dai-cells"),
            Map.entry("hwlocks", "#hwlock-cells"), Map.entry("pwms", "#pwm-cells"),
            Map.entry("assigned-clocks", "#clock-cells"), Map.entry("assigned-clock-parents", "#clock-cells"),
            Map.entry("cooling-device", "#cooling-cells"), Map.entry("renesas,ipmmu-main", "#iommu-cells"));
    /** Properties holding plain phandles (one or a list). */
    static final java.util.Set<String> PHANDLES = java.util.Set.of("interrupt-parent", "phy-handle", "memory-region",
            "remote-endpoint", "next-level-cache", "cpu", "operating-points-v2", "cpu-idle-states", "nvmem-cells",
            "sram", "msi-parent", "i2c-bus", "ddc-i2c-bus", "companion", "renesas,rcar-dmac");

    private Navigator() {
    }

    /** The navigation target at {@code offset} of the edited file, if there is one. */
    public static Optional<Target> targetAt(Analysis a, int offset) {
        SourceModel m = a.model();
        if (m == null) {
            return Optional.empty();
        }
        Tokens t = m.tokens();
        int i = t.indexAt(offset);
        SourceModel.Include inc = m.includeAt(offset);
        if (inc != null && offset >= inc.offset()) {
            List<Location> d = new ArrayList<>();
            Analyzer.resolveInclude(inc.name(), inc.angled(), a.context().file(), a.context().includeDirs())
                    .ifPresent(p -> d.add(new Location(p, 0, 0, 1)));
            return Optional.of(new Target("include", inc.name(), inc.offset(), inc.length(), d));
        }
        if (i < 0) {
            return Optional.empty();
        }
        TokenKind k = t.kind(i);
        int s = t.start(i);
        int len = t.length(i);
        switch (k) {
            case REFERENCE: {
                SourceModel.Reference r = m.referenceAt(s);
                if (r == null) {
                    return Optional.empty();
                }
                return Optional.of(new Target(r.path() ? "path" : "label", r.target(), s, len, referenceTargets(a, r)));
            }
            case MACRO:
            case MACRO_DEFINITION: {
                String name = t.image(i);
                List<Location> d = new ArrayList<>();
                a.macros().get(name).map(MacroDefinition::position).map(a::locate).ifPresent(d::add);
                if (d.isEmpty()) {
                    // not in effect (an #if branch not taken): any #define of it in the files read
                    for (Path f : a.files()) {
                        SourceModel fm = a.model(f);
                        for (SourceModel.Define def : fm.defines()) {
                            if (def.name().equals(name)) {
                                d.add(new Location(f, def.offset(), name.length(), fm.lines().line(def.offset())));
                            }
                        }
                    }
                }
                if (k == TokenKind.MACRO_DEFINITION) {
                    d.removeIf(l -> l.file().equals(a.context().file()) && l.offset() == s);
                }
                return Optional.of(new Target("macro", name, s, len, d));
            }
            case NUMBER:
                return phandleTarget(a, m, i);
            case NODE_NAME:
            case UNIT_ADDRESS: {
                SourceModel.Node n = m.nodeAt(s);
                if (n == null || n.kind != SourceModel.NodeKind.CHILD) {
                    return Optional.empty();
                }
                Optional<DtNode> dn = a.nodeOf(n);
                List<Location> d = new ArrayList<>();
                dn.ifPresent(x -> otherDefinitions(a, x, n.nameOffset, d));
                return Optional.of(new Target("node", n.name, n.nameOffset, n.nameLength, d));
            }
            case PROPERTY_NAME: {
                SourceModel.Property p = m.propertyAt(s);
                if (p == null) {
                    return Optional.empty();
                }
                Optional<DtProperty> dp = a.nodeOf(p.parent).flatMap(x -> x.property(p.name));
                List<Location> d = new ArrayList<>();
                dp.map(DtProperty::position).map(a::locate).filter(l -> !(l.file().equals(a.context().file())
                        && l.offset() == p.nameOffset)).ifPresent(d::add);
                return Optional.of(new Target("property", p.name, p.nameOffset, p.name.length(), d));
            }
            default:
                return Optional.empty();
        }
    }

    /** Where {@code offset} leads (empty when nowhere). */
    public static List<Location> definitions(Analysis a, int offset) {
        return targetAt(a, offset).map(Target::destinations).orElse(List.of());
    }

    /** The node of a reference: where its label was written (or the node's first definition for a path). */
    static List<Location> referenceTargets(Analysis a, SourceModel.Reference r) {
        List<Location> d = new ArrayList<>();
        Optional<DeviceTree> tree = a.tree();
        if (tree.isPresent()) {
            Optional<DtNode> n = Analysis.resolveRef(tree.get(), r.target(), r.path());
            if (n.isPresent()) {
                SourcePosition p = r.path() ? n.get().position() : n.get().labelPosition(r.target())
                        .orElse(n.get().position());
                Location l = a.locate(p);
                if (l != null) {
                    d.add(l);
                }
                return d;
            }
        }
        if (!r.path()) {
            // no tree (the source does not parse now): the label's definition in the files read
            for (Path f : a.files()) {
                SourceModel fm = a.model(f);
                for (SourceModel.LabelDef l : fm.labels()) {
                    if (l.name().equals(r.target())) {
                        d.add(new Location(f, l.offset(), l.name().length(), fm.lines().line(l.offset())));
                    }
                }
            }
        }
        return d;
    }

    private static void otherDefinitions(Analysis a, DtNode n, int here, List<Location> out) {
        for (SourcePosition p : n.definitions()) {
            Location l = a.locate(p);
            if (l != null && !(l.file().equals(a.context().file()) && Math.abs(l.offset() - here) < 2)) {
                out.add(l);
            }
        }
    }

    /** A number in a phandle slot of a phandle property (a decompiled source's {@code <0x2c 0x1d>}). */
    private static Optional<Target> phandleTarget(Analysis a, SourceModel m, int tokenIndex) {
        Tokens t = m.tokens();
        int s = t.start(tokenIndex);
        SourceModel.Property p = m.propertyAt(s);
        if (p == null || p.valueStart() < 0) {
            return Optional.empty();
        }
        String cellsProp = PHANDLE_LISTS.get(p.name);
        if (cellsProp == null && (p.name.endsWith("-gpios") || p.name.endsWith("-gpio"))) {
            cellsProp = "#gpio-cells";
        }
        boolean plain = PHANDLES.contains(p.name) || p.name.endsWith("-supply") || p.name.matches("pinctrl-[0-9]+");
        if (cellsProp == null && !plain) {
            return Optional.empty();
        }
        int cell = cellIndex(t, p.valueStart(), tokenIndex);
        Optional<DtNode> node = a.nodeOf(p.parent);
        Optional<DeviceTree> tree = a.tree();
        if (cell < 0 || node.isEmpty() || tree.isEmpty()) {
            return Optional.empty();
        }
        Optional<DtProperty> dp = node.get().property(p.name);
        if (dp.isEmpty() || (dp.get().length() & 3) != 0) {
            return Optional.empty();
        }
        int[] c = dp.get().cells();
        long literal;
        try {
            literal = Long.decode(t.image(tokenIndex).replaceAll("[uUlL]+$", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (cell >= c.length || (c[cell] & 0xffffffffL) != literal) {
            return Optional.empty();
        }
        int i = 0;
        while (i < c.length) {
            if (i > cell) {
                return Optional.empty();
            }
            Optional<DtNode> prov = tree.get().nodeByPhandle(c[i]);
            if (i == cell) {
                if (prov.isEmpty()) {
                    return Optional.empty();
                }
                List<Location> d = new ArrayList<>();
                Location l = a.locate(prov.get().position());
                if (l != null) {
                    d.add(l);
                }
                return Optional.of(new Target("phandle", prov.get().path(), s, t.length(tokenIndex), d));
            }
            if (prov.isEmpty()) {
                return Optional.empty();
            }
            i += 1 + (cellsProp == null ? 0 : (int) prov.get().u32(cellsProp).orElse(0));
        }
        return Optional.empty();
    }

    /**
     * The index, among the value's cells, of the cell token {@code tokenIndex} writes, counting numbers, references,
     * macros and parenthesised expressions as one cell each; -1 when the value has strings or bytes before it.
     */
    static int cellIndex(Tokens t, int valueStart, int tokenIndex) {
        int cell = -1;
        int depth = 0;
        boolean inCells = false;
        for (int i = t.firstAtOrAfter(valueStart); i <= tokenIndex && i < t.size(); i++) {
            TokenKind k = t.kind(i);
            if (k.isTrivia()) {
                continue;
            }
            if (k == TokenKind.PUNCTUATION && t.is(i, '<') && depth == 0) {
                inCells = true;
                continue;
            }
            if (k == TokenKind.PUNCTUATION && t.is(i, '>') && depth == 0) {
                inCells = false;
                continue;
            }
            if (!inCells) {
                if (k == TokenKind.STRING || k == TokenKind.PUNCTUATION && t.is(i, '[')) {
                    return -1;
                }
                continue;
            }
            if (k == TokenKind.PUNCTUATION && t.is(i, '(')) {
                if (depth == 0 && !(i > 0 && t.kind(i - 1) == TokenKind.MACRO && t.end(i - 1) == t.start(i))) {
                    cell++;
                }
                depth++;
                continue;
            }
            if (k == TokenKind.PUNCTUATION && t.is(i, ')')) {
                depth--;
                continue;
            }
            if (depth == 0 && (k == TokenKind.NUMBER || k == TokenKind.REFERENCE || k == TokenKind.MACRO
                    || k == TokenKind.CHAR)) {
                cell++;
            }
        }
        return cell;
    }
}
