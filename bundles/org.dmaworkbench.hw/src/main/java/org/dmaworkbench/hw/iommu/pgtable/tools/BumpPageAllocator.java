package org.dmaworkbench.hw.iommu.pgtable.tools;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * A small deterministic {@link PageAllocator} for page-table pages: naturally aligned blocks carved upwards from a
 * window of RAM, freed blocks reused last-in first-out per size, every block zeroed when handed out. Used by the
 * {@code pgtable} command, tests and benchmarks, where predictable table addresses make output reproducible.
 */
public final class BumpPageAllocator implements PageAllocator {
    private static final byte[] ZERO = new byte[4096];

    private final PhysicalMemory mem;
    private final long base;
    private final long limit;
    private long next;
    private final Map<Integer, ArrayDeque<Long>> freeLists = new HashMap<>();
    private final Set<Long> live = new HashSet<>();

    /** @param base first usable address; {@code size} bytes from there are handed out */
    public BumpPageAllocator(PhysicalMemory mem, long base, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("allocator window must not be empty");
        }
        this.mem = mem;
        this.base = base;
        this.limit = base + size;
        this.next = base;
    }

    @Override
    public long allocZeroed(int size) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("allocation size must be a power of two, got " + size);
        }
        ArrayDeque<Long> fl = freeLists.get(size);
        long pa;
        if (fl != null && !fl.isEmpty()) {
            pa = fl.pop();
        } else {
            long aligned = (next + size - 1) & -(long) size;
            if (aligned + size > limit || aligned < base) {
                return -1L;
            }
            pa = aligned;
            next = aligned + size;
        }
        for (long off = 0; off < size; off += ZERO.length) {
            mem.write(pa + off, ZERO, 0, (int) Math.min(ZERO.length, size - off));
        }
        live.add(pa);
        return pa;
    }

    @Override
    public void free(long pa, int size) {
        if (!live.remove(pa)) {
            throw new IllegalArgumentException(String.format("free of 0x%x, which is not allocated", pa));
        }
        freeLists.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pa);
    }

    /** @return how many blocks are allocated and not freed */
    public int liveBlocks() {
        return live.size();
    }
}
