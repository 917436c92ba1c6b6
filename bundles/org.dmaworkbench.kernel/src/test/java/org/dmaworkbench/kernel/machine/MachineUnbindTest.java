package org.dmaworkbench.kernel.machine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.ArmIommuDmaOps;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.clients.SdhiInternalDmacClient;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuVmsaDriver;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.junit.Test;

/**
 * Unbinding and binding a driver of a device behind the IPMMU, and replacing the group's default domain, as Linux
 * 6.12 runs them (see the comment above {@code Machine.unbindDriver}). By hand from the sources:
 * <ul>
 * <li>unbind/bind touch no IPMMU register: drivers/base/dd.c __device_release_driver() (1336-1380) and
 * device_unbind_cleanup() (607-619), drivers/base/platform.c platform_dma_configure()/platform_dma_cleanup()
 * (1413-1442), of_iommu_configure() returning 0 for a device with a fwspec, arch_teardown_dma_ops()
 * (arch/arm/mm/dma-mapping.c 1787-1794) stopping at !dma_ops_setup;</li>
 * <li>the identity attach writes IMUCTR(utlb) = 0 (ipmmu-vmsa.c ipmmu_iommu_identity_attach() 638-657,
 * ipmmu_utlb_disable() 300-307); ipmmu_domain_free() (578-589) -> ipmmu_domain_destroy_context() (467-481): IMCTR =
 * IMCTR_FLUSH (0x2) on the leaf, then the root (ipmmu_ctx_write_all()), IMCTR read back for the sync, the context
 * freed; then free_io_pgtable_ops() (io-pgtable.c) flushes once more: ipmmu_tlb_invalidate() reads the root's IMCTR
 * and writes it | FLUSH to both;</li>
 * <li>a new paging domain's first attach: ipmmu_domain_setup_context() (376-437) and ipmmu_utlb_enable() (279-295):
 * IMUASID(utlb) = 0, IMUCTR(utlb) = context &lt;&lt; 4 | FLUSH | MMUEN.</li>
 * </ul>
 * Salvator-X (r8a77951.dtsi): SDHI0 on IPMMU-DS1 (0xe7740000, leaf) micro-TLB 32, contexts on IPMMU-MM (0xe67b0000)
 * with context 0 reserved; Gen3 register layout: context n at n * 0x40 (IMCTR +0x00, IMTTLBR0 +0x10), IMUCTR(32)
 * at 0x600, IMUASID(32) at 0x608.
 */
public class MachineUnbindTest {
    private static final long DS1 = 0xe774_0000L;
    private static final long MM = 0xe67b_0000L;

    private static final class Arm64Rig {
        // sdhi2/sdhi3 off: the kernel's allow list would attach them too; alone, sdhi0 takes context 1
        final Platform platform = Boards.platform("salvator-x-sdhi0.dts",
                "#include \"arm64/renesas/r8a77951-salvator-x.dts\"\n&sdhi2 { status = \"disabled\"; };\n"
                        + "&sdhi3 { status = \"disabled\"; };\n");
        final List<String> dmaAddrs = new ArrayList<>();
        final List<String> ipmmuRegs = new ArrayList<>();
        final Machine machine;
        final Device sdhi0;
        SdhiInternalDmacClient sd;

        Arm64Rig() {
            machine = Machine.boot(platform, KernelProfile.V6_12,
                    new MachineOptions().traceSink(e -> {
                        if (e.name().equals("dma_map_sg")) {
                            String f = e.fields();
                            dmaAddrs.add(f.substring(f.indexOf("dma_addrs={") + 11, f.indexOf('}', f.indexOf("dma_addrs="))));
                        }
                    }));
            platform.bus().addMmioListener((pa, size, write, value) -> {
                if (pa - DS1 >= 0 && pa - DS1 < 0x1000 || pa - MM >= 0 && pa - MM < 0x1000) {
                    ipmmuRegs.add(String.format("%s %s+%x=%x", write ? "w" : "r", pa < DS1 ? "mm" : "ds1",
                            pa - (pa < DS1 ? MM : DS1), value));
                }
            });
            sdhi0 = machine.device("sdhi0").orElseThrow();
            sd = new SdhiInternalDmacClient(machine, "sdhi0");
            sd.card(64);
        }

