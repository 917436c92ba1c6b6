package org.dmaworkbench.hw.dmac;

/** Receives the DMAC's interrupts: the per-channel "chN" lines and the shared "error" line. */
public interface RcarDmacInterruptHandler {

    /** Channel {@code channel} raised its interrupt (CHCR.TE with IE, CAE with CAIE, or DSE with DSIE). */
    void channelInterrupt(RcarDmac dmac, int channel);

    /** The "error" interrupt: DMAOR.AE became set. */
    default void errorInterrupt(RcarDmac dmac) {
    }
}
