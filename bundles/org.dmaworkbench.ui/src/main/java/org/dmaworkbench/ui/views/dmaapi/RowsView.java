package org.dmaworkbench.ui.views.dmaapi;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingColumn;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.emulation.live.MappingRows;
import org.dmaworkbench.ui.selection.MappingRef;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * The DMA-API view's mappings table: the virtual table, its columns, what each cell shows, and the rows computed by a
 * {@link RowsWorker} off the UI thread. Selection is kept as mapping ids, so it follows a mapping through re-sorts
 * and refreshes; group headers show their count and bytes and fold with their twisty (or Left/Right).
 */
public final class RowsView {
    private final VirtualTable table;
    private final RowsWorker worker;
    private final Consumer<MappingRows> shown;
    private LiveStateModel model;
    private boolean running;
    private MappingQuery query = MappingQuery.DEFAULT;
    private Set<String> collapsed = Set.of();
    private MappingRows rows;
    private long[] selectedIds = new long[0];
    private boolean selectAll;
    private long generation;
    private long selectionGeneration;
    private long requestedSelectionGeneration;
    private int sortColumn = -1;
    private boolean sortDescending;
    // the last row read, for the cells of one row
    private int cachedRow = -1;
    private MappingRows cachedRows;
    private Mapping cachedMapping;
    private String cachedSite;
    private final Font bold = JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT);
    private final Image errorImage = PlatformUI.getWorkbench().getSharedImages()
            .getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
    private final Image leakImage = PlatformUI.getWorkbench().getSharedImages()
            .getImage(ISharedImages.IMG_OBJS_WARN_TSK);
    /** UI-thread time spent taking results (figures for tests) */
    private long uiNanos;
    private long refreshes;

    public RowsView(VirtualTable table, Consumer<MappingRows> shown) {
        this.table = table;
        this.shown = shown;
        for (MappingColumns c : MappingColumns.values()) {
            table.addColumn(c.title, c.width, c.align);
        }
        this.worker = new RowsWorker(table.getDisplay(), this::take);
        table.setProvider(new Provider());
        table.addSortListener(this::headerClicked);
        table.addToggleListener(r -> toggle(r & Integer.MAX_VALUE, r < 0 ? -1 : 1));
        table.addSelectionListener(this::tableSelection);
    }

    /** What a cell shows. */
    private final class Provider implements VirtualTable.Provider {
        private boolean load(int row) {
            MappingRows r = rows;
            if (r == null || row >= r.size()) {
                return false;
            }
            if (row != cachedRow || r != cachedRows) {
                cachedRows = r;
                cachedRow = row;
                cachedMapping = r.mapping(row);
                cachedSite = cachedMapping == null ? "" : r.callSite(row);
            }
            return true;
        }

        private long now() {
            MappingQuery q = rows.query();
            return q.mode() == MappingQuery.Mode.LIVE_AT ? q.atNs() : rows.snapshot().timeNs();
        }

        @Override
        public String text(int row, int column) {
            if (!load(row)) {
                return "";
            }
            if (cachedMapping == null) {
                // a group: its key in the first column shown, its count in the next, its bytes under Size
                MappingRows.Group g = rows.group(row);
                int[] order = table.columnOrder();
                int first = firstShown();
                if (column == order[first]) {
                    boolean folded = rows.collapsed().contains(g.key());
                    return (folded ? "\u25b8 " : "\u25be ") + g.key();
                }
                if (column == order[nextShown(first)]) {
                    return g.count() == 1 ? Messages.Group_one
                            : NLS.bind(Messages.Group_many, String.format("%,d", g.count()));
                }
                return column == MappingColumns.SIZE.ordinal() ? Formats.bytes(g.bytes()) : "";
            }
            return MappingColumns.values()[column].text(cachedMapping, now(), cachedSite);
        }

        @Override
        public Image image(int row, int column) {
            if (!load(row) || cachedMapping == null || column != table.columnOrder()[firstShown()]) {
                return null;
            }
            return rows.hasErrors(row) ? errorImage : rows.isLeaked(row) ? leakImage : null;
        }

        @Override
        public Color foreground(int row) {
            if (!load(row) || cachedMapping == null) {
                return null;
            }
            if (rows.hasErrors(row)) {
                Color c = JFaceResources.getColorRegistry().get(org.eclipse.jface.preference.JFacePreferences.ERROR_COLOR);
                return c != null ? c : table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED);
            }
            if (!cachedMapping.isLive() && rows.query().mode() == MappingQuery.Mode.HISTORY) {
                return table.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
            }
            return null;
        }

        @Override
        public Font font(int row) {
            return load(row) && cachedMapping == null ? bold : null;
        }

        @Override
        public String toolTip(int row, int column) {
            if (!load(row) || cachedMapping == null) {
                return null;
            }
            if (column == MappingColumns.CALL_SITE.ordinal()) {
                return String.join("\n", cachedMapping.stack().stream().map(String::strip).toList());
            }
            if (rows.isLeaked(row)) {
                return Messages.Tip_leaked;
            }
            return rows.hasErrors(row) ? Messages.Tip_errors : null;
        }
    }

    /** The index (in the column order) of the visible column after the one at {@code i}. */
    private int nextShown(int i) {
        int[] order = table.columnOrder();
        for (int k = i + 1; k < order.length; k++) {
            if (table.isColumnVisible(order[k])) {
                return k;
            }
        }
        return i;
    }

    /** The index (in the column order) of the first visible column. */
    private int firstShown() {
        int[] order = table.columnOrder();
        for (int i = 0; i < order.length; i++) {
            if (table.isColumnVisible(order[i])) {
                return i;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------ requests

    public void setSource(LiveStateModel m, boolean isRunning) {
        model = m;
        running = isRunning;
        selectedIds = new long[0];
        selectAll = false;
        selectionGeneration++;
        request();
    }

    public void setRunning(boolean isRunning) {
        if (isRunning != running) {
            running = isRunning;
            request();
        } else if (isRunning) {
            // the worker polls on its own; a tick of the context changes nothing
        } else if (rows != null && model != null && rows.snapshot().version() != model.version()) {
            request(); // the last changes of a run that ended
        }
    }

    public MappingQuery query() {
        return query;
    }

    public void setQuery(MappingQuery q) {
        if (!q.equals(query)) {
            query = q;
            if (q.sort() == MappingColumn.ID && !q.descending()) {
                table.setSortColumn(-1, false);
            }
            request();
        }
    }

    private void request() {
        requestedSelectionGeneration = selectionGeneration;
        worker.request(new RowsWorker.Request(model, query, collapsed, selectedIds, selectAll, running, ++generation));
    }

    private void take(RowsWorker.Result r) {
        if (table.isDisposed()) {
            return;
        }
        long t0 = System.nanoTime();
        rows = r.rows();
        table.setRowCount(rows == null ? 0 : rows.size());
        if (selectionGeneration == requestedSelectionGeneration) {
            table.setSelection(r.selectedRows(), false);
        }
        shown.accept(rows);
        uiNanos += System.nanoTime() - t0;
        refreshes++;
    }

    public MappingRows rows() {
        return rows;
    }

    public VirtualTable table() {
        return table;
    }

    /** UI-thread time spent on the results so far, and how many (tests' figures). */
    public long uiNanos() {
        return uiNanos;
    }

    public long refreshes() {
        return refreshes;
    }

    // ------------------------------------------------------------------------------------------ sorting, groups

    private void headerClicked(int column) {
        boolean desc = column == sortColumn && !sortDescending;
        sortBy(MappingColumns.values()[column], desc);
    }

    /** Sorts by {@code c} (AGE: by map time, youngest first when ascending). */
    public void sortBy(MappingColumns c, boolean descending) {
        sortColumn = c.ordinal();
        sortDescending = descending;
        table.setSortColumn(c.ordinal(), descending);
        boolean desc = c == MappingColumns.AGE ? !descending : descending;
        setQuery(query.withSort(c.sort, desc));
    }

    /** Folds (how < 0), unfolds (how > 0) or flips (0) the group of display row {@code row}. */
    public void toggle(int row, int how) {
        if (rows == null || row < 0 || row >= rows.size() || rows.group(row) == null) {
            return;
        }
        String key = rows.group(row).key();
        if (!rows.isGroup(row) && how >= 0) {
            return;
        }
        Set<String> c = new HashSet<>(collapsed);
        boolean fold = how < 0 || how == 0 && !c.contains(key);
        if (fold ? !c.add(key) : !c.remove(key)) {
            return;
        }
        collapsed = Set.copyOf(c);
        rows = rows.withCollapsed(collapsed);
        int header = rows.headerRowOf(key);
        table.setRowCount(rows.size());
        BitSet b = new BitSet();
        b.set(header);
        table.setSelection(b, true);
        tableSelection();
        shown.accept(rows);
        request();
    }

    /** Folds or unfolds every group. */
    public void collapseAll(boolean fold) {
        if (rows == null) {
            return;
        }
        Set<String> c = new HashSet<>();
        if (fold) {
            rows.groups().forEach(g -> c.add(g.key()));
        }
        collapsed = Set.copyOf(c);
        rows = rows.withCollapsed(collapsed);
        table.setRowCount(rows.size());
        shown.accept(rows);
        request();
    }

    // ------------------------------------------------------------------------------------------ selection

    private void tableSelection() {
        selectionGeneration++;
        BitSet b = table.selection();
        selectAll = rows != null && b.cardinality() == rows.size() && rows.size() > 1;
        List<Long> ids = new ArrayList<>();
        if (rows != null && !selectAll) {
            for (int r = b.nextSetBit(0); r >= 0 && ids.size() < 100_000; r = b.nextSetBit(r + 1)) {
                long id = rows.id(r);
                if (id >= 0) {
                    ids.add(id);
                }
            }
        }
        selectedIds = ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The ids of the selected mappings, at most {@code max}, in display order. */
    public List<Long> selectedIds(int max) {
        List<Long> out = new ArrayList<>();
        BitSet b = table.selection();
        if (rows == null) {
            return out;
        }
        for (int r = b.nextSetBit(0); r >= 0 && out.size() < max; r = b.nextSetBit(r + 1)) {
            long id = rows.id(r);
            if (id >= 0) {
                out.add(id);
            }
        }
        return out;
    }

    /** The selected mappings as the selection service carries them, at most {@code max}. */
    public List<MappingRef> selectedRefs(int max) {
        List<MappingRef> out = new ArrayList<>();
        if (rows == null || model == null) {
            return out;
        }
        BitSet b = table.selection();
        for (int r = b.nextSetBit(0); r >= 0 && out.size() < max; r = b.nextSetBit(r + 1)) {
            Mapping m = rows.mapping(r);
            if (m != null) {
                out.add(new MappingRef(model, m.id(), m.device(), m.dmaAddr(), m.size()));
            }
        }
        return out;
    }

    /** Selects mapping {@code id} and scrolls to it, unfolding its group; false when it is not listed. */
    public boolean select(long id) {
        if (rows == null) {
            return false;
        }
        int row = rows.displayRowOf(id);
        if (row < 0 && !collapsed.isEmpty()) {
            collapsed = Set.of();
            rows = rows.withCollapsed(collapsed);
            table.setRowCount(rows.size());
            row = rows.displayRowOf(id);
            request();
        }
        if (row < 0) {
            return false;
        }
        BitSet b = new BitSet();
        b.set(row);
        table.setSelection(b, true);
        tableSelection();
        return true;
    }

    /**
     * Selects, in a Job, the mappings of {@code devices} whose DMA range overlaps {@code [iova, iova + size)}: what
     * an IOVA range selected in the IOMMU view is backed by.
     */
    public void selectBacking(Set<String> devices, long iova, long size) {
        MappingRows r = rows;
        if (r == null) {
            return;
        }
        Job job = Job.create(Messages.Worker_select, monitor -> {
            BitSet b = new BitSet();
            for (int row = 0; row < r.size(); row++) {
                Mapping m = r.isGroup(row) ? null : r.mapping(row);
                if (m != null && devices.contains(m.device()) && Long.compareUnsigned(m.dmaAddr(), iova + size) < 0
                        && Long.compareUnsigned(iova, m.dmaAddr() + Math.max(1, m.size())) < 0) {
                    b.set(row);
                }
            }
            table.getDisplay().asyncExec(() -> {
                if (rows == r && !table.isDisposed()) {
                    table.setSelection(b, true);
                    tableSelection();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    public void dispose() {
        worker.dispose();
    }
}
