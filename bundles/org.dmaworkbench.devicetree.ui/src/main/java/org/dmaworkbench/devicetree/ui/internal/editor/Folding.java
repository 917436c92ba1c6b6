package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;

/** Folding of nodes, comments and #if groups; regions that stay keep their folded state. */
final class Folding {
    private Folding() {
    }

    /** On the UI thread: makes the viewer's folding regions those of {@code m}. */
    static void update(ProjectionViewer v, SourceModel m) {
        ProjectionAnnotationModel model = v.getProjectionAnnotationModel();
        if (model == null || m == null || v.getDocument() == null || v.getDocument().getLength() != m.text().length()) {
            return; // folding is off, or the text has changed since the analysis: the next one will do
        }
        Map<String, Position> wanted = new HashMap<>();
        for (int[] r : m.foldingRegions()) {
            wanted.put(r[0] + ":" + (r[1] - r[0]), new Position(r[0], r[1] - r[0]));
        }
        List<Annotation> remove = new ArrayList<>();
        for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            if (!(a instanceof ProjectionAnnotation)) {
                continue;
            }
            Position p = model.getPosition(a);
            if (p == null || wanted.remove(p.getOffset() + ":" + p.getLength()) == null) {
                remove.add(a);
            }
        }
        Map<Annotation, Position> add = new HashMap<>();
        for (Position p : wanted.values()) {
            add.put(new ProjectionAnnotation(), p);
        }
        if (!remove.isEmpty() || !add.isEmpty()) {
            model.modifyAnnotations(remove.toArray(new Annotation[0]), add, null);
        }
    }
}
