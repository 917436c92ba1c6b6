package org.dmaworkbench.ui.views.dmaapi;

import org.dmaworkbench.launch.ui.LiveSource;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Opens a scenario or a capture at a line: the workspace file when the path is inside the workspace, else the file
 * of the file system; captures in the plain text editor (they are not scenarios), scenarios in their editor.
 */
public final class Opener {
    /** The platform's text editor. */
    static final String TEXT_EDITOR = "org.eclipse.ui.DefaultTextEditor";

    private Opener() {
    }

    /** Opens {@code where} and selects its line; returns the editor, or null when it cannot open. */
    public static ITextEditor open(IWorkbenchPage page, LiveSource.Location where, boolean capture) {
        try {
            IEditorPart part;
            IFile f = ResourcesPlugin.getWorkspace().getRoot()
                    .getFileForLocation(IPath.fromOSString(where.file().toAbsolutePath().toString()));
            if (f != null && f.exists()) {
                part = capture ? IDE.openEditor(page, f, TEXT_EDITOR) : IDE.openEditor(page, f);
            } else {
                var store = EFS.getLocalFileSystem().getStore(where.file().toUri());
                part = capture ? IDE.openEditor(page, new org.eclipse.ui.ide.FileStoreEditorInput(store), TEXT_EDITOR)
                        : IDE.openEditorOnFileStore(page, store);
            }
            ITextEditor editor = part == null ? null : part.getAdapter(ITextEditor.class);
            if (editor != null && where.line() > 0) {
                IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
                IRegion line = doc.getLineInformation(where.line() - 1);
                editor.selectAndReveal(line.getOffset(), line.getLength());
            }
            return editor;
        } catch (PartInitException | BadLocationException e) {
            return null;
        }
    }
}
