package org.dmaworkbench.emulation.ui.editor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dmaworkbench.emulation.scenario.ScenarioOutline.Item;
import org.dmaworkbench.emulation.ui.internal.BoardCache.Board;
import org.dmaworkbench.emulation.ui.internal.ScenarioCheck.Problem;

/**
 * What the editor's reconciler last found in the text: the outline, the compiled board (for assist) and the
 * problems. Written on the reconciler thread, read on the UI thread; listeners run on the reconciler thread.
 */
public final class ScenarioModel {
    /** Told after every reconcile. */
    public interface Listener {
        void reconciled(ScenarioModel model);
    }

    private volatile List<Item> outline = List.of();
    private volatile Board board;
    private volatile boolean boardNamed;
    private volatile List<Problem> problems = List.of();
    private volatile long reconciles;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** The outline of the text as last reconciled. */
    public List<Item> outline() {
        return outline;
    }

    /** The board the text names, compiled; null while none is named or it is not compiled yet. */
    public Board board() {
        return board;
    }

    /** Whether the text names a board at all. */
    public boolean boardNamed() {
        return boardNamed;
    }

    /** The problems of the text as last reconciled. */
    public List<Problem> problems() {
        return problems;
    }

    /** How many reconciles have finished: tests wait on it. */
    public long reconciles() {
        return reconciles;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    void boardNamed(boolean named) {
        boardNamed = named;
        if (!named) {
            board = null;
        }
    }

    void board(Board b) {
        board = b;
    }

    void update(List<Item> items, List<Problem> found) {
        outline = List.copyOf(items);
        problems = List.copyOf(found);
        reconciles++;
        for (Listener l : listeners) {
            l.reconciled(this);
        }
    }
}
