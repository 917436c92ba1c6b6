package org.dmaworkbench.emulation.live;

import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;

/**
 * One DMA transfer: a run of a DMA controller channel from the start (CHCR.DE set) to its end, as a value (a row
 * of a {@link TransferTimeline}).
 *
 * @param id         unique per session, in start order
 * @param channel    the channel, e.g. {@code e6700000.dma-controller.ch0}
 * @param client     the device the channel serves ({@code chan->slave}), or "" for memcpy channels
 * @param direction  the descriptor's direction ({@code MEM_TO_DEV}...), {@code TRANS_NONE} when not known
 * @param startNs    virtual time the run started
 * @param endNs      virtual time it ended, -1 while {@link TransferStatus#RUNNING}
 * @param bytes      bytes moved (so far, while running)
 * @param plannedBytes bytes the descriptor (or chunk) asked for
 * @param srcIova    source address the channel was programmed with (an IOVA behind an IOMMU)
 * @param dstIova    destination address
 */
public record Transfer(long id, String channel, String client, DmaTransferDirection direction, long startNs,
        long endNs, long bytes, long plannedBytes, long srcIova, long dstIova, TransferStatus status) {
}
