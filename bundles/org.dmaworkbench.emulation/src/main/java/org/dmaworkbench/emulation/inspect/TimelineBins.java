package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.TransferStatus;
import org.dmaworkbench.emulation.live.TransferTimeline;

/**
 * The transfer timeline aggregated to what a view can draw: for a window of virtual time split into pixel columns,
 * per lane and column how busy the lane was, how many runs and bytes it saw, whose run took most of the column and
 * whether one ended with an error. One pass over the runs overlapping the window (a window query of
 * {@link TransferTimeline#overlapping}), whatever the zoom: at full zoom-out of a million runs that is one pass over
 * them; zoomed in, a lane with few runs also lists them ({@link Lane#rows()}) so each is drawn as its own bar.
 * Mapping lifetimes aggregate the same way, one lane per device.
 */
public final class TimelineBins {
    /** A lane lists its runs individually when it has at most this many in the window. */
    public static final int DETAIL_LIMIT = 2000;

    /**
     * One lane in the window.
     *
     * @param busy      per column: the fraction of the column's time the lane was busy (0..1; for mapping lanes the
     *                  number of mappings live in it, at most {@code Float.MAX_VALUE})
     * @param count     per column: the runs (or mappings) overlapping it
     * @param bytes     per column: bytes of the runs that started in it
     * @param dominant  per column: the row of the run overlapping the column longest, -1 when none
     * @param error     per column: whether a run overlapping it ended with an error
     * @param rows      the rows overlapping the window when there are at most {@link #DETAIL_LIMIT}, else null
     * @param total     rows overlapping the window
     */
    public record Lane(float[] busy, int[] count, long[] bytes, int[] dominant, boolean[] error, int[] rows,
            int total) {
    }

    private TimelineBins() {
    }

    private static Lane[] newLanes(int lanes, int columns) {
        Lane[] out = new Lane[lanes];
        for (int l = 0; l < lanes; l++) {
            int[] dom = new int[columns];
            Arrays.fill(dom, -1);
            out[l] = new Lane(new float[columns], new int[columns], new long[columns], dom, new boolean[columns], null,
                    0);
        }
        return out;
    }

    /**
     * Bins the runs of the channels in {@code [fromNs, toNs)} (open runs end at {@code nowNs}).
     *
     * @param laneOfChannel the lane of each channel index of {@link TransferTimeline#channelNames()}, -1: none
     * @param lanes         number of lanes
     * @param columns       pixel columns across the window
     */
    public static Lane[] transfers(TransferTimeline tl, int[] laneOfChannel, int lanes, long fromNs, long toNs,
            long nowNs, int columns) {
        Lane[] out = newLanes(lanes, columns);
        if (toNs <= fromNs || columns <= 0) {
            return out;
        }
        double perCol = (double) (toNs - fromNs) / columns;
        float[][] longest = new float[lanes][columns];
        int[] totals = new int[lanes];
        int[][] detail = new int[lanes][];
        int[] detailN = new int[lanes];
        for (int i : tl.overlapping(fromNs, toNs, -1)) {
            int ch = tl.channelIndex(i);
            int l = ch < laneOfChannel.length ? laneOfChannel[ch] : -1;
            if (l < 0) {
                continue;
            }
            Lane lane = out[l];
            long s = tl.startNs(i);
            long e = tl.endNs(i);
            if (e < 0) {
                e = Math.max(nowNs, s + 1);
            }
            long a = Math.max(s, fromNs);
            long b = Math.min(Math.max(e, s + 1), toNs);
            int c0 = (int) Math.min(columns - 1, (long) ((a - fromNs) / perCol));
            int c1 = (int) Math.min(columns - 1, (long) ((b - 1 - fromNs) / perCol));
            boolean err = tl.status(i) == TransferStatus.ERROR;
            for (int c = c0; c <= c1; c++) {
                double colA = fromNs + c * perCol;
                double colB = colA + perCol;
                float part = (float) ((Math.min(b, colB) - Math.max(a, colA)) / perCol);
                lane.busy()[c] = Math.min(1f, lane.busy()[c] + Math.max(part, 0));
                lane.count()[c]++;
                if (part > longest[l][c]) {
                    longest[l][c] = part;
                    lane.dominant()[c] = i;
                } else if (lane.dominant()[c] < 0) {
                    lane.dominant()[c] = i;
                }
                if (err) {
                    lane.error()[c] = true;
                }
            }
            if (s >= fromNs) {
                lane.bytes()[c0] += tl.bytes(i);
            }
            totals[l]++;
            if (totals[l] <= DETAIL_LIMIT) {
                if (detail[l] == null) {
                    detail[l] = new int[16];
                } else if (detailN[l] == detail[l].length) {
                    detail[l] = Arrays.copyOf(detail[l], detailN[l] * 2);
                }
                detail[l][detailN[l]++] = i;
            }
        }
        for (int l = 0; l < lanes; l++) {
            Lane x = out[l];
            int[] rows = totals[l] <= DETAIL_LIMIT ? (detail[l] == null ? new int[0] : Arrays.copyOf(detail[l], detailN[l]))
                    : null;
            out[l] = new Lane(x.busy(), x.count(), x.bytes(), x.dominant(), x.error(), rows, totals[l]);
        }
        return out;
    }

