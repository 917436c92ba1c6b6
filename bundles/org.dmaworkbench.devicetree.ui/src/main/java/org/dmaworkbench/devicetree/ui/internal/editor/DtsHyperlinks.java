package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.lang.Navigator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;

/** Ctrl+click: a link on each label reference, path, phandle, #include, macro and name that leads somewhere. */
final class DtsHyperlinks implements IHyperlinkDetector {
    private final DtsSourceEditor editor;

    DtsHyperlinks(DtsSourceEditor editor) {
        this.editor = editor;
    }

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultiple) {
        Analysis a = editor.analysis().forCurrentText();
        Optional<Navigator.Target> t = Navigator.targetAt(a, region.getOffset());
        if (t.isEmpty() || t.get().destinations().isEmpty()) {
            return null;
        }
        Navigator.Target target = t.get();
        List<Location> d = target.destinations();
        IHyperlink[] links = new IHyperlink[canShowMultiple ? d.size() : 1];
        for (int i = 0; i < links.length; i++) {
            Location l = d.get(i);
            links[i] = new IHyperlink() {
                @Override
                public IRegion getHyperlinkRegion() {
                    return new Region(target.offset(), target.length());
                }

                @Override
                public String getTypeLabel() {
                    return target.kind();
                }

                @Override
                public String getHyperlinkText() {
                    return l.file().getFileName() + ":" + l.line();
                }

                @Override
                public void open() {
                    Navigation.open(l);
                }
            };
        }
        return links;
    }
}
