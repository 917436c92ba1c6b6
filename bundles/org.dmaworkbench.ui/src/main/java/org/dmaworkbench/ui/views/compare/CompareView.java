package org.dmaworkbench.ui.views.compare;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.compare.LiveComparison;
import org.dmaworkbench.emulation.live.CallSites;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.ui.views.dmaapi.Formats;
import org.dmaworkbench.ui.views.dmaapi.Messages;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * Compares two sources of the {@link EmulationContext} (two launches, a launch and a capture, two captures): the
 * verdict per device, then the mappings changed, only in A, only in B, and the findings only in one
 * ({@link LiveComparison}, computed in a Job).
 */
public class CompareView extends ViewPart {
    /** The view's id. */
    public static final String ID = "org.dmaworkbench.ui.views.dmaCompare";
    /** Rows listed at most per group (the counts say how many there are). */
    static final int MAX_LISTED = 2000;

    /** One row of the result tree. */
    public record Node(String what, String detail, List<Node> children) {
        Node(String what, String detail) {
            this(what, detail, List.of());
        }
    }

    private Combo a;
    private Combo b;
    private Button compare;
    private Label summary;
    private TreeViewer tree;
    private List<LiveSource> sources = List.of();
    private LiveComparison.Result result;
    private List<Node> nodes = List.of();
    private final EmulationContext.Listener listener = c -> refreshSources();

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(6, false));
        new Label(root, SWT.NONE).setText(Messages.Compare_a);
        a = new Combo(root, SWT.READ_ONLY);
        a.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(root, SWT.NONE).setText(Messages.Compare_b);
        b = new Combo(root, SWT.READ_ONLY);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        compare = new Button(root, SWT.PUSH);
        compare.setText(Messages.Compare_run);
        compare.addListener(SWT.Selection, e -> run());
        Button swap = new Button(root, SWT.PUSH);
        swap.setText(Messages.Compare_swap);
        swap.addListener(SWT.Selection, e -> {
            int x = a.getSelectionIndex();
            a.select(b.getSelectionIndex());
            b.select(x);
        });
        summary = new Label(root, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 6, 1));
        summary.setText(Messages.Compare_pick);
        tree = new TreeViewer(root, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        tree.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        tree.getTree().setHeaderVisible(true);
        tree.getTree().setLinesVisible(true);
        TreeViewerColumn c1 = new TreeViewerColumn(tree, SWT.LEFT);
        c1.getColumn().setText(Messages.Compare_colWhat);
        c1.getColumn().setWidth(420);
        c1.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object o) {
                return ((Node) o).what();
            }
        });
        TreeViewerColumn c2 = new TreeViewerColumn(tree, SWT.LEFT);
        c2.getColumn().setText(Messages.Compare_colDetail);
        c2.getColumn().setWidth(640);
        c2.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object o) {
                return ((Node) o).detail();
            }
        });
        tree.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object p) {
                return ((Node) p).children().toArray();
            }

            @Override
            public Object getParent(Object e) {
                return null;
            }

            @Override
            public boolean hasChildren(Object e) {
                return !((Node) e).children().isEmpty();
            }
        });
        tree.setInput(List.of());
        EmulationContext.getDefault().addListener(listener);
        refreshSources();
    }

    @Override
    public void dispose() {
        EmulationContext.getDefault().removeListener(listener);
        super.dispose();
    }

    private void refreshSources() {
        if (a == null || a.isDisposed()) {
            return;
        }
        List<LiveSource> now = EmulationContext.getDefault().sources();
        if (now.equals(sources)) {
            return;
        }
        LiveSource sa = selected(a);
        LiveSource sb = selected(b);
        sources = now;
        String[] names = now.stream().map(s -> s.name() + (s.capture() != null ? " " + Messages.Compare_captureTag
                : "")).toArray(String[]::new);
        a.setItems(names);
        b.setItems(names);
        a.select(sa != null && now.contains(sa) ? now.indexOf(sa) : Math.max(0, now.size() - 2));
        b.select(sb != null && now.contains(sb) ? now.indexOf(sb) : now.size() - 1);
        compare.setEnabled(now.size() >= 1);
    }

    private LiveSource selected(Combo c) {
        int i = c.getSelectionIndex();
        return i >= 0 && i < sources.size() ? sources.get(i) : null;
    }

    /** Picks the two sources (tests, and the DMA-API view's Compare action). */
    public void setSources(LiveSource first, LiveSource second) {
        refreshSources();
        if (first != null && sources.contains(first)) {
            a.select(sources.indexOf(first));
        }
        if (second != null && sources.contains(second)) {
            b.select(sources.indexOf(second));
        }
    }

    /** Compares the two sources picked, in a Job. */
    public Job run() {
        LiveSource sa = selected(a);
        LiveSource sb = selected(b);
        if (sa == null || sb == null || sa.model() == null || sb.model() == null) {
            summary.setText(Messages.Compare_pick);
            return null;
        }
        String na = sa.name();
        String nb = sb.name().equals(na) ? sb.name() + " (B)" : sb.name();
        LiveStateModel ma = sa.model();
        LiveStateModel mb = sb.model();
        summary.setText(NLS.bind(Messages.Compare_running, na, nb));
        compare.setEnabled(false);
        Job job = Job.create(NLS.bind(Messages.Compare_job, na, nb), monitor -> {
            LiveComparison.Result r = LiveComparison.compare(na, ma.snapshot(), nb, mb.snapshot());
            List<Node> n = nodes(r);
            if (!summary.isDisposed()) {
                summary.getDisplay().asyncExec(() -> show(r, n));
            }
            return Status.OK_STATUS;
        });
        job.setUser(false);
        job.schedule();
        return job;
    }

    private void show(LiveComparison.Result r, List<Node> n) {
        if (summary.isDisposed()) {
            return;
        }
        result = r;
        nodes = n;
        compare.setEnabled(true);
        summary.setText(NLS.bind(Messages.Compare_summary, new Object[] { r.a(), r.b(), r.matched(),
                r.changed().size(), r.onlyInA().size(), r.onlyInB().size(),
                r.findingsOnlyInA().size() + r.findingsOnlyInB().size(),
                r.byCallSite() ? Messages.Compare_byCallSite : Messages.Compare_byOrder }));
        summary.getParent().layout();
        tree.setInput(n);
        tree.expandToLevel(2);
    }

    static List<Node> nodes(LiveComparison.Result r) {
        List<Node> out = new ArrayList<>();
        List<Node> devices = new ArrayList<>();
        for (LiveComparison.DeviceVerdict d : r.devices()) {
            devices.add(new Node(d.device(), d.verdict()));
        }
        out.add(new Node(Messages.Compare_devices, r.same() ? Messages.Compare_same
                : java.text.MessageFormat.format(Messages.Compare_devicesDiffer, r.devices().stream().filter(d -> !d.same()).count()), devices));
        List<Node> changed = new ArrayList<>();
        for (LiveComparison.Change c : r.changed()) {
            if (changed.size() == MAX_LISTED) {
                break;
            }
            List<String> f = new ArrayList<>();
            for (LiveComparison.Field x : c.fields()) {
                f.add(LiveComparison.name(x) + " " + value(x, c.a()) + " \u2192 " + value(x, c.b()));
            }
            changed.add(new Node(describe(c.a()), String.join(", ", f)));
        }
        out.add(new Node(NLS.bind(Messages.Compare_changed, r.changed().size()), "", changed));
        out.add(list(NLS.bind(Messages.Compare_onlyIn, r.a(), r.onlyInA().size()), r.onlyInA()));
        out.add(list(NLS.bind(Messages.Compare_onlyIn, r.b(), r.onlyInB().size()), r.onlyInB()));
        out.add(findings(NLS.bind(Messages.Compare_findingsOnlyIn, r.a(), r.findingsOnlyInA().size()),
                r.findingsOnlyInA()));
        out.add(findings(NLS.bind(Messages.Compare_findingsOnlyIn, r.b(), r.findingsOnlyInB().size()),
                r.findingsOnlyInB()));
        for (String note : r.notes()) {
            out.add(new Node(Messages.Compare_note, note));
        }
        return out;
    }

    private static String describe(Mapping m) {
        String site = CallSites.of(m.stack());
        return m.device() + " " + m.typeName() + (site.isEmpty() ? "" : " at " + site);
    }

    private static String value(LiveComparison.Field f, Mapping m) {
        return switch (f) {
        case SIZE -> Long.toString(m.size());
        case DIRECTION -> m.directionName();
        case ATTRS -> "0x" + Long.toHexString(m.attrs());
        case DMA_ADDRESS -> Formats.hex(m.dmaAddr());
        };
    }

    private static Node list(String title, List<Mapping> ms) {
        List<Node> n = new ArrayList<>();
        for (Mapping m : ms) {
            if (n.size() == MAX_LISTED) {
                break;
            }
            n.add(new Node(describe(m), "D=" + Formats.hex(m.dmaAddr()) + " L=" + m.size() + " " + m.directionName()));
        }
        return new Node(title, "", n);
    }

    private static Node findings(String title, List<DmaErrorRecord> fs) {
        List<Node> n = new ArrayList<>();
        for (DmaErrorRecord e : fs) {
            n.add(new Node(e.checkId() + " " + e.device(), e.summary()));
        }
        return new Node(title, "", n);
    }

    /** The last result (tests). */
    public LiveComparison.Result result() {
        return result;
    }

    /** The summary line (tests). */
    public String summaryText() {
        return summary.getText();
    }

    @Override
    public void setFocus() {
        compare.setFocus();
    }
}
