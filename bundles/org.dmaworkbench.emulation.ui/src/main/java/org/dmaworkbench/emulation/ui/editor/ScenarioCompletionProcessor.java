package org.dmaworkbench.emulation.ui.editor;

import java.util.List;

import org.dmaworkbench.emulation.scenario.ScenarioAssist;
import org.dmaworkbench.emulation.scenario.ScenarioAssist.BoardLabel;
import org.dmaworkbench.emulation.scenario.ScenarioAssist.Proposal;
import org.dmaworkbench.emulation.ui.internal.BoardCache.Board;
import org.dmaworkbench.emulation.ui.internal.Messages;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * Content assist of the scenario editor: the core's {@link ScenarioAssist} proposals, with the board's labels
 * from the board the reconciler compiled in the background (assist never compiles on the UI thread) and each
 * proposal's description in the details popup.
 */
final class ScenarioCompletionProcessor implements IContentAssistProcessor {
    private final ScenarioEditor editor;
    private String error;

    ScenarioCompletionProcessor(ScenarioEditor editor) {
        this.editor = editor;
    }

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        ScenarioModel model = editor.model();
        Board board = model.board();
        List<BoardLabel> labels = board == null ? List.of() : board.labels();
        error = !model.boardNamed() ? Messages.Assist_noBoard : board == null ? Messages.Assist_boardNotCompiled
                : board.error() != null ? NLS.bind(Messages.Assist_boardErrors, board.error()) : null;
        List<Proposal> found = ScenarioAssist.complete(viewer.getDocument().get(), offset, labels);
        ICompletionProposal[] out = new ICompletionProposal[found.size()];
        for (int i = 0; i < out.length; i++) {
            Proposal p = found.get(i);
            out[i] = new CompletionProposal(p.replacement(), p.replaceOffset(), p.replaceLength(),
                    p.replacement().length(), image(p), p.label(), null, details(p));
        }
        return out;
    }

    /** The details popup shows simple HTML: the proposal in bold, then its description a fact a line. */
    static String details(Proposal p) {
        return "<b>" + html(p.label()) + "</b><br>" + html(p.description()).replace("\n", "<br>");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Image image(Proposal p) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        return switch (p.kind()) {
            case LABEL -> images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
            case BUG -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
            case CLIENT -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
            default -> null;
        };
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] { '&' };
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return error;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
