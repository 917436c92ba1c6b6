package org.dmaworkbench.ui.capture;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.ui.views.dmaapi.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;

/**
 * Import › DMA Workbench › Kernel DMA trace: the capture files (ftrace text captures of the dma:* events, in order,
 * and/or a dma-api/dump taken before them) and the drivers of the devices (dma:* events name devices only), then
 * the import Job. Files selected in the workspace are proposed.
 */
public class ImportCaptureWizard extends Wizard implements IImportWizard {
    private Page page;
    private final List<Path> initial = new ArrayList<>();

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle(Messages.Wizard_title);
        setNeedsProgressMonitor(false);
        if (selection != null) {
            for (Object o : selection.toList()) {
                if (o instanceof IFile f && f.getLocation() != null) {
                    initial.add(f.getLocation().toFile().toPath());
                }
            }
        }
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        CaptureImportJob.start(page.files(), page.drivers());
        return true;
    }

    /** The wizard's one page. */
    final class Page extends WizardPage {
        private org.eclipse.swt.widgets.List list;
        private Text drivers;

        Page() {
            super("capture");
            setTitle(Messages.Wizard_pageTitle);
            setDescription(Messages.Wizard_pageDescription);
        }

        @Override
        public void createControl(Composite parent) {
            Composite c = new Composite(parent, SWT.NONE);
            c.setLayout(new GridLayout(2, false));
            Label l = new Label(c, SWT.WRAP);
            l.setText(Messages.Wizard_files);
            l.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
            list = new org.eclipse.swt.widgets.List(c, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
            GridData ld = new GridData(SWT.FILL, SWT.FILL, true, true);
            ld.heightHint = 120;
            ld.widthHint = 480;
            list.setLayoutData(ld);
            Composite buttons = new Composite(c, SWT.NONE);
            buttons.setLayout(new GridLayout(1, true));
            buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
            Button add = new Button(buttons, SWT.PUSH);
            add.setText(Messages.Wizard_add);
            add.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            add.addListener(SWT.Selection, e -> addFiles());
            Button remove = new Button(buttons, SWT.PUSH);
            remove.setText(Messages.Wizard_remove);
            remove.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            remove.addListener(SWT.Selection, e -> {
                list.remove(list.getSelectionIndices());
                validate();
            });
            Label dl = new Label(c, SWT.WRAP);
            dl.setText(Messages.Wizard_drivers);
            dl.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
            drivers = new Text(c, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
            GridData dd = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
            dd.heightHint = 60;
            drivers.setLayoutData(dd);
            drivers.setMessage("e6e60000.serial=sh-sci");
            drivers.addListener(SWT.Modify, e -> validate());
            for (Path p : initial) {
                list.add(p.toString());
            }
            setControl(c);
            validate();
        }

        private void addFiles() {
            FileDialog d = new FileDialog(getShell(), SWT.OPEN | SWT.MULTI);
            d.setFilterExtensions(new String[] { "*.txt;*.trace;*.dump;*.log", "*" });
            if (d.open() != null) {
                for (String n : d.getFileNames()) {
                    list.add(Path.of(d.getFilterPath(), n).toString());
                }
            }
            validate();
        }

        /** The files, in the order listed. */
        List<Path> files() {
            List<Path> out = new ArrayList<>();
            for (String s : list.getItems()) {
                out.add(Path.of(s));
            }
            return out;
        }

        /** DEVICE=DRIVER lines. */
        Map<String, String> drivers() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : drivers.getText().split("\\R")) {
                String t = line.strip();
                int eq = t.indexOf('=');
                if (eq > 0 && eq < t.length() - 1) {
                    m.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
                }
            }
            return m;
        }

        private void validate() {
            String problem = null;
            if (list.getItemCount() == 0) {
                problem = Messages.Wizard_noFile;
            }
            for (String s : list.getItems()) {
                try {
                    if (!Files.isRegularFile(Path.of(s))) {
                        problem = NLS.bind(Messages.Wizard_missing, s);
                    }
                } catch (InvalidPathException e) {
                    problem = NLS.bind(Messages.Wizard_missing, s);
                }
            }
            int n = 0;
            for (String line : drivers.getText().split("\\R")) {
                n++;
                String t = line.strip();
                if (!t.isEmpty() && (t.indexOf('=') <= 0 || t.indexOf('=') == t.length() - 1)) {
                    problem = NLS.bind(Messages.Wizard_badDriver, n, t);
                }
            }
            setErrorMessage(list.getItemCount() == 0 ? null : problem);
            setPageComplete(problem == null);
        }
    }
}
