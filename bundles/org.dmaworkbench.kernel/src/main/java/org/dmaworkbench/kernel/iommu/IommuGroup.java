package org.dmaworkbench.kernel.iommu;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/**
 * {@code struct iommu_group}: the devices an IOMMU cannot tell apart, sharing one domain. The IPMMU puts each
 * master in its own group ({@code generic_device_group()}), numbered in probe order from 0 as
 * {@code /sys/kernel/iommu_groups/N}.
 * <p>
 * Moving the group to another domain follows {@code __iommu_group_set_domain_internal()} of drivers/iommu/iommu.c
 * (Linux 6.12): the new domain's {@code attach_dev} is called for each device while the group still points at the
 * old domain (the IPMMU's identity attach reads it to know which micro-TLBs to disable); there is no detach call.
 * {@code owner_cnt} counts the bound drivers using the default domain ({@code iommu_device_use_default_domain()}
 * in {@code platform_dma_configure()}, dropped in {@code platform_dma_cleanup()}).
 */
public final class IommuGroup {
    static final int EBUSY = 16;
    static final int EPROBE_DEFER = 517;

    private final int id;
    private final List<Device> devices = new ArrayList<>();
    private IommuDomain defaultDomain;
    private IommuDomain domain;
    private int ownerCnt;

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

    /**
     * Records {@code d} as the default domain without attaching it, when none is recorded: the 32-bit ARM boot
     * path attaches the ARM mapping's domain straight away, yet the group's default domain is the driver's
     * identity domain ({@code iommu_get_default_domain_type()} under {@code CONFIG_ARM_DMA_USE_IOMMU}).
     */
    public void recordDefaultDomain(IommuDomain d) {
        if (defaultDomain == null) {
            defaultDomain = d;
        }
    }

    /** The domain the group is attached to now. */
    public IommuDomain domain() {
        return domain;
    }

    /** {@code iommu_attach_group()} without its checks; @return 0 or the driver's errno */
    public int attach(IommuDomain d) {
        return setDomain(d);
    }

    /**
     * {@code iommu_attach_device()}: -EINVAL unless the group has this one device, -EBUSY while it is attached to
     * a domain other than its default one ({@code __iommu_attach_group()}), else the switch.
     */
    public int attachDevice(IommuDomain d, Device dev) {
        if (devices.size() != 1 || !devices.contains(dev)) {
            return -22;
        }
        if (domain != null && domain != defaultDomain) {
            return -EBUSY;
        }
        return setDomain(d);
    }

    /**
     * {@code __iommu_group_set_domain_internal()}: attach_dev of {@code d} for every device, then the switch. When
     * the driver refuses a device, the devices already moved go back to the old domain and the group stays there.
     *
     * @return 0 or the driver's errno
     */
    public int setDomain(IommuDomain d) {
        IommuDomain old = domain;
        if (old == d) {
            return 0;
        }
        for (int i = 0; i < devices.size(); i++) {
            int ret = d.attachDevice(devices.get(i));
            if (ret != 0) {
                for (int j = 0; j < i; j++) {
                    d.forgetDevice(devices.get(j));
                    if (old != null) {
                        old.attachDevice(devices.get(j));
                    }
                }
                return ret;
            }
        }
        domain = d;
        if (old != null) {
            for (Device dev : devices) {
                old.forgetDevice(dev);
            }
        }
        return 0;
    }

    /** {@code __iommu_group_set_core_domain()}: back to the default domain (what iommu_detach_device() does). */
    public void setCoreDomain() {
        if (defaultDomain != null) {
            setDomain(defaultDomain);
        }
    }

    /**
     * The tail of {@code iommu_setup_default_domain()} once the new default domain {@code dom} is allocated: it
     * becomes the default, the group moves to it, and the previous default domain is freed
     * ({@code iommu_domain_free()}). Nothing happens when {@code dom} is the default domain already. When the
     * driver refuses the new domain, it is freed and the old one stays the default.
     *
     * @return 0 or the driver's errno
     */
    public int replaceDefaultDomain(IommuDomain dom) {
        IommuDomain old = defaultDomain;
        if (old == dom) {
            return 0;
        }
        defaultDomain = dom;
        int ret = setDomain(dom);
        if (ret != 0) {
            dom.free();
            defaultDomain = old;
            return ret;
        }
        if (old != null) {
            old.free();
        }
        return 0;
    }

    /** {@code group->owner_cnt} */
    public int ownerCount() {
        return ownerCnt;
    }

    /**
     * {@code iommu_device_use_default_domain()}: 0, -EPROBE_DEFER without a default domain, -EBUSY when a driver
     * already uses the group while it is not in its default domain.
     */
    public int deviceUseDefaultDomain() {
        if (defaultDomain == null) {
            return -EPROBE_DEFER;
        }
        if (ownerCnt > 0 && domain != defaultDomain) {
            return -EBUSY;
        }
        ownerCnt++;
        return 0;
    }

    /** {@code iommu_device_unuse_default_domain()}; @return false where the kernel would WARN (no owner) */
    public boolean deviceUnuseDefaultDomain() {
        if (ownerCnt == 0) {
            return false;
        }
        ownerCnt--;
        return true;
    }

    @Override
    public String toString() {
        return "iommu_group " + id;
    }
}
