package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

import org.dmaworkbench.emulation.live.MappingQuery.Grouping;
import org.dmaworkbench.emulation.live.MappingQuery.Mode;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;

/**
 * The rows the DMA-API view shows for a {@link MappingQuery} at one snapshot: the matching mappings in display
 * order (by mapping id, so the view never holds row objects), grouped when asked, each group a header row with its
 * count and bytes followed by its members unless collapsed. Immutable; built off the UI thread, read on it.
 * <p>
 * {@link #build} filters, sorts and groups a whole snapshot: O(n log n) in the matching rows, without row objects
 * (1,000,000 live mappings sort in about a tenth of a second). {@link #update} applies what changed since
 * ({@link LiveStateModel#update}): the unmapped mappings are dropped in one pass, the new ones that match are
 * sorted and merged in, and group counts adjusted, O(n + k log² n) for k changes, with no sort of the n rows;
 * it rebuilds when that is not possible or not cheaper (another mode, a reset, a new leak under a "leaked"
 * filter, more changes than a quarter of the rows).
 */
public final class MappingRows {

    /**
     * A group: its key (device, driver, type or IOMMU domain), how many mappings and bytes it has, and where its
     * members start in display order (counting members only, headers not).
     */
    public record Group(String key, int count, long bytes, int memberStart) {
    }

    private final LiveStateSnapshot snapshot;
    private final MappingQuery query;
    private final CapturedRows rows;
    private final long[] ids;
    private final Group[] groups;
    private final Set<String> collapsed;
    /** display row of each group's header; null when ungrouped */
    private final int[] headerRow;
    private final int size;
    private final long[] errorIds;
    private final long bytes;
    private final boolean incremental;
    private final Map<String, String> domainOf;

    private MappingRows(LiveStateSnapshot snapshot, MappingQuery query, CapturedRows rows, long[] ids, Group[] groups,
            Set<String> collapsed, long[] errorIds, boolean incremental, Map<String, String> domainOf) {
        this.snapshot = snapshot;
        this.query = query;
        this.rows = rows;
        this.ids = ids;
        this.groups = groups;
        this.collapsed = Set.copyOf(collapsed);
        this.errorIds = errorIds;
        this.incremental = incremental;
        this.domainOf = domainOf;
        if (groups == null) {
            headerRow = null;
            size = ids.length;
        } else {
            headerRow = new int[groups.length];
            int r = 0;
            for (int g = 0; g < groups.length; g++) {
                headerRow[g] = r;
                r += 1 + (this.collapsed.contains(groups[g].key()) ? 0 : groups[g].count());
            }
            size = r;
        }
        long b = 0;
        if (groups != null) {
            for (Group g : groups) {
                b += g.bytes();
            }
        } else {
            for (long id : ids) {
                b += rows.hSize(rows.handleOf(id));
            }
        }
        bytes = b;
    }

    // ============================================================================================ building

    /** Filters, sorts and groups the mappings of {@code s} as {@code q} asks. */
    public static MappingRows build(LiveStateSnapshot s, MappingQuery q) {
        return build(s, q, Set.of());
    }

