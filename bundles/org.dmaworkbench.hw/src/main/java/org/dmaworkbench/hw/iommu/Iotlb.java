package org.dmaworkbench.hw.iommu;

import java.util.Arrays;

/**
 * The IPMMU's translation cache: 4 KiB page entries tagged by context and IOVA page, direct mapped over a
 * fixed number of entries (so capacity misses exist and are deterministic). Entries are filled only by
 * successful walks and dropped by the flushes the driver issues (IMCTR.FLUSH per context, IMUCTR.FLUSH).
 */
public final class Iotlb {
    private final long[] tags;
    private final long[] pages;
    private final boolean[] readOnly;
    private final int mask;
    private long hits;
    private long misses;
    private long flushes;

    /** @param entries capacity, a power of two */
    public Iotlb(int entries) {
        if (entries <= 0 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("TLB size must be a power of two: " + entries);
        }
        tags = new long[entries];
        pages = new long[entries];
        readOnly = new boolean[entries];
        mask = entries - 1;
        Arrays.fill(tags, -1L);
    }

    static long tag(int context, long iova) {
        return ((long) context << 36) | (iova >>> 12);
    }

    private int index(long tag) {
        return (int) (tag ^ (tag >>> 11) ^ (tag >>> 36) * 0x3b) & mask;
    }

    /** @return the slot holding this translation, or -1 (counts a hit or a miss) */
    int lookup(int context, long iova) {
        long t = tag(context, iova);
        int i = index(t);
        if (tags[i] == t) {
            hits++;
            return i;
        }
        misses++;
        return -1;
    }

    /** Counts {@code n} further hits on one entry (a burst run within one page). */
    void countHits(long n) {
        hits += n;
    }

    long page(int slot) {
        return pages[slot];
    }

    boolean readOnly(int slot) {
        return readOnly[slot];
    }

    void insert(int context, long iova, long paPage, boolean ro) {
        long t = tag(context, iova);
        int i = index(t);
        tags[i] = t;
        pages[i] = paPage;
        readOnly[i] = ro;
    }

    /** Drops every entry of {@code context}. */
    public void flushContext(int context) {
        flushes++;
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != -1L && (tags[i] >>> 36) == context) {
                tags[i] = -1L;
            }
        }
    }

    public void flushAll() {
        flushes++;
        Arrays.fill(tags, -1L);
    }

    public int capacity() {
        return tags.length;
    }

    /** @return number of valid entries */
    public int size() {
        int n = 0;
        for (long t : tags) {
            if (t != -1L) {
                n++;
            }
        }
        return n;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long flushes() {
        return flushes;
    }

    public void resetCounters() {
        hits = 0;
        misses = 0;
        flushes = 0;
    }
}
