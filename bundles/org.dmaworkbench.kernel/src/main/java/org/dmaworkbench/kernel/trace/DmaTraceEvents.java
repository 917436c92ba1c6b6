package org.dmaworkbench.kernel.trace;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;

/**
 * The {@code dma:*} trace events of include/trace/events/dma.h (Linux 6.12).
 * <p>
 * Static {@code formatXxx} methods produce exactly the event's {@code TP_printk} text; the instance methods,
 * named after the events, check that the event is enabled, format it and emit it through a {@link Tracer}.
 * Conventions of the emulation: {@code %p} (the {@code virt_addr} of the alloc/free events) is printed as with
 * the {@code no_hash_pointers} boot option, {@code 2 * sizeof(void *)} zero-padded hex digits (lib/vsprintf.c,
 * {@code pointer_string()}): 16 on arm64, 8 on 32-bit ARM; {@code gfp_t} flags are passed already rendered the way
 * {@code show_gfp_flags()} prints them (e.g. {@code "GFP_KERNEL"}, {@link org.dmaworkbench.kernel.mm.Gfp#show}).
 */
public final class DmaTraceEvents {
    public static final String SYSTEM = "dma";

    public static final String DMA_MAP_PAGE = "dma_map_page";
    public static final String DMA_MAP_RESOURCE = "dma_map_resource";
    public static final String DMA_UNMAP_PAGE = "dma_unmap_page";
    public static final String DMA_UNMAP_RESOURCE = "dma_unmap_resource";
    public static final String DMA_ALLOC = "dma_alloc";
    public static final String DMA_ALLOC_PAGES = "dma_alloc_pages";
    public static final String DMA_ALLOC_SGT_ERR = "dma_alloc_sgt_err";
    public static final String DMA_ALLOC_SGT = "dma_alloc_sgt";
    public static final String DMA_FREE = "dma_free";
    public static final String DMA_FREE_PAGES = "dma_free_pages";
    public static final String DMA_FREE_SGT = "dma_free_sgt";
    public static final String DMA_MAP_SG = "dma_map_sg";
    public static final String DMA_MAP_SG_ERR = "dma_map_sg_err";
    public static final String DMA_UNMAP_SG = "dma_unmap_sg";
    public static final String DMA_SYNC_SINGLE_FOR_CPU = "dma_sync_single_for_cpu";
    public static final String DMA_SYNC_SINGLE_FOR_DEVICE = "dma_sync_single_for_device";
    public static final String DMA_SYNC_SG_FOR_CPU = "dma_sync_sg_for_cpu";
    public static final String DMA_SYNC_SG_FOR_DEVICE = "dma_sync_sg_for_device";

    /** {@code DMA_TRACE_MAX_ENTRIES}: dma_map_sg records at most this many entries of each array. */
    public static final int DMA_TRACE_MAX_ENTRIES = 128;

    private static final long[] ATTR_MASKS = { DmaAttrs.WEAK_ORDERING, DmaAttrs.WRITE_COMBINE,
            DmaAttrs.NO_KERNEL_MAPPING, DmaAttrs.SKIP_CPU_SYNC, DmaAttrs.FORCE_CONTIGUOUS,
            DmaAttrs.ALLOC_SINGLE_PAGES, DmaAttrs.NO_WARN, DmaAttrs.PRIVILEGED };
    private static final String[] ATTR_NAMES = { "WEAK_ORDERING", "WRITE_COMBINE", "NO_KERNEL_MAPPING",
            "SKIP_CPU_SYNC", "FORCE_CONTIGUOUS", "ALLOC_SINGLE_PAGES", "NO_WARN", "PRIVILEGED" };

    private final Tracer tracer;
    private final int pointerBytes;

    /** Events of a 64-bit kernel. */
    public DmaTraceEvents(Tracer tracer) {
        this(tracer, 8);
    }

    /** @param pointerBytes {@code sizeof(void *)}: 4 on 32-bit ARM, 8 on arm64 */
    public DmaTraceEvents(Tracer tracer, int pointerBytes) {
        this.tracer = tracer;
        this.pointerBytes = pointerBytes;
    }

    // ------------------------------------------------------------------ decoders

    /** {@code decode_dma_data_direction()}: {@code __print_symbolic} over BIDIRECTIONAL, TO_DEVICE, FROM_DEVICE, NONE. */
    public static String decodeDirection(DmaDirection dir) {
        switch (dir) {
        case BIDIRECTIONAL:
            return "BIDIRECTIONAL";
        case TO_DEVICE:
            return "TO_DEVICE";
        case FROM_DEVICE:
            return "FROM_DEVICE";
        default:
            return "NONE";
        }
    }

