package org.dmaworkbench.kernel.dma;

/**
 * One {@code struct scatterlist} entry: a physically contiguous piece of a buffer (page + offset + length)
 * and, after {@code dma_map_sg()}, the DMA address and length the device uses for the merged segment
 * ({@code sg_dma_address()} / {@code sg_dma_len()}).
 */
public final class Scatterlist {
    private long pagePhys;
    private int offset;
    private int length;
    private long dmaAddress = DmaAttrs.DMA_MAPPING_ERROR;
    private int dmaLength;

    public Scatterlist() {
    }

    /** {@code sg_set_page()}: {@code pagePhys} is {@code page_to_phys(page)}, page aligned. */
    public Scatterlist(long pagePhys, int offset, int length) {
        setPage(pagePhys, offset, length);
    }

    public void setPage(long pagePhys, int offset, int length) {
        this.pagePhys = pagePhys;
        this.offset = offset;
        this.length = length;
    }

    public long pagePhys() {
        return pagePhys;
    }

    /** {@code sg_phys(sg)} */
    public long phys() {
        return pagePhys + offset;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** {@code sg_dma_address(sg)} */
    public long dmaAddress() {
        return dmaAddress;
    }

    /** {@code sg_dma_len(sg)} */
    public int dmaLength() {
        return dmaLength;
    }

    public void setDma(long dmaAddress, int dmaLength) {
        this.dmaAddress = dmaAddress;
        this.dmaLength = dmaLength;
    }

    /** Builds a list of {@code n} empty entries ({@code sg_init_table()}). */
    public static Scatterlist[] table(int n) {
        Scatterlist[] sgl = new Scatterlist[n];
        for (int i = 0; i < n; i++) {
            sgl[i] = new Scatterlist();
        }
        return sgl;
    }
}
