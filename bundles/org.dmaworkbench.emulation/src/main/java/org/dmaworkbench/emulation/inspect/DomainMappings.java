package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.MappingTable;

/**
 * The IOVA pages the live mappings of a domain's devices account for: each mapping's DMA address range widened to
 * whole IOMMU pages (dma-iommu and the ARM mapping map whole pages, {@code iova_align()}), merged into disjoint,
 * sorted ranges, each remembering the first mapping (row) that covers it.
 */
public final class DomainMappings {
    private final long[] starts;
    private final long[] ends;
    private final int[] rows;
    private final MappingTable table;
    private final long granule;

    private DomainMappings(long[] starts, long[] ends, int[] rows, MappingTable table, long granule) {
        this.starts = starts;
        this.ends = ends;
        this.rows = rows;
        this.table = table;
        this.granule = granule;
    }

    /** The mappings of {@code domain}'s devices in {@code mappings}, by page. */
    public static DomainMappings of(IommuDomainSnapshot domain, MappingTable mappings) {
        long granule = domain.pageTable() == null ? 4096 : domain.pageTable().config().granule();
        Set<String> devs = new HashSet<>(domain.devices());
        int n = mappings == null ? 0 : mappings.size();
        long[][] r = new long[n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!devs.contains(mappings.device(i)) || mappings.size(i) <= 0) {
                continue;
            }
            long a = mappings.dmaAddr(i) & -granule;
            long b = (mappings.dmaAddr(i) + mappings.size(i) + granule - 1) & -granule;
            r[k++] = new long[] { a, b, i };
        }
        r = Arrays.copyOf(r, k);
        Arrays.sort(r, (x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] x : r) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && x[0] < last[1]) {
                last[1] = Math.max(last[1], x[1]);
            } else {
                merged.add(x.clone());
            }
        }
        long[] s = new long[merged.size()];
        long[] e = new long[merged.size()];
        int[] row = new int[merged.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = merged.get(i)[0];
            e[i] = merged.get(i)[1];
            row[i] = (int) merged.get(i)[2];
        }
        return new DomainMappings(s, e, row, mappings, granule);
    }

    public int rangeCount() {
        return starts.length;
    }

    public long rangeStart(int i) {
        return starts[i];
    }

    public long rangeEnd(int i) {
        return ends[i];
    }

    /** The row (in the mapping table) of the first mapping of range {@code i}. */
    public int rangeRow(int i) {
        return rows[i];
    }

    /** The range holding {@code iova}, or -1. */
    public int find(long iova) {
        int i = floor(iova);
        return i >= 0 && iova < ends[i] ? i : -1;
    }

    /** The first range starting after {@code iova}, or -1. */
    public int next(long iova) {
        int i = floor(iova) + 1;
        return i < starts.length ? i : -1;
    }

    private int floor(long iova) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= iova) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The device of range {@code i}'s first mapping. */
    public String device(int i) {
        return table.device(rows[i]);
    }

    /**
     * The rows of every live mapping of the domain's devices whose pages overlap {@code [iova, iova + size)}: the
     * mappings an entry (or a run of entries) backs.
     */
    public static int[] backing(IommuDomainSnapshot domain, MappingTable mappings, long iova, long size) {
        long granule = domain.pageTable() == null ? 4096 : domain.pageTable().config().granule();
        Set<String> devs = new HashSet<>(domain.devices());
        return mappings.filter(i -> {
            if (!devs.contains(mappings.device(i))) {
                return false;
            }
            long a = mappings.dmaAddr(i) & -granule;
            long b = (mappings.dmaAddr(i) + mappings.size(i) + granule - 1) & -granule;
            return a < iova + size && iova < b;
        });
    }

    long granule() {
        return granule;
    }
}
