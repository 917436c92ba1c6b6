package org.dmaworkbench.launch.ui;

import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.internal.EmulationContextImpl;
import org.eclipse.debug.core.ILaunch;

/**
 * Which emulation the views show: the DMA Emulation launch selected in the Debug view, else the newest one. Views
 * read the session from here and listen for changes; listeners run on the UI thread, when the context moves to
 * another launch and, while its session runs, a few times a second so figures can follow. Call on the UI thread.
 */
public interface EmulationContext {

    /** Told on the UI thread when the context changed or its session moved on. */
    @FunctionalInterface
    interface Listener {
        void contextChanged(EmulationContext context);
    }

    /** The workbench's emulation context. */
    static EmulationContext getDefault() {
        return EmulationContextImpl.instance();
    }

    /** @return the launch the views follow, or null when there is no DMA Emulation launch */
    ILaunch launch();

    /** @return that launch's emulation process, or null */
    EmulationProcess process();

    /** @return that launch's session (running or finished), or null */
    EmulationSession session();

    /**
     * One line for a view's status: the configuration, whether it runs or how it ended, virtual time, transfers and
     * dma-debug errors; null when there is no launch.
     */
    String status();

    void addListener(Listener l);

    void removeListener(Listener l);
}
