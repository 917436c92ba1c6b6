package org.dmaworkbench.hw.iommu.pgtable;

import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_1G;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_2M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_4K;

import org.junit.Test;

/**
 * The kernel's LPAE self-test sequence and checks (see {@link IoPgtableLpaeSelfTest}) on the 32-bit formats, which
 * arm_lpae_do_selftests() itself does not cover.
 */
public class IoPgtableLpae32SelfTest {

    /** The IPMMU's own configuration: ias 32, oas 40, non-coherent walk, NS quirk. */
    @Test
    public void ipmmuStage1() {
        IoPgtableLpaeSelfTest.run(IoPgtableConfig.ipmmuVmsa(), SZ_4K | SZ_2M | SZ_1G);
    }

    @Test
    public void stage2WidestInput() {
        IoPgtableLpaeSelfTest.run(IoPgtableConfig.builder(IoPgtableFormat.ARM_32_LPAE_S2).ias(40).oas(40).build(),
                SZ_4K | SZ_2M | SZ_1G);
    }

    @Test
    public void stage2SmallestInput() {
        IoPgtableLpaeSelfTest.run(IoPgtableConfig.builder(IoPgtableFormat.ARM_32_LPAE_S2).ias(32).oas(40).build(),
                SZ_4K | SZ_2M | SZ_1G);
    }
}
