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

    /** Number of rows. */
    public abstract int size();

    /** The handle of each row, in id order (built on first use). */
    abstract int[] handles();

    final int h(int i) {
        return handles()[i];
    }

    /** The mapping's id ({@link Mapping#id()}). */
    public long id(int i) {
        return hId(h(i));
    }

    /** {@code dev_name()} of the device that mapped. */
    public String device(int i) {
        return hDevice(h(i));
    }

    /** The driver bound when it was mapped. */
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

    /** The CPU physical address ({@code P=}). */
    public long cpuPhys(int i) {
        return hCpuPhys(h(i));
    }

    /** The DMA address ({@code D=}): an IOVA behind an IOMMU. */
    public long dmaAddr(int i) {
        return hDmaAddr(h(i));
    }

    /** Bytes ({@code L=}). */
    public long size(int i) {
        return hSize(h(i));
    }

    public DmaDirection direction(int i) {
        return hDirection(h(i));
    }

    /** {@code DMA_ATTR_*} bits of the mapping call. */
    public long attrs(int i) {
        return hAttrs(h(i));
    }

    /** Whether {@code dma_mapping_error()} was called on it, as of this version (or its unmap). */
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

    /** The call site: the innermost driver frame of the stack, stripped; "" without a stack ({@link CallSites}). */
    public String callSite(int i) {
        int f = hCallSite(h(i));
        return f < 0 ? "" : names.frames[f].strip();
    }

    /** Whether the mapping was live when its device's driver was unbound (dma-debug reported pending DMA). */
    public boolean isLeaked(int i) {
        return names.isLeaked(hId(h(i)));
    }

    /** Whether any mapping of this capture is leaked. */
    public boolean hasLeaks() {
        return names.leaked().length > 0;
    }

    /** Row {@code i} as a value. */
    public Mapping row(int i) {
        return hRow(h(i));
    }

    /** The row of mapping {@code id}, or -1 when this capture does not have it (O(log n)). */
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

    /**
     * The rows sorted by {@code column}: element k is the row to show k-th. Addresses and sizes compare unsigned,
     * names alphabetically; equal keys stay in id order. O(n log n), no row objects.
     */
    public int[] sortedIndex(MappingColumn column, boolean descending) {
        return sortedPositions(handles(), column, descending);
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

    final int hCallSite(int h) {
        Chunk c = chunk(h);
        int i = col(h);
        return names.callSiteFrame(c.meta[i], c.stack[i]);
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
        return key(column, h, deviceRank, driverRank, null);
    }

    final long key(MappingColumn column, int h, long[] deviceRank, long[] driverRank, long[] frameRank) {
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
        case CALL_SITE: {
            int f = hCallSite(h);
            return f < 0 ? -1 : frameRank[f];
        }
        case UNMAP_TIME: {
            long t = hUnmapTime(h);
            return t == Mapping.LIVE ? Long.MAX_VALUE : t;
        }
        default:
            throw new IllegalArgumentException(column.toString());
        }
    }

    /** Rank of each device (or driver) name in alphabetical order, for sorting by name. */
    final long[] rank(String[] strings) {
        int n = names.deviceCount;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> strings[a].compareTo(strings[b]));
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[order[i]] = i;
        }
        return r;
    }

    /** Rank of each frame's stripped text in alphabetical order, for sorting by call site. */
    final long[] frameRank() {
        int n = names.frameCount();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        String[] f = names.frames;
        java.util.Arrays.sort(order, (a, b) -> (f[a] == null ? "" : f[a].strip()).compareTo(f[b] == null ? "" : f[b].strip()));
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
        long[] fr = column == MappingColumn.CALL_SITE ? frameRank() : null;
        for (int i = 0; i < n; i++) {
            long k = key(column, handles[i], dr, vr, fr);
            keys[i] = descending ? ~k : k;
            idx[i] = i;
        }
        LongIndexSort.sort(keys, idx);
        return idx;
    }
}