    /**
     * Bins mapping lifetimes per device: {@code busy} holds the most mappings live at once in each column (at
     * column granularity), {@code count} the mappings overlapping it.
     *
     * @param laneOf the lane of a device name, -1 for none
     */
    public static Lane[] mappings(MappingHistory h, java.util.function.ToIntFunction<String> laneOf, int lanes,
            long fromNs, long toNs, long nowNs, int columns) {
        Lane[] out = newLanes(lanes, columns);
        if (toNs <= fromNs || columns <= 0) {
            return out;
        }
        double perCol = (double) (toNs - fromNs) / columns;
        int[] totals = new int[lanes];
        List<List<Integer>> detail = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            detail.add(new ArrayList<>());
        }
        for (int i : h.overlapping(fromNs, toNs)) {
            int l = laneOf.applyAsInt(h.device(i));
            if (l < 0) {
                continue;
            }
            long s = h.mapTimeNs(i);
            if (s == org.dmaworkbench.emulation.live.Mapping.UNKNOWN_TIME) {
                s = fromNs;
            }
            long e = h.unmapTimeNs(i);
            if (e == org.dmaworkbench.emulation.live.Mapping.LIVE) {
                e = Math.max(nowNs, s + 1);
            }
            long a = Math.max(s, fromNs);
            long b = Math.min(Math.max(e, s + 1), toNs);
            int c0 = (int) Math.min(columns - 1, Math.max(0, (long) ((a - fromNs) / perCol)));
            int c1 = (int) Math.min(columns - 1, Math.max(0, (long) ((b - 1 - fromNs) / perCol)));
            Lane lane = out[l];
            for (int c = c0; c <= c1; c++) {
                lane.count()[c]++;
                lane.busy()[c] = lane.count()[c];
                if (lane.dominant()[c] < 0) {
                    lane.dominant()[c] = i;
                }
            }
            if (s >= fromNs) {
                lane.bytes()[c0] += h.size(i);
            }
            totals[l]++;
            if (totals[l] <= DETAIL_LIMIT) {
                detail.get(l).add(i);
            }
        }
        for (int l = 0; l < lanes; l++) {
            Lane x = out[l];
            int[] rows = totals[l] <= DETAIL_LIMIT ? detail.get(l).stream().mapToInt(Integer::intValue).toArray() : null;
            out[l] = new Lane(x.busy(), x.count(), x.bytes(), x.dominant(), x.error(), rows, totals[l]);
        }
        return out;
    }
}
