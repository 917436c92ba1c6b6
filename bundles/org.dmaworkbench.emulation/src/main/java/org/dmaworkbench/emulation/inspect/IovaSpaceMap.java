package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.live.PageTable;

/**
 * A domain's IOVA space as the strip of the IOMMU view draws it: the ranges the page table translates, each with
 * the device whose live mapping accounts for it (or none), and the free space between them, with the fragmentation
 * of that free space. Built in one pass over the leaves ({@link PageTable#forEachLeaf}) and the live mappings.
 *
 * @param start         first IOVA of the window
 * @param size          bytes of the window
 * @param segments      the mapped and free segments in IOVA order, covering the window
 * @param mappedBytes   bytes the page table translates in the window
 * @param largestFree   the largest free segment
 * @param fragmentation 1 - largest free / all free: 0 when the free space is one piece, near 1 when it is splinters
 */
public record IovaSpaceMap(long start, long size, List<Segment> segments, long mappedBytes, long largestFree,
        double fragmentation) {

    public IovaSpaceMap {
        segments = List.copyOf(segments);
    }

    /** What a segment is. */
    public enum Kind {
        /** translated and accounted for by a live mapping of {@link Segment#device()} */
        MAPPED,
        /** translated, but no live mapping accounts for it */
        UNACCOUNTED,
        /** nothing translates there */
        FREE
    }

    /**
     * @param iova   first IOVA
     * @param size   bytes
     * @param kind   what it is
     * @param device the device of the mapping that accounts for it, "" when none
     */
    public record Segment(long iova, long size, Kind kind, String device) {
        public long end() {
            return iova + size;
        }
    }

    /** The number of free segments. */
    public long freeSegments() {
        return segments.stream().filter(s -> s.kind() == Kind.FREE).count();
    }

    /** The segment holding {@code iova}, or null outside the window. */
    public Segment at(long iova) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (iova < s.iova()) {
                hi = mid - 1;
            } else if (iova >= s.end()) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return null;
    }

    /**
     * @param domain   the domain (with its page table and IOVA window)
     * @param mappings the live mappings; those of the domain's devices account for leaves
     */
    public static IovaSpaceMap of(IommuDomainSnapshot domain, MappingTable mappings) {
        PageTable pt = domain.pageTable();
        long start = domain.apertureStart();
        long size = domain.apertureSize();
        if (size <= 0 && pt != null) {
            start = 0;
            size = 1L << pt.ias();
        }
        long end = start + size;
        DomainMappings owned = DomainMappings.of(domain, mappings);
        List<Segment> mapped = new ArrayList<>();
        if (pt != null) {
            long granule = pt.config().granule();
            pt.forEachLeaf((level, iova, span, out, raw) -> {
                // split the leaf by the mappings that cover it, page by page where they differ
                long a = iova;
                long leafEnd = iova + span;
                while (a < leafEnd) {
                    int m = owned.find(a);
                    long b;
                    Kind kind;
                    String dev;
                    if (m >= 0) {
                        b = Math.min(leafEnd, owned.rangeEnd(m));
                        kind = Kind.MAPPED;
                        dev = owned.device(m);
                    } else {
                        int next = owned.next(a);
                        b = next < 0 ? leafEnd : Math.min(leafEnd, Math.max(a + granule, owned.rangeStart(next)));
                        kind = Kind.UNACCOUNTED;
                        dev = "";
                    }
                    add(mapped, a, b - a, kind, dev);
                    a = b;
                }
                return true;
            });
        }
        List<Segment> all = new ArrayList<>();
        long cursor = start;
        long mappedBytes = 0;
        long largestFree = 0;
        long free = 0;
        for (Segment s : mapped) {
            if (s.end() <= start || s.iova() >= end) {
                continue;
            }
            if (s.iova() > cursor) {
                all.add(new Segment(cursor, s.iova() - cursor, Kind.FREE, ""));
                largestFree = Math.max(largestFree, s.iova() - cursor);
                free += s.iova() - cursor;
            }
            all.add(s);
            mappedBytes += s.size();
            cursor = s.end();
        }
        if (cursor < end) {
            all.add(new Segment(cursor, end - cursor, Kind.FREE, ""));
            largestFree = Math.max(largestFree, end - cursor);
            free += end - cursor;
        }
        double frag = free == 0 ? 0 : 1.0 - (double) largestFree / free;
        return new IovaSpaceMap(start, size, all, mappedBytes, largestFree, frag);
    }

    private static void add(List<Segment> out, long iova, long size, Kind kind, String dev) {
        if (!out.isEmpty()) {
            Segment last = out.get(out.size() - 1);
            if (last.end() == iova && last.kind() == kind && last.device().equals(dev)) {
                out.set(out.size() - 1, new Segment(last.iova(), last.size() + size, kind, dev));
                return;
            }
        }
        out.add(new Segment(iova, size, kind, dev));
    }
}
