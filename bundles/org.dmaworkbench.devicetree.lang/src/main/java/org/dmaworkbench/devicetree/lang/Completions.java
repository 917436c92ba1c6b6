package org.dmaworkbench.devicetree.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.MacroDefinition;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;
import org.dmaworkbench.hw.platform.PlatformBuilder;

/**
 * Content assist: what may be typed at the caret, from the text as it is now and the last compilation. Labels after
 * {@code &}, node paths after {@code &{}, property names inside a node (the common ones, and those nodes of the same
 * compatible have), values the hardware model knows ({@code compatible} strings it models, {@code status}, the
 * {@code dma-names} and other {@code *-names} nodes of the same compatible use), macros of the included headers in
 * cells, header files in {@code #include}.
 */
public final class Completions {

    /** What a proposal inserts. */
    public enum Kind {
        LABEL, PATH, PROPERTY, VALUE, MACRO, INCLUDE, BLOCK
    }

    /**
     * Replace {@code length} characters at {@code offset} by {@code replacement}; the caret goes to
     * {@code offset + cursor} afterwards.
     */
    public record Proposal(String label, String replacement, int offset, int length, Kind kind, String detail,
            int cursor) {
    }

    /** Common properties and their source template (the caret goes to '|'). */
    static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        String[][] p = {
            {"compatible", "compatible = \"|\";", "the driver match: most specific first"},
            {"reg", "reg = <|>;", "address and size of each register window, in the parent's cells"},
            {"ranges", "ranges;", "maps this bus's addresses to the parent's (empty: identity)"},
            {"dma-ranges", "dma-ranges = <|>;", "the DMA window of the devices on this bus"},
            {"status", "status = \"|\";", "okay or disabled"},
            {"interrupts", "interrupts = <|>;", "interrupt specifiers of the interrupt parent"},
            {"interrupt-parent", "interrupt-parent = <&|>;", "the interrupt controller"},
            {"interrupt-names", "interrupt-names = \"|\";", "a name for each interrupt"},
            {"clocks", "clocks = <&|>;", "clock specifiers"},
            {"clock-names", "clock-names = \"|\";", "a name for each clock"},
            {"resets", "resets = <&|>;", "reset specifiers"},
            {"power-domains", "power-domains = <&|>;", "PM domain specifiers"},
            {"dmas", "dmas = <&|>;", "DMA channel specifiers: controller and its cells (rcar-dmac: MID/RID)"},
            {"dma-names", "dma-names = \"|\";", "a name for each DMA channel (tx, rx)"},
            {"iommus", "iommus = <&|>;", "IOMMU specifiers (IPMMU: the micro-TLB)"},
            {"dma-coherent", "dma-coherent;", "DMA is cache coherent"},
            {"dma-channels", "dma-channels = <|>;", "number of channels of a DMA controller"},
            {"#address-cells", "#address-cells = <|>;", "cells of a child's address"},
            {"#size-cells", "#size-cells = <|>;", "cells of a child's size"},
            {"#dma-cells", "#dma-cells = <|>;", "cells of a DMA specifier"},
            {"#iommu-cells", "#iommu-cells = <|>;", "cells of an IOMMU specifier"},
            {"#interrupt-cells", "#interrupt-cells = <|>;", "cells of an interrupt specifier"},
            {"pinctrl-0", "pinctrl-0 = <&|>;", "pin configuration of the first state"},
            {"pinctrl-names", "pinctrl-names = \"|\";", "names of the pin states (default, ...)"},
            {"memory-region", "memory-region = <&|>;", "reserved memory for the device"},
        };
        for (String[] x : p) {
            PROPERTIES.put(x[0], x[1] + "\u0000" + x[2]);
        }
    }

    static final List<String> STATUS = List.of("okay", "disabled", "reserved", "fail");

    private Completions() {
    }

    /**
     * Proposals at {@code offset} of {@code text} (the editor's text now), with the tree and macros of {@code a} (the
     * last compilation, possibly of an older text).
     */
    public static List<Proposal> at(Analysis a, String text, int offset) {
        SourceModel m = SourceModel.parse(text);
        Tokens t = m.tokens();
        int i = t.indexAt(offset);
        // the token the caret is in or right after
        if (i >= 0 && t.start(i) >= offset && i > 0 && t.end(i - 1) == offset) {
            i--;
        }
        // a caret before a token's first character is not typing it (an #include path's quote, a '&', a string's
        // quote would give a prefix that ends before it starts)
        if (i >= 0 && (t.end(i) < offset || t.start(i) >= offset)) {
            i = -1;
        }
        TokenKind k = i >= 0 ? t.kind(i) : null;
        if (k == TokenKind.INCLUDE_PATH) {
            return includes(a, t, i, offset);
        }
        if (k == TokenKind.REFERENCE || k == TokenKind.OPERATOR && t.is(i, '&')) {
            String img = text.substring(t.start(i), offset);
            if (img.startsWith("&{")) {
                return paths(a, img.substring(2), t.start(i) + 2, offset);
            }
            return labels(a, img.substring(1), t.start(i) + 1, offset, "");
        }
        SourceModel.Property p = m.propertyAt(offset);
        boolean inValue = p != null && p.valueStart() >= 0 && offset >= p.valueStart()
                && (p.end() < 0 || offset < p.end());
        if (k == TokenKind.STRING && inValue) {
            int from = t.start(i) + 1;
            return values(a, m, p, text.substring(from, offset), from, offset);
        }
        if (inValue) {
            String prefix = k == TokenKind.MACRO || k == TokenKind.NUMBER ? text.substring(t.start(i), offset) : "";
            int from = offset - prefix.length();
            List<Proposal> out = new ArrayList<>(macros(a, prefix, from, offset));
            if (prefix.isEmpty()) {
                out.addAll(labels(a, "", from, offset, "&"));
            }
            return out;
        }
        SourceModel.Node n = m.nodeAt(offset);
        String prefix = k == TokenKind.NAME || k == TokenKind.PROPERTY_NAME || k == TokenKind.NODE_NAME
                ? text.substring(t.start(i), offset) : "";
        int from = offset - prefix.length();
        if (n != null && n.open() >= 0 && offset > n.open() && (n.close() < 0 || offset <= n.close())) {
            return properties(a, n, prefix, from, offset);
        }
        if (n == null) {
            return blocks(a, prefix, from, offset);
        }
        return List.of();
    }

    static List<Proposal> labels(Analysis a, String prefix, int from, int to, String insertPrefix) {
        List<Proposal> out = new ArrayList<>();
        Optional<DeviceTree> tree = a.tree();
        if (tree.isEmpty()) {
            return out;
        }
        TreeMap<String, DtNode> sorted = new TreeMap<>();
        for (DtNode n : tree.get().allNodes()) {
            for (String l : n.labels()) {
                if (l.startsWith(prefix)) {
                    sorted.putIfAbsent(l, n);
                }
            }
        }
        sorted.forEach((l, n) -> out.add(new Proposal(insertPrefix + l, insertPrefix + l, from, to - from, Kind.LABEL,
                n.path() + (n.compatible().isEmpty() ? "" : "\n" + String.join(", ", n.compatible()))
                        + (n.isEnabled() ? "" : "\ndisabled"), insertPrefix.length() + l.length())));
        return out;
    }

    static List<Proposal> paths(Analysis a, String prefix, int from, int to) {
        List<Proposal> out = new ArrayList<>();
        a.tree().ifPresent(t -> {
            for (DtNode n : t.allNodes()) {
                if (n.path().startsWith(prefix) && !n.path().equals("/")) {
                    out.add(new Proposal(n.path(), n.path() + "}", from, to - from, Kind.PATH,
                            String.join(", ", n.labels()), n.path().length() + 1));
                }
            }
        });
        return out;
    }

    static List<Proposal> macros(Analysis a, String prefix, int from, int to) {
        List<Proposal> out = new ArrayList<>();
        for (String name : a.macros().names()) {
            if (!name.startsWith(prefix) || name.startsWith("__")) {
                continue;
            }
            MacroDefinition d = a.macros().get(name).get();
            String ins = d.functionLike() ? name + "()" : name;
            out.add(new Proposal(name, ins, from, to - from, Kind.MACRO, d.directive()
                    + (d.position() == null ? "" : "\n" + HoverInfo.short_(d.position())),
                    d.functionLike() ? name.length() + 1 : name.length()));
        }
        return out;
    }

    /** Values for the string being typed in {@code p}. */
    static List<Proposal> values(Analysis a, SourceModel m, SourceModel.Property p, String prefix, int from, int to) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<DtNode> node = a.nodeOf(p.parent);
        Optional<DeviceTree> tree = a.tree();
        if (p.name.equals("compatible")) {
            PlatformBuilder.modelledCompatibles().forEach((c, what) -> values.put(c, "modelled: " + what));
            tree.ifPresent(t -> {
                for (DtNode n : t.allNodes()) {
                    for (String c : n.compatible()) {
                        values.putIfAbsent(c, "used by " + n.path());
                    }
                }
            });
        } else if (p.name.equals("status")) {
            for (String s : STATUS) {
                values.put(s, s.equals("okay") ? "the device is present and probed" : s.equals("disabled")
                        ? "not probed (the board enables it)" : "");
            }
        } else if (p.name.endsWith("-names") && tree.isPresent()) {
            // the names nodes of the same compatible give this property
            List<String> compat = node.map(DtNode::compatible).orElse(List.of());
            for (DtNode n : tree.get().allNodes()) {
                if (!compat.isEmpty() && !n.compatible().isEmpty() && compat.get(0).equals(n.compatible().get(0))) {
                    for (String s : n.strings(p.name)) {
                        values.putIfAbsent(s, "as " + n.path());
                    }
                }
            }
            if (p.name.equals("dma-names")) {
                values.putIfAbsent("tx", "transmit channel");
                values.putIfAbsent("rx", "receive channel");
            }
        }
        List<Proposal> out = new ArrayList<>();
        values.forEach((v, d) -> {
            // the value being typed is in the tree already (the analysis is of this text): not a proposal
            if (v.startsWith(prefix) && !(v.equals(prefix) && d.startsWith("used by"))) {
                out.add(new Proposal(v, v, from, to - from, Kind.VALUE, d, v.length()));
            }
        });
        return out;
    }

    /** Property names for a node block: the common ones and those of nodes with the same compatible. */
    static List<Proposal> properties(Analysis a, SourceModel.Node block, String prefix, int from, int to) {
        Map<String, String[]> props = new LinkedHashMap<>();
        PROPERTIES.forEach((name, v) -> props.put(name, v.split("\u0000")));
        Optional<DtNode> node = a.nodeOf(block);
        java.util.Set<String> present = new java.util.HashSet<>();
        node.ifPresent(n -> n.properties().forEach(p -> present.add(p.name())));
        for (SourceModel.Property p : block.properties()) {
            present.add(p.name);
        }
        if (node.isPresent() && a.tree().isPresent() && !node.get().compatible().isEmpty()) {
            String c = node.get().compatible().get(0);
            for (DtNode n : a.tree().get().allNodes()) {
                if (n != node.get() && !n.compatible().isEmpty() && n.compatible().get(0).equals(c)) {
                    for (DtProperty p : n.properties()) {
                        if (!p.name().equals("phandle")) {
                            props.putIfAbsent(p.name(), new String[] {p.name() + (p.length() == 0 ? ";"
                                    : " = |;"), "as " + n.path()});
                        }
                    }
                }
            }
        }
        List<Proposal> out = new ArrayList<>();
        props.forEach((name, v) -> {
            if (name.startsWith(prefix) && !present.contains(name)) {
                String template = v[0];
                int caret = template.indexOf('|');
                String ins = template.replace("|", "");
                out.add(new Proposal(name, ins, from, to - from, Kind.PROPERTY, v[1], caret < 0 ? ins.length() : caret));
            }
        });
        return out;
    }

    /** At the top level: {@code &label { };} blocks to amend a node. */
    static List<Proposal> blocks(Analysis a, String prefix, int from, int to) {
        List<Proposal> out = new ArrayList<>();
        for (Proposal l : labels(a, prefix.startsWith("&") ? prefix.substring(1) : prefix, from, to, "&")) {
            String ins = l.replacement() + " {\n\t\n};";
            out.add(new Proposal(l.label() + " { }", ins, from, to - from, Kind.BLOCK, l.detail(),
                    l.replacement().length() + 4));
        }
        return out;
    }

    /** Header and source files for the #include being typed: directories and files of the include path. */
    static List<Proposal> includes(Analysis a, Tokens t, int i, int offset) {
        String img = t.text().substring(t.start(i), offset);
        boolean angled = img.startsWith("<");
        String typed = img.substring(1);
        int slash = typed.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : typed.substring(0, slash + 1);
        String namePrefix = typed.substring(slash + 1);
        List<Path> roots = new ArrayList<>();
        if (!angled && a.context().file().getParent() != null) {
            roots.add(a.context().file().getParent());
        }
        roots.addAll(a.context().includeDirs());
        TreeMap<String, String> found = new TreeMap<>();
        for (Path r : roots) {
            Path d;
            try {
                d = r.resolve(dirPart);
            } catch (java.nio.file.InvalidPathException e) {
                break; // a NUL typed into the path: no file has that name
            }
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(f -> {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(namePrefix)) {
                        return;
                    }
                    if (Files.isDirectory(f)) {
                        found.putIfAbsent(n + "/", f.toString());
                    } else if (n.endsWith(".h") || n.endsWith(".dtsi") || n.endsWith(".dts")) {
                        found.putIfAbsent(n, f.toString());
                    }
                });
            } catch (IOException | RuntimeException e) {
                // unreadable directory: nothing from it
            }
        }
        List<Proposal> out = new ArrayList<>();
        int from = offset - namePrefix.length();
        found.forEach((n, path) -> out.add(new Proposal(n, n, from, offset - from, Kind.INCLUDE, path, n.length())));
        return out;
    }
}
