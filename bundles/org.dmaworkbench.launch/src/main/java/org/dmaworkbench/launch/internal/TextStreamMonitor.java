package org.dmaworkbench.launch.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IFlushableStreamMonitor;

/**
 * One text stream of an emulation (the kernel log, the dma-debug reports, a serial port's output). Appends and a
 * console's connect (getContents, flushContents, setBuffered under the monitor's lock, as ProcessConsole does)
 * are atomic, so no text is lost or shown twice. While buffered it keeps at most {@link #LIMIT} characters, the
 * newest, so an emulation nobody watches cannot fill the heap.
 */
public final class TextStreamMonitor implements IFlushableStreamMonitor {
    /** Characters kept while nobody has taken the contents. */
    static final int LIMIT = 1 << 20;
    private final List<IStreamListener> listeners = new CopyOnWriteArrayList<>();
    private final StringBuilder contents = new StringBuilder();
    private boolean buffered = true;

    public synchronized void append(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (buffered) {
            contents.append(text);
            if (contents.length() > LIMIT) {
                contents.delete(0, contents.length() - LIMIT);
            }
        }
        for (IStreamListener l : listeners) {
            l.streamAppended(text, this);
        }
    }

    @Override
    public void addListener(IStreamListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IStreamListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized String getContents() {
        return contents.toString();
    }

    @Override
    public synchronized void flushContents() {
        contents.setLength(0);
    }

    @Override
    public synchronized void setBuffered(boolean buffer) {
        buffered = buffer;
    }

    @Override
    public synchronized boolean isBuffered() {
        return buffered;
    }
}
