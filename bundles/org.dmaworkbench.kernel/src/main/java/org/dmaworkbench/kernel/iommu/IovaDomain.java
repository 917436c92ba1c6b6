package org.dmaworkbench.kernel.iommu;

import java.util.TreeSet;

/**
 * The IOVA allocator of drivers/iommu/iova.c (Linux 6.12), used by dma-iommu: ranges of page frames kept in
 * an ordered tree and allocated top-down below a limit, naturally aligned to the next power of two when asked
 * ({@code alloc_iova()} / {@code __alloc_and_insert_iova_range()}), with the 32-bit cached-node and
 * {@code max32_alloc_size} shortcuts and the per-CPU magazine caches ("rcache") for sizes up to 32 pages
 * ({@code alloc_iova_fast()} / {@code free_iova_fast()}).
 * <p>
 * One CPU is modelled. The depot-trimming delayed work ({@code iova_depot_work_func}) never runs by itself in
 * an emulation; {@link #runDepotWork()} runs it once. Not thread-safe: the caller serialises.
 * <p>
 * PFNs are held in signed longs; the anchor node's {@code IOVA_ANCHOR} (~0UL in the kernel) is
 * {@link Long#MAX_VALUE}, which orders and compares the same way for every reachable PFN.
 */
public final class IovaDomain {
    /** log2 of the largest cached range size plus one: sizes up to 32 pages go through the rcache. */
    public static final int IOVA_RANGE_CACHE_MAX_SIZE = 6;
    /** PFNs per magazine. */
    public static final int IOVA_MAG_SIZE = 127;
    static final long IOVA_ANCHOR = Long.MAX_VALUE;

    /** {@code struct iova}: an allocated (or reserved) range of page frames, inclusive. */
    public static final class Iova {
        long pfnLo;
        long pfnHi;

        Iova(long pfnLo, long pfnHi) {
            this.pfnLo = pfnLo;
            this.pfnHi = pfnHi;
        }

        public long pfnLo() {
            return pfnLo;
        }

        public long pfnHi() {
            return pfnHi;
        }

        /** {@code iova_size()} in granules */
        public long size() {
            return pfnHi - pfnLo + 1;
        }

        @Override
        public String toString() {
            return String.format("[0x%x-0x%x]", pfnLo, pfnHi);
        }
    }

    private static final class Magazine {
        int size;
        final long[] pfns = new long[IOVA_MAG_SIZE];
        Magazine next;

        boolean full() {
            return size == IOVA_MAG_SIZE;
        }

        boolean empty() {
            return size == 0;
        }

        /** {@code iova_magazine_pop()}: the most recent pfn at or below the limit, 0 if none. */
        long pop(long limitPfn) {
            int i = size - 1;
            while (pfns[i] > limitPfn) {
                if (i == 0) {
                    return 0;
                }
                i--;
            }
            long pfn = pfns[i];
            pfns[i] = pfns[--size];
            return pfn;
        }

        void push(long pfn) {
            pfns[size++] = pfn;
        }
    }

    private static final class Rcache {
        Magazine depot;
        int depotSize;
        Magazine loaded = new Magazine();
        Magazine prev = new Magazine();
    }

    private final long granule;
    private final int shift;
    private final long startPfn;
    private final long dma32BitPfn;
    private long max32AllocSize;
    /** The ranges ordered by pfnLo, as the kernel's rbtree; looked up with {@link #probe}, so without boxing. */
    private final TreeSet<Iova> tree = new TreeSet<>((a, b) -> Long.compare(a.pfnLo, b.pfnLo));
    private final Iova probe = new Iova(0, 0);
    private final Iova anchor = new Iova(IOVA_ANCHOR, IOVA_ANCHOR);
    private Iova cachedNode;
    private Iova cached32Node;
    private Rcache[] rcaches;
    private int onlineCpus = 1;

