package org.dmaworkbench.emulation.fuzz;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.dmaworkbench.emulation.replay.ReplayReport;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
import org.dmaworkbench.tests.common.fuzz.Budget;

/**
 * Fuzz target: the ftrace importer. A capture of {@code dma:*} and {@code iommu:*} events is replayed through
 * dma-debug, finished (leak check) and reported as text and JSON, as {@code dmawb replay} does. Malformed lines are
 * diagnostics; an exception, a hang or an allocation over the budget is a finding. Run it long with
 * {@code releng/scripts/fuzz ftrace}.
 */
public final class FtraceFuzzTarget {
    private FtraceFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        Budget budget = Budget.start();
        TraceReplay t = new TraceReplay();
        t.replay(new StringReader(new String(data, StandardCharsets.ISO_8859_1)), "fuzz.txt");
        ReplayResult r = t.finish();
        StringBuilder sb = new StringBuilder();
        ReplayReport.printSummary(r, sb);
        ReplayReport.writeJson(r, 0, sb);
        r.liveState();
        budget.check("a capture of " + data.length + " bytes");
    }
}
