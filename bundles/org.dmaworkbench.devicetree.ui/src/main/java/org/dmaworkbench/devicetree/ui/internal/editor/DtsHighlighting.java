package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.EnumMap;
import java.util.Map;

import org.dmaworkbench.devicetree.lang.syntax.DtsScanner;
import org.dmaworkbench.devicetree.lang.syntax.TokenKind;
import org.dmaworkbench.devicetree.lang.syntax.Tokens;
import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.RGB;

/**
 * Semantic colouring from {@link DtsScanner}'s tokens of the whole text: a name is coloured as a node, property or
 * label by what follows it, an identifier in a value as a macro. Each change rescans the text (about a millisecond
 * for a 3,000-line .dtsi) and damages only the span where the tokens differ from before, so typing repaints a line,
 * and opening a comment repaints what it now covers.
 */
final class DtsHighlighting implements IPresentationDamager, IPresentationRepairer {
    private static final Map<TokenKind, TextAttribute> STYLES = new EnumMap<>(TokenKind.class);

    static {
        ColorRegistry c = JFaceResources.getColorRegistry();
        style(c, TokenKind.COMMENT, new RGB(63, 127, 95), SWT.NORMAL);
        style(c, TokenKind.PREPROCESSOR, new RGB(127, 0, 85), SWT.NORMAL);
        style(c, TokenKind.INCLUDE_PATH, new RGB(42, 0, 255), SWT.NORMAL);
        style(c, TokenKind.MACRO_DEFINITION, new RGB(100, 70, 0), SWT.BOLD);
        style(c, TokenKind.MACRO, new RGB(100, 70, 0), SWT.ITALIC);
        style(c, TokenKind.DIRECTIVE, new RGB(127, 0, 85), SWT.BOLD);
        style(c, TokenKind.LABEL, new RGB(0, 110, 140), SWT.BOLD);
        style(c, TokenKind.REFERENCE, new RGB(0, 110, 140), SWT.NORMAL);
        style(c, TokenKind.NODE_NAME, new RGB(20, 20, 160), SWT.BOLD);
        style(c, TokenKind.UNIT_ADDRESS, new RGB(120, 80, 160), SWT.NORMAL);
        style(c, TokenKind.PROPERTY_NAME, new RGB(160, 50, 30), SWT.NORMAL);
        style(c, TokenKind.STRING, new RGB(42, 0, 255), SWT.NORMAL);
        style(c, TokenKind.CHAR, new RGB(42, 0, 255), SWT.NORMAL);
        style(c, TokenKind.NUMBER, new RGB(0, 110, 40), SWT.NORMAL);
        style(c, TokenKind.PUNCTUATION, null, SWT.NORMAL);
        style(c, TokenKind.OPERATOR, null, SWT.NORMAL);
        style(c, TokenKind.NAME, null, SWT.NORMAL);
    }

    private static void style(ColorRegistry c, TokenKind k, RGB rgb, int style) {
        String key = "org.dmaworkbench.devicetree.ui.color." + k.name();
        if (rgb != null && !c.hasValueFor(key)) {
            c.put(key, rgb);
        }
        STYLES.put(k, new TextAttribute(rgb == null ? null : c.get(key), null, style));
    }

    /** The attribute a token kind is drawn with (for the Compiled page too). */
    static TextAttribute attribute(TokenKind k) {
        return STYLES.get(k);
    }

    private IDocument document;
    private String text = "";
    private Tokens tokens = DtsScanner.scan("");

    @Override
    public void setDocument(IDocument d) {
        document = d;
        text = d == null ? "" : d.get();
        tokens = DtsScanner.scan(text);
    }

    @Override
    public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent e, boolean documentPartitioningChanged) {
        Tokens old = tokens;
        String now = document.get();
        Tokens nu = DtsScanner.scan(now);
        text = now;
        tokens = nu;
        int delta = (e.getText() == null ? 0 : e.getText().length()) - e.getLength();
        // first token that differs (same start, length and kind before the change)
        int i = 0;
        int n = Math.min(old.size(), nu.size());
        while (i < n && old.start(i) == nu.start(i) && old.sameShape(i, nu, i) && nu.end(i) < e.getOffset()) {
            i++;
        }
        int from = Math.min(e.getOffset(), i < nu.size() ? nu.start(i) : now.length());
        // last token that differs, comparing from the end with the old offsets moved by the change
        int j = old.size() - 1;
        int k = nu.size() - 1;
        int changeEnd = e.getOffset() + (e.getText() == null ? 0 : e.getText().length());
        while (j >= 0 && k >= 0 && old.start(j) + delta == nu.start(k) && old.sameShape(j, nu, k)
                && nu.start(k) > changeEnd) {
            j--;
            k--;
        }
        int to = Math.max(changeEnd, k >= 0 && k < nu.size() ? nu.end(k) : changeEnd);
        to = Math.min(Math.max(to, from), now.length());
        try {
            int l1 = document.getLineOfOffset(from);
            int l2 = document.getLineOfOffset(to);
            int start = document.getLineOffset(l1);
            IRegion last = document.getLineInformation(l2);
            return new Region(start, last.getOffset() + last.getLength() - start);
        } catch (BadLocationException x) {
            return new Region(0, now.length());
        }
    }

    @Override
    public void createPresentation(TextPresentation p, ITypedRegion damage) {
        Tokens t = tokens;
        int from = damage.getOffset();
        int to = from + damage.getLength();
        int pos = from;
        for (int i = Math.max(0, t.firstAtOrAfter(from) - 1); i < t.size(); i++) {
            int s = Math.max(t.start(i), from);
            int e = Math.min(t.end(i), to);
            if (t.start(i) >= to) {
                break;
            }
            if (e <= s) {
                continue;
            }
            if (s > pos) {
                p.addStyleRange(new StyleRange(pos, s - pos, null, null));
            }
            TextAttribute a = STYLES.get(t.kind(i));
            StyleRange r = new StyleRange(s, e - s, a.getForeground(), null, a.getStyle());
            p.addStyleRange(r);
            pos = e;
        }
        if (pos < to) {
            p.addStyleRange(new StyleRange(pos, to - pos, null, null));
        }
    }

    /** The tokens of the text now (for the hover and hyperlink code on the UI thread). */
    Tokens tokens() {
        return tokens;
    }
}
