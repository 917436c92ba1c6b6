package org.dmaworkbench.devicetree.ui.internal.editor;

import org.eclipse.jface.action.IAction;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.MultiPageEditorActionBarContributor;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;

/** Undo, redo, find and the clipboard actions of the Source page, as the text editor's own contributor gives them. */
public final class DtsEditorContributor extends MultiPageEditorActionBarContributor {
    private static final String[] GLOBAL = {ActionFactory.UNDO.getId(), ActionFactory.REDO.getId(),
        ActionFactory.CUT.getId(), ActionFactory.COPY.getId(), ActionFactory.PASTE.getId(),
        ActionFactory.DELETE.getId(), ActionFactory.SELECT_ALL.getId(), ActionFactory.FIND.getId()};
    private static final String[] TEXT = {ITextEditorActionConstants.UNDO, ITextEditorActionConstants.REDO,
        ITextEditorActionConstants.CUT, ITextEditorActionConstants.COPY, ITextEditorActionConstants.PASTE,
        ITextEditorActionConstants.DELETE, ITextEditorActionConstants.SELECT_ALL, ITextEditorActionConstants.FIND};

    @Override
    public void setActivePage(IEditorPart part) {
        IActionBars bars = getActionBars();
        if (bars == null) {
            return;
        }
        ITextEditor t = part instanceof ITextEditor x ? x : null;
        for (int i = 0; i < GLOBAL.length; i++) {
            IAction a = t == null ? null : t.getAction(TEXT[i]);
            bars.setGlobalActionHandler(GLOBAL[i], a);
        }
        bars.updateActionBars();
    }
}
