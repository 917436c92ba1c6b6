package org.dmaworkbench.emulation.live;

import java.util.Arrays;

/**
 * Every mapping the recorder saw, live or dead, in columns: rows are appended in map order (so in virtual-time
 * order) and never move; a row's number is the mapping's id. Rows live in chunks of {@link #CHUNK} rows. Only
 * two things change in a row after it is appended, once each: its unmap time (at unmap) and its map-error state
 * (at {@code dma_mapping_error()}); both are kept so that a snapshot captured earlier never sees them change (live
 * and checked bitmaps are frozen per chunk at capture, unmap times are only read for rows dead at capture).
 * <p>
 * Memory policy: all live rows are kept; of the dead ones, the most recent {@code historyCapacity} (give or take a
 * chunk). When there are more, the oldest chunk that holds dead rows is dropped if it has no live row, or compacted
 * to its live rows (a compacted chunk keeps the sorted offsets of the rows it still has, so ids never change).
 * Chunk objects are never written after they are replaced, which keeps snapshots that captured them immutable.
 * <p>
 * Emulation thread only (under the session's state lock); snapshots read captured chunks from any thread.
 */
final class MappingStore {
    static final int SHIFT = 12;
    static final int CHUNK = 1 << SHIFT;
    static final int WORDS = CHUNK / 64;

    // meta bit fields
    static final int META_TYPE_BITS = 3;
    static final int META_DIR_SHIFT = 3;
    static final int META_MAPERR_SHIFT = 5;
    static final int META_STACKLEN_SHIFT = 7;
    static final int META_HOOK_SHIFT = 10;

    /** Unmap time of a row that is still live. */
    static final long LIVE = -1L;

    /** A run of rows: full (row = base + index) or compacted (row = base + offsets[index]). */
    static final class Chunk {
        final long base;
        final int[] offsets;
        final long[] dma;
        final long[] phys;
        final long[] size;
        final long[] mapTime;
        final long[] unmapTime;
        final long[] stack;
        final int[] dev;
        final int[] meta;
        final int[] attrs;
        int count;
        int live;
        final long[] liveBits;
        final long[] checkedBits;
        long[] frozenLive;
        long[] frozenChecked;
        boolean dirty = true;
        /** the latest version at which a row of this chunk was unmapped */
        long lastRemoval;

        Chunk(long base, int capacity, int[] offsets) {
            this.base = base;
            this.offsets = offsets;
            dma = new long[capacity];
            phys = new long[capacity];
            size = new long[capacity];
            mapTime = new long[capacity];
            unmapTime = new long[capacity];
            stack = new long[capacity];
            dev = new int[capacity];
            meta = new int[capacity];
            attrs = new int[capacity];
            liveBits = new long[WORDS];
            checkedBits = new long[WORDS];
        }

        /** Index of {@code row} in the columns, or -1 when the chunk does not hold it (any more). */
        int index(long row) {
            long off = row - base;
            if (off < 0 || off >= CHUNK) {
                return -1;
            }
            if (offsets == null) {
                return off < count ? (int) off : -1;
            }
            int i = Arrays.binarySearch(offsets, 0, count, (int) off);
            return i < 0 ? -1 : i;
        }

        long rowAt(int index) {
            return base + (offsets == null ? index : offsets[index]);
        }

        /** Freezes the bitmaps for a capture: unchanged chunks share the previous frozen copy. */
        void freeze() {
            if (dirty || frozenLive == null) {
                frozenLive = liveBits.clone();
                frozenChecked = checkedBits.clone();
                dirty = false;
            }
        }

        static boolean bit(long[] bits, long off) {
            return (bits[(int) (off >>> 6)] & (1L << off)) != 0;
        }
    }

