package org.dmaworkbench.hw.mem;

import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link PageAllocator} handing out naturally aligned blocks from one window of physical memory
 * (first fit, lowest address first, so the same sequence of calls always gives the same addresses).
 * Freed blocks are merged with their free neighbours. Memory is zeroed on allocation.
 */
public final class RamPageAllocator implements PageAllocator {
    private final PhysicalMemory memory;
    private final long base;
    private final long size;
    /** free ranges: start -> end (exclusive) */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long allocated;

    public RamPageAllocator(PhysicalMemory memory, long base, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("empty allocator window");
        }
        this.memory = memory;
        this.base = base;
        this.size = size;
        free.put(base, base + size);
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    /** @return bytes currently handed out */
    public long allocatedBytes() {
        return allocated;
    }

    @Override
    public synchronized long allocZeroed(int size) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("allocation size must be a power of two: " + size);
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long start = (e.getKey() + size - 1) & -(long) size;
            if (start + size <= e.getValue()) {
                long end = e.getValue();
                free.remove(e.getKey());
                if (start > e.getKey()) {
                    free.put(e.getKey(), start);
                }
                if (start + size < end) {
                    free.put(start + size, end);
                }
                zero(start, size);
                allocated += size;
                return start;
            }
        }
        return -1;
    }

    private void zero(long pa, int len) {
        byte[] z = new byte[Math.min(len, SparseRam.PAGE_SIZE)];
        for (long off = 0; off < len; off += z.length) {
            memory.write(pa + off, z, 0, (int) Math.min(z.length, len - off));
        }
    }

    @Override
    public synchronized void free(long pa, int size) {
        if (pa < base || pa + size > base + this.size) {
            throw new IllegalArgumentException(String.format("free of 0x%x+0x%x outside allocator window", pa, size));
        }
        long start = pa;
        long end = pa + size;
        Map.Entry<Long, Long> below = free.floorEntry(pa);
        if (below != null && below.getValue() > pa) {
            throw new IllegalArgumentException(String.format("double free of 0x%x", pa));
        }
        if (below != null && below.getValue() == pa) {
            start = below.getKey();
            free.remove(below.getKey());
        }
        Long above = free.get(end);
        if (above != null) {
            free.remove(end);
            end = above;
        }
        free.put(start, end);
        allocated -= size;
    }
}
