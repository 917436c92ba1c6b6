package org.dmaworkbench.launch.ui.internal.tabs;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.emulation.scenario.IommuPlan;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.internal.EmulationLaunchDelegate;
import org.dmaworkbench.launch.ui.internal.LaunchUiPlugin;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.ui.dialogs.ContainerSelectionDialog;
import org.eclipse.ui.dialogs.PreferencesUtil;

/**
 * The board's hardware: each IOMMU that the board's devices use, read from the compiled tree, with its switch
 * ("as the scenario says", on, on with every master opted in, off) and its masters: whether the kernel's
 * {@code ipmmu_device_is_allowed()} attaches each, or the scenario opts it in ({@link IommuPlan} of the scenario with
 * this configuration's settings applied); and the include path for device-tree files (before the kernel trees of
 * the preferences).
 */
public final class HardwareTab extends EmulationTab {
    /** One IOMMU row: node path, labels, state the scenario gives it, masters. */
    record IommuRow(String path, String label, boolean scenarioOn, List<MasterRow> masters) {
        /** "2 of 5 attached: &sdhi0, &sdhi2" */
        String summary() {
            List<String> attached = masters.stream().filter(MasterRow::attached).map(MasterRow::name).toList();
            if (masters.isEmpty()) {
                return Messages.HardwareTab_noMasters;
            }
            return NLS.bind(Messages.HardwareTab_attachedOf, new Object[] {attached.size(), masters.size(),
                    attached.isEmpty() ? Messages.HardwareTab_none : String.join(", ", attached)});
        }
    }

    /** One master of an IOMMU: its name, micro-TLBs, the kernel's verdict and what the run does with it. */
    record MasterRow(String name, String devName, String utlbs, String rule, boolean attached, String result) {
    }

    private TableViewer iommus;
    private TableViewer masters;
    private org.eclipse.swt.widgets.List includes;
    private Label kernelTrees;
    private final Map<String, String> settings = new LinkedHashMap<>();

    public HardwareTab(ScenarioPreview preview) {
        super(preview);
    }

    @Override
    public String getName() {
        return Messages.HardwareTab_name;
    }

    @Override
    public String getId() {
        return "org.dmaworkbench.launch.ui.hardwareTab";
    }

