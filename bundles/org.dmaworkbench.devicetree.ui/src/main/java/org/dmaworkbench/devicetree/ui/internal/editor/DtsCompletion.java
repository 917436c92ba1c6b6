package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.List;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Completions;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.swt.graphics.Image;

/** Content assist from {@link Completions}: labels, paths, properties, values the hardware model knows, macros. */
final class DtsCompletion implements IContentAssistProcessor {
    private final DtsSourceEditor editor;

    DtsCompletion(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        EditorAnalysis ea = editor.analysis();
        Analysis a = ea.current();
        if (a == null || a.tree().isEmpty()) {
            a = ea.lastWithTree() != null ? ea.lastWithTree() : ea.forCurrentText();
        }
        List<Completions.Proposal> ps = Completions.at(a, viewer.getDocument().get(), offset);
        ICompletionProposal[] out = new ICompletionProposal[ps.size()];
        for (int i = 0; i < out.length; i++) {
            Completions.Proposal p = ps.get(i);
            String first = p.detail() == null ? "" : p.detail().lines().findFirst().orElse("");
            String display = first.isEmpty() || p.kind() == Completions.Kind.INCLUDE ? p.label()
                    : p.label() + " \u2013 " + first;
            out[i] = new CompletionProposal(p.replacement(), p.offset(), p.length(), p.cursor(), image(p.kind()),
                    display, null, p.detail() == null ? null : DtsHover.esc(p.detail()).replace("\n", "<br>"));
        }
        return out;
    }

    private static Image image(Completions.Kind k) {
        return switch (k) {
            case LABEL, PATH, BLOCK -> DtsUiPlugin.image(DtsUiPlugin.IMG_NODE);
            case PROPERTY, VALUE -> DtsUiPlugin.image(DtsUiPlugin.IMG_PROPERTY);
            case INCLUDE -> DtsUiPlugin.image(DtsUiPlugin.IMG_DTS);
            default -> null;
        };
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] {'&', '"', '<'};
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
