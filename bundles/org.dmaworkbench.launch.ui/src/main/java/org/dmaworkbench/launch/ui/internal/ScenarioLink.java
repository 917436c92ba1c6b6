package org.dmaworkbench.launch.ui.internal;

import java.nio.file.Path;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.ui.IEditorDescriptor;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.FileEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;

/** Opens a scenario file at LINE:COL (columns count a tab to the next multiple of 8, as the diagnostics do). */
public final class ScenarioLink implements IHyperlink {
    private final Path file;
    private final int line;
    private final int column;

    public ScenarioLink(Path file, int line, int column) {
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    @Override
    public void linkEntered() {
        // nothing to preview
    }

    @Override
    public void linkExited() {
        // nothing to preview
    }

    @Override
    public void linkActivated() {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (w == null || w.getActivePage() == null) {
            return;
        }
        try {
            IEditorPart editor = open(w.getActivePage());
            if (editor instanceof ITextEditor t) {
                reveal(t);
            } else if (editor != null && editor.getAdapter(ITextEditor.class) != null) {
                reveal(editor.getAdapter(ITextEditor.class));
            }
        } catch (PartInitException e) {
            LaunchUiPlugin.getDefault().getLog().error("cannot open " + file, e);
        }
    }

    /** The workspace file in its default editor (a text editor when it has none inside the IDE), else the file. */
    private IEditorPart open(IWorkbenchPage page) throws PartInitException {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toUri());
        if (files.length > 0) {
            IEditorDescriptor d = IDE.getDefaultEditor(files[0]);
            String id = d != null && d.isInternal() ? d.getId() : EditorsUI.DEFAULT_TEXT_EDITOR_ID;
            return IDE.openEditor(page, new FileEditorInput(files[0]), id, true);
        }
        return IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(file.toUri()));
    }

    private void reveal(ITextEditor editor) {
        IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        if (doc == null) {
            return;
        }
        try {
            IRegion r = doc.getLineInformation(Math.max(0, Math.min(doc.getNumberOfLines() - 1, line - 1)));
            String text = doc.get(r.getOffset(), r.getLength());
            int offset = offsetOfColumn(text, column);
            // select from the column to the end of its word: the client or bug name the note is about
            int end = offset;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ';') {
                end++;
            }
            editor.selectAndReveal(r.getOffset() + offset, end - offset);
        } catch (BadLocationException e) {
            editor.selectAndReveal(0, 0);
        }
    }

    /** The character index of 1-based {@code column} in {@code line}, a tab reaching the next multiple of 8. */
    static int offsetOfColumn(String line, int column) {
        int col = 1;
        for (int i = 0; i < line.length(); i++) {
            if (col >= column) {
                return i;
            }
            col = line.charAt(i) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
        }
        return line.length();
    }
}
