package org.dmaworkbench.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;

/**
 * The selection a DMA view publishes for the Properties view and the other DMA views ({@code MappingRef},
 * {@code TimePoint}, {@code IovaRange}): set by the view, told to every listener. Call on the UI thread.
 */
public final class ViewSelection implements ISelectionProvider {
    private final List<ISelectionChangedListener> listeners = new ArrayList<>();
    private ISelection selection = StructuredSelection.EMPTY;

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener l) {
        listeners.add(l);
    }

    @Override
    public ISelection getSelection() {
        return selection;
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener l) {
        listeners.remove(l);
    }

    @Override
    public void setSelection(ISelection s) {
        selection = s;
        SelectionChangedEvent e = new SelectionChangedEvent(this, s);
        for (ISelectionChangedListener l : List.copyOf(listeners)) {
            l.selectionChanged(e);
        }
    }
}
