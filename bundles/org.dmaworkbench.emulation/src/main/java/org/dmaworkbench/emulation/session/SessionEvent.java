package org.dmaworkbench.emulation.session;

/**
 * One thing that happened in an emulation session, at a virtual time. Immutable; {@link #sequence()} orders
 * events that share a timestamp. {@link #text()} is the line a person reads (for DMA-API and IOMMU events the
 * kernel's own trace text, for kernel log events the printk line).
 */
public final class SessionEvent {
    private final long sequence;
    private final long timeNs;
    private final EventKind kind;
    private final String source;
    private final String name;
    private final String text;
    private final boolean error;
    private final Object payload;
    private final String client;

    public SessionEvent(long sequence, long timeNs, EventKind kind, String source, String name, String text, boolean error) {
        this(sequence, timeNs, kind, source, name, text, error, null);
    }

    public SessionEvent(long sequence, long timeNs, EventKind kind, String source, String name, String text, boolean error,
            Object payload) {
        this(sequence, timeNs, kind, source, name, text, error, payload, null);
    }

    /**
     * @param payload the structured origin of the event, for exports and views: the kernel's {@code TraceEvent},
     *            {@code KernelLogRecord}, or null
     * @param client the scenario client whose driver code was running when the event happened, or null
     */
    public SessionEvent(long sequence, long timeNs, EventKind kind, String source, String name, String text, boolean error,
            Object payload, String client) {
        this.sequence = sequence;
        this.timeNs = timeNs;
        this.kind = kind;
        this.source = source;
        this.name = name;
        this.text = text;
        this.error = error;
        this.payload = payload;
        this.client = client;
    }

    /**
     * The scenario client whose driver was running when this happened (its request, or its unbind), so a report
     * can be traced to the client's lines; null when no client's code was on the stack (interrupts, the DMA
     * controller's own unbind at the end).
     */
    public String client() {
        return client;
    }

    /** @return the structured origin (e.g. a {@code TraceEvent} or {@code KernelLogRecord}), or null */
    public Object payload() {
        return payload;
    }

    /** @return the payload if it is of the given type, else null */
    public <T> T payload(Class<T> type) {
        return type.isInstance(payload) ? type.cast(payload) : null;
    }

    public long sequence() {
        return sequence;
    }

    /** Virtual time in nanoseconds since the session started. */
    public long timeNs() {
        return timeNs;
    }

    public EventKind kind() {
        return kind;
    }

    /** Who produced it: a device name ({@code e6700000.dma-controller}), a channel, or "session". */
    public String source() {
        return source;
    }

    /** The event name, e.g. {@code dma_map_resource}, {@code transfer_end}, {@code tx}. */
    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** True for dma-debug reports, IOMMU faults and channel errors. */
    public boolean isError() {
        return error;
    }

    @Override
    public String toString() {
        return String.format("%d.%09d %s %s %s: %s", timeNs / 1_000_000_000L, timeNs % 1_000_000_000L, kind, source, name, text);
    }
}
