package org.dmaworkbench.hw.iommu;

import java.util.Arrays;

/**
 * The IPMMU's translation cache: 4 KiB page entries tagged by context and IOVA page, 4-way set associative
 * (set chosen by the low IOVA page bits, round-robin replacement within a set), so capacity and conflict
 * misses exist and are deterministic. Entries are filled only by successful walks and dropped by the
 * flushes the driver issues (IMCTR.FLUSH per context, IMUCTR.FLUSH).
 */
public final class Iotlb {
    private final long[] tags;
    private final long[] pages;
    private final boolean[] readOnly;
    private final int setMask;
    private final byte[] victim;
    private static final int WAYS = 4;
    private long hits;
    private long misses;
    private long flushes;

    /** @param entries capacity, a power of two of at least 4 */
    public Iotlb(int entries) {
        if (entries < WAYS || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("TLB size must be a power of two of at least 4: " + entries);
        }
        tags = new long[entries];
        pages = new long[entries];
        readOnly = new boolean[entries];
        setMask = entries / WAYS - 1;
        victim = new byte[entries / WAYS];
        Arrays.fill(tags, -1L);
    }

    static long tag(int context, long iova) {
        return ((long) context << 36) | (iova >>> 12);
    }

    private int set(long tag) {
        return (int) (tag ^ (tag >>> 36) * 7) & setMask;
    }

    /** @return the slot holding this translation, or -1 (counts a hit or a miss) */
    int lookup(int context, long iova) {
        long t = tag(context, iova);
        int base = set(t) * WAYS;
        for (int w = 0; w < WAYS; w++) {
            if (tags[base + w] == t) {
                hits++;
                return base + w;
            }
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
        int s = set(t);
        int base = s * WAYS;
        int slot = -1;
        for (int w = 0; w < WAYS; w++) {
            if (tags[base + w] == t || tags[base + w] == -1L) {
                slot = base + w;
                break;
            }
        }
        if (slot < 0) {
            slot = base + victim[s];
            victim[s] = (byte) ((victim[s] + 1) % WAYS);
        }
        tags[slot] = t;
        pages[slot] = paPage;
        readOnly[slot] = ro;
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

    /** Receives the valid entries of {@link #forEachEntry}. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param iova the IOVA page (4 KiB aligned), {@code pa} the physical page it translates to
         */
        void entry(int slot, int context, long iova, long pa, boolean readOnly);
    }

    /** Read-only: every valid entry, by slot (for views; changes nothing, counts nothing). */
    public void forEachEntry(EntryVisitor visitor) {
        for (int i = 0; i < tags.length; i++) {
            long t = tags[i];
            if (t != -1L) {
                visitor.entry(i, (int) (t >>> 36), (t & ((1L << 36) - 1)) << 12, pages[i], readOnly[i]);
            }
        }
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
