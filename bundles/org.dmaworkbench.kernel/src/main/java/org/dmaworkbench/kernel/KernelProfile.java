package org.dmaworkbench.kernel;

/**
 * Which kernel's behaviour the model follows. {@link #V6_12} is Linux 6.12; {@link #V4_9} is the
 * {@code dma_map_resource()} series as merged in 4.9 ({@code BUG_ON(pfn_valid())} on RAM, the separate
 * {@code page} dma-debug entry type, 4.9 message prefix placement).
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
