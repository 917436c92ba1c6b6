package org.dmaworkbench.kernel.dma.debug;

import java.io.IOException;
import java.util.function.Predicate;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;

/**
 * The DMA-API debugging layer, following kernel/dma/debug.c of Linux 6.12 (and lib/dma-debug.c of 4.9 under
 * {@link KernelProfile#V4_9}). SKELETON: signatures are final, bodies are being filled in.
 */
public final class DmaDebug {

    private final KernelMemoryLayout layout;
    private final KernelLog log;
    private final KernelProfile profile;
    private final KernelCallStack stack;

    public DmaDebug(KernelMemoryLayout layout, KernelLog log, KernelProfile profile) {
        this(layout, log, profile, new KernelCallStack());
    }

    public DmaDebug(KernelMemoryLayout layout, KernelLog log, KernelProfile profile, KernelCallStack stack) {
        this.layout = layout;
        this.log = log;
        this.profile = profile;
        this.stack = stack;
    }

    public KernelCallStack callStack() {
        return stack;
    }

    public KernelProfile profile() {
        return profile;
    }

    public void debugDmaMapSingle(Device dev, long virt, long len) {
    }

    public void debugDmaMapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
    }

    public void debugDmaMapPage(Device dev, long pagePhys, long offset, long size, DmaDirection dir, long dmaAddr,
            long attrs, boolean mapSingle) {
    }

    public void debugDmaMappingError(Device dev, long dmaAddr) {
    }

    public void debugDmaUnmapPage(Device dev, long dmaAddr, long size, DmaDirection dir) {
    }

    public void debugDmaUnmapPage(Device dev, long dmaAddr, long size, DmaDirection dir, boolean mapSingle) {
    }

    public void debugDmaMapSg(Device dev, Scatterlist[] sg, int nents, int mappedEnts, DmaDirection dir, long attrs) {
    }

    public void debugDmaUnmapSg(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
    }

    public void debugDmaAllocCoherent(Device dev, long size, long dmaAddr, long virt, long attrs) {
    }

    public void debugDmaFreeCoherent(Device dev, long size, long virt, long dmaAddr) {
    }

    public void debugDmaMapResource(Device dev, long physAddr, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
    }

    public void debugDmaUnmapResource(Device dev, long dmaAddr, long size, DmaDirection dir) {
    }

    public void debugDmaSyncSingleForCpu(Device dev, long dmaHandle, long size, DmaDirection dir) {
    }

    public void debugDmaSyncSingleForDevice(Device dev, long dmaHandle, long size, DmaDirection dir) {
    }

    public void debugDmaSyncSgForCpu(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
    }

    public void debugDmaSyncSgForDevice(Device dev, Scatterlist[] sg, int nelems, DmaDirection dir) {
    }

    public void debugDmaAllocPages(Device dev, long pagePhys, long size, DmaDirection dir, long dmaAddr,
            long attrs) {
    }

    public void debugDmaFreePages(Device dev, long pagePhys, long size, DmaDirection dir, long dmaAddr) {
    }

    public void driverUnbound(Device dev) {
    }

    public void debugDmaDumpMappings(Device devOrNull) {
    }

    public int errorCount() {
        return 0;
    }

    public int numFreeEntries() {
        return 0;
    }

    public int minFreeEntries() {
        return 0;
    }

    public int nrTotalEntries() {
        return 0;
    }

    public String driverFilter() {
        return "";
    }

    public void setDriverFilter(String written) {
    }

    public boolean allErrors() {
        return false;
    }

    public void setAllErrors(boolean all) {
    }

    public int numErrors() {
        return 1;
    }

    public void setNumErrors(int n) {
    }

    public boolean isDisabled() {
        return false;
    }

    public void setDisabled(boolean disabled) {
    }

    public void setDebugSg(boolean enabled) {
    }

    public void setSwiotlbActive(Predicate<Device> swiotlbActive) {
    }

    public void dump(Appendable out) throws IOException {
    }
}
