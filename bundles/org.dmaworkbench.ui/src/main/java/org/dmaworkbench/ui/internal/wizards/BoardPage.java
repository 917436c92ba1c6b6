package org.dmaworkbench.ui.internal.wizards;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.BoardDefaults;
import org.dmaworkbench.emulation.scenario.KernelTree;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

/**
 * Second page of the New DMA Workbench Project wizard: the board (built-in, or a board file of a Linux kernel tree
 * whose include directories are derived from the tree's root), the scenario file and launch configuration names,
 * and a preview of the scenario. Problems show in the page header, as the JDT and CDT wizards show theirs.
 */
public final class BoardPage extends WizardPage {
    private Button builtin;
    private Combo boards;
    private Label boardDescription;
    private Button kernel;
    private Text root;
    private Button rootBrowse;
    private Text boardFile;
    private Button boardBrowse;
    private Label includes;
    private Text scenarioName;
    private Text launchName;
    private Text preview;
    private String projectName = "";
    private boolean scenarioNameEdited;
    private boolean launchNameEdited;
    private boolean updating;
    private Spec previewed;
    private Spec previewShown;

    BoardPage() {
        super("board");
        setTitle(Messages.BoardPage_title);
        setDescription(Messages.BoardPage_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(c);

        builtin = new Button(c, SWT.RADIO);
        builtin.setText(Messages.BoardPage_builtin);
        builtin.setSelection(true);
        boards = new Combo(c, SWT.READ_ONLY);
        boards.setItems(BuiltinBoards.NAMES.toArray(new String[0]));
        boards.select(0);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(boards);
        new Label(c, SWT.NONE);
        boardDescription = new Label(c, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(400, SWT.DEFAULT).applyTo(boardDescription);

        kernel = new Button(c, SWT.RADIO);
        kernel.setText(Messages.BoardPage_kernel);
        GridDataFactory.fillDefaults().span(3, 1).indent(0, 8).applyTo(kernel);
        root = labelledText(c, Messages.BoardPage_kernelRoot);
        rootBrowse = browse(c);
        boardFile = labelledText(c, Messages.BoardPage_boardFile);
        boardBrowse = browse(c);
        Label incLabel = new Label(c, SWT.NONE);
        incLabel.setText(Messages.BoardPage_includes);
        GridDataFactory.swtDefaults().indent(16, 0).applyTo(incLabel);
        includes = new Label(c, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(400, SWT.DEFAULT).applyTo(includes);

        Group g = new Group(c, SWT.NONE);
        g.setText(Messages.BoardPage_scenarioGroup);
        GridDataFactory.fillDefaults().span(3, 1).grab(true, true).indent(0, 8).applyTo(g);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(g);
        new Label(g, SWT.NONE).setText(Messages.BoardPage_scenarioFile);
        scenarioName = new Text(g, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(scenarioName);
        new Label(g, SWT.NONE).setText(Messages.BoardPage_launchName);
        launchName = new Text(g, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(launchName);
        Label pl = new Label(g, SWT.NONE);
        pl.setText(Messages.BoardPage_preview);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(pl);
        preview = new Text(g, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        preview.setFont(JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(640, 170).applyTo(preview);

        builtin.addListener(SWT.Selection, e -> update());
        kernel.addListener(SWT.Selection, e -> update());
        boards.addListener(SWT.Selection, e -> update());
        root.addListener(SWT.Modify, e -> update());
        boardFile.addListener(SWT.Modify, e -> update());
        scenarioName.addListener(SWT.Modify, e -> {
            scenarioNameEdited |= !updating;
            update();
        });
        launchName.addListener(SWT.Modify, e -> {
            launchNameEdited |= !updating;
            update();
        });
        rootBrowse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setMessage(Messages.BoardPage_chooseRoot);
            d.setFilterPath(root.getText());
            String r = d.open();
            if (r != null) {
                root.setText(r);
            }
        });
        boardBrowse.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(getShell(), SWT.OPEN);
            d.setText(Messages.BoardPage_chooseBoard);
            d.setFilterExtensions(new String[] { "*.dts" });
            Path r = rootPath();
            if (r != null && Files.isDirectory(r.resolve("arch"))) {
                d.setFilterPath(r.resolve("arch").toString());
            }
            String f = d.open();
            if (f != null) {
                boardFile.setText(f);
            }
        });
        setControl(c);
        PlatformUI.getWorkbench().getHelpSystem().setHelp(c, DmaWorkbenchUi.NEW_PROJECT_WIZARD_HELP_CONTEXT);
        update();
        // no error before the user did anything: the header shows the page description
        setErrorMessage(null);
    }

    private static Text labelledText(Composite c, String label) {
        Label l = new Label(c, SWT.NONE);
        l.setText(label);
        GridDataFactory.swtDefaults().indent(16, 0).applyTo(l);
        Text t = new Text(c, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(t);
        return t;
    }

    private static Button browse(Composite c) {
        Button b = new Button(c, SWT.PUSH);
        b.setText(Messages.BoardPage_browse);
        return b;
    }

    /** The project name of the first page: the launch configuration's default name. */
    void projectName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.equals(projectName)) {
            return;
        }
        projectName = n;
        if (getControl() != null) {
            update();
        }
    }

    boolean isBuiltin() {
        return builtin.getSelection();
    }

    String builtinBoard() {
        return boards.getText();
    }

    private Path rootPath() {
        try {
            String r = root.getText().trim();
            return r.isEmpty() ? null : Path.of(r);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    Path boardFilePath() {
        try {
            String f = boardFile.getText().trim();
            if (f.isEmpty()) {
                return null;
            }
            Path p = Path.of(f);
            Path r = rootPath();
            return p.isAbsolute() || r == null ? p : r.resolve(p);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    List<Path> includeDirs() {
        Path r = rootPath();
        return r == null || !Files.isDirectory(r) ? List.of() : KernelTree.includeDirs(r);
    }

    String scenarioFileName() {
        return scenarioName.getText().trim();
    }

    String launchConfigurationName() {
        return launchName.getText().trim();
    }

    /** What the scenario is made from: a built-in board, or a board file and its include directories. */
    record Spec(String board, List<String> includes) {
        /**
         * The scenario the wizard writes: the board's default workload. For a board file this compiles the board
         * (to find its DMA devices): call it off the UI thread.
         */
        String scenarioText() {
            return BoardDefaults.text(board, includes, Path.of("."));
        }
    }

    Spec spec() {
        if (isBuiltin()) {
            return new Spec(builtinBoard(), List.of());
        }
        Path f = boardFilePath();
        return new Spec(f == null ? "" : f.toString(), includeDirs().stream().map(Path::toString).toList());
    }

    /** Computes the preview in the background: a board file is compiled to find its DMA devices. */
    private void schedulePreview(Spec sp) {
        if (sp.equals(previewed)) {
            return;
        }
        previewed = sp;
        if (!isBuiltin() && (boardFilePath() == null || !Files.isRegularFile(boardFilePath()))) {
            preview.setText("");
            return;
        }
        var display = preview.getDisplay();
        Job job = Job.create(Messages.BoardPage_previewJob, monitor -> {
            String text = sp.scenarioText();
            display.asyncExec(() -> {
                if (!preview.isDisposed() && sp.equals(previewed)) {
                    preview.setText(text);
                    previewShown = sp;
                }
            });
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Whether the preview shows the scenario of the current settings (tests wait on it). */
    public boolean previewUpToDate() {
        return spec().equals(previewShown);
    }

    private static String baseName(String file) {
        String n = Path.of(file).getFileName().toString();
        return n.endsWith(".dts") ? n.substring(0, n.length() - 4) : n;
    }

    private void update() {
        if (updating) {
            return;
        }
        updating = true;
        try {
            boolean k = kernel.getSelection();
            boards.setEnabled(!k);
            for (var w : new org.eclipse.swt.widgets.Control[] { root, rootBrowse, boardFile, boardBrowse }) {
                w.setEnabled(k);
            }
            boardDescription.setText(switch (builtinBoard()) {
                case "koelsch" -> Messages.Board_koelsch;
                case "salvator-x" -> Messages.Board_salvatorX;
                default -> Messages.Board_salvatorX4gSpan;
            });
            List<Path> inc = includeDirs();
            includes.setText(inc.isEmpty() ? Messages.BoardPage_noIncludes
                    : String.join("\n", inc.stream().map(Path::toString).toList()));
            Path bf = boardFilePath();
            if (!scenarioNameEdited) {
                String base = !k ? builtinBoard() : bf == null ? "board" : baseName(bf.toString());
                scenarioName.setText(base + ".dmascn");
            }
            if (!launchNameEdited) {
                launchName.setText(projectName);
            }
            schedulePreview(spec());
            getShell().layout(true, true);
        } finally {
            updating = false;
        }
        validate();
    }

    private void validate() {
        String error = null;
        String info = null;
        if (kernel.getSelection()) {
            Path r = rootPath();
            Path bf = boardFilePath();
            if (root.getText().trim().isEmpty()) {
                info = Messages.BoardPage_enterRoot;
            } else if (r == null || !Files.isDirectory(r)) {
                error = NLS.bind(Messages.BoardPage_rootMissing, root.getText().trim());
            } else if (includeDirs().isEmpty()) {
                error = NLS.bind(Messages.BoardPage_notKernelTree, r);
            } else if (bf == null) {
                info = Messages.BoardPage_enterBoard;
            } else if (!bf.getFileName().toString().endsWith(".dts")) {
                error = Messages.BoardPage_boardNotDts;
            } else if (!Files.isRegularFile(bf)) {
                error = NLS.bind(Messages.BoardPage_boardMissing, bf);
            }
        }
        if (error == null) {
            String s = scenarioFileName();
            IStatus st = ResourcesPlugin.getWorkspace().validateName(s, IResource.FILE);
            if (!st.isOK()) {
                error = st.getMessage();
            } else if (!s.endsWith(".dmascn") || s.equals(".dmascn")) {
                error = NLS.bind(Messages.BoardPage_scenarioName, s);
            }
        }
        if (error == null) {
            String l = launchConfigurationName();
            if (l.isEmpty()) {
                info = info != null ? info : Messages.BoardPage_launchNameEmpty;
            } else if (!ResourcesPlugin.getWorkspace().validateName(l + ".launch", IResource.FILE).isOK()
                    || l.matches(".*[/\\\\:*?\"<>|].*")) {
                error = NLS.bind(Messages.BoardPage_launchNameInvalid, l);
            }
        }
        setErrorMessage(error);
        setMessage(info, info == null ? IMessageProvider.NONE : IMessageProvider.INFORMATION);
        setPageComplete(error == null && info == null);
    }
}
