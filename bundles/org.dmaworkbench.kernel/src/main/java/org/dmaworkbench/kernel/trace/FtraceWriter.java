package org.dmaworkbench.kernel.trace;

import java.io.IOException;
import java.util.List;

/**
 * Renders trace events as {@code /sys/kernel/tracing/trace} shows them with the nop tracer and the default
 * trace options (irq-info on, record-tgid off), following Linux 6.12: the "# tracer: nop" block and
 * {@code print_func_help_header_irq()} of kernel/trace/trace.c, and for each event {@code trace_print_context()}
 * and {@code trace_print_lat_fmt()} of kernel/trace/trace_output.c followed by "name: " and the TP_printk text:
 * <pre>
 *            bash-1234    [001] .....  1234.567890: dma_map_resource: ...
 * </pre>
 * i.e. {@code "%16s-%-7d [%03d] %5s %5lu.%06lu: %s: %s"} with the comm cut to TASK_COMM_LEN - 1 = 15 characters
 * ({@code "<idle>"} for pid 0) and the timestamp rounded to microseconds as {@code ns2usecs()} does.
 */
public final class FtraceWriter {
    private static final String SPACES = "                ";
    private final int nrCpus;

    /** @param nrCpus number of online CPUs, printed as {@code #P:n} */
    public FtraceWriter(int nrCpus) {
        this.nrCpus = nrCpus;
    }

    /** Writes the trace file for a buffer that lost no events. */
    public void write(Appendable out, List<TraceEvent> events) throws IOException {
        write(out, events, events.size());
    }

    /**
     * Writes the header and one line per event.
     *
     * @param entriesWritten all events ever written, including those the ring buffer has overwritten since
     */
    public void write(Appendable out, List<TraceEvent> events, long entriesWritten) throws IOException {
        writeHeader(out, events.size(), entriesWritten);
        for (TraceEvent e : events) {
            out.append(line(e)).append('\n');
        }
    }

    /** The header block: tracer name, entry counts, the flags legend and the column titles. */
    public void writeHeader(Appendable out, long entriesInBuffer, long entriesWritten) throws IOException {
        out.append("# tracer: nop\n");
        out.append("#\n");
        out.append("# entries-in-buffer/entries-written: ").append(Long.toString(entriesInBuffer)).append('/')
                .append(Long.toString(entriesWritten)).append("   #P:").append(Integer.toString(nrCpus))
                .append('\n');
        out.append("#\n");
        // print_func_help_header_irq() without TGID: the "%.*s" columns are 2 characters wide
        String lead = "#                            " + "  ";
        out.append(lead).append("  _-----=> irqs-off/BH-disabled\n");
        out.append(lead).append(" / _----=> need-resched\n");
        out.append(lead).append("| / _---=> hardirq/softirq\n");
        out.append(lead).append("|| / _--=> preempt-depth\n");
        out.append(lead).append("||| / _-=> migrate-disable\n");
        out.append(lead).append("|||| /     delay\n");
        out.append("#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n");
        out.append("#              | |         |   |||||     |         |\n");
    }

    /** One event line, without the newline. */
    public String line(TraceEvent e) {
        StringBuilder sb = new StringBuilder(64 + e.fields().length());
        String comm = e.pid() == 0 ? "<idle>" : e.task();
        if (comm.length() > 15) {
            comm = comm.substring(0, 15);
        }
        pad(sb, comm, 16, true);
        sb.append('-');
        pad(sb, Integer.toString(e.pid()), 7, false);
        sb.append(' ').append('[');
        String cpu = Integer.toString(e.cpu());
        for (int i = cpu.length(); i < 3; i++) {
            sb.append('0');
        }
        sb.append(cpu).append("] ").append(e.flags());
        long usecs = Long.divideUnsigned(e.timestampNs() + 500, 1000);
        long secs = Long.divideUnsigned(usecs, 1_000_000);
        long rem = Long.remainderUnsigned(usecs, 1_000_000);
        sb.append(' ');
        pad(sb, Long.toUnsignedString(secs), 5, true);
        sb.append('.');
        String r = Long.toString(rem);
        for (int i = r.length(); i < 6; i++) {
            sb.append('0');
        }
        sb.append(r).append(": ").append(e.name()).append(": ").append(e.fields());
        return sb.toString();
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right) {
        int n = Math.max(0, width - s.length());
        if (right) {
            sb.append(SPACES, 0, n).append(s);
        } else {
            sb.append(s).append(SPACES, 0, n);
        }
    }
}
