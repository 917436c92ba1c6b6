package org.dmaworkbench.kernel.dma.debug;

/**
 * Sees dma-debug's entries come and go, for live views and recorders: every entry added to the hash
 * ({@code add_dma_entry()}), every entry {@code check_unmap()} removes, every entry {@code dma_mapping_error()}
 * marks checked, and every error. Calls come on the emulation thread, inside the DMA-API call; the entry's fields
 * can be read with {@link DmaDebug}'s {@code entry*} accessors during the call (an entry id is reused once the
 * entry is freed). Implementations must not call back into the DMA-API.
 * <p>
 * With no observer set, dma-debug's hot paths pay one null test per hook.
 */
public interface DmaDebugObserver {

    /** Entry {@code entry} was added; {@code attrs} are the {@code DMA_ATTR_*} of the mapping call. */
    void entryAdded(DmaDebug debug, int entry, long attrs);

    /** Entry {@code entry} is about to be freed by an unmap or free that found it. */
    void entryRemoved(DmaDebug debug, int entry);

    /** {@code dma_mapping_error()} marked entry {@code entry} "dma map error checked". */
    void entryChecked(DmaDebug debug, int entry);

    /** An error dma-debug counted in {@code error_count}, printed or not. */
    void error(DmaDebug debug, DmaDebugError error);
}
