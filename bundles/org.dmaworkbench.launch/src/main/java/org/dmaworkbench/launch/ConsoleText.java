package org.dmaworkbench.launch;

import java.util.List;
import java.util.Optional;

import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.printk.Dmesg;

/**
 * The text an emulation's process console shows (no Eclipse type): the kernel log as the kernel prints it, each
 * line behind printk's timestamp on virtual time, and after each report a gcc-style note naming the scenario line
 * that caused it, {@code FILE:LINE:COL: note: …}, which the console links to the file.
 */
public final class ConsoleText {
    /** What every note line has after its position; consoles look for it. */
    public static final String NOTE = ": note: ";

    private ConsoleText() {
    }

    /**
     * {@code "[    0.006510] "}: seconds in five columns and microseconds, then a space, as kernel/printk/printk.c
     * print_time() and info_print_prefix() write the prefix of every line of a record.
     */
    public static String printkTime(long ns) {
        return String.format("[%5d.%06d] ", ns / 1_000_000_000L, ns % 1_000_000_000L / 1000);
    }

    /** @return whether the event goes to the console at all: kernel log lines and the errors of other kinds */
    public static boolean shown(SessionEvent e) {
        return e.kind() == EventKind.KERNEL_LOG || e.isError() && e.kind() != EventKind.PERIPHERAL_DATA;
    }

    /**
     * The event's console lines, each ending in '\n': a kernel log record's lines (its "Mapped at:" block too)
     * behind the timestamp; other findings (a stalled workload, a channel address error, an IOMMU fault) as
     * {@code [ time] dmawb: SOURCE: TEXT}.
     */
    public static String lines(SessionEvent e) {
        return lines(e, null);
    }

    /**
     * As {@link #lines(SessionEvent)}, with a kernel log record printed by {@code dmesg} (the machine's printer: a WARN
     * or BUG as its full block, the taint of those before it) when one is given.
     */
    public static String lines(SessionEvent e, Dmesg dmesg) {
        KernelLogRecord r = e.payload(KernelLogRecord.class);
        if (r != null && dmesg != null) {
            StringBuilder sb = new StringBuilder();
            for (String line : dmesg.lines(r)) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
        String prefix = printkTime(e.timeNs());
        StringBuilder sb = new StringBuilder();
        List<String> lines = r != null ? r.lines() : List.of(e.text().split("\n", -1));
        boolean first = true;
        for (String line : lines) {
            sb.append(prefix);
            if (first && e.kind() != EventKind.KERNEL_LOG) {
                sb.append("dmawb: ").append(e.source()).append(": ");
            }
            first = false;
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * The note after a finding: the injected bug that explains it (one whose dma-debug check, or other report, is
     * this one; of the client that was running when there was one), else the client that was running. Empty when
     * nothing in the scenario explains it.
     */
    public static Optional<String> note(Scenario s, SessionEvent e) {
        if (!e.isError()) {
            return Optional.empty();
        }
        KernelLogRecord r = e.payload(KernelLogRecord.class);
        DmaDebugCheck check = r == null ? null : r.check();
        String client = e.client();
        InjectedBug best = null;
        for (InjectedBug b : s.bugs()) {
            if (!explains(b.bug(), check) || client != null && !client.equals(b.client())) {
                continue;
            }
            best = b;
            break;
        }
        if (best != null) {
            return Optional.of(best.position() + NOTE + "reported for bug " + best.client() + " = " + best.bug().bugName());
        }
        if (client != null) {
            Optional<Scenario.Client> c = s.client(client);
            if (c.isPresent()) {
                return Optional.of(c.get().position() + NOTE + "reported while client " + client + " ran");
            }
        }
        return Optional.empty();
    }

    private static boolean explains(DriverBug bug, DmaDebugCheck check) {
        if (check == null) {
            // reports dma-debug has no check for: a kernel BUG, a WARN, the workbench's warning
            return bug.check() == null;
        }
        return bug.check() == check || bug.alsoReported().contains(check);
    }

    /** The closing line: how the run ended, as {@code dmawb run}'s summary says it. */
    public static String summary(SessionResult r) {
        var st = r.statistics();
        long ns = r.endTimeNs();
        return String.format("dmawb: %s (%s) after %d.%06d ms of virtual time; %d transfers, %d bytes moved; "
                + "%d dma-debug errors, %d IOMMU faults\n", r.status().name().toLowerCase().replace('_', ' '), r.reason(),
                ns / 1_000_000, ns % 1_000_000, st.transfers(), st.bytesMoved(), st.dmaDebugErrors(), st.iommuFaults());
    }
}
