package org.dmaworkbench.devicetree.ui.internal.handlers;

import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.jface.text.ITextSelection;

/** Ctrl+/: "//" at the start of each selected line, or off again when every line has it. */
public final class ToggleCommentHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        IDocument d = editor.analysis().document();
        try {
            int first = d.getLineOfOffset(s.getOffset());
            int last = d.getLineOfOffset(s.getOffset() + s.getLength());
            if (last > first && s.getLength() > 0 && d.getLineOffset(last) == s.getOffset() + s.getLength()) {
                last--; // a selection ending at a line start leaves that line out
            }
            boolean all = true;
            for (int l = first; l <= last; l++) {
                String t = d.get(d.getLineOffset(l), d.getLineLength(l)).stripLeading();
                all &= t.startsWith("//") || t.isEmpty();
            }
            IRewriteTarget r = editor.sourceEditor().getAdapter(IRewriteTarget.class);
            r.beginCompoundChange();
            try {
                for (int l = last; l >= first; l--) {
                    int off = d.getLineOffset(l);
                    String line = d.get(off, d.getLineLength(l));
                    if (all) {
                        int i = line.indexOf("//");
                        if (i >= 0) {
                            d.replace(off + i, 2, "");
                        }
                    } else {
                        d.replace(off, 0, "//");
                    }
                }
            } finally {
                r.endCompoundChange();
            }
        } catch (BadLocationException e) {
            // the selection no longer fits the text
        }
    }
}
