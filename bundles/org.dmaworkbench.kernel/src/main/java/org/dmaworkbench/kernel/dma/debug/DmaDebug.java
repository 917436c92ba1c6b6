package org.dmaworkbench.kernel.dma.debug;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Predicate;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;

/**
 * The DMA-API debugging layer of kernel/dma/debug.c (Linux 6.12; lib/dma-debug.c of 4.9 under
 * {@link KernelProfile#V4_9}): it records every mapping the DMA-API hands out and reports, with the kernel's
 * exact message texts, every misuse that file detects. The DMA-API calls the {@code debugDma*} hooks at the same
 * points as the kernel; the debugfs files of {@code /sys/kernel/debug/dma-api/} are the knob methods and
 * {@link #dump(Appendable)}.
 *
 * <h2>Model</h2>
 * <ul>
 * <li>Entries live in {@code HASH_SIZE} buckets (16384 in 6.12, 1024 in 4.9) indexed by
 * {@code (dev_addr >> 13) & (HASH_SIZE - 1)}, each a list in insertion order, which fixes the order of the
 * {@code dump} file, of the unbind report's "one of leaked entries" and of the containing-range search of the
 * sync checks. A second index by exact device address (insertion-ordered chains) gives the same best-fit result
 * as the kernel's bucket walk for unmap and {@code dma_mapping_error()} in constant time.</li>
 * <li>The entry pool is counted as the kernel counts it: {@code PREALLOC_DMA_DEBUG_ENTRIES} (65536) up front,
 * grown by {@code DMA_DEBUG_DYNAMIC_ENTRIES} = PAGE_SIZE / sizeof(struct dma_debug_entry) = 4096 / 128 = 32
 * (arm64: 112 bytes padded to the 64-byte cache line) when it runs dry. Under 4.9 the pool is the arm64
 * {@code PREALLOC_DMA_DEBUG_ENTRIES} of 4096 and never grows: running out disables dma-debug.</li>
 * <li>The active-cacheline radix tree is a map from cacheline number ({@code paddr >> L1_CACHE_SHIFT}, 6 on
 * arm64) to the overlap count the kernel keeps in the three radix tree tags, saturating at
 * {@code ACTIVE_CACHELINE_MAX_OVERLAP} = 7.</li>
 * <li>Messages go through {@code err_printk} rules: {@code error_count} always counts; printing needs the driver
 * filter to match and {@code all_errors} or a positive {@code num_errors}, which counts down.</li>
 * </ul>
 * <h2>Emulation conventions</h2>
 * {@code %p} is printed as with the {@code no_hash_pointers} boot option ({@code 2 * sizeof(void *)} hex digits, no
 * prefix: 16 on arm64, 8 on 32-bit ARM), so the reported addresses are real. Each mapping saves {@code DMA_DEBUG_STACKTRACE_ENTRIES} (5) frames: the hook
 * itself (e.g. {@code debug_dma_map_page}, the first frame {@code stack_trace_save(.., 1)} keeps) and the four
 * innermost frames of the {@link KernelCallStack}. When the bus notifier reports an unbind the driver is already
 * detached, so the message names the bus ({@code dev_driver_string()} falls back to the bus name).
 * CONFIG_DMA_API_DEBUG_SG (default y) is on unless {@link #setDebugSg(boolean)} turns it off.
 * <p>
 * <p>
 * {@code debug_dma_map_page()} begins, in both kernels, with {@code dma_mapping_error(dev, dma_addr)}, whose first
 * step is {@code debug_dma_mapping_error()}: mapping an address that a live, unchecked entry of the same device
 * already has marks that older entry "checked" (dma-direct hands out the same address when a buffer is mapped
 * twice). {@code check_unmap()} calls {@code dma_mapping_error()} too when it finds no entry. No other hook does
 * ({@code debug_dma_map_resource()}, {@code debug_dma_map_sg()}, the coherent hooks).
 *
 * <h2>4.9 (lib/dma-debug.c) as modelled, and what is known to differ</h2>
 * Under {@link KernelProfile#V4_9}: the "page" type for dma_map_page(), "scather-gather", the message prefix after
 * the device and an unprefixed "Mapped at:", 1024 buckets, a fixed pool of 4096 entries, no EEXIST report, no
 * {@code debug_dma_map_single()} and no sg segment checks, no dump file. {@code bucket_find_contain()} walks back
 * {@code dma_get_max_seg_size()} bytes (64 KiB when the device has no {@code dma_parms} or a zero
 * {@code max_segment_size}); the {@code unsigned int} loop of 4.9, which never ends for a maximum of 4 GiB - 1,
 * stops here after 2^19 + 1 buckets. {@code dma_sync_single_range_for_{cpu,device}()} reach
 * {@code debug_dma_sync_single_range_for_{cpu,device}()}, which check {@code (addr, offset + size)}
 * ({@link #debugDmaSyncSingleRangeForCpu}). Known differences that are not modelled:
 * <ul>
 * <li>the {@code dma:*} trace events are emitted for 4.9 too ({@code include/trace/events/dma.h} is much newer);
 * they are a workbench aid;</li>
 * <li>{@code %p} and {@code %pa} values come from the emulated (6.12) arm64 memory layout; 4.9's linear map was
 * the upper half of the kernel address space, so the printed stack, text and rodata addresses differ from a 4.9
 * kernel's (the format, 16 hex digits, is 4.9's: {@code %p} was not hashed before 4.15);</li>
 * <li>4.9 records coherent buffers by {@code page_to_pfn(virt_to_page(virt))}, a wrong page for vmalloc-area
 * remaps; here the real page is recorded (alloc and free agree either way, so no report differs);</li>
 * <li>{@code pfn_valid()} of 4.9 arm64 excludes {@code no-map} memory; here every RAM bank counts;</li>
 * <li>the saved trace starts with the hook as in 6.12; which frame 4.9's arm64 {@code save_stack_trace()} with
 * {@code skip = 2} kept first, and its {@code ULONG_MAX} terminator line after shallow stacks, are not modelled;</li>
 * <li>4.9's reports are printed without the {@code WARN()} block (cut here, WARNING line, call trace) that 6.12's
 * carry: the lines of lib/dma-debug.c are not known here.</li>
 * </ul>
 * Hot paths (map/unmap/sync/mapping_error) do not allocate unless the pool or an index grows or a message is
 * printed. Not thread-safe: calls must come from the emulation thread or be serialized by the caller.
 */
public final class DmaDebug {

    // ---- constants of kernel/dma/debug.c and arm64 ----
    static final int HASH_SIZE_6_12 = 16384;
    static final int HASH_SIZE_4_9 = 1024;
    static final int HASH_FN_SHIFT = 13;
    /** PREALLOC_DMA_DEBUG_ENTRIES of 6.12 kernel/dma/debug.c */
    public static final int PREALLOC_DMA_DEBUG_ENTRIES = 1 << 16;
    /** arm64's PREALLOC_DMA_DEBUG_ENTRIES in 4.9 (arch/arm64/mm/dma-mapping.c) */
    public static final int PREALLOC_DMA_DEBUG_ENTRIES_4_9_ARM64 = 4096;
    /** PAGE_SIZE / sizeof(struct dma_debug_entry) on arm64 with CONFIG_STACKTRACE */
    public static final int DMA_DEBUG_DYNAMIC_ENTRIES = 32;
    static final int DMA_DEBUG_STACKTRACE_ENTRIES = 5;
    static final int ACTIVE_CACHELINE_MAX_OVERLAP = (1 << 3) - 1;
    static final int L1_CACHE_SHIFT = 6;
    static final int PAGE_SHIFT = 12;
    static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    static final int NAME_MAX_LEN = 64;

    // entry types (internal codes; names depend on the profile)
    static final int T_SINGLE = 0;
    static final int T_SG = 1;
    static final int T_COHERENT = 2;
    static final int T_RESOURCE = 3;
    static final int T_NONCOHERENT = 4;
    static final int T_PAGE = 5; // 4.9 only

    static final int MAP_ERR_CHECK_NOT_APPLICABLE = 0;
    static final int MAP_ERR_NOT_CHECKED = 1;
    static final int MAP_ERR_CHECKED = 2;

    private static final String[] MAPERR2STR = { "dma map error check not applicable", "dma map error not checked",
            "dma map error checked" };
    private static final String[] DIR2NAME = { "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE",
            "DMA_NONE" };

    private final KernelMemoryLayout layout;
    private final KernelLog log;
    private final KernelProfile profile;
    private final KernelCallStack stack;
    /** sizeof(void *) of the emulated kernel: the width of %p and of %lu */
    private final int pointerBytes;
    private final boolean v49;
    private final int hashSize;
    private final int hashMask;
    private final int nrPreallocEntries;

    // ---- entry storage (struct of arrays, ids 0..used-1) ----
    private int capacity;
    private int used;
    private int[] freeIds;
    private int freeTop;
    private Device[] eDev;
    /**
     * The entries' scalar fields, {@link #ENTRY_LONGS} longs (64 bytes) per entry, so that one entry sits in one
     * or two adjacent cache lines: device address, size, physical address, then type | dir << 8 | map_err << 16 | stack length
     * << 24 | sg_call_ents << 32, sg_mapped_ents, hash bucket links (next | prev << 32) and address chain links
     * (next | prev << 32). Separate arrays per field put a mapping's fields in a dozen cache lines (and, for
     * large arrays, in the same cache set).
     */
    private long[] ent;
    private int live;

    private final int[] bucketHead;
    private final int[] bucketTail;
    /** head of the address chain the last findExact() walked (valid until the index changes) */
    private int lastExactHead = -1;
    /** dev_addr -> first entry with that address (chain through xNext, xPrev of the head is the tail) */
    private final LongIntMap byAddr = new LongIntMap(1024);
    /** cacheline number -> overlap count (0..7) of the dma_active_cacheline radix tree */
    private final LongIntMap activeCachelines = new LongIntMap(1024);

