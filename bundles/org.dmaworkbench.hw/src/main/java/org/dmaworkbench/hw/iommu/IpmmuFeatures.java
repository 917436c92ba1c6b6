package org.dmaworkbench.hw.iommu;

import java.util.List;
import java.util.Optional;

/**
 * Per-SoC properties of an IPMMU-VMSA instance, as {@code struct ipmmu_features} in
 * drivers/iommu/ipmmu-vmsa.c describes them, selected by compatible the way {@code ipmmu_of_ids} does.
 *
 * @param generation        2, 3 or 4 (R-Car generation), for display
 * @param useNsAliasOffset  the driver uses the non-secure register bank at +0x800 (Gen2)
 * @param hasCacheLeafNodes leaf IPMMUs (with renesas,ipmmu-main) cache translations of the root IPMMU-MM
 * @param numberOfContexts  translation contexts the driver uses
 * @param numUtlbs          micro-TLBs
 * @param setupImbuscr      IMBUSCR is programmed (Gen2)
 * @param twobitImttbcrSl0  IMTTBCR.SL0 is the two-bit field at bit 6 (Gen3/4) instead of bit 4 (Gen2)
 * @param reservedContext   context 0 is reserved for the secure world
 * @param cacheSnoop        page-table walks snoop caches
 * @param ctxOffsetBase     offset of context 0's registers
 * @param ctxOffsetStride   distance between contexts' registers
 * @param utlbOffsetBase    offset added to the IMUCTR/IMUASID offsets
 */
public record IpmmuFeatures(int generation, boolean useNsAliasOffset, boolean hasCacheLeafNodes, int numberOfContexts,
        int numUtlbs, boolean setupImbuscr, boolean twobitImttbcrSl0, boolean reservedContext, boolean cacheSnoop,
        int ctxOffsetBase, int ctxOffsetStride, int utlbOffsetBase) {

    /** ipmmu_features_default: R-Car Gen2 and anything matching only "renesas,ipmmu-vmsa". */
    public static final IpmmuFeatures DEFAULT = new IpmmuFeatures(2, true, false, 1, 32, true, false, false, true, 0,
            0x40, 0);
    /** ipmmu_features_rcar_gen3 */
    public static final IpmmuFeatures RCAR_GEN3 = new IpmmuFeatures(3, false, true, 8, 48, false, true, true, false, 0,
            0x40, 0);
    /** ipmmu_features_rcar_gen4 */
    public static final IpmmuFeatures RCAR_GEN4 = new IpmmuFeatures(4, false, true, 16, 64, false, true, true, false,
            0x10000, 0x1040, 0x3000);

    private static final String[] GEN3 = {"renesas,ipmmu-r8a774a1", "renesas,ipmmu-r8a774b1", "renesas,ipmmu-r8a774c0",
        "renesas,ipmmu-r8a774e1", "renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a7796", "renesas,ipmmu-r8a77961",
        "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a77970", "renesas,ipmmu-r8a77980", "renesas,ipmmu-r8a77990",
        "renesas,ipmmu-r8a77995"};
    private static final String[] GEN4 = {"renesas,ipmmu-r8a779a0", "renesas,rcar-gen4-ipmmu-vmsa"};

    /** Every compatible string {@code ipmmu_of_ids} matches, the generic one first. */
    public static List<String> compatibles() {
        List<String> out = new java.util.ArrayList<>();
        out.add("renesas,ipmmu-vmsa");
        out.addAll(List.of(GEN3));
        out.addAll(List.of(GEN4));
        return List.copyOf(out);
    }

    /** Features for one compatible string, if the driver knows it. */
    public static Optional<IpmmuFeatures> forCompatible(String compatible) {
        if ("renesas,ipmmu-vmsa".equals(compatible)) {
            return Optional.of(DEFAULT);
        }
        for (String c : GEN3) {
            if (c.equals(compatible)) {
                return Optional.of(RCAR_GEN3);
            }
        }
        for (String c : GEN4) {
            if (c.equals(compatible)) {
                return Optional.of(RCAR_GEN4);
            }
        }
        return Optional.empty();
    }

    /**
     * Features for a node's compatible list: the most specific (first) string the driver matches wins,
     * as with of_match_device(). An r8a7791 node ("renesas,ipmmu-r8a7791", "renesas,ipmmu-vmsa") gets DEFAULT.
     */
    public static Optional<IpmmuFeatures> forCompatibles(List<String> compatibles) {
        for (String c : compatibles) {
            Optional<IpmmuFeatures> f = forCompatible(c);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }
}
