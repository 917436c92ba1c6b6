package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * The call site of a mapping: the innermost frame of its "Mapped at" stack that is not the DMA-API itself, i.e. the
 * driver function that asked for the mapping ({@code rcar_dmac_map_slave_addr} under {@code dma_map_resource}).
 * The DMA-API's own functions are those of kernel/dma/ (dma-debug's {@code debug_dma_*} hooks, the
 * {@code dma_*} / {@code __dma_*} entry points of mapping.c, {@code dma_direct_*}, {@code swiotlb_*}), of the
 * IOMMU DMA back-ends ({@code iommu_dma_*} of drivers/iommu/dma-iommu.c, {@code arm_iommu_*} / {@code arm_dma_*} /
 * {@code __iommu_*} of arch/arm/mm/dma-mapping.c) and of the IOMMU API ({@code iommu_map*}).
 */
public final class CallSites {
    private static final String[] CORE_PREFIXES = { "debug_dma_", "dma_", "__dma_", "dmam_", "dma_direct_",
        "swiotlb_", "iommu_dma_", "__iommu_dma_", "arm_iommu_", "__arm_iommu_", "arm_dma_", "__arm_dma_",
        "__iommu_", "iommu_map", "iommu_unmap" };

    private CallSites() {
    }

    /** The function name of a printed frame ({@code " rcar_dmac_map_slave_addr+0x34/0x1a0 [rcar_dmac]"}). */
    public static String function(String frame) {
        String f = frame.strip();
        int plus = f.indexOf('+');
        int sp = f.indexOf(' ');
        int end = plus >= 0 ? plus : sp >= 0 ? sp : f.length();
        return f.substring(0, end);
    }

    /** Whether a printed frame is a function of the DMA-API (or its IOMMU back-ends), not a driver's. */
    public static boolean isCore(String frame) {
        String fn = function(frame);
        for (String p : CORE_PREFIXES) {
            if (fn.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost driver frame of a stack, stripped ({@code rcar_dmac_map_slave_addr+0x34/0x1a0}); "" when none. */
    public static String of(List<String> stack) {
        for (String f : stack) {
            if (!isCore(f)) {
                return f.strip();
            }
        }
        return "";
    }
}
