package org.dmaworkbench.devicetree.ui.internal.editor;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.URLHyperlinkDetector;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.quickassist.IQuickAssistAssistant;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/** What makes the Source page a device-tree editor. */
final class DtsConfiguration extends TextSourceViewerConfiguration {
    /**
     * The reconciler's wait after the last keystroke before it compiles: short, so that markers follow typing within
     * a few tens of milliseconds, and long enough that a fast typist's run of keystrokes is one compilation.
     */
    static final int RECONCILE_DELAY_MS = 25;

    private final DtsSourceEditor editor;

    DtsConfiguration(DtsSourceEditor editor, IPreferenceStore store) {
        super(store);
        this.editor = editor;
    }

    @Override
    public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
        PresentationReconciler r = new PresentationReconciler();
        DtsHighlighting h = new DtsHighlighting();
        r.setDamager(h, IDocument.DEFAULT_CONTENT_TYPE);
        r.setRepairer(h, IDocument.DEFAULT_CONTENT_TYPE);
        return r;
    }

    @Override
    public IReconciler getReconciler(ISourceViewer sourceViewer) {
        MonoReconciler r = new MonoReconciler(new DtsReconcilingStrategy(editor), false);
        r.setDelay(RECONCILE_DELAY_MS);
        return r;
    }

    @Override
    public ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
        return new DtsHover(editor);
    }

    @Override
    public IHyperlinkDetector[] getHyperlinkDetectors(ISourceViewer sourceViewer) {
        return new IHyperlinkDetector[] {new DtsHyperlinks(editor), new URLHyperlinkDetector()};
    }

    @Override
    public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
        ContentAssistant a = new ContentAssistant();
        a.setContentAssistProcessor(new DtsCompletion(editor), IDocument.DEFAULT_CONTENT_TYPE);
        a.enableAutoActivation(true);
        a.setAutoActivationDelay(300);
        a.enableAutoInsert(true);
        a.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return a;
    }

    @Override
    public IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
        QuickAssistAssistant a = new QuickAssistAssistant();
        a.setQuickAssistProcessor(new DtsQuickAssist(editor));
        a.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return a;
    }

    @Override
    public IAutoEditStrategy[] getAutoEditStrategies(ISourceViewer sourceViewer, String contentType) {
        return new IAutoEditStrategy[] {new DtsAutoEdit()};
    }

    @Override
    public IInformationControlCreator getInformationControlCreator(ISourceViewer sourceViewer) {
        return parent -> new DefaultInformationControl(parent, (String) null);
    }

    @Override
    public int getTabWidth(ISourceViewer sourceViewer) {
        return 8;
    }

    @Override
    public String[] getIndentPrefixes(ISourceViewer sourceViewer, String contentType) {
        return new String[] {"\t", ""};
    }
}
