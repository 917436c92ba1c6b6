package org.dmaworkbench.devicetree.ui.internal.search;

import java.util.Arrays;
import java.util.Comparator;

import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.Navigation;
import org.eclipse.jface.viewers.IStructuredContentProvider;
import org.eclipse.jface.viewers.StyledCellLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.eclipse.search.ui.text.AbstractTextSearchViewPage;
import org.eclipse.search.ui.text.Match;

/** The Search view's page for references: one row per place, "file:line  text", the definition marked. */
public final class ReferencesPage extends AbstractTextSearchViewPage {

    public ReferencesPage() {
        super(FLAG_LAYOUT_FLAT);
    }

    @Override
    protected void elementsChanged(Object[] objects) {
        if (getViewer() != null) {
            getViewer().refresh();
        }
    }

    @Override
    protected void clear() {
        if (getViewer() != null) {
            getViewer().refresh();
        }
    }

    @Override
    protected void configureTreeViewer(TreeViewer viewer) {
        throw new IllegalStateException("the references page has no tree layout");
    }

    @Override
    protected void configureTableViewer(TableViewer viewer) {
        viewer.setContentProvider(new IStructuredContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                if (!(input instanceof AbstractTextSearchResult r)) {
                    return new Object[0];
                }
                Object[] e = r.getElements();
                Arrays.sort(e, Comparator.comparing((Object o) -> ((Reference) o).location().file().toString())
                        .thenComparingInt(o -> ((Reference) o).location().offset()));
                return e;
            }
        });
        viewer.setLabelProvider(new StyledCellLabelProvider() {
            @Override
            public void update(ViewerCell cell) {
                Reference r = (Reference) cell.getElement();
                StyledString s = new StyledString(r.where(), StyledString.QUALIFIER_STYLER);
                s.append("  ").append(r.lineText());
                if (r.definition()) {
                    s.append("  " + Messages.References_definition, StyledString.DECORATIONS_STYLER);
                }
                cell.setText(s.getString());
                cell.setStyleRanges(s.getStyleRanges());
                cell.setImage(DtsUiPlugin.image(r.definition() ? DtsUiPlugin.IMG_NODE : DtsUiPlugin.IMG_PROPERTY));
                super.update(cell);
            }
        });
    }

    @Override
    protected void showMatch(Match match, int offset, int length, boolean activate) {
        Reference r = (Reference) match.getElement();
        Location l = r.location();
        Navigation.open(new Location(l.file(), offset, length, l.line()));
    }
}
