package org.dmaworkbench.kernel.drivers.rcardmac;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;

/**
 * {@code struct rcar_dmac_desc}: one prepared transfer, a list of chunks each the hardware runs with one
 * SAR/DAR/TCR programming (or one hardware descriptor), plus the hardware descriptor memory when descriptor mode
 * is used. Descriptors are recycled by the channel; as in the kernel, a recycled descriptor keeps the callback a
 * previous user set until the new user sets its own.
 */
public final class RcarDmacDesc extends DmaAsyncTxDescriptor {

    /** {@code struct rcar_dmac_xfer_chunk} */
    public record XferChunk(long srcAddr, long dstAddr, int size) {
    }

    DmaTransferDirection direction;
    int xferShift;
    int chcr;
    final List<XferChunk> chunks = new ArrayList<>();
    /** index of the running chunk in {@link #chunks} (non-descriptor mode) */
    int running;
    boolean hwdescsUse;
    long hwdescsMem;
    long hwdescsDma;
    long hwdescsSize;
    long size;
    boolean cyclic;

    RcarDmacDesc(RcarDmacChan chan) {
        super(chan, 0);
    }

    void resetCookie() {
        setCookie(-16);
    }

    public DmaTransferDirection direction() {
        return direction;
    }

    /** log2 of the transfer size (CHCR.TS) in bytes. */
    public int xferShift() {
        return xferShift;
    }

    /** The CHCR value prepared for the descriptor (without the mode bits start_xfer adds). */
    public int chcr() {
        return chcr;
    }

    public List<XferChunk> chunks() {
        return List.copyOf(chunks);
    }

    /** Whether the transfer runs from a hardware descriptor list ({@code desc->hwdescs.use}). */
    public boolean hwdescsUse() {
        return hwdescsUse;
    }

    /** DMA address of the hardware descriptor list ({@code desc->hwdescs.dma}), 0 when none is allocated. */
    public long hwdescsDma() {
        return hwdescsDma;
    }

    /** Kernel virtual address of the hardware descriptor list, 0 when none is allocated. */
    public long hwdescsMem() {
        return hwdescsMem;
    }

    /** Allocated size of the hardware descriptor list (page aligned). */
    public long hwdescsSize() {
        return hwdescsSize;
    }

    /** Total bytes of the transfer ({@code desc->size}). */
    public long size() {
        return size;
    }

    public boolean cyclic() {
        return cyclic;
    }
}
