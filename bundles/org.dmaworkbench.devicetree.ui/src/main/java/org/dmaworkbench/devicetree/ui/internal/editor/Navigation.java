package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;

import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;

/** Opens a {@link Location}: the workspace file when there is one, else the file itself; selects the range. */
public final class Navigation {
    private Navigation() {
    }

    /** On the UI thread. Returns the editor shown, or null. */
    public static IEditorPart open(Location l) {
        IEditorPart active = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
        return open(l, active instanceof DtsEditor d && d.analysis().ifile() != null
                ? d.analysis().ifile().getProject() : null);
    }

    private static IEditorPart open(Location l, org.eclipse.core.resources.IProject preferred) {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IEditorPart part;
        try {
            IFile f = workspaceFile(l.file(), preferred);
            part = f != null ? IDE.openEditor(page, f, DtsUi.EDITOR_ID, true)
                    : IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(l.file().toUri()));
        } catch (PartInitException e) {
            DtsUiPlugin.log("cannot open " + l.file(), e);
            return null;
        }
        reveal(part, l.offset(), l.length());
        return part;
    }

    /** Selects a range of the source page of a device-tree editor (or of any text editor). */
    public static void reveal(IEditorPart part, int offset, int length) {
        if (part instanceof DtsEditor d) {
            d.showSource();
            d.sourceEditor().selectAndReveal(offset, length);
        } else if (part instanceof org.eclipse.ui.texteditor.ITextEditor t) {
            t.selectAndReveal(offset, length);
        }
    }

    /** The accessible workspace file at a location, if any. */
    public static IFile workspaceFile(Path file) {
        return workspaceFile(file, null);
    }

    /**
     * The accessible workspace file at a location, one of {@code preferred} first: several projects may link the same
     * kernel tree, and the editor's own project is where its markers and editors belong.
     */
    public static IFile workspaceFile(Path file, org.eclipse.core.resources.IProject preferred) {
        IFile any = null;
        for (IFile f : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toUri())) {
            if (f.isAccessible()) {
                if (preferred == null || f.getProject().equals(preferred)) {
                    return f;
                }
                if (any == null) {
                    any = f;
                }
            }
        }
        return any;
    }

    /** Opens a location from an editor: files of that editor's project first. */
    public static IEditorPart open(Location l, DtsEditor from) {
        org.eclipse.core.resources.IFile own = from == null ? null : from.analysis().ifile();
        return open(l, own == null ? null : own.getProject());
    }
}
