package org.dmaworkbench.kernel.trace;

/**
 * One recorded trace event: which event ({@code system:name}, e.g. {@code dma:dma_map_resource}), when (virtual
 * time in ns), where (CPU, task comm and pid, the ftrace flags column) and its {@code TP_printk} text.
 */
public final class TraceEvent {
    /** Flags column of an event recorded in plain process context: irqs on, no resched, no irq, preempt 0, no migrate-disable. */
    public static final String PROCESS_CONTEXT_FLAGS = ".....";

    private final String system;
    private final String name;
    private final long timestampNs;
    private final int cpu;
    private final String task;
    private final int pid;
    private final String flags;
    private final String fields;

    public TraceEvent(String system, String name, long timestampNs, int cpu, String task, int pid, String flags,
            String fields) {
        this.system = system;
        this.name = name;
        this.timestampNs = timestampNs;
        this.cpu = cpu;
        this.task = task;
        this.pid = pid;
        this.flags = flags;
        this.fields = fields;
    }

    public TraceEvent(String system, String name, long timestampNs, int cpu, String task, int pid, String fields) {
        this(system, name, timestampNs, cpu, task, pid, PROCESS_CONTEXT_FLAGS, fields);
    }

    public String system() {
        return system;
    }

    public String name() {
        return name;
    }

    public long timestampNs() {
        return timestampNs;
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

    /** The five-character latency flags column, e.g. {@code "....."}. */
    public String flags() {
        return flags;
    }

    /** The TP_printk output. */
    public String fields() {
        return fields;
    }

    @Override
    public String toString() {
        return name + ": " + fields;
    }
}
