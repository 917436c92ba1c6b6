package org.dmaworkbench.ui.views;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmaworkbench.emulation.export.MappingExport;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingFilter;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.emulation.live.MappingRows;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.internal.ViewSelection;
import org.dmaworkbench.ui.capture.CaptureImportJob;
import org.dmaworkbench.ui.selection.IovaRange;
import org.dmaworkbench.ui.selection.MappingRef;
import org.dmaworkbench.ui.selection.TimePoint;
import org.dmaworkbench.ui.views.compare.CompareView;
import org.dmaworkbench.ui.views.dmaapi.ColumnSettings;
import org.dmaworkbench.ui.views.dmaapi.ErrorsTab;
import org.dmaworkbench.ui.views.dmaapi.Formats;
import org.dmaworkbench.ui.views.dmaapi.MappingColumns;
import org.dmaworkbench.ui.views.dmaapi.MappingPropertiesPage;
import org.dmaworkbench.ui.views.dmaapi.Messages;
import org.dmaworkbench.ui.views.dmaapi.Opener;
import org.dmaworkbench.ui.views.dmaapi.RowsView;
import org.dmaworkbench.ui.views.dmaapi.VirtualTable;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.util.LocalSelectionTransfer;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.ResourceTransfer;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.views.properties.IPropertySheetPage;

/**
 * The live DMA mappings of the source the {@link EmulationContext} follows (the emulation selected in the Debug
 * view, an imported capture, else the newest), one row per dma-debug entry: device, driver, type, CPU and DMA
 * address, size, direction, attrs, map-error check, map time, age and call site. The table is virtual (it asks for
 * the visible rows only) and its rows are computed off the UI thread ({@link RowsView}): filtered, grouped and sorted
 * as asked, and, while an emulation runs, updated from the live state's deltas at most 20 times a second. An Errors
 * tab lists dma-debug's reports, linked both ways with the mappings; a time control shows what was live at a
 * virtual time, or every mapping that ever existed. The selection is published as {@link MappingRef}s, for the
 * Properties view (page-table walk, target register) and the other DMA views; {@link TimePoint} and
 * {@link IovaRange} selections of those views are followed. Captures are imported by drag and drop, File › Open or
 * Import.
 */
