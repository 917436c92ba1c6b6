package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.List;

import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Test;

/**
 * The hooks of kernel/dma/debug.c that call {@code dma_mapping_error()}, and with it
 * {@code debug_dma_mapping_error()}: {@code debug_dma_map_page()} before it records anything and
 * {@code check_unmap()} when it finds no entry. {@code debug_dma_map_resource()} does not.
 */
public class DmaDebugMappingErrorCallsTest extends DmaDebugFixture {
    static final long PAGE = 0x48000000L;
    static final long DMA = 0xfff00000L;
    static final String DMAC = "DMA-API: rcar-dmac e7300000.dma-controller: ";

    private String dump() throws IOException {
        StringBuilder sb = new StringBuilder();
        debug.dump(sb);
        return sb.toString();
    }

    @Test
    public void mapPageMarksTheOlderUncheckedEntryOfTheSameDeviceAndAddress() throws IOException {
        debug.debugDmaMapPage(serial, PAGE, 0x10, 0x40, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapPage(dmac, PAGE, 0x10, 0x40, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapPage(serial, PAGE, 0x10, 0x40, DmaDirection.TO_DEVICE, DMA, 0);
        String tail = " idx 16256 P=0x0000000048000010 D=fff00000 L=40 cln=0x0000000001200000 DMA_TO_DEVICE ";
        assertEquals("sh-sci e6e60000.serial single" + tail + "dma map error checked\n"
                + "rcar-dmac e7300000.dma-controller single" + tail + "dma map error not checked\n"
                + "sh-sci e6e60000.serial single" + tail + "dma map error not checked\n", dump());
    }

    @Test
    public void aFailedMapPageStillChecksTheOlderEntry() throws IOException {
        debug.debugDmaMapPage(serial, PAGE, 0, 0x40, DmaDirection.TO_DEVICE, DmaAttrs.DMA_MAPPING_ERROR, 0);
        assertEquals("", dump());
        debug.debugDmaMapResource(serial, 0xe6e60000L, 4, DmaDirection.TO_DEVICE, DmaAttrs.DMA_MAPPING_ERROR, 0);
        debug.debugDmaMapPage(serial, PAGE, 0, 0x40, DmaDirection.TO_DEVICE, DmaAttrs.DMA_MAPPING_ERROR, 0);
        debug.debugDmaUnmapResource(serial, DmaAttrs.DMA_MAPPING_ERROR, 4, DmaDirection.TO_DEVICE);
        assertSilent();
    }

    @Test
    public void mapResourceDoesNotCallDmaMappingError() throws IOException {
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 4, DmaDirection.TO_DEVICE, DMA, 0);
        assertEquals(2, dump().split("dma map error not checked\n", -1).length - 1);
    }

    @Test
    public void unmapWithoutAFittingEntryChecksTheFirstUncheckedOne() {
        debug.setAllErrors(true);
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 1, DmaDirection.TO_DEVICE, DMA, 0);
        debug.debugDmaMapResource(dmac, 0xe6e6000cL, 2, DmaDirection.TO_DEVICE, DMA, 0);
        // two entries fit equally well (type and direction), none exactly: bucket_find_exact() gives up, and
        // check_unmap()'s dma_mapping_error() marks the first one checked
        debug.debugDmaUnmapResource(dmac, DMA, 3, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapResource(dmac, DMA, 1, DmaDirection.TO_DEVICE);
        debug.debugDmaUnmapResource(dmac, DMA, 2, DmaDirection.TO_DEVICE);
        assertEquals(List.of(
                DMAC + "device driver tries to free DMA memory it has not allocated "
                        + "[device address=0x00000000fff00000] [size=3 bytes]",
                DMAC + "device driver failed to check map error[device address=0x00000000fff00000] [size=2 bytes] "
                        + "[mapped as resource]"),
                texts());
    }
}
