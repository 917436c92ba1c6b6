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

    Names(String[] devices, String[] drivers, int deviceCount, String[] frames, boolean v49) {
        this.devices = devices;
        this.drivers = drivers;
        this.deviceCount = deviceCount;
        this.frames = frames;
        this.v49 = v49;
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
