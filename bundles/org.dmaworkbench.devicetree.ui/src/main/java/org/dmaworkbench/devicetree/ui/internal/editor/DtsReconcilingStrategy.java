package org.dmaworkbench.devicetree.ui.internal.editor;

import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;

/**
 * Compiles the edited file in its context after each pause in typing, on the reconciler's own thread (never the UI
 * thread); the analysis goes to the editor's listeners.
 */
final class DtsReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
    private final DtsSourceEditor editor;
    private IProgressMonitor monitor;

    DtsReconcilingStrategy(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public void setDocument(IDocument document) {
        // the reconciler may start before the editor has told its analysis which document it edits
        if (document != null && editor.analysis() != null) {
            editor.analysis().setDocument(document);
        }
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void initialReconcile() {
        run();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        run();
    }

    @Override
    public void reconcile(IRegion partition) {
        run();
    }

    private void run() {
        if (monitor != null && monitor.isCanceled()) {
            return;
        }
        EditorAnalysis a = editor.analysis();
        if (a == null || a.document() == null) {
            return;
        }
        try {
            a.analyze();
        } catch (RuntimeException e) {
            DtsUiPlugin.log("analysing " + a.file() + " failed", e);
        }
    }
}
