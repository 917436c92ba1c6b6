package org.dmaworkbench.emulation.live;

import java.util.ArrayDeque;

/**
 * Transfers in columns, appended at start and completed once at the end, in chunks of 4096; the oldest chunks
 * are dropped to keep at most about {@code capacity} transfers. Chunks are never written after they are dropped.
 * Emulation thread only.
 */
final class TransferStore {
    static final int SHIFT = 12;
    static final int CHUNK = 1 << SHIFT;
    /** rows whose descriptor (chunk list) is kept: a descriptor costs about 100 bytes, a row 68 */
    static final int DESCRIPTORS_KEPT = 1 << 16;

    static final class Chunk {
        final long base;
        final long[] start = new long[CHUNK];
        final long[] end = new long[CHUNK];
        final long[] bytes = new long[CHUNK];
        final long[] planned = new long[CHUNK];
        final long[] src = new long[CHUNK];
        final long[] dst = new long[CHUNK];
        final int[] channel = new int[CHUNK];
        final int[] client = new int[CHUNK];
        /** direction ordinal | status ordinal << 4 */
        final int[] meta = new int[CHUNK];
        /** the descriptor the run started from, kept for the newest {@link #DESCRIPTORS_KEPT} rows only */
        final Object[] desc = new Object[CHUNK];

        Chunk(long base) {
            this.base = base;
        }
    }

    private final int capacity;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long nextRow;
    private long dropped;
    /** the longest run that ended (end - start): bounds how far back a window query looks */
    private long maxDuration;

    TransferStore(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("transfer capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    long nextRow() {
        return nextRow;
    }

    long start(int channel, int client, int direction, long startNs, long planned, long src, long dst) {
        return start(channel, client, direction, startNs, planned, src, dst, null);
    }

    long start(int channel, int client, int direction, long startNs, long planned, long src, long dst,
            Object descriptor) {
        long row = nextRow++;
        Chunk c = chunks.peekLast();
        if (c == null || row - c.base >= CHUNK) {
            c = new Chunk(row);
            chunks.addLast(c);
            while ((long) (chunks.size() - 1) * CHUNK > capacity) {
                chunks.removeFirst();
                dropped += CHUNK;
            }
        }
        int i = (int) (row - c.base);
        c.start[i] = startNs;
        c.end[i] = -1;
        c.planned[i] = planned;
        c.src[i] = src;
        c.dst[i] = dst;
        c.channel[i] = channel;
        c.client[i] = client;
        c.meta[i] = direction | TransferStatus.RUNNING.ordinal() << 4;
        c.desc[i] = descriptor;
        if (descriptor != null && row >= DESCRIPTORS_KEPT) {
            Chunk old = chunk(row - DESCRIPTORS_KEPT);
            if (old != null) {
                old.desc[(int) (row - DESCRIPTORS_KEPT - old.base)] = null;
            }
        }
        return row;
    }

    /** Completes row {@code row} (no effect when it was dropped meanwhile). */
    void end(long row, long endNs, long bytes, TransferStatus status) {
        Chunk c = chunk(row);
        if (c == null) {
            return;
        }
        int i = (int) (row - c.base);
        maxDuration = Math.max(maxDuration, endNs - c.start[i]);
        c.end[i] = endNs;
        c.bytes[i] = bytes;
        c.meta[i] = (c.meta[i] & 0xf) | status.ordinal() << 4;
    }

    private Chunk chunk(long row) {
        Chunk first = chunks.peekFirst();
        if (first == null || row < first.base) {
            return null;
        }
        for (var it = chunks.descendingIterator(); it.hasNext();) {
            Chunk c = it.next();
            if (row >= c.base) {
                return row - c.base < CHUNK ? c : null;
            }
        }
        return null;
    }

    Chunk[] captureChunks() {
        return chunks.toArray(new Chunk[0]);
    }

    long dropped() {
        return dropped;
    }

    long maxDuration() {
        return maxDuration;
    }
}
