package org.dmaworkbench.launch.ui.internal.tabs;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.ui.internal.LaunchUiPlugin;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;

/**
 * What runs: a scenario file, or a board (built-in or a .dts) with its default workload; the kernel profile; when
 * the run stops. Validates against the loaded scenario: the dialog's header shows the scenario's own first error
 * with its FILE:LINE:COL, and Run stays disabled until the scenario for the current settings has been checked.
 */
public final class MainTab extends EmulationTab {
    private Button scenarioRadio;
    private Text scenarioText;
    private Button boardRadio;
    private Combo boardCombo;
    private Combo kernelCombo;
    private Button stopCheck;
    private Text stopText;
    private Label stopHint;
    private final List<Button> scenarioButtons = new ArrayList<>();
    private final List<Button> boardButtons = new ArrayList<>();

    public MainTab(ScenarioPreview preview) {
        super(preview);
    }

    @Override
    public String getName() {
        return Messages.MainTab_name;
    }

    @Override
    public String getId() {
        return "org.dmaworkbench.launch.ui.mainTab";
    }

    @Override
    public Image getImage() {
        return LaunchUiPlugin.image(LaunchUiPlugin.IMG_EMULATION);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(c);
        setControl(c);

        Composite what = group(c, Messages.MainTab_what, 4);
        scenarioRadio = id(createRadioButton(what, Messages.MainTab_scenarioFile), "scenarioRadio");
        GridDataFactory.fillDefaults().span(4, 1).applyTo(scenarioRadio);
        scenarioText = text(what, "scenario");
        GridDataFactory.fillDefaults().grab(true, false).indent(16, 0).applyTo(scenarioText);
        Button ws = createPushButton(what, Messages.Tab_workspace, null);
        ws.addListener(SWT.Selection, e -> browseWorkspace(scenarioText, "*.dmascn"));
        Button fs = createPushButton(what, Messages.Tab_fileSystem, null);
        fs.addListener(SWT.Selection, e -> browseFileSystem(scenarioText, "*.dmascn"));
        Button vars = variablesButton(what, scenarioText);
        scenarioButtons.addAll(List.of(ws, fs, vars));

        boardRadio = id(createRadioButton(what, Messages.MainTab_board), "boardRadio");
        GridDataFactory.fillDefaults().span(4, 1).indent(0, 6).applyTo(boardRadio);
        boardCombo = id(new Combo(what, SWT.DROP_DOWN), "board");
        boardCombo.setItems(BuiltinBoards.NAMES.toArray(String[]::new));
        GridDataFactory.fillDefaults().grab(true, false).indent(16, 0).applyTo(boardCombo);
        boardCombo.addModifyListener(e -> changed());
        Button bws = createPushButton(what, Messages.Tab_workspace, null);
        bws.addListener(SWT.Selection, e -> browseWorkspace(boardCombo, "*.dts"));
        Button bfs = createPushButton(what, Messages.Tab_fileSystem, null);
        bfs.addListener(SWT.Selection, e -> browseFileSystem(boardCombo, "*.dts"));
        Button bvars = createPushButton(what, Messages.Tab_variables, null);
        bvars.addListener(SWT.Selection, e -> {
            var d = new org.eclipse.debug.ui.StringVariableSelectionDialog(getShell());
            if (d.open() == 0 && d.getVariableExpression() != null) {
                boardCombo.setText(boardCombo.getText() + d.getVariableExpression());
            }
        });
        boardButtons.addAll(List.of(bws, bfs, bvars));
        scenarioRadio.addListener(SWT.Selection, e -> {
            updateEnablement();
            changed();
        });

        Composite run = group(c, Messages.MainTab_run, 2);
        new Label(run, SWT.NONE).setText(Messages.MainTab_kernelProfile);
        kernelCombo = id(new Combo(run, SWT.READ_ONLY), "kernel");
        kernelCombo.setItems(NLS.bind(Messages.Tab_asScenario, "?"), Messages.MainTab_kernel612, Messages.MainTab_kernel49);
        kernelCombo.select(0);
        kernelCombo.addListener(SWT.Selection, e -> changed());
        stopCheck = id(createCheckButton(run, Messages.MainTab_stopOverride), "stopOverride");
        stopText = text(run, "stop");
        stopCheck.addListener(SWT.Selection, e -> {
            updateEnablement();
            changed();
        });
        stopHint = new Label(run, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(400, SWT.DEFAULT).applyTo(stopHint);
        stopHint.setText(NLS.bind(Messages.MainTab_stopHint, "?"));
    }

    private void updateEnablement() {
        boolean file = scenarioRadio.getSelection();
        scenarioText.setEnabled(file);
        scenarioButtons.forEach(b -> b.setEnabled(file));
        boardCombo.setEnabled(!file);
        boardButtons.forEach(b -> b.setEnabled(!file));
        stopText.setEnabled(stopCheck.getSelection());
    }

    private void browseWorkspace(Object target, String pattern) {
        FilteredResourcesSelectionDialog d = new FilteredResourcesSelectionDialog(getShell(), false,
                ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
        d.setTitle(pattern.endsWith("dts") ? Messages.MainTab_chooseBoard : Messages.MainTab_chooseScenario);
        d.setInitialPattern(pattern);
        if (d.open() == 0 && d.getFirstResult() instanceof IFile f) {
            setText(target, "${workspace_loc:" + f.getFullPath().toString() + "}");
        }
    }

    private void browseFileSystem(Object target, String pattern) {
        FileDialog d = new FileDialog(getShell(), SWT.OPEN);
        d.setFilterExtensions(new String[] { pattern, "*" });
        String f = d.open();
        if (f != null) {
            setText(target, f);
        }
    }

    private static void setText(Object target, String s) {
        if (target instanceof Text t) {
            t.setText(s);
        } else if (target instanceof Combo c) {
            c.setText(s);
        }
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy wc) {
        IResource r = DebugUITools.getSelectedResource();
        if (r instanceof IFile f && "dmascn".equals(f.getFileExtension())) {
            wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, "${workspace_loc:" + f.getFullPath() + "}");
            wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, false);
        } else if (r instanceof IFile f && "dts".equals(f.getFileExtension())) {
            wc.setAttribute(EmulationLaunch.CONFIG_BOARD, "${workspace_loc:" + f.getFullPath() + "}");
            wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, true);
        } else {
            wc.setAttribute(EmulationLaunch.CONFIG_BOARD, BuiltinBoards.NAMES.get(0));
            wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, true);
        }
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        filling = true;
        try {
            boolean board = attr(c, EmulationLaunch.CONFIG_USE_BOARD, false);
            scenarioRadio.setSelection(!board);
            boardRadio.setSelection(board);
            scenarioText.setText(attr(c, EmulationLaunch.CONFIG_SCENARIO, ""));
            boardCombo.setText(attr(c, EmulationLaunch.CONFIG_BOARD, BuiltinBoards.NAMES.get(0)));
            String k = attr(c, EmulationLaunch.CONFIG_KERNEL, "");
            kernelCombo.select(k.equals("6.12") ? 1 : k.equals("4.9") ? 2 : 0);
            stopCheck.setSelection(has(c, EmulationLaunch.CONFIG_STOP));
            stopText.setText(attr(c, EmulationLaunch.CONFIG_STOP, ""));
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
        wc.setAttribute(EmulationLaunch.CONFIG_USE_BOARD, boardRadio.getSelection());
        put(wc, EmulationLaunch.CONFIG_SCENARIO, scenarioText.getText().strip(), "");
        put(wc, EmulationLaunch.CONFIG_BOARD, boardCombo.getText().strip(), "");
        put(wc, EmulationLaunch.CONFIG_KERNEL, switch (kernelCombo.getSelectionIndex()) {
            case 1 -> "6.12";
            case 2 -> "4.9";
            default -> null;
        }, "");
        wc.setAttribute(EmulationLaunch.CONFIG_STOP, stopCheck.getSelection() ? stopText.getText().strip() : null);
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        setMessage(null);
        if (scenarioRadio.getSelection() && scenarioText.getText().isBlank()) {
            setErrorMessage(Messages.MainTab_noScenario);
            return false;
        }
        if (boardRadio.getSelection() && boardCombo.getText().isBlank()) {
            setErrorMessage(Messages.MainTab_noBoard);
            return false;
        }
        if (stopCheck.getSelection() && !stopText.getText().isBlank()) {
            var st = ScenarioOverrides.parseStop(stopText.getText().strip());
            if (!st.ok()) {
                setErrorMessage(NLS.bind(Messages.MainTab_badStop, st.error()));
                return false;
            }
        }
        LaunchSettings.Loaded l = preview.get(c);
        if (l == null) {
            setMessage(Messages.MainTab_checking);
            return false;
        }
        if (!l.ok()) {
            setErrorMessage(firstError(l));
            return false;
        }
        if (preview.deferred()) {
            setMessage(Messages.MainTab_deferred);
        }
        return true;
    }

    /** The first error as one line, "FILE:LINE:COL: error: message" (without the include chain). */
    static String firstError(LaunchSettings.Loaded l) {
        for (Diagnostic d : l.effective().diagnostics()) {
            if (d.severity() == Severity.ERROR) {
                String m = d.message().lines().findFirst().orElse("");
                return d.position() == null ? "error: " + m : d.position() + ": error: " + m;
            }
        }
        return "";
    }

    /** A duration as a scenario writes it: the largest unit that divides it (100ms, 1500us). */
    static String duration(long ns) {
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        return ns % 1000 == 0 ? ns / 1000 + "us" : ns + "ns";
    }

    @Override
    void previewChanged(LaunchSettings.Loaded l) {
        if (kernelCombo == null || kernelCombo.isDisposed()) {
            return;
        }
        Scenario base = l.base().scenario().orElse(null);
        if (base == null) {
            return;
        }
        filling = true;
        try {
            scenarioValue(kernelCombo, base.profile().version());
            List<String> st = new ArrayList<>();
            base.stop().timeNs().ifPresent(t -> st.add("time " + duration(t)));
            base.stop().transfers().ifPresent(t -> st.add("transfers " + t));
            if (base.stop().firstError()) {
                st.add("first-error");
            }
            stopHint.setText(NLS.bind(Messages.MainTab_stopHint, st.isEmpty() ? Messages.MainTab_whenDone : String.join(" | ", st)));
            stopHint.getParent().layout();
        } finally {
            filling = false;
        }
    }
}
