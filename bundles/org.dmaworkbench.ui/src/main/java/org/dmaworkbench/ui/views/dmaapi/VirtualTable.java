package org.dmaworkbench.ui.views.dmaapi;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * A table of any number of rows that asks SWT for no more rows than are visible, after Trace Compass's
 * {@code TmfVirtualTable}: the SWT table holds one item per visible row, a slider beside it is the vertical scroll
 * bar, and scrolling re-fills the items from a {@link Provider}. Selection, focus and anchor are kept as display
 * rows here, so selecting a million rows costs a bit set, and the wheel, the keyboard (arrows, Page Up/Down,
 * Home/End, Shift and Ctrl) and the mouse behave as in a native table. Columns are movable, resizable and can be
 * hidden (width 0) from the header's context menu. UI thread only.
 */
public final class VirtualTable extends Composite {

    /** What the rows show; called for visible rows only. */
    public interface Provider {
        String text(int row, int column);

        default Image image(int row, int column) {
            return null;
        }

        default Color foreground(int row) {
            return null;
        }

        default Font font(int row) {
            return null;
        }

        default String toolTip(int row, int column) {
            return null;
        }
    }

    private final Table table;
    private final Slider slider;
    private Provider provider = (r, c) -> "";
    private int rowCount;
    private int top;
    private final BitSet selection = new BitSet();
    private int anchor = -1;
    private int focus = -1;
    private final List<Runnable> selectionListeners = new ArrayList<>();
    private final List<IntConsumer> openListeners = new ArrayList<>();
    private final List<IntConsumer> sortListeners = new ArrayList<>();
    private final List<IntConsumer> toggleListeners = new ArrayList<>();
    private final List<Runnable> columnListeners = new ArrayList<>();
    private int[] hiddenWidth = new int[0];
    private Menu headerMenu;
    private Menu bodyMenu;
    /** number of times the items were re-filled (for tests: the table never asks for rows it does not show) */
    private long fills;
    private int maxItems;

    public VirtualTable(Composite parent, int style) {
        super(parent, SWT.NONE);
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        gl.horizontalSpacing = 0;
        setLayout(gl);
        table = new Table(this, SWT.MULTI | SWT.FULL_SELECTION | SWT.H_SCROLL | SWT.NO_SCROLL | style);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        slider = new Slider(this, SWT.VERTICAL);
        slider.setLayoutData(new GridData(SWT.FILL, SWT.FILL, false, true));
        slider.addListener(SWT.Selection, e -> scrollTo(slider.getSelection()));
        table.addListener(SWT.Resize, e -> refresh());
        table.addListener(SWT.MouseVerticalWheel, e -> {
            scrollTo(top - e.count);
            e.doit = false;
        });
        table.addListener(SWT.MouseWheel, e -> e.doit = false);
        table.addListener(SWT.KeyDown, this::key);
        table.addListener(SWT.Selection, this::clicked);
        table.addListener(SWT.DefaultSelection, e -> {
            int row = rowOf(e.item);
            if (row >= 0) {
                openListeners.forEach(l -> l.accept(row));
            }
        });
        table.addListener(SWT.MouseDown, this::mouseDown);
        table.addListener(SWT.MouseHover, this::hover);
        table.addListener(SWT.MenuDetect, e -> {
            Point p = table.toControl(e.x, e.y);
            Rectangle area = table.getClientArea();
            boolean header = p.y >= area.y && p.y < area.y + table.getHeaderHeight();
            table.setMenu(header ? headerMenu() : bodyMenu);
        });
    }

    // ------------------------------------------------------------------------------------------ columns

    /** Adds a column; returns its index. */
    public int addColumn(String title, int width, int alignment) {
        TableColumn c = new TableColumn(table, alignment);
        c.setText(title);
        c.setWidth(width);
        c.setMoveable(true);
        c.setResizable(true);
        int index = table.getColumnCount() - 1;
        c.addListener(SWT.Selection, e -> sortListeners.forEach(l -> l.accept(index)));
        c.addListener(SWT.Resize, e -> columnListeners.forEach(Runnable::run));
        c.addListener(SWT.Move, e -> columnListeners.forEach(Runnable::run));
        hiddenWidth = java.util.Arrays.copyOf(hiddenWidth, index + 1);
        return index;
    }

    public TableColumn column(int index) {
        return table.getColumn(index);
    }

    public int columnCount() {
        return table.getColumnCount();
    }

    /** Shows or hides a column (hidden: width 0, not resizable, its width kept to come back). */
    public void setColumnVisible(int index, boolean visible) {
        TableColumn c = table.getColumn(index);
        if (visible == isColumnVisible(index)) {
            return;
        }
        if (visible) {
            c.setResizable(true);
            c.setWidth(hiddenWidth[index] > 0 ? hiddenWidth[index] : 100);
        } else {
            hiddenWidth[index] = c.getWidth();
            c.setWidth(0);
            c.setResizable(false);
        }
        columnListeners.forEach(Runnable::run);
    }

