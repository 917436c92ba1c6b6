package org.dmaworkbench.devicetree.ui.internal.refactoring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.References;
import org.dmaworkbench.devicetree.lang.TextEdit;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.Navigation;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.CompositeChange;
import org.eclipse.ltk.core.refactoring.Refactoring;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.core.refactoring.TextFileChange;
import org.eclipse.osgi.util.NLS;
import org.eclipse.text.edits.MultiTextEdit;
import org.eclipse.text.edits.ReplaceEdit;

/**
 * Renames a label in every file the board reads ({@link References#renameLabel}): its definition, its references
 * (also in #define bodies). Each file's edits are a {@link TextFileChange}, so the preview shows them and Undo takes
 * them all back.
 */
public final class RenameLabelRefactoring extends Refactoring {
    private final DtsEditor editor;
    private final String oldName;
    private String newName;
    private Analysis analysis;
    private List<TextEdit> edits = List.of();

    public RenameLabelRefactoring(DtsEditor editor, String oldName) {
        this.editor = editor;
        this.oldName = oldName;
        this.newName = oldName;
    }

    public String oldName() {
        return oldName;
    }

    public void setNewName(String name) {
        this.newName = name;
    }

    @Override
    public String getName() {
        return Messages.Rename_title;
    }

    @Override
    public RefactoringStatus checkInitialConditions(IProgressMonitor pm) throws CoreException {
        analysis = editor.analysis().forCurrentText();
        if (analysis.tree().isEmpty() || analysis.tree().get().nodeByLabel(oldName).isEmpty()) {
            return RefactoringStatus.createFatalErrorStatus(NLS.bind(Messages.Rename_unknown, oldName));
        }
        return new RefactoringStatus();
    }

    @Override
    public RefactoringStatus checkFinalConditions(IProgressMonitor pm) throws CoreException, OperationCanceledException {
        try {
            edits = References.renameLabel(analysis, oldName, newName);
        } catch (IllegalArgumentException e) {
            return RefactoringStatus.createFatalErrorStatus(e.getMessage());
        }
        RefactoringStatus s = new RefactoringStatus();
        for (TextEdit e : edits) {
            if (Navigation.workspaceFile(e.file()) == null) {
                s.addFatalError(NLS.bind(Messages.Rename_outside, e.file()));
                break;
            }
        }
        return s;
    }

    /** The checks a wizard page makes while the name is typed. */
    public RefactoringStatus checkNewName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return RefactoringStatus.createFatalErrorStatus(NLS.bind(Messages.Rename_invalid, name));
        }
        if (name.equals(oldName)) {
            return RefactoringStatus.createFatalErrorStatus(Messages.Rename_same);
        }
        return new RefactoringStatus();
    }

    @Override
    public Change createChange(IProgressMonitor pm) throws CoreException, OperationCanceledException {
        Map<Path, List<TextEdit>> byFile = new LinkedHashMap<>();
        for (TextEdit e : edits) {
            byFile.computeIfAbsent(e.file(), k -> new java.util.ArrayList<>()).add(e);
        }
        CompositeChange all = new CompositeChange(NLS.bind(Messages.Rename_change, oldName, newName));
        for (Map.Entry<Path, List<TextEdit>> f : byFile.entrySet()) {
            IFile file = Navigation.workspaceFile(f.getKey());
            TextFileChange c = new TextFileChange(file.getName(), file);
            c.setTextType("dts");
            MultiTextEdit root = new MultiTextEdit();
            for (TextEdit e : f.getValue()) {
                root.addChild(new ReplaceEdit(e.offset(), e.length(), e.text()));
            }
            c.setEdit(root);
            all.add(c);
        }
        return all;
    }
}
