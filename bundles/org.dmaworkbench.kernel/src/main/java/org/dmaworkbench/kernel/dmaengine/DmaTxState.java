package org.dmaworkbench.kernel.dmaengine;

/** {@code struct dma_tx_state}: filled by {@code dmaengine_tx_status()}. */
public final class DmaTxState {
    /** last completed cookie */
    public int last;
    /** last issued cookie */
    public int used;
    /** bytes left to transfer of the queried cookie's descriptor */
    public long residue;
    public long inFlightBytes;

    @Override
    public String toString() {
        return "dma_tx_state{last=" + last + ", used=" + used + ", residue=" + residue + "}";
    }
}
