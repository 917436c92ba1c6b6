package org.dmaworkbench.tests.ui.common;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.ui.PlatformUI;
import org.junit.rules.ExternalResource;

/** A JUnit rule: one throw-away workspace project per test, deleted with its editors closed afterwards. */
public final class TestProject extends ExternalResource {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private final String prefix;
    private IProject project;

    public TestProject(String prefix) {
        this.prefix = prefix;
    }

    @Override
    protected void before() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject(prefix + "-" + COUNT.incrementAndGet());
        project.create(new NullProgressMonitor());
        project.open(new NullProgressMonitor());
    }

    @Override
    protected void after() {
        try {
            if (PlatformUI.isWorkbenchRunning() && PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null) {
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
            }
            project.delete(true, true, new NullProgressMonitor());
        } catch (CoreException e) {
            throw new IllegalStateException("cannot delete test project " + project.getName(), e);
        }
    }

    public IProject project() {
        return project;
    }

    /** Creates (or replaces) a file of the project with UTF-8 {@code text}. */
    public IFile file(String name, String text) throws CoreException {
        IFile f = project.getFile(name);
        var in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (f.exists()) {
            f.setContents(in, IResource.FORCE, new NullProgressMonitor());
        } else {
            f.create(in, true, new NullProgressMonitor());
        }
        return f;
    }

    /**
     * A new open project {@code name} (replacing one of that name) holding the named files of bundle
     * {@code bundleId}'s {@code testfiles/} folder.
     */
    public static IProject withTestFiles(String bundleId, String name, String... testFiles)
            throws CoreException, java.io.IOException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (p.exists()) {
            p.delete(true, true, null);
        }
        p.create(null);
        p.open(null);
        for (String f : testFiles) {
            try (java.io.InputStream in = org.eclipse.core.runtime.Platform.getBundle(bundleId)
                    .getEntry("testfiles/" + f).openStream()) {
                p.getFile(f).create(in, true, null);
            }
        }
        return p;
    }
}
