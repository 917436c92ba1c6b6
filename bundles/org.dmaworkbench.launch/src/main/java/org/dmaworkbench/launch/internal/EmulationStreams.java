package org.dmaworkbench.launch.internal;

import java.io.IOException;

import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy2;

/** The kernel log (output) and the dma-debug reports (error) of an emulation; the emulated kernel reads no input. */
public final class EmulationStreams implements IStreamsProxy2 {
    private final TextStreamMonitor out = new TextStreamMonitor();
    private final TextStreamMonitor err = new TextStreamMonitor();

    public TextStreamMonitor out() {
        return out;
    }

    public TextStreamMonitor err() {
        return err;
    }

    @Override
    public IStreamMonitor getErrorStreamMonitor() {
        return err;
    }

    @Override
    public IStreamMonitor getOutputStreamMonitor() {
        return out;
    }

    @Override
    public void write(String input) throws IOException {
        throw new IOException("an emulation reads no input");
    }

    @Override
    public void closeInputStream() {
        // nothing to close
    }
}
