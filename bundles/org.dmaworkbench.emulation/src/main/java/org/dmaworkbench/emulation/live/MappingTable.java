package org.dmaworkbench.emulation.live;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import org.dmaworkbench.emulation.live.MappingStore.Capture;
import org.dmaworkbench.emulation.live.MappingStore.Chunk;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;

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
    public int size() {
        return (int) cap.live;
    }

    private int[] handles() {
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

    private int h(int i) {
        return handles()[i];
    }

    public long id(int i) {
        return hId(h(i));
    }

    public String device(int i) {
        return hDevice(h(i));
    }

    public String driver(int i) {
        return hDriver(h(i));
    }

    public DmaDebugEntryType type(int i) {
        return hType(h(i));
    }

    /** As dma-debug prints it ({@code single}, {@code scatter-gather}, {@code resource}, ...). */
    public String typeName(int i) {
        return hTypeName(h(i));
    }

    public long cpuPhys(int i) {
        return hCpuPhys(h(i));
    }

    public long dmaAddr(int i) {
        return hDmaAddr(h(i));
    }

    public long size(int i) {
        return hSize(h(i));
    }

    public DmaDirection direction(int i) {
        return hDirection(h(i));
    }

    public long attrs(int i) {
        return hAttrs(h(i));
    }

    public DmaDebugMapErr mapErr(int i) {
        return hMapErr(h(i));
    }

    /** Virtual time of the map call, {@link Mapping#UNKNOWN_TIME} when not known. */
    public long mapTimeNs(int i) {
        return hMapTime(h(i));
    }

    /** "Mapped at" frames, the dma-debug hook first; empty when the source has no stacks. */
    public List<String> stack(int i) {
        return hStack(h(i));
    }

    /** Row {@code i} as a value. */
    public Mapping row(int i) {
        return hRow(h(i));
    }

    /** The row of mapping {@code id}, or -1 when it is not live in this table (O(log n)). */
    public int indexOfId(long id) {
        int[] hs = handles();
        int lo = 0;
        int hi = hs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = hId(hs[mid]);
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The mapping {@code id} if it is live in this table. */
    public java.util.Optional<Mapping> byId(long id) {
        int i = indexOfId(id);
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(row(i));
    }

    /**
     * The rows sorted by {@code column}: element k is the row to show k-th. Addresses and sizes compare unsigned,
     * names alphabetically; equal keys stay in id order. O(n log n), no row objects.
     */
    public int[] sortedIndex(MappingColumn column, boolean descending) {
        return sortedPositions(handles(), column, descending);
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
