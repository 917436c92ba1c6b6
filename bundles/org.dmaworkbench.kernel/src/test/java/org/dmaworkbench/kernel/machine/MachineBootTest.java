package org.dmaworkbench.kernel.machine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuVmsaDriver;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.junit.Test;

/**
 * Booting the kernel model on the kernel's board files: device names and drivers, masks rcar-dmac sets, the
 * IOMMU groups and domains, and the IPMMU registers ipmmu_domain_setup_context() / ipmmu_utlb_enable() leave.
 * <p>
 * Register values from ipmmu-vmsa.c's bit definitions: IMCTR = INTEN 4 | MMUEN 1 (FLUSH reads back 0);
 * Gen2 IMTTBCR = EAE 0x8000_0000 | SH0 inner 0x3000 | ORGN0 0x400 | IRGN0 0x100 | SL0 level 1 0x10; Gen3 IMTTBCR
 * = EAE | two-bit SL0 level 1 0x80 (no cache snoop); IMMAIR0 = the LPAE stage-1 MAIR: NC 0x44 at index 0,
 * WBRWA 0xff at 1, DEVICE 0x04 at 2, INC_OWBRWA 0xf4 at 3; IMUCTR = TTSEL(ctx) << 4 | MMUEN.
 */
public class MachineBootTest {

    private static List<String> texts(Machine m) {
        return m.kernelLog().stream().map(KernelLogRecord::text).collect(Collectors.toList());
    }

    @Test
    public void koelschWithIpmmuAttachesDmac0AndProgramsTheIpmmu() {
        Machine m = Machine.boot(Boards.koelschIpmmuDmac0(), null, new MachineOptions());
        assertEquals(KernelArch.ARM32, m.arch());
        Device dmac0 = m.device("dmac0").orElseThrow();
        Device dmac1 = m.device("/soc/dma-controller@e6720000").orElseThrow();
        Device scif0 = m.device("e6e60000.serial").orElseThrow();
        Device sdhi0 = m.device("sdhi0").orElseThrow();
        assertEquals("e6700000.dma-controller", dmac0.name());
        assertEquals("rcar-dmac", dmac0.driverName());
        assertEquals("sh-sci", scif0.driverName());
        assertEquals("ee100000.mmc", sdhi0.name());
        assertEquals("sh_mobile_sdhi", sdhi0.driverName());
        // rcar_dmac_probe(): dma_set_max_seg_size(RCAR_DMATCR_MASK), dma_set_mask_and_coherent(DMA_BIT_MASK(40))
        assertEquals(0xff_ffff_ffffL, dmac0.dmaMask());
        assertEquals(0xff_ffff_ffffL, dmac0.coherentDmaMask());
        assertEquals(0xff_ffffL, dmac0.maxSegmentSize());
        assertEquals(0xffff_ffffL, scif0.dmaMask());
        assertEquals(0x1_0000L, scif0.maxSegmentSize());
        // only dmac0 has iommus; on 32-bit ARM it gets the IPMMU's ARM mapping (2 GiB at 1 GiB)
        assertNotNull(dmac0.iommuGroup());
        assertEquals(0, dmac0.iommuGroup().id());
        assertNull(dmac1.iommuGroup());
        assertEquals("arm_iommu", m.dma().opsFor(dmac0).name());
        assertEquals("dma-direct", m.dma().opsFor(dmac1).name());
        assertEquals(0x4000_0000L, dmac0.armIommuMapping().base());
        IommuDomain dom = dmac0.iommuDomain();
        assertSame(dom, dmac0.iommuGroup().domain());
        assertEquals(IommuDomain.Type.UNMANAGED, dom.type());
        assertEquals(List.of("DMA-API: preallocated 65536 debug entries", "DMA-API: debugging enabled by kernel config",
                "rcar-dmac e6700000.dma-controller: Using IPMMU context 0"), texts(m));

        Ipmmu ipmmuDs = m.platform().ipmmu("ipmmu_ds").orElseThrow();
        IpmmuVmsaDriver drv = m.ipmmuDriver(ipmmuDs);
        assertEquals("e6740000.iommu", drv.device().name());
        assertEquals(0, drv.contextOf(dom));
        Bus bus = m.platform().bus();
        long base = 0xe674_0800L; // Gen2: the driver uses the non-secure alias at +0x800
        assertEquals(0x5, bus.read32(base + 0x00));
        assertEquals(0x8000_3510, bus.read32(base + 0x08));
        assertEquals(0, bus.read32(base + 0x0c));
        assertEquals((int) dom.pgtable().cfg().ttbr(), bus.read32(base + 0x10));
        assertEquals((int) (dom.pgtable().cfg().ttbr() >>> 32), bus.read32(base + 0x14));
        assertEquals(0xf404_ff44, bus.read32(base + 0x28));
        for (int utlb = 0; utlb < 15; utlb++) {
            assertEquals("IMUCTR" + utlb, 0x1, bus.read32(base + 0x300 + 16 * utlb));
            assertEquals(0, bus.read32(base + 0x308 + 16 * utlb));
        }
        assertEquals(0, bus.read32(base + 0x300 + 16 * 15));
        assertTrue(ipmmuDs.isTranslating(1));
        // rcar-dmac behind an IOMMU leaves channel 0 unused; DMAOR = PRI_FIXED | DME
        assertEquals(0x7ffe, m.rcarDmac("dmac0").orElseThrow().channelsMask());
        assertEquals(0x7fff, m.rcarDmac("dmac1").orElseThrow().channelsMask());
        assertEquals(1, bus.read16(0xe670_0060L));
        assertEquals(14, m.rcarDmac("dmac0").orElseThrow().engine().channels().size());
        assertEquals(0, m.rcarDmac("dmac0").orElseThrow().engine().devId());
        assertEquals(1, m.rcarDmac("dmac1").orElseThrow().engine().devId());
    }

