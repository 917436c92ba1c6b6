package org.dmaworkbench.kernel.mm;

import java.util.HashMap;
import java.util.Map;

/**
 * kmalloc caches ({@code kmalloc-8} ... {@code kmalloc-8k}) over the page allocator, in the spirit of
 * mm/slab_common.c's {@code kmalloc_caches}: each cache carves order-0 (order-1 for 8 KiB) slabs into equal
 * objects and hands out the lowest free one; larger requests get whole pages ({@code kmalloc_large()}).
 * Objects come from lowmem, so they always have a linear-map address.
 * <p>
 * The smallest cache is {@code KMALLOC_MIN_SIZE}: on 32-bit ARM {@code ARCH_DMA_MINALIGN} is
 * {@code L1_CACHE_BYTES} = 64 (arch/arm/include/asm/cache.h:18), so {@code ARCH_KMALLOC_MINALIGN} and
 * {@code KMALLOC_MIN_SIZE} are 64 (include/linux/slab.h:488-497), no cache is smaller and there is no
 * {@code kmalloc-96} ({@code kmalloc_index()}, slab.h:679: only when KMALLOC_MIN_SIZE &lt;= 32): two small buffers
 * never share a cache line. arm64 sets {@code ARCH_KMALLOC_MINALIGN} to 8 (arch/arm64/include/asm/cache.h:36) and
 * bounces unaligned kmalloc buffers through swiotlb instead, so its caches start at 8.
 */
final class Kmalloc {
    /** {@code kmalloc_info[]} sizes from KMALLOC_MIN_SIZE 8 to KMALLOC_MAX_CACHE_SIZE 8 KiB. */
    static final int[] SIZES = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};

    private final KernelMemory mm;
    private final Cache[] caches = new Cache[SIZES.length];
    /** slab or large-allocation head page (physical) -> owner */
    private final Map<Long, Object> owners = new HashMap<>();

    private static final class Cache {
        final int size;
        final int order;
        final int perSlab;
        /** physical address of each slab page -> free bitmap (1 = free) */
        final java.util.TreeMap<Long, long[]> slabs = new java.util.TreeMap<>();

        Cache(int size) {
            this.size = size;
            this.order = size > KernelMemory.PAGE_SIZE ? 1 : 0;
            this.perSlab = (KernelMemory.PAGE_SIZE << order) / size;
        }
    }

    private record Large(int order) {
    }

    /** {@code KMALLOC_MIN_SIZE} of 32-bit ARM: {@code ARCH_DMA_MINALIGN} = L1_CACHE_BYTES = 64 */
    static final int KMALLOC_MIN_SIZE_ARM32 = 64;

    /** @param minSize {@code KMALLOC_MIN_SIZE}: 8, or 64 on 32-bit ARM */
    Kmalloc(KernelMemory mm, int minSize) {
        this.mm = mm;
        for (int i = 0; i < SIZES.length; i++) {
            // kmalloc_index(): no cache below KMALLOC_MIN_SIZE; kmalloc-96 only when KMALLOC_MIN_SIZE <= 32,
            // kmalloc-192 only when it is <= 64
            boolean exists = SIZES[i] >= minSize && !(SIZES[i] == 96 && minSize > 32)
                    && !(SIZES[i] == 192 && minSize > 64);
            caches[i] = exists ? new Cache(SIZES[i]) : null;
        }
    }

    long alloc(long size) {
        if (size <= 0) {
            return 0; // ZERO_SIZE_PTR is not a usable address either
        }
        if (size > SIZES[SIZES.length - 1]) {
            int order = KernelMemory.getOrder(size);
            if (order > PageFrameAllocator.MAX_ORDER) {
                return 0;
            }
            long pa = mm.pageAllocator().allocPages(order, mm.lowmemLimit());
            if (pa < 0) {
                return 0;
            }
            owners.put(pa, new Large(order));
            return mm.physToVirt(pa);
        }
        Cache c = null;
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZES[i] >= size && caches[i] != null) {
                c = caches[i];
                break;
            }
        }
        for (Map.Entry<Long, long[]> e : c.slabs.entrySet()) {
            long[] free = e.getValue();
            for (int w = 0; w < free.length; w++) {
                if (free[w] != 0) {
                    int bit = Long.numberOfTrailingZeros(free[w]);
                    free[w] &= ~(1L << bit);
                    return mm.physToVirt(e.getKey() + (long) (w * 64 + bit) * c.size);
                }
            }
        }
        long pa = mm.pageAllocator().allocPages(c.order, mm.lowmemLimit());
        if (pa < 0) {
            return 0;
        }
        long[] free = new long[(c.perSlab + 63) / 64];
        for (int i = 1; i < c.perSlab; i++) {
            free[i >>> 6] |= 1L << i;
        }
        c.slabs.put(pa, free);
        owners.put(pa, c);
        return mm.physToVirt(pa);
    }

    private Object ownerOf(long phys, long[] slabOut) {
        for (int order = 0; order <= PageFrameAllocator.MAX_ORDER; order++) {
            long head = phys & -(1L << (KernelMemory.PAGE_SHIFT + order));
            Object o = owners.get(head);
            if (o != null) {
                slabOut[0] = head;
                return o;
            }
        }
        return null;
    }

    void free(long virt) {
        if (virt == 0) {
            return;
        }
        long phys = mm.isLinear(virt) ? mm.virtToPhys(virt) : -1;
        long[] head = new long[1];
        Object o = phys < 0 ? null : ownerOf(phys, head);
        if (o instanceof Large l && head[0] == phys) {
            owners.remove(phys);
            mm.pageAllocator().freePages(phys, l.order());
            return;
        }
        if (o instanceof Cache c) {
            long off = phys - head[0];
            if (off < (long) c.perSlab * c.size && off % c.size == 0) {
                long[] free = c.slabs.get(head[0]);
                int idx = (int) (off / c.size);
                if ((free[idx >>> 6] & (1L << idx)) == 0) {
                    free[idx >>> 6] |= 1L << idx;
                    return;
                }
                throw new IllegalStateException(String.format("double kfree(0x%x)", virt));
            }
        }
        throw new IllegalArgumentException(String.format("kfree(0x%x): not a kmalloc'ed object", virt));
    }

    long ksize(long virt) {
        long phys = mm.virtToPhys(virt);
        long[] head = new long[1];
        Object o = phys < 0 ? null : ownerOf(phys, head);
        if (o instanceof Large l) {
            return (long) KernelMemory.PAGE_SIZE << l.order();
        }
        if (o instanceof Cache c) {
            return c.size;
        }
        return 0;
    }
}
