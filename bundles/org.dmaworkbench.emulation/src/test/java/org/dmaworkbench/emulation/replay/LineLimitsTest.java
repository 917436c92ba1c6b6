package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.StringReader;

import org.junit.Test;

/** Bad input that must not exhaust memory: over-long lines, floods of malformed lines. */
public class LineLimitsTest {

    @Test
    public void overlongLinesAreSkippedWithTheirLineNumber() throws IOException {
        String ok = "  sh-1 [000] .....  1.000000: dma_sync_single_for_cpu: d dir=NONE dma_addr=1 size=1\n";
        String capture = ok + "x".repeat(200) + "\n" + ok + "y".repeat(300);
        TraceReplay t = new TraceReplay().setMaxLineLength(120).setLeakCheck(false);
        t.replay(new StringReader(capture), "long.txt");
        ReplayResult r = t.finish();
        assertEquals(4, r.stats().lines());
        assertEquals(2, r.stats().dmaEvents());
        assertEquals(2, r.stats().malformedLines());
        assertEquals("long.txt:2: warning: line longer than 120 characters, skipped",
                r.diagnostics().get(0).toString());
        assertEquals("long.txt:4: warning: line longer than 120 characters, skipped",
                r.diagnostics().get(1).toString());
        // the two syncs of unmapped memory
        assertEquals(2, r.findings().size());
        assertEquals(3, r.findings().get(1).line());
    }

    @Test
    public void malformedFloodKeepsAThousandDiagnostics() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line = "  sh-1 [000] .....  1.000000: dma_map_page: d dir=UP";
        for (int i = 0; i < 1500; i++) {
            sb.append(line).append('\n');
        }
        TraceReplay t = new TraceReplay();
        t.replay(new StringReader(sb.toString()), "bad.txt");
        ReplayResult r = t.finish();
        assertEquals(1500, r.stats().malformedLines());
        assertEquals(1001, r.diagnostics().size());
        assertEquals("bad.txt:1000:" + (line.indexOf("UP") + 1) + ": warning: cannot parse dma_map_page payload: unknown DMA direction at 'UP'",
                r.diagnostics().get(999).toString());
        assertEquals("bad.txt:0: warning: 500 more warnings were not kept", r.diagnostics().get(1000).toString());
    }

    private static String map(int i) {
        // dma_map_page as Linux 6.12 prints it (include/trace/events/dma.h, DECLARE_EVENT_CLASS(dma_map)), one page
        // each at a distinct address
        return String.format("  sh-1 [000] .....  1.%06d: dma_map_page: e6e60000.serial dir=TO_DEVICE "
                + "dma_addr=%x size=4096 phys_addr=%x attrs=%n", i, 0x10000000L + i * 0x1000L, 0x48000000L + i * 0x1000L);
    }

    @Test
    public void liveMappingLimitStopsTheReplayAtTheLineThatCrossesIt() throws IOException {
        StringBuilder sb = new StringBuilder("# tracer: nop\n");
        for (int i = 0; i < 10; i++) {
            sb.append(map(i));
        }
        TraceReplay t = new TraceReplay().setMaxLiveMappings(3).setLeakCheck(false);
        t.replay(new StringReader(sb.toString()), "many.txt");
        ReplayResult r = t.finish();
        // line 1 is the header, lines 2-4 the three mappings allowed, line 5 the fourth: the replay stops there
        assertEquals("many.txt:5: error: more than 3 live mappings (limit --max-live-mappings); the replay stops here",
                t.stoppedBy().toString());
        assertEquals(5, r.stats().lines());
        assertEquals(4, r.stats().dmaEvents());
        assertEquals(4, r.liveMappings().size());
        assertEquals("The replay stopped at many.txt:5: more than 3 live mappings (limit --max-live-mappings); the "
                + "replay stops here; nothing after that line was checked.", r.limitations().get(r.limitations().size() - 1));
    }

    @Test
    public void liveMappingLimitCountsTheDumpEntries() throws IOException {
        // two single entries in dma-api/dump form (dump_show(), kernel/dma/debug.c), then a capture mapping a third
        String dump = "sh-sci e6e60000.serial single idx 0 P=0x0000000048001000 D=fff00000 L=1000 "
                + "cln=0x0000000001200040 DMA_TO_DEVICE dma map error checked\n"
                + "sh-sci e6e60000.serial single idx 1 P=0x0000000048003000 D=fff02000 L=1000 "
                + "cln=0x00000000012000c0 DMA_TO_DEVICE dma map error checked\n";
        TraceReplay t = new TraceReplay().setMaxLiveMappings(2).setLeakCheck(false);
        t.importDump(new StringReader(dump), "dump.txt");
        assertEquals(null, t.stoppedBy());
        t.replay(new StringReader(map(7)), "cap.txt");
        assertEquals("cap.txt:1: error: more than 2 live mappings (limit --max-live-mappings); the replay stops here",
                t.stoppedBy().toString());
        TraceReplay u = new TraceReplay().setMaxLiveMappings(1).setLeakCheck(false);
        u.importDump(new StringReader(dump), "dump.txt");
        assertEquals("dump.txt:2: error: more than 1 live mappings (limit --max-live-mappings); the replay stops here",
                u.stoppedBy().toString());
    }
}
