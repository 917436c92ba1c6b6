package org.dmaworkbench.hw.dmac;

/**
 * A peripheral's DMA request line(s) as a DMAC sees them, one per MID/RID (the number in the client's
 * {@code dmas = <&dmac N>} cell, programmed into DMARS). A channel set to RS = DMARS moves data only
 * while the peripheral asserts the request for its MID/RID.
 * <p>
 * When a request becomes active again (FIFO space freed, data arrived), the peripheral calls
 * {@link RcarDmac#dreq(int)} so waiting channels resume.
 */
public interface DmaRequester {

    /**
     * @param midRid   the request line
     * @param unitSize the channel's transfer size in bytes
     * @return how many transfer units the peripheral can take or give right now; 0 when the request is inactive
     */
    int pendingUnits(int midRid, int unitSize);
}
