package org.dmaworkbench.ui.views.hardware;

import java.util.List;

import org.dmaworkbench.emulation.inspect.BoardTopology;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.ui.views.source.ViewSource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The hardware view of the running board: memory ranges and buses; each IOMMU with its masters (attached by the
 * kernel's rule, opted in, or left out and why); each DMA controller with its channels, which client holds which
 * channel and every {@code dmas}/{@code dma-names} entry naming it with its MID/RID; the peripherals with DMA and
 * their FIFO addresses. Selecting a node opens the device-tree source at it. Follows the emulation context; the
 * topology ({@link BoardTopology}) is read in a job.
 */
public class HardwareView extends ViewPart {
    public static final String ID = "org.dmaworkbench.ui.views.hardware";
    public static final String HELP_CONTEXT = "org.dmaworkbench.ui.hardware_view";

    private ViewSource source;
    private Label status;
    private Tree tree;
    private BoardTopology topology;
    private LiveStateModel model;
    private long shownVersion = -1;
    private boolean refreshing;
    private boolean refreshAgain;
    private IEditorPart lastOpened;
    private boolean userSelecting;

    @Override
    public void createPartControl(Composite parent) {
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HELP_CONTEXT);
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        status = new Label(root, SWT.WRAP);
        status.setText(Messages.HardwareView_noSession);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        tree = new Tree(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        tree.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        TreeColumn c0 = new TreeColumn(tree, SWT.LEFT);
        c0.setText(Messages.HardwareView_colNode);
        c0.setWidth(300);
        TreeColumn c1 = new TreeColumn(tree, SWT.LEFT);
        c1.setText(Messages.HardwareView_colDetail);
        c1.setWidth(700);
        TreeColumn c2 = new TreeColumn(tree, SWT.LEFT);
        c2.setText(Messages.HardwareView_colSource);
        c2.setWidth(200);
        // open the source when the user selects a node (GTK also selects the first item when the tree gets the
        // focus: that must not open an editor)
        tree.addListener(SWT.MouseDown, e -> userSelecting = true);
        tree.addListener(SWT.KeyDown, e -> userSelecting = true);
        tree.addListener(SWT.Selection, e -> {
            if (userSelecting && e.item != null && e.item.getData() instanceof BoardTopology.Node n) {
                openSource(n);
            }
            userSelecting = false;
        });
        tree.addListener(SWT.DefaultSelection, e -> {
            if (e.item != null && e.item.getData() instanceof BoardTopology.Node n) {
                openSource(n);
            }
        });
        source = new ViewSource();
        source.addListener(this::scheduleRefresh);
        scheduleRefresh();
    }

    private void scheduleRefresh() {
        if (tree == null || tree.isDisposed()) {
            return;
        }
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        ViewSource.Current cur = source.current();
        if (cur == null) {
            model = null;
            topology = null;
            tree.removeAll();
            status.setText(Messages.HardwareView_noSession);
            return;
        }
        if (cur.session() == null) {
            model = cur.model();
            topology = null;
            tree.removeAll();
            status.setText((cur.label() == null ? "" : cur.label() + "\n") + Messages.HardwareView_noBoard);
            status.getParent().layout();
            return;
        }
        refreshing = true;
        EmulationSession session = cur.session();
        LiveStateModel m = cur.model();
        long last = m == model ? shownVersion : -1;
        Display display = tree.getDisplay();
        Job job = Job.create(Messages.HardwareView_job, (IProgressMonitor monitor) -> {
            LiveStateSnapshot s = m.snapshot();
            // the channels' holders change only with the live state's version
            BoardTopology t = s.version() == last ? null : BoardTopology.of(session, s.channels()).orElse(null);
            display.asyncExec(() -> {
                refreshing = false;
                if (tree.isDisposed()) {
                    return;
                }
                org.dmaworkbench.ui.internal.Labels.setText(status, cur.label());
                if (s.version() != last) {
                    model = m;
                    shownVersion = s.version();
                    show(t);
                }
                if (refreshAgain) {
                    refreshAgain = false;
                    scheduleRefresh();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void show(BoardTopology t) {
        topology = t;
        List<String> expanded = new java.util.ArrayList<>();
        for (TreeItem i : tree.getItems()) {
            collectExpanded(i, "", expanded);
        }
        boolean first = tree.getItemCount() == 0;
        tree.setRedraw(false);
        try {
            tree.removeAll();
            if (t == null) {
                status.setText(status.getText() + "\n" + Messages.HardwareView_noBoard);
                return;
            }
            TreeItem rootItem = add(null, t.root());
            if (first) {
                // at first: the sections and what is in them, one level down (IOMMUs, DMACs, peripherals)
                rootItem.setExpanded(true);
                for (TreeItem section : rootItem.getItems()) {
                    section.setExpanded(true);
                    for (TreeItem node : section.getItems()) {
                        node.setExpanded(node.getItemCount() > 0);
                    }
                }
            } else {
                // top-down: GTK expands no row under a collapsed one
                expand(new TreeItem[] { rootItem }, "", expanded);
            }
        } finally {
            tree.setRedraw(true);
        }
    }

    private void collectExpanded(TreeItem i, String prefix, List<String> out) {
        String p = prefix + "/" + i.getText(0);
        if (i.getExpanded()) {
            out.add(p);
        }
        for (TreeItem c : i.getItems()) {
            collectExpanded(c, p, out);
        }
    }

    private TreeItem add(TreeItem parent, BoardTopology.Node n) {
        TreeItem it = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
        it.setData(n);
        String src = n.source() == null ? "" : n.source().toString();
        it.setText(new String[] { n.label(), n.detail(), src });
        for (BoardTopology.Node c : n.children()) {
            add(it, c);
        }
        return it;
    }

    private void expand(TreeItem[] items, String prefix, List<String> expanded) {
        for (TreeItem it : items) {
            String path = prefix + "/" + it.getText(0);
            if (expanded.contains(path)) {
                it.setExpanded(true);
                expand(it.getItems(), path, expanded);
            }
        }
    }

    private void openSource(BoardTopology.Node n) {
        try {
            IEditorPart e = SourceOpener.open(getSite().getPage(), n.source());
            if (e != null) {
                lastOpened = e;
                // keep working in the view: the editor shows the node, the focus stays here
                getSite().getPage().activate(this);
            }
        } catch (CoreException ex) {
            status.setText(Messages.HardwareView_cannotOpen + " " + ex.getMessage());
        }
    }

    /** Shows {@code model} and {@code session} instead of the emulation context (null: follow it again). */
    public void show(LiveStateModel m, EmulationSession session, String label) {
        source.show(m, session, label);
    }

    public boolean isRefreshing() {
        return refreshing;
    }

    public Tree tree() {
        return tree;
    }

    public BoardTopology topology() {
        return topology;
    }

    public String statusText() {
        return status.getText();
    }

    /** The editor the last selection opened. */
    public IEditorPart lastOpenedEditor() {
        return lastOpened;
    }

    /** Selects the first node whose label starts with {@code label} (expanding to it) as a click would. */
    public boolean select(String label) {
        TreeItem it = find(tree.getItems(), label);
        if (it == null) {
            return false;
        }
        tree.setSelection(it);
        tree.showItem(it);
        openSource((BoardTopology.Node) it.getData());
        return true;
    }

    private static TreeItem find(TreeItem[] items, String label) {
        for (TreeItem i : items) {
            if (i.getText(0).startsWith(label)) {
                return i;
            }
            TreeItem f = find(i.getItems(), label);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    @Override
    public void setFocus() {
        tree.setFocus();
    }

    @Override
    public void dispose() {
        if (source != null) {
            source.dispose();
        }
        super.dispose();
    }
}
