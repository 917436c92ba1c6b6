package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledCellLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.graphics.Image;

/** The merged tree in viewers (outline, quick outline): nodes by path, labels and unit addresses shown. */
final class TreeContent {
    private TreeContent() {
    }

    /** The viewer's input: a holder whose tree changes, so the viewer keeps its expansion across analyses. */
    static final class Holder {
        volatile DeviceTree tree;
    }

    static final class Provider implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            if (input instanceof Holder h && h.tree != null) {
                return new Object[] {h.tree.root()};
            }
            return new Object[0];
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof DtNode n ? n.children().toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof DtNode n ? n.parent().orElse(null) : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof DtNode n && !n.children().isEmpty();
        }
    }

    /** Nodes are the same across analyses when their paths are. */
    static final IElementComparer BY_PATH = new IElementComparer() {
        @Override
        public boolean equals(Object a, Object b) {
            if (a instanceof DtNode x && b instanceof DtNode y) {
                return x.path().equals(y.path());
            }
            return a == b;
        }

        @Override
        public int hashCode(Object e) {
            return e instanceof DtNode n ? n.path().hashCode() : System.identityHashCode(e);
        }
    };

    /** "dmac1: dma-controller@e7300000", disabled nodes in grey. */
    static final class Labels extends StyledCellLabelProvider {
        @Override
        public void update(ViewerCell cell) {
            if (!(cell.getElement() instanceof DtNode n)) {
                return;
            }
            StyledString s = new StyledString();
            if (!n.labels().isEmpty()) {
                s.append(String.join(": ", n.labels()) + ": ", StyledString.COUNTER_STYLER);
            }
            boolean enabled = n.isEnabled();
            String name = n.name().isEmpty() ? "/" : n.baseName();
            s.append(name, enabled ? null : StyledString.QUALIFIER_STYLER);
            if (!n.unitAddress().isEmpty()) {
                s.append("@" + n.unitAddress(), StyledString.DECORATIONS_STYLER);
            }
            if (!n.compatible().isEmpty()) {
                s.append("  " + n.compatible().get(0), StyledString.QUALIFIER_STYLER);
            }
            cell.setText(s.getString());
            cell.setStyleRanges(s.getStyleRanges());
            cell.setImage(image(n));
            super.update(cell);
        }
    }

    static Image image(DtNode n) {
        return DtsUiPlugin.image(n.isEnabled() ? DtsUiPlugin.IMG_NODE : DtsUiPlugin.IMG_NODE_DISABLED);
    }

    /** Plain text of a node for filtering. */
    static final class Text extends LabelProvider {
        @Override
        public String getText(Object e) {
            return e instanceof DtNode n ? String.join(" ", n.labels()) + " " + n.path() : "";
        }
    }

    /**
     * Where to show a node: its last definition in the edited file (what the user is writing), else its first one.
     */
    static Optional<Location> where(Analysis a, DtNode n) {
        Location mine = null;
        Location first = null;
        for (SourcePosition p : n.definitions()) {
            Location l = a.locate(p);
            if (l == null) {
                continue;
            }
            if (first == null) {
                first = l;
            }
            if (l.file().equals(a.context().file())) {
                mine = l;
            }
        }
        return Optional.ofNullable(mine != null ? mine : first);
    }
}