    @Override
    public Image getImage() {
        return LaunchUiPlugin.image(LaunchUiPlugin.IMG_HARDWARE);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(c);
        setControl(c);

        Composite g = group(c, Messages.HardwareTab_iommus, 1);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(g);
        Composite holder = new Composite(g, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).hint(500, 64).applyTo(holder);
        TableColumnLayout layout = new TableColumnLayout();
        holder.setLayout(layout);
        iommus = new TableViewer(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        id(iommus.getTable(), "iommus");
        iommus.getTable().setHeaderVisible(true);
        iommus.getTable().setLinesVisible(true);
        iommus.setContentProvider(ArrayContentProvider.getInstance());
        column(layout, Messages.HardwareTab_colIommu, 30, r -> r.label());
        TableViewerColumn state = column(layout, Messages.HardwareTab_colState, 22, r -> stateLabel(r));
        column(layout, Messages.HardwareTab_colMasters, 48, r -> r.summary());
        state.setEditingSupport(new StateEditing());
        Label mastersTitle = new Label(g, SWT.NONE);
        mastersTitle.setText(Messages.HardwareTab_mastersOfSelected);
        Composite mholder = new Composite(g, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).hint(500, 84).applyTo(mholder);
        TableColumnLayout mlayout = new TableColumnLayout();
        mholder.setLayout(mlayout);
        masters = new TableViewer(mholder, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        id(masters.getTable(), "masters");
        masters.getTable().setHeaderVisible(true);
        masters.getTable().setLinesVisible(true);
        masters.setContentProvider(ArrayContentProvider.getInstance());
        masterColumn(mlayout, Messages.HardwareTab_colMaster, 30, MasterRow::name);
        masterColumn(mlayout, Messages.HardwareTab_colUtlbs, 12, MasterRow::utlbs);
        masterColumn(mlayout, Messages.HardwareTab_colRule, 28, MasterRow::rule);
        masterColumn(mlayout, Messages.HardwareTab_colResult, 30, MasterRow::result);
        iommus.addSelectionChangedListener(e -> showMasters());
        Label hint = new Label(g, SWT.WRAP);
        hint.setText(Messages.HardwareTab_iommuHint);
        GridDataFactory.fillDefaults().grab(true, false).hint(500, SWT.DEFAULT).applyTo(hint);

        Composite inc = group(c, Messages.HardwareTab_includes, 2);
        includes = id(new org.eclipse.swt.widgets.List(inc, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.SINGLE), "includes");
        // the IOMMU tables take the height; the include path keeps room for its buttons and the kernel-trees line
        GridDataFactory.fillDefaults().grab(true, false).hint(400, 60).applyTo(includes);
        Composite buttons = new Composite(inc, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(buttons);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.TOP).applyTo(buttons);
        Button fs = createPushButton(buttons, Messages.Tab_fileSystem, null);
        fs.addListener(SWT.Selection, e -> {
            String d = new DirectoryDialog(getShell()).open();
            if (d != null) {
                addInclude(d);
            }
        });
        Button ws = createPushButton(buttons, Messages.Tab_workspace, null);
        ws.addListener(SWT.Selection, e -> {
            ContainerSelectionDialog d = new ContainerSelectionDialog(getShell(), ResourcesPlugin.getWorkspace().getRoot(),
                    false, Messages.HardwareTab_chooseFolder);
            if (d.open() == 0 && d.getResult().length > 0 && d.getResult()[0] instanceof IPath p) {
                addInclude("${workspace_loc:" + p + "}");
            }
        });
        Button remove = createPushButton(buttons, Messages.Tab_remove, null);
        remove.addListener(SWT.Selection, e -> {
            int i = includes.getSelectionIndex();
            if (i >= 0) {
                includes.remove(i);
                changed();
            }
        });
        kernelTrees = new Label(inc, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(400, SWT.DEFAULT).applyTo(kernelTrees);
        Link prefs = new Link(inc, SWT.NONE);
        prefs.setText(Messages.HardwareTab_preferencesLink);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(prefs);
        prefs.addListener(SWT.Selection, e -> {
            PreferencesUtil.createPreferenceDialogOn(getShell(), LaunchUiPlugin.PREFERENCE_PAGE_ID, null, null).open();
            showKernelTrees();
            changed();
        });
        showKernelTrees();
    }

    /** Adds a directory to the include path, as the File System... button does. */
    public void addInclude(String dir) {
        includes.add(dir);
        changed();
    }

    private void showKernelTrees() {
        List<String> roots = EmulationPreferences.defaults().kernelTreeRoots();
        kernelTrees.setText(roots.isEmpty() ? Messages.HardwareTab_noKernelTrees
                : NLS.bind(Messages.HardwareTab_kernelTrees, String.join(", ", roots.stream().map(LaunchSettings::kernelTreeIncludeDir).toList())));
    }

    private TableViewerColumn column(TableColumnLayout layout, String title, int weight, java.util.function.Function<IommuRow, String> text) {
        TableViewerColumn col = new TableViewerColumn(iommus, SWT.NONE);
        col.getColumn().setText(title);
        layout.setColumnData(col.getColumn(), new ColumnWeightData(weight, 80, true));
        col.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((IommuRow) element);
            }
        });
        return col;
    }