    // ---- debugfs-visible state ----
    private boolean globalDisable;
    private int errorCount;
    private boolean showAllErrors;
    private int showNumErrors = 1;
    private int numFreeEntries;
    private int minFreeEntries;
    private int nrTotalEntries;
    private String currentDriverName = "";

    /**
     * The kernel function of the hook being run, for the WARN call trace, as an index into {@link #HOOK_NAMES}
     * (an int, so that setting it on every hook costs no reference store).
     */
    private int hook;
    private static final int HOOK_DEBUG_DMA_MAP_SINGLE = 1;
    private static final int HOOK_DEBUG_DMA_MAP_PAGE = 2;
    private static final int HOOK_DEBUG_DMA_MAPPING_ERROR = 3;
    private static final int HOOK_DEBUG_DMA_UNMAP_PAGE = 4;
    private static final int HOOK_DEBUG_DMA_MAP_SG = 5;
    private static final int HOOK_DEBUG_DMA_UNMAP_SG = 6;
    private static final int HOOK_DEBUG_DMA_ALLOC_COHERENT = 7;
    private static final int HOOK_DEBUG_DMA_FREE_COHERENT = 8;
    private static final int HOOK_DEBUG_DMA_MAP_RESOURCE = 9;
    private static final int HOOK_DEBUG_DMA_UNMAP_RESOURCE = 10;
    private static final int HOOK_DEBUG_DMA_SYNC_SINGLE_FOR_CPU = 11;
    private static final int HOOK_DEBUG_DMA_SYNC_SINGLE_FOR_DEVICE = 12;
    private static final int HOOK_DEBUG_DMA_SYNC_SG_FOR_CPU = 13;
    private static final int HOOK_DEBUG_DMA_SYNC_SG_FOR_DEVICE = 14;
    private static final int HOOK_DEBUG_DMA_ALLOC_PAGES = 15;
    private static final int HOOK_DEBUG_DMA_FREE_PAGES = 16;
    private static final int HOOK_DMA_DEBUG_DEVICE_CHANGE = 17;
    private static final int HOOK_DEBUG_DMA_SYNC_SINGLE_RANGE_FOR_CPU = 18; // 4.9 only
    private static final int HOOK_DEBUG_DMA_SYNC_SINGLE_RANGE_FOR_DEVICE = 19; // 4.9 only
    /** Kernel function names of the hooks, indexed by the HOOK_* codes (0: none yet). */
    private static final String[] HOOK_NAMES = { "", "debug_dma_map_single", "debug_dma_map_page", "debug_dma_mapping_error", "debug_dma_unmap_page", "debug_dma_map_sg", "debug_dma_unmap_sg", "debug_dma_alloc_coherent", "debug_dma_free_coherent", "debug_dma_map_resource", "debug_dma_unmap_resource", "debug_dma_sync_single_for_cpu", "debug_dma_sync_single_for_device", "debug_dma_sync_sg_for_cpu", "debug_dma_sync_sg_for_device", "debug_dma_alloc_pages", "debug_dma_free_pages", "dma_debug_device_change", "debug_dma_sync_single_range_for_cpu", "debug_dma_sync_single_range_for_device" };

    /** the last page found clean by the area checks of a mapping, and the layout generation then (-1: none) */
    private long cleanPage = -1;
    private long cleanGen = -1;
    /** the last virtual page debug_dma_map_single() found valid and not vmalloc, and the generation then */
    private long cleanVirtPage = -1;
    private long cleanVirtGen = -1;

    private boolean debugSg = true;
    private boolean overlapWarned;
    /** sees entries come and go and every error; null (the common case) costs one test per hook */
    private DmaDebugObserver observer;
    /** whether the error errBegin() just counted is to be printed (errPrint() always tells the observer) */
    private boolean printing;
    private Predicate<Device> swiotlbActive = d -> false;

    // frame ids of the hooks (first saved frame)
    private final int frameMapPage;
    private final int frameMapSg;
    private final int frameAllocCoherent;
    private final int frameMapResource;
    private final int frameAllocPages;

    /** dma-debug as a 6.12 (or 4.9) kernel initializes it, with its own call stack. */
    public DmaDebug(KernelMemoryLayout layout, KernelLog log, KernelProfile profile) {
        this(layout, log, profile, new KernelCallStack());
    }

    /** dma-debug sharing the emulated task's call stack with the DMA-API and drivers. */
    public DmaDebug(KernelMemoryLayout layout, KernelLog log, KernelProfile profile, KernelCallStack stack) {
        this(layout, log, profile, stack, profile == KernelProfile.V4_9 ? PREALLOC_DMA_DEBUG_ENTRIES_4_9_ARM64
                : PREALLOC_DMA_DEBUG_ENTRIES);
    }

    /**
     * As with the {@code dma_debug_entries=} command line option.
     *
     * @param nrPreallocEntries number of entries to preallocate, &gt; 0
     */
    public DmaDebug(KernelMemoryLayout layout, KernelLog log, KernelProfile profile, KernelCallStack stack,
            int nrPreallocEntries) {
        if (layout == null || log == null || profile == null || stack == null) {
            throw new IllegalArgumentException("dma-debug needs a memory layout, a log, a profile and a call stack");
        }
        if (nrPreallocEntries <= 0) {
            throw new IllegalArgumentException("dma_debug_entries must be positive, got " + nrPreallocEntries);
        }
        this.layout = layout;
        this.log = log;
        this.profile = profile;
        this.stack = stack;
        this.pointerBytes = layout.pointerBytes();
        this.v49 = profile == KernelProfile.V4_9;
        this.hashSize = v49 ? HASH_SIZE_4_9 : HASH_SIZE_6_12;
        this.hashMask = hashSize - 1;
        this.nrPreallocEntries = nrPreallocEntries;
        bucketHead = new int[hashSize];
        bucketTail = new int[hashSize];
        Arrays.fill(bucketHead, -1);
        Arrays.fill(bucketTail, -1);
        allocStorage(1024);
        frameMapPage = stack.intern("debug_dma_map_page", null);
        frameMapSg = stack.intern("debug_dma_map_sg", null);
        frameAllocCoherent = stack.intern("debug_dma_alloc_coherent", null);
        frameMapResource = stack.intern("debug_dma_map_resource", null);
        frameAllocPages = stack.intern("debug_dma_alloc_pages", null);
        // dma_debug_init()
        if (v49) {
            numFreeEntries = nrPreallocEntries;
            nrTotalEntries = nrPreallocEntries;
        } else {
            int nrPages = (nrPreallocEntries + DMA_DEBUG_DYNAMIC_ENTRIES - 1) / DMA_DEBUG_DYNAMIC_ENTRIES;
            numFreeEntries = nrPages * DMA_DEBUG_DYNAMIC_ENTRIES;
            nrTotalEntries = numFreeEntries;
        }
        minFreeEntries = numFreeEntries;
        info(null, "preallocated " + nrTotalEntries + " debug entries");
        info(null, "debugging enabled by kernel config");
    }

    public KernelCallStack callStack() {
        return stack;
    }

    public KernelProfile profile() {
        return profile;
    }

    // =====================================================================================================
    // storage
    // =====================================================================================================

    private void allocStorage(int cap) {
        capacity = cap;
        freeIds = new int[cap];
        ent = new long[cap * ENTRY_LONGS];
        eDev = new Device[cap];
    }

    private void growStorage() {
        int cap = capacity * 2;
        capacity = cap;
        freeIds = Arrays.copyOf(freeIds, cap);
        ent = Arrays.copyOf(ent, cap * ENTRY_LONGS);
        eDev = Arrays.copyOf(eDev, cap);
    }

    // ---- entry fields in ent[] ----

    private static final int ENTRY_LONGS = 8;
    private static final int F_DEV_ADDR = 0;
    private static final int F_SIZE = 1;
    private static final int F_PADDR = 2;
    private static final int F_META = 3;
    private static final int F_SG_MAPPED = 4;
    private static final int F_BUCKET = 5;
    private static final int F_CHAIN = 6;
    /** the innermost frames of the call stack when the entry was made, packed by KernelCallStack */
    private static final int F_STACK = 7;

    private long eDevAddr(int e) {
        return ent[e * ENTRY_LONGS + F_DEV_ADDR];
    }

    private void eDevAddr(int e, long v) {
        ent[e * ENTRY_LONGS + F_DEV_ADDR] = v;
    }

    private long eSize(int e) {
        return ent[e * ENTRY_LONGS + F_SIZE];
    }

    private void eSize(int e, long v) {
        ent[e * ENTRY_LONGS + F_SIZE] = v;
    }

    private long ePaddr(int e) {
        return ent[e * ENTRY_LONGS + F_PADDR];
    }

    private void ePaddr(int e, long v) {
        ent[e * ENTRY_LONGS + F_PADDR] = v;
    }

    private int metaByte(int e, int shift) {
        return (int) (ent[e * ENTRY_LONGS + F_META] >>> shift) & 0xff;
    }

    private void metaByte(int e, int shift, int v) {
        int i = e * ENTRY_LONGS + F_META;
        ent[i] = (ent[i] & ~(0xffL << shift)) | ((long) (v & 0xff) << shift);
    }

    private int lo(int e, int field) {
        return (int) ent[e * ENTRY_LONGS + field];
    }

    private void lo(int e, int field, int v) {
        int i = e * ENTRY_LONGS + field;
        ent[i] = (ent[i] & 0xffff_ffff_0000_0000L) | (v & 0xffff_ffffL);
    }

