package org.dmaworkbench.kernel.drivers.clients;

import org.dmaworkbench.hw.periph.BlockImage;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.kernel.device.Device;

/**
 * What the mmc block layer asks of an SD host driver, whichever DMA it uses: block reads and writes that run the
 * machine until the request has completed, and unbinding. Implemented by {@link SdhiClient} (SYS-DMAC) and
 * {@link SdhiInternalDmacClient} (the SDHI's own DMAC).
 */
public interface SdHost {

    /** The SD host's device. */
    Device device();

    /** The SD host hardware. */
    Sdhi hardware();

    /** The card: inserts an in-memory card of {@code blocks} blocks when none is in. */
    default BlockImage card(long blocks) {
        if (hardware().image() == null) {
            hardware().insert(BlockImage.inMemory(blocks));
        }
        return hardware().image();
    }

    /**
     * Reads {@code blocks} blocks from {@code lba} into a buffer of {@code segments} equal pieces and returns what
     * the CPU sees there afterwards, or null when the request could not be started.
     */
    byte[] read(long lba, int blocks, int segments);

    /** Writes {@code data} (whole 512-byte blocks) at {@code lba} from a buffer of {@code segments} equal pieces. */
    void write(long lba, byte[] data, int segments);

    /** The driver lets go of its DMA resources (its remove path). */
    void release();
}
