package org.dmaworkbench.launch.ui;

import java.util.List;

import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.internal.EmulationContextImpl;
import org.eclipse.debug.core.ILaunch;

/**
 * Which source of live state the DMA views show ({@link LiveSource}: a DMA Emulation launch or an imported capture):
 * the one picked last (the launch selected in the Debug view, or a source chosen in a view, or a capture just
 * imported), else the newest. Views read the source from here and listen for changes; listeners run on the UI
 * thread, when the context moves to another source, when sources come and go and, while a session runs, a few
 * times a second so figures can follow. Call on the UI thread.
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

    /** @return the source the views follow, or null when there is none */
    LiveSource source();

    /** @return every source: the DMA Emulation launches, then the imported captures, oldest first */
    List<LiveSource> sources();

    /** Makes the views follow {@code source} (one of {@link #sources()}) until another is picked or launched. */
    void select(LiveSource source);

    /** Adds an imported capture as a source and makes the views follow it. */
    LiveSource addCapture(ImportedCapture capture);

    /** Removes an imported capture. */
    void removeCapture(LiveSource capture);

    /** @return the launch the views follow, or null when they follow a capture or there is no launch */
    ILaunch launch();

    /** @return that launch's emulation process, or null */
    EmulationProcess process();

    /** @return that launch's session (running or finished), or null */
    EmulationSession session();

    /**
     * One line for a view's status: the configuration, whether it runs or how it ended, virtual time, transfers and
     * dma-debug errors (for a capture: its files, lines and findings); null when there is no source.
     */
    String status();

    void addListener(Listener l);

    void removeListener(Listener l);
}
