package org.dmaworkbench.emulation.ui.editor;

import java.io.File;
import java.nio.file.Path;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;

import org.dmaworkbench.emulation.ui.EmulationUi;
import org.dmaworkbench.emulation.ui.internal.Messages;
import org.dmaworkbench.emulation.ui.internal.ScenarioMarkers;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.ContentAssistAction;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * The editor of .dmascn scenario files: colouring, problems while typing and on save (Problems view), content
 * assist with the board's labels and the driver bugs, and an Outline. The language logic is the core's
 * ({@code org.dmaworkbench.emulation.scenario}); this class only wires it into a text editor.
 */
public class ScenarioEditor extends TextEditor {
    private final ScenarioModel model = new ScenarioModel();
    private ScenarioOutlinePage outline;

    public ScenarioEditor() {
        setSourceViewerConfiguration(new ScenarioSourceViewerConfiguration(this, getPreferenceStore()));
        setHelpContextId(EmulationUi.EDITOR_HELP_CONTEXT);
    }

    @Override
    protected void initializeKeyBindingScopes() {
        setKeyBindingScopes(new String[] { "org.dmaworkbench.emulation.ui.scenarioEditorScope" });
    }

    @Override
    protected void createActions() {
        super.createActions();
        ResourceBundle bundle = new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return new Object[][] { { "ContentAssistProposal.label", Messages.Assist_action },
                        { "ContentAssistProposal.tooltip", Messages.Assist_action },
                        { "ContentAssistProposal.description", Messages.Assist_status } };
            }
        };
        ContentAssistAction assist = new ContentAssistAction(bundle, "ContentAssistProposal.", this);
        assist.setActionDefinitionId(ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS);
        setAction("ContentAssistProposal", assist);
        markAsStateDependentAction("ContentAssistProposal", true);
    }

    @Override
    protected void doSetInput(IEditorInput input) throws CoreException {
        super.doSetInput(input);
        IFile file = file();
        if (file != null) {
            ScenarioMarkers.update(file);
        }
    }

    @Override
    protected void performSave(boolean overwrite, IProgressMonitor progressMonitor) {
        super.performSave(overwrite, progressMonitor);
        IFile file = file();
        if (file != null) {
            ScenarioMarkers.update(file);
        }
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IContentOutlinePage.class) {
            if (outline == null || outline.getControl() == null || outline.getControl().isDisposed()) {
                outline = new ScenarioOutlinePage(this);
            }
            return adapter.cast(outline);
        }
        return super.getAdapter(adapter);
    }

    /** What the reconciler last found: outline, board, problems. */
    public ScenarioModel model() {
        return model;
    }

    /** The workspace file being edited, or null for a file outside the workspace. */
    public IFile file() {
        IEditorInput in = getEditorInput();
        return in instanceof IFileEditorInput f ? f.getFile() : null;
    }

    /** The name the scenario's diagnostics carry: the file's path on disk, as a launch of it prints them. */
    String diagnosticFileName() {
        File f = localFile();
        return f != null ? f.getPath() : getEditorInput() == null ? "scenario.dmascn" : getEditorInput().getName();
    }

    /** The directory a board file and include directories are relative to; null when the file is not on disk. */
    Path baseDirectory() {
        File f = localFile();
        return f == null || f.getParentFile() == null ? null : f.getParentFile().toPath();
    }

    private File localFile() {
        IEditorInput in = getEditorInput();
        if (in instanceof IFileEditorInput f) {
            IPath loc = f.getFile().getLocation();
            return loc == null ? null : loc.toFile();
        }
        if (in instanceof IURIEditorInput u && "file".equals(u.getURI().getScheme())) {
            return new File(u.getURI());
        }
        return null;
    }
}
