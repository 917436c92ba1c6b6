package org.dmaworkbench.emulation.inspect;

import java.util.Arrays;

import org.dmaworkbench.emulation.live.TransferStatus;
import org.dmaworkbench.emulation.live.TransferTimeline;

/**
 * The level-of-detail summary of a transfer timeline: per channel lane, the runs' busy time, count, bytes, longest
 * run and errors in each of {@link #BUCKETS} equal buckets of the whole extent, built once per snapshot (off the UI
 * thread, one pass over the runs). A window wider than a few buckets per pixel column is then binned from the
 * buckets ({@code O(lanes x buckets in the window)}, whatever the number of runs); a narrower one from the runs in it
 * ({@link TimelineBins#transfers}), which are few when the window is small. Counts and bytes go to the bucket
 * where a run starts; busy time to every bucket it covers.
 */
public final class TimelineSummary {
    /** Buckets across the extent. */
    public static final int BUCKETS = 1 << 15;

    private final long start;
    private final double width;
    private final int lanes;
    private final long[][] busy;
    private final int[][] count;
    private final long[][] bytes;
    private final int[][] longest;
    private final long[][] longestNs;
    private final boolean[][] error;

    private TimelineSummary(long start, double width, int lanes) {
        this.start = start;
        this.width = width;
        this.lanes = lanes;
        busy = new long[lanes][BUCKETS];
        count = new int[lanes][BUCKETS];
        bytes = new long[lanes][BUCKETS];
        longest = new int[lanes][BUCKETS];
        longestNs = new long[lanes][BUCKETS];
        error = new boolean[lanes][BUCKETS];
        for (int[] l : longest) {
            Arrays.fill(l, -1);
        }
    }

    /** One pass over the runs of {@code tl} between {@code startNs} and {@code endNs} (the layout's extent). */
    public static TimelineSummary of(TransferTimeline tl, int[] laneOfChannel, int lanes, long startNs, long endNs,
            long nowNs) {
        TimelineSummary s = new TimelineSummary(startNs, Math.max(1.0, (double) (endNs - startNs) / BUCKETS), lanes);
        int n = tl.size();
        for (int i = 0; i < n; i++) {
            int ch = tl.channelIndex(i);
            int l = ch < laneOfChannel.length ? laneOfChannel[ch] : -1;
            if (l < 0) {
                continue;
            }
            long a = tl.startNs(i);
            long e = tl.endNs(i);
            if (e < 0) {
                e = Math.max(nowNs, a + 1);
            }
            long b = Math.max(e, a + 1);
            int b0 = s.bucket(a);
            int b1 = s.bucket(b - 1);
            boolean err = tl.status(i) == TransferStatus.ERROR;
            for (int k = b0; k <= b1; k++) {
                long ka = s.start + (long) (k * s.width);
                long kb = s.start + (long) ((k + 1) * s.width);
                long part = Math.min(b, kb) - Math.max(a, ka);
                if (part <= 0 && b0 != b1) {
                    continue;
                }
                s.busy[l][k] += Math.max(part, 0);
                if (part > s.longestNs[l][k] || s.longest[l][k] < 0) {
                    s.longestNs[l][k] = part;
                    s.longest[l][k] = i;
                }
                s.error[l][k] |= err;
            }
            s.count[l][b0]++;
            s.bytes[l][b0] += tl.bytes(i);
        }
        return s;
    }

    private int bucket(long t) {
        return (int) Math.max(0, Math.min(BUCKETS - 1, (long) ((t - start) / width)));
    }

    /** Whether windows of {@code [fromNs, toNs)} over {@code columns} are binned from the buckets. */
    public boolean covers(long fromNs, long toNs, int columns) {
        return (double) (toNs - fromNs) / Math.max(1, columns) >= 4 * width;
    }

    /**
     * The window binned from the buckets (the lanes' {@code rows} are null: too many to list). Each bucket goes to
     * the one column its middle falls in, so a run is counted once.
     */
    public TimelineBins.Lane[] bins(long fromNs, long toNs, int columns) {
        TimelineBins.Lane[] out = new TimelineBins.Lane[lanes];
        double perCol = (double) (toNs - fromNs) / columns;
        int k0 = bucket(fromNs);
        int k1 = bucket(toNs - 1);
        for (int l = 0; l < lanes; l++) {
            long[] busyNs = new long[columns];
            int[] cnt = new int[columns];
            long[] by = new long[columns];
            int[] dom = new int[columns];
            long[] best = new long[columns];
            boolean[] er = new boolean[columns];
            Arrays.fill(dom, -1);
            int total = 0;
            for (int k = k0; k <= k1; k++) {
                double mid = start + (k + 0.5) * width;
                int c = (int) Math.max(0, Math.min(columns - 1, (long) ((mid - fromNs) / perCol)));
                busyNs[c] += busy[l][k];
                cnt[c] += count[l][k];
                by[c] += bytes[l][k];
                er[c] |= error[l][k];
                if (longest[l][k] >= 0 && (dom[c] < 0 || longestNs[l][k] > best[c])) {
                    best[c] = longestNs[l][k];
                    dom[c] = longest[l][k];
                }
                total += count[l][k];
            }
            float[] bz = new float[columns];
            for (int c = 0; c < columns; c++) {
                bz[c] = (float) Math.min(1.0, busyNs[c] / perCol);
            }
            out[l] = new TimelineBins.Lane(bz, cnt, by, dom, er, null, total);
        }
        return out;
    }
}
