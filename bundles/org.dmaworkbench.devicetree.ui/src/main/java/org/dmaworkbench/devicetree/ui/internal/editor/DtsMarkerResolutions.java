package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.QuickFixes;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/** Quick fixes of problem markers (Problems view, ruler): found through the open editor that made the marker. */
public final class DtsMarkerResolutions implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        String check = marker.getAttribute(ProblemReporter.ATTR_CHECK, "");
        return check.equals(QuickFixes.SIMPLE_BUS_REG) || check.equals(QuickFixes.DEFAULT_ADDR_SIZE);
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        List<IMarkerResolution> out = new ArrayList<>();
        DtsEditor e = editorFor(marker.getResource());
        if (e == null) {
            return new IMarkerResolution[0];
        }
        Analysis a = e.analysis().forCurrentText();
        int line = marker.getAttribute(IMarker.LINE_NUMBER, -1);
        String msg = marker.getAttribute(IMarker.MESSAGE, "");
        for (Analysis.FileDiagnostic d : a.diagnostics()) {
            if (d.location() != null && d.location().line() == line && d.message().equals(msg)) {
                for (QuickFixes.Fix f : QuickFixes.forDiagnostic(a, d)) {
                    out.add(new IMarkerResolution() {
                        @Override
                        public String getLabel() {
                            return f.label();
                        }

                        @Override
                        public void run(IMarker m) {
                            Edits.apply(e, f.edits());
                        }
                    });
                }
            }
        }
        return out.toArray(new IMarkerResolution[0]);
    }

    /** An open device-tree editor whose board reads the marker's file. */
    static DtsEditor editorFor(IResource r) {
        if (r == null || r.getLocation() == null) {
            return null;
        }
        java.nio.file.Path key = org.dmaworkbench.devicetree.lang.FileKey.of(r.getLocation().toPath());
        for (IWorkbenchWindow w : PlatformUI.getWorkbench().getWorkbenchWindows()) {
            if (w.getActivePage() == null) {
                continue;
            }
            for (IEditorReference ref : w.getActivePage().getEditorReferences()) {
                IEditorPart p = ref.getEditor(false);
                if (p instanceof DtsEditor d && d.analysis().current() != null
                        && d.analysis().current().files().contains(key)) {
                    return d;
                }
            }
        }
        return null;
    }
}
