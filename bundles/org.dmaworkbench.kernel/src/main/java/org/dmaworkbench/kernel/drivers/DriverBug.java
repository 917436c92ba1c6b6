package org.dmaworkbench.kernel.drivers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;

/**
 * The DMA-API misuses a client driver of the workbench can be told to commit ({@code commit(DriverBug)} on the
 * clients of {@code org.dmaworkbench.kernel.drivers.clients}), each with the report the emulated kernel gives for
 * it: the kernel/dma/debug.c check it trips ({@link #check()}), or, where dma-debug has no check, the other
 * report ({@link #otherReport()}: a {@code WARN}, the 4.9 {@code BUG_ON}, or the workbench's own warning).
 * <p>
 * Every {@link DmaDebugCheck} is the {@link #check()} or one of the {@link #alsoReported()} checks of at least
 * one bug, except the three no driver can reach, listed in {@link #UNREACHABLE_FROM_A_CLIENT} with the reason.
 * <p>
 * Names are kebab-case ({@link #bugName()}); {@link #byName(String)} looks one up.
 */
public enum DriverBug {
    UNMAP_WRONG_SIZE("unmap-wrong-size", DmaDebugCheck.FREE_DIFFERENT_SIZE,
            "unmaps a streaming mapping with a size other than the one it mapped"),
    UNMAP_WRONG_DIRECTION("unmap-wrong-direction", DmaDebugCheck.FREE_DIFFERENT_DIRECTION,
            "unmaps a streaming mapping with a direction other than the one it mapped"),
    FORGET_MAPPING_ERROR("forget-mapping-error", DmaDebugCheck.MAP_ERROR_NOT_CHECKED,
            "never calls dma_mapping_error() on a mapping; dma-debug reports it when the mapping is unmapped"),
    UNMAP_RESOURCE_WITH_UNMAP_PAGE("unmap-resource-with-unmap-page", DmaDebugCheck.FREE_WRONG_FUNCTION,
            "unmaps a dma_map_resource() mapping with dma_unmap_page()"),
    UNMAP_PAGE_WITH_UNMAP_RESOURCE("unmap-page-with-unmap-resource", DmaDebugCheck.FREE_WRONG_FUNCTION,
            "unmaps a dma_map_page() mapping with dma_unmap_resource()"),
    SYNC_RESOURCE_MAPPING("sync-resource-mapping", null,
            "calls dma_sync_single_for_device() on a dma_map_resource() mapping (MMIO has no CPU cache lines "
                    + "to maintain)",
            "the workbench's DMA-API warning \"device driver calls dma_sync_single_for_device() on a "
                    + "dma_map_resource() mapping\"; dma-debug has no check for it"),
    MAP_RAM_WITH_MAP_RESOURCE("map-ram-with-map-resource", null,
            "passes the physical address of RAM to dma_map_resource()",
            "4.9 profile: kernel BUG at include/linux/dma-mapping.h (BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))); "
                    + "6.12 maps it without complaint"),
    LEAK_MAPPING_AT_UNBIND("leak-mapping-at-unbind", DmaDebugCheck.PENDING_AT_UNBIND,
            "forgets to unmap on release, so the mapping is still live when the DMA controller's driver is "
                    + "unbound"),
    DOUBLE_UNMAP("double-unmap", DmaDebugCheck.FREE_NOT_ALLOCATED, "unmaps the same mapping twice"),
    UNMAP_NEVER_MAPPED("unmap-never-mapped", DmaDebugCheck.FREE_NOT_ALLOCATED,
            "unmaps a DMA address that was never mapped (the handle plus the offset it transferred from)"),
    FREE_COHERENT_WRONG_SIZE("free-coherent-wrong-size", DmaDebugCheck.FREE_DIFFERENT_SIZE,
            "frees a coherent buffer with a size other than the one it allocated"),
    MAP_STACK_BUFFER("map-stack-buffer", DmaDebugCheck.MAP_FROM_STACK, "maps a buffer on the kernel stack"),
    MAP_VMALLOC_BUFFER("map-vmalloc-buffer", null,
            "passes a vmalloc() buffer to dma_map_single()",
            "WARNING \"rejecting DMA map of vmalloc memory\" (dma_map_single_attrs), and the mapping fails with "
                    + "DMA_MAPPING_ERROR; a driver that checks dma_mapping_error() falls back to PIO"),
    MAP_KERNEL_TEXT("map-kernel-text", DmaDebugCheck.MAP_FROM_TEXT_OR_RODATA,
            "maps a constant in the kernel's rodata (a string literal) with dma_map_single(); on arm64 the "
                    + "kernel image is in the vmalloc area and dma_map_single() rejects it instead, so this needs "
                    + "a 32-bit ARM kernel (R-Car Gen2)"),
    MAP_MODULE_BUFFER("map-module-buffer", DmaDebugCheck.MAP_FROM_INVALID_AREA,
            "maps a static buffer of a loadable module (the module area is neither the linear map nor vmalloc)"),
    SYNC_WRONG_DIRECTION("sync-wrong-direction", DmaDebugCheck.SYNC_DIFFERENT_DIRECTION,
            "syncs a DMA_TO_DEVICE mapping for the device with DMA_FROM_DEVICE"),
    SYNC_FOR_CPU_DEVICE_READ_ONLY("sync-for-cpu-device-read-only", DmaDebugCheck.SYNC_READ_ONLY_FOR_CPU,
            "syncs a DMA_TO_DEVICE mapping for the CPU with DMA_FROM_DEVICE (as if the device had written it)",
            DmaDebugCheck.SYNC_DIFFERENT_DIRECTION),
    SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY("sync-for-device-device-write-only", DmaDebugCheck.SYNC_WRITE_ONLY_TO_DEVICE,
            "syncs a DMA_FROM_DEVICE mapping for the device with DMA_TO_DEVICE (as if the device would read it)",
            DmaDebugCheck.SYNC_DIFFERENT_DIRECTION),
    SYNC_OUT_OF_RANGE("sync-out-of-range", DmaDebugCheck.SYNC_OUTSIDE_RANGE,
            "syncs with a length computed as end - start where the end lies before the start: the size_t wraps "
                    + "to nearly 2^64 on arm64 (check_sync() only finds the mapping when the range's end wraps back "
                    + "into it); on 32-bit ARM size_t wraps at 2^32 and the 64-bit dma_addr_t range does not wrap "
                    + "back, so the sync is reported as not allocated",
            DmaDebugCheck.SYNC_NOT_ALLOCATED),
    SYNC_AFTER_UNMAP("sync-after-unmap", DmaDebugCheck.SYNC_NOT_ALLOCATED,
            "syncs a mapping after it was unmapped"),
    SG_UNMAP_WRONG_NENTS("sg-unmap-wrong-nents", DmaDebugCheck.FREE_SG_DIFFERENT_ENTRY_COUNT,
            "passes dma_map_sg()'s return value instead of the original nents to dma_unmap_sg() (visible when "
                    + "an IOMMU merged segments)"),
    SG_SYNC_WRONG_NENTS("sg-sync-wrong-nents", DmaDebugCheck.SYNC_SG_DIFFERENT_ENTRY_COUNT,
            "passes dma_map_sg()'s return value instead of the original nents to dma_sync_sg_for_cpu() (visible "
                    + "when an IOMMU merged segments)"),
    SG_SEGMENT_TOO_LONG("sg-segment-too-long", DmaDebugCheck.SG_SEGMENT_TOO_LONG,
            "builds a scatterlist segment longer than dma_get_max_seg_size() of the device it maps for"),
    OVERLAPPING_MAPPINGS("overlapping-mappings", DmaDebugCheck.OVERLAPPING_MAPPING,
            "maps a cache line for the device to write while an earlier mapping of it is still live"),
    OVERLAPPING_MAPPINGS_BEYOND_LIMIT("overlapping-mappings-beyond-limit", DmaDebugCheck.OVERLAP_LIMIT_EXCEEDED,
            "maps the same cache line for the device to write more than ACTIVE_CACHELINE_MAX_OVERLAP + 1 "
                    + "(8) times at once",
            DmaDebugCheck.OVERLAPPING_MAPPING),
    WRONG_CPU_ADDRESS_ON_FREE("wrong-cpu-address-on-free", DmaDebugCheck.FREE_DIFFERENT_CPU_ADDRESS,
            "frees a coherent buffer passing the CPU address of its second half"),
    UNMAP_FAILED_MAPPING("unmap-failed-mapping", DmaDebugCheck.FREE_INVALID_ADDRESS,
            "ignores a failed mapping (a vmalloc buffer given to dma_map_single()) and later unmaps the "
                    + "DMA_MAPPING_ERROR handle"),
    LEAK_MAPPING_PER_TRANSFER("leak-mapping-per-transfer", DmaDebugCheck.POOL_GROWN,
            "maps a fresh buffer for every transfer and never unmaps it: dma-debug's entry pool grows (6.12), "
                    + "or runs out and dma-debug disables itself (4.9: OUT_OF_MEMORY)",
            DmaDebugCheck.OUT_OF_MEMORY);

