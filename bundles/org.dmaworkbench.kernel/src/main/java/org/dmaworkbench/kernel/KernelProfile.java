package org.dmaworkbench.kernel;

/**
 * Which kernel's behaviour the model follows. {@link #V6_12} is Linux 6.12; {@link #V4_9} is the
 * {@code dma_map_resource()} series as merged in 4.9 ({@code BUG_ON(pfn_valid())} on RAM, the separate
 * {@code page} dma-debug entry type, 4.9 message prefix placement, the 4096-entry pool that never grows, the
 * DMA-API wrappers inlined so they leave no stack frames, no vmapped task stacks). The 4.9 details were checked
 * against two 4.9-series trees (4.9.229 and a vendor 4.9); what the model still does as 6.12 under 4.9 (trace events,
 * the memory layout behind {@code %p}) is listed in the javadoc of {@code DmaDebug} and {@code DmaMapping}.
 */
public enum KernelProfile {
    V6_12("6.12"),
    V4_9("4.9");

    private final String version;

    KernelProfile(String version) {
        this.version = version;
    }

    public String version() {
        return version;
    }

    /** @return the profile for "6.12" or "4.9", or null for anything else */
    public static KernelProfile forVersion(String version) {
        for (KernelProfile p : values()) {
            if (p.version.equals(version)) {
                return p;
            }
        }
        return null;
    }
}
