package org.dmaworkbench.kernel.dma.debug;

/**
 * The {@code dma_debug_type} of a dma-debug entry ({@code enum} at the top of kernel/dma/debug.c), with the names
 * {@code type2name[]} prints: 6.12 says "scatter-gather", 4.9's lib/dma-debug.c "scather-gather"; "page" exists
 * only in 4.9 (dma_map_page(); 6.12 records it as "single").
 */
public enum DmaDebugEntryType {
    SINGLE("single", "single"),
    SCATTER_GATHER("scatter-gather", "scather-gather"),
    COHERENT("coherent", "coherent"),
    RESOURCE("resource", "resource"),
    NONCOHERENT("noncoherent", "noncoherent"),
    PAGE("page", "page");

    private static final DmaDebugEntryType[] BY_CODE = values();

    private final String name612;
    private final String name49;

    DmaDebugEntryType(String name612, String name49) {
        this.name612 = name612;
        this.name49 = name49;
    }

    /** The name dma-debug prints ({@code type2name[]}) under Linux 6.12 ({@code v49} false) or 4.9. */
    public String kernelName(boolean v49) {
        return v49 ? name49 : name612;
    }

    /** DmaDebug's internal type code (its {@code T_*} constants follow this order). */
    static DmaDebugEntryType ofCode(int code) {
        return BY_CODE[code];
    }
}
