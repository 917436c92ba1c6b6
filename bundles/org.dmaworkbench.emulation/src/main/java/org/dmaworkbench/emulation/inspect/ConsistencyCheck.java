package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.live.PageTable;
import org.dmaworkbench.emulation.live.Translation;

/**
 * Compares what the kernel believes with what the IOMMU holds, for one domain: dma-debug's live mappings of the
 * domain's devices, the page table's leaves, and the IOTLB's entries. It finds
 * <ul>
 * <li>a valid entry that no live mapping accounts for: an unmap that did not reach the page table (a leaked
 * IOVA, a wrong size given to the unmap), or a mapping dma-debug never saw;</li>
 * <li>a live mapping with pages that do not translate: the page table was unmapped under a mapping dma-debug still
 * holds (a double or wrong unmap of another mapping's IOVA);</li>
 * <li>an IOTLB entry left after its unmap: the cached translation no longer matches the page table, so the device
 * can still reach memory the kernel has given back (a missing {@code iotlb_sync}/flush).</li>
 * </ul>
 * None of these is a dma-debug check: dma-debug only sees the DMA-API calls.
 */
public final class ConsistencyCheck {

    /** What a finding is about. */
    public enum Kind {
        ENTRY_WITHOUT_MAPPING("valid entry no live mapping accounts for"),
        MAPPING_WITHOUT_ENTRY("live mapping with no page-table entry"),
        STALE_IOTLB_ENTRY("IOTLB entry left after its unmap");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /**
     * One inconsistency.
     *
     * @param kind      what it is
     * @param domain    the domain's name
     * @param iova      first IOVA concerned
     * @param size      bytes concerned
     * @param device    the device concerned, "" when none
     * @param mappingId the mapping concerned ({@code Mapping.id()}), -1 when none
     * @param message   one sentence saying what and why it matters
     */
    public record Finding(Kind kind, String domain, long iova, long size, String device, long mappingId,
            String message) {
    }

    private ConsistencyCheck() {
    }

    /**
     * The findings of {@code domain} in {@code snapshot}; empty when the snapshot lacks mappings or page tables
     * (see {@link #unavailable}).
     */
    public static List<Finding> check(LiveStateSnapshot snapshot, IommuDomainSnapshot domain) {
        List<Finding> out = new ArrayList<>();
        PageTable pt = domain.pageTable();
        if (unavailable(snapshot) != null || pt == null) {
            return out;
        }
        MappingTable table = snapshot.mappings();
        DomainMappings owned = DomainMappings.of(domain, table);
        long granule = pt.config().granule();
        // 1. leaves no mapping accounts for, merged into runs
        long[] run = { -1, 0 };
        List<long[]> leaves = new ArrayList<>();
        pt.forEachLeaf((level, iova, span, outAddr, raw) -> {
            long[] last = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
            if (last != null && last[1] == iova) {
                last[1] = iova + span;
            } else {
                leaves.add(new long[] { iova, iova + span });
            }
            for (long a = iova; a < iova + span; a += granule) {
                if (owned.find(a) >= 0) {
                    flush(out, run, domain, "");
                    continue;
                }
                if (run[0] >= 0 && run[0] + run[1] == a) {
                    run[1] += granule;
                } else {
                    flush(out, run, domain, "");
                    run[0] = a;
                    run[1] = granule;
                }
                if (span > (1 << 24)) {
                    break; // a huge block: one finding for its first page is enough
                }
            }
            return true;
        });
        flush(out, run, domain, "");
        // 2. live mappings with pages that do not translate
        for (int i = 0; i < owned.rangeCount(); i++) {
            long a = firstUncovered(leaves, owned.rangeStart(i), owned.rangeEnd(i));
            if (a >= 0) {
                Translation t = pt.translate(a);
                int[] rows = DomainMappings.backing(domain, table, a, granule);
                int row = rows.length == 0 ? owned.rangeRow(i) : rows[0];
                out.add(new Finding(Kind.MAPPING_WITHOUT_ENTRY, domain.name(), a, granule, table.device(row),
                        table.id(row), String.format("%s still holds a live %s mapping of 0x%x (%d bytes), but "
                                + "IOVA 0x%x does not translate: %s", table.device(row), table.typeName(row),
                                table.dmaAddr(row), table.size(row), a, t.reason())));
            }
        }
        // 3. IOTLB entries that disagree with the page table
        if (domain.iotlb() != null) {
            for (IommuDomainSnapshot.IotlbEntry e : domain.iotlb().entries()) {
                Translation t = pt.translate(e.iova());
                if (!t.translated() || (t.outputAddress() & ~0xfffL) != e.physical()) {
                    out.add(new Finding(Kind.STALE_IOTLB_ENTRY, domain.name(), e.iova(), 4096, "", -1,
                            String.format("IOTLB slot %d still translates 0x%x -> 0x%x, but the page table %s: the "
                                    + "device can reach memory the kernel has unmapped until the TLB is flushed",
                                    e.slot(), e.iova(), e.physical(), t.translated()
                                            ? String.format("now says 0x%x", t.outputAddress())
                                            : "has no entry (" + t.reason() + ")")));
                }
            }
        }
        return out;
    }

    /** The first IOVA of {@code [a, b)} that no leaf range covers, or -1 (leaf ranges sorted and disjoint). */
    private static long firstUncovered(List<long[]> leaves, long a, long b) {
        int lo = 0;
        int hi = leaves.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (leaves.get(mid)[0] <= a) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        long cursor = a;
        for (int i = Math.max(found, 0); i < leaves.size() && cursor < b; i++) {
            long[] l = leaves.get(i);
            if (l[0] > cursor) {
                return cursor;
            }
            cursor = Math.max(cursor, l[1]);
        }
        return cursor < b ? cursor : -1;
    }

    private static void flush(List<Finding> out, long[] run, IommuDomainSnapshot domain, String dev) {
        if (run[0] < 0) {
            return;
        }
        out.add(new Finding(Kind.ENTRY_WITHOUT_MAPPING, domain.name(), run[0], run[1], dev, -1, String.format(
                "IOVA 0x%x..0x%x (%d bytes) translates, but no live mapping of %s accounts for it: the device can "
                        + "still reach that memory (an unmap that missed the page table, or a mapping dma-debug "
                        + "did not see)", run[0], run[0] + run[1] - 1, run[1], String.join(", ", domain.devices()))));
        run[0] = -1;
        run[1] = 0;
    }

    /** Why {@code snapshot} cannot be checked (no mappings or no IOMMU state), or null when it can. */
    public static String unavailable(LiveStateSnapshot snapshot) {
        if (!snapshot.has(Availability.IOMMU)) {
            return snapshot.missing().get(Availability.IOMMU);
        }
        if (!snapshot.has(Availability.MAPPINGS)) {
            return snapshot.missing().get(Availability.MAPPINGS);
        }
        return null;
    }
}
