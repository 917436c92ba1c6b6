package org.dmaworkbench.ui.views.dmaapi;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingDetails;
import org.dmaworkbench.emulation.live.MmioTarget;
import org.dmaworkbench.emulation.live.PageTableEntry;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;
import org.dmaworkbench.ui.selection.MappingRef;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ISetSelectionTarget;
import org.eclipse.ui.part.Page;
import org.eclipse.ui.views.properties.IPropertySheetPage;

/**
 * What the Properties view shows for the mapping selected in the DMA-API view: every field, the whole "Mapped at"
 * stack, the device register a {@code resource} mapping targets, the IOMMU domain and the page-table walk of each
 * IOVA page the mapping covers (read from emulated memory by the core, {@link MappingDetails}, in a Job), the
 * errors about it, and a link to the IOMMU view with the mapping selected.
 */
public final class MappingPropertiesPage extends Page implements IPropertySheetPage {
    /** The IOMMU view's id (org.dmaworkbench.ui.views.iommu), opened by the link when it is installed. */
    public static final String IOMMU_VIEW_ID = "org.dmaworkbench.ui.views.iommu";
    /** IOVA pages walked at most per mapping. */
    static final int MAX_PAGES = 16;

    /** One row of the tree. */
    public record Node(String name, String value, List<Node> children) {
        Node(String name, String value) {
            this(name, value, List.of());
        }
    }

    private final org.eclipse.jface.viewers.ISelectionProvider source;
    private final org.eclipse.jface.viewers.ISelectionChangedListener sourceListener = e -> show(e.getSelection());
    private Composite root;
    private Label title;
    private Link iommuLink;
    private TreeViewer tree;
    private MappingRef shown;
    private List<Node> nodes = List.of();
    private long requests;

    /**
     * A page following {@code source}, the DMA-API view's selection: it shows what is selected there even when the
     * Properties view was hidden behind the DMA-API view while the selection changed (the Properties view passes
     * only what changes while it is visible).
     */
    public MappingPropertiesPage(org.eclipse.jface.viewers.ISelectionProvider source) {
        this.source = source;
    }

