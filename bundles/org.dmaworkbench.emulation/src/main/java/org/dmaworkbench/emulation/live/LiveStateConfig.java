package org.dmaworkbench.emulation.live;

/**
 * How much live-state history a session keeps (the memory policy; see the package description).
 *
 * @param mappingHistory  unmapped mappings kept for lifetimes and "live at t" (live ones are always kept); about
 *                        60 bytes each
 * @param transferHistory DMA transfers kept for the timeline; 60 bytes each
 * @param errorHistory    error records kept
 * @param changeLog       mapping changes remembered for {@link LiveStateModel#delta}: a view that falls further
 *                        behind gets a reset; 16 bytes each, a power of two
 */
public record LiveStateConfig(int mappingHistory, int transferHistory, int errorHistory, int changeLog) {

    /** 1,000,000 unmapped mappings, 1,000,000 transfers, 100,000 errors, 262,144 changes. */
    public static final LiveStateConfig DEFAULT = new LiveStateConfig(1_000_000, 1_000_000, 100_000, 1 << 18);

    public LiveStateConfig {
        if (mappingHistory < 0 || transferHistory < 0 || errorHistory < 1) {
            throw new IllegalArgumentException("history sizes must not be negative (errors at least 1)");
        }
        if (changeLog < 1 || Integer.bitCount(changeLog) != 1) {
            throw new IllegalArgumentException("the change log size must be a power of two: " + changeLog);
        }
    }

    /** The same with {@code n} unmapped mappings kept. */
    public LiveStateConfig withMappingHistory(int n) {
        return new LiveStateConfig(n, transferHistory, errorHistory, changeLog);
    }
}
