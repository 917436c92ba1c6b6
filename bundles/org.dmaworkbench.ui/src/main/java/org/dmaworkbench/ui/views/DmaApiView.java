package org.dmaworkbench.ui.views;

import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.ui.internal.Messages;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * Live DMA mappings of an emulation session, one row per dma-debug entry: device, type, DMA address,
 * physical address, size, direction and where it was mapped. Empty until a session runs. Its status line follows
 * the {@link EmulationContext}: the emulation selected in the Debug view, else the newest.
 */
public class DmaApiView extends ViewPart {
    private Label status;
    private TableViewer viewer;
    private final EmulationContext.Listener contextListener = this::showStatus;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent,
                org.dmaworkbench.ui.DmaWorkbenchUi.DMA_API_VIEW_HELP_CONTEXT);
        status = new Label(root, SWT.WRAP);
        status.setText(Messages.DmaApiView_noSession);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Composite tableHolder = new Composite(root, SWT.NONE);
        tableHolder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        TableColumnLayout columns = new TableColumnLayout();
        tableHolder.setLayout(columns);
        viewer = new TableViewer(tableHolder, SWT.FULL_SELECTION | SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        addColumn(columns, Messages.DmaApiView_colDevice, 18);
        addColumn(columns, Messages.DmaApiView_colType, 10);
        addColumn(columns, Messages.DmaApiView_colDmaAddress, 14);
        addColumn(columns, Messages.DmaApiView_colPhysAddress, 14);
        addColumn(columns, Messages.DmaApiView_colSize, 8);
        addColumn(columns, Messages.DmaApiView_colDirection, 14);
        addColumn(columns, Messages.DmaApiView_colMappedAt, 22);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(new Object[0]);
        EmulationContext context = EmulationContext.getDefault();
        context.addListener(contextListener);
        showStatus(context);
    }

    private void showStatus(EmulationContext context) {
        if (status.isDisposed()) {
            return;
        }
        String s = context.status();
        String text = s == null ? Messages.DmaApiView_noSession : s;
        if (!text.equals(status.getText())) {
            status.setText(text);
            status.getParent().layout();
        }
    }

    @Override
    public void dispose() {
        EmulationContext.getDefault().removeListener(contextListener);
        super.dispose();
    }

    private void addColumn(TableColumnLayout layout, String title, int weight) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60, true));
    }

    /** @return the table's column titles, left to right */
    public String[] columnTitles() {
        var cols = viewer.getTable().getColumns();
        String[] titles = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            titles[i] = cols[i].getText();
        }
        return titles;
    }

    public String statusText() {
        return status.getText();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