    /**
     * The checks no client driver can trip, with the reason; the end-to-end test reaches them directly.
     * <ul>
     * <li>{@link DmaDebugCheck#MAP_FROM_VMALLOC}: 6.12's {@code dma_map_single_attrs()} rejects vmalloc addresses
     * with {@code dev_WARN_ONCE} before it calls {@code debug_dma_map_single()}, the only caller of the check, so
     * the check is dead code behind the DMA-API (4.9 has no {@code debug_dma_map_single()}).</li>
     * <li>{@link DmaDebugCheck#SG_SEGMENT_ACROSS_BOUNDARY}: no driver in the stack calls
     * {@code dma_set_seg_boundary()} on the device it maps for (rcar-dmac sets only the maximum segment size),
     * so the boundary is {@code ULONG_MAX} and no segment can cross it.</li>
     * <li>{@link DmaDebugCheck#DRIVER_FILTER_CHANGED}: written by the debugfs {@code driver_filter} file, not by
     * a driver.</li>
     * </ul>
     */
    public static final Set<DmaDebugCheck> UNREACHABLE_FROM_A_CLIENT = Collections.unmodifiableSet(EnumSet.of(
            DmaDebugCheck.MAP_FROM_VMALLOC, DmaDebugCheck.SG_SEGMENT_ACROSS_BOUNDARY,
            DmaDebugCheck.DRIVER_FILTER_CHANGED));

