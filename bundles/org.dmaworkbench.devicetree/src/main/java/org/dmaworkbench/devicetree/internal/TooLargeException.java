package org.dmaworkbench.devicetree.internal;

/** Thrown by file readers for files above {@link Limits#MAX_FILE_BYTES}; turned into a diagnostic. */
public final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooLargeException(String file, long size) {
        super(file + ": file is too large (" + size + " bytes, limit " + Limits.MAX_FILE_BYTES + ")");
    }
}
