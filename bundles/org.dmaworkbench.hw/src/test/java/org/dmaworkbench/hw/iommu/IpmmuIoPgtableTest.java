package org.dmaworkbench.hw.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.pgtable.IommuFlushOps;
import org.dmaworkbench.hw.iommu.pgtable.IommuProt;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.RamPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.time.VirtualClock;
import org.junit.Before;
import org.junit.Test;

/**
 * End to end: the software io-pgtable (what the kernel's ipmmu_map() calls) writes tables into emulated
 * RAM, the driver programs the IPMMU from the config it returns, and the hardware walker and a DMAC
 * transfer use those tables. Expected addresses follow from the mappings made.
 */
public class IpmmuIoPgtableTest {
    Bus bus;
    Ipmmu mmu;
    IoPgtable pt;
    final List<String> flushes = new ArrayList<>();

    @Before
    public void setUp() {
        bus = new Bus();
        bus.addRam("/memory@40000000", new SparseRam(0x4000_0000L, 0x4000_0000L));
        mmu = new Ipmmu("iommu@e6740000", IpmmuFeatures.DEFAULT, bus);
        RamPageAllocator tables = new RamPageAllocator(bus, 0x7000_0000L, 0x10_0000L);
        pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), bus, tables, new IommuFlushOps() {
            @Override
            public void tlbFlushAll() {
                flushes.add("all");
                invalidate();
            }

            @Override
            public void tlbFlushWalk(long iova, long size, long granule) {
                flushes.add("walk");
                invalidate();
            }
        });
        // ipmmu_domain_setup_context()
        long ttbr = pt.cfg().ttbr();
        mmu.writeContextRegister(0, Ipmmu.IMTTLBR0, (int) ttbr);
        mmu.writeContextRegister(0, Ipmmu.IMTTUBR0, (int) (ttbr >>> 32));
        mmu.writeContextRegister(0, Ipmmu.IMTTBCR, Ipmmu.IMTTBCR_EAE | Ipmmu.IMTTBCR_SL0_LVL_1);
        mmu.writeContextRegister(0, Ipmmu.IMMAIR0, (int) pt.cfg().mair());
        mmu.writeContextRegister(0, Ipmmu.IMCTR, Ipmmu.IMCTR_INTEN | Ipmmu.IMCTR_FLUSH | Ipmmu.IMCTR_MMUEN);
        // ipmmu_utlb_enable(domain, 3)
        mmu.writeImuasid(3, 0);
        mmu.writeImuctr(3, Ipmmu.IMUCTR_FLUSH | Ipmmu.IMUCTR_MMUEN);
    }

    /** ipmmu_tlb_invalidate() */
    private void invalidate() {
        mmu.writeContextRegister(0, Ipmmu.IMCTR, mmu.readContextRegister(0, Ipmmu.IMCTR) | Ipmmu.IMCTR_FLUSH);
    }

    @Test
    public void hardwareWalkOfIoPgtableMappings() {
        assertEquals(0, pt.map(0x1000_0000L, 0x4800_0000L, 0x1000, 4, IommuProt.READ | IommuProt.WRITE));
        assertEquals(0, pt.map(0x1000_8000L, 0x4900_0000L, 0x1000, 1, IommuProt.READ));
        assertEquals(0, pt.map(0x1020_0000L, 0x5_4020_0000L, 0x20_0000, 1, IommuProt.READ | IommuProt.WRITE));
        assertEquals(0, pt.map(0x2000_0000L, 0xe6e6_0000L, 0x1000, 1, IommuProt.WRITE | IommuProt.MMIO));

        assertEquals(0x4800_3ffcL, mmu.translate(3, 0x1000_3ffcL, IommuAccess.WRITE));
        assertEquals(0x4900_0010L, mmu.translate(3, 0x1000_8010L, IommuAccess.READ));
        assertEquals(0x5_402f_edc8L, mmu.translate(3, 0x102f_edc8L, IommuAccess.WRITE));
        assertEquals(0xe6e6_000cL, mmu.translate(3, 0x2000_000cL, IommuAccess.WRITE));
        assertEquals(0, mmu.faultCount());
        LpaeWalker.Walk mmio = mmu.walk(0, 0x2000_000cL, IommuAccess.WRITE);
        assertEquals(2, mmio.attrIndx()); // ARM_LPAE_MAIR_ATTR_IDX_DEV
        assertEquals(21, mmu.walk(0, 0x1020_0000L, IommuAccess.READ).blockShift());

        // IOMMU_READ only: the hardware refuses writes
        assertEquals(Ipmmu.FAULT, mmu.translate(3, 0x1000_8010L, IommuAccess.WRITE));
        assertTrue(mmu.faults().get(0).isPermissionFault());
        // never mapped
        assertEquals(Ipmmu.FAULT, mmu.translate(3, 0x1000_4000L, IommuAccess.READ));
        assertTrue(mmu.faults().get(1).isTranslationFault());
        assertEquals(0x1000_4000L, mmu.readContextRegister(0, Ipmmu.IMELAR) & 0xffffffffL);
    }

    @Test
    public void unmapThenFlushMakesTheHardwareFault() {
        assertEquals(0, pt.map(0x1000_0000L, 0x4800_0000L, 0x1000, 2, IommuProt.READ | IommuProt.WRITE));
        assertEquals(0x4800_1000L, mmu.translate(3, 0x1000_1000L, IommuAccess.READ));
        assertEquals(0x1000, pt.unmap(0x1000_1000L, 0x1000, 1));
        // the stale TLB entry survives until the driver's iotlb_sync flushes
        assertEquals(0x4800_1000L, mmu.translate(3, 0x1000_1000L, IommuAccess.READ));
        invalidate();
        assertEquals(Ipmmu.FAULT, mmu.translate(3, 0x1000_1000L, IommuAccess.READ));
        assertEquals(0x4800_0000L, mmu.translate(3, 0x1000_0000L, IommuAccess.READ));
    }

    @Test
    public void dmacMemcpyThroughIoPgtableMappings() {
        VirtualClock clock = new VirtualClock();
        RcarDmac dmac = new RcarDmac("dma-controller@e6700000", 15, bus, clock);
        dmac.setIommu(3, mmu, 3);
        // 3 pages of source scattered in RAM behind contiguous IOVAs
        long[] srcPages = {0x4a00_5000L, 0x4a00_1000L, 0x4b00_0000L};
        for (int i = 0; i < 3; i++) {
            assertEquals(0, pt.map(0x3000_0000L + i * 0x1000L, srcPages[i], 0x1000, 1, IommuProt.READ));
            for (int j = 0; j < 0x1000; j += 4) {
                bus.write32(srcPages[i] + j, (i << 16) | j);
            }
        }
        assertEquals(0, pt.map(0x3100_0000L, 0x4c00_0000L, 0x1000, 3, IommuProt.READ | IommuProt.WRITE));
        dmac.mmioWrite(RcarDmac.RCAR_DMAOR, 2, RcarDmac.RCAR_DMAOR_DME);
        long ch = dmac.channelRegisterOffset(3);
        dmac.mmioWrite(ch + 0x00, 4, 0x3000_0000L);
        dmac.mmioWrite(ch + 0x04, 4, 0x3100_0000L);
        dmac.mmioWrite(ch + 0x08, 4, 0x3000 >> 6);
        // DM_INC | SM_INC | RS_AUTO | TS_64B | IE | DE
        dmac.mmioWrite(ch + 0x0c, 4, 0x0010_540dL);
        clock.runUntilIdle(100);
        assertEquals(0x0010_540fL, dmac.mmioRead(ch + 0x0c, 4));
        for (int i = 0; i < 3; i++) {
            assertEquals((i << 16) | 0x40, bus.read32(0x4c00_0040L + i * 0x1000L));
            assertEquals((i << 16) | 0xffc, bus.read32(0x4c00_0ffcL + i * 0x1000L));
        }
        // one walk per page on each side; the other 63 bursts of each page hit the TLB
        assertEquals(6, mmu.tlb().misses());
        assertEquals(2 * 3 * 63, mmu.tlb().hits());
    }
}
