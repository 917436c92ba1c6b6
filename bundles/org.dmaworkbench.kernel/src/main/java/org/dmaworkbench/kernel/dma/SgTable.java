package org.dmaworkbench.kernel.dma;

/** {@code struct sg_table}: the list, the entries it holds ({@code orig_nents}) and the mapped ones ({@code nents}). */
public final class SgTable {
    private final Scatterlist[] sgl;
    private final int origNents;
    private int nents;

    public SgTable(Scatterlist[] sgl) {
        this(sgl, sgl.length);
    }

    public SgTable(Scatterlist[] sgl, int origNents) {
        this.sgl = sgl;
        this.origNents = origNents;
        this.nents = origNents;
    }

    public Scatterlist[] sgl() {
        return sgl;
    }

    public int origNents() {
        return origNents;
    }

    /** Entries holding DMA segments after {@code dma_map_sgtable()}. */
    public int nents() {
        return nents;
    }

    public void setNents(int nents) {
        this.nents = nents;
    }
}
