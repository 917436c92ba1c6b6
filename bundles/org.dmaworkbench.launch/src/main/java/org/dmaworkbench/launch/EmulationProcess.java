package org.dmaworkbench.launch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.export.SessionReport;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionListener;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.launch.internal.EmulationStreams;
import org.dmaworkbench.launch.internal.TextStreamMonitor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * A running emulation as the debug framework sees a process: it is in the Debug view with its state, its
 * {@link IStreamsProxy} carries the kernel log (output) and the dma-debug reports (error) to the standard process
 * console, {@link #terminate()} stops the session within one step, and its exit value is {@code dmawb run}'s exit
 * code (0 clean, 1 findings, 2 an export could not be written; {@link EmulationLaunch#EXIT_TERMINATED} when
 * terminated). The session runs in a Job of {@link EmulationLaunch#JOB_FAMILY}, with progress. Each serial port a
 * scenario client drives has its own output stream ({@link #serialPorts()}) for a terminal console.
 */
public final class EmulationProcess extends PlatformObject implements IProcess {
    /** How often console text and progress are handed to the UI at most: 20 times a second. */
    static final long FLUSH_NS = 50_000_000L;
    /** A serial port of the board: its Linux tty name ({@code ttySC0}), device name and transmitted text. */
    public record SerialPort(String tty, String device, IStreamMonitor output) {
        /** "ttySC0 e6e60000.serial", the console's name. */
        public String label() {
            return tty + " " + device;
        }
    }

    private final ILaunch launch;
    private final String label;
    private final EmulationSession session;
    private final ScenarioTarget target;
    private final Scenario scenario;
    private final List<LaunchSettings.Export> exports;
    private final EmulationStreams streams = new EmulationStreams();
    private final Map<String, TextStreamMonitor> portStreams = new LinkedHashMap<>();
    private final List<SerialPort> ports;
    private final Map<String, String> attributes = new HashMap<>();
    private final Job job;
    private final ConsoleWriter consoleWriter = new ConsoleWriter();
    private volatile Integer exitValue;
    private volatile boolean terminateRequested;

    /**
     * @param ports the serial ports to show, as tty name to device name ({@code ttySC0} to {@code e6e60000.serial})
     */
    public EmulationProcess(ILaunch launch, String label, EmulationSession session, ScenarioTarget target,
            Map<String, String> ports, List<LaunchSettings.Export> exports) {
        this.launch = launch;
        this.label = label;
        this.session = session;
        this.target = target;
        this.scenario = target.scenario();
        this.exports = List.copyOf(exports);
        ports.forEach((tty, dev) -> portStreams.put(dev, new TextStreamMonitor()));
        this.ports = ports.entrySet().stream().map(e -> new SerialPort(e.getKey(), e.getValue(), portStreams.get(e.getValue())))
                .toList();
        attributes.put(IProcess.ATTR_PROCESS_TYPE, EmulationLaunch.PROCESS_TYPE);
        attributes.put(IProcess.ATTR_PROCESS_LABEL, label);
        this.job = new SessionJob();
    }

    /** Adds the process to its launch (the Debug view and the console show it) and schedules the session's Job. */
    public void start() {
        // the session's kernel booted before anyone listened: those events are in its history, nothing runs yet
        session.addListener(consoleWriter);
        consoleWriter.eventsAppended(session.events().history().snapshot());
        launch.addProcess(this);
        fire(DebugEvent.CREATE);
        job.schedule();
    }

    public EmulationSession session() {
        return session;
    }

    /** The scenario that runs, with the configuration's settings in (its positions say where each part came from). */
    public Scenario scenario() {
        return scenario;
    }

    /** The serial ports scenario clients drive, each with its transmitted bytes as text (ISO-8859-1). */
    public List<SerialPort> serialPorts() {
        return ports;
    }

    /** The Job that runs the session. */
    public Job job() {
        return job;
    }

    @Override
    public String getLabel() {
        return label;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy getStreamsProxy() {
        return streams;
    }

    @Override
    public void setAttribute(String key, String value) {
        synchronized (attributes) {
            attributes.put(key, value);
        }
        fire(DebugEvent.CHANGE);
    }

    @Override
    public String getAttribute(String key) {
        synchronized (attributes) {
            return attributes.get(key);
        }
    }

    @Override
    public int getExitValue() throws org.eclipse.debug.core.DebugException {
        Integer v = exitValue;
        if (v == null) {
            throw new org.eclipse.debug.core.DebugException(Status.error("the emulation is still running"));
        }
        return v;
    }

    @Override
    public boolean canTerminate() {
        return exitValue == null;
    }

    @Override
    public boolean isTerminated() {
        return exitValue != null;
    }

    /** Stops the session after its current step; the Job then ends and the process terminates. */
    @Override
    public void terminate() {
        terminateRequested = true;
        session.cancel();
        if (job.cancel() && exitValue == null) {
            // the Job had not started: the job manager dropped it and its run() never comes, so the process ends here
            // (Terminate right after Run left a process running forever in the Debug view)
            exitValue = EmulationLaunch.EXIT_TERMINATED;
            launch.setAttribute(EmulationLaunch.ATTR_EXIT_CODE, Integer.toString(EmulationLaunch.EXIT_TERMINATED));
            fire(DebugEvent.TERMINATE);
        }
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IProcess.class || adapter == EmulationProcess.class) {
            return adapter.cast(this);
        }
        if (adapter == ILaunch.class) {
            return adapter.cast(launch);
        }
        if (adapter == EmulationSession.class) {
            return adapter.cast(session);
        }
        return super.getAdapter(adapter);
    }

    private void fire(int kind) {
        DebugPlugin p = DebugPlugin.getDefault();
        if (p != null) {
            p.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }

    /**
     * Writes the session's events to the consoles' streams, in order, on the emulation thread. A console redraws on
     * every append, so text is gathered and handed on at most every {@link #FLUSH_NS} (and at the end): a busy
     * emulation makes tens of thousands of events a second, the UI thread must not see each batch.
     */
    private final class ConsoleWriter implements SessionListener {
        /** Pending text, in order: each entry a stream and what goes to it. */
        private final List<Map.Entry<TextStreamMonitor, StringBuilder>> pending = new java.util.ArrayList<>();
        private final Map<String, StringBuilder> serial = new LinkedHashMap<>();
        private long lastFlushNs = System.nanoTime() - FLUSH_NS;
        private org.dmaworkbench.kernel.printk.Dmesg dmesg;

        @Override
        public void eventsAppended(List<SessionEvent> batch) {
            for (SessionEvent e : batch) {
                if (e.kind() == EventKind.PERIPHERAL_DATA) {
                    if (portStreams.containsKey(e.source()) && e.payload() instanceof Integer b) {
                        serial.computeIfAbsent(e.source(), k -> new StringBuilder()).append((char) (b & 0xff));
                    }
                    continue;
                }
                if (!ConsoleText.shown(e)) {
                    continue;
                }
                TextStreamMonitor to = e.isError() ? streams.err() : streams.out();
                StringBuilder sb;
                if (pending.isEmpty() || pending.get(pending.size() - 1).getKey() != to) {
                    sb = new StringBuilder();
                    pending.add(Map.entry(to, sb));
                } else {
                    sb = pending.get(pending.size() - 1).getValue();
                }
                if (dmesg == null) {
                    // the machine's printer, once its modules are loaded (clients load theirs when they are made)
                    dmesg = target.machine().dmesg();
                }
                sb.append(ConsoleText.lines(e, dmesg));
                ConsoleText.note(scenario, e).ifPresent(n -> sb.append(n).append('\n'));
            }
            flushIfDue();
        }

        @Override
        public void sessionFinished(SessionResult result) {
            flush();
        }

        /** Hands pending text on when the last hand-over is {@link #FLUSH_NS} ago. */
        void flushIfDue() {
            if (System.nanoTime() - lastFlushNs >= FLUSH_NS) {
                flush();
            }
        }

        void flush() {
            lastFlushNs = System.nanoTime();
            for (Map.Entry<TextStreamMonitor, StringBuilder> e : pending) {
                e.getKey().append(e.getValue().toString());
            }
            pending.clear();
            serial.forEach((dev, text) -> {
                if (text.length() > 0) {
                    portStreams.get(dev).append(text.toString());
                    text.setLength(0);
                }
            });
        }
    }

    /** Runs the session, writes the exports, and ends the process with dmawb's exit code. */
    private final class SessionJob extends Job {
        SessionJob() {
            super("DMA emulation: " + label);
            setPriority(LONG);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == EmulationLaunch.JOB_FAMILY;
        }

        @Override
        protected void canceling() {
            session.cancel();
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            int exit;
            try {
                exit = runSession(monitor);
            } catch (RuntimeException | Error e) {
                // an emulator fault, not the user's: say so, keep the stack in the error log
                ILog.of(EmulationProcess.class).error("DMA emulation " + label + " failed", e);
                streams.err().append("dmawb: internal error: " + e + " (details in the error log)\n");
                exit = 3;
            } finally {
                monitor.done();
            }
            exitValue = exit;
            launch.setAttribute(EmulationLaunch.ATTR_EXIT_CODE, Integer.toString(exit));
            fire(DebugEvent.TERMINATE);
            return Status.OK_STATUS;
        }

        private int runSession(IProgressMonitor monitor) {
            final int work = 1000;
            monitor.beginTask(label, work);
            SessionResult r = session.run(new SessionMonitor() {
                private int reported;
                private long lastNs;

                @Override
                public boolean isCanceled() {
                    return monitor.isCanceled();
                }

                @Override
                public void progress(double fraction, String message) {
                    // called every few steps: console text waiting for a quiet moment goes out now
                    consoleWriter.flushIfDue();
                    long now = System.nanoTime();
                    if (now - lastNs < FLUSH_NS * 2 && fraction < 1.0) {
                        return;
                    }
                    lastNs = now;
                    monitor.subTask(message);
                    int to = fraction < 0 ? reported : (int) (fraction * work);
                    if (to > reported) {
                        monitor.worked(to - reported);
                        reported = to;
                    }
                }
            });
            var s = r.statistics();
            launch.setAttribute(EmulationLaunch.ATTR_SUMMARY, String.format("%s (%s): %d transfers, %d bytes, %d dma-debug errors, %d IOMMU faults",
                    r.status().name().toLowerCase(), r.reason(), s.transfers(), s.bytesMoved(), s.dmaDebugErrors(), s.iommuFaults()));
            launch.setAttribute(EmulationLaunch.ATTR_BYTES_MOVED, Long.toString(s.bytesMoved()));
            launch.setAttribute(EmulationLaunch.ATTR_DMA_DEBUG_ERRORS, Long.toString(s.dmaDebugErrors()));
            streams.out().append(ConsoleText.summary(r));
            if (r.status() == SessionResult.Status.CANCELED) {
                return EmulationLaunch.EXIT_TERMINATED;
            }
            return writeExports(r) ? r.exitCode() : 2;
        }
    }

    /** Whether {@link #terminate()} was asked (or the Job canceled), rather than the run ending by itself. */
    public boolean wasTerminated() {
        return terminateRequested || session.result() != null && session.result().status() == SessionResult.Status.CANCELED;
    }

    private boolean writeExports(SessionResult r) {
        if (exports.isEmpty()) {
            return true;
        }
        List<SessionEvent> events = session.events().history().snapshot();
        boolean ok = true;
        for (LaunchSettings.Export x : exports) {
            try (Writer w = Files.newBufferedWriter(x.file(), StandardCharsets.UTF_8)) {
                switch (x.kind()) {
                    case "trace" -> SessionReport.writeFtrace(events, session.events().count(EventKind.DMA_API)
                            + session.events().count(EventKind.IOMMU), target.machine().nrCpus(), w);
                    case "dmesg" -> SessionReport.writeKernelLog(events, target.machine().dmesg(), w);
                    case "json" -> SessionReport.writeJson(scenario.fileName(), r, events, w);
                    case "dump" -> {
                        if (target.machine().dmaDebug() != null) {
                            target.machine().dmaDebug().dump(w);
                        }
                    }
                    default -> throw new IllegalStateException(x.kind());
                }
                streams.out().append("dmawb: wrote " + x.kind() + " export " + x.file() + "\n");
            } catch (IOException e) {
                streams.err().append("dmawb: cannot write " + x.kind() + " export " + x.file() + ": " + e.getMessage() + "\n");
                ok = false;
            }
            refresh(x.file());
        }
        return ok;
    }

    /** Workspace files written behind the workspace's back are refreshed, so editors and the explorer see them. */
    private static void refresh(Path file) {
        try {
            for (IFile f : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toUri())) {
                f.refreshLocal(IResource.DEPTH_ZERO, null);
            }
        } catch (CoreException | IllegalStateException e) {
            ILog.of(EmulationProcess.class).warn("cannot refresh " + file + ": " + e.getMessage());
        }
    }
}
