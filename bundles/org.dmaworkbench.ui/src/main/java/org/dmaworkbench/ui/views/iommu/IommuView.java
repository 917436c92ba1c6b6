package org.dmaworkbench.ui.views.iommu;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.inspect.ConsistencyCheck;
import org.dmaworkbench.emulation.inspect.ContextRegisterDecoder;
import org.dmaworkbench.emulation.inspect.DomainMappings;
import org.dmaworkbench.emulation.inspect.Field;
import org.dmaworkbench.emulation.inspect.IovaSpaceMap;
import org.dmaworkbench.emulation.inspect.LeafRuns;
import org.dmaworkbench.emulation.inspect.PteFields;
import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.live.PageTable;
import org.dmaworkbench.emulation.live.PageTableEntry;
import org.dmaworkbench.emulation.live.PageTableLevel;
import org.dmaworkbench.emulation.live.Translation;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableLpae;
import org.dmaworkbench.ui.internal.ViewSelection;
import org.dmaworkbench.ui.selection.IovaRange;
import org.dmaworkbench.ui.selection.MappingRef;
import org.dmaworkbench.ui.views.source.ViewSource;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The IOMMU view: per IPMMU instance and domain (context), the attached devices with their micro-TLBs, the context
 * registers decoded, the page table as a lazy tree read from emulated memory (contiguous leaves as ranges), the
 * IOVA space as a zoomable strip, Translate with every walk step or the fault at its level, the consistency findings
 * and the IOTLB with its counters. Publishes an {@link IovaRange} for a selected entry or segment and highlights the
 * entries of a selected {@link MappingRef}. Follows the emulation context ({@link ViewSource}); everything it shows
 * is computed in the core ({@code org.dmaworkbench.emulation.inspect}); snapshots and whole-table passes run in a
 * job, the tree reads one table when it is expanded.
 */
public class IommuView extends ViewPart {
    public static final String ID = "org.dmaworkbench.ui.views.iommu";
    public static final String HELP_CONTEXT = "org.dmaworkbench.ui.iommu_view";
    private static final long ADDR_MASK = IoPgtableLpae.PTE_ADDR_MASK;

    private ViewSource source;
    private Label status;
    private Combo domainCombo;
    private Tree tree;
    private IovaStrip strip;
    private Label stripSummary;
    private CTabFolder tabs;
    private Table fieldsTable;
    private Label backsLabel;
    private Text iovaText;
    private Table walkTable;
    private Label walkResult;
    private Table findingsTable;
    private Label iotlbLabel;
    private Table iotlbTable;

    /** what is shown */
    private LiveStateModel model;
    private LiveStateSnapshot snapshot;
    private List<IommuDomainSnapshot> domains = List.of();
    private List<IovaSpaceMap> maps = List.of();
    private List<List<ConsistencyCheck.Finding>> findings = List.of();
    private int domainIndex = -1;
    private long shownGeneration = -1;
    private boolean refreshing;
    private boolean refreshAgain;
    private long highlightIova = -1;
    private long highlightSize;
    /** the view's selection: the IOVA range of the selected entry or segment */
    private final ViewSelection selectionProvider = new ViewSelection();
    private boolean publishing;
    private final ISelectionListener selectionListener = this::selectionChanged;
    private Color highlightColor;

