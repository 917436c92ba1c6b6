package org.dmaworkbench.kernel.drivers.clients;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.platform.PlatformDevice;

/**
 * The FIFO addresses a peripheral's driver gives its DMA channels as {@code dma_slave_config} source or destination:
 * what the hardware view lists under each peripheral. The offsets are the ones the client drivers use:
 * sh-sci's {@code SCxTDR}/{@code SCxRDR} ({@link UartClient}, drivers/tty/serial/sh-sci.c {@code sci_request_dma()})
 * and the SDHI data port {@code CTL_SD_DATA_PORT << bus_shift}, RX at {@code dma_rx_offset} past it
 * ({@link SdhiClient}, drivers/mmc/host/renesas_sdhi_sys_dmac.c {@code renesas_sdhi_sys_dmac_request_dma()}).
 */
public final class SlaveFifos {

    /**
     * @param name     the dma-names entry that uses it ({@code tx}, {@code rx})
     * @param register the register's name in the driver
     * @param address  CPU physical address
     * @param width    access width in bytes ({@code dst_addr_width}/{@code src_addr_width})
     */
    public record Fifo(String name, String register, long address, int width) {
    }

    private SlaveFifos() {
    }

    /** The FIFOs of {@code device}, empty for a device the workbench has no client driver for. */
    public static List<Fifo> of(PlatformDevice device) {
        List<Fifo> out = new ArrayList<>();
        if (device.reg().isEmpty()) {
            return out;
        }
        long base = device.reg().get(0).address();
        if (device.model() instanceof Scif) {
            out.add(new Fifo("tx", "SCxTDR", base + UartClient.SCXTDR, 1));
            out.add(new Fifo("rx", "SCxRDR", base + UartClient.SCXRDR, 1));
        } else if (device.model() instanceof Sdhi sdhi && !device.dmas().isEmpty()) {
            long port = base + ((long) SdhiClient.CTL_SD_DATA_PORT << sdhi.busShift());
            out.add(new Fifo("tx", "CTL_SD_DATA_PORT", port, 4));
            out.add(new Fifo("rx", "CTL_SD_DATA_PORT + dma_rx_offset", port + SdhiClient.DMA_RX_OFFSET, 4));
        }
        return out;
    }
}