        String read8() {
            sd.read(0, 8, 1);
            return dmaAddrs.get(dmaAddrs.size() - 1);
        }

        void unbind() {
            machine.unbindDriver(sdhi0, sd::release);
            sd = null;
        }

        void bind() {
            sd = machine.bindDriver(sdhi0, () -> new SdhiInternalDmacClient(machine, "sdhi0"));
        }

        IpmmuVmsaDriver ds1Driver() {
            return machine.ipmmuDriver(platform.ipmmu("ipmmu_ds1").orElseThrow());
        }

        Ipmmu mm() {
            return platform.ipmmu("ipmmu_mm").orElseThrow();
        }

        List<String> log() {
            return machine.kernelLog().stream().map(KernelLogRecord::text).collect(Collectors.toList());
        }
    }

    @Test
    public void arm64UnbindAndBindLeaveDomainContextAndMicroTlbAsTheyAre() {
        Arm64Rig r = new Arm64Rig();
        IommuDomain dom = r.sdhi0.iommuDomain();
        assertEquals("0xfffff000", r.read8());
        r.ipmmuRegs.clear();

        r.unbind();
        assertEquals("", r.sdhi0.driverName());
        assertEquals(0, r.sdhi0.iommuGroup().ownerCount());
        assertSame(dom, r.sdhi0.iommuDomain());
        assertEquals(List.of(), r.ipmmuRegs);
        // still enabled for context 1 (IMUCTR.FLUSH reads back 0), the context still INTEN | MMUEN
        Ipmmu ds1 = r.platform.ipmmu("ipmmu_ds1").orElseThrow();
        assertEquals(0x11, ds1.imuctr(32));
        assertEquals(0x5, r.mm().readContextRegister(1, Ipmmu.IMCTR));

        r.bind();
        assertEquals("renesas_sdhi_internal_dmac", r.sdhi0.driverName());
        assertEquals(1, r.sdhi0.iommuGroup().ownerCount());
        assertSame(dom, r.sdhi0.iommuDomain());
        assertEquals(List.of(), r.ipmmuRegs);
        // the same IOVA space: the page freed by the first read's unmap comes back from the rcache
        assertEquals("0xfffff000", r.read8());
        assertEquals(1, r.log().stream().filter(l -> l.contains("Using IPMMU context")).count());
        assertEquals(0, r.machine.dmaDebug().errorCount());
    }

