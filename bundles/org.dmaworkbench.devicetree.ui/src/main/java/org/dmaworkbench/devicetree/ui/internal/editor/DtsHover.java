package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.Optional;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.HoverInfo;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextHoverExtension2;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;

/**
 * Hovers from {@link HoverInfo}, as simple HTML for the default information control. Computed on the hover
 * manager's thread with the analysis of the text as it is now.
 */
public final class DtsHover implements ITextHover, ITextHoverExtension, ITextHoverExtension2 {
    private final DtsSourceEditor editor;

    public DtsHover(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    @Override
    public Object getHoverInfo2(ITextViewer viewer, IRegion region) {
        return html(editor.analysis().forCurrentText(), region.getOffset()).orElse(null);
    }

    @Override
    @Deprecated
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        return (String) getHoverInfo2(viewer, region);
    }

    @Override
    public IInformationControlCreator getHoverControlCreator() {
        return parent -> new DefaultInformationControl(parent, (String) null);
    }

    /** The hover at {@code offset} as the HTML the default information control presents. */
    public static Optional<String> html(Analysis a, int offset) {
        return HoverInfo.at(a, offset).map(DtsHover::html);
    }

    static String html(HoverInfo.Hover h) {
        StringBuilder sb = new StringBuilder("<b>").append(esc(h.title())).append("</b><br>");
        for (HoverInfo.Line l : h.lines()) {
            switch (l.kind()) {
                case CODE -> sb.append(esc(l.text()));
                case NOTE -> sb.append("&nbsp;&nbsp;&nbsp;&nbsp;\u2192 ").append(esc(l.text()));
                default -> sb.append("<i>").append(esc(l.text())).append("</i>");
            }
            if (l.origin() != null) {
                sb.append("&nbsp;&nbsp;<i>").append(esc(l.origin())).append("</i>");
            }
            sb.append("<br>");
        }
        return sb.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
