package org.dmaworkbench.emulation.ui.editor;

import org.dmaworkbench.emulation.ui.internal.Messages;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/**
 * The scenario editor's viewer: colouring from the core's syntax, a reconciler that checks the text 400 ms after
 * typing stops, and content assist (Ctrl+Space, and after '&amp;') with proposal details. Hovers over problems
 * and the rest come from the text editor's defaults.
 */
final class ScenarioSourceViewerConfiguration extends TextSourceViewerConfiguration {
    /** How long typing must pause before the scenario is checked again. */
    static final int RECONCILE_DELAY_MS = 400;

    private final ScenarioEditor editor;

    ScenarioSourceViewerConfiguration(ScenarioEditor editor, IPreferenceStore store) {
        super(store);
        this.editor = editor;
    }

    @Override
    public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
        PresentationReconciler pr = new PresentationReconciler();
        ScenarioDamagerRepairer dr = new ScenarioDamagerRepairer();
        pr.setDamager(dr, IDocument.DEFAULT_CONTENT_TYPE);
        pr.setRepairer(dr, IDocument.DEFAULT_CONTENT_TYPE);
        return pr;
    }

    @Override
    public IReconciler getReconciler(ISourceViewer sourceViewer) {
        MonoReconciler r = new MonoReconciler(new ScenarioReconcilingStrategy(editor, sourceViewer), false);
        r.setDelay(RECONCILE_DELAY_MS);
        return r;
    }

    @Override
    public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
        ContentAssistant ca = new ContentAssistant();
        ca.setContentAssistProcessor(new ScenarioCompletionProcessor(editor), IDocument.DEFAULT_CONTENT_TYPE);
        ca.enableAutoActivation(true);
        ca.setAutoActivationDelay(200);
        ca.enableAutoInsert(false);
        ca.setProposalPopupOrientation(IContentAssistant.PROPOSAL_OVERLAY);
        ca.setContextInformationPopupOrientation(IContentAssistant.CONTEXT_INFO_ABOVE);
        ca.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        ca.setStatusLineVisible(true);
        ca.setStatusMessage(Messages.Assist_status);
        return ca;
    }

    @Override
    public IInformationControlCreator getInformationControlCreator(ISourceViewer sourceViewer) {
        return parent -> new DefaultInformationControl(parent, true);
    }
}
