package org.dmaworkbench.kernel.drivers.ipmmu;

import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.soc.SocInfo;

/**
 * Whether the IPMMU driver lets a device use the IOMMU: {@code ipmmu_device_is_allowed()} of
 * drivers/iommu/ipmmu-vmsa.c (Linux 6.12, lines 727-775), which {@code ipmmu_of_xlate()} asks before it adds the
 * device's micro-TLBs; a device it refuses keeps dma-direct. R-Car Gen3, Gen4 and RZ/G2 need the opt-in: the SoC
 * must not be on the deny list (r8a774a1, r8a7795 ES2.*, r8a7796) and the device must be PCI (not modelled) or on
 * the allow list of the four SDHI controllers; every other SoC allows every device. The 4.9 driver had no such
 * rule (the allow list came with Linux 5.0): every device with {@code iommus} was attached.
 */
public final class IpmmuAttachRule {

    /** The kernel's answer and why. */
    public enum Verdict {
        /** the SoC needs no opt-in (R-Car Gen2, RZ/G1, ...): every device is allowed */
        ALLOWED_NO_OPT_IN(true, "the SoC needs no opt-in"),
        /** on {@code devices_allowlist[]} of a SoC that needs the opt-in */
        ALLOWED_LIST(true, "on the allow list"),
        /** the 4.9 profile: no rule, every master attached */
        ALLOWED_4_9(true, "4.9 attaches every master"),
        /** the SoC matches {@code soc_denylist[]} */
        DENIED_SOC(false, "the SoC is on the deny list"),
        /** the SoC needs the opt-in and the device is not on the allow list */
        NOT_ON_ALLOW_LIST(false, "not on the allow list");

        private final boolean allowed;
        private final String reason;

        Verdict(boolean allowed, String reason) {
            this.allowed = allowed;
            this.reason = reason;
        }

        public boolean allowed() {
            return allowed;
        }

        /** A few words for reports: "on the allow list", ... */
        public String reason() {
            return reason;
        }
    }

    /** {@code devices_allowlist[]} */
    public static final List<String> DEVICES_ALLOWLIST = List.of("ee100000.mmc", "ee120000.mmc", "ee140000.mmc",
            "ee160000.mmc");

    private IpmmuAttachRule() {
    }

    /** {@code soc_needs_opt_in[]}: the families whose devices must be on the allow list. */
    public static boolean needsOptIn(SocInfo soc) {
        return soc.matches("R-Car Gen3", null, null) || soc.matches("R-Car Gen4", null, null)
                || soc.matches("RZ/G2", null, null);
    }

    /** {@code soc_denylist[]}: SoCs whose IPMMU the kernel does not use at all. */
    public static boolean denied(SocInfo soc) {
        return soc.matches(null, "r8a774a1", null) || soc.matches(null, "r8a7795", "ES2.*")
                || soc.matches(null, "r8a7796", null);
    }

    /** {@code ipmmu_device_is_allowed()} for the device named {@code devName} ({@code dev_name()}). */
    public static Verdict verdict(KernelProfile profile, SocInfo soc, String devName) {
        if (profile == KernelProfile.V4_9) {
            return Verdict.ALLOWED_4_9;
        }
        if (!needsOptIn(soc)) {
            return Verdict.ALLOWED_NO_OPT_IN;
        }
        if (denied(soc)) {
            return Verdict.DENIED_SOC;
        }
        return DEVICES_ALLOWLIST.contains(devName) ? Verdict.ALLOWED_LIST : Verdict.NOT_ON_ALLOW_LIST;
    }
}