    /** {@code init_iova_domain(iovad, granule, start_pfn)} */
    public IovaDomain(long granule, long startPfn) {
        if (granule <= 0 || granule > 4096 || Long.bitCount(granule) != 1) {
            throw new IllegalArgumentException("IOVA granule " + granule + " is not a power of two up to PAGE_SIZE");
        }
        this.granule = granule;
        this.shift = Long.numberOfTrailingZeros(granule);
        this.startPfn = startPfn;
        this.dma32BitPfn = 1L << (32 - shift);
        this.max32AllocSize = dma32BitPfn;
        tree.add(anchor);
        cachedNode = anchor;
        cached32Node = anchor;
    }

    private Iova probe(long pfn) {
        probe.pfnLo = pfn;
        return probe;
    }

    /** Inserts {@code n}, replacing a range that starts at the same pfn (as a map keyed by pfnLo would). */
    private void treePut(Iova n) {
        tree.remove(n);
        tree.add(n);
    }

    /** {@code iova_domain_init_rcaches()} */
    public void initRcaches() {
        rcaches = new Rcache[IOVA_RANGE_CACHE_MAX_SIZE];
        for (int i = 0; i < rcaches.length; i++) {
            rcaches[i] = new Rcache();
        }
    }

    public long granule() {
        return granule;
    }

    /** {@code iova_shift()} */
    public int shift() {
        return shift;
    }

    public long startPfn() {
        return startPfn;
    }

    /** {@code iova_offset()} */
    public long offset(long addr) {
        return addr & (granule - 1);
    }

    /** {@code iova_align()} */
    public long align(long size) {
        return (size + granule - 1) & -granule;
    }

    /** {@code iova_pfn()} */
    public long pfn(long iova) {
        return iova >>> shift;
    }

    // ---- rbtree part ----

    private Iova cachedRbnode(long limitPfn) {
        return limitPfn <= dma32BitPfn ? cached32Node : cachedNode;
    }

    private void cachedRbnodeInsertUpdate(Iova n) {
        if (n.pfnHi < dma32BitPfn) {
            cached32Node = n;
        } else {
            cachedNode = n;
        }
    }

    private void cachedRbnodeDeleteUpdate(Iova free) {
        Iova cached = cached32Node;
        if (free == cached || (free.pfnHi < dma32BitPfn && free.pfnLo >= cached.pfnLo)) {
            cached32Node = next(free);
        }
        if (free.pfnLo < dma32BitPfn) {
            max32AllocSize = dma32BitPfn;
        }
        cached = cachedNode;
        if (free.pfnLo >= cached.pfnLo) {
            cachedNode = next(free);
        }
    }

    private Iova next(Iova n) {
        return tree.higher(probe(n.pfnLo));
    }

    private Iova prev(Iova n) {
        return tree.lower(probe(n.pfnLo));
    }

    /** {@code iova_find_limit()}: the lowest range at or above {@code limitPfn} (the anchor above 32 bits). */
    private Iova findLimit(long limitPfn) {
        if (limitPfn > dma32BitPfn) {
            return anchor;
        }
        return tree.ceiling(probe(limitPfn));
    }

