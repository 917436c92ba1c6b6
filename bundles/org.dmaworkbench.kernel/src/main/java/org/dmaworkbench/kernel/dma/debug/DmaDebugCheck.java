package org.dmaworkbench.kernel.dma.debug;

/**
 * Every diagnosis dma-debug can print (kernel/dma/debug.c of Linux 6.12), plus its informational messages.
 * {@link #isError()} tells whether the kernel counts it in {@code error_count} (goes through {@code err_printk}).
 */
public enum DmaDebugCheck {
    /** check_unmap: nothing mapped there and the address is DMA_MAPPING_ERROR */
    FREE_INVALID_ADDRESS(true, 973),
    /** check_unmap: nothing mapped at that device address */
    FREE_NOT_ALLOCATED(true, 977),
    /** check_unmap: size differs from the map size */
    FREE_DIFFERENT_SIZE(true, 987),
    /** check_unmap: unmapped with another function (type) than mapped */
    FREE_WRONG_FUNCTION(true, 995),
    /** check_unmap: coherent memory freed with another CPU address */
    FREE_DIFFERENT_CPU_ADDRESS(true, 1004),
    /** check_unmap: sg list unmapped with another nents */
    FREE_SG_DIFFERENT_ENTRY_COUNT(true, 1016),
    /** check_unmap: direction differs from the map direction */
    FREE_DIFFERENT_DIRECTION(true, 1027),
    /** check_unmap: dma_mapping_error() was never called on the mapping */
    MAP_ERROR_NOT_CHECKED(true, 1042),
    /** check_for_stack */
    MAP_FROM_STACK(true, 1072),
    /** check_for_illegal_area */
    MAP_FROM_TEXT_OR_RODATA(true, 1092),
    /** debug_dma_map_single: !virt_addr_valid() */
    MAP_FROM_INVALID_AREA(true, 1203),
    /** debug_dma_map_single: is_vmalloc_addr() */
    MAP_FROM_VMALLOC(true, 1207),
    /** check_sync: nothing mapped there */
    SYNC_NOT_ALLOCATED(true, 1108),
    /** check_sync: size larger than the mapping */
    SYNC_OUTSIDE_RANGE(true, 1116),
    /** check_sync: direction differs from the map direction */
    SYNC_DIFFERENT_DIRECTION(true, 1129),
    /** check_sync: for_cpu on memory the device only reads */
    SYNC_READ_ONLY_FOR_CPU(true, 1140),
    /** check_sync: for_device on memory the device only writes */
    SYNC_WRITE_ONLY_TO_DEVICE(true, 1150),
    /** check_sync: sg list synced with another nents */
    SYNC_SG_DIFFERENT_ENTRY_COUNT(true, 1160),
    /** check_sg_segment: longer than dma_get_max_seg_size() */
    SG_SEGMENT_TOO_LONG(true, 1181),
    /** check_sg_segment: crosses dma_get_seg_boundary() */
    SG_SEGMENT_ACROSS_BOUNDARY(true, 1191),
    /** add_dma_entry: cacheline already mapped for the device to write (EEXIST) */
    OVERLAPPING_MAPPING(true, 601),
    /** active_cacheline_inc_overlap: WARN_ONCE when the overlap counter would exceed its maximum */
    OVERLAP_LIMIT_EXCEEDED(false, 463),
    /** dma_debug_device_change: mappings left when the driver is unbound */
    PENDING_AT_UNBIND(true, 862),
    /** dma_entry_alloc: the entry pool was grown (pr_info) */
    POOL_GROWN(false, 0),
    /** dma_entry_alloc: no entry could be had, dma-debug disables itself (pr_err) */
    OUT_OF_MEMORY(false, 0),
    /** driver_filter write (pr_info) */
    DRIVER_FILTER_CHANGED(false, 0);

    private final boolean error;
    private final int line;

    DmaDebugCheck(boolean error, int line) {
        this.error = error;
        this.line = line;
    }

    /**
     * The line of kernel/dma/debug.c (Linux 6.12) whose {@code err_printk()} (or {@code WARN_ONCE()}) prints it,
     * which its {@code WARNING: ... at kernel/dma/debug.c:LINE} names (GCC's {@code __LINE__} in a macro is the
     * line of the invocation's name); 0 for the plain printks. The stack check's vmapped-stack variant ("probable
     * addr") is at 1082.
     */
    public int line() {
        return line;
    }

    /** Whether the kernel reports it through err_printk (counted in error_count, subject to the filters). */
    public boolean isError() {
        return error;
    }
}