    private final int historyCapacity;
    /** chunk number (row >>> SHIFT) - firstChunk indexes this; null where a chunk was dropped */
    private Chunk[] chunks = new Chunk[16];
    private long firstChunk;
    private int chunkCount;
    private long nextRow;
    private long live;
    private long deadRetained;
    private long evicted;
    /** the latest removal version among rows no longer kept: deltas from before it must start over */
    private long evictedRemoval = -1;
    /** map time of the oldest row whose whole chunk is still kept (history is complete from there) */
    private long completeFromRow;

    MappingStore(int historyCapacity) {
        if (historyCapacity < 0) {
            throw new IllegalArgumentException("history capacity must not be negative: " + historyCapacity);
        }
        this.historyCapacity = historyCapacity;
    }

    long nextRow() {
        return nextRow;
    }

    long evictedRemoval() {
        return evictedRemoval;
    }

    Chunk chunkOf(long row) {
        long c = (row >>> SHIFT) - firstChunk;
        return c < 0 || c >= chunkCount ? null : chunks[(int) c];
    }

    /** Appends a live row; returns its id. */
    long append(long dma, long phys, long size, long mapTime, long stack, int dev, int meta, int attrs) {
        long row = nextRow;
        Chunk c = chunkCount == 0 ? null : chunks[chunkCount - 1];
        if (c == null || c.base != (row & ~(long) (CHUNK - 1))) {
            c = newHeadChunk(row & ~(long) (CHUNK - 1));
        }
        int i = c.count++;
        c.dma[i] = dma;
        c.phys[i] = phys;
        c.size[i] = size;
        c.mapTime[i] = mapTime;
        c.unmapTime[i] = LIVE;
        c.stack[i] = stack;
        c.dev[i] = dev;
        c.meta[i] = meta;
        c.attrs[i] = attrs;
        c.liveBits[i >>> 6] |= 1L << i;
        c.live++;
        c.dirty = true;
        nextRow = row + 1;
        live++;
        return row;
    }

