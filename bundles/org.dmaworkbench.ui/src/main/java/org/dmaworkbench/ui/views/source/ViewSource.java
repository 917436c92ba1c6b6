package org.dmaworkbench.ui.views.source;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;

/**
 * Where a DMA view's live state comes from: the {@link EmulationContext}'s source (the emulation selected in the
 * Debug view, a capture imported or picked in the DMA-API view, else the newest), unless a model was given to show instead ({@link #show}: an imported capture, a test's
 * synthetic data). Tells its listener on the UI thread when the source changed or moved on. Call on the UI thread.
 */
public final class ViewSource {

    /**
     * What a view shows.
     *
     * @param model   the live-state model
     * @param session the emulation session behind it, null for a capture or synthetic data
     * @param label   the status line: configuration, state, virtual time
     */
    public record Current(LiveStateModel model, EmulationSession session, String label) {
    }

    private final List<Runnable> listeners = new ArrayList<>();
    private final EmulationContext.Listener contextListener = c -> fire();
    private Current override;
    private boolean disposed;

    public ViewSource() {
        EmulationContext.getDefault().addListener(contextListener);
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    private void fire() {
        if (!disposed) {
            for (Runnable r : List.copyOf(listeners)) {
                r.run();
            }
        }
    }

    /** Shows {@code model} instead of the emulation context (null: follow the context again). */
    public void show(LiveStateModel model, EmulationSession session, String label) {
        override = model == null ? null : new Current(model, session, label);
        fire();
    }

    /** Tells the listeners again, as if the source had moved on. */
    public void refresh() {
        fire();
    }

    /** What to show now, or null when there is nothing. */
    public Current current() {
        if (override != null) {
            return override;
        }
        EmulationContext c = EmulationContext.getDefault();
        LiveSource src = c.source();
        if (src == null || src.model() == null) {
            return null;
        }
        // an imported capture has its live state but no session (no board, no emulated memory)
        EmulationSession s = src.process() == null ? null : src.process().session();
        return new Current(src.model(), s, src.status());
    }

    public void dispose() {
        disposed = true;
        EmulationContext.getDefault().removeListener(contextListener);
        listeners.clear();
    }
}
