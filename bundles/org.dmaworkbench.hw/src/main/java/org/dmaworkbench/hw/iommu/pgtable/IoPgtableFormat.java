package org.dmaworkbench.hw.iommu.pgtable;

/** The ARM page table formats of enum io_pgtable_fmt (include/linux/io-pgtable.h) that the workbench emulates. */
public enum IoPgtableFormat {
    /** LPAE stage 1 limited to a 32-bit IOVA space and 40-bit output, 4K granule: what the R-Car IPMMU uses. */
    ARM_32_LPAE_S1,
    ARM_32_LPAE_S2,
    ARM_64_LPAE_S1,
    ARM_64_LPAE_S2,
    /** ARMv7 short-descriptor format. */
    ARM_V7S;

    public boolean isLpae() {
        return this != ARM_V7S;
    }

    public boolean isStage2() {
        return this == ARM_32_LPAE_S2 || this == ARM_64_LPAE_S2;
    }
}