    private void masterColumn(TableColumnLayout layout, String title, int weight,
            java.util.function.Function<MasterRow, String> text) {
        TableViewerColumn col = new TableViewerColumn(masters, SWT.NONE);
        col.getColumn().setText(title);
        layout.setColumnData(col.getColumn(), new ColumnWeightData(weight, 60, true));
        col.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((MasterRow) element);
            }
        });
    }

    /** The masters of the IOMMU selected above (the first one when none is). */
    private void showMasters() {
        if (masters == null || masters.getTable().isDisposed()) {
            return;
        }
        Object sel = iommus.getStructuredSelection().getFirstElement();
        if (sel == null && iommus.getTable().getItemCount() > 0) {
            sel = iommus.getElementAt(0);
        }
        masters.setInput(sel instanceof IommuRow r ? r.masters() : List.of());
    }

    private String stateLabel(IommuRow r) {
        String s = settings.get(r.path());
        if (EmulationLaunch.ON.equals(s)) {
            return Messages.Tab_on;
        }
        if (EmulationLaunch.ATTACH_ALL.equals(s)) {
            return Messages.HardwareTab_onAttachAll;
        }
        if (EmulationLaunch.OFF.equals(s)) {
            return Messages.Tab_off;
        }
        return NLS.bind(Messages.Tab_asScenario, r.scenarioOn() ? Messages.Tab_onValue : Messages.Tab_offValue);
    }

    /** The IOMMU switch: a combo in the State column. */
    private final class StateEditing extends EditingSupport {
        StateEditing() {
            super(iommus);
        }

        @Override
        protected CellEditor getCellEditor(Object element) {
            IommuRow r = (IommuRow) element;
            return new ComboBoxCellEditor(iommus.getTable(), new String[] {
                    NLS.bind(Messages.Tab_asScenario, r.scenarioOn() ? Messages.Tab_onValue : Messages.Tab_offValue),
                    Messages.Tab_on, Messages.Tab_off, Messages.HardwareTab_onAttachAll }, SWT.READ_ONLY);
        }

        @Override
        protected boolean canEdit(Object element) {
            return true;
        }

        @Override
        protected Object getValue(Object element) {
            String s = settings.get(((IommuRow) element).path());
            return EmulationLaunch.ON.equals(s) ? 1 : EmulationLaunch.OFF.equals(s) ? 2
                    : EmulationLaunch.ATTACH_ALL.equals(s) ? 3 : 0;
        }

        @Override
        protected void setValue(Object element, Object value) {
            setIommu(((IommuRow) element).path(), value instanceof Integer i ? i : 0);
        }
    }

    /** @param choice 0 as the scenario says, 1 on, 2 off, 3 on with every master opted in */
    public void setIommu(String path, int choice) {
        if (choice == 1) {
            settings.put(path, EmulationLaunch.ON);
        } else if (choice == 2) {
            settings.put(path, EmulationLaunch.OFF);
        } else if (choice == 3) {
            settings.put(path, EmulationLaunch.ATTACH_ALL);
        } else {
            settings.remove(path);
        }
        iommus.refresh();
        changed();
    }

    /**
     * The IOMMUs the board's devices use (from the compiled {@code tree}, enabled or not), with their masters as
     * {@code plan} (the scenario with this configuration's settings) will treat them; masters of a disabled IOMMU or
     * disabled masters are listed as such.
     */
    static List<IommuRow> rows(DeviceTree tree, Optional<IommuPlan> plan) {
        List<IommuRow> out = new ArrayList<>();
        for (DtNode iommu : ScenarioOverrides.iommusInUse(tree)) {
            Optional<IommuPlan.Unit> unit = plan.flatMap(p -> p.units().stream()
                    .filter(u -> u.node().path().equals(iommu.path())).findFirst());
            List<MasterRow> masters = new ArrayList<>();
            for (DtNode n : tree.allNodes()) {
                if (!n.hasProperty("iommus")) {
                    continue;
                }
                List<PhandleSpecifier> specs;
                try {
                    specs = n.specifiers("iommus", "#iommu-cells");
                } catch (RuntimeException e) {
                    continue; // a malformed iommus property: the board's own diagnostic says so
                }
                if (specs.isEmpty() || !specs.get(0).provider().path().equals(iommu.path())) {
                    continue;
                }
                String name = n.labels().isEmpty() ? n.path() : "&" + n.labels().get(0);
                String utlbs = ranges(specs.stream().filter(sp -> sp.provider().path().equals(iommu.path()))
                        .mapToInt(sp -> sp.args().length == 1 ? sp.args()[0] : -1).toArray());
                Optional<IommuPlan.Master> m = unit.flatMap(u -> u.masters().stream()
                        .filter(x -> x.node().path().equals(n.path())).findFirst());
                if (m.isEmpty()) {
                    masters.add(new MasterRow(name, n.path(), utlbs, "", false, Messages.HardwareTab_masterDisabled));
                    continue;
                }
                IommuPlan.Master x = m.get();
                boolean on = unit.get().enabled();
                String result = !on ? Messages.HardwareTab_iommuOff
                        : x.optedIn() ? Messages.HardwareTab_optedIn
                        : x.attached() ? Messages.HardwareTab_attached : Messages.HardwareTab_dmaDirect;
                masters.add(new MasterRow(name, x.devName(), utlbs, x.verdict().reason(), on && x.attached(), result));
            }
            String label = iommu.labels().isEmpty() ? iommu.path() : iommu.labels().get(0) + " (" + iommu.path() + ")";
            out.add(new IommuRow(iommu.path(), label, iommu.isEnabled(), masters));
        }
        return out;
    }

    /** Micro-TLB numbers as the scenario's opt-in writes them: "0..15", "32", "0..3 8". */
    static String ranges(int[] utlbs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < utlbs.length; i++) {
            int j = i;
            while (j + 1 < utlbs.length && utlbs[j + 1] == utlbs[j] + 1 && utlbs[i] >= 0) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(utlbs[i] < 0 ? "?" : utlbs[i] + (j > i ? ".." + utlbs[j] : ""));
            i = j;
        }
        return sb.toString();
    }

    @Override
    void previewChanged(LaunchSettings.Loaded l) {
        if (iommus == null || iommus.getTable().isDisposed()) {
            return;
        }
        l.base().board().ifPresent(tree -> setRows(rows(tree, l.effective().iommuPlan())));
    }

    private void setRows(List<IommuRow> rows) {
        Object sel = iommus.getStructuredSelection().getFirstElement();
        iommus.setInput(rows);
        if (sel instanceof IommuRow old) {
            rows.stream().filter(r -> r.path().equals(old.path())).findFirst()
                    .ifPresent(r -> iommus.setSelection(new StructuredSelection(r)));
        }
        showMasters();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy wc) {
        // the scenario's IOMMU switches and include directories, the preferences' kernel trees
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        filling = true;
        try {
            settings.clear();
            try {
                c.getAttribute(EmulationLaunch.CONFIG_IOMMUS, Map.<String, String>of()).forEach(settings::put);
                includes.setItems(c.getAttribute(EmulationLaunch.CONFIG_INCLUDES, List.<String>of()).toArray(String[]::new));
            } catch (CoreException e) {
                includes.removeAll();
            }
            setRows(preview.last() == null || preview.last().base().board().isEmpty() ? List.of()
                    : rows(preview.last().base().board().get(), preview.last().effective().iommuPlan()));
        } finally {
            filling = false;
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy wc) {
        wc.setAttribute(EmulationLaunch.CONFIG_IOMMUS, settings.isEmpty() ? null : new LinkedHashMap<>(settings));
        wc.setAttribute(EmulationLaunch.CONFIG_INCLUDES, includes.getItemCount() == 0 ? null : List.of(includes.getItems()));
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        for (String d : includes.getItems()) {
            String dir;
            try {
                dir = d.contains("_prompt") ? null : EmulationLaunchDelegate.expand(d);
            } catch (IllegalArgumentException e) {
                setErrorMessage(NLS.bind(Messages.HardwareTab_badInclude, d, e.getMessage()));
                return false;
            }
            try {
                if (dir != null && !Files.isDirectory(Path.of(dir))) {
                    setErrorMessage(NLS.bind(Messages.HardwareTab_noSuchInclude, dir));
                    return false;
                }
            } catch (InvalidPathException e) {
                setErrorMessage(NLS.bind(Messages.HardwareTab_noSuchInclude, dir));
                return false;
            }
        }
        return true;
    }

    /** Folders of the workspace for the include path. */
    static String workspaceFolder(IContainer c) {
        return "${workspace_loc:" + c.getFullPath() + "}";
    }
}