    @Test
    public void arm64IdentityFreesTheDomainAndItsContextAndTheNextDmaDomainReusesIt() {
        Arm64Rig r = new Arm64Rig();
        IommuDomain dom = r.sdhi0.iommuDomain();
        r.read8();
        // iommu_group_store_type(): -EPERM while a driver is bound
        assertEquals(-1, r.machine.iommuGroupStoreType(r.sdhi0, "identity"));
        r.unbind();
        r.ipmmuRegs.clear();

        assertEquals(0, r.machine.iommuGroupStoreType(r.sdhi0, "identity"));
        assertEquals(List.of(
                "w ds1+600=0",                                   // identity attach: ipmmu_utlb_disable(domain, 32)
                "w ds1+40=2", "w mm+40=2", "r mm+40=0",          // destroy_context: IMCTR = FLUSH, sync
                "r mm+40=0", "w ds1+40=2", "w mm+40=2", "r mm+40=0"), // free_io_pgtable_ops(): tlb_flush_all
                r.ipmmuRegs);
        assertTrue(dom.isFreed());
        assertTrue(dom.pgtable().isFreed());
        assertNull(dom.iovaCookie());
        assertEquals(-1, r.ds1Driver().utlbContext(32));
        assertFalse(r.ds1Driver().root().activeDomains().contains(dom));
        IommuDomain identity = r.sdhi0.iommuDomain();
        assertSame(IommuDomain.Type.IDENTITY, identity.type());
        assertSame(identity, r.sdhi0.iommuGroup().defaultDomain());
        assertNull(r.sdhi0.dmaOps());   // iommu_setup_dma_ops(): dma-direct

        r.bind();
        String direct = r.read8();
        assertTrue(direct, Long.decode(direct) >= 0x4800_0000L && Long.decode(direct) < 0x8000_0000L);
        assertFalse(r.platform.ipmmu("ipmmu_ds1").orElseThrow().isTranslating(32));
        r.unbind();
        r.ipmmuRegs.clear();

        assertEquals(0, r.machine.iommuGroupStoreType(r.sdhi0, "DMA"));
        IommuDomain dma = r.sdhi0.iommuDomain();
        assertNotSame(dom, dma);
        assertEquals(1, r.ds1Driver().contextOf(dma));     // the freed context 1 again
        assertEquals("platform ee100000.mmc: Using IPMMU context 1", r.log().get(r.log().size() - 1));
        long ttbr = dma.pgtable().cfg().ttbr();
        assertEquals(List.of(
                String.format("w mm+50=%x", ttbr), "w mm+54=0",   // IMTTLBR0, IMTTUBR0
                "w mm+48=80000080",                               // IMTTBCR = EAE | SL0_TWOBIT_LVL_1
                String.format("w mm+68=%x", (int) dma.pgtable().cfg().mair()),
                "r mm+60=0", "w mm+60=0",                         // IMSTR cleared
                "w ds1+40=7", "w mm+40=7",                        // IMCTR = INTEN | FLUSH | MMUEN
                "w ds1+608=0", "w ds1+600=13"),                   // IMUASID(32), IMUCTR(32) = 1 << 4 | 3
                r.ipmmuRegs);

        r.bind();
        assertEquals("0xfffff000", r.read8());                   // a fresh IOVA space, top-down again
        assertEquals(0, r.machine.dmaDebug().errorCount());
    }

    @Test
    public void arm64DmaAgainAttachesTheNewDomainFirstSoItTakesTheNextContext() {
        Arm64Rig r = new Arm64Rig();
        IommuDomain first = r.sdhi0.iommuDomain();
        r.unbind();
        r.ipmmuRegs.clear();
        assertEquals(0, r.machine.iommuGroupStoreType(r.sdhi0, "DMA"));
        IommuDomain second = r.sdhi0.iommuDomain();
        assertEquals(2, r.ds1Driver().contextOf(second));
        assertTrue(first.isFreed());
        List<String> regs = r.ipmmuRegs;
        // IMUCTR(32) for context 2 before context 1 is torn down
        int enable = regs.indexOf("w ds1+600=23");
        int destroy = regs.indexOf("w ds1+40=2");
        assertTrue(regs.toString(), enable >= 0 && destroy > enable);
        assertEquals(List.of(second), r.ds1Driver().root().activeDomains());
    }

    // ---- 32-bit ARM: Koelsch, DMAC0 behind IPMMU-DS (Gen2: one context, registers at +0x800) ----

    private static final long DS = 0xe674_0000L;

    /** Accesses to IPMMU-DS's registers from now on, "w OFFSET=VALUE". */
    private static List<String> dsRegisters(Platform p) {
        List<String> regs = new ArrayList<>();
        p.bus().addMmioListener((pa, size, write, value) -> {
            if (pa - DS >= 0 && pa - DS < 0x1000) {
                regs.add(String.format("%s %x=%x", write ? "w" : "r", pa - DS, value));
            }
        });
        return regs;
    }

