package org.dmaworkbench.kernel.trace;

import java.util.function.LongSupplier;

/**
 * The emitting side of the emulated tracing: stamps events with the virtual clock and the current CPU/task
 * (what {@code trace_event_buffer_reserve()} records) and hands them to a {@link TraceSink}.
 * Not thread-safe: one per emulated machine, driven from its emulation thread.
 */
public final class Tracer {
    private final TraceSink sink;
    private final LongSupplier clockNs;
    private int cpu;
    private String task = "swapper/0";
    private int pid;
    private String flags = TraceEvent.PROCESS_CONTEXT_FLAGS;

    /**
     * @param sink    where events go
     * @param clockNs the virtual time in nanoseconds ({@code trace_clock_local()})
     */
    public Tracer(TraceSink sink, LongSupplier clockNs) {
        this.sink = sink;
        this.clockNs = clockNs;
    }

    /** Sets the context following events are recorded in: CPU number, task comm and pid. */
    public void setCurrent(int cpu, String task, int pid) {
        this.cpu = cpu;
        this.task = task;
        this.pid = pid;
    }

    /** Sets the latency-format flags column for following events (default {@code "....."}). */
    public void setFlags(String flags) {
        if (flags.length() != 5) {
            throw new IllegalArgumentException("ftrace flags column has 5 characters: '" + flags + "'");
        }
        this.flags = flags;
    }

    public int cpu() {
        return cpu;
    }

    public String task() {
        return task;
    }

    public int pid() {
        return pid;
    }

    public boolean isEnabled(String system, String name) {
        return sink.isEnabled(system, name);
    }

    /** Records {@code system:name} with its already formatted TP_printk text. */
    public void emit(String system, String name, String fields) {
        sink.record(new TraceEvent(system, name, clockNs.getAsLong(), cpu, task, pid, flags, fields));
    }
}
