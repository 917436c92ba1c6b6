package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.lang.TextEdit;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;

/**
 * Applies the core's {@link TextEdit}s: to the editor's document as one undoable change (one Undo restores the text
 * exactly), and to other files through their shared text buffers (an open editor shows the change unsaved; a file no
 * editor has open is saved).
 */
public final class Edits {
    private Edits() {
    }

    /** On the UI thread. */
    public static void apply(DtsEditor editor, List<TextEdit> edits) {
        Map<Path, List<TextEdit>> byFile = new LinkedHashMap<>();
        for (TextEdit e : edits) {
            byFile.computeIfAbsent(e.file(), k -> new java.util.ArrayList<>()).add(e);
        }
        for (Map.Entry<Path, List<TextEdit>> f : byFile.entrySet()) {
            if (editor != null && f.getKey().equals(editor.file())) {
                IRewriteTarget t = editor.sourceEditor().getAdapter(IRewriteTarget.class);
                IDocument d = editor.analysis().document();
                t.beginCompoundChange();
                try {
                    replace(d, f.getValue());
                } finally {
                    t.endCompoundChange();
                }
            } else {
                applyToFile(f.getKey(), f.getValue());
            }
        }
    }

    private static void replace(IDocument d, List<TextEdit> edits) {
        edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed()).forEach(e -> {
            try {
                d.replace(e.offset(), e.length(), e.text());
            } catch (BadLocationException x) {
                DtsUiPlugin.log("an edit does not fit the text any more", x);
            }
        });
    }

    private static void applyToFile(Path file, List<TextEdit> edits) {
        ITextFileBufferManager m = FileBuffers.getTextFileBufferManager();
        IPath p = IPath.fromPath(file);
        try {
            m.connect(p, LocationKind.LOCATION, null);
            try {
                ITextFileBuffer b = m.getTextFileBuffer(p, LocationKind.LOCATION);
                boolean wasDirty = b.isDirty();
                replace(b.getDocument(), edits);
                if (!wasDirty && !b.isShared()) {
                    b.commit(null, true);
                }
            } finally {
                m.disconnect(p, LocationKind.LOCATION, null);
            }
        } catch (CoreException e) {
            DtsUiPlugin.log("cannot edit " + file, e);
        }
    }
}
