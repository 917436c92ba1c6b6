package org.dmaworkbench.emulation.export;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.SessionStatistics;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.printk.Dmesg;
import org.dmaworkbench.kernel.trace.FtraceWriter;
import org.dmaworkbench.kernel.trace.TraceEvent;

/**
 * The exports of a finished session: ftrace text of the {@code dma:*}/{@code iommu:*} events in the kernel's
 * layout, the kernel log lines ({@code DMA-API: …}), and a JSON report of the statistics and findings. The
 * dma-debug {@code dump} file comes from the kernel model itself (it is live state, not history).
 */
public final class SessionReport {

    private SessionReport() {
    }

    /** Writes the trace events kept in {@code events} as {@code /sys/kernel/tracing/trace} shows them. */
    public static void writeFtrace(List<SessionEvent> events, long entriesWritten, int nrCpus, Appendable out) throws IOException {
        List<TraceEvent> trace = events.stream().map(e -> e.payload(TraceEvent.class)).filter(t -> t != null).toList();
        new FtraceWriter(nrCpus).write(out, trace, Math.max(entriesWritten, trace.size()));
    }

    /**
     * Writes the kernel log as dmesg prints it: printk timestamps on virtual time, WARN and BUG records as their
     * full blocks ({@link Dmesg}, made by {@code Machine.dmesg()} for the machine that ran).
     */
    public static void writeKernelLog(List<SessionEvent> events, Dmesg dmesg, Appendable out) throws IOException {
        for (SessionEvent e : events) {
            if (e.kind() != EventKind.KERNEL_LOG) {
                continue;
            }
            KernelLogRecord r = e.payload(KernelLogRecord.class);
            if (r != null) {
                for (String line : dmesg.lines(r)) {
                    out.append(line).append('\n');
                }
            } else {
                out.append(Dmesg.timestamp(e.timeNs())).append(' ').append(e.text()).append('\n');
            }
        }
    }

    /** Writes each kernel log event's lines without timestamps or WARN blocks (the messages alone). */
    public static void writeKernelLog(List<SessionEvent> events, Appendable out) throws IOException {
        for (SessionEvent e : events) {
            if (e.kind() != EventKind.KERNEL_LOG) {
                continue;
            }
            KernelLogRecord r = e.payload(KernelLogRecord.class);
            if (r != null) {
                for (String line : r.lines()) {
                    out.append(line).append('\n');
                }
            } else {
                out.append(e.text()).append('\n');
            }
        }
    }

    /** Writes the JSON report: how the session ended, its statistics and every finding (dma-debug, IOMMU faults). */
    public static void writeJson(String scenario, SessionResult result, List<SessionEvent> events, Appendable out) {
        JsonWriter w = new JsonWriter(out);
        SessionStatistics s = result.statistics();
        w.beginObject();
        w.name("scenario").value(scenario);
        w.name("status").value(result.status().name().toLowerCase());
        w.name("reason").value(result.reason());
        w.name("exitCode").value(result.exitCode());
        w.name("virtualTimeNs").value(result.endTimeNs());
        w.name("statistics").beginObject();
        w.name("transfers").value(s.transfers());
        w.name("bytesMoved").value(s.bytesMoved());
        w.name("bytesPerChannel").beginObject();
        for (Map.Entry<String, Long> c : new TreeMap<>(s.bytesPerChannel()).entrySet()) {
            w.name(c.getKey()).value(c.getValue());
        }
        w.endObject();
        w.name("mapCalls").value(s.mapCalls());
        w.name("unmapCalls").value(s.unmapCalls());
        w.name("iotlbHits").value(s.iotlbHits());
        w.name("iotlbMisses").value(s.iotlbMisses());
        w.name("iotlbHitRate").value(s.iotlbHitRate());
        w.name("iovaBytesUsed").value(s.iovaBytesUsed());
        w.name("iovaFragmentation").value(s.iovaFragmentation());
        w.name("dmaDebugErrors").value(s.dmaDebugErrors());
        w.name("iommuFaults").value(s.iommuFaults());
        w.name("events").value(s.events());
        w.name("eventsDropped").value(s.eventsDropped());
        w.endObject();
        w.name("findings").beginArray();
        for (SessionEvent e : events) {
            if (!e.isError()) {
                continue;
            }
            w.beginObject();
            w.name("timeNs").value(e.timeNs());
            w.name("kind").value(e.kind().name().toLowerCase());
            w.name("source").value(e.source());
            KernelLogRecord r = e.payload(KernelLogRecord.class);
            if (r != null) {
                w.name("check").value(r.check() == null ? null : r.check().name());
                w.name("device").value(r.device() == null ? null : r.device().name());
                w.name("driver").value(r.device() == null ? null : r.device().driverName());
                w.name("message").value(r.text());
                w.name("mappedAt").beginArray();
                for (String line : r.mappedAt()) {
                    w.value(line);
                }
                w.endArray();
            } else {
                w.name("message").value(e.text());
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }
}
