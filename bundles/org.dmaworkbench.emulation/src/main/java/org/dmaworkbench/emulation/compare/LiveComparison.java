package org.dmaworkbench.emulation.compare;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.CallSites;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingHistory;

/**
 * Compares two runs (two emulations, an emulation and a board's capture, two captures: IOMMU on against off, 4.9
 * against 6.12): which mappings only one made, which both made differently, which findings only one has, and a
 * one-line verdict per device.
 * <p>
 * Every mapping each side kept (its history, live and unmapped) takes part. Mappings are matched by device, type,
 * call site (the innermost driver frame, {@link CallSites}; left out when either side has no stacks, as a capture
 * has none) and order: the k-th mapping of a device, type and call site in A is matched with the k-th in B. A
 * matched pair whose size, direction, attrs or DMA address differ is "changed"; the CPU address and the times are
 * not compared (they differ from run to run of the same code). Findings are matched by check and device, in order.
 */
public final class LiveComparison {

    /** What can differ between two matched mappings. */
    public enum Field {
        SIZE, DIRECTION, ATTRS, DMA_ADDRESS
    }

    /** A matched pair that differs. */
    public record Change(Mapping a, Mapping b, Set<Field> fields) {
        public Change {
            fields = Set.copyOf(fields);
        }
    }

    /**
     * A device's summary: mappings matched, only in A, only in B, changed (and in which fields), findings only in
     * A and B, and the verdict sentence.
     */
    public record DeviceVerdict(String device, int matched, int onlyInA, int onlyInB, int changed,
            Map<Field, Integer> changedFields, int findingsOnlyInA, int findingsOnlyInB, String verdict) {
        public DeviceVerdict {
            changedFields = Map.copyOf(changedFields);
        }

        /** Whether both sides did the same with this device (as far as compared). */
        public boolean same() {
            return onlyInA == 0 && onlyInB == 0 && changed == 0 && findingsOnlyInA == 0 && findingsOnlyInB == 0;
        }
    }

    /**
     * The comparison.
     *
     * @param a           what A is called
     * @param b           what B is called
     * @param byCallSite  whether call sites took part in matching (both sides have stacks)
     * @param matched     mappings matched
     * @param onlyInA     A's mappings B has no match for
     * @param onlyInB     B's mappings A has no match for
     * @param changed     matched pairs that differ
     * @param findingsOnlyInA A's error records B has no match for
     * @param findingsOnlyInB B's error records A has no match for
     * @param devices     per device, in name order
     * @param notes       what limits the comparison (history dropped, missing parts of a capture)
     */
    public record Result(String a, String b, boolean byCallSite, int matched, List<Mapping> onlyInA,
            List<Mapping> onlyInB, List<Change> changed, List<DmaErrorRecord> findingsOnlyInA,
            List<DmaErrorRecord> findingsOnlyInB, List<DeviceVerdict> devices, List<String> notes) {

        /** Whether nothing differs. */
        public boolean same() {
            return onlyInA.isEmpty() && onlyInB.isEmpty() && changed.isEmpty() && findingsOnlyInA.isEmpty()
                    && findingsOnlyInB.isEmpty();
        }
    }

    private LiveComparison() {
    }

    private record Key(String device, String type, String site) {
    }