    public boolean isColumnVisible(int index) {
        return table.getColumn(index).getResizable();
    }

    /** The width a column has, or had before it was hidden. */
    public int columnWidth(int index) {
        return isColumnVisible(index) ? table.getColumn(index).getWidth() : hiddenWidth[index];
    }

    public void setColumnWidth(int index, int width, boolean visible) {
        hiddenWidth[index] = width;
        table.getColumn(index).setWidth(visible ? width : 0);
        table.getColumn(index).setResizable(visible);
    }

    public int[] columnOrder() {
        return table.getColumnOrder();
    }

    public void setColumnOrder(int[] order) {
        table.setColumnOrder(order);
    }

    /** Shows the sort arrow on a column (-1: none). */
    public void setSortColumn(int index, boolean descending) {
        table.setSortColumn(index < 0 ? null : table.getColumn(index));
        table.setSortDirection(index < 0 ? SWT.NONE : descending ? SWT.DOWN : SWT.UP);
    }

    private Menu headerMenu() {
        if (headerMenu != null) {
            headerMenu.dispose();
        }
        headerMenu = new Menu(table);
        for (int i : table.getColumnOrder()) {
            MenuItem mi = new MenuItem(headerMenu, SWT.CHECK);
            mi.setText(table.getColumn(i).getText());
            mi.setSelection(isColumnVisible(i));
            mi.addListener(SWT.Selection, e -> setColumnVisible(i, mi.getSelection()));
        }
        return headerMenu;
    }

    /** The context menu of the rows (the header has the column menu). */
    public void setBodyMenu(Menu menu) {
        this.bodyMenu = menu;
    }

    // ------------------------------------------------------------------------------------------ rows

    public void setProvider(Provider p) {
        this.provider = p;
        refresh();
    }

    /** Sets the number of rows; keeps the first visible row where it can. */
    public void setRowCount(int n) {
        rowCount = n;
        selection.clear(n, Math.max(n, selection.length()));
        if (focus >= n) {
            focus = n - 1;
        }
        if (anchor >= n) {
            anchor = n - 1;
        }
        refresh();
    }

    public int rowCount() {
        return rowCount;
    }

    /** The first visible row. */
    public int topRow() {
        return top;
    }

    /** Rows that fit entirely. */
    public int visibleRows() {
        int h = table.getClientArea().height - table.getHeaderHeight();
        return Math.max(1, h / Math.max(1, table.getItemHeight()));
    }

