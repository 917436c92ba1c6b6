package org.dmaworkbench.kernel.trace;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

/** The trace file layout of 6.12 (trace.c print_func_help_header_irq, trace_output.c trace_print_context). */
public class FtraceWriterTest {
    static final String HEADER_TAIL = "#\n"
            + "#                                _-----=> irqs-off/BH-disabled\n"
            + "#                               / _----=> need-resched\n"
            + "#                              | / _---=> hardirq/softirq\n"
            + "#                              || / _--=> preempt-depth\n"
            + "#                              ||| / _-=> migrate-disable\n"
            + "#                              |||| /     delay\n"
            + "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
            + "#              | |         |   |||||     |         |\n";

    @Test
    public void wholeFile() throws IOException {
        TraceEvent a = new TraceEvent("dma", "dma_map_resource", 1234567890123L, 1, "bash", 1234,
                "e7300000.dma-controller dir=BIDIRECTIONAL dma_addr=fef00000 size=1 phys_addr=e6e6000c attrs=");
        TraceEvent b = new TraceEvent("iommu", "map", 1234567899999L, 0, "kworker/u8:2", 97,
                "IOMMU: iova=0x00000000fef00000 - 0x00000000fef01000 paddr=0x00000000e6e60000 size=4096");
        StringBuilder sb = new StringBuilder();
        new FtraceWriter(2).write(sb, List.of(a, b));
        assertEquals("# tracer: nop\n#\n# entries-in-buffer/entries-written: 2/2   #P:2\n" + HEADER_TAIL
                + "            bash-1234    [001] .....  1234.567890: dma_map_resource: e7300000.dma-controller "
                + "dir=BIDIRECTIONAL dma_addr=fef00000 size=1 phys_addr=e6e6000c attrs=\n"
                + "    kworker/u8:2-97      [000] .....  1234.567900: map: IOMMU: iova=0x00000000fef00000 - "
                + "0x00000000fef01000 paddr=0x00000000e6e60000 size=4096\n", sb.toString());
    }

    @Test
    public void emptyBufferStillHasTheHeader() throws IOException {
        StringBuilder sb = new StringBuilder();
        new FtraceWriter(8).write(sb, List.of());
        assertEquals("# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:8\n" + HEADER_TAIL,
                sb.toString());
    }

    @Test
    public void overwrittenEntriesAreCountedAsWritten() throws IOException {
        TraceBuffer buf = new TraceBuffer(1);
        buf.enableSystem("dma");
        Tracer t = new Tracer(buf, () -> 0);
        t.setCurrent(0, "sh", 200);
        for (int i = 0; i < 3; i++) {
            t.emit("dma", "dma_sync_single_for_cpu", "x" + i);
        }
        StringBuilder sb = new StringBuilder();
        buf.writeTo(sb, new FtraceWriter(2));
        assertEquals("# tracer: nop\n#\n# entries-in-buffer/entries-written: 1/3   #P:2\n" + HEADER_TAIL
                + "              sh-200     [000] .....     0.000000: dma_sync_single_for_cpu: x2\n", sb.toString());
    }

    @Test
    public void timestampIsRoundedToMicroseconds() {
        FtraceWriter w = new FtraceWriter(1);
        assertEquals("              sh-1       [000] .....     1.000000: e: f",
                w.line(new TraceEvent("s", "e", 999_999_500L, 0, "sh", 1, "f")));
        assertEquals("              sh-1       [000] .....     0.999999: e: f",
                w.line(new TraceEvent("s", "e", 999_999_499L, 0, "sh", 1, "f")));
        assertEquals("              sh-1       [000] ..... 123456.000001: e: f",
                w.line(new TraceEvent("s", "e", 123_456_000_001_000L, 0, "sh", 1, "f")));
    }

    @Test
    public void commIsCutToFifteenCharactersAndPidZeroIsIdle() {
        FtraceWriter w = new FtraceWriter(1);
        assertEquals(" irq/123-e6e6000-123     [003] d.h1.     0.000002: e: f",
                w.line(new TraceEvent("s", "e", 2000, 3, "irq/123-e6e60000.serial", 123, "d.h1.", "f")));
        assertEquals("          <idle>-0       [000] .....     0.000000: e: f",
                w.line(new TraceEvent("s", "e", 0, 0, "swapper/0", 0, "f")));
    }

    @Test
    public void tracerFlagsColumnIsFiveCharacters() {
        TraceBuffer buf = new TraceBuffer(4);
        buf.enableSystem("s");
        Tracer t = new Tracer(buf, () -> 0);
        t.setFlags("d..1.");
        t.emit("s", "e", "f");
        assertEquals("d..1.", buf.events().get(0).flags());
        try {
            t.setFlags("d");
            org.junit.Assert.fail("short flags accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("ftrace flags column has 5 characters: 'd'", e.getMessage());
        }
    }
}
