package org.dmaworkbench.hw.iommu;

/**
 * One fault as the IPMMU latched it: the IMSTR status bits and the faulting IOVA (IMELAR/IMEUAR), plus
 * what the model knows beyond the registers (which micro-TLB, read or write, when, and the walk).
 *
 * @param ipmmu   name of the IPMMU that took the fault (the leaf for Gen3)
 * @param context translation context
 * @param utlb    micro-TLB of the faulting master
 * @param iova    faulting I/O virtual address
 * @param status  IMSTR bits ({@link Ipmmu#IMSTR_TF}, {@link Ipmmu#IMSTR_PF}, {@link Ipmmu#IMSTR_ABORT})
 * @param access  read or write
 * @param timePs  virtual time of the fault, or 0 without a clock
 * @param walk    the table walk that faulted, or null when the TLB refused the access
 */
public record IpmmuFault(String ipmmu, int context, int utlb, long iova, int status, IommuAccess access, long timePs,
        LpaeWalker.Walk walk) {

    public boolean isTranslationFault() {
        return (status & Ipmmu.IMSTR_TF) != 0;
    }

    public boolean isPermissionFault() {
        return (status & Ipmmu.IMSTR_PF) != 0;
    }

    public boolean isWalkAbort() {
        return (status & Ipmmu.IMSTR_ABORT) != 0;
    }

    @Override
    public String toString() {
        String kind = isWalkAbort() ? "Page Table Walk Abort" : isPermissionFault() ? "permission fault"
                : "translation fault";
        return String.format("%s: %s on %s @0x%x (context %d, uTLB %d, IMSTR 0x%08x)", ipmmu, kind,
                access == IommuAccess.WRITE ? "write" : "read", iova, context, utlb, status);
    }
}
