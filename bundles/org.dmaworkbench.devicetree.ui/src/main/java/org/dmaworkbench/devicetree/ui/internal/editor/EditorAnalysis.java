package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Analyzer;
import org.dmaworkbench.devicetree.lang.CompileContext;
import org.dmaworkbench.devicetree.ui.internal.context.Contexts;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;

/**
 * The compilation of one editor's file in its context, kept up to date by the reconciler (off the UI thread) and
 * handed to whatever shows it: problems, folding, outline, the Hardware and Compiled pages. An analysis is tied to
 * the document's modification stamp, so a request from the UI thread either reuses the last one or, when the text has
 * changed since, compiles now (about 10 ms warm for a Salvator-X board).
 */
public final class EditorAnalysis {
    private final Path file;
    private final IFile ifile;
    private volatile IDocument document;
    private volatile CompileContext context;
    private volatile Analysis current;
    private volatile long currentStamp = -1;
    private volatile Analysis lastWithTree;
    private final List<Consumer<Analysis>> listeners = new CopyOnWriteArrayList<>();

    EditorAnalysis(Path file, IFile ifile) {
        this.file = file;
        this.ifile = ifile;
    }

    void setDocument(IDocument d) {
        this.document = d;
    }

    public Path file() {
        return file;
    }

    public IFile ifile() {
        return ifile;
    }

    public IDocument document() {
        return document;
    }

    /** The context now in use (computed on the first analysis; {@link #resetContext()} makes it again). */
    public synchronized CompileContext context() {
        if (context == null) {
            context = Contexts.contextFor(ifile, file);
        }
        return context;
    }

    /** The project settings or the chosen board changed: compile in the new context from now on. */
    public synchronized void resetContext() {
        context = null;
        currentStamp = -1;
    }

    /** The last analysis, possibly of an older text; null before the first. */
    public Analysis current() {
        return current;
    }

    /** The last analysis whose sources parsed (for the outline and pages while the text has errors). */
    public Analysis lastWithTree() {
        return lastWithTree;
    }

    /** An analysis of the document's text now: the last one if the text is unchanged, else a new one. */
    public Analysis forCurrentText() {
        IDocument d = document;
        long stamp = stamp(d);
        Analysis a = current;
        if (a != null && stamp == currentStamp && stamp != IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP) {
            return a;
        }
        return analyze();
    }

    /** Compiles the document's text now, records and announces the result. */
    public Analysis analyze() {
        IDocument d = document;
        long stamp = stamp(d);
        String text = d == null ? null : d.get();
        CompileContext c = context();
        Analysis a = Analyzer.analyze(c, p -> p.equals(file) ? text : OpenDocuments.text(p));
        synchronized (this) {
            if (stamp(d) == stamp) {
                current = a;
                currentStamp = stamp;
                if (a.tree().isPresent()) {
                    lastWithTree = a;
                }
            }
        }
        for (Consumer<Analysis> l : listeners) {
            l.accept(a);
        }
        return a;
    }

    private static long stamp(IDocument d) {
        return d instanceof IDocumentExtension4 x ? x.getModificationStamp()
                : IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
    }

    /** Called with each new analysis, on the thread that made it. */
    public void addListener(Consumer<Analysis> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<Analysis> l) {
        listeners.remove(l);
    }

    /** The tree to show: the current analysis', else the last one that had one. */
    public Optional<org.dmaworkbench.devicetree.DeviceTree> tree() {
        Analysis a = current;
        if (a != null && a.tree().isPresent()) {
            return a.tree();
        }
        Analysis g = lastWithTree;
        return g == null ? Optional.empty() : g.tree();
    }
}
