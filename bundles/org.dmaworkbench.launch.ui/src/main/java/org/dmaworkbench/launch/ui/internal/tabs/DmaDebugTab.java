package org.dmaworkbench.launch.ui.internal.tabs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.emulation.scenario.DriverBugs;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.emulation.scenario.ScenarioParser;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.ui.internal.LaunchUiPlugin;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * dma-debug as the kernel is booted with it (on/off, driver_filter, num_errors, all_errors), whether the run stops
 * at the first error, and the driver bugs the scenario's clients commit: a table of each client with every bug its
 * driver can commit (the bug registry's {@code DriverBug} and {@code DriverBugs}), with what dma-debug reports and
 * what the driver does wrong.
 */
public final class DmaDebugTab extends EmulationTab {
    /** A table row: a client and one bug its driver can commit. */
    record BugRow(String client, DriverBug bug) {
        String key() {
            return client + "=" + bug.bugName();
        }
    }

    private Combo enabled;
    private Button filterCheck;
    private Combo filter;
    private Button numCheck;
    private Text num;
    private Combo allErrors;
    private Combo firstError;
    private Button bugsCheck;
    private CheckboxTableViewer bugs;
    private final Set<String> chosen = new LinkedHashSet<>();
    private Set<String> scenarioBugs = Set.of();

    public DmaDebugTab(ScenarioPreview preview) {
        super(preview);
    }

    @Override
    public String getName() {
        return Messages.DmaDebugTab_name;
    }

    @Override
    public String getId() {
        return "org.dmaworkbench.launch.ui.dmaDebugTab";
    }

    @Override
    public Image getImage() {
        return LaunchUiPlugin.image(LaunchUiPlugin.IMG_DMA_DEBUG);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(c);
        setControl(c);

        // two settings a row, so the bug table keeps the room
        Composite g = group(c, Messages.DmaDebugTab_settings, 4);
        new Label(g, SWT.NONE).setText(Messages.DmaDebugTab_enabled);
        enabled = triState(g, "dmaDebug", Messages.Tab_on, Messages.Tab_off);
        new Label(g, SWT.NONE).setText(Messages.DmaDebugTab_allErrors);
        allErrors = triState(g, "allErrors", Messages.Tab_on, Messages.Tab_off);
        filterCheck = id(createCheckButton(g, Messages.DmaDebugTab_filter), "driverFilterCheck");
        filter = id(new Combo(g, SWT.DROP_DOWN), "driverFilter");
        filter.setItems(ScenarioParser.DRIVER_NAMES.toArray(String[]::new));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        filter.addModifyListener(e -> changed());
        numCheck = id(createCheckButton(g, Messages.DmaDebugTab_numErrors), "numErrorsCheck");
        num = text(g, "numErrors");
        new Label(g, SWT.NONE).setText(Messages.DmaDebugTab_firstError);
        firstError = triState(g, "firstError", Messages.Tab_yes, Messages.Tab_no);
        for (Button b : new Button[] { filterCheck, numCheck }) {
            b.addListener(SWT.Selection, e -> {
                updateEnablement();
                changed();
            });
        }

        Composite bg = group(c, Messages.DmaDebugTab_bugs, 1);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(bg);
        bugsCheck = id(createCheckButton(bg, Messages.DmaDebugTab_bugsOverride), "bugsOverride");
        bugsCheck.addListener(SWT.Selection, e -> {
            if (bugsCheck.getSelection() && chosen.isEmpty()) {
                chosen.addAll(scenarioBugs);
            }
            updateEnablement();
            bugs.refresh();
            changed();
        });
        Composite holder = new Composite(bg, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).hint(500, 150).applyTo(holder);
        TableColumnLayout layout = new TableColumnLayout();
        holder.setLayout(layout);
        bugs = CheckboxTableViewer.newCheckList(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        id(bugs.getTable(), "bugs");
        bugs.getTable().setHeaderVisible(true);
        bugs.getTable().setLinesVisible(true);
        bugs.setContentProvider(ArrayContentProvider.getInstance());
        ColumnViewerToolTipSupport.enableFor(bugs);
        column(layout, Messages.DmaDebugTab_colClient, 12, r -> r.client());
        column(layout, Messages.DmaDebugTab_colBug, 26, r -> r.bug().bugName());
        column(layout, Messages.DmaDebugTab_colReport, 30, r -> DriverBugs.consequence(r.bug()));
        column(layout, Messages.DmaDebugTab_colDescription, 32, r -> r.bug().description());
        bugs.setCheckStateProvider(new org.eclipse.jface.viewers.ICheckStateProvider() {
            @Override
            public boolean isChecked(Object element) {
                String k = ((BugRow) element).key();
                return bugsCheck.getSelection() ? chosen.contains(k) : scenarioBugs.contains(k);
            }

            @Override
            public boolean isGrayed(Object element) {
                return false;
            }
        });
        bugs.addCheckStateListener(e -> {
            if (!bugsCheck.getSelection()) {
                // the scenario's own bugs are shown, not edited: tick the box above to choose
                bugs.refresh();
                return;
            }
            String k = ((BugRow) e.getElement()).key();
            if (e.getChecked()) {
                chosen.add(k);
            } else {
                chosen.remove(k);
            }
            changed();
        });
    }

    private void column(TableColumnLayout layout, String title, int weight, java.util.function.Function<BugRow, String> text) {
        TableViewerColumn col = new TableViewerColumn(bugs, SWT.NONE);
        col.getColumn().setText(title);
        layout.setColumnData(col.getColumn(), new ColumnWeightData(weight, 60, true));
        col.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((BugRow) element);
            }

            @Override
            public String getToolTipText(Object element) {
                BugRow r = (BugRow) element;
                return r.bug().bugName() + ": " + r.bug().description() + "\n" + DriverBugs.consequence(r.bug());
            }
        });
    }

    private void updateEnablement() {
        filter.setEnabled(filterCheck.getSelection());
        num.setEnabled(numCheck.getSelection());
    }

    /** Ticks or unticks one client's bug, as a click in the table does (the override must be on). */
    void setBug(String client, DriverBug bug, boolean on) {
        String k = client + "=" + bug.bugName();
        if (on) {
            chosen.add(k);
        } else {
            chosen.remove(k);
        }
        bugs.refresh();
        changed();
    }

    /** Every client of the scenario with every bug its driver can commit, in the registry's order. */
    static List<BugRow> rows(List<ClientBinding> clients) {
        List<BugRow> out = new ArrayList<>();
        for (ClientBinding b : clients) {
            for (DriverBug bug : DriverBug.values()) {
                if (DriverBugs.committableBy(b.kind()).contains(bug)) {
                    out.add(new BugRow(b.client().name(), bug));
                }
            }
        }
        return out;
    }

    @Override
    void previewChanged(LaunchSettings.Loaded l) {
        if (bugs == null || bugs.getTable().isDisposed()) {
            return;
        }
        Scenario s = l.base().scenario().orElse(null);
        if (s == null) {
            return;
        }
        filling = true;
        try {
            scenarioValue(enabled, s.dmaDebug().enabled() ? Messages.Tab_onValue : Messages.Tab_offValue);
            scenarioValue(allErrors, s.dmaDebug().allErrors() ? Messages.Tab_onValue : Messages.Tab_offValue);
            scenarioValue(firstError, s.stop().firstError() ? Messages.Tab_yesValue : Messages.Tab_noValue);
            Set<String> sb = new LinkedHashSet<>();
            s.bugs().forEach(b -> sb.add(b.client() + "=" + b.bug().bugName()));
            scenarioBugs = sb;
            if (!filterCheck.getSelection()) {
                filter.setText(s.dmaDebug().driverFilter());
            }
            if (!numCheck.getSelection()) {
                num.setText(Long.toString(s.dmaDebug().numErrors()));
            }
            bugs.setInput(rows(l.base().clients()));
        } finally {
            filling = false;
        }
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy wc) {
        // everything as the scenario says
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        filling = true;
        try {
            selectTriState(enabled, attr(c, EmulationLaunch.CONFIG_DMA_DEBUG, ""));
            filterCheck.setSelection(has(c, EmulationLaunch.CONFIG_DRIVER_FILTER));
            filter.setText(attr(c, EmulationLaunch.CONFIG_DRIVER_FILTER, ""));
            numCheck.setSelection(has(c, EmulationLaunch.CONFIG_NUM_ERRORS));
            num.setText(attr(c, EmulationLaunch.CONFIG_NUM_ERRORS, ""));
            selectTriState(allErrors, attr(c, EmulationLaunch.CONFIG_ALL_ERRORS, ""));
            selectTriState(firstError, attr(c, EmulationLaunch.CONFIG_FIRST_ERROR, ""));
            chosen.clear();
            bugsCheck.setSelection(has(c, EmulationLaunch.CONFIG_BUGS));
            try {
                chosen.addAll(c.getAttribute(EmulationLaunch.CONFIG_BUGS, List.<String>of()));
            } catch (CoreException e) {
                // none
            }
            updateEnablement();
        } finally {
            filling = false;
        }
        if (preview.last() != null) {
            previewChanged(preview.last());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy wc) {
        put(wc, EmulationLaunch.CONFIG_DMA_DEBUG, triStateValue(enabled), "");
        wc.setAttribute(EmulationLaunch.CONFIG_DRIVER_FILTER, filterCheck.getSelection() ? filter.getText().strip() : null);
        wc.setAttribute(EmulationLaunch.CONFIG_NUM_ERRORS, numCheck.getSelection() ? num.getText().strip() : null);
        put(wc, EmulationLaunch.CONFIG_ALL_ERRORS, triStateValue(allErrors), "");
        put(wc, EmulationLaunch.CONFIG_FIRST_ERROR, triStateValue(firstError), "");
        wc.setAttribute(EmulationLaunch.CONFIG_BUGS, bugsCheck.getSelection() ? new ArrayList<>(chosen) : null);
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        if (filterCheck.getSelection()) {
            var f = ScenarioOverrides.parseDriverFilter(filter.getText().strip());
            if (!f.ok()) {
                setErrorMessage(NLS.bind(Messages.DmaDebugTab_badFilter, f.error()));
                return false;
            }
        }
        if (numCheck.getSelection()) {
            var n = ScenarioOverrides.parseNumErrors(num.getText().strip());
            if (!n.ok()) {
                setErrorMessage(NLS.bind(Messages.DmaDebugTab_badNumErrors, n.error()));
                return false;
            }
        }
        return true;
    }
}
