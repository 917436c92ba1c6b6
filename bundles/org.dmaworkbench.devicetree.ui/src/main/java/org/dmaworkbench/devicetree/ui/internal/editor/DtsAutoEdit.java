package org.dmaworkbench.devicetree.ui.internal.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentCommand;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.TextUtilities;

/**
 * Auto-indent per the kernel's DTS style: a new line keeps the indentation, one tab more after an opening '{'; a
 * line continuing a value (the one above ends in ',') is aligned with the value's first item; typing '}' at the start
 * of a line takes one tab off.
 */
final class DtsAutoEdit implements IAutoEditStrategy {

    @Override
    public void customizeDocumentCommand(IDocument d, DocumentCommand c) {
        try {
            if (c.length == 0 && c.text != null && TextUtilities.endsWith(d.getLegalLineDelimiters(), c.text) != -1) {
                newline(d, c);
            } else if ("}".equals(c.text)) {
                closeBrace(d, c);
            }
        } catch (BadLocationException e) {
            // leave the command as it is
        }
    }

    private static void newline(IDocument d, DocumentCommand c) throws BadLocationException {
        IRegion line = d.getLineInformationOfOffset(c.offset);
        String before = d.get(line.getOffset(), c.offset - line.getOffset());
        String indent = leading(before);
        String trimmed = before.strip();
        if (trimmed.endsWith("{")) {
            indent += "\t";
        } else if (trimmed.endsWith(",") && trimmed.contains("=")) {
            // align with the first value after '=' (dts-coding-style.rst "Indentation" 3)
            int eq = before.indexOf('=');
            int v = eq + 1;
            while (v < before.length() && (before.charAt(v) == ' ' || before.charAt(v) == '\t')) {
                v++;
            }
            indent = columns(width(before.substring(0, v)));
        }
        c.text = c.text + indent;
    }

    private static void closeBrace(IDocument d, DocumentCommand c) throws BadLocationException {
        IRegion line = d.getLineInformationOfOffset(c.offset);
        String before = d.get(line.getOffset(), c.offset - line.getOffset());
        if (!before.isBlank() || before.isEmpty()) {
            return;
        }
        String less = before.endsWith("\t") ? before.substring(0, before.length() - 1) : before;
        c.offset = line.getOffset();
        c.length = before.length();
        c.text = less + "}";
    }

    private static String leading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(0, i);
    }

    private static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w = s.charAt(i) == '\t' ? (w / 8 + 1) * 8 : w + 1;
        }
        return w;
    }

    private static String columns(int col) {
        return "\t".repeat(col / 8) + " ".repeat(col % 8);
    }
}
