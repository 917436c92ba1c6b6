package org.dmaworkbench.kernel.mm;

/** The CPU architecture whose kernel virtual memory layout is modelled. */
public enum KernelArch {
    /** arm64, 4 KiB pages, 48-bit VA: R-Car Gen3 and later. */
    ARM64,
    /** 32-bit ARM with LPAE, 3G/1G split: R-Car Gen2. */
    ARM32
}