    /** Re-reads the visible rows from the provider. */
    public void refresh() {
        if (isDisposed()) {
            return;
        }
        int full = visibleRows();
        int h = table.getClientArea().height - table.getHeaderHeight();
        int capacity = Math.max(1, (h + table.getItemHeight() - 1) / Math.max(1, table.getItemHeight()));
        top = Math.max(0, Math.min(top, rowCount - full));
        int items = Math.max(0, Math.min(capacity, rowCount - top));
        if (table.getItemCount() != items) {
            table.setItemCount(items);
        }
        maxItems = Math.max(maxItems, items);
        int cols = Math.max(1, table.getColumnCount());
        List<Integer> sel = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            int row = top + i;
            TableItem it = table.getItem(i);
            for (int c = 0; c < cols; c++) {
                String t = provider.text(row, c);
                it.setText(c, t == null ? "" : t);
                Image img = provider.image(row, c);
                if (img != it.getImage(c)) {
                    it.setImage(c, img);
                }
            }
            it.setForeground(provider.foreground(row));
            it.setFont(provider.font(row));
            it.setData(row);
            if (selection.get(row)) {
                sel.add(i);
            }
        }
        table.setSelection(sel.stream().mapToInt(Integer::intValue).toArray());
        fills++;
        boolean scroll = rowCount > full;
        slider.setEnabled(scroll);
        slider.setValues(top, 0, Math.max(rowCount, 1), Math.max(1, Math.min(full, rowCount)), 1, Math.max(1, full));
    }

    private void scrollTo(int row) {
        int t = Math.max(0, Math.min(row, rowCount - visibleRows()));
        if (t != top) {
            top = t;
            refresh();
        }
    }

    /** Scrolls so that {@code row} is visible. */
    public void reveal(int row) {
        int full = visibleRows();
        if (row < top) {
            scrollTo(row);
        } else if (row >= top + full) {
            scrollTo(row - full + 1);
        }
    }

    private int rowOf(org.eclipse.swt.widgets.Widget item) {
        return item instanceof TableItem ti && ti.getData() instanceof Integer r ? r : -1;
    }

    // ------------------------------------------------------------------------------------------ selection

    /** The selected rows (a copy). */
    public BitSet selection() {
        return (BitSet) selection.clone();
    }

    /** The row with the keyboard focus, -1 when none. */
    public int focusRow() {
        return focus;
    }

    /** Selects exactly {@code rows}, the first one becoming the focus; does not notify. */
    public void setSelection(BitSet rows, boolean reveal) {
        selection.clear();
        selection.or(rows);
        selection.clear(rowCount, Math.max(rowCount, selection.length()));
        focus = selection.nextSetBit(0);
        anchor = focus;
        if (reveal && focus >= 0) {
            reveal(focus);
        }
        refresh();
    }

    /** Selects every row and notifies. */
    public void selectAll() {
        selection.set(0, rowCount);
        anchor = 0;
        focus = Math.max(0, rowCount - 1);
        refresh();
        selectionListeners.forEach(Runnable::run);
    }

    private void select(int row, int stateMask) {
        if (row < 0 || row >= rowCount) {
            return;
        }
        if ((stateMask & SWT.SHIFT) != 0 && anchor >= 0) {
            if ((stateMask & SWT.MOD1) == 0) {
                selection.clear();
            }
            selection.set(Math.min(anchor, row), Math.max(anchor, row) + 1);
        } else if ((stateMask & SWT.MOD1) != 0) {
            selection.flip(row);
            anchor = row;
        } else {
            selection.clear();
            selection.set(row);
            anchor = row;
        }
        focus = row;
        reveal(row);
        refresh();
        selectionListeners.forEach(Runnable::run);
    }

    private void clicked(Event e) {
        int row = rowOf(e.item);
        if (row >= 0) {
            select(row, e.stateMask);
        }
    }

    private void mouseDown(Event e) {
        TableItem it = table.getItem(new Point(e.x, e.y));
        int row = rowOf(it);
        if (row < 0 || e.button != 1) {
            return;
        }
        // the twisty of a group header, at the left end of the first column shown
        int first = table.getColumnOrder()[0];
        Rectangle cell = it.getBounds(first);
        if (e.x >= cell.x && e.x < cell.x + 18) {
            toggleListeners.forEach(l -> l.accept(row));
        }
    }

    private void hover(Event e) {
        TableItem it = table.getItem(new Point(e.x, e.y));
        int row = rowOf(it);
        String tip = null;
        if (row >= 0) {
            for (int c = 0; c < table.getColumnCount(); c++) {
                if (it.getBounds(c).contains(e.x, e.y)) {
                    tip = provider.toolTip(row, c);
                    break;
                }
            }
        }
        table.setToolTipText(tip);
    }

    private void key(Event e) {
        int full = visibleRows();
        int f = focus < 0 ? top : focus;
        int to;
        switch (e.keyCode) {
        case SWT.ARROW_UP -> to = f - 1;
        case SWT.ARROW_DOWN -> to = f + 1;
        case SWT.PAGE_UP -> to = f - full;
        case SWT.PAGE_DOWN -> to = f + full;
        case SWT.HOME -> to = 0;
        case SWT.END -> to = rowCount - 1;
        case SWT.ARROW_LEFT, SWT.ARROW_RIGHT -> {
            if (focus >= 0) {
                int row = focus;
                toggleListeners.forEach(l -> l.accept(row | (e.keyCode == SWT.ARROW_LEFT ? Integer.MIN_VALUE : 0)));
            }
            e.doit = false;
            return;
        }
        default -> {
            if (e.character == 'a' && (e.stateMask & SWT.MOD1) != 0) {
                selectAll();
                e.doit = false;
            }
            return;
        }
        }
        e.doit = false;
        if (rowCount == 0) {
            return;
        }
        select(Math.max(0, Math.min(rowCount - 1, to)), e.stateMask & (SWT.SHIFT | SWT.MOD1));
    }

    // ------------------------------------------------------------------------------------------ listeners

    public void addSelectionListener(Runnable l) {
        selectionListeners.add(l);
    }

    /** Double-click or Enter on a row. */
    public void addOpenListener(IntConsumer l) {
        openListeners.add(l);
    }

    /** A click on a column header, with the column's index. */
    public void addSortListener(IntConsumer l) {
        sortListeners.add(l);
    }

    /**
     * A click on the twisty of a row, or Left/Right on the focus row: the row, with the sign bit set for Left
     * (collapse).
     */
    public void addToggleListener(IntConsumer l) {
        toggleListeners.add(l);
    }

    /** A column moved, resized, shown or hidden. */
    public void addColumnListener(Runnable l) {
        columnListeners.add(l);
    }

    /** The SWT table (for tests, the help system and drag and drop). */
    public Table table() {
        return table;
    }

    /** How many times the items were re-filled. */
    public long fills() {
        return fills;
    }

    /** The most items the SWT table ever held. */
    public int maxItems() {
        return maxItems;
    }

    /** The text row {@code i} of the SWT table shows in column {@code c} (tests). */
    public String itemText(int i, int c) {
        return i < table.getItemCount() ? table.getItem(i).getText(c) : null;
    }

    @Override
    public boolean setFocus() {
        return table.setFocus();
    }
}
