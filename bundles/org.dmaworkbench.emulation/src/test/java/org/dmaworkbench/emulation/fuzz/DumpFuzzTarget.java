package org.dmaworkbench.emulation.fuzz;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.dmaworkbench.emulation.replay.ReplayReport;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
import org.dmaworkbench.tests.common.fuzz.Budget;

/**
 * Fuzz target: the {@code dma-api/dump} importer. The text before a line {@code #@@capture} is a dump taken as the
 * starting state, the rest an ftrace capture replayed after it (so dump entries meet the unmaps and syncs that end
 * them), as {@code dmawb replay --dump} does. Malformed lines are diagnostics; an exception, a hang or an allocation
 * over the budget is a finding. Run it long with {@code releng/scripts/fuzz dump}.
 */
public final class DumpFuzzTarget {
    private DumpFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        Budget budget = Budget.start();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("#@@capture\n");
        TraceReplay t = new TraceReplay();
        t.importDump(new StringReader(split < 0 ? text : text.substring(0, split)), "dump.txt");
        if (split >= 0) {
            t.replay(new StringReader(text.substring(split + 11)), "capture.txt");
        }
        ReplayResult r = t.finish();
        StringBuilder sb = new StringBuilder();
        ReplayReport.printSummary(r, sb);
        ReplayReport.writeJson(r, 1, sb);
        budget.check("a dump of " + data.length + " bytes");
    }
}