    private Chunk newHeadChunk(long base) {
        long no = base >>> SHIFT;
        if (chunkCount == 0) {
            firstChunk = no;
        }
        int slot = (int) (no - firstChunk);
        if (slot >= chunks.length) {
            // drop leading holes before growing
            int lead = 0;
            while (lead < chunkCount && chunks[lead] == null) {
                lead++;
            }
            if (lead > 0) {
                System.arraycopy(chunks, lead, chunks, 0, chunkCount - lead);
                Arrays.fill(chunks, chunkCount - lead, chunkCount, null);
                chunkCount -= lead;
                firstChunk += lead;
                slot -= lead;
            }
            if (slot >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, slot + 1));
            }
        }
        Chunk c = new Chunk(base, CHUNK, null);
        chunks[slot] = c;
        chunkCount = slot + 1;
        return c;
    }

    /** Marks row {@code row} unmapped at {@code timeNs}, change {@code version}. */
    void remove(long row, long timeNs, long version) {
        Chunk c = chunkOf(row);
        int i = c.index(row);
        long off = row - c.base;
        c.unmapTime[i] = timeNs;
        c.liveBits[(int) (off >>> 6)] &= ~(1L << off);
        c.live--;
        c.dirty = true;
        c.lastRemoval = version;
        live--;
        deadRetained++;
        if (deadRetained > (long) historyCapacity + CHUNK) {
            evict();
        }
    }

    /** Marks row {@code row} "dma map error checked". */
    void checked(long row) {
        Chunk c = chunkOf(row);
        long off = row - c.base;
        c.checkedBits[(int) (off >>> 6)] |= 1L << off;
        c.dirty = true;
    }

    /** Calls {@code action} with the id of every live row whose device index {@code devices} marks. */
    void forEachLive(boolean[] devices, java.util.function.LongConsumer action) {
        for (int s = 0; s < chunkCount; s++) {
            Chunk c = chunks[s];
            if (c == null || c.live == 0) {
                continue;
            }
            for (int i = 0; i < c.count; i++) {
                long row = c.rowAt(i);
                int d = c.dev[i];
                if (d < devices.length && devices[d] && Chunk.bit(c.liveBits, row - c.base)) {
                    action.accept(row);
                }
            }
        }
    }

    /** Drops or compacts the oldest chunks holding dead rows until at most historyCapacity dead rows are left. */
    private void evict() {
        int slot = 0;
        while (deadRetained > historyCapacity && slot < chunkCount - 1) {
            Chunk c = chunks[slot];
            int dead = c == null ? 0 : c.count - c.live;
            if (dead == 0) {
                slot++;
                continue;
            }
            evictedRemoval = Math.max(evictedRemoval, c.lastRemoval);
            deadRetained -= dead;
            evicted += dead;
            chunks[slot] = c.live == 0 ? null : compact(c);
            completeFromRow = Math.max(completeFromRow, c.base + CHUNK);
            slot++;
        }
    }

    /** A new chunk object with only the live rows of {@code c} (c itself is left as it was, for snapshots). */
    private static Chunk compact(Chunk c) {
        int n = c.live;
        int[] offs = new int[n];
        Chunk k = new Chunk(c.base, n, offs);
        int j = 0;
        for (int i = 0; i < c.count; i++) {
            long off = c.rowAt(i) - c.base;
            if (Chunk.bit(c.liveBits, off)) {
                offs[j] = (int) off;
                k.dma[j] = c.dma[i];
                k.phys[j] = c.phys[i];
                k.size[j] = c.size[i];
                k.mapTime[j] = c.mapTime[i];
                k.unmapTime[j] = LIVE;
                k.stack[j] = c.stack[i];
                k.dev[j] = c.dev[i];
                k.meta[j] = c.meta[i];
                k.attrs[j] = c.attrs[i];
                j++;
            }
        }
        k.count = n;
        k.live = n;
        System.arraycopy(c.liveBits, 0, k.liveBits, 0, WORDS);
        System.arraycopy(c.checkedBits, 0, k.checkedBits, 0, WORDS);
        return k;
    }

    /**
     * The chunks as they are now, for a snapshot: a copy of the chunk table, with the bitmaps of every chunk that
     * can still change (live rows, or the head) frozen.
     */
    Capture capture() {
        Chunk[] cs = Arrays.copyOf(chunks, chunkCount);
        long[][] lb = new long[chunkCount][];
        long[][] cb = new long[chunkCount][];
        for (int i = 0; i < chunkCount; i++) {
            Chunk c = cs[i];
            if (c != null && (c.live > 0 || i == chunkCount - 1)) {
                c.freeze();
                lb[i] = c.frozenLive;
                cb[i] = c.frozenChecked;
            }
        }
        return new Capture(cs, lb, cb, firstChunk, nextRow, live, completeFromRow, evicted);
    }

    /** An immutable view of the chunks at one version. */
    static final class Capture {
        final Chunk[] chunks;
        final long[][] liveBits;
        final long[][] checkedBits;
        final long firstChunk;
        final long endRow;
        final long live;
        final long completeFromRow;
        final long evicted;

        Capture(Chunk[] chunks, long[][] liveBits, long[][] checkedBits, long firstChunk, long endRow, long live,
                long completeFromRow, long evicted) {
            this.chunks = chunks;
            this.liveBits = liveBits;
            this.checkedBits = checkedBits;
            this.firstChunk = firstChunk;
            this.endRow = endRow;
            this.live = live;
            this.completeFromRow = completeFromRow;
            this.evicted = evicted;
        }

        int slotOf(long row) {
            long s = (row >>> SHIFT) - firstChunk;
            return s < 0 || s >= chunks.length ? -1 : (int) s;
        }

        boolean isChecked(int slot, long row) {
            long[] bits = checkedBits[slot] != null ? checkedBits[slot] : chunks[slot].checkedBits;
            return Chunk.bit(bits, row - chunks[slot].base);
        }
    }
}
