package org.dmaworkbench.devicetree.ui.internal.handlers;

import java.util.Optional;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.References;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.refactoring.RenameLabelRefactoring;
import org.dmaworkbench.devicetree.ui.internal.refactoring.RenameLabelWizard;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ltk.ui.refactoring.RefactoringWizardOpenOperation;

/** Alt+Shift+R on a label or a reference to one: the LTK rename with its preview. */
public final class RenameLabelHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        Analysis a = editor.analysis().forCurrentText();
        Optional<References.Query> q = References.queryAt(a, s.getOffset());
        if (q.isEmpty() || q.get().path() != null || q.get().labels().size() != 1) {
            editor.getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(Messages.Rename_noLabel);
            return;
        }
        if (!editor.sourceEditor().validateEditorInputState()) {
            return;
        }
        RenameLabelRefactoring r = new RenameLabelRefactoring(editor, q.get().labels().iterator().next());
        try {
            new RefactoringWizardOpenOperation(new RenameLabelWizard(r)).run(editor.getSite().getShell(),
                    Messages.Rename_title);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
