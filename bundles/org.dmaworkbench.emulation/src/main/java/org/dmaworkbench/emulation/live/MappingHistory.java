package org.dmaworkbench.emulation.live;

import java.util.Arrays;

import org.dmaworkbench.emulation.live.MappingStore.Capture;

/**
 * Every mapping kept at one version, live or unmapped, with its lifetime: for the timeline, for "what was live
 * at time t" and for the history table. Rows are in map order (by id). Immutable; safe from any thread.
 * <p>
 * What is kept is bounded ({@link LiveStateConfig#mappingHistory()}): every live mapping, and the most recently
 * made unmapped ones. Older unmapped mappings are dropped, oldest first, {@value MappingStore#CHUNK} at a time;
 * {@link #completeFromId()} tells from which mapping on nothing was dropped and {@link #dropped()} how many were.
 */
public final class MappingHistory extends CapturedRows {
    private volatile int[] handles;

    MappingHistory(Capture cap, Names names, long version) {
        super(cap, names, version);
    }

    @Override
    int[] handles() {
        int[] h = handles;
        if (h == null) {
            int total = 0;
            for (int s = 0; s < cap.chunks.length; s++) {
                if (cap.chunks[s] != null) {
                    total += limit(s);
                }
            }
            h = new int[total];
            int n = 0;
            for (int s = 0; s < cap.chunks.length; s++) {
                if (cap.chunks[s] != null) {
                    int lim = limit(s);
                    for (int i = 0; i < lim; i++) {
                        h[n++] = handle(s, i);
                    }
                }
            }
            handles = h;
        }
        return h;
    }

    /** Number of mappings kept (live and unmapped). */
    @Override
    public int size() {
        return handles().length;
    }

    /** Mappings ever made up to this version (kept or not). */
    public long made() {
        return cap.endRow;
    }

    /** Unmapped mappings dropped to keep the history bounded. */
    public long dropped() {
        return cap.evicted;
    }

    /**
     * The first id from which every mapping made is kept; for older ids only those still live (at the time they
     * were dropped) are.
     */
    public long completeFromId() {
        return cap.completeFromRow;
    }

    /** Virtual time of the unmap, {@link Mapping#LIVE} while live at this version. */
    public long unmapTimeNs(int i) {
        return hUnmapTime(h(i));
    }

    public boolean isLive(int i) {
        return hLive(h(i));
    }

    /** The rows of the mappings live at virtual time {@code t} (mapped at or before t, unmapped after it). */
    public int[] liveAt(long t) {
        return overlapping(t, t, true);
    }

    /**
     * The rows whose lifetime overlaps {@code [fromNs, toNs)}: mapped before {@code toNs} and not unmapped by
     * {@code fromNs}, for a timeline window. O(rows kept).
     */
    public int[] overlapping(long fromNs, long toNs) {
        return overlapping(fromNs, toNs, false);
    }

    private int[] overlapping(long from, long to, boolean instant) {
        int[] hs = handles();
        int[] out = new int[64];
        int k = 0;
        for (int i = 0; i < hs.length; i++) {
            int h = hs[i];
            long map = hMapTime(h);
            if (instant ? map > from : map >= to) {
                continue;
            }
            long unmap = hUnmapTime(h);
            if (unmap != Mapping.LIVE && unmap <= from) {
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
