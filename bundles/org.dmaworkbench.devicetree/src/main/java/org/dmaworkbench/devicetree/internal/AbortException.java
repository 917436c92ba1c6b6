package org.dmaworkbench.devicetree.internal;

/** Stops a compilation after a fatal diagnostic has been reported. */
public final class AbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
        super(null, null, false, false);
    }
}