    /** Compares snapshot {@code sa} (called {@code a}) with {@code sb} (called {@code b}). */
    public static Result compare(String a, LiveStateSnapshot sa, String b, LiveStateSnapshot sb) {
        boolean bySite = sa.has(Availability.STACKS) && sb.has(Availability.STACKS);
        Map<Key, List<Mapping>> ma = byKey(sa.history(), bySite);
        Map<Key, List<Mapping>> mb = byKey(sb.history(), bySite);
        List<Mapping> onlyA = new ArrayList<>();
        List<Mapping> onlyB = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        Map<String, int[]> perDevice = new TreeMap<>(); // matched, onlyA, onlyB, changed, fA, fB
        Map<String, Map<Field, Integer>> fieldsPerDevice = new HashMap<>();
        int matched = 0;
        Set<Key> keys = new java.util.LinkedHashSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (Key k : keys) {
            List<Mapping> la = ma.getOrDefault(k, List.of());
            List<Mapping> lb = mb.getOrDefault(k, List.of());
            int[] c = perDevice.computeIfAbsent(k.device, x -> new int[6]);
            int n = Math.min(la.size(), lb.size());
            for (int i = 0; i < n; i++) {
                Mapping x = la.get(i);
                Mapping y = lb.get(i);
                EnumSet<Field> f = EnumSet.noneOf(Field.class);
                if (x.size() != y.size()) {
                    f.add(Field.SIZE);
                }
                if (x.direction() != y.direction()) {
                    f.add(Field.DIRECTION);
                }
                if (x.attrs() != y.attrs() && sa.has(Availability.ATTRS) && sb.has(Availability.ATTRS)) {
                    f.add(Field.ATTRS);
                }
                if (x.dmaAddr() != y.dmaAddr()) {
                    f.add(Field.DMA_ADDRESS);
                }
                matched++;
                c[0]++;
                if (!f.isEmpty()) {
                    changed.add(new Change(x, y, f));
                    c[3]++;
                    Map<Field, Integer> fm = fieldsPerDevice.computeIfAbsent(k.device, d -> new TreeMap<>());
                    for (Field ff : f) {
                        fm.merge(ff, 1, Integer::sum);
                    }
                }
            }
            for (int i = n; i < la.size(); i++) {
                onlyA.add(la.get(i));
                c[1]++;
            }
            for (int i = n; i < lb.size(); i++) {
                onlyB.add(lb.get(i));
                c[2]++;
            }
        }
        // findings by check and device, in order
        Map<String, List<DmaErrorRecord>> fa = findings(sa.errors());
        Map<String, List<DmaErrorRecord>> fb = findings(sb.errors());
        List<DmaErrorRecord> fOnlyA = new ArrayList<>();
        List<DmaErrorRecord> fOnlyB = new ArrayList<>();
        Set<String> fkeys = new TreeSet<>(fa.keySet());
        fkeys.addAll(fb.keySet());
        for (String k : fkeys) {
            List<DmaErrorRecord> la = fa.getOrDefault(k, List.of());
            List<DmaErrorRecord> lb = fb.getOrDefault(k, List.of());
            for (int i = lb.size(); i < la.size(); i++) {
                fOnlyA.add(la.get(i));
                perDevice.computeIfAbsent(la.get(i).device(), x -> new int[6])[4]++;
            }
            for (int i = la.size(); i < lb.size(); i++) {
                fOnlyB.add(lb.get(i));
                perDevice.computeIfAbsent(lb.get(i).device(), x -> new int[6])[5]++;
            }
        }
        List<DeviceVerdict> verdicts = new ArrayList<>();
        perDevice.forEach((dev, c) -> {
            Map<Field, Integer> fm = fieldsPerDevice.getOrDefault(dev, Map.of());
            verdicts.add(new DeviceVerdict(dev, c[0], c[1], c[2], c[3], fm, c[4], c[5], verdict(c, fm, a, b)));
        });
        List<String> notes = new ArrayList<>();
        note(notes, a, sa);
        note(notes, b, sb);
        if (!bySite) {
            notes.add("call sites not compared: " + (sa.has(Availability.STACKS) ? b : a)
                    + " has no stacks; mappings matched by device, type and order");
        }
        return new Result(a, b, bySite, matched, onlyA, onlyB, changed, fOnlyA, fOnlyB, verdicts, notes);
    }

    private static void note(List<String> notes, String name, LiveStateSnapshot s) {
        MappingHistory h = s.history();
        if (h.dropped() > 0) {
            notes.add(name + ": " + h.dropped() + " older unmapped mappings were no longer kept and are not compared");
        }
        if (!s.has(Availability.MAPPINGS)) {
            notes.add(name + ": " + s.missing().get(Availability.MAPPINGS));
        }
    }

    private static Map<Key, List<Mapping>> byKey(MappingHistory h, boolean bySite) {
        Map<Key, List<Mapping>> m = new LinkedHashMap<>();
        for (int i = 0; i < h.size(); i++) {
            Mapping x = h.row(i);
            Key k = new Key(x.device(), x.typeName(), bySite ? CallSites.of(x.stack()) : "");
            m.computeIfAbsent(k, z -> new ArrayList<>()).add(x);
        }
        return m;
    }

    private static Map<String, List<DmaErrorRecord>> findings(List<DmaErrorRecord> errors) {
        Map<String, List<DmaErrorRecord>> m = new LinkedHashMap<>();
        for (DmaErrorRecord e : errors) {
            m.computeIfAbsent(e.checkId() + "\u0000" + e.device(), z -> new ArrayList<>()).add(e);
        }
        return m;
    }

    private static String verdict(int[] c, Map<Field, Integer> fields, String a, String b) {
        if (c[1] == 0 && c[2] == 0 && c[3] == 0 && c[4] == 0 && c[5] == 0) {
            return "same: " + c[0] + (c[0] == 1 ? " mapping" : " mappings") + " alike";
        }
        List<String> parts = new ArrayList<>();
        if (c[3] > 0) {
            List<String> f = new ArrayList<>();
            fields.forEach((k, v) -> f.add(name(k) + (v == c[3] ? "" : " (" + v + ")")));
            parts.add(c[3] + " of " + c[0] + " matched mappings differ in " + String.join(", ", f));
        } else if (c[0] > 0) {
            parts.add(c[0] + " mappings alike");
        }
        if (c[1] > 0) {
            parts.add(c[1] + " only in " + a);
        }
        if (c[2] > 0) {
            parts.add(c[2] + " only in " + b);
        }
        if (c[4] > 0) {
            parts.add(c[4] + (c[4] == 1 ? " finding" : " findings") + " only in " + a);
        }
        if (c[5] > 0) {
            parts.add(c[5] + (c[5] == 1 ? " finding" : " findings") + " only in " + b);
        }
        return String.join("; ", parts);
    }

    /** How a field is named in verdicts. */
    public static String name(Field f) {
        return switch (f) {
        case SIZE -> "size";
        case DIRECTION -> "direction";
        case ATTRS -> "attrs";
        case DMA_ADDRESS -> "DMA address";
        };
    }
}
