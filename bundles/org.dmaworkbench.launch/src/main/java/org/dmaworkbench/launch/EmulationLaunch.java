package org.dmaworkbench.launch;

/** Identifiers of the {@code DMA Emulation} launch configuration type and the attributes its launches carry. */
public final class EmulationLaunch {
    /** The launch configuration type registered with {@code org.eclipse.debug.core}. */
    public static final String TYPE_ID = "org.dmaworkbench.launch.emulation";
    /** Launch attribute: the one-line summary of the finished run. */
    public static final String ATTR_SUMMARY = "org.dmaworkbench.launch.summary";
    /** Launch attribute: bytes the run moved, as a decimal string. */
    public static final String ATTR_BYTES_MOVED = "org.dmaworkbench.launch.bytesMoved";
    /** Configuration attribute: how many bytes the skeleton run copies. */
    public static final String CONFIG_BYTES = "org.dmaworkbench.launch.bytes";
    public static final int DEFAULT_BYTES = 64 * 1024;

    private EmulationLaunch() {
    }
}
