package org.dmaworkbench.kernel.dmaengine;

/**
 * An {@code ERR_PTR(-errno)} returned by the dmaengine core, e.g. by {@code dma_request_chan()}:
 * {@link #ENODEV} (no channel with that name), {@link #EPROBE_DEFER} (the DMA controller has no driver yet,
 * or every matching channel is busy).
 */
public class DmaEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final int EPERM = 1;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int EPROBE_DEFER = 517;

    private final int errno;

    public DmaEngineException(int errno, String message) {
        super(message + " (" + errnoName(errno) + ")");
        this.errno = errno;
    }

    /** The positive errno, e.g. 19 for {@code -ENODEV}. */
    public int errno() {
        return errno;
    }

    public static String errnoName(int errno) {
        switch (Math.abs(errno)) {
        case EPERM:
            return "-EPERM";
        case ENOMEM:
            return "-ENOMEM";
        case EBUSY:
            return "-EBUSY";
        case ENODEV:
            return "-ENODEV";
        case EINVAL:
            return "-EINVAL";
        case ENOSYS:
            return "-ENOSYS";
        case EPROBE_DEFER:
            return "-EPROBE_DEFER";
        default:
            return "-" + Math.abs(errno);
        }
    }
}
