package org.dmaworkbench.emulation.replay;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;

/**
 * One problem found in a capture: which check ({@link #checkId()}: a {@link DmaDebugCheck} name, or a
 * replay-only id such as {@code IO_PAGE_FAULT}), the message (for dma-debug checks exactly as the kernel's
 * dma-debug prints it, possibly several '\n'-separated lines), the device, and where in the capture the event
 * that revealed it is (file and 1-based line; line 0 for findings made at the end of the capture).
 */
public final class Finding {
    /** replay-only: dma_unmap_sg of a list no dma_map_sg in the capture (or dump) mapped */
    public static final String UNMAP_SG_NOT_MAPPED = "UNMAP_SG_NOT_MAPPED";
    /** replay-only: an iommu:io_page_fault event */
    public static final String IO_PAGE_FAULT = "IO_PAGE_FAULT";
    /** replay-only: iommu:unmap unmapped less than asked */
    public static final String IOMMU_UNMAP_SHORT = "IOMMU_UNMAP_SHORT";

    private final String checkId;
    private final DmaDebugCheck check;
    private final String device;
    private final String message;
    private final String file;
    private final int line;
    private final String mappedAtFile;
    private final int mappedAtLine;

    public Finding(String checkId, DmaDebugCheck check, String device, String message, String file, int line) {
        this(checkId, check, device, message, file, line, null, 0);
    }

    public Finding(String checkId, DmaDebugCheck check, String device, String message, String file, int line,
            String mappedAtFile, int mappedAtLine) {
        this.checkId = checkId;
        this.check = check;
        this.device = device;
        this.message = message;
        this.file = file;
        this.line = line;
        this.mappedAtFile = mappedAtFile;
        this.mappedAtLine = mappedAtLine;
    }

    /**
     * The file of the capture (or dump) line that made the mapping the finding is about, or null when there is
     * none or it is not known (dma-debug's own "Mapped at:" stack is not in a trace).
     */
    public String mappedAtFile() {
        return mappedAtFile;
    }

    /** The 1-based line of {@link #mappedAtFile()}, or 0. */
    public int mappedAtLine() {
        return mappedAtLine;
    }

    public String checkId() {
        return checkId;
    }

    /** The dma-debug check, or null for replay-only findings. */
    public DmaDebugCheck check() {
        return check;
    }

    /** Whether the message is dma-debug's own text (not a replay-only finding). */
    public boolean isDmaDebug() {
        return check != null && checkId.equals(check.name());
    }

    public String device() {
        return device;
    }

    public String message() {
        return message;
    }

    public String file() {
        return file;
    }

    /** 1-based line in {@link #file()}, or 0 for end-of-capture findings. */
    public int line() {
        return line;
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + checkId + ": " + message;
    }
}
