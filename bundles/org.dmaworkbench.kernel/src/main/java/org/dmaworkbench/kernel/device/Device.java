package org.dmaworkbench.kernel.device;

/**
 * The part of {@code struct device} the DMA layer reads: its name as {@code dev_name()} gives it
 * (e.g. {@code e6700000.dma-controller}), the bound driver's name, and the DMA parameters.
 */
public class Device {
    private final String name;
    private String driverName;
    private long dmaMask = 0xffffffffL;
    private long coherentDmaMask = 0xffffffffL;
    /** {@code dma_get_max_seg_size()} default when no dma_parms: 64 KiB. */
    private long maxSegmentSize = 0x10000L;
    /** {@code dma_get_seg_boundary()} default: ULONG_MAX. */
    private long segmentBoundaryMask = ~0L;

    public Device(String name, String driverName) {
        this.name = name;
        this.driverName = driverName;
    }

    /** {@code dev_name(dev)} */
    public String name() {
        return name;
    }

    /** {@code dev_driver_string(dev)}: the driver's name, or "" when none is bound. */
    public String driverName() {
        return driverName == null ? "" : driverName;
    }

    public void setDriverName(String driverName) {
        this.driverName = driverName;
    }

    public long dmaMask() {
        return dmaMask;
    }

    public void setDmaMask(long dmaMask) {
        this.dmaMask = dmaMask;
    }

    public long coherentDmaMask() {
        return coherentDmaMask;
    }

    public void setCoherentDmaMask(long coherentDmaMask) {
        this.coherentDmaMask = coherentDmaMask;
    }

    public long maxSegmentSize() {
        return maxSegmentSize;
    }

    public void setMaxSegmentSize(long maxSegmentSize) {
        this.maxSegmentSize = maxSegmentSize;
    }

    public long segmentBoundaryMask() {
        return segmentBoundaryMask;
    }

    public void setSegmentBoundaryMask(long segmentBoundaryMask) {
        this.segmentBoundaryMask = segmentBoundaryMask;
    }

    @Override
    public String toString() {
        return name;
    }
}
