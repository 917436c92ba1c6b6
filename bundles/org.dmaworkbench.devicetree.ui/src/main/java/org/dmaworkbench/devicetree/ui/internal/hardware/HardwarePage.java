package org.dmaworkbench.devicetree.ui.internal.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.TextEdit;
import org.dmaworkbench.devicetree.lang.hardware.Hardware;
import org.dmaworkbench.devicetree.lang.hardware.HardwareEdits;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.Edits;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;

/**
 * The Hardware page: what the emulator builds from this board ({@link Hardware}): each IOMMU with its masters and
 * whether Linux 6.12's rule attaches them, each DMA controller with its channels' clients, the DMA windows, the
 * reserved memory and what the emulator does not model. Its actions edit the source text ({@link HardwareEdits}), as
 * one undoable change each, never a model of their own; Run As runs the board's default workload.
 */
public final class HardwarePage {
    private final DtsEditor editor;
    private final Composite root;
    private final Label header;
    private final Label message;
    private final TreeViewer iommus;
    private final TreeViewer dmacs;
    private final TableViewer other;
    private final Button enable;
    private final Button behind;
    private final Button dmacBehind;
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private volatile Hardware shown;
    private DeviceTree shownTree;

    /** A row of the last table: a DMA window, a reserved-memory region or a device not modelled. */
    record Other(String kind, String name, String text) {
    }

    public HardwarePage(DtsEditor editor, Composite parent) {
        this.editor = editor;
        root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(root);
        header = new Label(root, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
        Button run = new Button(root, SWT.PUSH);
        run.setText(Messages.Hardware_run);
        run.setToolTipText(Messages.Hardware_runTip);
        run.setData("id", "run");
        run.addListener(SWT.Selection, e -> runEmulation());
        message = new Label(root, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(message);

        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(sash);

        Group g1 = group(sash, Messages.Hardware_iommus);
        iommus = tree(g1, "iommus", new String[] {Messages.Hardware_colName, Messages.Hardware_colDevice,
            Messages.Hardware_colState, Messages.Hardware_colUtlbs, Messages.Hardware_colRule,
            Messages.Hardware_colResult}, new int[] {150, 180, 70, 110, 290, 130}, this::iommuColumn);
        Composite b1 = buttons(g1);
        enable = button(b1, Messages.Hardware_enable, "enable", () -> selectedIommu().ifPresent(this::enableIommu));
        behind = button(b1, Messages.Hardware_putDmacBehind, "putDmacBehind", this::chooseDmacForIommu);
        iommus.addSelectionChangedListener(e -> updateButtons());

        Group g2 = group(sash, Messages.Hardware_dmacs);
        dmacs = tree(g2, "dmacs", new String[] {Messages.Hardware_colName, Messages.Hardware_colDevice,
            Messages.Hardware_colState, Messages.Hardware_colChannels, Messages.Hardware_colEmulated,
            Messages.Hardware_colIommu}, new int[] {150, 180, 70, 180, 170, 260}, this::dmacColumn);
        Composite b2 = buttons(g2);
        dmacBehind = button(b2, Messages.Hardware_putBehind, "putBehind", this::chooseIommuForDmac);
        dmacs.addSelectionChangedListener(e -> updateButtons());

        Group g3 = group(sash, Messages.Hardware_other);
        other = new TableViewer(g3, SWT.BORDER | SWT.FULL_SELECTION);
        other.getTable().setData("id", "other");
        other.getTable().setHeaderVisible(true);
        other.getTable().setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(other.getTable());
        other.setContentProvider(ArrayContentProvider.getInstance());
        column(other, Messages.Hardware_colKind, 170, o -> ((Other) o).kind());
        column(other, Messages.Hardware_colName, 200, o -> ((Other) o).name());
        column(other, Messages.Hardware_colWhat, 600, o -> ((Other) o).text());
        sash.setWeights(45, 35, 20);
        updateButtons();
    }

    public Control control() {
        return root;
    }

    private static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        GridLayoutFactory.swtDefaults().applyTo(g);
        return g;
    }

    private static Composite buttons(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(c);
        return c;
    }

    private static Button button(Composite parent, String text, String id, Runnable r) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setData("id", id);
        b.addListener(SWT.Selection, e -> r.run());
        return b;
    }

