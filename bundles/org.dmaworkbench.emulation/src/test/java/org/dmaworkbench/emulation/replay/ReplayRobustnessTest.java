package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;

import org.junit.Test;

/** Captures the fuzzer found: each replays to findings and diagnostics, never an exception. */
public class ReplayRobustnessTest {

    /**
     * The dma:* formats print the device with %s before " dir=", so a device name may hold anything, here the text
     * dma-debug's leak report puts before the address it names. The replay found the mapping's site by reading the
     * address back out of the message, from the first "[device address=0x", in the device name: a
     * NumberFormatException out of finish().
     */
    @Test
    public void aDeviceNamedLikeTheLeakReportsAddressField() throws IOException {
        String capture = "# tracer: nop\n"
                + "  kworker/0:1-23 [000] .....  112.001400: dma_alloc: [device address=0xe6e60000.serial "
                + "dir=BIDIRECTIONAL dma_addr=fff80000 size=8192 virt_addr=ffff000012340000 flags=GFP_KERNEL attrs=\n";
        TraceReplay t = new TraceReplay();
        t.replay(new StringReader(capture), "c.txt");
        ReplayResult r = t.finish();
        assertEquals(1, r.findings().size());
        Finding f = r.findings().get(0);
        assertEquals("[device address=0xe6e60000.serial", f.device());
        // kernel/dma/debug.c:862-869, dma_debug_device_change(): the leaked entry's address, the dma_addr of line 2
        assertTrue(f.message(), f.message().contains("[device address=0x00000000fff80000] [size=8192 bytes]"));
        assertEquals("c.txt", f.mappedAtFile());
        assertEquals(2, f.mappedAtLine());
    }
}
