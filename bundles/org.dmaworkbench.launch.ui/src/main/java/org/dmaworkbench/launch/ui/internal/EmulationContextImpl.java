package org.dmaworkbench.launch.ui.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionListener;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
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
 * The emulation context: follows the debug context of every workbench window (the Debug view's selection) and
 * the launch manager; while the current session runs, a UI timer tells listeners four times a second. The figures
 * come from a session listener that records the last event's time and the transfers, so reading them takes no lock
 * on the running emulation.
 */
public final class EmulationContextImpl implements EmulationContext, IDebugContextListener, ILaunchesListener2 {
    private static final int TICK_MS = 250;
    private static EmulationContextImpl instance;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Display display;
    private ILaunch selected;
    private ILaunch current;
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

    /** The newest emulation launch that is still registered. */
    private static ILaunch newest() {
        ILaunch[] all = DebugPlugin.getDefault().getLaunchManager().getLaunches();
        for (int i = all.length - 1; i >= 0; i--) {
            if (isEmulation(all[i])) {
                return all[i];
            }
        }
        return null;
    }

    /** Recomputes the current launch and tells listeners; UI thread. */
    private void update() {
        if (selected != null && !List.of(DebugPlugin.getDefault().getLaunchManager().getLaunches()).contains(selected)) {
            selected = null;
        }
        ILaunch now = selected != null ? selected : newest();
        if (now != current) {
            if (figures != null) {
                figures.session.removeListener(figures);
            }
            current = now;
            EmulationProcess p = processOf(now);
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
        EmulationProcess p = processOf(current);
        if (ticking || p == null || p.isTerminated()) {
            return;
        }
        ticking = true;
        display.timerExec(TICK_MS, new Runnable() {
            @Override
            public void run() {
                EmulationProcess q = processOf(current);
                fire();
                if (q != null && !q.isTerminated() && !display.isDisposed()) {
                    display.timerExec(TICK_MS, this);
                } else {
                    ticking = false;
                }
            }
        });
    }

    private void later() {
        if (!display.isDisposed()) {
            display.asyncExec(this::update);
        }
    }

    @Override
    public void debugContextChanged(DebugContextEvent event) {
        if ((event.getFlags() & DebugContextEvent.ACTIVATED) == 0) {
            return;
        }
        ILaunch l = launchOf(event.getContext());
        // another kind of launch selected: the views keep showing the newest emulation
        selected = l;
        update();
    }

    @Override
    public void launchesAdded(ILaunch[] launches) {
        later();
    }

    @Override
    public void launchesChanged(ILaunch[] launches) {
        later();
    }

    @Override
    public void launchesRemoved(ILaunch[] launches) {
        later();
    }

    @Override
    public void launchesTerminated(ILaunch[] launches) {
        later();
    }

    @Override
    public ILaunch launch() {
        return current;
    }

    @Override
    public EmulationProcess process() {
        return processOf(current);
    }

    @Override
    public EmulationSession session() {
        EmulationProcess p = process();
        return p == null ? null : p.session();
    }

    @Override
    public String status() {
        EmulationProcess p = process();
        if (p == null) {
            return null;
        }
        String name = current.getLaunchConfiguration() == null ? p.getLabel() : current.getLaunchConfiguration().getName();
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
        return NLS.bind(Messages.EmulationContext_running, new Object[] { name, time(f == null ? 0 : f.timeNs),
                f == null ? 0 : f.transfers, f == null ? 0 : f.errors });
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
