package org.dmaworkbench.launch.ui.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.launch.EmulationProcess;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchesListener2;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IFlushableStreamMonitor;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IOConsole;
import org.eclipse.ui.console.IOConsoleOutputStream;

/**
 * One {@link IOConsole} per serial port an emulation drives ("ttySC0 e6e60000.serial"), showing the bytes the port
 * transmits as they arrive, like a terminal on the board's UART. Created when an emulation's process joins its
 * launch, renamed "&lt;terminated&gt;" when it ends, removed with the launch (Remove All Terminated). The console
 * view gives each the usual pin, clear and scroll lock.
 */
public final class SerialConsoles implements ILaunchesListener2 {
    /** Console type of the serial consoles. */
    public static final String CONSOLE_TYPE = "org.dmaworkbench.launch.ui.serialConsole";
    /** Characters a serial console keeps: the newest, as a terminal's scrollback. */
    private static final int HIGH_WATER = 256_000;
    private static final int LOW_WATER = 200_000;

    /** A serial console and what feeds it. */
    private record Port(SerialConsole console, IStreamMonitor monitor, IStreamListener listener, IOConsoleOutputStream out) {
    }

    private final Map<IProcess, List<Port>> ports = new HashMap<>();

    /** A serial port's console; knows its process, for tests and the console's title after termination. */
    public static final class SerialConsole extends IOConsole {
        private final EmulationProcess process;

        SerialConsole(String name, EmulationProcess process) {
            super(name, CONSOLE_TYPE, LaunchUiPlugin.descriptor(LaunchUiPlugin.IMG_SERIAL), true);
            this.process = process;
        }

        public EmulationProcess process() {
            return process;
        }

        void rename(String name) {
            setName(name);
        }
    }

    void start() {
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(this);
        // launches that started before this bundle did
        launchesChanged(DebugPlugin.getDefault().getLaunchManager().getLaunches());
    }

    void stop() {
        DebugPlugin d = DebugPlugin.getDefault();
        if (d != null) {
            d.getLaunchManager().removeLaunchListener(this);
        }
    }

    /** The serial consoles of an emulation process, in port order (empty when it drives no serial port). */
    public synchronized List<IOConsole> consoles(IProcess process) {
        List<IOConsole> out = new ArrayList<>();
        for (Port p : ports.getOrDefault(process, List.of())) {
            out.add(p.console());
        }
        return out;
    }

    @Override
    public void launchesAdded(ILaunch[] launches) {
        // processes are added to a launch afterwards: launchesChanged
    }

    @Override
    public void launchesChanged(ILaunch[] launches) {
        for (ILaunch l : launches) {
            for (IProcess p : l.getProcesses()) {
                if (p instanceof EmulationProcess e) {
                    add(e);
                }
            }
        }
    }

    private void add(EmulationProcess e) {
        List<Port> list = new ArrayList<>();
        synchronized (this) {
            if (ports.containsKey(e) || e.serialPorts().isEmpty()) {
                return;
            }
            ports.put(e, list);
        }
        String launchName = e.getLaunch().getLaunchConfiguration() == null ? e.getLabel()
                : e.getLaunch().getLaunchConfiguration().getName();
        List<IConsole> added = new ArrayList<>();
        for (EmulationProcess.SerialPort sp : e.serialPorts()) {
            SerialConsole console = new SerialConsole(NLS.bind(Messages.SerialConsole_name, sp.label(), launchName), e);
            console.setWaterMarks(LOW_WATER, HIGH_WATER);
            IOConsoleOutputStream out = console.newOutputStream();
            IStreamListener listener = (text, monitor) -> write(out, text);
            list.add(new Port(console, sp.output(), listener, out));
            added.add(console);
            connect(sp.output(), listener, out);
        }
        ConsolePlugin.getDefault().getConsoleManager().addConsoles(added.toArray(IConsole[]::new));
        applyColours(list);
        if (e.isTerminated()) {
            terminated(e);
        }
    }

    /** Takes what the port sent so far and listens for the rest, atomically with the port's appends. */
    private static void connect(IStreamMonitor monitor, IStreamListener listener, IOConsoleOutputStream out) {
        synchronized (monitor) {
            String sofar = monitor.getContents();
            if (monitor instanceof IFlushableStreamMonitor f) {
                f.flushContents();
                f.setBuffered(false);
            }
            monitor.addListener(listener);
            write(out, sofar);
        }
    }

    private static void write(IOConsoleOutputStream out, String text) {
        if (text.isEmpty() || out.isClosed()) {
            return;
        }
        try {
            out.write(text);
        } catch (IOException e) {
            // the console was closed under us (removed launch): nothing more to show
        }
    }

    private static void applyColours(List<Port> list) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display d = PlatformUI.getWorkbench().getDisplay();
        d.asyncExec(() -> {
            for (Port p : list) {
                p.out().setColor(ConsoleColours.serialText());
                p.console().setBackground(ConsoleColours.serialBackground());
            }
        });
    }

    /** Re-applies the colour preferences to every serial console. */
    public synchronized void coloursChanged() {
        ports.values().forEach(SerialConsoles::applyColours);
    }

    @Override
    public void launchesTerminated(ILaunch[] launches) {
        for (ILaunch l : launches) {
            for (IProcess p : l.getProcesses()) {
                terminated(p);
            }
        }
    }

    private void terminated(IProcess p) {
        List<Port> list;
        synchronized (this) {
            list = ports.get(p);
        }
        if (list == null) {
            return;
        }
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        // a console's name is shown by the console view: change it on the UI thread
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
            for (Port port : list) {
                String name = port.console().getName();
                if (!name.startsWith(Messages.SerialConsole_terminated)) {
                    port.console().rename(Messages.SerialConsole_terminated + " " + name);
                }
            }
        });
    }

    @Override
    public void launchesRemoved(ILaunch[] launches) {
        List<IConsole> remove = new ArrayList<>();
        for (ILaunch l : launches) {
            for (IProcess p : l.getProcesses()) {
                List<Port> list;
                synchronized (this) {
                    list = ports.remove(p);
                }
                if (list == null) {
                    continue;
                }
                for (Port port : list) {
                    port.monitor().removeListener(port.listener());
                    try {
                        port.out().close();
                    } catch (IOException e) {
                        // closing a console stream does not fail in a way that matters here
                    }
                    remove.add(port.console());
                }
            }
        }
        if (!remove.isEmpty()) {
            ConsolePlugin.getDefault().getConsoleManager().removeConsoles(remove.toArray(IConsole[]::new));
        }
    }
}
