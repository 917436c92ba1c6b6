package org.dmaworkbench.emulation.scenario;

import java.util.Optional;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;

/**
 * The driver bugs a scenario can inject into a client's driver ({@code bug CLIENT = NAME}), each with the
 * dma-debug check of kernel/dma/debug.c (Linux 6.12) that reports it. Every error check dma-debug has is
 * reached by at least one bug. A few bugs are not dma-debug's to see; their {@link #check()} is empty and
 * {@link #consequence()} says what happens instead.
 */
public enum DriverBug {
    UNMAP_WRONG_SIZE("unmap-wrong-size", "unmaps a buffer with a size other than the one it mapped",
            DmaDebugCheck.FREE_DIFFERENT_SIZE, Needs.ANY),
    UNMAP_WRONG_DIRECTION("unmap-wrong-direction", "unmaps a buffer with a direction other than the one it mapped",
            DmaDebugCheck.FREE_DIFFERENT_DIRECTION, Needs.ANY),
    FORGET_MAPPING_ERROR("forget-mapping-error", "uses a DMA address without calling dma_mapping_error() on it",
            DmaDebugCheck.MAP_ERROR_NOT_CHECKED, Needs.ANY),
    UNMAP_RESOURCE_WITH_UNMAP_PAGE("unmap-resource-with-unmap-page",
            "releases the FIFO mapping made by dma_map_resource() with dma_unmap_page()",
            DmaDebugCheck.FREE_WRONG_FUNCTION, Needs.SLAVE_DMA),
    UNMAP_PAGE_WITH_UNMAP_RESOURCE("unmap-page-with-unmap-resource",
            "releases a page mapping with dma_unmap_resource()", DmaDebugCheck.FREE_WRONG_FUNCTION, Needs.SLAVE_DMA),
    SYNC_RESOURCE_MAPPING("sync-resource-mapping",
            "calls dma_sync_single_for_cpu() on the FIFO mapping made by dma_map_resource()", null, Needs.SLAVE_DMA,
            "not seen by dma-debug (check_sync() does not look at the mapping type): the cache maintenance "
                    + "runs on MMIO"),
    MAP_RAM_WITH_MAP_RESOURCE("map-ram-with-map-resource", "maps a RAM buffer with dma_map_resource()", null,
            Needs.SLAVE_DMA, "not seen by dma-debug; with the 4.9 profile dma_map_resource() hits "
                    + "BUG_ON(pfn_valid(PHYS_PFN(phys_addr))), with 6.12 the RAM is mapped as MMIO"),
    LEAK_MAPPING_AT_UNBIND("leak-mapping-at-unbind", "leaves a mapping in place when the driver is unbound",
            DmaDebugCheck.PENDING_AT_UNBIND, Needs.ANY),
    DOUBLE_UNMAP("double-unmap", "unmaps the same buffer twice", DmaDebugCheck.FREE_NOT_ALLOCATED, Needs.ANY),
    UNMAP_NEVER_MAPPED("unmap-never-mapped", "unmaps a DMA address that was never mapped",
            DmaDebugCheck.FREE_NOT_ALLOCATED, Needs.ANY),
    UNMAP_MAPPING_ERROR("unmap-mapping-error", "unmaps DMA_MAPPING_ERROR after a failed map",
            DmaDebugCheck.FREE_INVALID_ADDRESS, Needs.ANY),
    FREE_COHERENT_WRONG_SIZE("free-coherent-wrong-size",
            "frees a dma_alloc_coherent() buffer with a size other than the one it allocated",
            DmaDebugCheck.FREE_DIFFERENT_SIZE, Needs.ANY),
    WRONG_CPU_ADDRESS_ON_FREE("wrong-cpu-address-on-free",
            "passes dma_free_coherent() a CPU address other than the one dma_alloc_coherent() returned",
            DmaDebugCheck.FREE_DIFFERENT_CPU_ADDRESS, Needs.ANY),
    MAP_STACK_BUFFER("map-stack-buffer", "maps a buffer on the kernel stack", DmaDebugCheck.MAP_FROM_STACK,
            Needs.ANY),
    MAP_VMALLOC_BUFFER("map-vmalloc-buffer", "maps a vmalloc() buffer with dma_map_single()",
            DmaDebugCheck.MAP_FROM_VMALLOC, Needs.ANY),
    MAP_INVALID_ADDRESS("map-invalid-address",
            "maps with dma_map_single() an address that is not in the kernel's linear map",
            DmaDebugCheck.MAP_FROM_INVALID_AREA, Needs.ANY),
    MAP_KERNEL_TEXT("map-kernel-text", "maps kernel text or rodata (a string constant)",
            DmaDebugCheck.MAP_FROM_TEXT_OR_RODATA, Needs.ANY),
    SYNC_WRONG_DIRECTION("sync-wrong-direction", "syncs a buffer with a direction other than the one it mapped",
            DmaDebugCheck.SYNC_DIFFERENT_DIRECTION, Needs.ANY),
    SYNC_OUT_OF_RANGE("sync-out-of-range", "syncs more bytes than it mapped", DmaDebugCheck.SYNC_OUTSIDE_RANGE,
            Needs.ANY),
    SYNC_AFTER_UNMAP("sync-after-unmap", "syncs a buffer after unmapping it", DmaDebugCheck.SYNC_NOT_ALLOCATED,
            Needs.ANY),
    SYNC_TO_DEVICE_BUFFER_FOR_CPU("sync-to-device-buffer-for-cpu",
            "syncs a DMA_TO_DEVICE buffer for the CPU with DMA_FROM_DEVICE",
            DmaDebugCheck.SYNC_READ_ONLY_FOR_CPU, Needs.ANY),
    SYNC_FROM_DEVICE_BUFFER_FOR_DEVICE("sync-from-device-buffer-for-device",
            "syncs a DMA_FROM_DEVICE buffer for the device with DMA_TO_DEVICE",
            DmaDebugCheck.SYNC_WRITE_ONLY_TO_DEVICE, Needs.ANY),
    SG_UNMAP_WRONG_NENTS("sg-unmap-wrong-nents",
            "passes dma_unmap_sg() the count dma_map_sg() returned instead of the one it was given",
            DmaDebugCheck.FREE_SG_DIFFERENT_ENTRY_COUNT, Needs.SCATTERLIST),
    SG_SYNC_WRONG_NENTS("sg-sync-wrong-nents", "syncs a scatterlist with another entry count than it mapped",
            DmaDebugCheck.SYNC_SG_DIFFERENT_ENTRY_COUNT, Needs.SCATTERLIST),
    SG_SEGMENT_TOO_LONG("sg-segment-too-long",
            "maps a scatterlist segment longer than dma_get_max_seg_size() of the device",
            DmaDebugCheck.SG_SEGMENT_TOO_LONG, Needs.SCATTERLIST),
    SG_SEGMENT_ACROSS_BOUNDARY("sg-segment-across-boundary",
            "maps a scatterlist segment that crosses dma_get_seg_boundary() of the device",
            DmaDebugCheck.SG_SEGMENT_ACROSS_BOUNDARY, Needs.SCATTERLIST),
    OVERLAPPING_MAPPINGS("overlapping-mappings",
            "maps the same cacheline for the device to write twice at the same time",
            DmaDebugCheck.OVERLAPPING_MAPPING, Needs.ANY);

