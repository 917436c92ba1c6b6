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
    private Set<String> iommuDevices;
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
     * The devices (by {@code dev_name}) the IPMMU driver lets use the IOMMU, or null for the kernel's rule of
     * {@code ipmmu_device_is_allowed()}: every device on R-Car Gen2, only the SDHI allow list
     * (ee100000.mmc ... ee160000.mmc) on Gen3/Gen4, none on the deny-listed SoCs (r8a774a1, r8a7796).
     */
    public Set<String> iommuDevices() {
        return iommuDevices;
    }

    public MachineOptions iommuDevices(Set<String> devNames) {
        this.iommuDevices = devNames == null ? null : Set.copyOf(devNames);
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
