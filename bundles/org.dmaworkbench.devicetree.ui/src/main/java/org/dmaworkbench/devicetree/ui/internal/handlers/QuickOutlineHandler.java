package org.dmaworkbench.devicetree.ui.internal.handlers;

import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.QuickOutline;
import org.eclipse.jface.text.ITextSelection;

/** Ctrl+O. */
public final class QuickOutlineHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        new QuickOutline(editor.getSite().getShell(), editor.sourceEditor()).open();
    }
}
