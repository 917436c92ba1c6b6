package org.dmaworkbench.ui.views.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.filesystem.IFileStore;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Opens the device-tree source at a {@link SourcePosition}: a workspace file in its editor, a file outside the
 * workspace through the file system, a built-in board's source (named {@code builtin:koelsch.dts}) from a copy in the
 * plug-in's state location; then selects the position's line (from its column to the line's end) without taking
 * the focus from the view.
 */
final class SourceOpener {
    private SourceOpener() {
    }

    /** @return the editor, or null when the file cannot be found */
    static IEditorPart open(IWorkbenchPage page, SourcePosition pos) throws CoreException {
        if (pos == null || pos.file() == null) {
            return null;
        }
        IEditorPart editor;
        String file = pos.file();
        if (file.startsWith(BuiltinBoards.FILE_PREFIX)) {
            Path copy = builtinCopy(file.substring(BuiltinBoards.FILE_PREFIX.length()));
            if (copy == null) {
                return null;
            }
            editor = IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(copy.toUri()));
        } else {
            Path p = Path.of(file).toAbsolutePath();
            IFile[] inWorkspace = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(p.toUri());
            if (inWorkspace.length > 0 && inWorkspace[0].exists()) {
                editor = IDE.openEditor(page, inWorkspace[0], false);
            } else if (Files.isRegularFile(p)) {
                IFileStore store = EFS.getLocalFileSystem().getStore(p.toUri());
                editor = IDE.openEditorOnFileStore(page, store);
            } else {
                return null;
            }
        }
        reveal(editor, pos);
        return editor;
    }

    private static Path builtinCopy(String name) {
        return BuiltinBoards.resource(name).map(src -> {
            try {
                Path dir = Path.of(Platform.getStateLocation(Platform.getBundle("org.dmaworkbench.ui")).toOSString(),
                        "builtin-boards");
                Files.createDirectories(dir);
                Path f = dir.resolve(name);
                if (!Files.exists(f) || !Files.readString(f, StandardCharsets.ISO_8859_1).equals(src.text())) {
                    Files.writeString(f, src.text(), StandardCharsets.ISO_8859_1);
                }
                f.toFile().setReadOnly();
                return f;
            } catch (IOException e) {
                return null;
            }
        }).orElse(null);
    }

    private static void reveal(IEditorPart editor, SourcePosition pos) {
        ITextEditor text = editor == null ? null : editor.getAdapter(ITextEditor.class);
        if (text == null || pos.line() <= 0) {
            return;
        }
        IDocument doc = text.getDocumentProvider().getDocument(text.getEditorInput());
        if (doc == null) {
            return;
        }
        try {
            int line = Math.min(pos.line() - 1, doc.getNumberOfLines() - 1);
            int start = doc.getLineOffset(line);
            int len = doc.getLineLength(line);
            String delim = doc.getLineDelimiter(line);
            len -= delim == null ? 0 : delim.length();
            // from the first non-blank character: compilers count a tab as several columns
            String content = doc.get(start, len);
            int col = 0;
            while (col < content.length() && Character.isWhitespace(content.charAt(col))) {
                col++;
            }
            text.selectAndReveal(start + col, len - col);
        } catch (BadLocationException e) {
            // the file changed since it was compiled: leave the editor where it opened
        }
    }
}
