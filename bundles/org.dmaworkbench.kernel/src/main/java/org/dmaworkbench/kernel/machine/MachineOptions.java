package org.dmaworkbench.kernel.machine;

import java.util.Set;

import org.dmaworkbench.kernel.dma.debug.KernelLog;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.trace.TraceSink;

/**
 * How to boot a {@link Machine}: the kernel configuration and command-line knobs the workbench exposes.
 * Setters return this for chaining.
 */
public final class MachineOptions {
    private boolean dmaDebug = true;
    private int dmaDebugEntries;
    private Set<String> iommuOptIn = Set.of();
    private String socRevision;
    private KernelLog kernelLog;
    private TraceSink traceSink;
    private KernelArch arch;

    /** {@code CONFIG_DMA_API_DEBUG} (default on). */
    public boolean dmaDebug() {
        return dmaDebug;
    }

    public MachineOptions dmaDebug(boolean on) {
        this.dmaDebug = on;
        return this;
    }

    /** {@code dma_debug_entries=}: 0 for the kernel's default. */
    public int dmaDebugEntries() {
        return dmaDebugEntries;
    }

    public MachineOptions dmaDebugEntries(int n) {
        this.dmaDebugEntries = n;
        return this;
    }

    /**
     * Devices (by {@code dev_name}) put behind their IPMMU although the kernel's rule
     * ({@code ipmmu_device_is_allowed()}, see {@code IpmmuAttachRule}) would refuse them: the user's opt-in, as a
     * patched allow list would do. Empty by default: the kernel's rule alone.
     */
    public Set<String> iommuOptIn() {
        return iommuOptIn;
    }

    public MachineOptions iommuOptIn(Set<String> devNames) {
        this.iommuOptIn = devNames == null ? Set.of() : Set.copyOf(devNames);
        return this;
    }

    /**
     * The SoC revision {@code soc_device_match()} sees (the kernel reads it from the PRR), e.g. {@code "ES2.0"};
     * null for the newest one a driver tells apart ({@code SocInfo.defaultRevision}).
     */
    public String socRevision() {
        return socRevision;
    }

    public MachineOptions socRevision(String revision) {
        this.socRevision = revision;
        return this;
    }

    /** Where kernel log records go besides {@link Machine#kernelLog()}; may be null. */
    public KernelLog kernelLog() {
        return kernelLog;
    }

    public MachineOptions kernelLog(KernelLog log) {
        this.kernelLog = log;
        return this;
    }

    /** Where trace events go; null turns tracing off. */
    public TraceSink traceSink() {
        return traceSink;
    }

    public MachineOptions traceSink(TraceSink sink) {
        this.traceSink = sink;
        return this;
    }

    /** The CPU architecture, or null to take it from the SoC (32-bit ARM for R-Car Gen1/Gen2, arm64 otherwise). */
    public KernelArch arch() {
        return arch;
    }

    public MachineOptions arch(KernelArch arch) {
        this.arch = arch;
        return this;
    }
}
