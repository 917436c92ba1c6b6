package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Kind;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Statement;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Word;

/**
 * The structure of a scenario for an editor's outline: the board (with its include directories), the iommu
 * switches (with their attach blocks), the clients with their device and workloads, and the injected bugs, each with the char range of
 * its statement. Built from {@link ScenarioSyntax#statements}, so a file with errors still has an outline.
 */
public final class ScenarioOutline {

    /** What an outline item stands for. */
    public enum ItemKind {
        BOARD, INCLUDE, IOMMU, ATTACH, CLIENT, DEVICE, WORKLOAD, BUG
    }

    /** One outline item: a label, the char range to select, children (a client's device and workloads). */
    public record Item(ItemKind kind, String label, int offset, int length, List<Item> children) {
        public Item {
            children = List.copyOf(children);
        }
    }

    private ScenarioOutline() {
    }

    /** The outline of {@code text}: board first, then iommus, clients and bugs, each group in file order. */
    public static List<Item> of(String text) {
        Item board = null;
        List<Item> includes = new ArrayList<>();
        List<Item> iommus = new ArrayList<>();
        Map<String, Item> clientHeads = new LinkedHashMap<>();
        Map<String, List<Item>> clientBodies = new LinkedHashMap<>();
        List<Item> bugs = new ArrayList<>();
        Map<String, List<Item>> attaches = new LinkedHashMap<>();
        for (Statement s : ScenarioSyntax.statements(text)) {
            int len = s.end() - s.start();
            if (s.inIommu() != null) {
                attaches.computeIfAbsent(s.inIommu(), k -> new ArrayList<>())
                        .add(new Item(ItemKind.ATTACH, s.display(), s.start(), len, List.of()));
                continue;
            }
            if (s.inClient() != null) {
                List<Item> body = clientBodies.get(s.inClient());
                if (body == null) {
                    continue;
                }
                ItemKind k = s.key().equals("device") ? ItemKind.DEVICE : ItemKind.WORKLOAD;
                body.add(new Item(k, s.display(), s.start(), len, List.of()));
                continue;
            }
            Word second = s.word(1);
            switch (s.key()) {
                case "board" -> {
                    if (board == null && s.word(2) != null) {
                        board = new Item(ItemKind.BOARD, "board " + display(s.word(2)), s.start(), len, List.of());
                    }
                }
                case "include" -> {
                    if (s.word(2) != null) {
                        includes.add(new Item(ItemKind.INCLUDE, "include " + display(s.word(2)), s.start(), len,
                                List.of()));
                    }
                }
                case "iommu" -> {
                    if (second != null) {
                        Word v = s.word(3);
                        iommus.add(new Item(ItemKind.IOMMU, "iommu " + display(second) + (v == null ? "" : ": "
                                + v.text()), s.start(), len, List.of()));
                    }
                }
                case "client" -> {
                    if (second != null && !clientHeads.containsKey(second.text())) {
                        clientHeads.put(second.text(), new Item(ItemKind.CLIENT, second.text(), s.start(), len,
                                List.of()));
                        clientBodies.put(second.text(), new ArrayList<>());
                    }
                }
                case "bug" -> {
                    if (second != null && s.word(3) != null) {
                        bugs.add(new Item(ItemKind.BUG, second.text() + ": " + s.word(3).text(), s.start(), len,
                                List.of()));
                    }
                }
                default -> {
                }
            }
        }
        List<Item> out = new ArrayList<>();
        if (board != null) {
            out.add(new Item(ItemKind.BOARD, board.label(), board.offset(), board.length(), includes));
        } else {
            out.addAll(includes);
        }
        for (Item i : iommus) {
            // the attach block of "iommu LABEL = on { attach = ... }" under its IOMMU
            String label = i.label().substring("iommu ".length()).replaceFirst(":.*$", "");
            out.add(new Item(ItemKind.IOMMU, i.label(), i.offset(), i.length(), attaches.getOrDefault(label, List.of())));
        }
        for (Map.Entry<String, Item> e : clientHeads.entrySet()) {
            Item head = e.getValue();
            List<Item> body = clientBodies.get(e.getKey());
            String label = head.label();
            for (Item b : body) {
                if (b.kind() == ItemKind.DEVICE) {
                    label += " (" + b.label().replaceFirst("^device\\s*=\\s*", "") + ")";
                    break;
                }
            }
            out.add(new Item(ItemKind.CLIENT, label, head.offset(), head.length(), body));
        }
        out.addAll(bugs);
        return out;
    }

    private static String display(Word w) {
        return w.kind() == Kind.STRING ? "\"" + w.text() + "\"" : w.kind() == Kind.REFERENCE ? "&" + w.text()
                : w.text();
    }
}