    private int hi(int e, int field) {
        return (int) (ent[e * ENTRY_LONGS + field] >>> 32);
    }

    private void hi(int e, int field, int v) {
        int i = e * ENTRY_LONGS + field;
        ent[i] = (ent[i] & 0xffff_ffffL) | ((long) v << 32);
    }

    /** Both links of a pair word in one store. */
    private void links(int e, int field, int next, int prev) {
        ent[e * ENTRY_LONGS + field] = (long) prev << 32 | (next & 0xffff_ffffL);
    }

    /** Type, direction and map_err in one read-modify-write (stack length and sg_call_ents stay). */
    private void typeDirMapErr(int e, int type, int dir, int mapErr) {
        int i = e * ENTRY_LONGS + F_META;
        ent[i] = (ent[i] & ~0xff_ffffL) | (type & 0xff) | (dir & 0xff) << 8 | (long) (mapErr & 0xff) << 16;
    }

    private int eType(int e) {
        return metaByte(e, 0);
    }

    private void eType(int e, int v) {
        metaByte(e, 0, v);
    }

    private int eDir(int e) {
        return metaByte(e, 8);
    }

    private void eDir(int e, int v) {
        metaByte(e, 8, v);
    }

    private int eMapErr(int e) {
        return metaByte(e, 16);
    }

    private void eMapErr(int e, int v) {
        metaByte(e, 16, v);
    }

    private int eStackLen(int e) {
        return metaByte(e, 24);
    }

    private int eSgCallEnts(int e) {
        return hi(e, F_META);
    }

    private void eSgCallEnts(int e, int v) {
        hi(e, F_META, v);
    }

    private int eSgMappedEnts(int e) {
        return lo(e, F_SG_MAPPED);
    }

    private void eSgMappedEnts(int e, int v) {
        lo(e, F_SG_MAPPED, v);
    }

    private int bNext(int e) {
        return lo(e, F_BUCKET);
    }

    private void bNext(int e, int v) {
        lo(e, F_BUCKET, v);
    }

    private int bPrev(int e) {
        return hi(e, F_BUCKET);
    }

    private void bPrev(int e, int v) {
        hi(e, F_BUCKET, v);
    }

    private int xNext(int e) {
        return lo(e, F_CHAIN);
    }

    private void xNext(int e, int v) {
        lo(e, F_CHAIN, v);
    }

    private int xPrev(int e) {
        return hi(e, F_CHAIN);
    }

    private void xPrev(int e, int v) {
        hi(e, F_CHAIN, v);
    }

    /** dma_entry_alloc(): counts the pool as the kernel does, saves the stack; -1 when dma-debug gave up. */
    private int entryAlloc(int hookFrame) {
        if (numFreeEntries == 0) {
            if (!growPool()) {
                return -1;
            }
        } else {
            numFreeEntries--;
            if (numFreeEntries < minFreeEntries) {
                minFreeEntries = numFreeEntries;
            }
        }
        int id;
        if (freeTop > 0) {
            id = freeIds[--freeTop];
        } else {
            if (used == capacity) {
                growStorage();
            }
            id = used++;
        }
        // stack_trace_save(): the hook, then the innermost frames of the caller
        int stackLen = 1 + Math.min(stack.depth(), DMA_DEBUG_STACKTRACE_ENTRIES - 1);
        ent[id * ENTRY_LONGS + F_STACK] = stack.innermostPacked();
        // sg_call_ents 0, stack length, map_err "not applicable", type and dir 0 until the caller sets them:
        // whole-word stores, no read-modify-write
        ent[id * ENTRY_LONGS + F_META] = (long) stackLen << 24 | (long) MAP_ERR_CHECK_NOT_APPLICABLE << 16;
        ent[id * ENTRY_LONGS + F_SG_MAPPED] = (long) hookFrame << 32; // sg_mapped_ents 0, the hook's frame
        return id;
    }

    /**
     * The empty-pool half of dma_entry_alloc(): 4.9 gives up, 6.12 adds a page of entries (and warns about a
     * likely leak each time the pool passes a multiple of its preallocated size), then takes one.
     */
    private boolean growPool() {
        if (v49) {
            globalDisable = true;
            printk(KernelLogRecord.Level.ERR, DmaDebugCheck.OUT_OF_MEMORY, null,
                    "DMA-API: debugging out of memory - disabling");
            return false;
        }
        numFreeEntries += DMA_DEBUG_DYNAMIC_ENTRIES;
        nrTotalEntries += DMA_DEBUG_DYNAMIC_ENTRIES;
        int nrEntries = nrTotalEntries;
        numFreeEntries--;
        if (numFreeEntries < minFreeEntries) {
            minFreeEntries = numFreeEntries;
        }
        int tmp = Integer.remainderUnsigned(nrEntries, nrPreallocEntries);
        if (tmp < DMA_DEBUG_DYNAMIC_ENTRIES) {
            printk(KernelLogRecord.Level.INFO, DmaDebugCheck.POOL_GROWN, null,
                    prefixed("dma_debug_entry pool grown to " + Integer.toUnsignedString(nrEntries) + " ("
                            + Integer.divideUnsigned(nrEntries, nrPreallocEntries) + "00%)"));
        }
        return true;
    }

    /** dma_entry_free() */
    private void entryFree(int e) {
        activeCachelineRemove(e);
        // the slot keeps its device (only live entries are ever reached): mapping for the same device again
        // then stores no reference, and pays no GC write barrier
        freeIds[freeTop++] = e;
        numFreeEntries++;
    }

    private int hashFn(long devAddr) {
        return (int) (devAddr >>> HASH_FN_SHIFT) & hashMask;
    }

    /** add_dma_entry() */
    private void addDmaEntry(int e, long attrs) {
        addDmaEntry(e, attrs, byAddr.get(eDevAddr(e)));
    }

    /** add_dma_entry() with the head of the entry's address chain already looked up ({@code h}, -1: none). */
    private void addDmaEntry(int e, long attrs, int h) {
        long addr = eDevAddr(e);
        int b = hashFn(addr);
        int t = bucketTail[b];
        links(e, F_BUCKET, -1, t);
        if (t < 0) {
            bucketHead[b] = e;
        } else {
            bNext(t, e);
        }
        bucketTail[b] = e;

        if (h < 0) {
            links(e, F_CHAIN, -1, e);
            byAddr.put(addr, e);
        } else {
            int tail = xPrev(h);
            xNext(tail, e);
            links(e, F_CHAIN, -1, tail);
            xPrev(h, e);
        }
        live++;
        if (observer != null) {
            observer.entryAdded(this, e, attrs);
        }

        if (activeCachelineInsert(e)) {
            overlapping(e, attrs);
        }
    }

    /** add_dma_entry() on -EEXIST from the cacheline tracking. */
    private void overlapping(int e, long attrs) {
        if (!v49 && (attrs & DmaAttrs.SKIP_CPU_SYNC) == 0 && !swiotlbActive.test(eDev[e])) {
            if (errBegin(eDev[e])) {
                errPrint(eDev[e], e, DmaDebugCheck.OVERLAPPING_MAPPING, "add_dma_entry",
                        "cacheline tracking EEXIST, overlapping mappings aren't supported");
            }
        }
    }

    /** hash_bucket_del() plus removal from the address index; {@code h} is the head of e's address chain */
    private void hashDel(int e, int h) {
        int b = hashFn(eDevAddr(e));
        int p = bPrev(e);
        int n = bNext(e);
        if (p < 0) {
            bucketHead[b] = n;
        } else {
            bNext(p, n);
        }
        if (n < 0) {
            bucketTail[b] = p;
        } else {
            bPrev(n, p);
        }

        long addr = eDevAddr(e);
        if (h == e) {
            int nx = xNext(e);
            if (nx < 0) {
                byAddr.remove(addr);
            } else {
                xPrev(nx, xPrev(e));
                byAddr.put(addr, nx);
            }
        } else {
            int px = xPrev(e);
            int nx = xNext(e);
            xNext(px, nx);
            if (nx < 0) {
                xPrev(h, px);
            } else {
                xPrev(nx, px);
            }
        }
        live--;
    }

    // ---- active cacheline tracking ----

    private static long toCachelineNumber(long paddr) {
        return ((paddr >>> PAGE_SHIFT) << (PAGE_SHIFT - L1_CACHE_SHIFT))
                + ((paddr & (PAGE_SIZE - 1)) >>> L1_CACHE_SHIFT);
    }

    /** active_cacheline_insert(); returns true for -EEXIST */
    private boolean activeCachelineInsert(int e) {
        if (eDir(e) == DmaDirection.TO_DEVICE.value()) {
            return false;
        }
        long cln = toCachelineNumber(ePaddr(e));
        int overlap = activeCachelines.putIfAbsent(cln, 0);
        if (overlap < 0) {
            return false;
        }
        // active_cacheline_inc_overlap()
        overlap++;
        if (overlap <= ACTIVE_CACHELINE_MAX_OVERLAP) {
            activeCachelines.put(cln, overlap);
        } else if (!overlapWarned) {
            overlapWarned = true;
            KernelLogRecord r = new KernelLogRecord(KernelLogRecord.Level.WARNING,
                    "DMA-API: exceeded " + ACTIVE_CACHELINE_MAX_OVERLAP + " overlapping mappings of cacheline "
                            + pa(cln), DmaDebugCheck.OVERLAP_LIMIT_EXCEEDED, eDev[e], null, warnTrace(
                                    "active_cacheline_inc_overlap"));
            if (!v49) {
                r.at("kernel/dma/debug.c", DmaDebugCheck.OVERLAP_LIMIT_EXCEEDED.line(), "active_cacheline_inc_overlap",
                        false);
            }
            log.log(r);
        }
        return true;
    }

