package org.dmaworkbench.devicetree.ui.internal.compiled;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.CompiledSource;
import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.Navigation;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.source.SourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/**
 * The Compiled page: the final tree as {@code dtc -O dts} prints it (byte for byte, {@link CompiledSource}), each node
 * and property followed by {@code /* FILE:LINE *}{@code /}, where its value came from. Double-click a line to open
 * its origin. Printed in a job when the page is shown after a change.
 */
public final class CompiledPage {
    private final DtsEditor editor;
    private final Composite root;
    private final Label header;
    private final SourceViewer viewer;
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private volatile CompiledSource.Printed printed;
    private DeviceTree shownTree;

    public CompiledPage(DtsEditor editor, Composite parent) {
        this.editor = editor;
        root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(root);
        header = new Label(root, SWT.WRAP);
        header.setText(Messages.Compiled_header);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
        viewer = new SourceViewer(root, null, SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        viewer.setEditable(false);
        viewer.getTextWidget().setFont(JFaceResources.getTextFont());
        viewer.getTextWidget().setTabs(8);
        viewer.getTextWidget().setData("id", "compiled");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getControl());
        viewer.getTextWidget().addListener(SWT.MouseDoubleClick, e -> openOrigin());
    }

    public Control control() {
        return root;
    }

    public void stale() {
        stale.set(true);
    }

    /** Prints the latest tree in a job and shows it. */
    public void refresh() {
        Optional<DeviceTree> t = editor.analysis().tree();
        if (t.isEmpty() || t.get() == shownTree && !stale.get()) {
            return;
        }
        stale.set(false);
        DeviceTree tree = t.get();
        Job j = Job.create(Messages.Compiled_job, m -> {
            CompiledSource.Printed p = CompiledSource.print(tree, true, f -> {
                try {
                    return Path.of(f).getFileName().toString();
                } catch (RuntimeException e) {
                    return f;
                }
            });
            if (!root.isDisposed()) {
                root.getDisplay().asyncExec(() -> show(tree, p));
            }
            return Status.OK_STATUS;
        });
        j.setSystem(true);
        j.schedule();
    }

    private void show(DeviceTree tree, CompiledSource.Printed p) {
        if (root.isDisposed()) {
            return;
        }
        int top = viewer.getTopIndex();
        printed = p;
        shownTree = tree;
        viewer.setDocument(new Document(p.text()));
        viewer.setTopIndex(top);
    }

    /** Opens where the value on the caret's line came from. */
    public void openOrigin() {
        CompiledSource.Printed p = printed;
        Analysis a = editor.analysis().current();
        if (p == null || a == null) {
            return;
        }
        int line = viewer.getTextWidget().getLineAtOffset(viewer.getTextWidget().getCaretOffset());
        SourcePosition origin = line < p.lineOrigins().size() ? p.lineOrigins().get(line) : null;
        Location l = origin == null ? null : a.locate(origin);
        if (l != null) {
            Navigation.open(l);
        }
    }

    /** Whether the page shows the tree of the latest analysis (for tests). */
    public boolean isCurrent() {
        return printed != null && editor.analysis().tree().orElse(null) == shownTree;
    }

    /** The text shown, for tests. */
    public String text() {
        return viewer.getDocument() == null ? "" : viewer.getDocument().get();
    }

    public SourceViewer viewer() {
        return viewer;
    }
}
