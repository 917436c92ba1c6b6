package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.QuickFixes;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.eclipse.core.resources.IMarker;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.texteditor.MarkerAnnotation;

/** Ctrl+1 on a problem: the {@link QuickFixes} of the diagnostics on the caret's line. */
final class DtsQuickAssist implements IQuickAssistProcessor {
    private final DtsSourceEditor editor;

    DtsQuickAssist(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        if (annotation instanceof MarkerAnnotation m) {
            IMarker marker = m.getMarker();
            try {
                return marker.exists() && marker.isSubtypeOf(DtsUi.MARKER_TYPE);
            } catch (org.eclipse.core.runtime.CoreException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        Analysis a = editor.analysis().forCurrentText();
        IDocument d = editor.analysis().document();
        int line;
        try {
            line = d.getLineOfOffset(context.getOffset()) + 1;
        } catch (org.eclipse.jface.text.BadLocationException e) {
            return new ICompletionProposal[0];
        }
        List<ICompletionProposal> out = new ArrayList<>();
        for (Analysis.FileDiagnostic fd : a.diagnostics()) {
            if (fd.location() == null || !fd.location().file().equals(editor.analysis().file())
                    || fd.location().line() != line) {
                continue;
            }
            for (QuickFixes.Fix f : QuickFixes.forDiagnostic(a, fd)) {
                out.add(proposal(f));
            }
        }
        return out.toArray(new ICompletionProposal[0]);
    }

    private ICompletionProposal proposal(QuickFixes.Fix f) {
        return new ICompletionProposal() {
            @Override
            public void apply(IDocument document) {
                Edits.apply(editor.owner(), f.edits());
            }

            @Override
            public Point getSelection(IDocument document) {
                return null;
            }

            @Override
            public String getAdditionalProposalInfo() {
                return null;
            }

            @Override
            public String getDisplayString() {
                return f.label();
            }

            @Override
            public Image getImage() {
                return null;
            }

            @Override
            public IContextInformation getContextInformation() {
                return null;
            }
        };
    }
}
