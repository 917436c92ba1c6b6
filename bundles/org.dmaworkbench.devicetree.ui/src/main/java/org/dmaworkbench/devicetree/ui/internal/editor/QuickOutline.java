package org.dmaworkbench.devicetree.ui.internal.editor;

import java.util.Locale;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.eclipse.jface.dialogs.PopupDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** Ctrl+O: the merged tree in a popup, narrowed to the nodes whose label, name or path contain what is typed. */
public final class QuickOutline extends PopupDialog {
    private final DtsSourceEditor editor;
    private Text filter;
    private TreeViewer viewer;
    private String pattern = "";

    public QuickOutline(Shell parent, DtsSourceEditor editor) {
        // a title text (empty) gives the title area, where the filter goes
        super(parent, SWT.RESIZE, true, true, false, false, false, "", Messages.QuickOutline_info);
        this.editor = editor;
    }

    @Override
    protected Control createTitleControl(Composite parent) {
        filter = new Text(parent, SWT.NONE);
        filter.setMessage(Messages.QuickOutline_filter);
        GridData gd = new GridData(GridData.FILL_HORIZONTAL);
        filter.setLayoutData(gd);
        filter.addModifyListener(e -> {
            pattern = filter.getText().toLowerCase(Locale.ROOT);
            viewer.getControl().setRedraw(false);
            viewer.refresh();
            viewer.expandAll();
            viewer.getControl().setRedraw(true);
            selectFirst();
        });
        filter.addListener(SWT.DefaultSelection, e -> go());
        filter.addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.ARROW_DOWN) {
                viewer.getTree().setFocus();
            }
        });
        return filter;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        viewer = new TreeViewer(parent, SWT.SINGLE | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.getControl().setLayoutData(new GridData(GridData.FILL_BOTH));
        viewer.setContentProvider(new TreeContent.Provider());
        viewer.setLabelProvider(new TreeContent.Labels());
        viewer.setComparer(TreeContent.BY_PATH);
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parent, Object element) {
                return pattern.isEmpty() || matches((DtNode) element);
            }
        });
        TreeContent.Holder h = new TreeContent.Holder();
        h.tree = editor.analysis().tree().orElse(null);
        viewer.setInput(h);
        viewer.expandToLevel(3);
        viewer.addOpenListener(e -> go());
        viewer.getTree().addListener(SWT.DefaultSelection, e -> go());
        return viewer.getControl();
    }

    /** A node matches when it or a descendant has the text in a label, its name or its path. */
    private boolean matches(DtNode n) {
        if (String.join(" ", n.labels()).toLowerCase(Locale.ROOT).contains(pattern)
                || n.name().toLowerCase(Locale.ROOT).contains(pattern)) {
            return true;
        }
        for (DtNode c : n.children()) {
            if (matches(c)) {
                return true;
            }
        }
        return false;
    }

    private void selectFirst() {
        Object first = findFirst(viewer.getTree().getItems());
        if (first != null) {
            viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(first), true);
        }
    }

    private Object findFirst(org.eclipse.swt.widgets.TreeItem[] items) {
        for (org.eclipse.swt.widgets.TreeItem i : items) {
            if (i.getData() instanceof DtNode n && (String.join(" ", n.labels()).toLowerCase(Locale.ROOT)
                    .contains(pattern) || n.name().toLowerCase(Locale.ROOT).contains(pattern))) {
                return n;
            }
            Object c = findFirst(i.getItems());
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private void go() {
        if (((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof DtNode n) {
            Analysis a = editor.analysis().current();
            close();
            if (a != null) {
                TreeContent.where(a, n).ifPresent(Navigation::open);
            }
        }
    }

    @Override
    protected Control getFocusControl() {
        return filter;
    }

    @Override
    protected Point getDefaultSize() {
        return new Point(560, 460);
    }

    /** For tests: the filter and the tree. */
    public Text filter() {
        return filter;
    }

    public TreeViewer viewer() {
        return viewer;
    }
}