    @Override
    public void createPartControl(Composite parent) {
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HELP_CONTEXT);
        highlightColor = new Color(255, 236, 140);
        parent.addDisposeListener(e -> highlightColor.dispose());
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2, false));
        status = new Label(root, SWT.WRAP);
        status.setText(Messages.IommuView_noSession);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        new Label(root, SWT.NONE).setText(Messages.IommuView_domain);
        domainCombo = new Combo(root, SWT.READ_ONLY);
        domainCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        domainCombo.addListener(SWT.Selection, e -> showDomain(domainCombo.getSelectionIndex()));

        SashForm horizontal = new SashForm(root, SWT.HORIZONTAL);
        horizontal.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        createTree(horizontal);
        createTabs(horizontal);
        horizontal.setWeights(58, 42);
        // the strip keeps its height however small the view: it is the overview of the whole space
        stripSummary = new Label(root, SWT.NONE);
        stripSummary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        strip = new IovaStrip(root);
        strip.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false, 2, 1));
        strip.onSelect(s -> {
            if (s.kind() != IovaSpaceMap.Kind.FREE) {
                revealIova(s.iova());
                publish(s.iova(), s.size());
            }
        });

        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(selectionListener);
        source = new ViewSource();
        source.addListener(this::scheduleRefresh);
        scheduleRefresh();
    }

    private void createTree(Composite parent) {
        tree = new Tree(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.H_SCROLL | SWT.V_SCROLL);
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        String[] titles = { Messages.IommuView_colEntry, Messages.IommuView_colIova, Messages.IommuView_colEntryAddress,
                Messages.IommuView_colRaw, Messages.IommuView_colDecoded };
        int[] widths = { 200, 100, 95, 150, 420 };
        for (int i = 0; i < titles.length; i++) {
            TreeColumn c = new TreeColumn(tree, SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        // lazily: an item's children are read when it is expanded (one table of the page table at a time)
        tree.addListener(SWT.Expand, e -> fillChildren((TreeItem) e.item));
        tree.addListener(SWT.Selection, e -> treeSelected((TreeItem) e.item));
    }

    private Table table(Composite parent, String[] titles, int[] widths) {
        Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(t, SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        return t;
    }

    private void createTabs(Composite parent) {
        tabs = new CTabFolder(parent, SWT.BORDER | SWT.FLAT);
        // Entry
        Composite entry = new Composite(tabs, SWT.NONE);
        entry.setLayout(new GridLayout(1, false));
        fieldsTable = table(entry, new String[] { Messages.IommuView_colField, Messages.IommuView_colBits,
                Messages.IommuView_colValue, Messages.IommuView_colMeaning }, new int[] { 110, 60, 140, 330 });
        fieldsTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        backsLabel = new Label(entry, SWT.WRAP);
        backsLabel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        tab(Messages.IommuView_tabEntry, entry);
        // Translate
        Composite tr = new Composite(tabs, SWT.NONE);
        tr.setLayout(new GridLayout(3, false));
        new Label(tr, SWT.NONE).setText(Messages.IommuView_iova);
        iovaText = new Text(tr, SWT.BORDER | SWT.SINGLE);
        iovaText.setMessage("0x4000800c");
        iovaText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        iovaText.addListener(SWT.DefaultSelection, e -> translate(iovaText.getText()));
        Button go = new Button(tr, SWT.PUSH);
        go.setText(Messages.IommuView_translate);
        go.addListener(SWT.Selection, e -> translate(iovaText.getText()));
        walkTable = table(tr, new String[] { Messages.IommuView_colLevel, Messages.IommuView_colIndex,
                Messages.IommuView_colTable, Messages.IommuView_colEntryAddress, Messages.IommuView_colRaw,
                Messages.IommuView_colDecoded }, new int[] { 45, 50, 85, 85, 140, 330 });
        walkTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        walkResult = new Label(tr, SWT.WRAP);
        walkResult.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        tab(Messages.IommuView_tabTranslate, tr);
        // Findings
        Composite fc = new Composite(tabs, SWT.NONE);
        fc.setLayout(new GridLayout(1, false));
        findingsTable = table(fc, new String[] { Messages.IommuView_colFinding, Messages.IommuView_colIova,
                Messages.IommuView_colSize, Messages.IommuView_colMessage }, new int[] { 210, 95, 60, 600 });
        findingsTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        findingsTable.addListener(SWT.Selection, e -> {
            Object f = e.item == null ? null : e.item.getData();
            if (f instanceof ConsistencyCheck.Finding x) {
                revealIova(x.iova());
                strip.highlight(x.iova(), x.size());
                publish(x.iova(), x.size());
            }
        });
        tab(Messages.IommuView_tabFindings, fc);
        // IOTLB
        Composite ic = new Composite(tabs, SWT.NONE);
        ic.setLayout(new GridLayout(1, false));
        iotlbLabel = new Label(ic, SWT.WRAP);
        iotlbLabel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        iotlbTable = table(ic, new String[] { Messages.IommuView_colSlot, Messages.IommuView_colIova,
                Messages.IommuView_colPhysical, Messages.IommuView_colAccess }, new int[] { 50, 110, 110, 90 });
        iotlbTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tab(Messages.IommuView_tabIotlb, ic);
        tabs.setSelection(0);
    }

    private void tab(String title, Composite c) {
        CTabItem item = new CTabItem(tabs, SWT.NONE);
        item.setText(title);
        item.setControl(c);
    }

    // ============================================================================================ refresh

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
            snapshot = null;
            applyNothing(Messages.IommuView_noSession);
            return;
        }
        refreshing = true;
        LiveStateModel m = cur.model();
        String label = cur.label();
        long lastVersion = m == model && snapshot != null ? snapshot.version() : -1;
        Display display = tree.getDisplay();
        Job job = Job.create(Messages.IommuView_job, (IProgressMonitor monitor) -> {
            LiveStateSnapshot s = m.snapshot();
            List<IovaSpaceMap> ms = new ArrayList<>();
            List<List<ConsistencyCheck.Finding>> fs = new ArrayList<>();
            boolean same = s.version() == lastVersion;
            if (!same && s.has(Availability.IOMMU)) {
                for (IommuDomainSnapshot d : s.iommus()) {
                    if (monitor.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    ms.add(d.pageTable() == null ? null : IovaSpaceMap.of(d, s.mappings()));
                    fs.add(ConsistencyCheck.check(s, d));
                }
            }
            display.asyncExec(() -> {
                refreshing = false;
                if (!tree.isDisposed()) {
                    org.dmaworkbench.ui.internal.Labels.setText(status, label);
                    if (!same) {
                        apply(m, s, ms, fs);
                    }
                    if (refreshAgain) {
                        refreshAgain = false;
                        scheduleRefresh();
                    }
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Whether a refresh is still on its way. */
    public boolean isRefreshing() {
        return refreshing;
    }

    private void applyNothing(String why) {
        status.setText(why);
        domainCombo.removeAll();
        tree.removeAll();
        strip.setMap(null, List.of());
        stripSummary.setText("");
        findingsTable.removeAll();
        iotlbTable.removeAll();
        iotlbLabel.setText("");
        domains = List.of();
        status.getParent().layout();
    }

    private void apply(LiveStateModel m, LiveStateSnapshot s, List<IovaSpaceMap> ms,
            List<List<ConsistencyCheck.Finding>> fs) {
        String oldDomain = domainIndex >= 0 && domainIndex < domains.size() ? domains.get(domainIndex).name() : null;
        boolean newModel = m != model;
        model = m;
        snapshot = s;
        if (!s.has(Availability.IOMMU)) {
            String st = status.getText();
            applyNothing(st + "\n" + Messages.IommuView_notAvailable + " " + s.missing().get(Availability.IOMMU));
            return;
        }
        domains = s.iommus();
        maps = ms;
        findings = fs;
        String[] items = new String[domains.size()];
        int select = 0;
        for (int i = 0; i < domains.size(); i++) {
            IommuDomainSnapshot d = domains.get(i);
            items[i] = String.format("%s  context %d  %s (%s)  %s", d.iommu().isEmpty() ? "-" : d.iommu(), d.context(),
                    d.name(), d.type(), String.join(", ", d.devices()));
            if (d.name().equals(oldDomain)) {
                select = i;
            }
        }
        if (domains.isEmpty()) {
            domainCombo.setItems();
            tree.removeAll();
            strip.setMap(null, List.of());
            stripSummary.setText(Messages.IommuView_noDomains);
            return;
        }
        domainCombo.setItems(items);
        domainCombo.select(select);
        if (newModel) {
            // another emulation: nothing of the last one's selection applies
            shownGeneration = -1;
            highlightIova = -1;
            highlightSize = 0;
            strip.highlight(-1, 0);
        }
        showDomain(select);
    }

    private void showDomain(int i) {
        if (i < 0 || i >= domains.size()) {
            return;
        }
        boolean sameDomain = i == domainIndex;
        domainIndex = i;
        IommuDomainSnapshot d = domains.get(i);
        PageTable pt = d.pageTable();
        long gen = pt == null ? -2 : pt.generation();
        if (!sameDomain || gen != shownGeneration) {
            shownGeneration = gen;
            fillTree(d);
        }
        IovaSpaceMap map = i < maps.size() ? maps.get(i) : null;
        strip.setMap(map, d.devices());
        if (map != null) {
            stripSummary.setText(String.format(Messages.IommuView_stripSummary,
                    org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(map.size()), map.start(),
                    org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(map.mappedBytes()), map.freeSegments(),
                    org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(map.largestFree()), 100 * map.fragmentation()));
        } else {
            stripSummary.setText(Messages.IommuView_noPageTable);
        }
        fillFindings(i < findings.size() ? findings.get(i) : List.of());
        fillIotlb(d);
        stripSummary.getParent().layout();
    }

    // ============================================================================================ tree

    private void fillTree(IommuDomainSnapshot d) {
        // remember what was open, by label path, so a refresh keeps it
        List<String> expanded = new ArrayList<>();
        collectExpanded(tree.getItems(), "", expanded);
        tree.setRedraw(false);
        try {
            tree.removeAll();
            List<Object> devs = new ArrayList<>();
            for (String dev : d.devices()) {
                List<Object> utlbs = new ArrayList<>();
                for (IommuDomainSnapshot.MicroTlb u : d.microTlbs()) {
                    if (u.device().equals(dev)) {
                        utlbs.add(new PtNodes.Register("uTLB " + u.utlb() + " IMUCTR", u.imuctr(),
                                ContextRegisterDecoder.oneLine(ContextRegisterDecoder.imuctr(u.imuctr())),
                                ContextRegisterDecoder.imuctr(u.imuctr())));
                    }
                }
                devs.add(new PtNodes.Info(dev, utlbs.size() + " micro-TLB" + (utlbs.size() == 1 ? "" : "s"), utlbs));
            }
            item(null, new PtNodes.Info(Messages.IommuView_devices, d.devices().size() + "", devs));
            IommuDomainSnapshot.ContextRegisters r = d.registers();
            List<Object> regs = new ArrayList<>();
            if (r != null) {
                regs.add(new PtNodes.Register("TTBR (IMTTUBR0:IMTTLBR0)", r.ttbr(),
                        String.format("first-level table at 0x%x", r.ttbr()), List.of()));
                regs.add(new PtNodes.Register("TTBCR (IMTTBCR)", r.ttbcr() & 0xffffffffL,
                        ContextRegisterDecoder.oneLine(ContextRegisterDecoder.imttbcr(r.ttbcr())),
                        ContextRegisterDecoder.imttbcr(r.ttbcr())));
                regs.add(new PtNodes.Register("MAIR (IMMAIR0)", r.mair() & 0xffffffffL, attrs(r.mair()),
                        ContextRegisterDecoder.mair(r.mair())));
                regs.add(new PtNodes.Register("IMCTR", r.imctr() & 0xffffffffL,
                        ContextRegisterDecoder.oneLine(ContextRegisterDecoder.imctr(r.imctr())),
                        ContextRegisterDecoder.imctr(r.imctr())));
                regs.add(new PtNodes.Register("IMSTR", r.imstr() & 0xffffffffL,
                        ContextRegisterDecoder.oneLine(ContextRegisterDecoder.imstr(r.imstr())),
                        ContextRegisterDecoder.imstr(r.imstr())));
                regs.add(new PtNodes.Register("IMEUAR:IMELAR", (long) r.imeuar() << 32 | r.imelar() & 0xffffffffL,
                        "last fault address", List.of()));
            }
            item(null, new PtNodes.Info(Messages.IommuView_registers, r == null ? Messages.IommuView_noContext
                    : "context " + d.context() + " on " + d.rootIommu(), regs));
            PageTable pt = d.pageTable();
            if (pt != null) {
                TreeItem ptItem = item(null, new PtNodes.Info(Messages.IommuView_pageTable, String.format(
                        "%s, %d-bit IOVA, %d-bit output, %d levels from level %d, root 0x%x%s", pt.format(), pt.ias(),
                        pt.oas(), pt.levels(), pt.startLevel(), pt.rootTable(),
                        pt.config().hasQuirk(org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.QUIRK_ARM_NS)
                                ? ", quirk ARM_NS" : ""), List.of()));
                ptItem.setData("table", pt.root());
                new TreeItem(ptItem, SWT.NONE); // placeholder until expanded
            }
            for (String path : expanded) {
                reexpand(path);
            }
        } finally {
            tree.setRedraw(true);
        }
    }

    private static String attrs(int mair) {
        StringBuilder sb = new StringBuilder();
        for (Field f : ContextRegisterDecoder.mair(mair)) {
            sb.append(sb.length() == 0 ? "" : "; ").append(f.name()).append(' ').append(f.meaning());
        }
        return sb.toString();
    }

    private void collectExpanded(TreeItem[] items, String prefix, List<String> out) {
        for (TreeItem i : items) {
            if (i.getExpanded()) {
                String p = prefix + "/" + i.getText(0) + "|" + i.getText(1);
                out.add(p);
                collectExpanded(i.getItems(), p, out);
            }
        }
    }

    private void reexpand(String path) {
        String[] parts = path.substring(1).split("/");
        TreeItem[] items = tree.getItems();
        TreeItem found = null;
        for (String part : parts) {
            found = null;
            for (TreeItem i : items) {
                if ((i.getText(0) + "|" + i.getText(1)).equals(part)) {
                    found = i;
                    break;
                }
            }
            if (found == null) {
                return;
            }
            if (!found.getExpanded()) {
                fillChildren(found);
                found.setExpanded(true);
            }
            items = found.getItems();
        }
    }

    private TreeItem item(TreeItem parent, Object element) {
        TreeItem it = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
        it.setData(element);
        if (element instanceof PtNodes.Info info) {
            it.setText(new String[] { info.name(), "", "", "", info.detail() });
            for (Object c : info.children()) {
                item(it, c);
            }
        } else if (element instanceof PtNodes.Register r) {
            it.setText(new String[] { r.name(), "", "", String.format("0x%08x", r.value()), r.decoded() });
            for (Field f : r.fields()) {
                item(it, f);
            }
        } else if (element instanceof Field f) {
            it.setText(new String[] { f.name() + " " + f.bits(), "", "", Long.toString(f.value()), f.meaning() });
        } else if (element instanceof PtNodes.Entry e) {
            PageTableEntry a = e.first();
            String name = e.isRange() ? String.format("L%d[%d..%d] %d %ss", a.level(), a.index(),
                    e.run().last().index(), e.run().count(), a.kind() == PageTableEntry.Kind.PAGE ? "page" : "block")
                    : String.format("L%d[%d] %s", a.level(), a.index(), a.kind().name().toLowerCase());
            String iova = e.isRange() ? String.format("0x%x..0x%x", a.iova(), a.iova() + e.run().span() - 1)
                    : String.format("0x%x", a.iova());
            it.setText(new String[] { name, iova, String.format("0x%x", a.entryAddress()),
                    String.format("0x%016x", a.raw()), e.isRange() ? a.description() + " \u2026 (" + e.run().count()
                            + " contiguous)" : a.description() });
            if (a.kind() == PageTableEntry.Kind.TABLE || e.isRange()) {
                new TreeItem(it, SWT.NONE); // placeholder: read when expanded
            }
            paintHighlight(it);
        }
        return it;
    }

    private void fillChildren(TreeItem item) {
        if (item.getItemCount() != 1 || item.getItem(0).getData() != null || item.getItem(0).getText().length() > 0) {
            return; // filled already
        }
        item.getItem(0).dispose();
        Object data = item.getData();
        List<PageTableEntry> entries;
        if (data instanceof PtNodes.Entry e && e.isRange()) {
            for (PageTableEntry x : e.members()) {
                item(item, new PtNodes.Entry(new LeafRuns.Run(x, x, 1), List.of()));
            }
            return;
        }
        PageTableLevel level;
        if (data instanceof PtNodes.Entry e) {
            level = currentPageTable().table(e.first());
        } else {
            level = (PageTableLevel) item.getData("table");
            if (level == null) {
                return;
            }
        }
        entries = level.entries();
        tree.setRedraw(false);
        try {
            int pos = 0;
            for (LeafRuns.Run run : LeafRuns.group(entries, ADDR_MASK)) {
                List<PageTableEntry> members = run.isRange() ? entries.subList(pos, pos + run.count()) : List.of();
                pos += run.count();
                item(item, new PtNodes.Entry(run, members));
            }
        } finally {
            tree.setRedraw(true);
        }
    }

    private PageTable currentPageTable() {
        return domains.get(domainIndex).pageTable();
    }

    private void paintHighlight(TreeItem it) {
        if (it.getData() instanceof PtNodes.Entry e && highlightIova >= 0) {
            PageTableEntry a = e.first();
            long span = e.run().span();
            boolean hit = a.kind() != PageTableEntry.Kind.INVALID && a.iova() < highlightIova + highlightSize
                    && highlightIova < a.iova() + span;
            it.setBackground(hit ? highlightColor : null);
        }
    }

    private void rehighlight(TreeItem[] items) {
        for (TreeItem it : items) {
            paintHighlight(it);
            rehighlight(it.getItems());
        }
    }

    private void treeSelected(TreeItem item) {
        if (item == null || !(item.getData() instanceof PtNodes.Entry e)) {
            return;
        }
        showEntry(e);
        if (e.first().isLeaf()) {
            publish(e.first().iova(), e.run().span());
            strip.highlight(e.first().iova(), e.run().span());
        }
    }

    private void showEntry(PtNodes.Entry e) {
        IommuDomainSnapshot d = domains.get(domainIndex);
        PageTableEntry a = e.first();
        PteFields f = PteFields.decode(d.pageTable().config(), a.level(), a.raw(), d.registers());
        fieldsTable.removeAll();
        TableItem head = new TableItem(fieldsTable, SWT.NONE);
        head.setText(new String[] { "kind", "", String.format("0x%016x", a.raw()), f.kind()
                + (f.memoryType().isEmpty() ? "" : ", " + f.memoryType()) + (a.isLeaf()
                        ? (f.writable() ? ", " + Messages.IommuView_writeAllowed : ", " + Messages.IommuView_readOnly)
                        : "") });
        for (Field x : f.fields()) {
            TableItem ti = new TableItem(fieldsTable, SWT.NONE);
            ti.setText(new String[] { x.name(), x.bits(), x.name().endsWith("address") ? String.format("0x%x", x.value())
                    : Long.toString(x.value()), x.meaning() });
        }
        if (a.isLeaf() && snapshot.has(Availability.MAPPINGS)) {
            MappingTable t = snapshot.mappings();
            int[] rows = DomainMappings.backing(d, t, a.iova(), e.run().span());
            StringBuilder sb = new StringBuilder(rows.length == 0 ? Messages.IommuView_backsNothing
                    : Messages.IommuView_backs);
            for (int r : rows) {
                sb.append(String.format("%n  #%d %s %s 0x%x, %d bytes, %s -> 0x%x", t.id(r), t.device(r),
                        t.typeName(r), t.dmaAddr(r), t.size(r), t.direction(r).kernelName(), t.cpuPhys(r)));
            }
            backsLabel.setText(sb.toString());
        } else {
            backsLabel.setText("");
        }
        tabs.setSelection(0);
        backsLabel.getParent().layout();
    }

    /** Expands the tree down to the leaf covering {@code iova} and selects it; false when nothing maps it. */
    public boolean revealIova(long iova) {
        TreeItem pt = null;
        for (TreeItem i : tree.getItems()) {
            if (i.getData("table") != null) {
                pt = i;
            }
        }
        if (pt == null) {
            return false;
        }
        TreeItem cur = pt;
        while (true) {
            fillChildren(cur);
            cur.setExpanded(true);
            TreeItem next = null;
            for (TreeItem c : cur.getItems()) {
                if (c.getData() instanceof PtNodes.Entry e && e.first().kind() != PageTableEntry.Kind.INVALID
                        && iova - e.first().iova() >= 0 && iova - e.first().iova() < e.run().span()) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return false;
            }
            PtNodes.Entry e = (PtNodes.Entry) next.getData();
            if (e.first().kind() != PageTableEntry.Kind.TABLE && !e.isRange()) {
                tree.setSelection(next);
                tree.showItem(next);
                showEntry(e);
                return true;
            }
            cur = next;
        }
    }

    // ============================================================================================ tabs

    private void fillFindings(List<ConsistencyCheck.Finding> fs) {
        findingsTable.removeAll();
        String why = snapshot == null ? null : ConsistencyCheck.unavailable(snapshot);
        if (why != null) {
            TableItem it = new TableItem(findingsTable, SWT.NONE);
            it.setText(new String[] { Messages.IommuView_notAvailable, "", "", why });
        } else if (fs.isEmpty()) {
            TableItem it = new TableItem(findingsTable, SWT.NONE);
            it.setText(new String[] { Messages.IommuView_noFindings, "", "", Messages.IommuView_noFindingsDetail });
        }
        for (ConsistencyCheck.Finding f : fs) {
            TableItem it = new TableItem(findingsTable, SWT.NONE);
            it.setData(f);
            it.setText(new String[] { f.kind().title(), String.format("0x%x", f.iova()),
                    org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(f.size()), f.message() });
        }
        CTabItem t = tabs.getItem(2);
        t.setText(fs.isEmpty() ? Messages.IommuView_tabFindings : Messages.IommuView_tabFindings + " (" + fs.size() + ")");
    }

    private void fillIotlb(IommuDomainSnapshot d) {
        iotlbTable.removeAll();
        IommuDomainSnapshot.IotlbSnapshot t = d.iotlb();
        if (t == null) {
            iotlbLabel.setText(snapshot != null && !snapshot.has(Availability.IOTLB)
                    ? snapshot.missing().get(Availability.IOTLB) : Messages.IommuView_noIotlb);
            return;
        }
        iotlbLabel.setText(String.format(Messages.IommuView_iotlbSummary, t.iommu(), t.entries().size(), t.capacity(),
                d.context(), t.hits(), t.misses(), Double.isNaN(t.hitRate()) ? 0 : 100 * t.hitRate(), t.flushes()));
        for (IommuDomainSnapshot.IotlbEntry e : t.entries()) {
            TableItem it = new TableItem(iotlbTable, SWT.NONE);
            it.setText(new String[] { Integer.toString(e.slot()), String.format("0x%x", e.iova()),
                    String.format("0x%x", e.physical()), e.readOnly() ? "read-only" : "read/write" });
        }
        iotlbLabel.getParent().layout();
    }

    /** Runs Translate of {@code text} (hex or decimal) in a job; the walk table shows the steps. */
    public void translate(String text) {
        iovaText.setText(text);
        long iova;
        try {
            String t = text.trim().replace("_", "");
            iova = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16)
                    : Long.parseLong(t);
        } catch (NumberFormatException e) {
            walkTable.removeAll();
            walkResult.setText(Messages.IommuView_badIova + " " + text);
            return;
        }
        if (domainIndex < 0 || domainIndex >= domains.size() || domains.get(domainIndex).pageTable() == null) {
            walkResult.setText(Messages.IommuView_noPageTable);
            return;
        }
        PageTable pt = domains.get(domainIndex).pageTable();
        tabs.setSelection(1);
        walkResult.setText(Messages.IommuView_walking);
        Display display = tree.getDisplay();
        Job job = Job.create(Messages.IommuView_translateJob, (IProgressMonitor m) -> {
            Translation tr = pt.translate(iova);
            display.asyncExec(() -> showTranslation(tr));
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void showTranslation(Translation t) {
        if (walkTable.isDisposed()) {
            return;
        }
        walkTable.removeAll();
        for (Translation.Step s : t.steps()) {
            TableItem it = new TableItem(walkTable, SWT.NONE);
            it.setText(new String[] { Integer.toString(s.level()), Integer.toString(s.index()),
                    String.format("0x%x", s.tableAddress()), String.format("0x%x", s.entryAddress()),
                    String.format("0x%016x", s.raw()), s.description() });
            if (!t.translated() && s == t.steps().get(t.steps().size() - 1)) {
                it.setForeground(walkTable.getDisplay().getSystemColor(SWT.COLOR_RED));
            }
        }
        walkResult.setText(t.reason());
        walkResult.setForeground(t.translated() ? null : walkResult.getDisplay().getSystemColor(SWT.COLOR_RED));
        walkResult.getParent().layout();
    }

    // ============================================================================================ selection

    private void publish(long iova, long size) {
        if (model == null || domainIndex < 0) {
            return;
        }
        publishing = true;
        try {
            selectionProvider.setSelection(new StructuredSelection(
                    new IovaRange(model, domains.get(domainIndex).name(), iova, size)));
        } finally {
            publishing = false;
        }
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        if (part == this || publishing || !(selection instanceof IStructuredSelection ss) || ss.isEmpty()) {
            return;
        }
        if (ss.getFirstElement() instanceof MappingRef ref && ref.source() == model) {
            showMapping(ref);
        }
    }

    /** Highlights the entries backing {@code ref} (its domain selected, its first page revealed). */
    public void showMapping(MappingRef ref) {
        for (int i = 0; i < domains.size(); i++) {
            if (domains.get(i).devices().contains(ref.device())) {
                if (i != domainIndex) {
                    domainCombo.select(i);
                    showDomain(i);
                }
                long granule = domains.get(i).pageTable() == null ? 4096
                        : domains.get(i).pageTable().config().granule();
                highlightIova = ref.dmaAddress() & -granule;
                highlightSize = ((ref.dmaAddress() + ref.size() + granule - 1) & -granule) - highlightIova;
                rehighlight(tree.getItems());
                strip.highlight(highlightIova, highlightSize);
                strip.zoomTo(highlightIova, highlightSize);
                revealIova(ref.dmaAddress());
                rehighlight(tree.getItems());
                return;
            }
        }
    }

    /** Shows {@code model} (an imported capture, synthetic data) instead of the emulation context; null: follow it. */
    public void show(LiveStateModel m, EmulationSession session, String label) {
        source.show(m, session, label);
    }

    /** Selects the domain whose name or device list contains {@code text}. */
    public boolean selectDomain(String text) {
        for (int i = 0; i < domains.size(); i++) {
            if (domainCombo.getItem(i).contains(text)) {
                domainCombo.select(i);
                showDomain(i);
                return true;
            }
        }
        return false;
    }

    public Tree tree() {
        return tree;
    }

    public Table walkTable() {
        return walkTable;
    }

    public String walkResultText() {
        return walkResult.getText();
    }

    public Table fieldsTable() {
        return fieldsTable;
    }

    public Table findingsTable() {
        return findingsTable;
    }

    public Table iotlbTable() {
        return iotlbTable;
    }

    public String statusText() {
        return status.getText();
    }

    public String stripSummaryText() {
        return stripSummary.getText();
    }

    public String backsText() {
        return backsLabel.getText();
    }

    public LiveStateSnapshot snapshot() {
        return snapshot;
    }

    /** Shows tab {@code i}: 0 Entry, 1 Translate, 2 Findings, 3 IOTLB. */
    public void showTab(int i) {
        tabs.setSelection(i);
    }

    @Override
    public void setFocus() {
        tree.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(selectionListener);
        if (source != null) {
            source.dispose();
        }
        super.dispose();
    }

}
