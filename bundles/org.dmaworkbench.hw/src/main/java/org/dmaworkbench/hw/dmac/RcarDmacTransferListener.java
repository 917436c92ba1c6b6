package org.dmaworkbench.hw.dmac;

/**
 * Sees each channel run begin and end, for timelines: a run begins when CHCR.DE is set with TE and CAE clear
 * (the registers, or the descriptor list, are programmed by then) and ends when CHCR.TE is set after the last
 * unit or stage, when an address error stops it, or when DE is cleared or the channel cleared before that.
 * Calls come on the emulation thread, before the interrupt the end raises. Observation only.
 */
public interface RcarDmacTransferListener {

    /** How a run ended. */
    enum End {
        /** CHCR.TE: every unit (every stage of a non-repeating descriptor list) moved */
        COMPLETE,
        /** CHCR.CAE: an address error (IOMMU fault, bus error, misalignment) stopped the channel */
        ERROR,
        /** CHCR.DE cleared or DMACHCLR before the end (terminate, pause) */
        STOPPED
    }

    void transferStarted(RcarDmac dmac, int channel);

    void transferEnded(RcarDmac dmac, int channel, End how);
}
