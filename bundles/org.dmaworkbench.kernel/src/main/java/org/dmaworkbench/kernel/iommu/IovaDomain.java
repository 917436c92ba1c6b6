package org.dmaworkbench.kernel.iommu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>
 * The ranges live in an {@link IovaTree}, whose nodes are recycled: the tree makes no objects for
 * {@link #allocIovaFast} and {@link #freeIovaFast} once it has held as many ranges as it holds now (a full
 * magazine going to the depot is still replaced by a new one, as in the kernel). {@link Iova} objects are
 * made only for the methods that return them, one per range while it is in the tree; once its range is
 * freed, an {@code Iova} keeps its last bounds and is no longer tied to the tree.
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
        /** the tree node while the range is in the tree, else {@link IovaTree#NIL} */
        int node = IovaTree.NIL;

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
    /** The ranges ordered by pfnLo, as the kernel's rbtree; the node ids below are ids in it. */
    private final IovaTree tree = new IovaTree(64);
    private int anchor;
    private int cachedNode;
    private int cached32Node;
    /** the {@link Iova} handed out for a node id, if any */
    private Iova[] handles = new Iova[0];
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
        anchor = tree.insert(IOVA_ANCHOR, IOVA_ANCHOR);
        cachedNode = anchor;
        cached32Node = anchor;
    }

    /** @return the one {@link Iova} of node {@code n}, made on first demand */
    private Iova handle(int n) {
        if (n >= handles.length) {
            handles = Arrays.copyOf(handles, Math.max(n + 1, tree.capacity() + 1));
        }
        Iova h = handles[n];
        if (h == null) {
            h = new Iova(tree.lo(n), tree.hi(n));
            h.node = n;
            handles[n] = h;
        }
        return h;
    }

    /** Unties node {@code n}'s {@link Iova}, if one was made, before the node goes or is reused. */
    private void detach(int n) {
        if (n < handles.length) {
            Iova h = handles[n];
            if (h != null) {
                h.node = IovaTree.NIL;
                handles[n] = null;
            }
        }
    }

    private void setLo(int n, long pfnLo) {
        tree.setLo(n, pfnLo);
        if (n < handles.length && handles[n] != null) {
            handles[n].pfnLo = pfnLo;
        }
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

    private int cachedRbnode(long limitPfn) {
        return limitPfn <= dma32BitPfn ? cached32Node : cachedNode;
    }

    private void cachedRbnodeInsertUpdate(int n) {
        if (tree.hi(n) < dma32BitPfn) {
            cached32Node = n;
        } else {
            cachedNode = n;
        }
    }

    private void cachedRbnodeDeleteUpdate(int free) {
        long freeLo = tree.lo(free);
        int cached = cached32Node;
        if (free == cached || (tree.hi(free) < dma32BitPfn && freeLo >= tree.lo(cached))) {
            cached32Node = tree.next(free);
        }
        if (freeLo < dma32BitPfn) {
            max32AllocSize = dma32BitPfn;
        }
        cached = cachedNode;
        if (freeLo >= tree.lo(cached)) {
            cachedNode = tree.next(free);
        }
    }

    /** {@code iova_find_limit()}: the lowest range at or above {@code limitPfn} (the anchor above 32 bits). */
    private int findLimit(long limitPfn) {
        if (limitPfn > dma32BitPfn) {
            return anchor;
        }
        return tree.ceiling(limitPfn);
    }

    private static int flsLong(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    /**
     * {@code __alloc_and_insert_iova_range()}; {@code limitPfn} is exclusive here, as in the kernel.
     * @return the new node, or {@link IovaTree#NIL} when nothing fits
     */
    private int allocAndInsertRange(long size, long limitPfn, boolean sizeAligned) {
        if (size < 1) {
            // the kernel's shift by fls_long(size - 1) is undefined there; a range must hold a granule
            throw new IllegalArgumentException("IOVA size " + size);
        }
        long alignMask = ~0L;
        if (sizeAligned) {
            alignMask <<= flsLong(size - 1);
        }
        long highPfn = limitPfn;
        long lowPfn = startPfn;
        if (limitPfn <= dma32BitPfn && size >= max32AllocSize) {
            return IovaTree.NIL;
        }
        int curr = cachedRbnode(limitPfn);
        long retryPfn = tree.hi(curr);
        long newPfn;
        while (true) {
            do {
                highPfn = Math.min(highPfn, tree.lo(curr));
                newPfn = (highPfn - size) & alignMask;
                curr = tree.prev(curr);
            } while (curr != IovaTree.NIL && newPfn <= tree.hi(curr) && newPfn >= lowPfn);

            if (highPfn < size || newPfn < lowPfn) {
                if (lowPfn == startPfn && retryPfn < limitPfn) {
                    highPfn = limitPfn;
                    lowPfn = retryPfn + 1;
                    curr = findLimit(limitPfn);
                    continue;
                }
                max32AllocSize = size;
                return IovaTree.NIL;
            }
            break;
        }
        // curr is the range right below the gap (NIL: none), so the node is linked in next to it without a
        // search from the root; iova.c likewise starts iova_insert_rbtree() at the range above the gap
        int n = tree.insertAfter(curr, newPfn, newPfn + size - 1);
        cachedRbnodeInsertUpdate(n);
        return n;
    }

    /**
     * {@code alloc_iova()}: {@code size} granules, top-down at or below {@code limitPfn} (inclusive), aligned to
     * {@code roundup_pow_of_two(size)} if asked. @return the range, or null when nothing fits
     */
    public Iova allocIova(long size, long limitPfn, boolean sizeAligned) {
        int n = allocAndInsertRange(size, limitPfn + 1, sizeAligned);
        return n == IovaTree.NIL ? null : handle(n);
    }

    /** {@code private_find_iova()} without the anchor: @return the node holding {@code pfn}, or NIL */
    private int findNode(long pfn) {
        int n = tree.floor(pfn);
        if (n == IovaTree.NIL || n == anchor || pfn > tree.hi(n)) {
            return IovaTree.NIL;
        }
        return n;
    }

    /** {@code find_iova()} */
    public Iova findIova(long pfn) {
        int n = findNode(pfn);
        return n == IovaTree.NIL ? null : handle(n);
    }

    private void removeNode(int n) {
        cachedRbnodeDeleteUpdate(n);
        detach(n);
        tree.delete(n);
    }

    /**
     * {@code __free_iova()}. An {@code Iova} whose range has already been freed stands for the range now
     * starting at its {@code pfnLo}, if there is one.
     */
    public void freeIova(Iova iova) {
        int n = iova.node != IovaTree.NIL ? iova.node : tree.find(iova.pfnLo);
        if (n != IovaTree.NIL) {
            removeNode(n);
        }
    }

    /** {@code free_iova()}: frees the range holding {@code pfn}, if any. */
    public void freeIova(long pfn) {
        int n = findNode(pfn);
        if (n != IovaTree.NIL) {
            removeNode(n);
        }
    }

    /** {@code reserve_iova()}: keeps {@code [pfnLo, pfnHi]} from ever being allocated. */
    public Iova reserveIova(long pfnLo, long pfnHi) {
        boolean overlap = false;
        for (int n = tree.first(); n != IovaTree.NIL; n = tree.next(n)) {
            if (pfnLo <= tree.hi(n) && pfnHi >= tree.lo(n)) {
                // __adjust_overlap_range() widens the node down in place: the ranges before it end below
                // pfnLo (they do not overlap), so its place in the order stays
                if (pfnLo < tree.lo(n)) {
                    setLo(n, pfnLo);
                }
                if (pfnHi > tree.hi(n)) {
                    pfnLo = tree.hi(n) + 1;
                }
                if (pfnLo >= tree.lo(n) && pfnHi <= tree.hi(n)) {
                    return handle(n);
                }
                overlap = true;
            } else if (overlap) {
                break;
            }
        }
        int n = tree.find(pfnLo);
        if (n != IovaTree.NIL) {
            // only for pfnLo > pfnHi: the new range replaces the one keyed the same, as in a map by pfnLo
            detach(n);
            tree.setHi(n, pfnHi);
        } else {
            n = tree.insert(pfnLo, pfnHi);
        }
        return handle(n);
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
            int n = allocAndInsertRange(size, limitPfn + 1, true);
            if (n != IovaTree.NIL) {
                return tree.lo(n);
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
            freeIova(m.pfns[i]);
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
        for (int n = 0; n < handles.length; n++) {
            detach(n);
        }
        tree.clear();
        anchor = tree.insert(IOVA_ANCHOR, IOVA_ANCHOR);
        cachedNode = anchor;
        cached32Node = anchor;
        max32AllocSize = dma32BitPfn;
    }

    // ---- inspection for views and tests ----

    /** @return allocated ranges (including those parked in the rcache), lowest first, without the anchor */
    public List<Iova> ranges() {
        List<Iova> l = new ArrayList<>(tree.size() - 1);
        for (int n = tree.first(), next; (next = tree.next(n)) != IovaTree.NIL; n = next) {
            l.add(handle(n));
        }
        return l;
    }

    /** @return ranges in the tree, not counting the anchor */
    public int rangeCount() {
        return tree.size() - 1;
    }

    /** the tree itself, for tests of its storage */
    IovaTree tree() {
        return tree;
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
