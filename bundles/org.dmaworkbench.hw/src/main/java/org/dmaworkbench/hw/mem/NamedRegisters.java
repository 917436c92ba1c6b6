package org.dmaworkbench.hw.mem;

import java.util.Optional;

/**
 * A register block that can say which register sits at an offset: the name the SoC's hardware manual gives it,
 * for views that show what a DMA address or a {@code dma_map_resource()} mapping targets (the SCIF transmit FIFO
 * {@code SCFTDR} at offset 0x0c, ...). Only the models of DMA-capable peripherals implement it.
 */
public interface NamedRegisters {

    /**
     * One register of a block.
     *
     * @param name        as the hardware manual names it, e.g. {@code SCFTDR}
     * @param offset      its byte offset in the block
     * @param width       access width in bytes
     * @param kernelName  the name the Linux driver uses for it (e.g. {@code SCxTDR} in sh-sci.c), "" when the same
     * @param description what it is, one short phrase
     */
    record Register(String name, long offset, int width, String kernelName, String description) {
    }

    /** The register whose bytes include {@code offset}, if the model knows one there. */
    Optional<Register> register(long offset);
}
