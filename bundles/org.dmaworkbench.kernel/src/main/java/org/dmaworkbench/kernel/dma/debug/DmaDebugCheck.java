package org.dmaworkbench.kernel.dma.debug;

/**
 * Every diagnosis dma-debug can print (kernel/dma/debug.c of Linux 6.12), plus its informational messages.
 * {@link #isError()} tells whether the kernel counts it in {@code error_count} (goes through {@code err_printk}).
 */
public enum DmaDebugCheck {
    /** check_unmap: nothing mapped there and the address is DMA_MAPPING_ERROR */
    FREE_INVALID_ADDRESS(true),
    /** check_unmap: nothing mapped at that device address */
    FREE_NOT_ALLOCATED(true),
    /** check_unmap: size differs from the map size */
    FREE_DIFFERENT_SIZE(true),
    /** check_unmap: unmapped with another function (type) than mapped */
    FREE_WRONG_FUNCTION(true),
    /** check_unmap: coherent memory freed with another CPU address */
    FREE_DIFFERENT_CPU_ADDRESS(true),
    /** check_unmap: sg list unmapped with another nents */
    FREE_SG_DIFFERENT_ENTRY_COUNT(true),
    /** check_unmap: direction differs from the map direction */
    FREE_DIFFERENT_DIRECTION(true),
    /** check_unmap: dma_mapping_error() was never called on the mapping */
    MAP_ERROR_NOT_CHECKED(true),
    /** check_for_stack */
    MAP_FROM_STACK(true),
    /** check_for_illegal_area */
    MAP_FROM_TEXT_OR_RODATA(true),
    /** debug_dma_map_single: !virt_addr_valid() */
    MAP_FROM_INVALID_AREA(true),
    /** debug_dma_map_single: is_vmalloc_addr() */
    MAP_FROM_VMALLOC(true),
    /** check_sync: nothing mapped there */
    SYNC_NOT_ALLOCATED(true),
    /** check_sync: size larger than the mapping */
    SYNC_OUTSIDE_RANGE(true),
    /** check_sync: direction differs from the map direction */
    SYNC_DIFFERENT_DIRECTION(true),
    /** check_sync: for_cpu on memory the device only reads */
    SYNC_READ_ONLY_FOR_CPU(true),
    /** check_sync: for_device on memory the device only writes */
    SYNC_WRITE_ONLY_TO_DEVICE(true),
    /** check_sync: sg list synced with another nents */
    SYNC_SG_DIFFERENT_ENTRY_COUNT(true),
    /** check_sg_segment: longer than dma_get_max_seg_size() */
    SG_SEGMENT_TOO_LONG(true),
    /** check_sg_segment: crosses dma_get_seg_boundary() */
    SG_SEGMENT_ACROSS_BOUNDARY(true),
    /** add_dma_entry: cacheline already mapped for the device to write (EEXIST) */
    OVERLAPPING_MAPPING(true),
    /** active_cacheline_inc_overlap: WARN_ONCE when the overlap counter would exceed its maximum */
    OVERLAP_LIMIT_EXCEEDED(false),
    /** dma_debug_device_change: mappings left when the driver is unbound */
    PENDING_AT_UNBIND(true),
    /** dma_entry_alloc: the entry pool was grown (pr_info) */
    POOL_GROWN(false),
    /** dma_entry_alloc: no entry could be had, dma-debug disables itself (pr_err) */
    OUT_OF_MEMORY(false),
    /** driver_filter write (pr_info) */
    DRIVER_FILTER_CHANGED(false);

    private final boolean error;

    DmaDebugCheck(boolean error) {
        this.error = error;
    }

    /** Whether the kernel reports it through err_printk (counted in error_count, subject to the filters). */
    public boolean isError() {
        return error;
    }
}