    private static int flsLong(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    /** {@code __alloc_and_insert_iova_range()}; {@code limitPfn} is exclusive here, as in the kernel. */
    private Iova allocAndInsertRange(long size, long limitPfn, boolean sizeAligned) {
        long alignMask = ~0L;
        if (sizeAligned) {
            alignMask <<= flsLong(size - 1);
        }
        long highPfn = limitPfn;
        long lowPfn = startPfn;
        if (limitPfn <= dma32BitPfn && size >= max32AllocSize) {
            return null;
        }
        Iova curr = cachedRbnode(limitPfn);
        long retryPfn = curr.pfnHi;
        long newPfn;
        while (true) {
            do {
                highPfn = Math.min(highPfn, curr.pfnLo);
                newPfn = (highPfn - size) & alignMask;
                curr = prev(curr);
            } while (curr != null && newPfn <= curr.pfnHi && newPfn >= lowPfn);

            if (highPfn < size || newPfn < lowPfn) {
                if (lowPfn == startPfn && retryPfn < limitPfn) {
                    highPfn = limitPfn;
                    lowPfn = retryPfn + 1;
                    curr = findLimit(limitPfn);
                    continue;
                }
                max32AllocSize = size;
                return null;
            }
            break;
        }
        Iova n = new Iova(newPfn, newPfn + size - 1);
        tree.add(n); // newPfn lies in a gap: no range starts there
        cachedRbnodeInsertUpdate(n);
        return n;
    }

    /**
     * {@code alloc_iova()}: {@code size} granules, top-down at or below {@code limitPfn} (inclusive), aligned to
     * {@code roundup_pow_of_two(size)} if asked. @return the range, or null when nothing fits
     */
    public Iova allocIova(long size, long limitPfn, boolean sizeAligned) {
        return allocAndInsertRange(size, limitPfn + 1, sizeAligned);
    }

    /** {@code find_iova()} */
    public Iova findIova(long pfn) {
        Iova e = tree.floor(probe(pfn));
        if (e == null || e == anchor || pfn > e.pfnHi) {
            return null;
        }
        return e;
    }

    private void removeIova(Iova iova) {
        cachedRbnodeDeleteUpdate(iova);
        tree.remove(probe(iova.pfnLo));
    }

    /** {@code __free_iova()} */
    public void freeIova(Iova iova) {
        removeIova(iova);
    }

    /** {@code free_iova()}: frees the range holding {@code pfn}, if any. */
    public void freeIova(long pfn) {
        Iova iova = findIova(pfn);
        if (iova != null) {
            removeIova(iova);
        }
    }

    /** {@code reserve_iova()}: keeps {@code [pfnLo, pfnHi]} from ever being allocated. */
    public Iova reserveIova(long pfnLo, long pfnHi) {
        boolean overlap = false;
        Iova iova;
        for (Iova n : tree.toArray(new Iova[0])) {
            if (pfnLo <= n.pfnHi && pfnHi >= n.pfnLo) {
                iova = n;
                if (pfnLo < iova.pfnLo) {
                    // the kernel widens the node in place; re-key it
                    tree.remove(probe(iova.pfnLo));
                    iova.pfnLo = pfnLo;
                    treePut(iova);
                }
                if (pfnHi > iova.pfnHi) {
                    pfnLo = iova.pfnHi + 1;
                }
                if (pfnLo >= iova.pfnLo && pfnHi <= iova.pfnHi) {
                    return iova;
                }
                overlap = true;
            } else if (overlap) {
                break;
            }
        }
        iova = new Iova(pfnLo, pfnHi);
        treePut(iova);
        return iova;
    }

    // ---- rcache part ----

    private static int orderBase2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /**
     * {@code alloc_iova_fast()}: sizes below 32 granules are rounded up to a power of two, tried in the rcache
     * first, then allocated size-aligned from the tree; on failure the caches are flushed once if
     * {@code flushRcache}. @return the first pfn, or 0 when the space is exhausted
     */
    public long allocIovaFast(long size, long limitPfn, boolean flushRcache) {
        if (size < (1 << (IOVA_RANGE_CACHE_MAX_SIZE - 1))) {
            size = size <= 1 ? 1 : Long.highestOneBit(size - 1) << 1;
        }
        long pfn = rcacheGet(size, limitPfn + 1);
        if (pfn != 0) {
            return pfn;
        }
        while (true) {
            Iova n = allocIova(size, limitPfn, true);
            if (n != null) {
                return n.pfnLo;
            }
            if (!flushRcache) {
                return 0;
            }
            flushRcache = false;
            freeCpuCachedIovas();
            freeGlobalCachedIovas();
        }
    }

    /** {@code free_iova_fast()}: into the rcache if there is room, else back to the tree. */
    public void freeIovaFast(long pfn, long size) {
        if (rcacheInsert(pfn, size)) {
            return;
        }
        freeIova(pfn);
    }

    private boolean rcacheInsert(long pfn, long size) {
        int logSize = orderBase2(size);
        if (rcaches == null || logSize >= IOVA_RANGE_CACHE_MAX_SIZE) {
            return false;
        }
        Rcache rc = rcaches[logSize];
        if (rc.loaded.full()) {
            if (!rc.prev.full()) {
                Magazine t = rc.prev;
                rc.prev = rc.loaded;
                rc.loaded = t;
            } else {
                rc.loaded.next = rc.depot;
                rc.depot = rc.loaded;
                rc.depotSize++;
                rc.loaded = new Magazine();
            }
        }
        rc.loaded.push(pfn);
        return true;
    }

    private long rcacheGet(long size, long limitPfn) {
        int logSize = orderBase2(size);
        if (rcaches == null || logSize >= IOVA_RANGE_CACHE_MAX_SIZE) {
            return 0;
        }
        Rcache rc = rcaches[logSize];
        if (rc.loaded.empty()) {
            if (!rc.prev.empty()) {
                Magazine t = rc.prev;
                rc.prev = rc.loaded;
                rc.loaded = t;
            } else if (rc.depot != null) {
                rc.loaded = depotPop(rc);
            } else {
                return 0;
            }
        }
        return rc.loaded.pop(limitPfn - size);
    }

    private static Magazine depotPop(Rcache rc) {
        Magazine m = rc.depot;
        rc.depot = m.next;
        m.next = null;
        m.size = IOVA_MAG_SIZE;
        rc.depotSize--;
        return m;
    }

    private void magazineFreePfns(Magazine m) {
        for (int i = 0; i < m.size; i++) {
            Iova iova = findIova(m.pfns[i]);
            if (iova != null) {
                removeIova(iova);
            }
        }
        m.size = 0;
    }

    private void freeCpuCachedIovas() {
        for (Rcache rc : rcaches) {
            magazineFreePfns(rc.loaded);
            magazineFreePfns(rc.prev);
        }
    }

    private void freeGlobalCachedIovas() {
        for (Rcache rc : rcaches) {
            while (rc.depot != null) {
                magazineFreePfns(depotPop(rc));
            }
        }
    }

    /**
     * One round of {@code iova_depot_work_func()} for every cache: a depot holding more magazines than there
     * are online CPUs gives one back to the tree.
     */
    public void runDepotWork() {
        if (rcaches == null) {
            return;
        }
        for (Rcache rc : rcaches) {
            if (rc.depotSize > onlineCpus) {
                magazineFreePfns(depotPop(rc));
            }
        }
    }

    /** {@code put_iova_domain()}: drops every range and cache. */
    public void put() {
        if (rcaches != null) {
            initRcaches();
        }
        tree.clear();
        tree.add(anchor);
        cachedNode = anchor;
        cached32Node = anchor;
        max32AllocSize = dma32BitPfn;
    }

    // ---- inspection for views and tests ----

    /** @return allocated ranges (including those parked in the rcache), lowest first, without the anchor */
    public java.util.List<Iova> ranges() {
        java.util.List<Iova> l = new java.util.ArrayList<>(tree);
        l.remove(l.size() - 1);
        return l;
    }

    /** @return ranges in the tree, not counting the anchor */
    public int rangeCount() {
        return tree.size() - 1;
    }

    /** @return how many PFNs of {@code size} granules sit in the rcache (loaded, prev and depot) */
    public int cachedCount(long size) {
        int logSize = orderBase2(size);
        if (rcaches == null || logSize >= IOVA_RANGE_CACHE_MAX_SIZE) {
            return 0;
        }
        Rcache rc = rcaches[logSize];
        int n = rc.loaded.size + rc.prev.size;
        for (Magazine m = rc.depot; m != null; m = m.next) {
            n += IOVA_MAG_SIZE;
        }
        return n;
    }

    /** {@code dma_32bit_pfn} */
    public long dma32BitPfn() {
        return dma32BitPfn;
    }

    /** {@code max32_alloc_size}: the smallest size known not to fit below 4 GiB. */
    public long max32AllocSize() {
        return max32AllocSize;
    }
}
