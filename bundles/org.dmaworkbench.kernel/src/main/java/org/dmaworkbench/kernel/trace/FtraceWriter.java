package org.dmaworkbench.kernel.trace;

import java.io.IOException;
import java.util.List;

/**
 * Renders trace events as {@code /sys/kernel/tracing/trace} shows them with the nop tracer (Linux 6.12
 * kernel/trace/trace.c and trace_output.c). SKELETON.
 */
public final class FtraceWriter {
    private final int nrCpus;

    /** @param nrCpus number of online CPUs, printed as {@code #P:n} */
    public FtraceWriter(int nrCpus) {
        this.nrCpus = nrCpus;
    }

    /** Writes the header and one line per event; {@code entriesWritten} counts events lost to overwrite too. */
    public void write(Appendable out, List<TraceEvent> events, long entriesWritten) throws IOException {
    }

    /** One event line, without newline. */
    public String line(TraceEvent e) {
        return "";
    }
}