    @Override
    public void createControl(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 2;
        gl.marginHeight = 2;
        root.setLayout(gl);
        title = new Label(root, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        title.setText(Messages.Props_none);
        iommuLink = new Link(root, SWT.NONE);
        iommuLink.setText(Messages.Props_iommuLink);
        iommuLink.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        iommuLink.setEnabled(false);
        iommuLink.addListener(SWT.Selection, e -> openIommuView());
        tree = new TreeViewer(root, SWT.FULL_SELECTION | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        tree.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree.getTree().setHeaderVisible(true);
        tree.getTree().setLinesVisible(true);
        TreeViewerColumn name = new TreeViewerColumn(tree, SWT.LEFT);
        name.getColumn().setText(Messages.Props_property);
        name.getColumn().setWidth(165);
        name.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object o) {
                return ((Node) o).name();
            }
        });
        TreeViewerColumn value = new TreeViewerColumn(tree, SWT.LEFT);
        value.getColumn().setText(Messages.Props_value);
        value.getColumn().setWidth(620);
        value.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object o) {
                return ((Node) o).value();
            }
        });
        tree.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return ((Node) parent).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Node) element).children().isEmpty();
            }
        });
        tree.setInput(List.of());
        source.addSelectionChangedListener(sourceListener);
        show(source.getSelection());
    }

    @Override
    public void dispose() {
        source.removeSelectionChangedListener(sourceListener);
        super.dispose();
    }

    @Override
    public Control getControl() {
        return root;
    }

    @Override
    public void setFocus() {
        tree.getControl().setFocus();
    }

    @Override
    public void setActionBars(org.eclipse.ui.IActionBars actionBars) {
        // no actions of its own
    }

    @Override
    public void selectionChanged(IWorkbenchPart part, ISelection selection) {
        show(selection);
    }

    private void show(ISelection selection) {
        if (root == null || root.isDisposed()) {
            return;
        }
        if (selection == null || selection.isEmpty()) {
            // the view selects nothing (another source was picked, the rows were filtered away): no stale mapping
            if (shown != null) {
                shown = null;
                ++requests;
                title.setText(Messages.Props_none);
                iommuLink.setEnabled(false);
                nodes = List.of();
                tree.setInput(List.of());
            }
            return;
        }
        if (!(selection instanceof IStructuredSelection ss) || !(ss.getFirstElement() instanceof MappingRef ref)
                || !(ref.source() instanceof LiveStateModel model)) {
            return;
        }
        if (ref.equals(shown)) {
            return;
        }
        shown = ref;
        long request = ++requests;
        Job job = Job.create(Messages.Props_job, monitor -> {
            LiveStateSnapshot s = model.snapshot();
            List<Node> n = MappingDetails.of(model, s, ref.mappingId(), MAX_PAGES).map(MappingPropertiesPage::nodes)
                    .orElse(List.of(new Node(Messages.Props_gone, "#" + ref.mappingId())));
            if (root != null && !root.isDisposed()) {
                root.getDisplay().asyncExec(() -> show(request, ref, n));
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void show(long request, MappingRef ref, List<Node> n) {
        if (root.isDisposed() || request != requests) {
            return;
        }
        nodes = n;
        title.setText(NLS.bind(Messages.Props_title, new Object[] { ref.mappingId(), ref.device(),
                Formats.hex(ref.dmaAddress()), ref.size() }));
        iommuLink.setEnabled(PlatformUI.getWorkbench().getViewRegistry().find(IOMMU_VIEW_ID) != null);
        tree.setInput(n);
        tree.expandAll();
        // the page-table rows' names ("L3[8] @0x41005040") are indented three levels: fit the name column to them
        org.eclipse.swt.widgets.TreeColumn first = tree.getTree().getColumn(0);
        first.pack();
        first.setWidth(Math.max(165, Math.min(first.getWidth() + 8, 320)));
        root.layout();
    }

    private void openIommuView() {
        try {
            IViewPart v = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(IOMMU_VIEW_ID);
            if (v instanceof ISetSelectionTarget t && shown != null) {
                t.selectReveal(new StructuredSelection(shown));
            }
        } catch (PartInitException e) {
            title.setText(e.getMessage());
        }
    }

    /** The rows shown now (tests). */
    public List<Node> nodes() {
        return nodes;
    }

    /** Everything the tree shows, one "name: value" per line, depth-first (tests). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        append(nodes, sb, "");
        return sb.toString();
    }

    private static void append(List<Node> ns, StringBuilder sb, String indent) {
        for (Node n : ns) {
            sb.append(indent).append(n.name()).append(": ").append(n.value()).append('\n');
            append(n.children(), sb, indent + "  ");
        }
    }

    // ----------------------------------------------------------------------------------- the tree's content

    static List<Node> nodes(MappingDetails d) {
        Mapping m = d.mapping();
        List<Node> out = new ArrayList<>();
        List<Node> fields = new ArrayList<>();
        fields.add(new Node(Messages.Col_id, "#" + m.id()));
        fields.add(new Node(Messages.Col_device, m.device()));
        fields.add(new Node(Messages.Col_driver, m.driver()));
        fields.add(new Node(Messages.Col_type, m.typeName()));
        fields.add(new Node(Messages.Col_cpu, Formats.hex(m.cpuPhys())));
        fields.add(new Node(Messages.Col_dma, Formats.hex(m.dmaAddr())));
        fields.add(new Node(Messages.Col_size, m.size() + " (" + Formats.bytes(m.size()) + ")"));
        fields.add(new Node(Messages.Col_direction, m.directionName()));
        fields.add(new Node(Messages.Col_attrs, m.attrs() == 0 ? "0" : DmaTraceEvents.decodeAttrs(m.attrs())
                + " (0x" + Long.toHexString(m.attrs()) + ")"));
        fields.add(new Node(Messages.Col_mapErr, m.mapErr().kernelText()));
        fields.add(new Node(Messages.Col_mapped, m.mapTimeNs() == Mapping.UNKNOWN_TIME ? Messages.Props_unknown
                : Formats.time(m.mapTimeNs())));
        fields.add(new Node(Messages.Col_unmapped, m.isLive() ? Messages.Unmapped_live : Formats.time(m.unmapTimeNs())));
        fields.add(new Node(Messages.Props_leaked, d.leaked() ? Messages.Props_leakedYes : Messages.Props_no));
        fields.add(new Node(Messages.Col_callSite, d.callSite().isEmpty() ? Messages.Props_unknown : d.callSite()));
        out.add(new Node(Messages.Props_mapping, m.device() + " " + m.typeName() + " " + Formats.hex(m.dmaAddr()),
                fields));
        List<Node> stack = new ArrayList<>();
        for (int i = 0; i < m.stack().size(); i++) {
            stack.add(new Node("#" + i, m.stack().get(i).strip()));
        }
        out.add(new Node(Messages.Props_stack, stack.isEmpty() ? Messages.Props_noStack
                : NLS.bind(Messages.Props_frames, stack.size()), stack));
        if (d.target().isPresent()) {
            MmioTarget t = d.target().get();
            List<Node> reg = new ArrayList<>();
            reg.add(new Node(Messages.Props_regDevice, t.device() + " (" + t.node() + ")"));
            reg.add(new Node(Messages.Props_regName, t.register() == null ? Messages.Props_unknown
                    : t.register() + (t.kernelName().isEmpty() ? "" : " (" + t.kernelName() + " in the driver)")));
            reg.add(new Node(Messages.Props_regAddress, Formats.hex(t.base() + t.offset()) + " = "
                    + Formats.hex(t.base()) + String.format(" + 0x%02x", t.offset())));
            if (t.register() != null) {
                reg.add(new Node(Messages.Props_regWhat, t.description() + ", " + t.width() * 8 + "-bit"));
            }
            out.add(new Node(Messages.Props_register, t.describe(), reg));
        }
        List<Node> iommu = new ArrayList<>();
        if (d.domain() == null) {
            out.add(new Node(Messages.Props_iommu, Messages.Props_noDomain));
        } else {
            var dom = d.domain();
            iommu.add(new Node(Messages.Props_domain, dom.name() + " (" + dom.type() + ")"));
            iommu.add(new Node(Messages.Props_ipmmu, dom.iommu() + (dom.rootIommu().equals(dom.iommu()) ? ""
                    : " via " + dom.rootIommu()) + ", context " + dom.context()));
            if (dom.pageTable() != null) {
                iommu.add(new Node(Messages.Props_format, dom.pageTable().format() + ", root table "
                        + Formats.hex(dom.pageTable().rootTable())));
            }
            for (MappingDetails.PageWalk w : d.walks()) {
                List<Node> levels = new ArrayList<>();
                for (PageTableEntry e : w.levels()) {
                    levels.add(new Node(String.format("L%d[%d] @%s", e.level(), e.index(), Formats.hex(e.entryAddress())),
                            String.format("0x%016x  %s", e.raw(), e.description())));
                }
                String result = w.physical() < 0 ? Messages.Props_fault
                        : "-> " + Formats.hex(w.physical()) + " (" + w.last().kind().name().toLowerCase() + " "
                                + Formats.bytes(w.last().span()) + ")";
                iommu.add(new Node("IOVA " + Formats.hex(w.iova()), result, levels));
            }
            if (d.pagesNotShown() > 0) {
                iommu.add(new Node("...", NLS.bind(Messages.Props_morePages, d.pagesNotShown())));
            }
            if (d.stale()) {
                iommu.add(new Node(Messages.Props_note, Messages.Props_stale));
            }
            if (!m.isLive()) {
                iommu.add(new Node(Messages.Props_note, Messages.Props_unmappedNote));
            }
            out.add(new Node(Messages.Props_iommu, dom.name(), iommu));
        }
        if (!d.errors().isEmpty()) {
            List<Node> errs = new ArrayList<>();
            for (var e : d.errors()) {
                errs.add(new Node(e.checkId() + " @ " + Formats.time(e.timeNs()), e.summary()));
            }
            out.add(new Node(Messages.Props_errors, Integer.toString(errs.size()), errs));
        }
        return out;
    }

}
