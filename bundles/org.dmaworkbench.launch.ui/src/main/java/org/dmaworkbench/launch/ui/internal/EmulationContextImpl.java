package org.dmaworkbench.launch.ui.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;

import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.replay.Finding;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionListener;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.launch.ConsoleText;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchesListener2;
import org.eclipse.debug.core.model.IDebugElement;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * The emulation context: follows the debug context of every workbench window (the Debug view's selection), the
 * launch manager and the captures imported; while the current session runs, a UI timer tells listeners four times a
 * second. The figures come from a session listener that records the last event's time and the transfers, so
 * reading them takes no lock on the running emulation.
 */
public final class EmulationContextImpl implements EmulationContext, IDebugContextListener, ILaunchesListener2 {
    private static final int TICK_MS = 250;
    private static EmulationContextImpl instance;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Display display;
    /** one source per emulation launch seen, kept while the launch is registered */
    private final Map<ILaunch, LaunchSource> launchSources = new IdentityHashMap<>();
    private final List<CaptureSource> captures = new ArrayList<>();
    private long sequence;
    /** the emulation launch selected in the Debug view */
    private ILaunch selected;
    /** a source picked in a view (or a capture just imported) */
    private LiveSource pinned;
    private LiveSource current;
    private Figures figures;
    private boolean ticking;

    /** Live figures of one session, written on the emulation thread. */
    private static final class Figures implements SessionListener {
        final EmulationSession session;
        volatile long timeNs;
        volatile long transfers;
        volatile long errors;

        Figures(EmulationSession session) {
            this.session = session;
            // what happened before this listener came: channel events are almost all transfer ends
            this.transfers = session.events().count(EventKind.CHANNEL);
            this.errors = session.events().errorCount();
        }

        @Override
        public void eventsAppended(List<SessionEvent> batch) {
            long t = 0;
            for (SessionEvent e : batch) {
                if (e.kind() == EventKind.CHANNEL && "transfer_end".equals(e.name())) {
                    t++;
                }
            }
            transfers += t;
            timeNs = batch.get(batch.size() - 1).timeNs();
            errors = session.events().errorCount();
        }
    }

    /** An emulation launch as a source. */
    private final class LaunchSource implements LiveSource {
        final ILaunch launch;
        final long seq;
        private Map<String, SessionEvent> reports;
        private long reportsAt = -1;

        LaunchSource(ILaunch launch, long seq) {
            this.launch = launch;
            this.seq = seq;
        }

        @Override
        public String name() {
            EmulationProcess p = process();
            return launch.getLaunchConfiguration() != null ? launch.getLaunchConfiguration().getName()
                    : p == null ? "?" : p.getLabel();
        }

        @Override
        public LiveStateModel model() {
            EmulationProcess p = process();
            return p == null ? null : p.session().liveState();
        }

        @Override
        public ILaunch launch() {
            return launch;
        }

        @Override
        public EmulationProcess process() {
            return processOf(launch);
        }

        @Override
        public ImportedCapture capture() {
            return null;
        }

        @Override
        public boolean isRunning() {
            EmulationProcess p = process();
            return p != null && !p.isTerminated();
        }

        @Override
        public String status() {
            return launchStatus(this);
        }

        @Override
        public Optional<Location> locate(DmaErrorRecord error) {
            EmulationProcess p = process();
            if (p == null) {
                return Optional.empty();
            }
            // the report's event in the session's history: the note the console printed after it
            SessionEvent e = reportEvents(p).get(error.timeNs() + "\u0000" + error.message());
            if (e != null) {
                return ConsoleText.note(p.scenario(), e).flatMap(EmulationContextImpl::location);
            }
            // not printed (num_errors) or no longer kept: the injected bug whose check it is
            for (var b : p.scenario().bugs()) {
                if (error.check() != null && (b.bug().check() == error.check()
                        || b.bug().alsoReported().contains(error.check()))) {
                    return location(b.position().toString() + ConsoleText.NOTE);
                }
            }
            return Optional.empty();
        }

        /** The kernel-log reports of the session's history by time and text, rebuilt when the history grew. */
        private synchronized Map<String, SessionEvent> reportEvents(EmulationProcess p) {
            long total = p.session().events().total();
            if (reports == null || reportsAt != total) {
                Map<String, SessionEvent> m = new java.util.HashMap<>();
                for (SessionEvent e : p.session().events().history().snapshot()) {
                    KernelLogRecord r = e.payload(KernelLogRecord.class);
                    if (e.isError() && r != null) {
                        m.putIfAbsent(e.timeNs() + "\u0000" + r.text(), e);
                    }
                }
                reports = m;
                reportsAt = total;
            }
            return reports;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** An imported capture as a source. */
    private static final class CaptureSource implements LiveSource {
        final ImportedCapture capture;
        final long seq;

        CaptureSource(ImportedCapture capture, long seq) {
            this.capture = capture;
            this.seq = seq;
        }

        @Override
        public String name() {
            return capture.name();
        }

        @Override
        public LiveStateModel model() {
            return capture.model();
        }

        @Override
        public ILaunch launch() {
            return null;
        }

        @Override
        public EmulationProcess process() {
            return null;
        }

        @Override
        public ImportedCapture capture() {
            return capture;
        }

        @Override
        public boolean isRunning() {
            return false;
        }

        @Override
        public String status() {
            var s = capture.model().snapshot();
            return NLS.bind(Messages.EmulationContext_capture, new Object[] { capture.name(), capture.lines(),
                    s.history().made(), s.mappings().size(), s.errors().size() });
        }

        @Override
        public Optional<Location> locate(DmaErrorRecord error) {
            if (error.sourceFile() != null && error.sourceLine() > 0) {
                return Optional.of(new Location(java.nio.file.Path.of(error.sourceFile()), error.sourceLine(), 0));
            }
            // found at the end of the capture (a leak): the line that made the mapping, as the finding says
            int k = 0;
            for (DmaErrorRecord e : capture.model().snapshot().errors()) {
                if (e == error) {
                    break;
                }
                if (e.checkId().equals(error.checkId()) && e.message().equals(error.message())) {
                    k++;
                }
            }
            for (Finding f : capture.result().findings()) {
                if (f.checkId().equals(error.checkId()) && f.message().equals(error.message()) && k-- == 0) {
                    if (f.mappedAtFile() != null && f.mappedAtLine() > 0) {
                        return Optional.of(new Location(java.nio.file.Path.of(f.mappedAtFile()), f.mappedAtLine(), 0));
                    }
                    break;
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** FILE:LINE:COL of a console note, when FILE is a real file. */
    private static Optional<LiveSource.Location> location(String note) {
        Matcher m = ScenarioLineLinks.POSITION.matcher(note);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        try {
            java.nio.file.Path f = java.nio.file.Path.of(m.group(1));
            if (!java.nio.file.Files.isRegularFile(f)) {
                return Optional.empty();
            }
            return Optional.of(new LiveSource.Location(f, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (java.nio.file.InvalidPathException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private EmulationContextImpl(Display display) {
        this.display = display;
        DebugUITools.getDebugContextManager().addDebugContextListener(this);
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(this);
        // what the Debug view of the active window shows now
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window != null) {
            selected = launchOf(DebugUITools.getDebugContextManager().getContextService(window).getActiveContext());
        }
        update();
    }

    public static synchronized EmulationContextImpl instance() {
        if (instance == null) {
            instance = new EmulationContextImpl(PlatformUI.getWorkbench().getDisplay());
        }
        return instance;
    }

    static synchronized void shutdown() {
        if (instance != null) {
            DebugUITools.getDebugContextManager().removeDebugContextListener(instance);
            DebugPlugin d = DebugPlugin.getDefault();
            if (d != null) {
                d.getLaunchManager().removeLaunchListener(instance);
            }
            instance = null;
        }
    }

    private static ILaunch launchOf(ISelection s) {
        if (!(s instanceof IStructuredSelection ss) || ss.isEmpty()) {
            return null;
        }
        Object o = ss.getFirstElement();
        ILaunch l = o instanceof ILaunch x ? x : o instanceof IProcess p ? p.getLaunch()
                : o instanceof IDebugElement d ? d.getLaunch() : Adapters.adapt(o, ILaunch.class);
        return isEmulation(l) ? l : null;
    }

    private static boolean isEmulation(ILaunch l) {
        if (l == null) {
            return false;
        }
        for (IProcess p : l.getProcesses()) {
            if (p instanceof EmulationProcess) {
                return true;
            }
        }
        return false;
    }

    private static EmulationProcess processOf(ILaunch l) {
        if (l != null) {
            for (IProcess p : l.getProcesses()) {
                if (p instanceof EmulationProcess e) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Brings the launch sources in line with the registered emulation launches, oldest first. */
    private List<LaunchSource> launchSources() {
        List<LaunchSource> out = new ArrayList<>();
        List<ILaunch> registered = List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches());
        launchSources.keySet().removeIf(l -> !registered.contains(l));
        for (ILaunch l : registered) {
            if (isEmulation(l)) {
                out.add(launchSources.computeIfAbsent(l, x -> new LaunchSource(x, sequence++)));
            }
        }
        return out;
    }

    /** Recomputes the current source and tells listeners; UI thread. */
    private void update() {
        List<LaunchSource> launches = launchSources();
        if (selected != null && !launchSources.containsKey(selected)) {
            selected = null;
        }
        if (pinned != null && !(pinned instanceof CaptureSource c ? captures.contains(c)
                : launchSources.containsValue(pinned))) {
            pinned = null;
        }
        LiveSource now = pinned != null ? pinned : selected != null ? launchSources.get(selected) : null;
        if (now == null) {
            long best = -1;
            for (LaunchSource l : launches) {
                if (l.seq > best) {
                    best = l.seq;
                    now = l;
                }
            }
            for (CaptureSource c : captures) {
                if (c.seq > best) {
                    best = c.seq;
                    now = c;
                }
            }
        }
        if (now != current) {
            if (figures != null) {
                figures.session.removeListener(figures);
            }
            current = now;
            EmulationProcess p = now == null ? null : now.process();
            figures = p == null ? null : new Figures(p.session());
            if (figures != null) {
                figures.session.addListener(figures);
            }
        }
        fire();
        startTicking();
    }

    private void fire() {
        for (Listener l : listeners) {
            l.contextChanged(this);
        }
    }

    private void startTicking() {
        EmulationProcess p = process();
        if (ticking || p == null || p.isTerminated()) {
            return;
        }
        ticking = true;
        display.timerExec(TICK_MS, new Runnable() {
            @Override
            public void run() {
                EmulationProcess q = process();
                fire();
                if (q != null && !q.isTerminated() && !display.isDisposed()) {
                    display.timerExec(TICK_MS, this);
                } else {
                    ticking = false;
                }
            }
        });
    }

    private void later(Runnable r) {
        if (!display.isDisposed()) {
            display.asyncExec(r);
        }
    }

    @Override
    public void debugContextChanged(DebugContextEvent event) {
        if ((event.getFlags() & DebugContextEvent.ACTIVATED) == 0) {
            return;
        }
        ILaunch l = launchOf(event.getContext());
        // another kind of launch selected: the views keep showing what they showed (a picked capture, or the newest)
        selected = l;
        if (l != null) {
            pinned = null;
        }
        update();
    }

    @Override
    public void launchesAdded(ILaunch[] launches) {
        later(() -> {
            // a new emulation is what the user wants to see now
            for (ILaunch l : launches) {
                if (isEmulation(l) || l.getProcesses().length == 0) {
                    pinned = null;
                }
            }
            update();
        });
    }

    @Override
    public void launchesChanged(ILaunch[] launches) {
        later(this::update);
    }

    @Override
    public void launchesRemoved(ILaunch[] launches) {
        later(this::update);
    }

    @Override
    public void launchesTerminated(ILaunch[] launches) {
        later(this::update);
    }

    @Override
    public LiveSource source() {
        return current;
    }

    @Override
    public List<LiveSource> sources() {
        List<LiveSource> out = new ArrayList<>(launchSources());
        out.addAll(captures);
        return out;
    }

    @Override
    public void select(LiveSource source) {
        pinned = source;
        if (source instanceof LaunchSource l) {
            selected = l.launch;
        }
        update();
    }

    @Override
    public LiveSource addCapture(ImportedCapture capture) {
        CaptureSource c = new CaptureSource(capture, sequence++);
        captures.add(c);
        pinned = c;
        update();
        return c;
    }

    @Override
    public void removeCapture(LiveSource capture) {
        if (captures.remove(capture)) {
            update();
        }
    }

    @Override
    public ILaunch launch() {
        return current == null ? null : current.launch();
    }

    @Override
    public EmulationProcess process() {
        return current == null ? null : current.process();
    }

    @Override
    public EmulationSession session() {
        EmulationProcess p = process();
        return p == null ? null : p.session();
    }

    @Override
    public String status() {
        return current == null ? null : current.status();
    }

    private String launchStatus(LaunchSource s) {
        EmulationProcess p = s.process();
        if (p == null) {
            return s.name();
        }
        String name = s.name();
        SessionResult r = p.session().result();
        if (r != null && p.isTerminated()) {
            int exit;
            try {
                exit = p.getExitValue();
            } catch (org.eclipse.debug.core.DebugException e) {
                exit = -1;
            }
            return NLS.bind(Messages.EmulationContext_finished, new Object[] { name, exit, time(r.endTimeNs()),
                    r.statistics().transfers(), r.statistics().dmaDebugErrors() });
        }
        Figures f = figures;
        if (s != current || f == null) {
            return NLS.bind(Messages.EmulationContext_otherRunning, name);
        }
        return NLS.bind(Messages.EmulationContext_running, new Object[] { name, time(f.timeNs), f.transfers,
                f.errors });
    }

    private static String time(long ns) {
        return String.format("%d.%06d ms", ns / 1_000_000, ns % 1_000_000);
    }

    @Override
    public void addListener(Listener l) {
        listeners.add(l);
    }

    @Override
    public void removeListener(Listener l) {
        listeners.remove(l);
    }
}
