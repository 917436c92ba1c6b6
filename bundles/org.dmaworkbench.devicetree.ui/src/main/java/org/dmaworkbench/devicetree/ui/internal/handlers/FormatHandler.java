package org.dmaworkbench.devicetree.ui.internal.handlers;

import org.dmaworkbench.devicetree.lang.DtsFormatter;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.Edits;
import org.eclipse.jface.text.ITextSelection;

/** Ctrl+Shift+F: the whole file per the kernel's DTS coding style, as one undoable change. */
public final class FormatHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        String text = editor.analysis().document().get();
        Edits.apply(editor, DtsFormatter.edits(editor.file(), text));
    }
}