    /** What a client must do for the bug to be committed. */
    public enum Needs {
        /** any client */
        ANY("any client"),
        /** a client whose driver maps scatterlists (SDHI reads and writes) */
        SCATTERLIST("an SDHI client (the only driver that maps scatterlists)"),
        /** a client served by a SYS-DMAC slave channel, which maps the device FIFO with dma_map_resource() */
        SLAVE_DMA("a client on a SYS-DMAC slave channel (serial port, Gen2 SDHI or IIC), whose FIFO "
                + "rcar-dmac maps with dma_map_resource()");

        private final String description;

        Needs(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final String bugName;
    private final String description;
    private final DmaDebugCheck check;
    private final Needs needs;
    private final String consequence;

    DriverBug(String name, String description, DmaDebugCheck check, Needs needs) {
        this(name, description, check, needs, null);
    }

    DriverBug(String name, String description, DmaDebugCheck check, Needs needs, String consequence) {
        this.bugName = name;
        this.description = description;
        this.check = check;
        this.needs = needs;
        this.consequence = consequence != null ? consequence : "dma-debug reports " + check;
    }

    /** The name scenarios use, e.g. "forget-mapping-error". */
    public String bugName() {
        return bugName;
    }

    /** What the driver does wrong. */
    public String description() {
        return description;
    }

    /** The dma-debug check that reports the bug; empty for bugs dma-debug cannot see. */
    public Optional<DmaDebugCheck> check() {
        return Optional.ofNullable(check);
    }

    public Needs needs() {
        return needs;
    }

    /** What the user will see when the bug is committed. */
    public String consequence() {
        return consequence;
    }

    /** The bug with scenario name {@code name}, if there is one. */
    public static Optional<DriverBug> forName(String name) {
        for (DriverBug b : values()) {
            if (b.bugName.equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