    /** active_cacheline_remove() */
    private void activeCachelineRemove(int e) {
        if (eDir(e) == DmaDirection.TO_DEVICE.value()) {
            return;
        }
        // a missing cacheline reads as overlap 0, and 0 - 1 < 0 deletes (nothing)
        activeCachelines.decrementOrRemove(toCachelineNumber(ePaddr(e)));
    }

    // ---- lookups ----

    private int matchLevel(int e, long size, int type, int dir, int sgCallEnts) {
        int lvl = 0;
        if (eSize(e) == size) {
            lvl++;
        }
        if (eType(e) == type) {
            lvl++;
        }
        if (eDir(e) == dir) {
            lvl++;
        }
        if (eSgCallEnts(e) == sgCallEnts) {
            lvl++;
        }
        return lvl;
    }

    /** bucket_find_exact(): best fit among the entries of {@code dev} at {@code devAddr}, or -1. */
    private int findExact(Device dev, long devAddr, long size, int type, int dir, int sgCallEnts) {
        int matches = 0;
        int lastLvl = -1;
        int ret = -1;
        int head = byAddr.get(devAddr);
        lastExactHead = head;
        for (int e = head; e >= 0; e = xNext(e)) {
            if (eDev[e] != dev) {
                continue;
            }
            matches++;
            int lvl = matchLevel(e, size, type, dir, sgCallEnts);
            if (lvl == 4) {
                return e;
            }
            if (lvl > lastLvl) {
                lastLvl = lvl;
                ret = e;
            }
        }
        return matches == 1 ? ret : -1;
    }

    private static boolean containingMatch(long refAddr, long refSize, long entAddr, long entSize) {
        return Long.compareUnsigned(entAddr, refAddr) <= 0
                && Long.compareUnsigned(entAddr + entSize, refAddr + refSize) >= 0;
    }

    /** __hash_bucket_find(.., containing_match) on one bucket */
    private int findContainingInBucket(int b, Device dev, long devAddr, long size, int type, int dir,
            int sgCallEnts) {
        int matches = 0;
        int lastLvl = -1;
        int ret = -1;
        for (int e = bucketHead[b]; e >= 0; e = bNext(e)) {
            if (eDev[e] != dev || !containingMatch(devAddr, size, eDevAddr(e), eSize(e))) {
                continue;
            }
            matches++;
            int lvl = matchLevel(e, size, type, dir, sgCallEnts);
            if (lvl == 4) {
                return e;
            }
            if (lvl > lastLvl) {
                lastLvl = lvl;
                ret = e;
            }
        }
        return matches == 1 ? ret : -1;
    }

    /** bucket_find_contain(): walks back bucket by bucket (6.12: up to the address' bucket count; 4.9: max_seg). */
    private int findContaining(Device dev, long devAddr, long size, int type, int dir, int sgCallEnts) {
        long index = devAddr;
        if (v49) {
            // dma_get_max_seg_size(): max_segment_size of dma_parms, 64 KiB without dma_parms or when it is 0
            long maxRange = dev == null || !dev.hasDmaParms() || (dev.maxSegmentSize() & 0xffffffffL) == 0 ? 0x10000L
                    : dev.maxSegmentSize() & 0xffffffffL;
            for (long range = 0; range <= maxRange; range += 1L << HASH_FN_SHIFT) {
                int e = findContainingInBucket(hashFn(index), dev, devAddr, size, type, dir, sgCallEnts);
                if (e >= 0) {
                    return e;
                }
                index -= 1L << HASH_FN_SHIFT;
            }
            return -1;
        }
        long limit = Math.min(hashSize, (devAddr >>> HASH_FN_SHIFT) + 1);
        for (long i = 0; i < limit; i++) {
            int e = findContainingInBucket(hashFn(index), dev, devAddr, size, type, dir, sgCallEnts);
            if (e >= 0) {
                return e;
            }
            index -= 1L << HASH_FN_SHIFT;
        }
        return -1;
    }

    // =====================================================================================================
    // err_printk and printing
    // =====================================================================================================

    /** driver_filter() */
    private boolean driverFilter(Device dev, String driverName) {
        if (currentDriverName.isEmpty()) {
            return true;
        }
        if (dev == null || driverName == null || driverName.isEmpty()) {
            return false;
        }
        String n = driverName.length() > NAME_MAX_LEN - 1 ? driverName.substring(0, NAME_MAX_LEN - 1) : driverName;
        return currentDriverName.equals(n);
    }

    /**
     * The counting half of err_printk: returns whether the message is to be printed, or, with an observer, that
     * it is to be built (the observer sees every counted error; {@link #printing} says whether it is printed).
     */
    private boolean errBegin(Device dev) {
        return errBegin(dev, dev == null ? null : dev.driverName());
    }

    private boolean errBegin(Device dev, String driverName) {
        errorCount++;
        boolean print = driverFilter(dev, driverName) && (showAllErrors || showNumErrors > 0);
        if (!showAllErrors && showNumErrors > 0) {
            showNumErrors--;
        }
        printing = print;
        return print || observer != null;
    }

    private void errPrint(Device dev, int entry, DmaDebugCheck check, String detectedIn, String message) {
        errPrint(dev, dev == null ? "NULL" : driverString(dev), entry, check, detectedIn, message);
    }

    /**
     * {@code dev_driver_string()} (drivers/base/core.c): the bound driver's name, else the bus name; every device
     * here is a platform device, so an unbound one prints {@code platform}.
     */
    static String driverString(Device d) {
        String n = d.driverName();
        return n.isEmpty() ? "platform" : n;
    }

    /** The printing half of err_printk: WARN(1, ...) plus dump_entry_trace(entry). */
    private void errPrint(Device dev, String driverString, int entry, DmaDebugCheck check, String detectedIn,
            String message) {
        String who = driverString + " " + (dev == null ? "NULL" : dev.name()) + ": ";
        String text = v49 ? who + "DMA-API: " + message : "DMA-API: " + who + message;
        List<String> mappedAt = null;
        if (entry >= 0) {
            mappedAt = new ArrayList<>(DMA_DEBUG_STACKTRACE_ENTRIES + 1);
            mappedAt.add(v49 ? "Mapped at:" : "DMA-API: Mapped at:");
            int n = eStackLen(entry);
            if (n > 0) {
                mappedAt.add(stack.line(hi(entry, F_SG_MAPPED)));
            }
            long frames = ent[entry * ENTRY_LONGS + F_STACK];
            for (int i = 1; i < n; i++) {
                mappedAt.add(stack.line(KernelCallStack.innermostFrame(frames, i - 1)));
            }
        }
        List<String> trace = warnTrace(detectedIn);
        if (printing) {
            KernelLogRecord r = new KernelLogRecord(KernelLogRecord.Level.WARNING, text, check, dev, mappedAt, trace);
            if (!v49) {
                // err_printk() is WARN(1, ...) at the line of its invocation
                int line = check == DmaDebugCheck.MAP_FROM_STACK && message.contains("[probable addr=") ? 1082
                        : check.line();
                r.at("kernel/dma/debug.c", line, detectedIn, false);
            }
            log.log(r);
        }
        if (observer != null) {
            observer.error(this, new DmaDebugError(check, text, dev, entry, printing, mappedAt, trace));
        }
    }

    /** The call trace of a WARN in {@code detectedIn}: that function, the hook that called it, then the caller's stack. */
    private List<String> warnTrace(String detectedIn) {
        List<String> trace = new ArrayList<>();
        trace.add(KernelCallStack.format(detectedIn, null));
        String hookName = HOOK_NAMES[hook];
        if (!hookName.isEmpty() && !hookName.equals(detectedIn)) {
            trace.add(KernelCallStack.format(hookName, null));
        }
        trace.addAll(stack.snapshot());
        return trace;
    }

    private void printk(KernelLogRecord.Level level, DmaDebugCheck check, Device dev, String text) {
        log.log(new KernelLogRecord(level, text, check, dev, null, null));
    }

    private String prefixed(String msg) {
        return "DMA-API: " + msg;
    }

    private void info(DmaDebugCheck check, String msg) {
        printk(KernelLogRecord.Level.INFO, check, null, prefixed(msg));
    }

    private String typeName(int type) {
        switch (type) {
        case T_SINGLE:
            return "single";
        case T_PAGE:
            return "page";
        case T_SG:
            return v49 ? "scather-gather" : "scatter-gather";
        case T_COHERENT:
            return "coherent";
        case T_RESOURCE:
            return "resource";
        default:
            return "noncoherent";
        }
    }

    /** {@code 0x%016llx} */
    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    /** {@code %pa}: special_hex_number() of a 64-bit phys_addr_t, same as 0x%016llx */
    static String pa(long v) {
        return hex16(v);
    }

