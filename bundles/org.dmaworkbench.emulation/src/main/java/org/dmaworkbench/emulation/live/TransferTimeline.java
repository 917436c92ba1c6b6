package org.dmaworkbench.emulation.live;

import java.util.Arrays;

import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;

/**
 * The DMA transfers of a session at one version, in start order, column by column (row {@code i}, 0 ..
 * {@link #size()} - 1), for a timeline of a million transfers: per channel, start and end time, bytes, client,
 * direction and source/destination IOVA. Immutable; safe from any thread. Bounded: the oldest transfers are
 * dropped beyond {@link LiveStateConfig#transferHistory()} ({@link #dropped()} counts them).
 */
public final class TransferTimeline {
    private static final DmaTransferDirection[] DIRS = DmaTransferDirection.values();
    private static final TransferStatus[] STATUS = TransferStatus.values();

    private final TransferStore.Chunk[] chunks;
    private final long firstRow;
    private final long endRow;
    private final long[] ongoingRows;
    private final long[] ongoingBytes;
    private final String[] channels;
    private final int channelCount;
    private final Names names;
    private final long dropped;
    private final long version;
    private final long maxDuration;
    /** the smallest row running at the capture (Long.MAX_VALUE: none): older rows need no ongoing test */
    private final long ongoingMin;

    TransferTimeline(TransferStore.Chunk[] chunks, long endRow, long[] ongoingRows, long[] ongoingBytes,
            String[] channels, int channelCount, Names names, long dropped, long maxDuration, long version) {
        this.chunks = chunks;
        this.firstRow = chunks.length == 0 ? endRow : chunks[0].base;
        this.endRow = endRow;
        this.ongoingRows = ongoingRows;
        this.ongoingBytes = ongoingBytes;
        this.channels = channels;
        this.channelCount = channelCount;
        this.names = names;
        this.dropped = dropped;
        this.maxDuration = maxDuration;
        this.version = version;
        long min = Long.MAX_VALUE;
        for (long r : ongoingRows) {
            if (r >= 0) {
                min = Math.min(min, r);
            }
        }
        this.ongoingMin = min;
    }

    public long version() {
        return version;
    }

    /** Transfers kept. */
    public int size() {
        return (int) (endRow - firstRow);
    }

    /** Transfers dropped (the oldest) to keep the timeline bounded. */
    public long dropped() {
        return dropped;
    }

    /** The channels transfers name, in the order the recorder first saw them. */
    public java.util.List<String> channelNames() {
        return java.util.List.of(Arrays.copyOf(channels, channelCount));
    }

    private TransferStore.Chunk chunk(int i) {
        long row = firstRow + i;
        if (i < 0 || row >= endRow) {
            throw new IndexOutOfBoundsException(i + " of " + size());
        }
        return chunks[(int) ((row - chunks[0].base) >>> TransferStore.SHIFT)];
    }

    private static int col(long row) {
        return (int) (row & (TransferStore.CHUNK - 1));
    }

    private int ongoing(long row) {
        if (row < ongoingMin) {
            return -1;
        }
        for (int k = 0; k < ongoingRows.length; k++) {
            if (ongoingRows[k] == row) {
                return k;
            }
        }
        return -1;
    }

    public long id(int i) {
        return firstRow + i;
    }

    public String channel(int i) {
        return channels[chunk(i).channel[col(firstRow + i)]];
    }

    /** The channel's number in {@link #channelNames()}. */
    public int channelIndex(int i) {
        return chunk(i).channel[col(firstRow + i)];
    }

    public String client(int i) {
        int d = chunk(i).client[col(firstRow + i)];
        return d < 0 ? "" : names.devices[d];
    }

    public DmaTransferDirection direction(int i) {
        return DIRS[chunk(i).meta[col(firstRow + i)] & 0xf];
    }

    public TransferStatus status(int i) {
        long row = firstRow + i;
        return ongoing(row) >= 0 ? TransferStatus.RUNNING : STATUS[chunk(i).meta[col(row)] >>> 4];
    }

    public long startNs(int i) {
        return chunk(i).start[col(firstRow + i)];
    }

    /** -1 while running at this version. */
    public long endNs(int i) {
        long row = firstRow + i;
        return ongoing(row) >= 0 ? -1 : chunk(i).end[col(row)];
    }

    public long bytes(int i) {
        long row = firstRow + i;
        int k = ongoing(row);
        return k >= 0 ? ongoingBytes[k] : chunk(i).bytes[col(row)];
    }

    public long plannedBytes(int i) {
        return chunk(i).planned[col(firstRow + i)];
    }

    public long srcIova(int i) {
        return chunk(i).src[col(firstRow + i)];
    }

    public long dstIova(int i) {
        return chunk(i).dst[col(firstRow + i)];
    }

    /**
     * The descriptor the run started from ({@code struct rcar_dmac_desc}: its chunks with source, destination and
     * bytes), or null when it is not kept (only the newest 65,536 runs keep theirs) or the channel had none.
     */
    public DmaChannelSnapshot.Descriptor descriptor(int i) {
        return (DmaChannelSnapshot.Descriptor) chunk(i).desc[col(firstRow + i)];
    }

    public Transfer row(int i) {
        return new Transfer(id(i), channel(i), client(i), direction(i), startNs(i), endNs(i), bytes(i),
                plannedBytes(i), srcIova(i), dstIova(i), status(i));
    }

    /** The first row starting at or after {@code t} (start times only grow). */
    private int firstStartingAt(long t) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (startNs(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The rows overlapping {@code [fromNs, toNs)} (started before toNs, not ended by fromNs), optionally of one
     * channel ({@code channelIndex} &lt; 0: all). Rows are in start order and no finished run lasted longer than
     * the longest one seen, so only the rows that started in {@code [fromNs - longest, toNs)} and the runs still
     * going are looked at.
     */
    public int[] overlapping(long fromNs, long toNs, int channelIndex) {
        int end = firstStartingAt(toNs);
        int start = fromNs - maxDuration < fromNs ? firstStartingAt(fromNs - maxDuration) : 0;
        int[] out = new int[64];
        int k = 0;
        for (long r : ongoingRows) {
            int i = (int) (r - firstRow);
            if (r >= firstRow && i < start && (channelIndex < 0 || channelIndex(i) == channelIndex)) {
                if (k == out.length) {
                    out = Arrays.copyOf(out, k * 2);
                }
                out[k++] = i;
            }
        }
        Arrays.sort(out, 0, k);
        for (int i = start; i < end; i++) {
            if (channelIndex >= 0 && channelIndex(i) != channelIndex) {
                continue;
            }
            long e = endNs(i);
            if (e != -1 && e <= fromNs) {
                continue;
            }
            if (k == out.length) {
                out = Arrays.copyOf(out, k * 2);
            }
            out[k++] = i;
        }
        return Arrays.copyOf(out, k);
    }
}
