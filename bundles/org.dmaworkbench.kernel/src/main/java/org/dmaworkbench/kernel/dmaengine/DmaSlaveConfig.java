package org.dmaworkbench.kernel.dmaengine;

/**
 * {@code struct dma_slave_config} of include/linux/dmaengine.h: what a client tells the channel about the
 * slave end with {@code dmaengine_slave_config()}. Addresses are the slave FIFO's <em>physical</em> address,
 * as the kernel documents ({@code phys_addr_t}-like values in a {@code dma_addr_t} field); drivers that sit
 * behind an IOMMU map them with {@code dma_map_resource()}. Setters return this for chaining.
 */
public final class DmaSlaveConfig {
    private DmaTransferDirection direction = DmaTransferDirection.TRANS_NONE;
    private long srcAddr;
    private long dstAddr;
    private DmaSlaveBuswidth srcAddrWidth = DmaSlaveBuswidth.UNDEFINED;
    private DmaSlaveBuswidth dstAddrWidth = DmaSlaveBuswidth.UNDEFINED;
    private int srcMaxburst;
    private int dstMaxburst;
    private boolean deviceFc;

    public DmaSlaveConfig() {
    }

    /** A copy, as drivers that keep the config do ({@code memcpy(&chan->config, cfg, ...)}). */
    public DmaSlaveConfig(DmaSlaveConfig o) {
        direction = o.direction;
        srcAddr = o.srcAddr;
        dstAddr = o.dstAddr;
        srcAddrWidth = o.srcAddrWidth;
        dstAddrWidth = o.dstAddrWidth;
        srcMaxburst = o.srcMaxburst;
        dstMaxburst = o.dstMaxburst;
        deviceFc = o.deviceFc;
    }

    /** Deprecated in the kernel (drivers take the direction from the prep call), kept for completeness. */
    public DmaTransferDirection direction() {
        return direction;
    }

    public DmaSlaveConfig direction(DmaTransferDirection direction) {
        this.direction = direction;
        return this;
    }

    /** {@code src_addr}: the FIFO the channel reads from in {@code DEV_TO_MEM}. */
    public long srcAddr() {
        return srcAddr;
    }

    public DmaSlaveConfig srcAddr(long srcAddr) {
        this.srcAddr = srcAddr;
        return this;
    }

    /** {@code dst_addr}: the FIFO the channel writes to in {@code MEM_TO_DEV}. */
    public long dstAddr() {
        return dstAddr;
    }

    public DmaSlaveConfig dstAddr(long dstAddr) {
        this.dstAddr = dstAddr;
        return this;
    }

    public DmaSlaveBuswidth srcAddrWidth() {
        return srcAddrWidth;
    }

    public DmaSlaveConfig srcAddrWidth(DmaSlaveBuswidth w) {
        this.srcAddrWidth = w == null ? DmaSlaveBuswidth.UNDEFINED : w;
        return this;
    }

    public DmaSlaveBuswidth dstAddrWidth() {
        return dstAddrWidth;
    }

    public DmaSlaveConfig dstAddrWidth(DmaSlaveBuswidth w) {
        this.dstAddrWidth = w == null ? DmaSlaveBuswidth.UNDEFINED : w;
        return this;
    }

    public int srcMaxburst() {
        return srcMaxburst;
    }

    public DmaSlaveConfig srcMaxburst(int words) {
        this.srcMaxburst = words;
        return this;
    }

    public int dstMaxburst() {
        return dstMaxburst;
    }

    public DmaSlaveConfig dstMaxburst(int words) {
        this.dstMaxburst = words;
        return this;
    }

    public boolean deviceFc() {
        return deviceFc;
    }

    public DmaSlaveConfig deviceFc(boolean deviceFc) {
        this.deviceFc = deviceFc;
        return this;
    }

    @Override
    public String toString() {
        return "dma_slave_config{direction=" + direction.text() + ", src_addr=0x" + Long.toHexString(srcAddr)
                + ", dst_addr=0x" + Long.toHexString(dstAddr) + ", src_addr_width=" + srcAddrWidth.bytes()
                + ", dst_addr_width=" + dstAddrWidth.bytes() + ", src_maxburst=" + srcMaxburst + ", dst_maxburst="
                + dstMaxburst + "}";
    }
}
