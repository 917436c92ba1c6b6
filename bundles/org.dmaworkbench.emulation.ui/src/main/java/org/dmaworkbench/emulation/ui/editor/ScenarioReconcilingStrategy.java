package org.dmaworkbench.emulation.ui.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.ScenarioOutline;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax;
import org.dmaworkbench.emulation.ui.internal.BoardCache;
import org.dmaworkbench.emulation.ui.internal.ScenarioCheck;
import org.dmaworkbench.emulation.ui.internal.ScenarioCheck.Problem;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.texteditor.MarkerAnnotation;

/**
 * Checks the scenario while it is typed, on the reconciler's thread after the typing pauses: compiles the board it
 * names (cached) for content assist, runs the core's loader for problems, which become error and warning
 * annotations where the diagnostic points, and computes the outline. The UI thread only paints the result.
 */
final class ScenarioReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
    static final String ERROR_TYPE = "org.eclipse.ui.workbench.texteditor.error";
    static final String WARNING_TYPE = "org.eclipse.ui.workbench.texteditor.warning";

    private final ScenarioEditor editor;
    private final ISourceViewer viewer;
    private IDocument document;
    private List<Annotation> shown = List.of();

    ScenarioReconcilingStrategy(ScenarioEditor editor, ISourceViewer viewer) {
        this.editor = editor;
        this.viewer = viewer;
    }

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        // one reconcile is short; the reconciler cancels by starting over
    }

    @Override
    public void initialReconcile() {
        reconcileAll();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        reconcileAll();
    }

    @Override
    public void reconcile(IRegion partition) {
        reconcileAll();
    }

    private void reconcileAll() {
        IDocument doc = document;
        if (doc == null) {
            return;
        }
        String text = doc.get();
        String name = editor.diagnosticFileName();
        Path dir = editor.baseDirectory();
        ScenarioModel model = editor.model();
        Optional<BoardRef> board = ScenarioSyntax.boardOf(text);
        model.boardNamed(board.isPresent());
        board.ifPresent(b -> model.board(BoardCache.get(b, dir)));
        List<Problem> problems = ScenarioCheck.check(name, text, dir);
        annotate(problems);
        model.update(ScenarioOutline.of(text), problems);
    }

    /** Replaces the annotations of the last reconcile; a problem a saved marker already shows is not doubled. */
    private void annotate(List<Problem> problems) {
        IAnnotationModel am = viewer.getAnnotationModel();
        if (am == null) {
            return;
        }
        Map<Annotation, Position> add = new HashMap<>();
        for (Problem p : problems) {
            if (hasMarker(am, p)) {
                continue;
            }
            String type = p.severity() == Severity.ERROR ? ERROR_TYPE : WARNING_TYPE;
            add.put(new Annotation(type, false, p.message()), new Position(p.offset(), p.length()));
        }
        Annotation[] remove = shown.toArray(new Annotation[0]);
        if (am instanceof IAnnotationModelExtension ext) {
            ext.replaceAnnotations(remove, add);
        } else {
            for (Annotation a : remove) {
                am.removeAnnotation(a);
            }
            add.forEach(am::addAnnotation);
        }
        shown = new ArrayList<>(add.keySet());
    }

    private static boolean hasMarker(IAnnotationModel am, Problem p) {
        for (Iterator<Annotation> it = am.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            if (a instanceof MarkerAnnotation && !a.isMarkedDeleted() && p.message().equals(a.getText())) {
                Position pos = am.getPosition(a);
                if (pos != null && pos.getOffset() == p.offset()) {
                    return true;
                }
            }
        }
        return false;
    }
}
