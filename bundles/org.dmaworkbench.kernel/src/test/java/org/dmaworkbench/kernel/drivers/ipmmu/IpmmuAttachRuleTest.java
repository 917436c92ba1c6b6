package org.dmaworkbench.kernel.drivers.ipmmu;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule.Verdict;
import org.dmaworkbench.kernel.soc.SocInfo;
import org.junit.Test;

/**
 * ipmmu_device_is_allowed() of drivers/iommu/ipmmu-vmsa.c, Linux 6.12 lines 727-775: soc_needs_opt_in[] (R-Car
 * Gen3, R-Car Gen4, RZ/G2), soc_denylist[] (r8a774a1, r8a7795 ES2.*, r8a7796), devices_allowlist[] (ee100000.mmc,
 * ee120000.mmc, ee140000.mmc, ee160000.mmc).
 */
public class IpmmuAttachRuleTest {
    private static final KernelProfile K612 = KernelProfile.V6_12;

    private static SocInfo soc(String id, String revision) {
        return SocInfo.of(List.of("board", "renesas," + id), revision);
    }

    @Test
    public void gen2AndRzG1AllowEveryDevice() {
        assertEquals(Verdict.ALLOWED_NO_OPT_IN, IpmmuAttachRule.verdict(K612, soc("r8a7791", null),
                "e6700000.dma-controller"));
        assertEquals(Verdict.ALLOWED_NO_OPT_IN, IpmmuAttachRule.verdict(K612, soc("r8a7743", null), "ee100000.mmc"));
        assertEquals(Verdict.ALLOWED_NO_OPT_IN, IpmmuAttachRule.verdict(K612, SocInfo.NONE, "e6700000.dma-controller"));
    }

    @Test
    public void gen3Gen4AndRzG2AllowOnlyTheSdhiList() {
        for (String id : List.of("r8a7795", "r8a77961", "r8a77965", "r8a77990", "r8a77995", "r8a779m1", "r8a774b1",
                "r8a774c0", "r8a774e1", "r8a779f0", "r8a779g0", "r8a779h0", "r8a779a0")) {
            SocInfo s = soc(id, null);
            assertEquals(id, Verdict.ALLOWED_LIST, IpmmuAttachRule.verdict(K612, s, "ee100000.mmc"));
            assertEquals(id, Verdict.ALLOWED_LIST, IpmmuAttachRule.verdict(K612, s, "ee160000.mmc"));
            assertEquals(id, Verdict.NOT_ON_ALLOW_LIST, IpmmuAttachRule.verdict(K612, s, "ee180000.mmc"));
            assertEquals(id, Verdict.NOT_ON_ALLOW_LIST, IpmmuAttachRule.verdict(K612, s, "e7300000.dma-controller"));
            assertEquals(id, Verdict.NOT_ON_ALLOW_LIST, IpmmuAttachRule.verdict(K612, s, "ee300000.sata"));
        }
    }

    @Test
    public void theDenyListDependsOnSocAndRevision() {
        assertEquals(Verdict.DENIED_SOC, IpmmuAttachRule.verdict(K612, soc("r8a774a1", null), "ee100000.mmc"));
        assertEquals(Verdict.DENIED_SOC, IpmmuAttachRule.verdict(K612, soc("r8a7796", null), "ee100000.mmc"));
        assertEquals(Verdict.DENIED_SOC, IpmmuAttachRule.verdict(K612, soc("r8a7795", "ES2.0"), "ee100000.mmc"));
        assertEquals(Verdict.ALLOWED_LIST, IpmmuAttachRule.verdict(K612, soc("r8a7795", "ES3.0"), "ee100000.mmc"));
        // the default revision of H3 is the newest, ES3.0: allowed
        assertEquals(Verdict.ALLOWED_LIST, IpmmuAttachRule.verdict(K612, soc("r8a7795", null), "ee100000.mmc"));
        // soc_id is the matched compatible: an r8a779m1 (H3e-2G) board is not "r8a7795", whatever its revision
        assertEquals(Verdict.ALLOWED_LIST, IpmmuAttachRule.verdict(K612,
                SocInfo.of(List.of("renesas,h3ulcb", "renesas,r8a779m1", "renesas,r8a7795"), "ES2.0"), "ee100000.mmc"));
    }

    @Test
    public void theFourNineProfileAttachesEveryMaster() {
        assertEquals(Verdict.ALLOWED_4_9, IpmmuAttachRule.verdict(KernelProfile.V4_9, soc("r8a7796", null),
                "e7300000.dma-controller"));
    }
}