    /** {@code %p} under no_hash_pointers: {@code 2 * sizeof(void *)} hex digits (lib/vsprintf.c pointer_string()) */
    private String ptr(long v) {
        return DmaTraceEvents.pointer(v, pointerBytes);
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    /** {@code %lu} of an {@code unsigned long}: 32 bits on 32-bit ARM */
    private String ul(long v) {
        return Long.toUnsignedString(pointerBytes == 4 ? v & 0xffff_ffffL : v);
    }

    // =====================================================================================================
    // checks on the CPU address of a mapping
    // =====================================================================================================

    /**
     * check_for_stack() and check_for_illegal_area() of a mapping inside {@code page}, skipped when the page was
     * found clean as a whole (no stack page, no text or rodata byte in it) under the same layout: both checks
     * depend only on the page then.
     */
    private void checkArea(Device dev, long page, long off, long size) {
        long gen = layout.checkGeneration();
        boolean inPage = off >= 0 && size >= 0 && off + size <= PAGE_SIZE;
        if (gen != -1 && inPage && page == cleanPage && gen == cleanGen) {
            return;
        }
        long va = layout.pageAddress(page);
        boolean stackHit = checkForStack(dev, page, off, va);
        if (va != 0) {
            checkForIllegalArea(dev, va + off, size);
        }
        if (gen != -1 && !stackHit && (va == 0 || !intersectsTextOrRodata(va, PAGE_SIZE))) {
            cleanPage = page;
            cleanGen = gen;
        }
    }

    /** check_for_stack() */
    private void checkForStack(Device dev, long pagePhys, long offset) {
        checkForStack(dev, pagePhys, offset, layout.isStackVmapped() ? 0 : layout.pageAddress(pagePhys));
    }

    /**
     * check_for_stack() with {@code page_address()} of the page already known ({@code va}).
     *
     * @return whether the page is (part of) the current task's stack
     */
    private boolean checkForStack(Device dev, long pagePhys, long offset, long va) {
        if (!layout.isStackVmapped()) {
            if (va == 0) {
                return false; // PageHighMem
            }
            long addr = va + offset;
            if (layout.isStackAddress(addr)) {
                if (errBegin(dev)) {
                    errPrint(dev, -1, DmaDebugCheck.MAP_FROM_STACK, "check_for_stack",
                            "device driver maps memory from stack [addr=" + ptr(addr) + "]");
                }
                return true;
            }
            // stacks are whole pages: a page whose own address is not on the stack has no byte on it
            return layout.isStackAddress(va);
        }
        long stackPage = layout.stackPageAddress(pagePhys);
        if (stackPage != 0) {
            if (errBegin(dev)) {
                errPrint(dev, -1, DmaDebugCheck.MAP_FROM_STACK, "check_for_stack",
                        "device driver maps memory from stack [probable addr=" + ptr(stackPage + offset) + "]");
            }
            return true;
        }
        return false;
    }

    private static boolean memoryIntersects(long begin, long end, long virt, long size) {
        long vend = virt + size;
        return Long.compareUnsigned(virt, end) < 0 && Long.compareUnsigned(vend, begin) > 0;
    }

    private boolean intersectsTextOrRodata(long addr, long len) {
        return memoryIntersects(layout.textStart(), layout.textEnd(), addr, len)
                || memoryIntersects(layout.rodataStart(), layout.rodataEnd(), addr, len);
    }

    /** check_for_illegal_area() */
    private void checkForIllegalArea(Device dev, long addr, long len) {
        if (intersectsTextOrRodata(addr, len) && errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.MAP_FROM_TEXT_OR_RODATA, "check_for_illegal_area",
                    "device driver maps memory from kernel text or rodata [addr=" + ptr(addr) + "] [len=" + ul(len)
                            + "]");
        }
    }

    // =====================================================================================================
    // hooks
    // =====================================================================================================