    private final String bugName;
    private final DmaDebugCheck check;
    private final String description;
    private final String otherReport;
    private final List<DmaDebugCheck> alsoReported;

    DriverBug(String bugName, DmaDebugCheck check, String description, DmaDebugCheck... alsoReported) {
        this(bugName, check, description, null, alsoReported);
    }

    DriverBug(String bugName, DmaDebugCheck check, String description, String otherReport,
            DmaDebugCheck... alsoReported) {
        this.bugName = bugName;
        this.check = check;
        this.description = description;
        this.otherReport = otherReport;
        this.alsoReported = List.of(alsoReported);
    }

    /** The kebab-case name, e.g. {@code unmap-wrong-size}. */
    public String bugName() {
        return bugName;
    }

    /** What the driver does wrong. */
    public String description() {
        return description;
    }

    /** The dma-debug check the bug trips (6.12 profile), or null when the kernel reports it otherwise. */
    public DmaDebugCheck check() {
        return check;
    }

    /**
     * Further checks the same misuse trips: in the same call ({@code check_sync()} reports the direction
     * mismatch too) or under the other profile ({@link #LEAK_MAPPING_PER_TRANSFER} under 4.9).
     */
    public List<DmaDebugCheck> alsoReported() {
        return alsoReported;
    }

    /** For bugs dma-debug does not see ({@link #check()} null): what reports them instead; else null. */
    public String otherReport() {
        return otherReport;
    }

    /** @return the bug called {@code name} (its kebab-case name, or the enum constant's name) */
    public static DriverBug byName(String name) {
        for (DriverBug b : values()) {
            if (b.bugName.equals(name) || b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown driver bug \"" + name + "\"; known: " + String.join(", ", names()));
    }

    /** All kebab-case names in declaration order. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (DriverBug b : values()) {
            n.add(b.bugName);
        }
        return n;
    }

    /** The bugs whose {@link #check()} or {@link #alsoReported()} is {@code c}. */
    public static List<DriverBug> reaching(DmaDebugCheck c) {
        List<DriverBug> out = new ArrayList<>();
        for (DriverBug b : values()) {
            if (b.check == c || b.alsoReported.contains(c)) {
                out.add(b);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return bugName;
    }
}
