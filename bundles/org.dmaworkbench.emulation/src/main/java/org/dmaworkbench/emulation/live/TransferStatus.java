package org.dmaworkbench.emulation.live;

/** How a DMA transfer (one channel run) ended, or that it has not yet. */
public enum TransferStatus {
    /** still moving data at the snapshot's version */
    RUNNING,
    /** CHCR.TE: all its bytes moved */
    COMPLETE,
    /** stopped by an address error (IOMMU fault, bus error, misalignment): CHCR.CAE */
    ERROR,
    /** stopped by the driver before its end (terminate, pause) */
    STOPPED
}
