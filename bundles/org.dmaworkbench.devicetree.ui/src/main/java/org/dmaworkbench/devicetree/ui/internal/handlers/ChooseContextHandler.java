package org.dmaworkbench.devicetree.ui.internal.handlers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.context.Contexts;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;

/**
 * The board a .dtsi is compiled through (the boards that include it are looked for in a job), or the base board of an
 * overlay.
 */
public final class ChooseContextHandler extends EditorHandler {
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return Messages.Context_none;
        }
    };

    @Override
    void run(DtsEditor editor, ITextSelection s) {
        Path f = editor.file();
        boolean overlay = f.getFileName().toString().endsWith(".dtso");
        Job find = Job.create(Messages.Context_finding, (IProgressMonitor m) -> {
            List<Object> choices = new ArrayList<>();
            choices.add(NONE);
            choices.addAll(overlay ? Contexts.candidateBases(f)
                    : Contexts.boards(editor.analysis().ifile(), f, editor.analysis().context().includeDirs()));
            editor.getSite().getShell().getDisplay().asyncExec(() -> choose(editor, choices, overlay));
            return Status.OK_STATUS;
        });
        find.schedule();
    }

    private static void choose(DtsEditor editor, List<Object> choices, boolean overlay) {
        ElementListSelectionDialog d = new ElementListSelectionDialog(editor.getSite().getShell(), new LabelProvider() {
            @Override
            public String getText(Object e) {
                return e instanceof Path p ? p.getFileName() + "  (" + p.getParent() + ")" : String.valueOf(e);
            }
        });
        d.setTitle(overlay ? Messages.Context_baseTitle : Messages.Context_boardTitle);
        d.setMessage(overlay ? Messages.Context_baseMessage : Messages.Context_boardMessage);
        d.setElements(choices.toArray());
        d.setMultipleSelection(false);
        if (d.open() != Window.OK || d.getFirstResult() == null) {
            return;
        }
        Object r = d.getFirstResult();
        Contexts.chooseBoard(editor.analysis().ifile(), editor.file(), r instanceof Path p ? p : null);
        editor.analysis().resetContext();
        Job.create(Messages.Context_recompile, m -> {
            editor.analysis().analyze();
            return Status.OK_STATUS;
        }).schedule();
    }
}
