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
}