    /**
     * debug_dma_map_single(): called by dma_map_single_attrs() before mapping; checks that {@code virt} is a
     * linear-map address. (4.9 has no such hook; it does nothing there.)
     */
    public void debugDmaMapSingle(Device dev, long virt, long len) {
        hook = HOOK_DEBUG_DMA_MAP_SINGLE;
        if (globalDisable || v49) {
            return;
        }
        long gen = layout.checkGeneration();
        long vpage = virt & ~(PAGE_SIZE - 1);
        if (gen != -1 && vpage == cleanVirtPage && gen == cleanVirtGen) {
            return; // both checks below ask about the page only, and it passed them with this layout
        }
        boolean valid = layout.virtAddrValid(virt);
        boolean vmalloc = layout.isVmallocAddress(virt);
        if (gen != -1 && valid && !vmalloc) {
            cleanVirtPage = vpage;
            cleanVirtGen = gen;
            return;
        }
        if (!valid && errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.MAP_FROM_INVALID_AREA, "debug_dma_map_single",
                    "device driver maps memory from invalid area [addr=" + ptr(virt) + "] [len=" + ul(len) + "]");
        }
        if (vmalloc && errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.MAP_FROM_VMALLOC, "debug_dma_map_single",
                    "device driver maps memory from vmalloc area [addr=" + ptr(virt) + "] [len=" + ul(len) + "]");
        }
    }

    /**
     * debug_dma_map_page(): records a dma_map_page()/dma_map_single() mapping.
     *
     * @param pagePhys {@code page_to_phys(page)}
     * @param offset   offset of the buffer from the page
     */
    public void debugDmaMapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
        mapPage(dev, pagePhys, offset, size, dir, dmaAddr, attrs, T_SINGLE);
    }

    /**
     * The 4.9 form of the hook, which knows whether dma_map_single() ({@code mapSingle}) or dma_map_page() made
     * the mapping: 4.9 records them as types "single" and "page". Under 6.12 both are "single".
     */
    public void debugDmaMapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long dmaAddr,
            long attrs, boolean mapSingle) {
        mapPage(dev, pagePhys, offset, size, dir, dmaAddr, attrs, v49 && !mapSingle ? T_PAGE : T_SINGLE);
    }

    private void mapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long dmaAddr,
            long attrs, int type) {
        hook = HOOK_DEBUG_DMA_MAP_PAGE;
        if (globalDisable) {
            return;
        }
        int head = byAddr.get(dmaAddr); // the same address' entries, for both steps below
        markChecked(dev, head); // dma_mapping_error() -> debug_dma_mapping_error()
        if (dmaAddr == DmaAttrs.DMA_MAPPING_ERROR) {
            return;
        }
        int e = entryAlloc(frameMapPage);
        if (e < 0) {
            return;
        }
        long page = pagePhys & ~(PAGE_SIZE - 1);
        long off = offset + (pagePhys & (PAGE_SIZE - 1));
        if (eDev[e] != dev) {
            eDev[e] = dev;
        }
        typeDirMapErr(e, type, dir.value(), MAP_ERR_NOT_CHECKED);
        ePaddr(e, page + off);
        eDevAddr(e, dmaAddr);
        eSize(e, size);

        checkArea(dev, page, off, size);
        addDmaEntry(e, attrs, head);
    }

    /** debug_dma_mapping_error(): marks the first unchecked mapping of {@code dev} at {@code dmaAddr} checked. */
    public void debugDmaMappingError(Device dev, long dmaAddr) {
        hook = HOOK_DEBUG_DMA_MAPPING_ERROR;
        if (globalDisable) {
            return;
        }
        markMappingErrorChecked(dev, dmaAddr);
    }

    /**
     * The body of debug_dma_mapping_error(), also run where the kernel calls dma_mapping_error() inside dma-debug
     * (debug_dma_map_page(), check_unmap() without an entry); leaves the hook name of the caller.
     */
    private void markMappingErrorChecked(Device dev, long dmaAddr) {
        markChecked(dev, byAddr.get(dmaAddr));
    }

    /** markMappingErrorChecked() on the address chain starting at {@code head} (-1: none). */
    private void markChecked(Device dev, int head) {
        for (int e = head; e >= 0; e = xNext(e)) {
            if (eDev[e] == dev && eMapErr(e) == MAP_ERR_NOT_CHECKED) {
                eMapErr(e, MAP_ERR_CHECKED);
                if (observer != null) {
                    observer.entryChecked(this, e);
                }
                break;
            }
        }
    }

    /** debug_dma_unmap_page(): checks and forgets a dma_unmap_page()/dma_unmap_single(). */
    public void debugDmaUnmapPage(Device dev, long dmaAddr, long size, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_UNMAP_PAGE;
        if (globalDisable) {
            return;
        }
        checkUnmap(dev, dmaAddr, size, T_SINGLE, dir.value(), 0, 0);
    }

    /** The 4.9 form: dma_unmap_single() ({@code mapSingle}) unmaps type "single", dma_unmap_page() type "page". */
    public void debugDmaUnmapPage(Device dev, long dmaAddr, long size, DmaDirection dir, boolean mapSingle) {
        hook = HOOK_DEBUG_DMA_UNMAP_PAGE;
        if (globalDisable) {
            return;
        }
        checkUnmap(dev, dmaAddr, size, v49 && !mapSingle ? T_PAGE : T_SINGLE, dir.value(), 0, 0);
    }

    /** check_unmap() */
    private void checkUnmap(Device dev, long dmaAddr, long size, int type, int dir, int sgCallEnts, long paddr) {
        int e = findExact(dev, dmaAddr, size, type, dir, sgCallEnts);
        int head = lastExactHead;
        if (e < 0) {
            unmapNotFound(dev, dmaAddr, size);
            return;
        }
        int eType = eType(e);
        // any of the checks below that would fire (the report itself is out of line, off the fast path)
        if (size != eSize(e) || type != eType
                || ((eType == T_COHERENT || eType == T_NONCOHERENT) && paddr != ePaddr(e))
                || (sgCallEnts != 0 && type == T_SG && sgCallEnts != eSgCallEnts(e)) || dir != eDir(e)
                || eMapErr(e) == MAP_ERR_NOT_CHECKED) {
            unmapMismatch(dev, dmaAddr, size, type, dir, sgCallEnts, paddr, e);
        }
        if (observer != null) {
            observer.entryRemoved(this, e);
        }
        hashDel(e, head);
        entryFree(e);
    }

    /** check_unmap() finding no entry. */
    private void unmapNotFound(Device dev, long dmaAddr, long size) {
        // dma_mapping_error() runs debug_dma_mapping_error() first: with several entries at this address none of
        // which fits best, the first unchecked one becomes checked
        markMappingErrorChecked(dev, dmaAddr);
        if (dmaAddr == DmaAttrs.DMA_MAPPING_ERROR) {
            if (errBegin(dev)) {
                errPrint(dev, -1, DmaDebugCheck.FREE_INVALID_ADDRESS, "check_unmap",
                        "device driver tries to free an invalid DMA memory address");
            }
        } else if (errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.FREE_NOT_ALLOCATED, "check_unmap",
                    "device driver tries to free DMA memory it has not allocated [device address="
                            + hex16(dmaAddr) + "] [size=" + u(size) + " bytes]");
        }
    }

    /** check_unmap()'s reports on an entry that does not match the unmap, in the kernel's order. */
    private void unmapMismatch(Device dev, long dmaAddr, long size, int type, int dir, int sgCallEnts, long paddr,
            int e) {
        if (size != eSize(e) && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.FREE_DIFFERENT_SIZE, "check_unmap",
                    "device driver frees DMA memory with different size [device address=" + hex16(dmaAddr)
                            + "] [map size=" + u(eSize(e)) + " bytes] [unmap size=" + u(size) + " bytes]");
        }
        if (type != eType(e)) {
            if (errBegin(dev)) {
                errPrint(dev, e, DmaDebugCheck.FREE_WRONG_FUNCTION, "check_unmap",
                        "device driver frees DMA memory with wrong function [device address=" + hex16(dmaAddr)
                                + "] [size=" + u(size) + " bytes] [mapped as " + typeName(eType(e))
                                + "] [unmapped as " + typeName(type) + "]");
            }
        } else if ((eType(e) == T_COHERENT || eType(e) == T_NONCOHERENT) && paddr != ePaddr(e)) {
            if (errBegin(dev)) {
                // "0x%pa" really prints "0x0x...": %pa carries its own prefix
                errPrint(dev, e, DmaDebugCheck.FREE_DIFFERENT_CPU_ADDRESS, "check_unmap",
                        "device driver frees DMA memory with different CPU address [device address="
                                + hex16(dmaAddr) + "] [size=" + u(size) + " bytes] [cpu alloc address=0x"
                                + (v49 ? hex16(ePaddr(e)).substring(2) : pa(ePaddr(e)))
                                + "] [cpu free address=0x" + (v49 ? hex16(paddr).substring(2) : pa(paddr)) + "]");
            }
        }
        if (sgCallEnts != 0 && type == T_SG && sgCallEnts != eSgCallEnts(e) && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.FREE_SG_DIFFERENT_ENTRY_COUNT, "check_unmap",
                    "device driver frees DMA sg list with different entry count [map count=" + eSgCallEnts(e)
                            + "] [unmap count=" + sgCallEnts + "]");
        }
        if (dir != eDir(e) && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.FREE_DIFFERENT_DIRECTION, "check_unmap",
                    "device driver frees DMA memory with different direction [device address=" + hex16(dmaAddr)
                            + "] [size=" + u(size) + " bytes] [mapped with " + DIR2NAME[eDir(e)]
                            + "] [unmapped with " + DIR2NAME[dir] + "]");
        }
        if (eMapErr(e) == MAP_ERR_NOT_CHECKED && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.MAP_ERROR_NOT_CHECKED, "check_unmap",
                    "device driver failed to check map error[device address=" + hex16(dmaAddr) + "] [size="
                            + u(size) + " bytes] [mapped as " + typeName(eType(e)) + "]");
        }
    }

    /** debug_dma_map_sg(): {@code mappedEnts} is what dma_map_sg() returned (call only when it is &gt; 0). */
    public void debugDmaMapSg(Device dev, Scatterlist[] sg, int nents, int mappedEnts, DmaDirection dir,
            long attrs) {
        hook = HOOK_DEBUG_DMA_MAP_SG;
        if (globalDisable) {
            return;
        }
        if (!v49) {
            for (int i = 0; i < nents; i++) {
                Scatterlist s = sg[i];
                checkForStack(dev, s.pagePhys(), s.offset());
                long va = layout.pageAddress(s.pagePhys());
                if (va != 0) {
                    checkForIllegalArea(dev, va + s.offset(), s.length() & 0xffffffffL);
                }
            }
        }
        for (int i = 0; i < mappedEnts; i++) {
            Scatterlist s = sg[i];
            int e = entryAlloc(frameMapSg);
            if (e < 0) {
                return;
            }
            eType(e, T_SG);
            if (eDev[e] != dev) {
            eDev[e] = dev;
        }
            ePaddr(e, s.phys());
            eSize(e, s.dmaLength() & 0xffffffffL);
            eDevAddr(e, s.dmaAddress());
            eDir(e, (byte) dir.value());
            eSgCallEnts(e, nents);
            eSgMappedEnts(e, mappedEnts);
            if (v49) {
                // 4.9 checked only the mapped entries, with their DMA length, and had no segment checks
                checkForStack(dev, s.pagePhys(), s.offset());
                long va = layout.pageAddress(s.pagePhys());
                if (va != 0) {
                    checkForIllegalArea(dev, va + s.offset(), s.dmaLength() & 0xffffffffL);
                }
            } else {
                checkSgSegment(dev, s);
            }
            addDmaEntry(e, attrs);
        }
    }

    /** check_sg_segment() (CONFIG_DMA_API_DEBUG_SG) */
    private void checkSgSegment(Device dev, Scatterlist s) {
        if (!debugSg) {
            return;
        }
        long maxSeg = dev.maxSegmentSize() & 0xffffffffL;
        long len = s.length() & 0xffffffffL;
        if (len > maxSeg && errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.SG_SEGMENT_TOO_LONG, "check_sg_segment",
                    "mapping sg segment longer than device claims to support [len=" + len + "] [max=" + maxSeg
                            + "]");
        }
        long boundary = dev.segmentBoundaryMask();
        long start = s.dmaAddress();
        long end = start + (s.dmaLength() & 0xffffffffL) - 1;
        if (((start ^ end) & ~boundary) != 0 && errBegin(dev)) {
            errPrint(dev, -1, DmaDebugCheck.SG_SEGMENT_ACROSS_BOUNDARY, "check_sg_segment",
                    "mapping sg segment across boundary [start=" + hex16(start) + "] [end=" + hex16(end)
                            + "] [boundary=" + hex16(boundary) + "]");
        }
    }

    /** get_nr_mapped_entries() */
    private int nrMappedEntries(Device dev, Scatterlist s, int dir, int nelems) {
        int e = findExact(dev, s.dmaAddress(), s.dmaLength() & 0xffffffffL, T_SG, dir, nelems);
        return e < 0 ? 0 : eSgMappedEnts(e);
    }

    /** debug_dma_unmap_sg(): {@code nelems} is the nents passed to dma_unmap_sg(). */
    public void debugDmaUnmapSg(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_UNMAP_SG;
        if (globalDisable) {
            return;
        }
        int mappedEnts = 0;
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sg[i];
            if (mappedEnts != 0 && i >= mappedEnts) {
                break;
            }
            if (i == 0) {
                mappedEnts = nrMappedEntries(dev, s, dir.value(), nelems);
            }
            checkUnmap(dev, s.dmaAddress(), s.dmaLength() & 0xffffffffL, T_SG, dir.value(), nelems, s.phys());
        }
    }

    /**
     * debug_dma_alloc_coherent(): {@code virt} is the CPU address dma_alloc_coherent() returned (linear map or
     * vmalloc); 0 (allocation failed) and addresses of neither kind are ignored as the kernel ignores them.
     */
    public void debugDmaAllocCoherent(Device dev, long size, long dmaAddr, long virt, long attrs) {
        hook = HOOK_DEBUG_DMA_ALLOC_COHERENT;
        if (globalDisable) {
            return;
        }
        if (virt == 0) {
            return;
        }
        if (!v49 && !layout.isVmallocAddress(virt) && !layout.virtAddrValid(virt)) {
            return;
        }
        int e = entryAlloc(frameAllocCoherent);
        if (e < 0) {
            return;
        }
        eType(e, T_COHERENT);
        if (eDev[e] != dev) {
            eDev[e] = dev;
        }
        ePaddr(e, layout.virtToPhys(virt));
        eSize(e, size);
        eDevAddr(e, dmaAddr);
        eDir(e, (byte) DmaDirection.BIDIRECTIONAL.value());
        addDmaEntry(e, attrs);
    }

    /** debug_dma_free_coherent() */
    public void debugDmaFreeCoherent(Device dev, long size, long virt, long dmaAddr) {
        hook = HOOK_DEBUG_DMA_FREE_COHERENT;
        if (!v49 && !layout.isVmallocAddress(virt) && !layout.virtAddrValid(virt)) {
            return;
        }
        long paddr = layout.virtToPhys(virt);
        if (globalDisable) {
            return;
        }
        checkUnmap(dev, dmaAddr, size, T_COHERENT, DmaDirection.BIDIRECTIONAL.value(), 0, paddr);
    }

    /** debug_dma_map_resource(): records a dma_map_resource() of the MMIO range at {@code physAddr}. */
    public void debugDmaMapResource(Device dev, long physAddr, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
        hook = HOOK_DEBUG_DMA_MAP_RESOURCE;
        if (globalDisable) {
            return;
        }
        int e = entryAlloc(frameMapResource);
        if (e < 0) {
            return;
        }
        eType(e, T_RESOURCE);
        if (eDev[e] != dev) {
            eDev[e] = dev;
        }
        ePaddr(e, physAddr);
        eSize(e, size);
        eDevAddr(e, dmaAddr);
        eDir(e, (byte) dir.value());
        eMapErr(e, MAP_ERR_NOT_CHECKED);
        addDmaEntry(e, attrs);
    }

    /** debug_dma_unmap_resource() */
    public void debugDmaUnmapResource(Device dev, long dmaAddr, long size, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_UNMAP_RESOURCE;
        if (globalDisable) {
            return;
        }
        checkUnmap(dev, dmaAddr, size, T_RESOURCE, dir.value(), 0, 0);
    }

    /** debug_dma_sync_single_for_cpu() */
    public void debugDmaSyncSingleForCpu(Device dev, long dmaHandle, long size, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_SYNC_SINGLE_FOR_CPU;
        if (globalDisable) {
            return;
        }
        checkSync(dev, dmaHandle, size, T_SINGLE, dir.value(), 0, true);
    }

    /** debug_dma_sync_single_for_device() */
    public void debugDmaSyncSingleForDevice(Device dev, long dmaHandle, long size, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_SYNC_SINGLE_FOR_DEVICE;
        if (globalDisable) {
            return;
        }
        checkSync(dev, dmaHandle, size, T_SINGLE, dir.value(), 0, false);
    }

    /**
     * debug_dma_sync_single_range_for_cpu() of 4.9, which 4.9's inline dma_sync_single_range_for_cpu() calls: the
     * sync is checked as {@code offset + size} bytes from the mapping's start {@code dmaHandle}: the containing
     * search starts there and reports name that address with offset + size as the size. 6.12 has no such hook (its
     * range wrapper calls dma_sync_single_for_cpu() with {@code dmaHandle + offset}); under 6.12 this does that.
     */
    public void debugDmaSyncSingleRangeForCpu(Device dev, long dmaHandle, long offset, long size, DmaDirection dir) {
        if (!v49) {
            debugDmaSyncSingleForCpu(dev, dmaHandle + offset, size, dir);
            return;
        }
        hook = HOOK_DEBUG_DMA_SYNC_SINGLE_RANGE_FOR_CPU;
        if (globalDisable) {
            return;
        }
        checkSync(dev, dmaHandle, offset + size, T_SINGLE, dir.value(), 0, true);
    }

    /** debug_dma_sync_single_range_for_device() of 4.9: as {@link #debugDmaSyncSingleRangeForCpu}. */
    public void debugDmaSyncSingleRangeForDevice(Device dev, long dmaHandle, long offset, long size,
            DmaDirection dir) {
        if (!v49) {
            debugDmaSyncSingleForDevice(dev, dmaHandle + offset, size, dir);
            return;
        }
        hook = HOOK_DEBUG_DMA_SYNC_SINGLE_RANGE_FOR_DEVICE;
        if (globalDisable) {
            return;
        }
        checkSync(dev, dmaHandle, offset + size, T_SINGLE, dir.value(), 0, false);
    }

    /** debug_dma_sync_sg_for_cpu() */
    public void debugDmaSyncSgForCpu(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_SYNC_SG_FOR_CPU;
        syncSg(dev, sg, nelems, dir, true);
    }

    /** debug_dma_sync_sg_for_device() */
    public void debugDmaSyncSgForDevice(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
        hook = HOOK_DEBUG_DMA_SYNC_SG_FOR_DEVICE;
        syncSg(dev, sg, nelems, dir, false);
    }

    private void syncSg(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir, boolean toCpu) {
        if (globalDisable) {
            return;
        }
        int mappedEnts = 0;
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sg[i];
            if (i == 0) {
                mappedEnts = nrMappedEntries(dev, s, dir.value(), nelems);
            }
            if (i >= mappedEnts) {
                break;
            }
            checkSync(dev, s.dmaAddress(), s.dmaLength() & 0xffffffffL, T_SG, dir.value(), nelems, toCpu);
        }
    }

    /** check_sync() */
    private void checkSync(Device dev, long dmaAddr, long size, int type, int dir, int sgCallEnts, boolean toCpu) {
        int e = findContaining(dev, dmaAddr, size, type, dir, sgCallEnts);
        if (e < 0) {
            if (errBegin(dev)) {
                errPrint(dev, -1, DmaDebugCheck.SYNC_NOT_ALLOCATED, "check_sync",
                        "device driver tries to sync DMA memory it has not allocated [device address="
                                + hex16(dmaAddr) + "] [size=" + u(size) + " bytes]");
            }
            return;
        }
        if (Long.compareUnsigned(size, eSize(e)) > 0 && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.SYNC_OUTSIDE_RANGE, "check_sync",
                    "device driver syncs DMA memory outside allocated range [device address=" + hex16(eDevAddr(e))
                            + "] [allocation size=" + u(eSize(e)) + " bytes] [sync offset+size=" + u(size) + "]");
        }
        int entDir = eDir(e);
        if (entDir == DmaDirection.BIDIRECTIONAL.value()) {
            return;
        }
        if (dir != entDir && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.SYNC_DIFFERENT_DIRECTION, "check_sync",
                    "device driver syncs DMA memory with different direction [device address=" + hex16(dmaAddr)
                            + "] [size=" + u(eSize(e)) + " bytes] [mapped with " + DIR2NAME[entDir]
                            + "] [synced with " + DIR2NAME[dir] + "]");
        }
        int toDevice = DmaDirection.TO_DEVICE.value();
        int fromDevice = DmaDirection.FROM_DEVICE.value();
        if (toCpu && entDir != fromDevice && dir != toDevice && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.SYNC_READ_ONLY_FOR_CPU, "check_sync",
                    "device driver syncs device read-only DMA memory for cpu [device address=" + hex16(dmaAddr)
                            + "] [size=" + u(eSize(e)) + " bytes] [mapped with " + DIR2NAME[entDir]
                            + "] [synced with " + DIR2NAME[dir] + "]");
        }
        if (!toCpu && entDir != toDevice && dir != fromDevice && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.SYNC_WRITE_ONLY_TO_DEVICE, "check_sync",
                    "device driver syncs device write-only DMA memory to device [device address="
                            + hex16(dmaAddr) + "] [size=" + u(eSize(e)) + " bytes] [mapped with "
                            + DIR2NAME[entDir] + "] [synced with " + DIR2NAME[dir] + "]");
        }
        if (sgCallEnts != 0 && type == T_SG && sgCallEnts != eSgCallEnts(e) && errBegin(dev)) {
            errPrint(dev, e, DmaDebugCheck.SYNC_SG_DIFFERENT_ENTRY_COUNT, "check_sync",
                    "device driver syncs DMA sg list with different entry count [map count=" + eSgCallEnts(e)
                            + "] [sync count=" + sgCallEnts + "]");
        }
    }

    /** debug_dma_alloc_pages() (6.12 only: dma_alloc_pages() / dma_alloc_noncoherent()) */
    public void debugDmaAllocPages(Device dev, long pagePhys, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
        hook = HOOK_DEBUG_DMA_ALLOC_PAGES;
        if (globalDisable || v49) {
            return;
        }
        int e = entryAlloc(frameAllocPages);
        if (e < 0) {
            return;
        }
        eType(e, T_NONCOHERENT);
        if (eDev[e] != dev) {
            eDev[e] = dev;
        }
        ePaddr(e, pagePhys);
        eSize(e, size);
        eDevAddr(e, dmaAddr);
        eDir(e, (byte) dir.value());
        addDmaEntry(e, attrs);
    }

    /** debug_dma_free_pages() (6.12 only) */
    public void debugDmaFreePages(Device dev, long pagePhys, long size, DmaDirection dir, long dmaAddr) {
        hook = HOOK_DEBUG_DMA_FREE_PAGES;
        if (globalDisable || v49) {
            return;
        }
        checkUnmap(dev, dmaAddr, size, T_NONCOHERENT, dir.value(), 0, pagePhys);
    }

    /**
     * dma_debug_device_change() on BUS_NOTIFY_UNBOUND_DRIVER for a platform device: reports mappings the driver
     * left behind. Call after the driver has been detached.
     */
    public void driverUnbound(Device dev) {
        driverUnbound(dev, "platform");
    }

    /**
     * As {@link #driverUnbound(Device)} for a device on bus {@code busName}: with the driver gone,
     * {@code dev_driver_string()} prints the bus name, and a driver filter never matches.
     */
    public void driverUnbound(Device dev, String busName) {
        driversUnbound(List.of(dev), busName);
    }

    /**
     * {@link #driverUnbound(Device, String)} for each of {@code devs} in turn, with one walk of the hash table for
     * all of them: the reports are the same (a report changes no entry, so each device's count and last entry are
     * those its own walk would find), and a replay that ends by unbinding every device of a million-entry capture
     * walks the table once instead of once per device.
     */
    public void driversUnbound(List<Device> devs, String busName) {
        hook = HOOK_DMA_DEBUG_DEVICE_CHANGE;
        if (globalDisable || devs.isEmpty()) {
            return;
        }
        IdentityHashMap<Device, Integer> index = new IdentityHashMap<>();
        for (Device d : devs) {
            index.putIfAbsent(d, index.size());
        }
        int[] count = new int[index.size()];
        int[] last = new int[index.size()];
        Device prev = null;
        int prevIdx = -1;
        for (int b = 0; b < hashSize; b++) {
            for (int e = bucketHead[b]; e >= 0; e = bNext(e)) {
                Device d = eDev[e];
                int i;
                if (d == prev) {
                    i = prevIdx;
                } else {
                    Integer k = index.get(d);
                    i = k == null ? -1 : k;
                    prev = d;
                    prevIdx = i;
                }
                if (i >= 0) {
                    count[i]++;
                    last[i] = e;
                }
            }
        }
        for (Device d : devs) {
            int i = index.get(d);
            if (count[i] > 0) {
                reportPendingAtUnbind(d, busName, count[i], last[i]);
                count[i] = 0; // a device listed twice is reported once, as a second unbind would find nothing
            }
        }
    }

    private void reportPendingAtUnbind(Device dev, String busName, int count, int last) {
        if (errBegin(dev, null)) {
            errPrint(dev, busName, last, DmaDebugCheck.PENDING_AT_UNBIND, "dma_debug_device_change",
                    "device driver has pending DMA allocations while released from device [count=" + count
                            + "]\nOne of leaked entries details: [device address=" + hex16(eDevAddr(last))
                            + "] [size=" + u(eSize(last)) + " bytes] [mapped with " + DIR2NAME[eDir(last)]
                            + "] [mapped as " + typeName(eType(last)) + "]");
        }
    }

    /**
     * debug_dma_dump_mappings(): logs (dev_info) every live entry, or those of {@code devOrNull}. The 6.12 line
     * is {@code "<driver> <device>: <type> idx <n> P=<pa> D=<hex> L=<hex> cln=<pa> <dir> <maperr>"}.
     */
    public void debugDmaDumpMappings(Device devOrNull) {
        for (int b = 0; b < hashSize; b++) {
            for (int e = bucketHead[b]; e >= 0; e = bNext(e)) {
                if (devOrNull == null || devOrNull == eDev[e]) {
                    Device d = eDev[e];
                    String text;
                    if (v49) {
                        text = driverString(d) + " " + d.name() + ": " + typeName(eType(e)) + " idx " + b + " P="
                                + Long.toHexString(ePaddr(e)) + " N=" + Long.toHexString(ePaddr(e) >>> PAGE_SHIFT)
                                + " D=" + Long.toHexString(eDevAddr(e)) + " L=" + Long.toHexString(eSize(e)) + " "
                                + DIR2NAME[eDir(e)] + " " + MAPERR2STR[eMapErr(e)];
                    } else {
                        text = driverString(d) + " " + d.name() + ": " + entryLine(b, e);
                    }
                    printk(KernelLogRecord.Level.INFO, null, d, text);
                }
            }
        }
    }

    private String entryLine(int b, int e) {
        return typeName(eType(e)) + " idx " + b + " P=" + pa(ePaddr(e)) + " D=" + Long.toHexString(eDevAddr(e))
                + " L=" + Long.toHexString(eSize(e)) + " cln=" + pa(toCachelineNumber(ePaddr(e))) + " "
                + DIR2NAME[eDir(e)] + " " + MAPERR2STR[eMapErr(e)];
    }

    // =====================================================================================================
    // debugfs
    // =====================================================================================================

    /** Whether the profile's dma-api debugfs directory has a {@code dump} file (added after 4.9). */
    public boolean hasDumpFile() {
        return !v49;
    }

    /**
     * The {@code dump} file: one line per live entry, bucket by bucket, in list order:
     * {@code "<driver> <device> <type> idx <n> P=0x%016llx D=%llx L=%llx cln=0x%016llx <dir> <maperr>\n"}.
     * Under 4.9, which has no such file, writes nothing.
     */
    public void dump(Appendable out) throws IOException {
        if (v49) {
            return;
        }
        for (int b = 0; b < hashSize; b++) {
            for (int e = bucketHead[b]; e >= 0; e = bNext(e)) {
                Device d = eDev[e];
                out.append(driverString(d)).append(' ').append(d.name()).append(' ').append(entryLine(b, e))
                        .append('\n');
            }
        }
    }

    /** {@code error_count} */
    public int errorCount() {
        return errorCount;
    }

    /** {@code num_free_entries} */
    public int numFreeEntries() {
        return numFreeEntries;
    }

    /** {@code min_free_entries} */
    public int minFreeEntries() {
        return minFreeEntries;
    }

    /** {@code nr_total_entries} (4.9 has no such file; the fixed pool size is returned). */
    public int nrTotalEntries() {
        return nrTotalEntries;
    }

    /** Number of mappings dma-debug currently tracks. */
    public int liveEntries() {
        return live;
    }

    /** Reading {@code driver_filter}: "" when off, else the driver name and a newline. */
    public String driverFilter() {
        return currentDriverName.isEmpty() ? "" : currentDriverName + "\n";
    }

    /**
     * Writing {@code driver_filter} (filter_write()): at most 63 characters are taken; if the first is not
     * alphanumeric the filter is switched off, else its first token (up to white space) is the driver name.
     */
    public void setDriverFilter(String written) {
        String buf = written == null ? "" : written;
        if (buf.length() > NAME_MAX_LEN - 1) {
            buf = buf.substring(0, NAME_MAX_LEN - 1);
        }
        if (buf.isEmpty() || !isalnum(buf.charAt(0))) {
            if (!currentDriverName.isEmpty()) {
                info(DmaDebugCheck.DRIVER_FILTER_CHANGED, "switching off dma-debug driver filter");
            }
            currentDriverName = "";
            return;
        }
        int i = 0;
        while (i < buf.length() && !isspace(buf.charAt(i)) && buf.charAt(i) != 0) {
            i++;
        }
        currentDriverName = buf.substring(0, i);
        info(DmaDebugCheck.DRIVER_FILTER_CHANGED, "enable driver filter for driver [" + currentDriverName + "]");
    }

    /** Kernel ctype isalnum() over Latin-1. */
    private static boolean isalnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || (c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7);
    }

    /** Kernel ctype isspace() over Latin-1. */
    private static boolean isspace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
    }

    /** {@code all_errors} != 0 */
    public boolean allErrors() {
        return showAllErrors;
    }

    /** Writing {@code all_errors}: print every error, not only {@code num_errors} of them. */
    public void setAllErrors(boolean all) {
        showAllErrors = all;
    }

    /** {@code num_errors}: how many more errors will be printed (counts down; default 1). */
    public int numErrors() {
        return showNumErrors;
    }

    public void setNumErrors(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("num_errors is an unsigned count, got " + n);
        }
        showNumErrors = n;
    }

    /** {@code disabled}: set by {@code dma_debug=off} or when dma-debug ran out of entries. */
    public boolean isDisabled() {
        return globalDisable;
    }

    /** As the {@code dma_debug=off} boot option (true); false re-enables checking. */
    public void setDisabled(boolean disabled) {
        globalDisable = disabled;
    }

    /** CONFIG_DMA_API_DEBUG_SG: the sg segment length and boundary checks (default on). */
    public void setDebugSg(boolean enabled) {
        debugSg = enabled;
    }

    /**
     * {@code is_swiotlb_active(dev)} under CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC (arm64): overlapping mappings of
     * devices for which this answers true are not reported. Default: never active.
     */
    public void setSwiotlbActive(Predicate<Device> swiotlbActive) {
        this.swiotlbActive = swiotlbActive == null ? d -> false : swiotlbActive;
    }

    // =====================================================================================================
    // observation (views and recorders; read-only)
    // =====================================================================================================

    /**
     * Sets the one observer of entries and errors (null: none). Entries already live are not replayed to it:
     * walk them with {@link #forEachEntry}.
     */
    public void setObserver(DmaDebugObserver observer) {
        this.observer = observer;
    }

    public DmaDebugObserver observer() {
        return observer;
    }

    /** Calls {@code action} with every live entry id, in {@code dump} order (hash bucket, then insertion). */
    public void forEachEntry(java.util.function.IntConsumer action) {
        for (int b = 0; b < hashSize; b++) {
            for (int e = bucketHead[b]; e >= 0; e = bNext(e)) {
                action.accept(e);
            }
        }
    }

    /** The device of live entry {@code entry} ({@code entry->dev}). */
    public Device entryDevice(int entry) {
        return eDev[entry];
    }

    /** {@code entry->type} */
    public DmaDebugEntryType entryType(int entry) {
        return DmaDebugEntryType.ofCode(eType(entry));
    }

    /** {@code type2name[entry->type]} of this profile. */
    public String entryTypeName(int entry) {
        return typeName(eType(entry));
    }

    /** {@code entry->dev_addr} */
    public long entryDevAddr(int entry) {
        return eDevAddr(entry);
    }

    /** {@code entry->size} */
    public long entrySize(int entry) {
        return eSize(entry);
    }

    /** {@code entry->paddr}, the CPU physical address */
    public long entryPaddr(int entry) {
        return ePaddr(entry);
    }

    /** {@code entry->direction} */
    public DmaDirection entryDirection(int entry) {
        return DmaDirection.fromValue(eDir(entry));
    }

    /** {@code entry->map_err_type} */
    public DmaDebugMapErr entryMapErr(int entry) {
        return DmaDebugMapErr.ofCode(eMapErr(entry));
    }

    /** {@code entry->sg_call_ents} (0 for entries that are not scatter-gather) */
    public int entrySgCallEnts(int entry) {
        return eSgCallEnts(entry);
    }

    /** How many frames the entry saved ({@code entry->stack_len}, at most 5). */
    public int entryStackLength(int entry) {
        return eStackLen(entry);
    }

    /**
     * Frame {@code i} (0: the hook, then the caller's frames, innermost first) of the entry's saved stack, as a
     * {@link KernelCallStack} frame id ({@link KernelCallStack#frameLine(int)} prints it).
     */
    public int entryStackFrame(int entry, int i) {
        if (i < 0 || i >= eStackLen(entry)) {
            throw new IndexOutOfBoundsException("frame " + i + " of " + eStackLen(entry));
        }
        return i == 0 ? hi(entry, F_SG_MAPPED) : KernelCallStack.innermostFrame(ent[entry * ENTRY_LONGS + F_STACK], i - 1);
    }

    /** The hook's frame and the stack length of the entry in one int: {@code hookFrame | length << 16}. */
    public int entryStackHead(int entry) {
        return hi(entry, F_SG_MAPPED) | eStackLen(entry) << 16;
    }

    /** The caller's saved frames, packed 16 bits each, innermost lowest ({@link #entryStackFrame} unpacks). */
    public long entryStackPacked(int entry) {
        return ent[entry * ENTRY_LONGS + F_STACK];
    }
}
