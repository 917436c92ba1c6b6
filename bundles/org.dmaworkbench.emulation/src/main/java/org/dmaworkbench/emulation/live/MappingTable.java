package org.dmaworkbench.emulation.live;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.dmaworkbench.emulation.live.MappingStore.Capture;
import org.dmaworkbench.emulation.live.MappingStore.Chunk;

/**
 * The mappings live at one version, immutable, read column by column: row {@code i} (0 .. {@link #size()} - 1)
 * in map order (by {@link #id(int)}). Made for a virtual table of a million rows: the view asks only for the
 * rows it paints, {@link #sortedIndex} sorts and {@link #filter} filters without creating row objects, and
 * {@link #row(int)} makes a {@link Mapping} when a whole row is wanted. Safe to read from any thread; reading
 * never blocks the emulation.
 * <p>
 * Taking the table costs a copy of the chunk table and of the changed chunks' bitmaps (about 1 KiB per 4096
 * rows); the row index ({@code int} per row) is built on first access, on the reader's thread.
 */
public final class MappingTable extends CapturedRows {
    private volatile int[] handles;

    MappingTable(Capture cap, Names names, long version) {
        super(cap, names, version);
    }

    /** Number of live mappings. */
    @Override
    public int size() {
        return (int) cap.live;
    }

    @Override
    int[] handles() {
        int[] h = handles;
        if (h == null) {
            h = new int[(int) cap.live];
            int n = 0;
            for (int s = 0; s < cap.chunks.length; s++) {
                Chunk c = cap.chunks[s];
                long[] bits = cap.liveBits[s];
                if (c == null || bits == null) {
                    continue;
                }
                int lim = limit(s);
                if (c.offsets == null) {
                    for (int w = 0; w < bits.length; w++) {
                        long word = bits[w];
                        while (word != 0) {
                            int i = w << 6 | Long.numberOfTrailingZeros(word);
                            word &= word - 1;
                            if (i < lim) {
                                h[n++] = handle(s, i);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < lim; i++) {
                        if (Chunk.bit(bits, c.offsets[i])) {
                            h[n++] = handle(s, i);
                        }
                    }
                }
            }
            if (n != h.length) {
                throw new IllegalStateException("live count " + h.length + " but " + n + " live rows");
            }
            handles = h;
        }
        return h;
    }

    /** The mapping {@code id} if it is live in this table. */
    public java.util.Optional<Mapping> byId(long id) {
        int i = indexOfId(id);
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(row(i));
    }

    /** The rows {@code keep} accepts, ascending. */
    public int[] filter(IntPredicate keep) {
        int n = size();
        int[] out = new int[Math.min(n, 1024)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep.test(i)) {
                if (k == out.length) {
                    out = Arrays.copyOf(out, Math.max(16, k * 2));
                }
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