    @Test
    public void unmappingFlushesTheIpmmuTlb() {
        Machine m = Machine.boot(Boards.koelschIpmmuDmac0(), null, new MachineOptions());
        Device dmac0 = m.device("dmac0").orElseThrow();
        Ipmmu ipmmuDs = m.platform().ipmmu("ipmmu_ds").orElseThrow();
        long iova = m.dma().dmaMapResource(dmac0, 0xe6e6_000cL, 1, org.dmaworkbench.kernel.dma.DmaDirection.FROM_DEVICE,
                0);
        assertEquals(0x4000_000cL, iova);
        // a hardware walk fills the TLB; the unmap's IMCTR.FLUSH empties it, so the next access faults
        assertEquals(0xe6e6_000cL, ipmmuDs.translate(1, iova, org.dmaworkbench.hw.iommu.IommuAccess.WRITE));
        m.dma().dmaUnmapResource(dmac0, iova, 1, org.dmaworkbench.kernel.dma.DmaDirection.FROM_DEVICE, 0);
        assertEquals(Ipmmu.FAULT, ipmmuDs.translate(1, iova, org.dmaworkbench.hw.iommu.IommuAccess.WRITE));
        assertEquals(0x1, m.platform().bus().read32(0xe674_0800L + 0x20)); // IMSTR.TF latched
    }

    @Test
    public void salvatorXReservesContextZeroAndAttachesTheSdhiAllowList() {
        Machine m = Machine.boot(Boards.salvatorX(), null, new MachineOptions());
        assertEquals(KernelArch.ARM64, m.arch());
        Device sdhi0 = m.device("sdhi0").orElseThrow();
        Device dmac1 = m.device("dmac1").orElseThrow();
        assertEquals("renesas_sdhi_internal_dmac", sdhi0.driverName());
        assertEquals("dma-iommu", m.dma().opsFor(sdhi0).name());
        assertEquals(IommuDomain.Type.DMA, sdhi0.iommuDomain().type());
        // the DMACs have iommus but are not on ipmmu_device_is_allowed()'s list
        assertNull(dmac1.iommuGroup());
        assertEquals(0xffff, m.rcarDmac("dmac1").orElseThrow().channelsMask()); // dma-channels = <16>
        List<String> log = texts(m);
        assertTrue(log.contains("ipmmu-vmsa e67b0000.iommu: IPMMU context 0 is reserved"));
        assertTrue(log.contains("renesas_sdhi_internal_dmac ee100000.mmc: Using IPMMU context 1"));
        // context 1 lives on the root IPMMU-MM (e67b0000), written on the leaf ipmmu_ds1 (e7740000) too
        Bus bus = m.platform().bus();
        long mm = 0xe67b_0000L + 0x40;
        long ds1 = 0xe774_0000L + 0x40;
        assertEquals(0x5, bus.read32(mm + 0x00));
        assertEquals(0x5, bus.read32(ds1 + 0x00));
        assertEquals(0x8000_0080, bus.read32(mm + 0x08));
        assertEquals(0xf404_ff44, bus.read32(mm + 0x28));
        assertEquals((int) sdhi0.iommuDomain().pgtable().cfg().ttbr(), bus.read32(mm + 0x10));
        // sdhi0: iommus = <&ipmmu_ds1 32> -> IMUCTR(32) at 0x600 on the leaf, TTSEL 1
        assertEquals(0x11, bus.read32(0xe774_0000L + 0x600));
        assertEquals(0, bus.read32(0xe67b_0000L + 0x00)); // context 0 stays disabled
    }

    @Test
    public void anOptInPutsADmacOfSalvatorXBehindTheIpmmuBesideTheAllowedSdhi() {
        Machine m = Machine.boot(Boards.salvatorX(), null,
                new MachineOptions().iommuOptIn(Set.of("e7300000.dma-controller")).dmaDebug(false));
        Device dmac1 = m.device("dmac1").orElseThrow();
        Device sdhi0 = m.device("sdhi0").orElseThrow();
        // device-tree order: the DMAC (e7300000) attaches first and takes context 1, the SDHI context 2
        assertEquals(0, dmac1.iommuGroup().id());
        assertEquals(1, sdhi0.iommuGroup().id());
        assertEquals("dma-iommu", m.dma().opsFor(dmac1).name());
        assertEquals(0xfffe, m.rcarDmac("dmac1").orElseThrow().channelsMask());
        assertEquals("rcar-dmac e7300000.dma-controller: Using IPMMU context 1", m.kernelLog().get(1).text());
        assertNull(m.dmaDebug());
        IommuAttachment a = m.iommuAttachments().stream().filter(x -> x.device() == dmac1).findFirst().orElseThrow();
        assertTrue(a.optedIn());
        assertFalse(a.allowedByKernel());
        assertEquals(IpmmuAttachRule.Verdict.NOT_ON_ALLOW_LIST, a.verdict());
        assertEquals(1, a.context());
        assertEquals("attached (opted in; the kernel's rule: not on the allow list), context 1", a.describe());
        IommuAttachment s = m.iommuAttachments().stream().filter(x -> x.device() == sdhi0).findFirst().orElseThrow();
        assertFalse(s.optedIn());
        assertEquals(IpmmuAttachRule.Verdict.ALLOWED_LIST, s.verdict());
        assertEquals(2, s.context());
    }
}
