package org.dmaworkbench.devicetree.ui.internal.editor;

import org.dmaworkbench.devicetree.ui.DtsUi;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.preference.PreferenceStore;
import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.IVerticalRuler;
import org.eclipse.jface.text.source.projection.ProjectionSupport;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.ChainedPreferenceStore;
import org.eclipse.ui.texteditor.SourceViewerDecorationSupport;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * The Source page: a text editor with device-tree colouring, folding, bracket matching, hovers, hyperlinks, content
 * assist and quick fixes (all in {@link DtsConfiguration}), its outline the merged tree.
 */
public final class DtsSourceEditor extends TextEditor {
    static final String MATCHING_BRACKETS = "dts.matchingBrackets";
    static final String MATCHING_BRACKETS_COLOR = "dts.matchingBracketsColor";
    static final String HIGHLIGHT_BRACKET_AT_CARET = "dts.highlightBracketAtCaret";
    static final String ENCLOSING_BRACKETS = "dts.enclosingBrackets";

    private final DtsEditor owner;
    private ProjectionSupport projection;
    private DtsOutlinePage outline;

    DtsSourceEditor(DtsEditor owner) {
        this.owner = owner;
    }

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        PreferenceStore own = new PreferenceStore();
        own.setDefault(MATCHING_BRACKETS, true);
        own.setDefault(HIGHLIGHT_BRACKET_AT_CARET, false);
        own.setDefault(ENCLOSING_BRACKETS, false);
        PreferenceConverter.setDefault(own, MATCHING_BRACKETS_COLOR, new RGB(127, 127, 127));
        setPreferenceStore(new ChainedPreferenceStore(new IPreferenceStore[] {own, EditorsUI.getPreferenceStore()}));
        setSourceViewerConfiguration(new DtsConfiguration(this, getPreferenceStore()));
        setEditorContextMenuId("#DtsEditorContext");
        setRulerContextMenuId("#DtsRulerContext");
    }

    @Override
    protected void initializeKeyBindingScopes() {
        setKeyBindingScopes(new String[] {DtsUi.EDITOR_SCOPE});
    }

    public DtsEditor owner() {
        return owner;
    }

    public EditorAnalysis analysis() {
        return owner.analysis();
    }

    @Override
    protected ISourceViewer createSourceViewer(Composite parent, IVerticalRuler ruler, int styles) {
        ProjectionViewer v = new ProjectionViewer(parent, ruler, getOverviewRuler(), isOverviewRulerVisible(), styles);
        getSourceViewerDecorationSupport(v);
        return v;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        ProjectionViewer v = (ProjectionViewer) getSourceViewer();
        projection = new ProjectionSupport(v, getAnnotationAccess(), getSharedColors());
        projection.install();
        v.doOperation(ProjectionViewer.TOGGLE);
    }

    @Override
    protected void configureSourceViewerDecorationSupport(SourceViewerDecorationSupport support) {
        support.setCharacterPairMatcher(new DefaultCharacterPairMatcher(new char[] {'{', '}', '<', '>', '[', ']', '(',
            ')'}));
        support.setMatchingCharacterPainterPreferenceKeys(MATCHING_BRACKETS, MATCHING_BRACKETS_COLOR,
                HIGHLIGHT_BRACKET_AT_CARET, ENCLOSING_BRACKETS);
        super.configureSourceViewerDecorationSupport(support);
    }

    /** The viewer's configuration, for tests. */
    public org.eclipse.jface.text.source.SourceViewerConfiguration configuration() {
        return getSourceViewerConfiguration();
    }

    /** The viewer, for the editor's helpers and tests. */
    public ProjectionViewer viewer() {
        return (ProjectionViewer) getSourceViewer();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IContentOutlinePage.class) {
            if (outline == null) {
                outline = new DtsOutlinePage(this);
            }
            return adapter.cast(outline);
        }
        return super.getAdapter(adapter);
    }

    DtsOutlinePage outline() {
        return outline;
    }

    void outlineClosed() {
        outline = null;
    }

    @Override
    public void dispose() {
        if (projection != null) {
            projection.dispose();
        }
        super.dispose();
    }
}
