package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * A DMA controller channel at one version: the registers of the hardware model, what the rcar-dmac driver keeps
 * for it (client, slave mapping of {@code rcar_dmac_map_slave_addr()}), and its descriptors in flight and queued.
 *
 * @param name        e.g. {@code e6700000.dma-controller.ch0}
 * @param controller  the DMAC device, e.g. {@code e6700000.dma-controller}
 * @param index       the hardware channel number
 * @param state       the channel engine: {@code idle}, {@code running}, {@code waiting_request}
 * @param registers   SAR, DAR, TCR, CHCR... as the driver would read them
 * @param bytesMoved  bytes the channel moved since reset
 * @param lastError   why it last stopped with an address error, or null
 * @param client      the device the channel serves ({@code chan->slave}), "" when none
 * @param midRid      the MID/RID the channel is set up for, negative when none
 * @param slaveMapAddr the DMA address of the mapped slave FIFO ({@code rchan->map.addr}), 0 when none
 * @param slaveMapSize the size of that mapping ({@code map.xfer_size}), 0 when none
 * @param slaveAddr   the FIFO's physical address ({@code map.slave.slave_addr})
 * @param running     the descriptor in flight ({@code desc.running}), or null
 * @param queued      issued and submitted descriptors waiting behind it (active, then pending)
 */
public record DmaChannelSnapshot(String name, String controller, int index, String state, Registers registers,
        long bytesMoved, String lastError, String client, int midRid, long slaveMapAddr, long slaveMapSize,
        long slaveAddr, Descriptor running, List<Descriptor> queued) {

    public DmaChannelSnapshot {
        queued = List.copyOf(queued);
    }

    /** The channel registers of the R-Car SYS-DMAC. */
    public record Registers(int sar, int dar, int tcr, int tcrb, int chcr, int chcrb, int dmars) {
    }

    /**
     * One prepared transfer ({@code struct rcar_dmac_desc}).
     *
     * @param cookie    the dmaengine cookie (negative before submit)
     * @param direction {@code MEM_TO_DEV}, {@code DEV_TO_MEM} or {@code MEM_TO_MEM}
     * @param bytes     total bytes ({@code desc->size})
     * @param hwDescriptors whether it runs from a hardware descriptor list
     * @param chunks    its chunks: source, destination and bytes each
     */
    public record Descriptor(int cookie, String direction, long bytes, boolean cyclic, boolean hwDescriptors,
            List<Chunk> chunks) {

        public Descriptor {
            chunks = List.copyOf(chunks);
        }
    }

    /** One chunk of a descriptor ({@code struct rcar_dmac_xfer_chunk}). */
    public record Chunk(long src, long dst, long bytes) {
    }
}
