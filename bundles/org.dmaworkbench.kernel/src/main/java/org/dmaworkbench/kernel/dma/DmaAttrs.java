package org.dmaworkbench.kernel.dma;

/** The {@code DMA_ATTR_*} bits and {@code DMA_MAPPING_ERROR} of include/linux/dma-mapping.h (Linux 6.12). */
public final class DmaAttrs {
    public static final long WEAK_ORDERING = 1L << 1;
    public static final long WRITE_COMBINE = 1L << 2;
    public static final long NO_KERNEL_MAPPING = 1L << 4;
    public static final long SKIP_CPU_SYNC = 1L << 5;
    public static final long FORCE_CONTIGUOUS = 1L << 6;
    public static final long ALLOC_SINGLE_PAGES = 1L << 7;
    public static final long NO_WARN = 1L << 8;
    public static final long PRIVILEGED = 1L << 9;

    /** {@code DMA_MAPPING_ERROR}: {@code ~(dma_addr_t)0}, with a 64-bit dma_addr_t. */
    public static final long DMA_MAPPING_ERROR = ~0L;

    private DmaAttrs() {
    }
}
