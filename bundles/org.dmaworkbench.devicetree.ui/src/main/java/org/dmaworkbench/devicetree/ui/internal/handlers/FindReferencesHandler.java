package org.dmaworkbench.devicetree.ui.internal.handlers;

import java.util.Optional;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.References;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.search.ReferencesQuery;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.search.ui.NewSearchUI;

/** Ctrl+Shift+G: the references of the label or node under the caret, in the Search view. */
public final class FindReferencesHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        Analysis a = editor.analysis().forCurrentText();
        Optional<References.Query> q = References.queryAt(a, s.getOffset());
        if (q.isEmpty()) {
            editor.getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(Messages.References_nothing);
            return;
        }
        NewSearchUI.runQueryInBackground(new ReferencesQuery(a, q.get()));
    }
}