    /** As {@link #build(LiveStateSnapshot, MappingQuery)}, with the groups named in {@code collapsed} collapsed. */
    public static MappingRows build(LiveStateSnapshot s, MappingQuery q, Set<String> collapsed) {
        CapturedRows rows = q.mode() == Mode.LIVE ? s.mappings() : s.history();
        int[] positions;
        if (q.mode() == Mode.LIVE_AT) {
            int[] at = s.history().liveAt(q.atNs());
            if (q.filter().isEmpty()) {
                positions = at;
            } else {
                IntPredicate p = q.filter().predicate(rows);
                positions = Arrays.stream(at).filter(p).toArray();
            }
        } else {
            positions = q.filter().rows(rows);
        }
        Map<String, String> domainOf = domains(s);
        Keys keys = new Keys(rows, q, domainOf);
        int n = positions.length;
        int[] hs = rows.handles();
        long[] k = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = keys.sortKey(hs[positions[i]]);
            order[i] = i;
        }
        if (q.sort() != MappingColumn.ID || q.descending()) {
            LongIndexSort.sort(k, order);
        }
        long[] ids = new long[n];
        Group[] groups = null;
        if (q.grouping() == Grouping.NONE) {
            for (int i = 0; i < n; i++) {
                ids[i] = rows.hId(hs[positions[order[i]]]);
            }
        } else {
            // stable counting sort by group ordinal
            int ng = keys.groupLabels.length;
            int[] count = new int[ng];
            long[] gbytes = new long[ng];
            int[] gOf = new int[n];
            for (int i = 0; i < n; i++) {
                int h = hs[positions[order[i]]];
                int g = keys.group(h);
                gOf[i] = g;
                count[g]++;
                gbytes[g] += rows.hSize(h);
            }
            int[] start = new int[ng];
            List<Group> gs = new ArrayList<>();
            int acc = 0;
            for (int g = 0; g < ng; g++) {
                start[g] = acc;
                if (count[g] > 0) {
                    gs.add(new Group(keys.groupLabels[g], count[g], gbytes[g], acc));
                }
                acc += count[g];
            }
            int[] fill = start.clone();
            for (int i = 0; i < n; i++) {
                ids[fill[gOf[i]]++] = rows.hId(hs[positions[order[i]]]);
            }
            groups = gs.toArray(Group[]::new);
        }
        return new MappingRows(s, q, rows, ids, groups, collapsed, errorIds(s), false, domainOf);
    }

    private static long[] errorIds(LiveStateSnapshot s) {
        long[] e = s.errors().stream().mapToLong(DmaErrorRecord::mappingId).filter(id -> id >= 0).sorted().distinct()
                .toArray();
        return e;
    }

    /** Device name to the name of the IOMMU domain it is attached to. */
    static Map<String, String> domains(LiveStateSnapshot s) {
        Map<String, String> m = new HashMap<>();
        for (IommuDomainSnapshot d : s.iommus()) {
            for (String dev : d.devices()) {
                m.putIfAbsent(dev, d.name());
            }
        }
        return m;
    }

    /**
     * Sort and group keys of rows of one capture, as longs: the column's key ({@link CapturedRows#key}, inverted
     * when descending) and the group's ordinal in alphabetical order of the group labels.
     */
    private static final class Keys {
        final CapturedRows rows;
        final MappingQuery q;
        final long[] devRank;
        final long[] drvRank;
        final long[] frameRank;
        /** the sorted group labels; group ordinal per device index / type ordinal */
        final String[] groupLabels;
        final int[] groupOfDevice;
        final int[] groupOfType;

        Keys(CapturedRows rows, MappingQuery q, Map<String, String> domainOf) {
            this.rows = rows;
            this.q = q;
            Names names = rows.names;
            devRank = q.sort() == MappingColumn.DEVICE ? rows.rank(names.devices) : null;
            drvRank = q.sort() == MappingColumn.DRIVER ? rows.rank(names.drivers) : null;
            frameRank = q.sort() == MappingColumn.CALL_SITE ? rows.frameRank() : null;
            var types = org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType.values();
            TreeMap<String, Integer> labels = new TreeMap<>();
            String[] perDevice = new String[names.deviceCount];
            String[] perType = new String[types.length];
            switch (q.grouping()) {
            case DEVICE, DRIVER, IOMMU_DOMAIN:
                for (int d = 0; d < names.deviceCount; d++) {
                    perDevice[d] = q.grouping() == Grouping.DEVICE ? names.devices[d]
                            : q.grouping() == Grouping.DRIVER ? names.drivers[d]
                            : domainOf.getOrDefault(names.devices[d], MappingQuery.NO_DOMAIN);
                    labels.put(perDevice[d], 0);
                }
                break;
            case TYPE:
                for (int t = 0; t < types.length; t++) {
                    perType[t] = types[t].kernelName(names.v49);
                    labels.put(perType[t], 0);
                }
                break;
            default:
                break;
            }
            groupLabels = labels.keySet().toArray(String[]::new);
            int i = 0;
            for (Map.Entry<String, Integer> e : labels.entrySet()) {
                e.setValue(i++);
            }
            groupOfDevice = new int[names.deviceCount];
            groupOfType = new int[types.length];
            for (int d = 0; d < names.deviceCount; d++) {
                groupOfDevice[d] = perDevice[d] == null ? 0 : labels.get(perDevice[d]);
            }
            for (int t = 0; t < types.length; t++) {
                groupOfType[t] = perType[t] == null ? 0 : labels.get(perType[t]);
            }
        }

        long sortKey(int h) {
            long k = rows.key(q.sort(), h, devRank, drvRank, frameRank);
            return q.descending() ? ~k : k;
        }

        int group(int h) {
            return q.grouping() == Grouping.TYPE ? groupOfType[rows.hType(h).ordinal()]
                    : groupOfDevice[rows.hDeviceIndex(h)];
        }

        /** Display order of two handles: group, key, id. */
        int compare(int a, int b) {
            if (q.grouping() != Grouping.NONE) {
                int c = Integer.compare(group(a), group(b));
                if (c != 0) {
                    return c;
                }
            }
            int c = Long.compare(sortKey(a), sortKey(b));
            return c != 0 ? c : Long.compare(rows.hId(a), rows.hId(b));
        }
    }

    // ============================================================================================ updating

    /**
     * The rows at {@code u}'s snapshot: {@code u}'s delta applied to these rows when they were built at the
     * delta's starting version in {@link Mode#LIVE}, else a fresh {@link #build}.
     */
    public MappingRows update(LiveStateUpdate u) {
        LiveStateSnapshot s = u.snapshot();
        MappingDelta d = u.delta();
        if (d.isEmpty() && d.toVersion() == snapshot.version()) {
            return this;
        }
        boolean leakChange = query.filter().usesLeaks()
                && d.errors().stream().anyMatch(e -> e.check() == DmaDebugCheck.PENDING_AT_UNBIND);
        if (query.mode() != Mode.LIVE || d.isReset() || d.fromVersion() != snapshot.version() || leakChange
                || d.changeCount() > Math.max(1024, ids.length / 4)) {
            return build(s, query, collapsed);
        }
        MappingTable table = s.mappings();
        Map<String, String> domainOf = domains(s);
        Keys keys = new Keys(table, query, domainOf);
        boolean resortChanged = query.sort() == MappingColumn.MAP_ERR;
        // ids to drop: the unmapped, and the re-checked when the order depends on the map-error state
        Map<Long, Mapping> gone = new HashMap<>();
        for (Mapping m : d.removed()) {
            gone.put(m.id(), m);
        }
        if (resortChanged) {
            for (Mapping m : d.changed()) {
                gone.put(m.id(), m);
            }
        }
        long[] drop = gone.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, long[]> counts = new TreeMap<>();
        if (groups != null) {
            for (Group g : groups) {
                counts.put(g.key(), new long[] { g.count(), g.bytes() });
            }
        }
        long[] kept = ids;
        if (drop.length > 0) {
            kept = new long[ids.length];
            int n = 0;
            for (long id : ids) {
                if (Arrays.binarySearch(drop, id) >= 0) {
                    if (groups != null) {
                        Mapping m = gone.get(id);
                        long[] c = counts.get(groupKey(m, domainOf));
                        if (c != null) {
                            c[0]--;
                            c[1] -= m.size();
                        }
                    }
                } else {
                    kept[n++] = id;
                }
            }
            kept = Arrays.copyOf(kept, n);
        }
        // ids to add: new mappings (and re-checked ones) that match, in display order
        List<Mapping> add = new ArrayList<>(d.added());
        if (resortChanged) {
            add.addAll(d.changed());
        }
        IntPredicate match = query.filter().isEmpty() ? i -> true : query.filter().predicate(table);
        int[] addH = new int[add.size()];
        int na = 0;
        for (Mapping m : add) {
            int pos = table.indexOfId(m.id());
            if (pos >= 0 && match.test(pos)) {
                addH[na++] = table.h(pos);
            }
        }
        Integer[] sorted = new Integer[na];
        for (int i = 0; i < na; i++) {
            sorted[i] = addH[i];
        }
        Arrays.sort(sorted, keys::compare);
        long[] out = new long[kept.length + na];
        int from = 0;
        int o = 0;
        for (int a = 0; a < na; a++) {
            int h = sorted[a];
            // first kept position at or after `from` that sorts after h
            int lo = from;
            int hi = kept.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys.compare(table.handleOf(kept[mid]), h) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(kept, from, out, o, lo - from);
            o += lo - from;
            from = lo;
            out[o++] = table.hId(h);
            if (groups != null) {
                String gk = groupKey(table.hRow(h), domainOf);
                long[] c = counts.computeIfAbsent(gk, x -> new long[2]);
                c[0]++;
                c[1] += table.hSize(h);
            }
        }
        System.arraycopy(kept, from, out, o, kept.length - from);
        Group[] gs = null;
        if (groups != null) {
            List<Group> list = new ArrayList<>();
            int acc = 0;
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                if (e.getValue()[0] > 0) {
                    list.add(new Group(e.getKey(), (int) e.getValue()[0], e.getValue()[1], acc));
                    acc += (int) e.getValue()[0];
                }
            }
            gs = list.toArray(Group[]::new);
        }
        return new MappingRows(s, query, table, out, gs, collapsed, errorIds(s), true, domainOf);
    }

    private String groupKey(Mapping m, Map<String, String> domainOf) {
        return switch (query.grouping()) {
        case DEVICE -> m.device();
        case DRIVER -> m.driver();
        case TYPE -> m.typeName();
        case IOMMU_DOMAIN -> domainOf.getOrDefault(m.device(), MappingQuery.NO_DOMAIN);
        default -> "";
        };
    }

    /** The same rows with the groups named in {@code keys} collapsed (their members hidden). */
    public MappingRows withCollapsed(Set<String> keys) {
        return new MappingRows(snapshot, query, rows, ids, groups, keys, errorIds, incremental, domainOf);
    }

    // ============================================================================================ reading

    public LiveStateSnapshot snapshot() {
        return snapshot;
    }

    public MappingQuery query() {
        return query;
    }

    /** The table or history the ids refer to. */
    public CapturedRows rows() {
        return rows;
    }

    /** Whether these rows came from applying a delta ({@link #update}) rather than a full build. */
    public boolean isIncremental() {
        return incremental;
    }

    /** Display rows: group headers and the members of expanded groups. */
    public int size() {
        return size;
    }

    /** Mappings that match (in collapsed groups too). */
    public int mappingCount() {
        return ids.length;
    }

    /** Their bytes in all. */
    public long bytes() {
        return bytes;
    }

    /** The groups in display order; empty when ungrouped. */
    public List<Group> groups() {
        return groups == null ? List.of() : List.of(groups);
    }

    public Set<String> collapsed() {
        return collapsed;
    }

    /** The mapping ids in display order (members of collapsed groups too). */
    public long[] ids() {
        return ids.clone();
    }

    private int groupIndexOfRow(int r) {
        int g = Arrays.binarySearch(headerRow, r);
        return g >= 0 ? g : -g - 2;
    }

    /** Whether display row {@code r} is a group header. */
    public boolean isGroup(int r) {
        return headerRow != null && Arrays.binarySearch(headerRow, r) >= 0;
    }

    /** The group of display row {@code r} (a header's own group), null when ungrouped. */
    public Group group(int r) {
        return headerRow == null ? null : groups[groupIndexOfRow(r)];
    }

    /** The index into {@link #ids()} of display row {@code r}, -1 for a header. */
    public int memberIndex(int r) {
        if (headerRow == null) {
            return r;
        }
        int g = groupIndexOfRow(r);
        int off = r - headerRow[g];
        return off == 0 ? -1 : groups[g].memberStart() + off - 1;
    }

    /** The mapping id of display row {@code r}, -1 for a header. */
    public long id(int r) {
        int m = memberIndex(r);
        return m < 0 ? -1 : ids[m];
    }

    /** Row {@code r}'s position in {@link #rows()}, -1 for a header. */
    public int position(int r) {
        long id = id(r);
        return id < 0 ? -1 : rows.indexOfId(id);
    }

    /** The mapping of display row {@code r}, null for a header. */
    public Mapping mapping(int r) {
        long id = id(r);
        if (id < 0) {
            return null;
        }
        int h = rows.handleOf(id);
        return h < 0 ? null : rows.hRow(h);
    }

    /** Its call site ({@link CallSites}), "" for a header or without a stack. */
    public String callSite(int r) {
        long id = id(r);
        int h = id < 0 ? -1 : rows.handleOf(id);
        if (h < 0) {
            return "";
        }
        int f = rows.hCallSite(h);
        return f < 0 ? "" : rows.names.frames[f].strip();
    }

    public boolean isLeaked(int r) {
        long id = id(r);
        return id >= 0 && rows.names.isLeaked(id);
    }

    /** Whether some error record of the snapshot is about display row {@code r}'s mapping. */
    public boolean hasErrors(int r) {
        long id = id(r);
        return id >= 0 && Arrays.binarySearch(errorIds, id) >= 0;
    }

    /** The IOMMU domain of a device, {@link MappingQuery#NO_DOMAIN} when none. */
    public String domainOf(String device) {
        return domainOf.getOrDefault(device, MappingQuery.NO_DOMAIN);
    }

    /** The display row of mapping {@code id}, -1 when it is not listed or its group is collapsed. O(rows). */
    public int displayRowOf(long id) {
        for (int m = 0; m < ids.length; m++) {
            if (ids[m] == id) {
                if (headerRow == null) {
                    return m;
                }
                for (int g = 0; g < groups.length; g++) {
                    Group gr = groups[g];
                    if (m >= gr.memberStart() && m < gr.memberStart() + gr.count()) {
                        return collapsed.contains(gr.key()) ? -1 : headerRow[g] + 1 + m - gr.memberStart();
                    }
                }
            }
        }
        return -1;
    }

    /** The display row of group {@code key}'s header, -1 when there is no such group. */
    public int headerRowOf(String key) {
        if (groups == null) {
            return -1;
        }
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].key().equals(key)) {
                return headerRow[g];
            }
        }
        return -1;
    }
}
