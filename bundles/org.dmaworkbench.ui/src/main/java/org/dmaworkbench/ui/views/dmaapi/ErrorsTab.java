package org.dmaworkbench.ui.views.dmaapi;

import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * The Errors tab: dma-debug's reports (and a capture's replay findings), one row each, with the check, the device,
 * the kernel's message, the virtual time, the mapping it is about and where it came from; below, the selected
 * report in full: the message, its "Mapped at" stack and the stack of the offending call.
 */
public final class ErrorsTab {
    enum Col {
        SEQ(Messages.ErrCol_seq, 45, SWT.RIGHT), TIME(Messages.ErrCol_time, 105, SWT.RIGHT),
        CHECK(Messages.ErrCol_check, 170, SWT.LEFT), DEVICE(Messages.ErrCol_device, 180, SWT.LEFT),
        MESSAGE(Messages.ErrCol_message, 520, SWT.LEFT), MAPPING(Messages.ErrCol_mapping, 70, SWT.RIGHT),
        WHERE(Messages.ErrCol_where, 200, SWT.LEFT);

        final String title;
        final int width;
        final int align;

        Col(String title, int width, int align) {
            this.title = title;
            this.width = width;
            this.align = align;
        }
    }

    private final SashForm sash;
    private final VirtualTable table;
    private final Text details;
    private List<DmaErrorRecord> errors = List.of();
    private java.util.function.Function<DmaErrorRecord, String> where = e -> "";

    public ErrorsTab(Composite parent) {
        sash = new SashForm(parent, SWT.HORIZONTAL);
        table = new VirtualTable(sash, SWT.NONE);
        for (Col c : Col.values()) {
            table.addColumn(c.title, c.width, c.align);
        }
        details = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        details.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        sash.setWeights(62, 38);
        Image error = PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
        Image warn = PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJS_WARN_TSK);
        table.setProvider(new VirtualTable.Provider() {
            @Override
            public String text(int row, int column) {
                DmaErrorRecord e = errors.get(row);
                return switch (Col.values()[column]) {
                case SEQ -> Long.toString(e.sequence() + 1);
                case TIME -> Formats.time(e.timeNs());
                case CHECK -> e.checkId();
                case DEVICE -> e.device();
                case MESSAGE -> e.summary();
                case MAPPING -> e.mappingId() < 0 ? "" : "#" + e.mappingId();
                case WHERE -> where.apply(e);
                };
            }

            @Override
            public Image image(int row, int column) {
                return column == 0 ? errors.get(row).printed() ? error : warn : null;
            }

            @Override
            public String toolTip(int row, int column) {
                return errors.get(row).message();
            }
        });
        table.addSelectionListener(this::showDetails);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
    }

    public Composite control() {
        return sash;
    }

    public VirtualTable table() {
        return table;
    }

    /** How the Where column describes a record's origin (file:line). */
    public void setWhere(java.util.function.Function<DmaErrorRecord, String> w) {
        this.where = w;
    }

    public void show(LiveStateSnapshot s) {
        List<DmaErrorRecord> next = s == null ? List.of() : s.errors();
        if (next == errors) {
            return;
        }
        errors = next;
        table.setRowCount(errors.size());
        showDetails();
    }

    public List<DmaErrorRecord> errors() {
        return errors;
    }

    /** The record of the focus row, or null. */
    public DmaErrorRecord selected() {
        int r = table.focusRow();
        return r >= 0 && r < errors.size() && table.selection().get(r) ? errors.get(r) : null;
    }

    /** Selects the records about mapping {@code id}; returns how many. */
    public int selectErrorsOf(long id) {
        BitSet b = new BitSet();
        for (int i = 0; i < errors.size(); i++) {
            if (errors.get(i).mappingId() == id) {
                b.set(i);
            }
        }
        table.setSelection(b, true);
        showDetails();
        return b.cardinality();
    }

    public void onSelection(Consumer<DmaErrorRecord> l) {
        table.addSelectionListener(() -> l.accept(selected()));
    }

    public void onOpen(Consumer<DmaErrorRecord> l) {
        table.addOpenListener(row -> l.accept(errors.get(row)));
    }

    private void showDetails() {
        DmaErrorRecord e = selected();
        if (e == null) {
            details.setText(errors.isEmpty() ? Messages.Errors_none : Messages.Errors_select);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(e.message()).append('\n');
        if (!e.mappedAt().isEmpty()) {
            sb.append('\n');
            e.mappedAt().forEach(l -> sb.append(l).append('\n'));
        }
        if (!e.callTrace().isEmpty()) {
            sb.append('\n').append(Messages.Errors_callTrace).append('\n');
            e.callTrace().forEach(l -> sb.append(l).append('\n'));
        }
        if (!e.printed()) {
            sb.append('\n').append(Messages.Errors_notPrinted).append('\n');
        }
        details.setText(sb.toString());
    }

    /** The details pane's text (tests). */
    public String detailsText() {
        return details.getText();
    }
}
