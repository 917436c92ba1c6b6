package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.compiled.CompiledPage;
import org.dmaworkbench.devicetree.ui.internal.hardware.HardwarePage;
import org.eclipse.core.filesystem.URIUtil;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.MultiPageEditorPart;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * The device-tree editor: the source ({@link DtsSourceEditor}), the Hardware page (what the emulator builds from this
 * board, with actions that edit the source) and the Compiled page (the final tree as dtc -O dts prints it, with each
 * property's origin). Each new analysis of the source goes to the problem markers, the folding, the outline and the
 * pages; work that costs is done on the reconciler's thread or in jobs, the UI thread only applies the results.
 */
public final class DtsEditor extends MultiPageEditorPart {
    public static final int SOURCE_PAGE = 0;
    public static final int HARDWARE_PAGE = 1;
    public static final int COMPILED_PAGE = 2;

    private DtsSourceEditor source;
    private EditorAnalysis analysis;
    private HardwarePage hardware;
    private CompiledPage compiled;
    private ProblemReporter problems;
    private Path file;
    private final AtomicBoolean uiUpdatePending = new AtomicBoolean();
    /**
     * Compiles again when a file the board reads changes elsewhere: saved to disk, or edited in another editor. The
     * delay gathers a burst of changes (a refactoring saving several files) into one compilation.
     */
    private final Job reanalysis = new Job(Messages.Context_recompile) {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            if (analysis != null && analysis.document() != null) {
                analysis.analyze();
            }
            return Status.OK_STATUS;
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == DtsUi.JOB_FAMILY;
        }
    };
    private final java.util.function.Consumer<Path> otherEditorChanged = this::dependencyChanged;
    private final IResourceChangeListener savedElsewhere = this::resourcesChanged;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        super.init(site, input);
        IFile ifile = Adapters.adapt(input, IFile.class);
        if (ifile != null && ifile.getLocation() != null) {
            file = FileKey.of(ifile.getLocation().toPath());
        } else if (input instanceof IPathEditorInput p) {
            file = FileKey.of(p.getPath().toPath());
        } else if (input instanceof IURIEditorInput u && URIUtil.toPath(u.getURI()) != null) {
            file = FileKey.of(URIUtil.toPath(u.getURI()).toPath());
        } else {
            throw new PartInitException(Messages.Editor_notAFile);
        }
        analysis = new EditorAnalysis(file, ifile);
        setPartName(input.getName());
        IContextService contexts = site.getService(IContextService.class);
        if (contexts != null) {
            contexts.activateContext(DtsUi.EDITOR_SCOPE);
        }
    }

    @Override
    protected void createPages() {
        source = new DtsSourceEditor(this);
        try {
            addPage(SOURCE_PAGE, source, getEditorInput());
        } catch (PartInitException e) {
            DtsUiPlugin.log("cannot open the source page", e);
            return;
        }
        setPageText(SOURCE_PAGE, Messages.Editor_sourcePage);
        IDocument doc = source.getDocumentProvider().getDocument(source.getEditorInput());
        analysis.setDocument(doc);
        OpenDocuments.put(file, doc);
        hardware = new HardwarePage(this, getContainer());
        addPage(HARDWARE_PAGE, hardware.control());
        setPageText(HARDWARE_PAGE, Messages.Editor_hardwarePage);
        compiled = new CompiledPage(this, getContainer());
        addPage(COMPILED_PAGE, compiled.control());
        setPageText(COMPILED_PAGE, Messages.Editor_compiledPage);
        problems = new ProblemReporter(this);
        analysis.addListener(this::analysed);
        reanalysis.setSystem(true);
        OpenDocuments.addListener(otherEditorChanged);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(savedElsewhere, IResourceChangeEvent.POST_CHANGE);
        // the reconciler's first run may have come before the document and these listeners were known
        reanalysis.schedule();
        setTitleImage(DtsUiPlugin.image(DtsUiPlugin.IMG_DTS));
    }

    /** A new analysis (on the reconciler's thread): markers now, the rest once on the UI thread. */
    private void analysed(Analysis a) {
        problems.update(a);
        if (uiUpdatePending.compareAndSet(false, true)) {
            Display d = getSite().getShell().getDisplay();
            d.asyncExec(() -> {
                uiUpdatePending.set(false);
                if (source == null || source.viewer() == null || source.viewer().getTextWidget() == null
                        || source.viewer().getTextWidget().isDisposed()) {
                    return;
                }
                Analysis now = analysis.current();
                if (now == null) {
                    return;
                }
                Folding.update(source.viewer(), now.model());
                DtsOutlinePage o = source.outline();
                if (o != null) {
                    o.refresh();
                }
                int page = getActivePage();
                if (page == HARDWARE_PAGE) {
                    hardware.refresh();
                } else {
                    hardware.stale();
                }
                if (page == COMPILED_PAGE) {
                    compiled.refresh();
                } else {
                    compiled.stale();
                }
            });
        }
    }

    /** A file changed in another editor: compile again if this board reads it. */
    private void dependencyChanged(Path changed) {
        Analysis a = analysis == null ? null : analysis.current();
        if (a != null && !changed.equals(file) && a.files().contains(changed)) {
            reanalysis.schedule(150);
        }
    }

    /** Files saved or changed on disk: compile again if this board reads one of them. */
    private void resourcesChanged(IResourceChangeEvent event) {
        Analysis a = analysis == null ? null : analysis.current();
        if (a == null || event.getDelta() == null) {
            return;
        }
        boolean[] hit = new boolean[1];
        try {
            event.getDelta().accept(d -> {
                if (hit[0]) {
                    return false;
                }
                if (d.getResource() instanceof IFile f && (d.getFlags() & IResourceDelta.CONTENT) != 0
                        && f.getLocation() != null) {
                    Path k = FileKey.of(f.getLocation().toPath());
                    hit[0] = !k.equals(file) && a.files().contains(k);
                }
                return true;
            });
        } catch (CoreException e) {
            return;
        }
        if (hit[0]) {
            reanalysis.schedule(150);
        }
    }

    @Override
    protected void pageChange(int newPageIndex) {
        super.pageChange(newPageIndex);
        if (newPageIndex == HARDWARE_PAGE && hardware != null) {
            hardware.refresh();
        } else if (newPageIndex == COMPILED_PAGE && compiled != null) {
            compiled.refresh();
        }
    }

    public DtsSourceEditor sourceEditor() {
        return source;
    }

    public EditorAnalysis analysis() {
        return analysis;
    }

    public HardwarePage hardwarePage() {
        return hardware;
    }

    public CompiledPage compiledPage() {
        return compiled;
    }

    public ProblemReporter problems() {
        return problems;
    }

    /** The edited file by {@link FileKey}. */
    public Path file() {
        return file;
    }

    /** Shows the source page. */
    public void showSource() {
        if (getActivePage() != SOURCE_PAGE) {
            setActivePage(SOURCE_PAGE);
        }
    }

    @Override
    public void setActivePage(int pageIndex) {
        super.setActivePage(pageIndex);
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        source.doSave(monitor);
    }

    @Override
    public void doSaveAs() {
        source.doSaveAs();
        setInput(source.getEditorInput());
    }

    @Override
    public boolean isSaveAsAllowed() {
        return true;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IContentOutlinePage.class || adapter == ITextEditor.class) {
            return source == null ? null : source.getAdapter(adapter);
        }
        if (adapter == IGotoMarker.class) {
            return adapter.cast((IGotoMarker) this::gotoMarker);
        }
        return super.getAdapter(adapter);
    }

    private void gotoMarker(IMarker marker) {
        showSource();
        IDE.gotoMarker(source, marker);
    }

    @Override
    public void dispose() {
        if (file != null && analysis != null && analysis.document() != null) {
            OpenDocuments.remove(file, analysis.document());
        }
        if (problems != null) {
            problems.dispose();
        }
        OpenDocuments.removeListener(otherEditorChanged);
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(savedElsewhere);
        reanalysis.cancel();
        super.dispose();
    }
}
