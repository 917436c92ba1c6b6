package org.dmaworkbench.devicetree.ui.internal.editor;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jface.text.IDocument;

/**
 * The documents of the open device-tree editors by file: a board compiled for one editor reads the unsaved text of
 * the .dtsi open in another.
 */
final class OpenDocuments {
    private static final Map<Path, IDocument> DOCS = new ConcurrentHashMap<>();
    private static final java.util.List<java.util.function.Consumer<Path>> LISTENERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Map<IDocument, org.eclipse.jface.text.IDocumentListener> WATCHERS = new ConcurrentHashMap<>();

    private OpenDocuments() {
    }

    static void put(Path file, IDocument d) {
        DOCS.put(file, d);
        org.eclipse.jface.text.IDocumentListener l = new org.eclipse.jface.text.IDocumentListener() {
            @Override
            public void documentAboutToBeChanged(org.eclipse.jface.text.DocumentEvent event) {
                // after the change only
            }

            @Override
            public void documentChanged(org.eclipse.jface.text.DocumentEvent event) {
                for (java.util.function.Consumer<Path> c : LISTENERS) {
                    c.accept(file);
                }
            }
        };
        if (WATCHERS.putIfAbsent(d, l) == null) {
            d.addDocumentListener(l);
        }
    }

    static void remove(Path file, IDocument d) {
        DOCS.remove(file, d);
        org.eclipse.jface.text.IDocumentListener l = WATCHERS.remove(d);
        if (l != null) {
            d.removeDocumentListener(l);
        }
    }

    /** Told the file whose open editor's text changed. */
    static void addListener(java.util.function.Consumer<Path> l) {
        LISTENERS.add(l);
    }

    static void removeListener(java.util.function.Consumer<Path> l) {
        LISTENERS.remove(l);
    }

    /** The text of the open editor of {@code file}, or null. */
    static String text(Path file) {
        IDocument d = DOCS.get(file);
        return d == null ? null : d.get();
    }
}
