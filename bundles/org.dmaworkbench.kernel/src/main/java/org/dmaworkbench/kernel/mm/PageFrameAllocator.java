package org.dmaworkbench.kernel.mm;

import java.util.List;

import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * The page allocator of the emulated kernel ({@code alloc_pages()} / {@code __free_pages()}): blocks of
 * {@code 2^order} pages, naturally aligned in physical memory, from the RAM regions. It hands out the lowest
 * free block that fits (first fit), which keeps addresses predictable for a user reading the views; the
 * kernel's buddy allocator gives the same alignment guarantee but a less predictable order.
 * <p>
 * It also serves io-pgtable's table pages ({@link PageAllocator}), zeroing them as {@code __GFP_ZERO} does.
 */
public final class PageFrameAllocator implements PageAllocator {
    public static final int MAX_ORDER = 10; // MAX_PAGE_ORDER on arm64 with 4 KiB pages

    private static final byte[] ZERO_PAGE = new byte[KernelMemory.PAGE_SIZE];

    private final PhysicalMemory memory;
    private final MemoryRegion[] regions;
    private final long[][] bitmaps; // 1 = page in use
    private final long[] hints; // no free page below this index (per region)
    private long freePages;

    public PageFrameAllocator(PhysicalMemory memory, List<MemoryRegion> regions) {
        this.memory = memory;
        this.regions = regions.toArray(new MemoryRegion[0]);
        this.bitmaps = new long[this.regions.length][];
        this.hints = new long[this.regions.length];
        for (int i = 0; i < this.regions.length; i++) {
            long pages = this.regions[i].size() >>> KernelMemory.PAGE_SHIFT;
            bitmaps[i] = new long[(int) ((pages + 63) >>> 6)];
            // bits past the end of the region count as used
            for (long p = pages; p < (long) bitmaps[i].length * 64; p++) {
                bitmaps[i][(int) (p >>> 6)] |= 1L << p;
            }
            freePages += pages;
        }
    }

    public List<MemoryRegion> regions() {
        return List.of(regions);
    }

    /** @return pages not allocated or reserved */
    public long freePages() {
        return freePages;
    }

    /** {@code alloc_pages(order)}: the physical address of the block, or -1 when no block fits. */
    public long allocPages(int order) {
        return allocPages(order, Long.MAX_VALUE);
    }

