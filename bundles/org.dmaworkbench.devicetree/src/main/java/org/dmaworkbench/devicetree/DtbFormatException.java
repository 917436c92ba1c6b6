package org.dmaworkbench.devicetree;

/** A DTB that cannot be read; the message says what is wrong and at which offset. */
public final class DtbFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public DtbFormatException(String message) {
        super(message);
    }
}