    /**
     * {@code decode_dma_attrs()}: {@code __print_flags(attrs, "|", ...)} - the known names in table order joined
     * by '|', then any unknown bits left over as {@code 0x..}; empty for 0.
     */
    public static String decodeAttrs(long attrs) {
        StringBuilder sb = new StringBuilder();
        long left = attrs;
        for (int i = 0; i < ATTR_MASKS.length && left != 0; i++) {
            if ((left & ATTR_MASKS[i]) != ATTR_MASKS[i]) {
                continue;
            }
            left &= ~ATTR_MASKS[i];
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(ATTR_NAMES[i]);
        }
        if (left != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Long.toHexString(left));
        }
        return sb.toString();
    }

    /** {@code __print_array()} of u64 or u32 elements: {@code {0x..,0x..}}. */
    static void printArray(StringBuilder sb, long[] values, int count, boolean u32) {
        sb.append('{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("0x").append(Long.toHexString(u32 ? values[i] & 0xffffffffL : values[i]));
        }
        sb.append('}');
    }

    /** {@code %p} of a 64-bit kernel under no_hash_pointers: 16 zero-padded lower-case hex digits, no prefix. */
    static String pointer(long p) {
        return pointer(p, 8);
    }

    /** {@code %p} under no_hash_pointers: {@code 2 * pointerBytes} zero-padded hex digits of the pointer's bits. */
    public static String pointer(long p, int pointerBytes) {
        int digits = 2 * pointerBytes;
        String h = Long.toHexString(pointerBytes == 4 ? p & 0xffff_ffffL : p);
        return h.length() >= digits ? h : "0000000000000000".substring(0, digits - h.length()) + h;
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    private static String size(long size) {
        return Long.toUnsignedString(size);
    }

    private static StringBuilder head(Device dev, DmaDirection dir) {
        return new StringBuilder(96).append(dev.name()).append(" dir=").append(decodeDirection(dir));
    }

    // ------------------------------------------------------------------ formatters (TP_printk)

    /** dma_map_page / dma_map_resource (class dma_map). */
    public static String formatMap(Device dev, long physAddr, long dmaAddr, long size, DmaDirection dir,
            long attrs) {
        return head(dev, dir).append(" dma_addr=").append(hex(dmaAddr)).append(" size=").append(size(size))
                .append(" phys_addr=").append(hex(physAddr)).append(" attrs=").append(decodeAttrs(attrs))
                .toString();
    }

    /** dma_unmap_page / dma_unmap_resource (class dma_unmap). */
    public static String formatUnmap(Device dev, long dmaAddr, long size, DmaDirection dir, long attrs) {
        return head(dev, dir).append(" dma_addr=").append(hex(dmaAddr)).append(" size=").append(size(size))
                .append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_alloc / dma_alloc_pages / dma_alloc_sgt_err (class dma_alloc_class). */
    public static String formatAlloc(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            String gfpFlags, long attrs) {
        return formatAlloc(dev, virtAddr, dmaAddr, size, dir, gfpFlags, attrs, 8);
    }

    /** As {@link #formatAlloc(Device, long, long, long, DmaDirection, String, long)} for a kernel whose pointers have {@code pointerBytes} bytes. */
    public static String formatAlloc(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            String gfpFlags, long attrs, int pointerBytes) {
        return head(dev, dir).append(" dma_addr=").append(hex(dmaAddr)).append(" size=").append(size(size))
                .append(" virt_addr=").append(pointer(virtAddr, pointerBytes)).append(" flags=").append(gfpFlags)
                .append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_free / dma_free_pages (class dma_free_class). */
    public static String formatFree(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            long attrs) {
        return formatFree(dev, virtAddr, dmaAddr, size, dir, attrs, 8);
    }

    /** As {@link #formatFree(Device, long, long, long, DmaDirection, long)} for a kernel whose pointers have {@code pointerBytes} bytes. */
    public static String formatFree(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            long attrs, int pointerBytes) {
        return head(dev, dir).append(" dma_addr=").append(hex(dmaAddr)).append(" size=").append(size(size))
                .append(" virt_addr=").append(pointer(virtAddr, pointerBytes)).append(" attrs=").append(decodeAttrs(attrs))
                .toString();
    }

    /** dma_alloc_sgt: {@code sgl[0..origNents)} are the table's entries, dma_addr is the first's. */
    public static String formatAllocSgt(Device dev, Scatterlist[] sgl, int origNents, long size, DmaDirection dir,
            String gfpFlags, long attrs) {
        StringBuilder sb = head(dev, dir).append(" dma_addr=").append(hex(sgl[0].dmaAddress())).append(" size=")
                .append(size(size)).append(" phys_addrs=");
        printArray(sb, phys(sgl, origNents), origNents, false);
        return sb.append(" flags=").append(gfpFlags).append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_free_sgt */
    public static String formatFreeSgt(Device dev, Scatterlist[] sgl, int origNents, long size, DmaDirection dir) {
        StringBuilder sb = head(dev, dir).append(" dma_addr=").append(hex(sgl[0].dmaAddress())).append(" size=")
                .append(size(size)).append(" phys_addrs=");
        printArray(sb, phys(sgl, origNents), origNents, false);
        return sb.toString();
    }

    /**
     * dma_map_sg: at most {@link #DMA_TRACE_MAX_ENTRIES} of the nents CPU entries and of the ents mapped
     * segments are recorded; " [TRUNCATED]" follows the counts when either was cut.
     */
    public static String formatMapSg(Device dev, Scatterlist[] sgl, int nents, int ents, DmaDirection dir,
            long attrs) {
        int tracedNents = Math.min(nents, DMA_TRACE_MAX_ENTRIES);
        int tracedEnts = Math.min(ents, DMA_TRACE_MAX_ENTRIES);
        boolean truncated = nents > DMA_TRACE_MAX_ENTRIES || ents > DMA_TRACE_MAX_ENTRIES;
        StringBuilder sb = head(dev, dir).append(" nents=").append(tracedNents).append('/').append(nents)
                .append(" ents=").append(tracedEnts).append('/').append(ents)
                .append(truncated ? " [TRUNCATED]" : "").append(" dma_addrs=");
        printArray(sb, dmaAddrs(sgl, tracedEnts), tracedEnts, false);
        sb.append(" sizes=");
        printArray(sb, dmaLens(sgl, tracedEnts), tracedEnts, true);
        sb.append(" phys_addrs=");
        printArray(sb, phys(sgl, tracedNents), tracedNents, false);
        return sb.append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_map_sg_err: note the kernel labels the physical addresses "dma_addrs". */
    public static String formatMapSgErr(Device dev, Scatterlist[] sgl, int nents, int err, DmaDirection dir,
            long attrs) {
        StringBuilder sb = head(dev, dir).append(" dma_addrs=");
        printArray(sb, phys(sgl, nents), nents, false);
        return sb.append(" err=").append(err).append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_unmap_sg */
    public static String formatUnmapSg(Device dev, Scatterlist[] sgl, int nents, DmaDirection dir, long attrs) {
        StringBuilder sb = head(dev, dir).append(" phys_addrs=");
        printArray(sb, phys(sgl, nents), nents, false);
        return sb.append(" attrs=").append(decodeAttrs(attrs)).toString();
    }

    /** dma_sync_single_for_cpu / dma_sync_single_for_device (class dma_sync_single). */
    public static String formatSyncSingle(Device dev, long dmaAddr, long size, DmaDirection dir) {
        return head(dev, dir).append(" dma_addr=").append(hex(dmaAddr)).append(" size=").append(size(size))
                .toString();
    }

    /** dma_sync_sg_for_cpu / dma_sync_sg_for_device (class dma_sync_sg). */
    public static String formatSyncSg(Device dev, Scatterlist[] sgl, int nents, DmaDirection dir) {
        StringBuilder sb = head(dev, dir).append(" dma_addrs=");
        printArray(sb, dmaAddrs(sgl, nents), nents, false);
        sb.append(" sizes=");
        printArray(sb, dmaLens(sgl, nents), nents, true);
        return sb.toString();
    }

    private static long[] phys(Scatterlist[] sgl, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = sgl[i].phys();
        }
        return a;
    }

    private static long[] dmaAddrs(Scatterlist[] sgl, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = sgl[i].dmaAddress();
        }
        return a;
    }

    private static long[] dmaLens(Scatterlist[] sgl, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = sgl[i].dmaLength() & 0xffffffffL;
        }
        return a;
    }

    // ------------------------------------------------------------------ emitters

    private boolean on(String name) {
        return tracer.isEnabled(SYSTEM, name);
    }

    public void dmaMapPage(Device dev, long physAddr, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_MAP_PAGE)) {
            tracer.emit(SYSTEM, DMA_MAP_PAGE, formatMap(dev, physAddr, dmaAddr, size, dir, attrs));
        }
    }

    public void dmaMapResource(Device dev, long physAddr, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_MAP_RESOURCE)) {
            tracer.emit(SYSTEM, DMA_MAP_RESOURCE, formatMap(dev, physAddr, dmaAddr, size, dir, attrs));
        }
    }

    public void dmaUnmapPage(Device dev, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_UNMAP_PAGE)) {
            tracer.emit(SYSTEM, DMA_UNMAP_PAGE, formatUnmap(dev, dmaAddr, size, dir, attrs));
        }
    }

    public void dmaUnmapResource(Device dev, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_UNMAP_RESOURCE)) {
            tracer.emit(SYSTEM, DMA_UNMAP_RESOURCE, formatUnmap(dev, dmaAddr, size, dir, attrs));
        }
    }

    public void dmaAlloc(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir, String gfpFlags,
            long attrs) {
        if (on(DMA_ALLOC)) {
            tracer.emit(SYSTEM, DMA_ALLOC, formatAlloc(dev, virtAddr, dmaAddr, size, dir, gfpFlags, attrs, pointerBytes));
        }
    }

    public void dmaAllocPages(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            String gfpFlags, long attrs) {
        if (on(DMA_ALLOC_PAGES)) {
            tracer.emit(SYSTEM, DMA_ALLOC_PAGES, formatAlloc(dev, virtAddr, dmaAddr, size, dir, gfpFlags, attrs, pointerBytes));
        }
    }

    public void dmaAllocSgtErr(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir,
            String gfpFlags, long attrs) {
        if (on(DMA_ALLOC_SGT_ERR)) {
            tracer.emit(SYSTEM, DMA_ALLOC_SGT_ERR,
                    formatAlloc(dev, virtAddr, dmaAddr, size, dir, gfpFlags, attrs, pointerBytes));
        }
    }

    public void dmaAllocSgt(Device dev, Scatterlist[] sgl, int origNents, long size, DmaDirection dir,
            String gfpFlags, long attrs) {
        if (on(DMA_ALLOC_SGT)) {
            tracer.emit(SYSTEM, DMA_ALLOC_SGT, formatAllocSgt(dev, sgl, origNents, size, dir, gfpFlags, attrs));
        }
    }

    public void dmaFree(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_FREE)) {
            tracer.emit(SYSTEM, DMA_FREE, formatFree(dev, virtAddr, dmaAddr, size, dir, attrs, pointerBytes));
        }
    }

    public void dmaFreePages(Device dev, long virtAddr, long dmaAddr, long size, DmaDirection dir, long attrs) {
        if (on(DMA_FREE_PAGES)) {
            tracer.emit(SYSTEM, DMA_FREE_PAGES, formatFree(dev, virtAddr, dmaAddr, size, dir, attrs, pointerBytes));
        }
    }

    public void dmaFreeSgt(Device dev, Scatterlist[] sgl, int origNents, long size, DmaDirection dir) {
        if (on(DMA_FREE_SGT)) {
            tracer.emit(SYSTEM, DMA_FREE_SGT, formatFreeSgt(dev, sgl, origNents, size, dir));
        }
    }

    public void dmaMapSg(Device dev, Scatterlist[] sgl, int nents, int ents, DmaDirection dir, long attrs) {
        if (on(DMA_MAP_SG)) {
            tracer.emit(SYSTEM, DMA_MAP_SG, formatMapSg(dev, sgl, nents, ents, dir, attrs));
        }
    }

    public void dmaMapSgErr(Device dev, Scatterlist[] sgl, int nents, int err, DmaDirection dir, long attrs) {
        if (on(DMA_MAP_SG_ERR)) {
            tracer.emit(SYSTEM, DMA_MAP_SG_ERR, formatMapSgErr(dev, sgl, nents, err, dir, attrs));
        }
    }

    public void dmaUnmapSg(Device dev, Scatterlist[] sgl, int nents, DmaDirection dir, long attrs) {
        if (on(DMA_UNMAP_SG)) {
            tracer.emit(SYSTEM, DMA_UNMAP_SG, formatUnmapSg(dev, sgl, nents, dir, attrs));
        }
    }

    public void dmaSyncSingleForCpu(Device dev, long dmaAddr, long size, DmaDirection dir) {
        if (on(DMA_SYNC_SINGLE_FOR_CPU)) {
            tracer.emit(SYSTEM, DMA_SYNC_SINGLE_FOR_CPU, formatSyncSingle(dev, dmaAddr, size, dir));
        }
    }

    public void dmaSyncSingleForDevice(Device dev, long dmaAddr, long size, DmaDirection dir) {
        if (on(DMA_SYNC_SINGLE_FOR_DEVICE)) {
            tracer.emit(SYSTEM, DMA_SYNC_SINGLE_FOR_DEVICE, formatSyncSingle(dev, dmaAddr, size, dir));
        }
    }

    public void dmaSyncSgForCpu(Device dev, Scatterlist[] sgl, int nents, DmaDirection dir) {
        if (on(DMA_SYNC_SG_FOR_CPU)) {
            tracer.emit(SYSTEM, DMA_SYNC_SG_FOR_CPU, formatSyncSg(dev, sgl, nents, dir));
        }
    }

    public void dmaSyncSgForDevice(Device dev, Scatterlist[] sgl, int nents, DmaDirection dir) {
        if (on(DMA_SYNC_SG_FOR_DEVICE)) {
            tracer.emit(SYSTEM, DMA_SYNC_SG_FOR_DEVICE, formatSyncSg(dev, sgl, nents, dir));
        }
    }
}