    private TreeViewer tree(Composite parent, String id, String[] titles, int[] widths,
            java.util.function.BiFunction<Object, Integer, String> text) {
        TreeViewer v = new TreeViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        v.getTree().setData("id", id);
        v.getTree().setHeaderVisible(true);
        v.getTree().setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(v.getTree());
        v.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return input instanceof List<?> l ? l.toArray() : new Object[0];
            }

            @Override
            public Object[] getChildren(Object p) {
                if (p instanceof Hardware.Iommu i) {
                    return i.masters().toArray();
                }
                if (p instanceof Hardware.Dmac d) {
                    return d.clients().toArray();
                }
                return new Object[0];
            }

            @Override
            public Object getParent(Object e) {
                return null;
            }

            @Override
            public boolean hasChildren(Object e) {
                return getChildren(e).length > 0;
            }
        });
        for (int c = 0; c < titles.length; c++) {
            int col = c;
            TreeViewerColumn tc = new TreeViewerColumn(v, SWT.NONE);
            tc.getColumn().setText(titles[c]);
            tc.getColumn().setWidth(widths[c]);
            tc.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object e) {
                    return text.apply(e, col);
                }

                @Override
                public Image getImage(Object e) {
                    if (col != 0) {
                        return null;
                    }
                    return DtsUiPlugin.image(e instanceof Hardware.Iommu ? DtsUiPlugin.IMG_IOMMU
                            : e instanceof Hardware.Dmac ? DtsUiPlugin.IMG_DMAC : DtsUiPlugin.IMG_DEVICE);
                }
            });
        }
        return v;
    }

    private static void column(TableViewer v, String title, int width, Function<Object, String> text) {
        TableViewerColumn c = new TableViewerColumn(v, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object e) {
                return text.apply(e);
            }
        });
    }

    private String iommuColumn(Object e, int col) {
        if (e instanceof Hardware.Iommu i) {
            return switch (col) {
                case 0 -> i.name();
                case 1 -> i.devName();
                case 2 -> i.enabled() ? Messages.Hardware_enabled : Messages.Hardware_disabled;
                case 3 -> NLS.bind(Messages.Hardware_utlbsUsed, i.usedUtlbs().size(), i.utlbCount());
                case 4 -> i.rule();
                default -> NLS.bind(Messages.Hardware_attachedOf, i.masters().stream()
                        .filter(Hardware.Master::attached).count(), i.masters().size());
            };
        }
        Hardware.Master m = (Hardware.Master) e;
        return switch (col) {
            case 0 -> m.name();
            case 1 -> m.devName();
            case 2 -> m.enabled() ? Messages.Hardware_enabled : Messages.Hardware_disabled;
            case 3 -> Hardware.ranges(m.utlbs());
            case 4 -> m.verdict();
            default -> m.attached() ? Messages.Hardware_translated : m.enabled() ? Messages.Hardware_dmaDirect : "";
        };
    }

    private String dmacColumn(Object e, int col) {
        if (e instanceof Hardware.Dmac d) {
            return switch (col) {
                case 0 -> d.name();
                case 1 -> d.devName();
                case 2 -> d.enabled() ? Messages.Hardware_enabled : Messages.Hardware_disabled;
                case 3 -> NLS.bind(Messages.Hardware_channels, d.channels(), d.clients().size());
                case 4 -> d.modelled() ? Messages.Hardware_modelled : Messages.Hardware_notModelled;
                default -> d.iommu().isEmpty() ? Messages.Hardware_noIommu : d.iommu();
            };
        }
        Hardware.Client c = (Hardware.Client) e;
        return switch (col) {
            case 0 -> c.name();
            case 1 -> c.node().path();
            case 2 -> c.enabled() ? Messages.Hardware_enabled : Messages.Hardware_disabled;
            case 3 -> c.channel();
            case 4 -> c.specifier();
            default -> "";
        };
    }

    /** The analysis changed while another page was shown: refresh when shown. */
    public void stale() {
        stale.set(true);
    }

    /** Recomputes the hardware from the latest tree (in a job) and shows it. */
    public void refresh() {
        Optional<DeviceTree> t = editor.analysis().tree();
        if (t.isEmpty()) {
            header.setText(Messages.Hardware_noTree);
            return;
        }
        if (t.get() == shownTree && !stale.get()) {
            return;
        }
        stale.set(false);
        DeviceTree tree = t.get();
        Job j = Job.create(Messages.Hardware_job, m -> {
            Hardware hw = Hardware.of(tree);
            if (!root.isDisposed()) {
                root.getDisplay().asyncExec(() -> show(tree, hw));
            }
            return Status.OK_STATUS;
        });
        j.setSystem(true);
        j.schedule();
    }

    private void show(DeviceTree tree, Hardware hw) {
        if (root.isDisposed()) {
            return;
        }
        shown = hw;
        shownTree = tree;
        Analysis a = editor.analysis().current();
        String board = a == null ? editor.file().getFileName().toString()
                : (a.context().board() == null ? a.context().file() : a.context().board()).getFileName().toString();
        header.setText(NLS.bind(Messages.Hardware_header, board, hw.soc()).replace("&", "&&"));
        Object[] expandedI = iommus.getExpandedElements();
        Object[] expandedD = dmacs.getExpandedElements();
        Object selI = ((IStructuredSelection) iommus.getSelection()).getFirstElement();
        Object selD = ((IStructuredSelection) dmacs.getSelection()).getFirstElement();
        iommus.setInput(hw.iommus());
        dmacs.setInput(hw.dmacs());
        List<Other> rows = new ArrayList<>();
        hw.dmaWindows().forEach(w -> rows.add(new Other(Messages.Hardware_window, w.name(), w.text())));
        hw.reservedMemory().forEach(p -> rows.add(new Other(Messages.Hardware_reserved, p.name(), p.text())));
        hw.unmodelled().forEach(u -> rows.add(new Other(Messages.Hardware_unmodelled, u.devName(), u.compatible()
                + ": " + u.what())));
        other.setInput(rows);
        // keep what was open open (the rows are new objects: match them by name)
        for (Object o : expandedI) {
            if (o instanceof Hardware.Iommu old) {
                hw.iommus().stream().filter(x -> x.name().equals(old.name())).findFirst()
                        .ifPresent(x -> iommus.setExpandedState(x, true));
            }
        }
        for (Object o : expandedD) {
            if (o instanceof Hardware.Dmac old) {
                hw.dmacs().stream().filter(x -> x.name().equals(old.name())).findFirst()
                        .ifPresent(x -> dmacs.setExpandedState(x, true));
            }
        }
        if (selI instanceof Hardware.Iommu old) {
            hw.iommus().stream().filter(x -> x.name().equals(old.name())).findFirst()
                    .ifPresent(x -> iommus.setSelection(new org.eclipse.jface.viewers.StructuredSelection(x)));
        }
        if (selD instanceof Hardware.Dmac old) {
            hw.dmacs().stream().filter(x -> x.name().equals(old.name())).findFirst()
                    .ifPresent(x -> dmacs.setSelection(new org.eclipse.jface.viewers.StructuredSelection(x)));
        }
        root.layout(true, true);
        updateButtons();
    }

    private Optional<Hardware.Iommu> selectedIommu() {
        Object o = ((IStructuredSelection) iommus.getSelection()).getFirstElement();
        return o instanceof Hardware.Iommu i ? Optional.of(i) : Optional.empty();
    }

    private Optional<Hardware.Dmac> selectedDmac() {
        Object o = ((IStructuredSelection) dmacs.getSelection()).getFirstElement();
        return o instanceof Hardware.Dmac d ? Optional.of(d) : Optional.empty();
    }

    private void updateButtons() {
        Optional<Hardware.Iommu> i = selectedIommu();
        enable.setEnabled(i.isPresent() && !i.get().enabled());
        behind.setEnabled(i.isPresent());
        dmacBehind.setEnabled(selectedDmac().filter(Hardware.Dmac::modelled).isPresent());
    }

    /** Enables an IOMMU in the source. */
    public void enableIommu(Hardware.Iommu i) {
        Analysis a = editor.analysis().forCurrentText();
        Optional<DtNode> n = a.tree().flatMap(t -> t.node(i.node().path()));
        if (n.isPresent()) {
            apply(HardwareEdits.enableIommu(a, n.get()));
        }
    }

    /**
     * Puts the DMA controller labelled {@code dmac} behind the IOMMU labelled {@code iommu} in the source, as one
     * undoable change. Returns an error message, or null when it was done.
     */
    public String putBehind(String dmacLabel, String iommuLabel) {
        Analysis a = editor.analysis().forCurrentText();
        if (a.tree().isEmpty()) {
            return show(Messages.Hardware_noTree);
        }
        Optional<DtNode> d = a.tree().get().nodeByLabel(dmacLabel);
        Optional<DtNode> i = a.tree().get().nodeByLabel(iommuLabel);
        if (d.isEmpty() || i.isEmpty()) {
            return show(NLS.bind(Messages.Hardware_noSuchNode, dmacLabel, iommuLabel));
        }
        try {
            apply(HardwareEdits.putBehindIommu(a, d.get(), i.get()));
            show(NLS.bind(Messages.Hardware_done, "&" + dmacLabel, "&" + iommuLabel));
            return null;
        } catch (IllegalArgumentException e) {
            return show(e.getMessage());
        }
    }

    private String show(String text) {
        message.setText(text == null ? "" : text.replace("&", "&&"));
        root.layout(true, true);
        return text;
    }

    private void apply(List<TextEdit> edits) {
        if (!edits.isEmpty() && editor.sourceEditor().validateEditorInputState()) {
            Edits.apply(editor, edits);
        }
    }

    private void chooseDmacForIommu() {
        Hardware hw = shown;
        Optional<Hardware.Iommu> i = selectedIommu();
        if (hw == null || i.isEmpty()) {
            return;
        }
        List<Hardware.Dmac> candidates = hw.dmacs().stream().filter(Hardware.Dmac::modelled).toList();
        Object choice = pick(Messages.Hardware_chooseDmac, NLS.bind(Messages.Hardware_chooseDmacMessage,
                i.get().name()), candidates.toArray());
        if (choice instanceof Hardware.Dmac d) {
            putBehind(label(d.node()), label(i.get().node()));
        }
    }

    private void chooseIommuForDmac() {
        Hardware hw = shown;
        Optional<Hardware.Dmac> d = selectedDmac();
        if (hw == null || d.isEmpty()) {
            return;
        }
        Object choice = pick(Messages.Hardware_chooseIommu, NLS.bind(Messages.Hardware_chooseIommuMessage,
                d.get().name()), hw.iommus().toArray());
        if (choice instanceof Hardware.Iommu i) {
            putBehind(label(d.get().node()), label(i.node()));
        }
    }

    private static String label(DtNode n) {
        return n.labels().isEmpty() ? "" : n.labels().get(0);
    }

    private Object pick(String title, String msg, Object[] elements) {
        ElementListSelectionDialog d = new ElementListSelectionDialog(root.getShell(), new LabelProvider() {
            @Override
            public String getText(Object e) {
                if (e instanceof Hardware.Dmac x) {
                    return x.name() + "  (" + x.devName() + ", " + x.channels() + " channels"
                            + (x.iommu().isEmpty() ? "" : ", " + x.iommu()) + ")";
                }
                if (e instanceof Hardware.Iommu x) {
                    return x.name() + "  (" + x.devName() + ", " + (x.utlbCount() - x.usedUtlbs().size())
                            + " free micro-TLBs" + (x.enabled() ? "" : ", disabled") + ")";
                }
                return String.valueOf(e);
            }
        });
        d.setTitle(title);
        d.setMessage(msg.replace("&", "&&")); // a label's '&' is a mnemonic
        d.setElements(elements);
        d.setMultipleSelection(false);
        return d.open() == Window.OK ? d.getFirstResult() : null;
    }

    /** Run As > DMA Emulation on this board: saved first, with the editor's include path. */
    public void runEmulation() {
        if (editor.isDirty()) {
            editor.doSave(null);
        }
        try {
            LaunchSupport.run(editor);
        } catch (Exception e) {
            DtsUiPlugin.log("Run As DMA Emulation failed", e);
            show(NLS.bind(Messages.Hardware_runFailed, e.getMessage()));
        }
    }

    /** Whether the page shows the tree of the latest analysis (for tests). */
    public boolean isCurrent() {
        return shown != null && editor.analysis().tree().orElse(null) == shownTree;
    }

    /** What the page shows, for tests. */
    public Hardware shown() {
        return shown;
    }

    public TreeViewer iommuViewer() {
        return iommus;
    }

    public TreeViewer dmacViewer() {
        return dmacs;
    }

    public String message() {
        return message.getText();
    }
}
