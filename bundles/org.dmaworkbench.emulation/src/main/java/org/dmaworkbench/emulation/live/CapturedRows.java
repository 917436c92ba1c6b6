package org.dmaworkbench.emulation.live;

import java.util.List;

import org.dmaworkbench.emulation.live.MappingStore.Capture;
import org.dmaworkbench.emulation.live.MappingStore.Chunk;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;

/**
 * Reads rows of a {@link Capture} by handle ({@code slot << SHIFT | column index}): two array loads per field, no
 * allocation. Rows live at the capture read as live (their unmap time is never looked at), so what a later unmap
 * writes does not show.
 */
abstract class CapturedRows {
    private static final DmaDebugEntryType[] TYPES = DmaDebugEntryType.values();
    private static final DmaDirection[] DIRS = DmaDirection.values();

    final Capture cap;
    final Names names;
    final long version;

    CapturedRows(Capture cap, Names names, long version) {
        this.cap = cap;
        this.names = names;
        this.version = version;
    }

    /** The live-state version of the capture. */
    public long version() {
        return version;
    }

    static int handle(int slot, int index) {
        return slot << MappingStore.SHIFT | index;
    }

    final Chunk chunk(int h) {
        return cap.chunks[h >>> MappingStore.SHIFT];
    }

    static int col(int h) {
        return h & (MappingStore.CHUNK - 1);
    }

    final long hId(int h) {
        return chunk(h).rowAt(col(h));
    }

    final boolean hLive(int h) {
        int slot = h >>> MappingStore.SHIFT;
        long[] bits = cap.liveBits[slot];
        Chunk c = cap.chunks[slot];
        return bits != null && Chunk.bit(bits, c.rowAt(col(h)) - c.base);
    }

    final String hDevice(int h) {
        return names.devices[chunk(h).dev[col(h)]];
    }

    final String hDriver(int h) {
        return names.drivers[chunk(h).dev[col(h)]];
    }

    final int hDeviceIndex(int h) {
        return chunk(h).dev[col(h)];
    }

    final DmaDebugEntryType hType(int h) {
        return TYPES[chunk(h).meta[col(h)] & 7];
    }

    final String hTypeName(int h) {
        return hType(h).kernelName(names.v49);
    }

    final DmaDirection hDirection(int h) {
        return DIRS[(chunk(h).meta[col(h)] >>> MappingStore.META_DIR_SHIFT) & 3];
    }

    final DmaDebugMapErr hMapErr(int h) {
        Chunk c = chunk(h);
        int i = col(h);
        int initial = (c.meta[i] >>> MappingStore.META_MAPERR_SHIFT) & 3;
        if (initial == DmaDebugMapErr.NOT_APPLICABLE.ordinal()) {
            return DmaDebugMapErr.NOT_APPLICABLE;
        }
        return cap.isChecked(h >>> MappingStore.SHIFT, c.rowAt(i)) ? DmaDebugMapErr.CHECKED
                : DmaDebugMapErr.values()[initial];
    }

    final long hCpuPhys(int h) {
        return chunk(h).phys[col(h)];
    }

    final long hDmaAddr(int h) {
        return chunk(h).dma[col(h)];
    }

    final long hSize(int h) {
        return chunk(h).size[col(h)];
    }

    final long hAttrs(int h) {
        return chunk(h).attrs[col(h)] & 0xffffffffL;
    }

    final long hMapTime(int h) {
        return chunk(h).mapTime[col(h)];
    }

    final long hUnmapTime(int h) {
        return hLive(h) ? Mapping.LIVE : chunk(h).unmapTime[col(h)];
    }

    final List<String> hStack(int h) {
        Chunk c = chunk(h);
        int i = col(h);
        return names.stack(c.meta[i], c.stack[i]);
    }

    final Mapping hRow(int h) {
        return new Mapping(hId(h), hDevice(h), hDriver(h), hType(h), hTypeName(h), hCpuPhys(h), hDmaAddr(h), hSize(h),
                hDirection(h), hAttrs(h), hMapErr(h), hMapTime(h), hUnmapTime(h), hStack(h));
    }

    /** The handle of row {@code id}, or -1 when the capture does not hold it. */
    final int handleOf(long id) {
        if (id < 0 || id >= cap.endRow) {
            return -1;
        }
        int slot = cap.slotOf(id);
        if (slot < 0 || cap.chunks[slot] == null) {
            return -1;
        }
        int i = cap.chunks[slot].index(id);
        return i < 0 ? -1 : handle(slot, i);
    }

    /** Column index limit of a captured chunk: rows appended after the capture are not part of it. */
    final int limit(int slot) {
        Chunk c = cap.chunks[slot];
        return c.offsets == null ? (int) Math.max(0, Math.min(MappingStore.CHUNK, cap.endRow - c.base)) : c.count;
    }

    /** The sort key of a column for handle h (unsigned columns with the sign bit flipped). */
    final long key(MappingColumn column, int h, long[] deviceRank, long[] driverRank) {
        switch (column) {
        case ID:
            return hId(h);
        case DEVICE:
            return deviceRank[hDeviceIndex(h)];
        case DRIVER:
            return driverRank[hDeviceIndex(h)];
        case TYPE:
            return hTypeName(h).charAt(0) << 8 | hType(h).ordinal();
        case CPU_PHYS:
            return hCpuPhys(h) ^ Long.MIN_VALUE;
        case DMA_ADDR:
            return hDmaAddr(h) ^ Long.MIN_VALUE;
        case SIZE:
            return hSize(h) ^ Long.MIN_VALUE;
        case DIRECTION:
            return hDirection(h).ordinal();
        case ATTRS:
            return hAttrs(h);
        case MAP_ERR:
            return hMapErr(h).ordinal();
        case MAP_TIME:
            return hMapTime(h);
        default:
            throw new IllegalArgumentException(column.toString());
        }
    }

    /** Rank of each device (or driver) name in alphabetical order, for sorting by name. */
    final long[] rank(String[] strings) {
        int n = strings.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> String.valueOf(strings[a]).compareTo(String.valueOf(strings[b])));
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[order[i]] = i;
        }
        return r;
    }

    /** A permutation of {@code handles}' positions sorted by {@code column} (ties in id order). */
    final int[] sortedPositions(int[] handles, MappingColumn column, boolean descending) {
        int n = handles.length;
        long[] keys = new long[n];
        int[] idx = new int[n];
        long[] dr = column == MappingColumn.DEVICE ? rank(names.devices) : null;
        long[] vr = column == MappingColumn.DRIVER ? rank(names.drivers) : null;
        for (int i = 0; i < n; i++) {
            long k = key(column, handles[i], dr, vr);
            keys[i] = descending ? ~k : k;
            idx[i] = i;
        }
        LongIndexSort.sort(keys, idx);
        return idx;
    }
}
