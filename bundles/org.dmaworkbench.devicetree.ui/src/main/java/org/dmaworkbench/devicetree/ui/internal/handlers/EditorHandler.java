package org.dmaworkbench.devicetree.ui.internal.handlers;

import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** A command of the device-tree editor, run on its Source page at the caret. */
abstract class EditorHandler extends AbstractHandler {

    @Override
    public final Object execute(ExecutionEvent event) throws ExecutionException {
        IEditorPart p = HandlerUtil.getActiveEditor(event);
        if (p instanceof DtsEditor e && e.sourceEditor() != null) {
            e.showSource();
            ITextSelection s = (ITextSelection) e.sourceEditor().getSelectionProvider().getSelection();
            run(e, s);
        }
        return null;
    }

    abstract void run(DtsEditor editor, ITextSelection selection) throws ExecutionException;
}