    /**
     * Allocates a block that ends at or below {@code limit} (exclusive), as a zone restriction does
     * (ZONE_DMA32, or ARM32 lowmem for memory that needs a linear-map address).
     */
    public long allocPages(int order, long limit) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("page order " + order + " out of range 0.." + MAX_ORDER);
        }
        long n = 1L << order;
        for (int r = 0; r < regions.length; r++) {
            MemoryRegion region = regions[r];
            long pages = region.size() >>> KernelMemory.PAGE_SHIFT;
            long basePfn = region.base() >>> KernelMemory.PAGE_SHIFT;
            long idx = nextZero(bitmaps[r], hints[r], pages);
            while (idx < pages) {
                long aligned = ((basePfn + idx + n - 1) & -n) - basePfn;
                if (aligned + n > pages) {
                    break;
                }
                long phys = region.base() + (aligned << KernelMemory.PAGE_SHIFT);
                if (phys + (n << KernelMemory.PAGE_SHIFT) > limit && limit != Long.MAX_VALUE) {
                    break;
                }
                long used = nextOne(bitmaps[r], aligned, aligned + n);
                if (used >= aligned + n) {
                    setRange(bitmaps[r], aligned, n, true);
                    if (order == 0 && aligned == idx) {
                        hints[r] = idx + 1;
                    }
                    freePages -= n;
                    return phys;
                }
                idx = nextZero(bitmaps[r], used + 1, pages);
            }
        }
        return -1;
    }

    /** {@code __free_pages(page, order)} */
    public void freePages(long phys, int order) {
        int r = regionOf(phys);
        long n = 1L << order;
        if (r < 0 || (phys & ((n << KernelMemory.PAGE_SHIFT) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("free of 0x%x order %d: not an allocated block", phys, order));
        }
        long idx = (phys - regions[r].base()) >>> KernelMemory.PAGE_SHIFT;
        for (long i = idx; i < idx + n; i++) {
            if ((bitmaps[r][(int) (i >>> 6)] & (1L << i)) == 0) {
                throw new IllegalStateException(String.format("double free of page 0x%x", phys + ((i - idx) << 12)));
            }
        }
        setRange(bitmaps[r], idx, n, false);
        hints[r] = Math.min(hints[r], idx);
        freePages += n;
    }

    /** {@code memblock_reserve()}: takes pages out of the allocator for good (kernel image, firmware). */
    public void reserve(long phys, long size) {
        long start = phys & ~(long) (KernelMemory.PAGE_SIZE - 1);
        long end = (phys + size + KernelMemory.PAGE_SIZE - 1) & ~(long) (KernelMemory.PAGE_SIZE - 1);
        for (long p = start; p < end; p += KernelMemory.PAGE_SIZE) {
            int r = regionOf(p);
            if (r < 0) {
                continue;
            }
            long i = (p - regions[r].base()) >>> KernelMemory.PAGE_SHIFT;
            long bit = 1L << i;
            if ((bitmaps[r][(int) (i >>> 6)] & bit) == 0) {
                bitmaps[r][(int) (i >>> 6)] |= bit;
                freePages--;
            }
        }
    }

    public boolean isAllocated(long phys) {
        int r = regionOf(phys);
        if (r < 0) {
            return false;
        }
        long i = (phys - regions[r].base()) >>> KernelMemory.PAGE_SHIFT;
        return (bitmaps[r][(int) (i >>> 6)] & (1L << i)) != 0;
    }

    /** Zeroes {@code pages} pages starting at {@code phys} in emulated RAM. */
    public void zero(long phys, long pages) {
        for (long i = 0; i < pages; i++) {
            memory.write(phys + (i << KernelMemory.PAGE_SHIFT), ZERO_PAGE, 0, KernelMemory.PAGE_SIZE);
        }
    }

    @Override
    public long allocZeroed(int size) {
        int order = KernelMemory.getOrder(size);
        long pa = allocPages(order);
        if (pa < 0) {
            return -1;
        }
        if (size < KernelMemory.PAGE_SIZE) {
            // the block is aligned to a page; a smaller table still only needs its own bytes zeroed
            memory.write(pa, ZERO_PAGE, 0, size);
        } else {
            zero(pa, 1L << order);
        }
        return pa;
    }

    @Override
    public void free(long pa, int size) {
        freePages(pa, KernelMemory.getOrder(size));
    }

    private int regionOf(long phys) {
        for (int r = 0; r < regions.length; r++) {
            if (regions[r].contains(phys)) {
                return r;
            }
        }
        return -1;
    }

    private static long nextZero(long[] map, long from, long limit) {
        if (from >= limit) {
            return limit;
        }
        int w = (int) (from >>> 6);
        long word = ~map[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                long r = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return Math.min(r, limit);
            }
            if (++w >= map.length) {
                return limit;
            }
            word = ~map[w];
        }
    }

    private static long nextOne(long[] map, long from, long limit) {
        if (from >= limit) {
            return limit;
        }
        int w = (int) (from >>> 6);
        long word = map[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                long r = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return Math.min(r, limit);
            }
            if (++w >= map.length || ((long) w << 6) >= limit) {
                return limit;
            }
            word = map[w];
        }
    }

    static void setRange(long[] map, long start, long n, boolean value) {
        for (long i = start; i < start + n; i++) {
            if (value) {
                map[(int) (i >>> 6)] |= 1L << i;
            } else {
                map[(int) (i >>> 6)] &= ~(1L << i);
            }
        }
    }
}
