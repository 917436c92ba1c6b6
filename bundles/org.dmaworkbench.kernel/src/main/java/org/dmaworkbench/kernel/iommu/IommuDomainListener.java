package org.dmaworkbench.kernel.iommu;

/**
 * What the IOMMU driver would do to the hardware when the core drives a domain: the hardware model of the IPMMU
 * listens here to program its context (TTBR, MAIR, TTBCR) and micro-TLBs and to drop TLB entries.
 */
public interface IommuDomainListener {

    /** A device was attached ({@code attach_dev}): the context is (or stays) programmed for it. */
    default void deviceAttached(IommuDomain domain, org.dmaworkbench.kernel.device.Device dev) {
    }

    /** A device was detached from the domain. */
    default void deviceDetached(IommuDomain domain, org.dmaworkbench.kernel.device.Device dev) {
    }

    /** {@code iotlb_sync} / {@code flush_iotlb_all}: the driver invalidates the domain's TLB. */
    default void tlbFlush(IommuDomain domain, long iova, long size) {
    }
}
