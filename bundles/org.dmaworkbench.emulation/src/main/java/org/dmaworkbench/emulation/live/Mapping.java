package org.dmaworkbench.emulation.live;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;

/**
 * One DMA mapping as dma-debug tracked it ({@code struct dma_debug_entry}), with its lifetime: an immutable value
 * for one row of a {@link MappingTable}, a {@link MappingDelta} or a {@link MappingHistory}. Tables hand out rows
 * column by column without making these; make one with {@code row(i)} when a whole row is wanted (a selection, a
 * tooltip, a delta).
 *
 * @param id          the mapping's id: unique in its session (or replay), stable for its whole life and after
 * @param device      {@code dev_name()}, e.g. {@code e6700000.dma-controller}
 * @param driver      the driver bound when it was mapped ({@code dev_driver_string()}), e.g. {@code rcar-dmac}
 * @param type        the dma-debug entry type
 * @param typeName    the type as dma-debug prints it under the session's kernel ({@code "scather-gather"} in 4.9)
 * @param cpuPhys     the CPU physical address ({@code P=} of the dump; for {@code resource}, the MMIO address)
 * @param dmaAddr     the DMA (bus, IOVA) address the device uses ({@code D=})
 * @param size        bytes ({@code L=})
 * @param attrs       the {@code DMA_ATTR_*} bits of the mapping call ({@link org.dmaworkbench.kernel.dma.DmaAttrs})
 * @param mapErr      whether {@code dma_mapping_error()} was called on it (as of the snapshot's version)
 * @param mapTimeNs   virtual time of the map call, {@link #UNKNOWN_TIME} when it is not known (a mapping imported
 *                    from a {@code dma-api/dump})
 * @param unmapTimeNs virtual time of the unmap or free, {@link #LIVE} while the mapping is live
 * @param stack       "Mapped at" frames as dma-debug prints them ({@code " debug_dma_map_page+0x../0x.."} first),
 *                    empty when the source has no stacks ({@link Availability#STACKS})
 */
public record Mapping(long id, String device, String driver, DmaDebugEntryType type, String typeName, long cpuPhys,
        long dmaAddr, long size, DmaDirection direction, long attrs, DmaDebugMapErr mapErr, long mapTimeNs,
        long unmapTimeNs, List<String> stack) {

    /** {@link #unmapTimeNs()} of a live mapping. */
    public static final long LIVE = -1L;
    /** {@link #mapTimeNs()} when the map call was not seen (imported from a dump, made before recording). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    public Mapping {
        stack = List.copyOf(stack);
    }

    public boolean isLive() {
        return unmapTimeNs == LIVE;
    }

    /** Whether it was live at virtual time {@code t}: mapped at or before t, not unmapped at or before t. */
    public boolean liveAt(long t) {
        return mapTimeNs <= t && (unmapTimeNs == LIVE || unmapTimeNs > t);
    }

    /** The dump line's direction name, e.g. {@code DMA_TO_DEVICE}. */
    public String directionName() {
        return direction.kernelName();
    }
}
