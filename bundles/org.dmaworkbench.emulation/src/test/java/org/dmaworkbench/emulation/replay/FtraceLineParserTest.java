package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Line layouts of trace_output.c (6.12) and trace-cmd report, recognised without regular expressions. */
public class FtraceLineParserTest {
    private final FtraceLineParser p = new FtraceLineParser();
    private char[] b;

    private int parse(String line) {
        b = line.toCharArray();
        return p.parse(b, 0, b.length);
    }

    private String task() {
        return new String(b, p.taskStart, p.taskEnd - p.taskStart);
    }

    private String name() {
        return new String(b, p.nameStart, p.nameEnd - p.nameStart);
    }

    private String payload() {
        return new String(b, p.payloadStart, b.length - p.payloadStart);
    }

    @Test
    public void traceFileLineWithFlagsColumn() {
        assertEquals(FtraceLineParser.EVENT,
                parse("            bash-1234    [001] d.h2.  1234.567890: dma_map_resource: e6700000.dma x"));
        assertEquals("bash", task().trim());
        assertEquals(1234, p.pid);
        assertEquals(1, p.cpu);
        assertEquals(1234_567_890_000L, p.timestampNs);
        assertEquals("dma_map_resource", name());
        assertEquals("e6700000.dma x", payload());
    }

    @Test
    public void commWithSpacesAndDashesIdleAndTgid() {
        assertEquals(FtraceLineParser.EVENT, parse(" irq/36-e6700000-88      [003] .....     0.000001: foo: x=1"));
        assertEquals("irq/36-e6700000", task().trim());
        assertEquals(88, p.pid);
        assertEquals(3, p.cpu);
        assertEquals(1000L, p.timestampNs);
        assertEquals(FtraceLineParser.EVENT, parse("   my app-thread-7 (      5) [000] .....   5.5: bar: y"));
        assertEquals("my app-thread", task().trim());
        assertEquals(7, p.pid);
        assertEquals(5_500_000_000L, p.timestampNs);
        assertEquals(FtraceLineParser.EVENT, parse("          <idle>-0       [001] d.h2.   112.001300: io_page_fault: "));
        assertEquals("<idle>", task().trim());
        assertEquals(0, p.pid);
        assertEquals("", payload());
    }

    @Test
    public void traceCmdReportLayoutWithoutFlagsAndWithNanoseconds() {
        assertEquals(FtraceLineParser.EVENT,
                parse("  kworker/0:1-123   [000]  1234.567890123: dma_map_page:         dev0 dir=NONE"));
        assertEquals("kworker/0:1", task().trim());
        assertEquals(123, p.pid);
        assertEquals(0, p.cpu);
        assertEquals(1234_567_890_123L, p.timestampNs);
        assertEquals("dma_map_page", name());
        assertEquals("dev0 dir=NONE", payload());
    }

    @Test
    public void bareLinesWithoutContextInfo() {
        assertEquals(FtraceLineParser.EVENT, parse("dma_unmap_page: dev0 dir=NONE dma_addr=1 size=1 attrs="));
        assertEquals("dma_unmap_page", name());
        assertEquals("dev0 dir=NONE dma_addr=1 size=1 attrs=", payload());
        assertEquals(-1, p.cpu);
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("dma_unmap_page:dev0"));
        // trace-cmd report's own header line
        assertEquals(FtraceLineParser.COMMENT, parse("CPU 0 is empty"));
    }

    @Test
    public void otherLinesCommentsAndLostEvents() {
        assertEquals(FtraceLineParser.BLANK, parse("   "));
        assertEquals(FtraceLineParser.COMMENT, parse("# tracer: nop"));
        assertEquals(FtraceLineParser.COMMENT, parse("##### CPU 2 buffer started ####"));
        assertEquals(FtraceLineParser.LOST, parse("CPU:3 [LOST 12 EVENTS]"));
        assertEquals(12, p.lost);
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("CPU:3 [LOST many EVENTS]"));
        // function_graph ("%3d) " CPU column, kernel/trace/trace_functions_graph.c print_graph_cpu())
        assertEquals(FtraceLineParser.OTHER, parse(" 1)   0.250 us    |  dma_direct_map_page();"));
        assertEquals(FtraceLineParser.COMMENT, parse("cpus=4"));
        assertEquals(FtraceLineParser.COMMENT, parse("version = 6"));
        // function tracer: no "name:" after the timestamp
        assertEquals(FtraceLineParser.OTHER, parse("    bash-1 [000] .....   1.000000: do_sys_open <-x64_sys_call"));
        // no pid after the comm: not the "%16s-%-7d" context of trace_print_context() (kernel/trace/trace_output.c)
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("    bash [000] .....   1.000000: dma_map_page: x"));
    }

    @Test
    public void linesThatAreNoFtraceOutputAtAll() {
        // a kernel log line: printk's "[%5lu.%06lu] " stamp (kernel/printk/printk.c print_time())
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("[    1.234567] rcar-dmac e6700000.dma-controller: probe"));
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("Segmentation fault (core dumped)"));
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("*** [Makefile:12: all] Error 1"));
        // the context is there but the timestamp is not "secs.usecs:"
        assertEquals(FtraceLineParser.NOT_FTRACE, parse("    bash-1 [000] .....   soon: dma_map_page: x"));
    }
}
