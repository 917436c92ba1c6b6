package org.dmaworkbench.kernel.device;

import java.util.List;

import org.dmaworkbench.kernel.dma.DmaMapOps;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuGroup;

/**
 * The part of {@code struct device} the DMA layer reads: its name as {@code dev_name()} gives it
 * (e.g. {@code e6700000.dma-controller}, see {@link DeviceNames}), the bound driver's name, the DMA parameters
 * ({@code dma_mask}, {@code coherent_dma_mask}, {@code bus_dma_limit}, {@code dma_parms}), whether it is
 * cache-coherent ({@code dma-coherent}), its IOMMU group and domain, and the {@code dma_map_ops} chosen for it.
 */
public class Device {
    private final String name;
    private String driverName;
    private List<String> compatible = List.of();
    private long dmaMask = 0xffffffffL;
    private long coherentDmaMask = 0xffffffffL;
    private long busDmaLimit;
    private boolean dmaParms;
    /** {@code dma_get_max_seg_size()} default when no dma_parms: 64 KiB. */
    private long maxSegmentSize = 0x10000L;
    /** {@code dma_get_seg_boundary()} default: ULONG_MAX. */
    private long segmentBoundaryMask = ~0L;
    private boolean dmaCoherent;
    private IommuGroup iommuGroup;
    private IommuDomain iommuDomain;
    private ArmIommuMapping armIommuMapping;
    private DmaMapOps dmaOps;

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

    /** The device tree node's {@code compatible} strings, most specific first. */
    public List<String> compatible() {
        return compatible;
    }

    public void setCompatible(List<String> compatible) {
        this.compatible = List.copyOf(compatible);
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

    /** {@code bus_dma_limit}: 0 when the bus imposes none ({@code dma-ranges} absent). */
    public long busDmaLimit() {
        return busDmaLimit;
    }

    public void setBusDmaLimit(long busDmaLimit) {
        this.busDmaLimit = busDmaLimit;
    }

    /** Whether the device has {@code dma_parms} (platform devices do since 5.x; needed by dma_set_max_seg_size). */
    public boolean hasDmaParms() {
        return dmaParms;
    }

    public void setHasDmaParms(boolean dmaParms) {
        this.dmaParms = dmaParms;
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

    /** {@code dev_is_dma_coherent()}: the {@code dma-coherent} property. */
    public boolean isDmaCoherent() {
        return dmaCoherent;
    }

    public void setDmaCoherent(boolean dmaCoherent) {
        this.dmaCoherent = dmaCoherent;
    }

    /** {@code dev->iommu_group}, null when no IOMMU translates for the device. */
    public IommuGroup iommuGroup() {
        return iommuGroup;
    }

    public void setIommuGroup(IommuGroup iommuGroup) {
        this.iommuGroup = iommuGroup;
    }

    /** {@code device_iommu_mapped()} */
    public boolean isIommuMapped() {
        return iommuGroup != null;
    }

    /** The domain the device is attached to ({@code iommu_get_domain_for_dev()}). */
    public IommuDomain iommuDomain() {
        return iommuDomain;
    }

    public void setIommuDomain(IommuDomain iommuDomain) {
        this.iommuDomain = iommuDomain;
    }

    /** {@code to_dma_iommu_mapping(dev)} on 32-bit ARM. */
    public ArmIommuMapping armIommuMapping() {
        return armIommuMapping;
    }

    public void setArmIommuMapping(ArmIommuMapping mapping) {
        this.armIommuMapping = mapping;
    }

    /** The {@code dma_map_ops} the DMA-API dispatches to; null means dma-direct. */
    public DmaMapOps dmaOps() {
        return dmaOps;
    }

    public void setDmaOps(DmaMapOps dmaOps) {
        this.dmaOps = dmaOps;
    }

    @Override
    public String toString() {
        return name;
    }
}
