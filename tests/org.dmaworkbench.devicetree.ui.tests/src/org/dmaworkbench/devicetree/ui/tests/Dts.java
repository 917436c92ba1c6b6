package org.dmaworkbench.devicetree.ui.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.Assert;

/** Helpers of the device-tree editor's UI tests: the kernel's trees, throw-away projects, waiting on the editor. */
final class Dts {
    static final long TIMEOUT_MS = 60_000;

    private Dts() {
    }

    /**
     * The kernel's include-prefixes folder: {@code -Ddmaworkbench.shared=DIR} (DIR/linux-dts/include-prefixes),
     * {@code -Ddmaworkbench.linuxDts=DIR}, or the cache of releng/scripts/fetch-linux-dts, as the core tests'
     * LinuxDts; the build passes the properties. Fails saying where it looked.
     */
    static Path includePrefixes() {
        List<Path> tried = new ArrayList<>();
        String shared = System.getProperty("dmaworkbench.shared");
        if (shared != null && !shared.isEmpty()) {
            tried.add(Path.of(shared).resolve("linux-dts/include-prefixes").normalize());
        }
        String own = System.getProperty("dmaworkbench.linuxDts");
        if (own != null && !own.isEmpty()) {
            tried.add(Path.of(own).normalize());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        tried.add(cache.resolve("dmaworkbench/linux-6.12/include-prefixes"));
        for (Path p : tried) {
            if (Files.isDirectory(p.resolve("arm64/renesas")) && Files.isDirectory(p.resolve("dt-bindings"))) {
                return p;
            }
        }
        Assert.fail("The Linux 6.12 device trees are not here; looked in " + tried + ". The build passes "
                + "-Ddmaworkbench.shared / -Ddmaworkbench.linuxDts (releng/run-tests sets them); otherwise run "
                + "sudo releng/scripts/fetch-linux-dts once.");
        return null;
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static Shell shell() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
    }

    /** A new project whose folder "linux" links to the kernel's include-prefixes (read-only, never written). */
    static IProject linkedKernelProject(String name) throws CoreException {
        IProject p = freshProject(name);
        IFolder linux = p.getFolder("linux");
        linux.createLink(IPath.fromPath(includePrefixes()), IResource.NONE, null);
        return p;
    }

    static IProject freshProject(String name) throws CoreException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (p.exists()) {
            p.delete(true, true, null);
        }
        p.create(null);
        p.open(null);
        return p;
    }

    /** Copies files of this bundle's testfiles/ into the project. */
    static void copyTestFiles(IProject p, String dir, String... names) throws CoreException, IOException {
        for (String n : names) {
            try (InputStream in = Platform.getBundle("org.dmaworkbench.devicetree.ui.tests")
                    .getEntry("testfiles/" + dir + "/" + n).openStream()) {
                p.getFile(n).create(in, true, null);
            }
        }
    }

    /** Copies a kernel file into the project (a writable copy). */
    static IFile copyKernelFile(IProject p, String relative, String as) throws CoreException, IOException {
        IFile f = p.getFile(as);
        try (InputStream in = Files.newInputStream(includePrefixes().resolve(relative))) {
            f.create(in, true, null);
        }
        return f;
    }

    static DtsEditor open(IFile f) throws CoreException {
        IEditorPart e = IDE.openEditor(page(), f, DtsUi.EDITOR_ID, true);
        Assert.assertTrue(String.valueOf(e), e instanceof DtsEditor);
        return (DtsEditor) e;
    }

    /** Waits until the editor's analysis is of the text as it is now and it has a tree. */
    static Analysis analysed(DtsEditor e) {
        IDocument d = e.analysis().document();
        try {
            UiTests.waitUntil("the analysis of " + e.getTitle(), TIMEOUT_MS, () -> {
                Analysis a = e.analysis().current();
                return a != null && a.text(a.context().file()) != null && a.text(a.context().file()).equals(d.get());
            });
        } catch (AssertionError x) {
            Analysis a = e.analysis().current();
            throw new AssertionError(x.getMessage() + "; input " + e.getEditorInput() + ", file " + e.file()
                    + (a == null ? ", no analysis" : ", context " + a.context() + ", files " + a.files()
                    + ", its text " + (a.text(a.context().file()) == null ? "not read" : "of length "
                    + a.text(a.context().file()).length()) + ", the document's " + d.getLength()), x);
        }
        return e.analysis().current();
    }

    /** Waits until every editor job has run (markers applied). */
    static void settle() {
        UiTests.joinFamily(DtsUi.JOB_FAMILY, TIMEOUT_MS);
        UiTests.drainEvents();
    }

    static List<IMarker> markers(IResource r) throws CoreException {
        return Arrays.asList(r.findMarkers(DtsUi.MARKER_TYPE, false, IResource.DEPTH_ZERO));
    }

    static void waitFor(String what, BooleanSupplier c) {
        UiTests.waitUntil(what, TIMEOUT_MS, c);
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.ISO_8859_1);
    }

    /** A screenshot of the workbench window under target/screenshots. */
    static void shot(String name) {
        try {
            UiTests.screenshot(shell(), name);
        } catch (IOException e) {
            throw new AssertionError("cannot save screenshot " + name, e);
        }
    }

    /** The editor alone in the window (as double-clicking its tab does), so its pages have room. */
    static void maximize(IEditorPart e) {
        page().setPartState(page().getReference(e), IWorkbenchPage.STATE_MAXIMIZED);
        UiTests.drainEvents();
    }

    /** The workbench window at a size the screenshots can be read at. */
    static void sizeWindow() {
        Shell s = shell();
        org.eclipse.swt.graphics.Rectangle screen = s.getDisplay().getBounds();
        s.setBounds(0, 0, Math.min(1400, screen.width), Math.min(900, screen.height));
        UiTests.drainEvents();
    }

    /** Expands the row of the tree whose first column reads {@code name}, and selects it; returns it. */
    static org.eclipse.swt.widgets.TreeItem expandRow(org.eclipse.jface.viewers.TreeViewer v, String name) {
        for (org.eclipse.swt.widgets.TreeItem i : v.getTree().getItems()) {
            if (i.getText(0).equals(name)) {
                v.setExpandedState(i.getData(), true);
                v.setSelection(new org.eclipse.jface.viewers.StructuredSelection(i.getData()), true);
                UiTests.drainEvents();
                return i;
            }
        }
        Assert.fail("no row " + name);
        return null;
    }

    /** The first control of {@code type} under {@code c} (itself included) that {@code p} accepts, or null. */
    static <T extends Control> T find(Control c, Class<T> type, java.util.function.Predicate<T> p) {
        if (type.isInstance(c) && p.test(type.cast(c))) {
            return type.cast(c);
        }
        if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control k : comp.getChildren()) {
                T r = find(k, type, p);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
