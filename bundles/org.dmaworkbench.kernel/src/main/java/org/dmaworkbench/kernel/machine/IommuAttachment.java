package org.dmaworkbench.kernel.machine;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule.Verdict;

/**
 * What boot did with one master whose {@code iommus} points at a probed IPMMU: the kernel's verdict, whether the
 * user opted it in anyway, and whether it ended up translated (attached with an IPMMU context).
 *
 * @param device   the master
 * @param ipmmu    {@code dev_name()} of the IPMMU its first {@code iommus} entry names
 * @param rootIpmmu {@code dev_name()} of the IPMMU whose contexts it uses: the same, or on R-Car Gen3/Gen4 the
 *                 IPMMU-MM a cache IPMMU forwards to
 * @param utlbs    its micro-TLBs on that IPMMU
 * @param verdict  {@code ipmmu_device_is_allowed()}'s answer
 * @param optedIn  whether the user put it behind the IPMMU against the verdict
 * @param attached whether it uses the IOMMU (its domain got a context); false when refused, or when the attach
 *                 failed (e.g. no free context: the kernel logged "Unable to initialize IPMMU context")
 * @param context  the IPMMU context its domain runs in, -1 when not attached
 */
public record IommuAttachment(Device device, String ipmmu, String rootIpmmu, int[] utlbs, Verdict verdict, boolean optedIn,
        boolean attached, int context) {

    /** Whether the kernel's rule alone would have let it use the IPMMU. */
    public boolean allowedByKernel() {
        return verdict.allowed();
    }

    /** "attached (on the allow list), context 1", "not attached (not on the allow list)", ... for reports. */
    public String describe() {
        String why = optedIn ? "opted in; the kernel's rule: " + verdict.reason() : verdict.reason();
        if (attached) {
            return "attached (" + why + "), context " + context;
        }
        if (verdict.allowed() || optedIn) {
            return "attach failed (" + why + ")";
        }
        return "not attached (" + why + ")";
    }
}
