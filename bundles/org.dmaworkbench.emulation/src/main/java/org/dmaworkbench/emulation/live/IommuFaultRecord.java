package org.dmaworkbench.emulation.live;

/**
 * One fault the IPMMU latched (IMSTR with IMELAR/IMEUAR, {@code ipmmu_domain_irq()} reports it as
 * "Unhandled fault: status 0x%08x iova 0x%lx"), for the timeline's markers.
 *
 * @param timeNs  virtual time
 * @param iommu   the IPMMU that took it ({@code dev_name()})
 * @param context the translation context
 * @param utlb    the micro-TLB of the master
 * @param device  the master behind that micro-TLB, "" when none is known
 * @param iova    the faulting IOVA
 * @param status  the IMSTR bits
 * @param write   whether the access was a write
 * @param text    the fault as one line (kind, access, IOVA, context, micro-TLB, IMSTR)
 */
public record IommuFaultRecord(long timeNs, String iommu, int context, int utlb, String device, long iova, int status,
        boolean write, String text) {
}
