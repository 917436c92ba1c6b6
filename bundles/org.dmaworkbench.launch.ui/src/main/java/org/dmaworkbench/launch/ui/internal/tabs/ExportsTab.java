package org.dmaworkbench.launch.ui.internal.tabs;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.internal.EmulationLaunchDelegate;
import org.dmaworkbench.launch.ui.internal.LaunchUiPlugin;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ContainerSelectionDialog;

/**
 * Files written after the run, as {@code dmawb run --trace/--dump/--dmesg/--json} writes them, usually into the
 * workspace (the run refreshes them so the explorer and open editors see the new contents).
 */
public final class ExportsTab extends EmulationTab {
    /** One export: its attribute, file extension, check box and file field. */
    private record Row(String attribute, String extension, Button check, Text file) {
    }

    private final List<Row> rows = new ArrayList<>();
    private String configName = "emulation";
    private String scenarioAttr = "";

    public ExportsTab(ScenarioPreview preview) {
        super(preview);
    }

    @Override
    public String getName() {
        return Messages.ExportsTab_name;
    }

    @Override
    public String getId() {
        return "org.dmaworkbench.launch.ui.exportsTab";
    }

    @Override
    public Image getImage() {
        return LaunchUiPlugin.image(LaunchUiPlugin.IMG_EXPORTS);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(c);
        setControl(c);
        Label intro = new Label(c, SWT.WRAP);
        intro.setText(Messages.ExportsTab_intro);
        GridDataFactory.fillDefaults().grab(true, false).hint(500, SWT.DEFAULT).applyTo(intro);
        row(c, EmulationLaunch.CONFIG_EXPORT_TRACE, "trace", Messages.ExportsTab_trace);
        row(c, EmulationLaunch.CONFIG_EXPORT_DUMP, "dump", Messages.ExportsTab_dump);
        row(c, EmulationLaunch.CONFIG_EXPORT_DMESG, "dmesg", Messages.ExportsTab_dmesg);
        row(c, EmulationLaunch.CONFIG_EXPORT_JSON, "json", Messages.ExportsTab_json);
    }

    private void row(Composite parent, String attribute, String ext, String title) {
        Composite g = group(parent, title, 4);
        Button check = id(createCheckButton(g, Messages.ExportsTab_write), "export." + ext + ".check");
        GridDataFactory.fillDefaults().span(4, 1).applyTo(check);
        Text file = text(g, "export." + ext);
        GridDataFactory.fillDefaults().grab(true, false).span(4, 1).applyTo(file);
        new Label(g, SWT.NONE).setLayoutData(GridDataFactory.fillDefaults().grab(true, false).create());
        Button ws = createPushButton(g, Messages.Tab_workspace, null);
        ws.addListener(SWT.Selection, e -> {
            ContainerSelectionDialog d = new ContainerSelectionDialog(getShell(), ResourcesPlugin.getWorkspace().getRoot(),
                    false, Messages.ExportsTab_chooseFolder);
            if (d.open() == 0 && d.getResult().length > 0 && d.getResult()[0] instanceof IPath p) {
                file.setText("${workspace_loc:" + p + "}/" + configName + "." + ext);
            }
        });
        Button fs = createPushButton(g, Messages.Tab_fileSystem, null);
        fs.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(getShell(), SWT.SAVE);
            d.setFileName(configName + "." + ext);
            String f = d.open();
            if (f != null) {
                file.setText(f);
            }
        });
        Button vars = variablesButton(g, file);
        Row r = new Row(attribute, ext, check, file);
        rows.add(r);
        check.addListener(SWT.Selection, e -> {
            if (check.getSelection() && file.getText().isBlank()) {
                file.setText(defaultFile(ext));
            }
            enable(r, ws, fs, vars);
            changed();
        });
        check.setData("buttons", new Button[] { ws, fs, vars });
    }

    private static void enable(Row r, Button... buttons) {
        r.file().setEnabled(r.check().getSelection());
        for (Button b : buttons) {
            b.setEnabled(r.check().getSelection());
        }
    }

    /** Next to the scenario when it is in the workspace: "${workspace_loc:/p/dir}/NAME.ext". */
    private String defaultFile(String ext) {
        String prefix = "${workspace_loc:";
        if (scenarioAttr.startsWith(prefix) && scenarioAttr.endsWith("}")) {
            String path = scenarioAttr.substring(prefix.length(), scenarioAttr.length() - 1);
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                return prefix + path.substring(0, slash) + "}/" + configName + "." + ext;
            }
        }
        return "";
    }

    @Override
    void previewChanged(LaunchSettings.Loaded loaded) {
        // the export files do not depend on the scenario
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy wc) {
        // no exports
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        filling = true;
        try {
            configName = c.getName();
            scenarioAttr = attr(c, EmulationLaunch.CONFIG_SCENARIO, "");
            for (Row r : rows) {
                String f = attr(c, r.attribute(), "");
                r.check().setSelection(!f.isEmpty());
                r.file().setText(f);
                enable(r, (Button[]) r.check().getData("buttons"));
            }
        } finally {
            filling = false;
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy wc) {
        for (Row r : rows) {
            put(wc, r.attribute(), r.check().getSelection() ? r.file().getText().strip() : null, "");
        }
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        for (Row r : rows) {
            if (r.check().getSelection() && r.file().getText().isBlank()) {
                setErrorMessage(org.eclipse.osgi.util.NLS.bind(Messages.ExportsTab_noFile, r.extension()));
                return false;
            }
        }
        List<String> problems = new ArrayList<>();
        try {
            LaunchSettings.of(c.getName(), c.getAttributes(), text -> {
                if (text.contains("_prompt")) {
                    throw new IllegalArgumentException(Messages.ScenarioPreview_prompt);
                }
                return EmulationLaunchDelegate.expand(text);
            }, EmulationPreferences.defaults()).exports(problems);
        } catch (CoreException e) {
            return true;
        }
        problems.removeIf(p -> p.endsWith(Messages.ScenarioPreview_prompt));
        if (!problems.isEmpty()) {
            setErrorMessage(problems.get(0));
            return false;
        }
        return true;
    }
}
