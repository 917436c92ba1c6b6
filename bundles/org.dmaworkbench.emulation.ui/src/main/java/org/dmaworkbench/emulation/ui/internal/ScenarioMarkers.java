package org.dmaworkbench.emulation.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.ui.EmulationUi;
import org.dmaworkbench.emulation.ui.internal.ScenarioCheck.Problem;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/**
 * Problem markers of a saved scenario file, for the Problems view: the same check as the editor's, on the file's
 * contents, in a workspace job that holds the file's scheduling rule.
 */
public final class ScenarioMarkers {

    private ScenarioMarkers() {
    }

    /** Schedules a check of {@code file} that replaces its scenario problem markers. */
    public static void update(IFile file) {
        WorkspaceJob job = new WorkspaceJob(NLS.bind(Messages.Markers_job, file.getName())) {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                if (!file.exists()) {
                    return Status.OK_STATUS;
                }
                String text;
                try (InputStream in = file.getContents(true)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return Status.error("cannot read " + file.getFullPath(), e);
                }
                IPath loc = file.getLocation();
                String name = loc != null ? loc.toOSString() : file.getFullPath().toString();
                Path dir = loc != null ? loc.toFile().toPath().getParent() : null;
                var problems = ScenarioCheck.check(name, text, dir);
                file.deleteMarkers(EmulationUi.PROBLEM_MARKER, false, IResource.DEPTH_ZERO);
                for (Problem p : problems) {
                    IMarker m = file.createMarker(EmulationUi.PROBLEM_MARKER);
                    m.setAttribute(IMarker.SEVERITY, p.severity() == Severity.ERROR ? IMarker.SEVERITY_ERROR
                            : p.severity() == Severity.WARNING ? IMarker.SEVERITY_WARNING : IMarker.SEVERITY_INFO);
                    m.setAttribute(IMarker.MESSAGE, p.message());
                    m.setAttribute(IMarker.LINE_NUMBER, p.line());
                    m.setAttribute(IMarker.CHAR_START, p.offset());
                    m.setAttribute(IMarker.CHAR_END, p.offset() + p.length());
                    m.setAttribute(IMarker.LOCATION, NLS.bind(Messages.Markers_location, p.line(), p.column()));
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == EmulationUi.JOB_FAMILY;
            }
        };
        job.setRule(file);
        job.setSystem(true);
        job.schedule();
    }
}
