package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.junit.Before;

/** Common set-up: dma-debug over {@link TestLayout}, log records collected, two R-Car devices. */
abstract class DmaDebugFixture {
    /** stack_trace_print() line of the hook frame, derived by hand from KernelCallStack's documented formula */
    static final String MAP_PAGE_FRAME = " debug_dma_map_page+0x10/0x114";
    static final String MAP_SG_FRAME = " debug_dma_map_sg+0x14c/0x168";
    static final String ALLOC_COHERENT_FRAME = " debug_dma_alloc_coherent+0x200/0x3fc";
    static final String MAP_RESOURCE_FRAME = " debug_dma_map_resource+0x230/0x2d0";

    final List<KernelLogRecord> records = new ArrayList<>();
    TestLayout layout;
    KernelCallStack stack;
    DmaDebug debug;
    Device serial;
    Device dmac;

    KernelProfile profile() {
        return KernelProfile.V6_12;
    }

    @Before
    public void setUpDmaDebug() {
        layout = new TestLayout();
        stack = new KernelCallStack();
        debug = new DmaDebug(layout, records::add, profile(), stack);
        records.clear();
        serial = new Device("e6e60000.serial", "sh-sci");
        dmac = new Device("e7300000.dma-controller", "rcar-dmac");
    }

    /** The texts of all records logged so far. */
    List<String> texts() {
        List<String> t = new ArrayList<>();
        for (KernelLogRecord r : records) {
            t.add(r.text());
        }
        return t;
    }

    /** Asserts exactly one record was logged, with that text, and returns it. */
    KernelLogRecord single(String expectedText) {
        assertEquals(List.of(expectedText), texts());
        return records.get(0);
    }

    void assertSilent() {
        assertEquals(List.of(), texts());
        assertEquals(0, debug.errorCount());
    }
}
