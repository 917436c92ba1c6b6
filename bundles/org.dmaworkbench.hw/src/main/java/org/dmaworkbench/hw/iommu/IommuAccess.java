package org.dmaworkbench.hw.iommu;

/** The kind of bus access a master makes through an IOMMU. */
public enum IommuAccess {
    READ,
    WRITE
}
