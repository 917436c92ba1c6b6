package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/**
 * The Outline of the merged tree (every node after all includes and overrides, with labels and unit addresses),
 * linked with the editor: selecting a node shows its block in this file, moving the caret selects the node it is in;
 * double-click opens a node defined in another file.
 */
public final class DtsOutlinePage extends ContentOutlinePage {
    private final DtsSourceEditor editor;
    private final TreeContent.Holder holder = new TreeContent.Holder();
    private boolean linking;
    /** What the viewer shows, in short: a new tree with the same nodes and labels needs no refresh. */
    private long shownSignature;
    private ISelectionChangedListener caretListener;

    DtsOutlinePage(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer v = getTreeViewer();
        v.setComparer(TreeContent.BY_PATH);
        v.setContentProvider(new TreeContent.Provider());
        v.setLabelProvider(new TreeContent.Labels());
        v.setUseHashlookup(true);
        holder.tree = editor.analysis().tree().orElse(null);
        v.setInput(holder);
        v.expandToLevel(2);
        v.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof DtNode n) {
                Analysis a = editor.analysis().current();
                if (a != null) {
                    TreeContent.where(a, n).ifPresent(Navigation::open);
                }
            }
        });
        caretListener = this::caretMoved;
        if (editor.getSelectionProvider() instanceof org.eclipse.jface.viewers.IPostSelectionProvider p) {
            p.addPostSelectionChangedListener(caretListener);
        }
    }

    /** On the UI thread: the tree of the latest analysis. */
    void refresh() {
        TreeViewer v = getTreeViewer();
        if (v == null || v.getControl().isDisposed()) {
            return;
        }
        Optional<DeviceTree> t = editor.analysis().tree();
        if (t.isEmpty() || t.get() == holder.tree) {
            return;
        }
        long sig = signature(t.get());
        holder.tree = t.get();
        if (sig == shownSignature) {
            return; // same nodes, labels, states and compatibles: the items show the same text
        }
        shownSignature = sig;
        v.getControl().setRedraw(false);
        try {
            v.refresh();
        } finally {
            v.getControl().setRedraw(true);
        }
    }

    /** A hash of what the outline shows of each node. */
    static long signature(DeviceTree t) {
        long h = 1;
        for (DtNode n : t.allNodes()) {
            h = h * 31 + n.path().hashCode();
            h = h * 31 + n.labels().hashCode();
            h = h * 31 + (n.isEnabled() ? 1 : 2);
            h = h * 31 + (n.compatible().isEmpty() ? 0 : n.compatible().get(0).hashCode());
        }
        return h;
    }

    @Override
    public void selectionChanged(SelectionChangedEvent event) {
        super.selectionChanged(event);
        if (linking || !(((IStructuredSelection) event.getSelection()).getFirstElement() instanceof DtNode n)) {
            return;
        }
        Analysis a = editor.analysis().current();
        if (a == null) {
            return;
        }
        Optional<Location> l = TreeContent.where(a, n);
        if (l.isPresent() && l.get().file().equals(a.context().file())) {
            editor.selectAndReveal(l.get().offset(), l.get().length());
        }
    }

    private void caretMoved(SelectionChangedEvent e) {
        TreeViewer v = getTreeViewer();
        if (v == null || v.getControl().isDisposed() || !(e.getSelection() instanceof ITextSelection s)) {
            return;
        }
        Analysis a = editor.analysis().current();
        if (a == null || a.model() == null || a.model().text().length() != editor.analysis().document().getLength()) {
            return;
        }
        SourceModel.Node block = a.model().nodeAt(s.getOffset());
        Optional<DtNode> n = a.nodeOf(block);
        if (n.isPresent()) {
            linking = true;
            try {
                v.setSelection(new StructuredSelection(n.get()), true);
            } finally {
                linking = false;
            }
        }
    }

    /** The viewer, for tests. */
    public TreeViewer viewer() {
        return getTreeViewer();
    }

    @Override
    public void dispose() {
        if (caretListener != null && editor.getSelectionProvider() instanceof org.eclipse.jface.viewers.IPostSelectionProvider p) {
            p.removePostSelectionChangedListener(caretListener);
        }
        editor.outlineClosed();
        super.dispose();
    }
}
