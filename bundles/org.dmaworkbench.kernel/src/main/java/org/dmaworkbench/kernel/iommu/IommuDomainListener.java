package org.dmaworkbench.kernel.iommu;

/**
 * What the IOMMU driver would do to the hardware when the core drives a domain: the hardware model of the IPMMU
 * listens here to program its context (TTBR, MAIR, TTBCR) and micro-TLBs and to drop TLB entries.
 */
public interface IommuDomainListener {

    /** A device was attached ({@code attach_dev}): the context is (or stays) programmed for it. */
    default void deviceAttached(IommuDomain domain, org.dmaworkbench.kernel.device.Device dev) {
    }

    /**
     * {@code attach_dev} with its result: 0, or the negative errno with which the driver refused the device (the
     * IPMMU's -EBUSY when no context is free). By default {@link #deviceAttached} and 0.
     */
    default int attachDev(IommuDomain domain, org.dmaworkbench.kernel.device.Device dev) {
        deviceAttached(domain, dev);
        return 0;
    }

    /** A device was detached from the domain. */
    default void deviceDetached(IommuDomain domain, org.dmaworkbench.kernel.device.Device dev) {
    }

    /** {@code iotlb_sync} / {@code flush_iotlb_all}: the driver invalidates the domain's TLB. */
    default void tlbFlush(IommuDomain domain, long iova, long size) {
    }

    /**
     * {@code ops->free} from {@code iommu_domain_free()}: the driver tears down what it set up for the domain (the
     * IPMMU its context) and frees the page table. Every device has left the domain before.
     */
    default void domainFree(IommuDomain domain) {
    }
}
