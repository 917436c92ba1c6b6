package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.List;

/**
 * The strings rows refer to by number, captured with a snapshot: devices with their drivers, and the kernel
 * function frames of "Mapped at" stacks. The recorder only appends (and grows by copying), so a captured prefix
 * never changes.
 */
final class Names {
    final String[] devices;
    final String[] drivers;
    /** devices (and drivers) captured: the arrays may have later entries, which this capture does not see */
    final int deviceCount;
    final String[] frames;
    final boolean v49;
    /** leaked mapping ids, in the order found (an append-only array: the captured prefix never changes) */
    private final long[] leakedLog;
    private final int leakedCount;
    private volatile long[] leakedSorted;
    private volatile boolean[] coreFrames;

    Names(String[] devices, String[] drivers, int deviceCount, String[] frames, boolean v49) {
        this(devices, drivers, deviceCount, frames, v49, new long[0], 0);
    }

    Names(String[] devices, String[] drivers, int deviceCount, String[] frames, boolean v49, long[] leaked,
            int leakedCount) {
        this.devices = devices;
        this.drivers = drivers;
        this.deviceCount = deviceCount;
        this.frames = frames;
        this.v49 = v49;
        this.leakedLog = leaked;
        this.leakedCount = leakedCount;
    }

    /** The leaked ids, sorted (built on first use, on the reader's thread). */
    long[] leaked() {
        long[] s = leakedSorted;
        if (s == null) {
            s = java.util.Arrays.copyOf(leakedLog, leakedCount);
            java.util.Arrays.sort(s);
            leakedSorted = s;
        }
        return s;
    }

    boolean isLeaked(long id) {
        return leakedCount > 0 && java.util.Arrays.binarySearch(leaked(), id) >= 0;
    }

    /** Number of frames the capture may refer to. */
    int frameCount() {
        return frames.length;
    }

    /**
     * Whether frame {@code id} is a function of the DMA-API itself (dma-debug, the mapping layer, the IOMMU DMA
     * back-ends), not of the driver that called it ({@link CallSites}).
     */
    boolean isCoreFrame(int id) {
        boolean[] c = coreFrames;
        if (c == null || id >= c.length) {
            c = new boolean[frames.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = frames[i] != null && CallSites.isCore(frames[i]);
            }
            coreFrames = c;
        }
        return c[id];
    }

    /** The frame id of a row's call site (its innermost driver frame), -1 when it has none. */
    int callSiteFrame(int meta, long packed) {
        int len = (meta >>> MappingStore.META_STACKLEN_SHIFT) & 7;
        if (len == 0) {
            return -1;
        }
        int hook = meta >>> MappingStore.META_HOOK_SHIFT;
        if (!isCoreFrame(hook)) {
            return hook;
        }
        for (int i = 1; i < len; i++) {
            int f = (int) (packed >>> (16 * (i - 1))) & 0xffff;
            if (!isCoreFrame(f)) {
                return f;
            }
        }
        return -1;
    }

    /** The saved stack of a row: meta carries the hook frame and length, {@code packed} the caller's frames. */
    List<String> stack(int meta, long packed) {
        int len = (meta >>> MappingStore.META_STACKLEN_SHIFT) & 7;
        if (len == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(len);
        out.add(frames[meta >>> MappingStore.META_HOOK_SHIFT]);
        for (int i = 1; i < len; i++) {
            out.add(frames[(int) (packed >>> (16 * (i - 1))) & 0xffff]);
        }
        return out;
    }
}
