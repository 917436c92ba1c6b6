package org.dmaworkbench.kernel.iommu;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/**
 * {@code struct iommu_group}: the devices an IOMMU cannot tell apart, sharing one domain. The IPMMU puts each
 * master in its own group ({@code generic_device_group()}), numbered in probe order from 0 as
 * {@code /sys/kernel/iommu_groups/N}.
 */
public final class IommuGroup {
    private final int id;
    private final List<Device> devices = new ArrayList<>();
    private IommuDomain defaultDomain;
    private IommuDomain domain;

    public IommuGroup(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** {@code iommu_group_add_device()} */
    public void addDevice(Device dev) {
        if (!devices.contains(dev)) {
            devices.add(dev);
        }
        dev.setIommuGroup(this);
    }

    public IommuDomain defaultDomain() {
        return defaultDomain;
    }

    /** Sets the default domain and attaches every device of the group to it. */
    public void setDefaultDomain(IommuDomain d) {
        this.defaultDomain = d;
        attach(d);
    }

    /** The domain the group is attached to now. */
    public IommuDomain domain() {
        return domain;
    }

    /** {@code iommu_attach_group()} */
    public void attach(IommuDomain d) {
        if (domain != null && domain != d) {
            for (Device dev : devices) {
                domain.detachDevice(dev);
            }
        }
        domain = d;
        for (Device dev : devices) {
            d.attachDevice(dev);
        }
    }

    @Override
    public String toString() {
        return "iommu_group " + id;
    }
}
