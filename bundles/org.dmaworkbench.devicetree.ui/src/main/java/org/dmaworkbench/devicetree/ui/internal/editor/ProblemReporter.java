package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.osgi.util.NLS;

/**
 * Turns an analysis' diagnostics into problem markers, each on the workspace file and line the compiler named (an
 * error the board causes in an included .dtsi goes to that .dtsi); a diagnostic in a file outside the workspace goes
 * to the line of the edited file that includes it. Markers change in a job, and only when the set of problems
 * changed. An edited file outside the workspace cannot hold markers: its problems are annotations of the editor.
 */
public final class ProblemReporter {
    static final String ATTR_CHECK = "dtsCheck";

    /** One marker to be. */
    record Spec(IFile file, int severity, String message, int line, int start, int end, String check) {
    }

    private final DtsEditor editor;
    private final Object lock = new Object();
    private List<Spec> shown = List.of();
    private List<Spec> wanted = List.of();
    private final Set<IFile> touched = new LinkedHashSet<>();
    private final Map<Annotation, Position> annotations = new HashMap<>();
    private volatile long appliedNanos;
    private volatile int applied;
    private final Job job = new Job(Messages.Problems_job) {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            apply(monitor);
            return Status.OK_STATUS;
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == DtsUi.JOB_FAMILY;
        }
    };

    ProblemReporter(DtsEditor editor) {
        this.editor = editor;
        job.setSystem(true);
        job.setPriority(Job.SHORT);
    }

    /** The markers' SOURCE_ID: the board compiled (editors of one board agree on its markers). */
    String sourceId(Analysis a) {
        Path b = a.context().board() == null ? a.context().file() : a.context().board();
        return "dts:" + b;
    }

    /** From the reconciler's thread. */
    void update(Analysis a) {
        List<Spec> specs = new ArrayList<>();
        IFile own = editor.analysis().ifile();
        List<Object[]> external = new ArrayList<>();
        for (Analysis.FileDiagnostic d : a.diagnostics()) {
            int sev = d.severity() == Severity.ERROR ? IMarker.SEVERITY_ERROR : IMarker.SEVERITY_WARNING;
            Location l = d.location();
            IFile target = l == null ? null : fileOf(l.file(), own);
            if (target != null) {
                specs.add(new Spec(target, sev, d.message(), l.line(), l.offset(), l.end(), d.check()));
                continue;
            }
            // outside the workspace: on the edited file's line that includes it (or its first line)
            Location at = null;
            for (Location from : d.includedFrom()) {
                if (from.file().equals(editor.file())) {
                    at = from;
                }
            }
            String where = l == null ? "" : l.file().getFileName() + ":" + l.line() + ": ";
            String msg = where.isEmpty() ? d.message() : NLS.bind(Messages.Problems_inIncluded, where, d.message());
            if (l != null && l.file().equals(editor.file())) {
                at = l;
                msg = d.message();
            }
            if (own != null) {
                specs.add(new Spec(own, sev, msg, at == null ? 1 : at.line(), at == null ? -1 : at.offset(),
                        at == null ? -1 : at.end(), d.check()));
            } else {
                external.add(new Object[] {sev, msg, at});
            }
        }
        if (own == null) {
            annotate(external);
        }
        synchronized (lock) {
            if (specs.equals(wanted)) {
                return;
            }
            wanted = List.copyOf(specs);
        }
        if (org.eclipse.swt.widgets.Display.getCurrent() == null) {
            // the reconciler's thread: markers now, without waiting for a job to be scheduled
            apply(null);
        } else {
            job.schedule();
        }
    }

    private static IFile fileOf(Path key, IFile own) {
        if (own != null && own.getLocation() != null
                && org.dmaworkbench.devicetree.lang.FileKey.of(own.getLocation().toPath()).equals(key)) {
            return own;
        }
        return Navigation.workspaceFile(key, own == null ? null : own.getProject());
    }

    private synchronized void apply(IProgressMonitor monitor) {
        List<Spec> specs;
        synchronized (lock) {
            specs = wanted;
            if (specs.equals(shown)) {
                return;
            }
        }
        Analysis a = editor.analysis().current();
        String source = a == null ? "dts:" + editor.file() : sourceId(a);
        Set<IFile> files = new LinkedHashSet<>(touched);
        for (Spec s : specs) {
            files.add(s.file());
        }
        try {
            ResourcesPlugin.getWorkspace().run(m -> {
                for (IFile f : files) {
                    if (!f.isAccessible()) {
                        continue;
                    }
                    for (IMarker old : f.findMarkers(DtsUi.MARKER_TYPE, false, IResource.DEPTH_ZERO)) {
                        if (source.equals(old.getAttribute(IMarker.SOURCE_ID, ""))) {
                            old.delete();
                        }
                    }
                }
                for (Spec s : specs) {
                    if (!s.file().isAccessible()) {
                        continue;
                    }
                    Map<String, Object> at = new HashMap<>();
                    at.put(IMarker.SEVERITY, s.severity());
                    at.put(IMarker.MESSAGE, s.message());
                    at.put(IMarker.LINE_NUMBER, s.line());
                    if (s.start() >= 0) {
                        at.put(IMarker.CHAR_START, s.start());
                        at.put(IMarker.CHAR_END, s.end());
                    }
                    at.put(IMarker.SOURCE_ID, source);
                    at.put(ATTR_CHECK, s.check());
                    at.put(IMarker.TRANSIENT, true);
                    s.file().createMarker(DtsUi.MARKER_TYPE, at);
                }
            }, null, IWorkspace.AVOID_UPDATE, monitor);
        } catch (CoreException e) {
            DtsUiPlugin.log("cannot update the device-tree problem markers", e);
            return;
        }
        synchronized (lock) {
            shown = specs;
            touched.clear();
            for (Spec s : specs) {
                touched.add(s.file());
            }
        }
        applied++;
        appliedNanos = System.nanoTime();
    }

    /** Problems of an edited file outside the workspace: annotations of its editor. */
    private void annotate(List<Object[]> problems) {
        DtsSourceEditor s = editor.sourceEditor();
        if (s == null || s.getDocumentProvider() == null) {
            return;
        }
        IAnnotationModel model = s.getDocumentProvider().getAnnotationModel(s.getEditorInput());
        if (!(model instanceof IAnnotationModelExtension x)) {
            return;
        }
        Map<Annotation, Position> add = new HashMap<>();
        for (Object[] p : problems) {
            Location at = (Location) p[2];
            String type = (int) p[0] == IMarker.SEVERITY_ERROR ? "org.eclipse.ui.workbench.texteditor.error"
                    : "org.eclipse.ui.workbench.texteditor.warning";
            add.put(new Annotation(type, false, (String) p[1]), at == null ? new Position(0, 0)
                    : new Position(at.offset(), Math.max(1, at.length())));
        }
        synchronized (annotations) {
            x.replaceAnnotations(annotations.keySet().toArray(new Annotation[0]), add);
            annotations.clear();
            annotations.putAll(add);
        }
        applied++;
        appliedNanos = System.nanoTime();
    }

    /** How many times problems were applied, and when last (System.nanoTime()), for the figures. */
    public int appliedCount() {
        return applied;
    }

    public long appliedNanos() {
        return appliedNanos;
    }

    /** The markers now wanted, as "file:line: message" (for tests). */
    public List<String> describe() {
        synchronized (lock) {
            return wanted.stream().map(s -> s.file().getName() + ":" + s.line() + ": " + s.message()).toList();
        }
    }

    void dispose() {
        job.cancel();
    }

    @Override
    public String toString() {
        return Objects.toString(shown);
    }
}