public class DmaApiView extends ViewPart {
    private Label status;
    private Label summary;
    private Combo sourceCombo;
    private Text filterText;
    private Combo groupCombo;
    private Combo modeCombo;
    private Text timeText;
    private CTabFolder tabs;
    private CTabItem mappingsTab;
    private CTabItem errorsTab;
    private RowsView rowsView;
    private ErrorsTab errors;
    private final ViewSelection selectionProvider = new ViewSelection();
    private final EmulationContext.Listener contextListener = this::contextChanged;
    private final ISelectionListener pageListener = this::pageSelection;
    private LiveSource source;
    private List<LiveSource> sources = List.of();
    /** where each report of the source came from, as the Errors tab's Source column shows it */
    private final Map<DmaErrorRecord, String> whereCache = new java.util.IdentityHashMap<>();
    private final List<java.lang.ref.WeakReference<MappingPropertiesPage>> propertiesPages = new ArrayList<>();
    private Clipboard clipboard;
    private Action copyAction;
    private Action exportAction;
    private Action importAction;
    private Action compareAction;
    private Action collapseAll;
    private Action expandAll;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 2;
        gl.marginHeight = 2;
        gl.verticalSpacing = 3;
        root.setLayout(gl);
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, DmaWorkbenchUi.DMA_API_VIEW_HELP_CONTEXT);

        // the controls flow onto a second row when the view is narrow (it shares the width with Properties)
        Composite bar = new Composite(root, SWT.NONE);
        org.eclipse.swt.layout.RowLayout bl = new org.eclipse.swt.layout.RowLayout(SWT.HORIZONTAL);
        bl.wrap = true;
        bl.center = true;
        bl.marginLeft = 0;
        bl.marginTop = 0;
        bl.marginBottom = 0;
        bl.spacing = 8;
        bar.setLayout(bl);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        sourceCombo = new Combo(pair(bar, Messages.View_source), SWT.READ_ONLY);
        sourceCombo.setLayoutData(new GridData(170, SWT.DEFAULT));
        sourceCombo.addListener(SWT.Selection, e -> {
            int i = sourceCombo.getSelectionIndex();
            if (i >= 0 && i < sources.size()) {
                EmulationContext.getDefault().select(sources.get(i));
            }
        });
        filterText = new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filterText.setMessage(Messages.View_filterHint);
        filterText.setToolTipText(Messages.View_filterTip);
        filterText.setLayoutData(new org.eclipse.swt.layout.RowData(240, SWT.DEFAULT));
        filterText.addListener(SWT.Modify, e -> filterChanged());
        groupCombo = new Combo(pair(bar, Messages.View_group), SWT.READ_ONLY);
        groupCombo.setItems(Messages.Group_none, Messages.Group_device, Messages.Group_driver, Messages.Group_type,
                Messages.Group_domain);
        groupCombo.select(0);
        groupCombo.addListener(SWT.Selection, e -> rowsView.setQuery(rowsView.query()
                .withGrouping(MappingQuery.Grouping.values()[groupCombo.getSelectionIndex()])));
        Composite show = pair(bar, Messages.View_show);
        ((GridLayout) show.getLayout()).numColumns = 3;
        modeCombo = new Combo(show, SWT.READ_ONLY);
        modeCombo.setItems(Messages.Mode_live, Messages.Mode_liveAt, Messages.Mode_history);
        modeCombo.select(0);
        modeCombo.addListener(SWT.Selection, e -> modeChanged());
        timeText = new Text(show, SWT.BORDER);
        timeText.setLayoutData(new GridData(90, SWT.DEFAULT));
        timeText.setMessage(Messages.View_timeHint);
        timeText.setToolTipText(Messages.View_timeTip);
        timeText.setEnabled(false);
        timeText.addListener(SWT.DefaultSelection, e -> modeChanged());
        timeText.addListener(SWT.Modify, e -> {
            if (modeCombo.getSelectionIndex() == 1 && Formats.parseTime(timeText.getText()) >= 0) {
                modeChanged();
            }
        });
        Composite line = new Composite(root, SWT.NONE);
        GridLayout ll = new GridLayout(2, false);
        ll.marginWidth = 0;
        ll.marginHeight = 0;
        line.setLayout(ll);
        line.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status = new Label(line, SWT.NONE);
        status.setText(Messages.View_noSource);
        GridData std = new GridData(SWT.FILL, SWT.CENTER, true, false);
        std.widthHint = 200;
        status.setLayoutData(std);
        summary = new Label(line, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));

        tabs = new CTabFolder(root, SWT.BOTTOM | SWT.FLAT);
        tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        mappingsTab = new CTabItem(tabs, SWT.NONE);
        mappingsTab.setText(Messages.Tab_mappings);
        VirtualTable mtable = new VirtualTable(tabs, SWT.NONE);
        mappingsTab.setControl(mtable);
        errorsTab = new CTabItem(tabs, SWT.NONE);
        errorsTab.setText(Messages.Tab_errors);
        errors = new ErrorsTab(tabs);
        errorsTab.setControl(errors.control());
        tabs.setSelection(mappingsTab);

        rowsView = new RowsView(mtable, this::rowsShown);
        ColumnSettings.restore(mtable);
        mtable.addColumnListener(() -> ColumnSettings.save(mtable));
        mtable.addSelectionListener(this::mappingSelectionChanged);
        mtable.addOpenListener(this::openMapping);
        errors.setWhere(e -> source == null ? "" : whereCache.computeIfAbsent(e, x -> source.locate(x)
                .map(l -> l.file().getFileName() + ":" + l.line()).orElse("")));
        errors.onSelection(this::errorSelected);
        errors.onOpen(this::openError);

        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(pageListener);
        createActions();
        createMenus(mtable);
        installDrop(root);
        EmulationContext context = EmulationContext.getDefault();
        context.addListener(contextListener);
        contextChanged(context);
    }

    /** A label and the control that follows it, kept on one row. */
    private static Composite pair(Composite parent, String label) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        c.setLayout(gl);
        new Label(c, SWT.NONE).setText(label);
        return c;
    }

    // ============================================================================================ sources

    private void contextChanged(EmulationContext context) {
        if (status.isDisposed()) {
            return;
        }
        String s = context.status();
        String text = s == null ? Messages.View_noSource : s;
        if (!text.equals(status.getText())) {
            status.setText(text);
            status.getParent().layout();
        }
        List<LiveSource> now = context.sources();
        LiveSource cur = context.source();
        if (!now.equals(sources) || sourceCombo.getSelectionIndex() != now.indexOf(cur)) {
            sources = now;
            sourceCombo.setItems(now.stream().map(x -> x.name() + (x.capture() != null ? " " + Messages.View_captureTag
                    : "")).toArray(String[]::new));
            sourceCombo.select(now.indexOf(cur));
        }
        if (cur != source) {
            source = cur;
            whereCache.clear();
            selectionProvider.setSelection(StructuredSelection.EMPTY);
            rowsView.setSource(cur == null ? null : cur.model(), cur != null && cur.isRunning());
        } else {
            rowsView.setRunning(cur != null && cur.isRunning());
        }
    }

    /** The source shown (tests). */
    public LiveSource source() {
        return source;
    }

    // ============================================================================================ query

    private void filterChanged() {
        MappingFilter f = MappingFilter.parse(filterText.getText());
        filterText.setForeground(f.problem() == null ? null
                : filterText.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        filterText.setToolTipText(f.problem() == null ? Messages.View_filterTip : f.problem());
        rowsView.setQuery(rowsView.query().withFilter(f));
    }

    private void modeChanged() {
        int m = modeCombo.getSelectionIndex();
        timeText.setEnabled(m == 1);
        MappingQuery.Mode mode = MappingQuery.Mode.values()[m];
        long t = 0;
        if (mode == MappingQuery.Mode.LIVE_AT) {
            t = Formats.parseTime(timeText.getText());
            if (t < 0) {
                timeText.setForeground(timeText.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
                return;
            }
            timeText.setForeground(null);
        }
        rowsView.setQuery(rowsView.query().withMode(mode, t));
    }

    /** Shows what was live at {@code ns} (the "live at" control), or live now when negative. */
    public void showLiveAt(long ns) {
        if (ns < 0) {
            modeCombo.select(0);
        } else {
            modeCombo.select(1);
            timeText.setText(Formats.time(ns));
        }
        modeChanged();
    }

    /** Lists every mapping that ever existed, or the live ones again. */
    public void showHistory(boolean on) {
        modeCombo.select(on ? 2 : 0);
        modeChanged();
    }

    /** Sets the filter text as if typed. */
    public void setFilter(String text) {
        filterText.setText(text);
    }

    /** Groups the rows (NONE to stop). */
    public void setGrouping(MappingQuery.Grouping g) {
        groupCombo.select(g.ordinal());
        rowsView.setQuery(rowsView.query().withGrouping(g));
    }

    /** Sorts by a column as a click on its header does. */
    public void sortBy(MappingColumns column, boolean descending) {
        rowsView.sortBy(column, descending);
    }

    // ============================================================================================ results

    private void rowsShown(MappingRows rows) {
        int n = rows == null ? 0 : rows.mappingCount();
        mappingsTab.setText(NLS.bind(Messages.Tab_mappingsCount, String.format("%,d", n)));
        int ne = rows == null ? 0 : rows.snapshot().errors().size();
        errorsTab.setText(NLS.bind(Messages.Tab_errorsCount, String.format("%,d", ne)));
        errorsTab.setImage(ne == 0 ? null : PlatformUI.getWorkbench().getSharedImages()
                .getImage(ISharedImages.IMG_OBJS_ERROR_TSK));
        errors.show(rows == null ? null : rows.snapshot());
        if (rows == null) {
            summary.setText("");
        } else {
            MappingQuery q = rows.query();
            String what = switch (q.mode()) {
            case LIVE -> Messages.Summary_live;
            case LIVE_AT -> NLS.bind(Messages.Summary_liveAt, Formats.time(q.atNs()));
            case HISTORY -> Messages.Summary_history;
            };
            summary.setText(NLS.bind(Messages.Summary, new Object[] { String.format("%,d", n), what,
                    Formats.bytes(rows.bytes()) }));
        }
        summary.getParent().layout();
        boolean grouped = rows != null && rows.query().grouping() != MappingQuery.Grouping.NONE;
        collapseAll.setEnabled(grouped);
        expandAll.setEnabled(grouped);
        copyAction.setEnabled(rows != null && rows.mappingCount() > 0);
        exportAction.setEnabled(rows != null && rows.mappingCount() > 0);
    }

    /** The rows shown (tests). */
    public MappingRows rows() {
        return rowsView.rows();
    }

    /** How many results of the row worker the view took on the UI thread so far (tests' figures). */
    public long refreshCount() {
        return rowsView.refreshes();
    }

    /** The mappings table (tests). */
    public VirtualTable mappingsTable() {
        return rowsView.table();
    }

    /** The errors tab (tests). */
    public ErrorsTab errorsTab() {
        return errors;
    }

    public void showErrorsTab(boolean errorsTabShown) {
        tabs.setSelection(errorsTabShown ? errorsTab : mappingsTab);
    }

    // ============================================================================================ selection

    private void mappingSelectionChanged() {
        List<MappingRef> refs = rowsView.selectedRefs(1000);
        selectionProvider.setSelection(refs.isEmpty() ? StructuredSelection.EMPTY : new StructuredSelection(refs));
    }

    private void errorSelected(DmaErrorRecord e) {
        if (e == null || e.mappingId() < 0 || source == null || source.model() == null) {
            return;
        }
        // the mapping the report is about: selected in the table (History lists it when it is no longer live)
        if (!rowsView.select(e.mappingId())) {
            summary.setText(NLS.bind(Messages.View_notListed, e.mappingId()));
            summary.getParent().layout();
        }
        MappingRows rows = rowsView.rows();
        Mapping m = rows == null ? null : historyRow(rows, e.mappingId());
        if (m != null) {
            selectionProvider.setSelection(new StructuredSelection(new MappingRef(source.model(), m.id(), m.device(),
                    m.dmaAddr(), m.size())));
        }
    }

    private static Mapping historyRow(MappingRows rows, long id) {
        var h = rows.snapshot().history();
        int i = h.indexOfId(id);
        return i < 0 ? null : h.row(i);
    }

    /** Selects mapping {@code id} (scrolling to it); false when the table does not list it. */
    public boolean selectMapping(long id) {
        tabs.setSelection(mappingsTab);
        boolean ok = rowsView.select(id);
        mappingSelectionChanged();
        return ok;
    }

    private void openMapping(int row) {
        MappingRows rows = rowsView.rows();
        if (rows == null) {
            return;
        }
        if (rows.isGroup(row)) {
            rowsView.toggle(row, 0);
            return;
        }
        long id = rows.id(row);
        if (rows.hasErrors(row)) {
            showErrorsTab(true);
            errors.selectErrorsOf(id);
        }
    }

    /** Opens the scenario or capture line a report came from (what a double-click on it does). */
    public void openError(DmaErrorRecord e) {
        if (source == null) {
            return;
        }
        Optional<LiveSource.Location> where = source.locate(e);
        if (where.isEmpty()) {
            summary.setText(Messages.View_noLocation);
            summary.getParent().layout();
            return;
        }
        Opener.open(getSite().getPage(), where.get(), source.capture() != null);
    }

    private void pageSelection(IWorkbenchPart part, ISelection sel) {
        if (part == this || !(sel instanceof IStructuredSelection ss) || source == null || source.model() == null) {
            return;
        }
        Object o = ss.getFirstElement();
        if (o instanceof TimePoint t && t.source() == source.model()) {
            showLiveAt(t.timeNs());
        } else if (o instanceof IovaRange r && r.source() == source.model()) {
            MappingRows rows = rowsView.rows();
            if (rows == null) {
                return;
            }
            Set<String> devs = new HashSet<>();
            for (IommuDomainSnapshot d : rows.snapshot().iommus()) {
                if (d.name().equals(r.domain())) {
                    devs.addAll(d.devices());
                }
            }
            rowsView.selectBacking(devs, r.iova(), r.size());
        } else if (o instanceof MappingRef m && m.source() == source.model()) {
            rowsView.select(m.mappingId());
        }
    }

    // ============================================================================================ actions

    private void createActions() {
        clipboard = new Clipboard(getSite().getShell().getDisplay());
        copyAction = new Action(Messages.Action_copy) {
            @Override
            public void run() {
                copy();
            }
        };
        copyAction.setActionDefinitionId("org.eclipse.ui.edit.copy");
        exportAction = new Action(Messages.Action_export) {
            @Override
            public void run() {
                export();
            }
        };
        exportAction.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_ETOOL_SAVE_EDIT));
        importAction = new Action(Messages.Action_import) {
            @Override
            public void run() {
                importCapture();
            }
        };
        importAction.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_OBJ_FILE));
        compareAction = new Action(Messages.Action_compare) {
            @Override
            public void run() {
                compare();
            }
        };
        compareAction.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_TOOL_COPY));
        collapseAll = new Action(Messages.Action_collapseAll) {
            @Override
            public void run() {
                rowsView.collapseAll(true);
            }
        };
        collapseAll.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_ELCL_COLLAPSEALL));
        expandAll = new Action(Messages.Action_expandAll) {
            @Override
            public void run() {
                rowsView.collapseAll(false);
            }
        };
        Action selectAll = new Action(Messages.Action_selectAll) {
            @Override
            public void run() {
                if (tabs.getSelection() == mappingsTab) {
                    rowsView.table().selectAll();
                }
            }
        };
        IActionBars bars = getViewSite().getActionBars();
        bars.setGlobalActionHandler(ActionFactory.COPY.getId(), copyAction);
        bars.setGlobalActionHandler(ActionFactory.SELECT_ALL.getId(), selectAll);
        IToolBarManager tb = bars.getToolBarManager();
        tb.add(importAction);
        tb.add(compareAction);
        tb.add(exportAction);
        tb.add(new Separator());
        tb.add(collapseAll);
        IMenuManager menu = bars.getMenuManager();
        menu.add(importAction);
        menu.add(compareAction);
        menu.add(exportAction);
        menu.add(new Separator());
        menu.add(expandAll);
        menu.add(collapseAll);
        menu.add(new Separator());
        menu.add(new Action(Messages.Action_resetColumns) {
            @Override
            public void run() {
                ColumnSettings.reset(rowsView.table());
            }
        });
        bars.updateActionBars();
    }

    private void createMenus(VirtualTable mtable) {
        MenuManager mm = new MenuManager();
        mm.setRemoveAllWhenShown(true);
        mm.addMenuListener(m -> {
            m.add(copyAction);
            MappingRows rows = rowsView.rows();
            int f = mtable.focusRow();
            if (rows != null && f >= 0 && f < rows.size() && !rows.isGroup(f) && rows.hasErrors(f)) {
                long id = rows.id(f);
                m.add(new Action(Messages.Action_showErrors) {
                    @Override
                    public void run() {
                        showErrorsTab(true);
                        errors.selectErrorsOf(id);
                    }
                });
            }
            m.add(new Separator());
            m.add(exportAction);
        });
        mtable.setBodyMenu(mm.createContextMenu(mtable.table()));
        MenuManager em = new MenuManager();
        em.setRemoveAllWhenShown(true);
        em.addMenuListener(m -> {
            DmaErrorRecord e = errors.selected();
            if (e == null) {
                return;
            }
            m.add(new Action(Messages.Action_openSource) {
                @Override
                public void run() {
                    openError(e);
                }
            });
            if (e.mappingId() >= 0) {
                m.add(new Action(Messages.Action_showMapping) {
                    @Override
                    public void run() {
                        showErrorsTab(false);
                        errorSelected(e);
                    }
                });
            }
        });
        errors.table().setBodyMenu(em.createContextMenu(errors.table().table()));
    }

    /** Copies the selected rows in dma-api/dump format (a job for a big selection). */
    public void copy() {
        List<Long> ids = rowsView.selectedIds(Integer.MAX_VALUE);
        MappingRows rows = rowsView.rows();
        if (ids.isEmpty() || rows == null) {
            return;
        }
        List<Mapping> ms = new ArrayList<>(ids.size());
        for (long id : ids) {
            Mapping m = historyRow(rows, id);
            if (m != null) {
                ms.add(m);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Mapping m : ms) {
            sb.append(MappingExport.dumpLine(m)).append('\n');
        }
        clipboard.setContents(new Object[] { sb.toString() }, new Transfer[] { TextTransfer.getInstance() });
    }

    private void export() {
        MappingRows rows = rowsView.rows();
        if (rows == null) {
            return;
        }
        FileDialog d = new FileDialog(getSite().getShell(), SWT.SAVE);
        d.setText(Messages.Export_title);
        d.setFilterNames(new String[] { Messages.Export_dump, Messages.Export_csv });
        d.setFilterExtensions(new String[] { "*.txt", "*.csv" });
        d.setFileName(rows.snapshot().source().replaceAll("[^A-Za-z0-9._-]+", "_") + ".txt");
        d.setOverwrite(true);
        String f = d.open();
        if (f != null) {
            export(rows, Path.of(f), f.endsWith(".csv") || d.getFilterIndex() == 1).schedule();
        }
    }

    /**
     * A Job writing {@code rows}' mappings (in display order; group headers left out) to {@code file}: as
     * {@code dma-api/dump} lines, or CSV with every column.
     */
    public static Job export(MappingRows rows, Path file, boolean csv) {
        Job job = Job.create(NLS.bind(Messages.Export_job, file.getFileName()), monitor -> {
            long[] ids = rows.ids();
            monitor.beginTask(file.getFileName().toString(), ids.length);
            var h = rows.snapshot().history();
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                if (csv) {
                    w.write(MappingExport.CSV_HEADER);
                    w.write('\n');
                }
                List<Mapping> all = new ArrayList<>(ids.length);
                for (int k = 0; k < ids.length; k++) {
                    if (monitor.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    int i = h.indexOfId(ids[k]);
                    if (i < 0) {
                        continue;
                    }
                    Mapping m = h.row(i);
                    if (csv) {
                        w.write(MappingExport.csvLine(m, h.isLeaked(i)));
                        w.write('\n');
                    } else {
                        all.add(m);
                    }
                    if ((k & 4095) == 0) {
                        monitor.worked(4096);
                    }
                }
                if (!csv) {
                    MappingExport.writeDump(all, w);
                }
            } catch (IOException e) {
                return Status.error(NLS.bind(Messages.Export_failed, file, e.getMessage()));
            }
            refreshWorkspace(file);
            return Status.OK_STATUS;
        });
        job.setUser(true);
        return job;
    }

    private static void refreshWorkspace(Path file) {
        var f = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot()
                .getFileForLocation(org.eclipse.core.runtime.IPath.fromOSString(file.toString()));
        if (f != null) {
            try {
                f.refreshLocal(IResource.DEPTH_ZERO, null);
            } catch (org.eclipse.core.runtime.CoreException e) {
                // the file is written; the workspace sees it at its next refresh
            }
        }
    }

    private void importCapture() {
        try {
            PlatformUI.getWorkbench().getService(org.eclipse.ui.handlers.IHandlerService.class)
                    .executeCommand("org.dmaworkbench.ui.commands.openCapture", null);
        } catch (Exception e) {
            summary.setText(String.valueOf(e.getMessage()));
        }
    }

    private void compare() {
        try {
            CompareView v = (CompareView) getSite().getPage().showView(CompareView.ID);
            List<LiveSource> all = EmulationContext.getDefault().sources();
            LiveSource other = null;
            for (LiveSource s : all) {
                if (s != source) {
                    other = s;
                }
            }
            v.setSources(other, source);
        } catch (PartInitException e) {
            summary.setText(e.getMessage());
        }
    }

    private void installDrop(Control target) {
        DropTarget dt = new DropTarget(target, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_LINK);
        dt.setTransfer(FileTransfer.getInstance(), ResourceTransfer.getInstance(), LocalSelectionTransfer.getTransfer());
        dt.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent e) {
                if (e.detail == DND.DROP_DEFAULT || e.detail == DND.DROP_MOVE) {
                    e.detail = DND.DROP_COPY;
                }
            }

            @Override
            public void drop(DropTargetEvent e) {
                List<Path> files = droppedFiles(e.data);
                if (!files.isEmpty()) {
                    CaptureImportJob.start(files, Map.of());
                }
            }
        });
        // the tables are the visible surface: they take drops too
        for (Control c : new Control[] { rowsView.table().table(), errors.table().table() }) {
            DropTarget t = new DropTarget(c, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_LINK);
            t.setTransfer(dt.getTransfer());
            for (var l : dt.getDropListeners()) {
                t.addDropListener(l);
            }
        }
    }

    /** The local files of a drop: file names, workspace resources or a local selection of them. */
    public static List<Path> droppedFiles(Object data) {
        List<Path> out = new ArrayList<>();
        if (data instanceof String[] names) {
            for (String n : names) {
                out.add(Path.of(n));
            }
        } else if (data instanceof IResource[] rs) {
            for (IResource r : rs) {
                if (r.getLocation() != null && r.getType() == IResource.FILE) {
                    out.add(r.getLocation().toFile().toPath());
                }
            }
        } else if (data instanceof IStructuredSelection ss) {
            for (Object o : ss.toList()) {
                IResource r = org.eclipse.core.runtime.Adapters.adapt(o, IResource.class);
                if (r != null && r.getLocation() != null && r.getType() == IResource.FILE) {
                    out.add(r.getLocation().toFile().toPath());
                }
            }
        }
        return out;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IPropertySheetPage.class) {
            // one page per request: the Properties view disposes the pages it no longer shows
            MappingPropertiesPage page = new MappingPropertiesPage(selectionProvider);
            propertiesPages.add(new java.lang.ref.WeakReference<>(page));
            return adapter.cast(page);
        }
        return super.getAdapter(adapter);
    }

    /** The page the Properties view shows for this view, once it made one (tests). */
    public MappingPropertiesPage propertiesPage() {
        MappingPropertiesPage shown = null;
        for (var ref : propertiesPages) {
            MappingPropertiesPage p = ref.get();
            if (p != null && p.getControl() != null && !p.getControl().isDisposed()) {
                shown = p;
            }
        }
        return shown;
    }

    // ============================================================================================ compatibility

    /** @return the mapping table's column titles, left to right as shown */
    public String[] columnTitles() {
        VirtualTable t = rowsView.table();
        int[] order = t.columnOrder();
        List<String> titles = new ArrayList<>();
        for (int i : order) {
            if (t.isColumnVisible(i)) {
                titles.add(t.column(i).getText());
            }
        }
        return titles.toArray(String[]::new);
    }

    public String statusText() {
        return status.getText();
    }

    /** The summary beside the controls, e.g. "13 live mappings, 52 KiB" (tests). */
    public String summaryText() {
        return summary.getText();
    }

    @Override
    public void setFocus() {
        rowsView.table().setFocus();
    }

    @Override
    public void dispose() {
        EmulationContext.getDefault().removeListener(contextListener);
        getSite().getPage().removePostSelectionListener(pageListener);
        rowsView.dispose();
        if (clipboard != null) {
            clipboard.dispose();
        }
        super.dispose();
    }
}