    @Test
    public void arm32UnbindAndBindKeepTheSharedArmMapping() {
        Platform p = Boards.koelschIpmmuDmac0();
        Machine m = Machine.boot(p, KernelProfile.V6_12, new MachineOptions());
        List<String> regs = dsRegisters(p);
        Device dmac0 = m.device("dmac0").orElseThrow();
        ArmIommuMapping mapping = dmac0.armIommuMapping();
        // ipmmu_probe_finalize() set the ops before arch_setup_dma_ops(); arm_iommu_create_mapping() 1,
        // __arm_iommu_attach_device() +1 (the machine records these boot facts when first asked)
        assertFalse(m.armDmaOpsSetup(dmac0));
        assertEquals(2, mapping.refcount());

        m.unbindDriver(dmac0, () -> { });
        m.bindDriver(dmac0, () -> null);
        assertEquals(List.of(), regs);
        assertSame(mapping, dmac0.armIommuMapping());
        assertTrue(dmac0.dmaOps() instanceof ArmIommuDmaOps);
        assertEquals(2, mapping.refcount());
        assertTrue(p.ipmmu("ipmmu_ds").orElseThrow().isTranslating(14));

        // the default domain can only be identity: nothing to change, and DMA is refused
        m.unbindDriver(dmac0, () -> { });
        assertEquals(0, m.iommuGroupStoreType(dmac0, "identity"));
        assertEquals(-22, m.iommuGroupStoreType(dmac0, "DMA"));
        assertSame(mapping.domain(), dmac0.iommuDomain());
        assertEquals(List.of(), regs);
    }

    @Test
    public void arm32DetachDisablesTheMicroTlbsAndTheNextBindCannotGetAContext() {
        Platform p = Boards.koelschIpmmuDmac0();
        Machine m = Machine.boot(p, KernelProfile.V6_12, new MachineOptions());
        List<String> regs = dsRegisters(p);
        Device dmac0 = m.device("dmac0").orElseThrow();
        ArmIommuMapping mapping = dmac0.armIommuMapping();
        assertTrue(m.armIommuDetachDevice(dmac0));
        // identity attach: IMUCTR(0..14) = 0 at the non-secure alias (+0x800 + 0x300 + utlb * 16)
        List<String> expected = new ArrayList<>();
        for (int u = 0; u < 15; u++) {
            expected.add(String.format("w %x=0", 0xb00 + u * 16));
        }
        assertEquals(expected, regs);
        assertEquals(1, mapping.refcount());              // the IPMMU's own mmu->mapping reference remains
        assertFalse(mapping.isReleased());
        assertNull(dmac0.dmaOps());
        assertSame(IommuDomain.Type.IDENTITY, dmac0.iommuDomain().type());
        // the context stays set up: INTEN | MMUEN
        assertEquals(0x5, p.ipmmu("ipmmu_ds").orElseThrow().readContextRegister(0, Ipmmu.IMCTR));

        // unbind: dma_ops_setup is still clear, nothing to tear down; bind: arch_setup_dma_ops() finds no ops and
        // a device in a group: arm_setup_iommu_dma_ops() with a mapping of its own, whose domain needs a second
        // context the Gen2 IPMMU (number_of_contexts 1) does not have
        regs.clear();
        m.unbindDriver(dmac0, () -> { });
        m.bindDriver(dmac0, () -> null);
        List<String> log = m.kernelLog().stream().map(KernelLogRecord::text).collect(Collectors.toList());
        assertEquals(List.of("rcar-dmac e6700000.dma-controller: Unable to initialize IPMMU context",
                "Failed to attached device e6700000.dma-controller to IOMMU_mapping"), log.subList(log.size() - 2,
                        log.size()));
        assertTrue(m.armDmaOpsSetup(dmac0));
        assertNull(dmac0.dmaOps());
        assertNull(dmac0.armIommuMapping());
        assertEquals(List.of(), regs);
        assertEquals(1, mapping.refcount());
    }
}
