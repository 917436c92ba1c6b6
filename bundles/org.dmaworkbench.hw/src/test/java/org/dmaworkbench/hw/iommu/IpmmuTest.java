package org.dmaworkbench.hw.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Before;
import org.junit.Test;

/**
 * Page tables are written by hand from the ARMv7 LPAE long-descriptor definitions (4 KiB granule,
 * 32-bit input: level 1 indexed by IOVA[31:30], level 2 by [29:21], level 3 by [20:12]), with the bits
 * io-pgtable-arm.c uses: type 0b11 table/page, 0b01 block, NS bit 5, AP_UNPRIV bit 6, AP_RDONLY bit 7,
 * SH bits 9:8, AF bit 10, nG bit 11, NSTable bit 63, AttrIndx bits 4:2.
 */
public class IpmmuTest {
    static final long PGD = 0x4100_0000L;
    static final long L2 = 0x4100_1000L;
    static final long L3 = 0x4100_2000L;
    /** NSTable | table address | type 0b11 */
    static final long TABLE = 0x8000_0000_0000_0003L;
    /** page, RW: nG, SH=IS, AF, AP_UNPRIV, NS, AttrIndx 1, type 0b11 = 0xf67 */
    static final long PAGE_RW = 0xf67;
    static final long PAGE_RO = 0xfe7;

    Bus bus;

    /** Tables shared by the tests; see the class comment for the bit meanings. */
    static void writeTables(Bus bus) {
        bus.write64(PGD + 2 * 8, TABLE | L2);                       // L1[2]: IOVA 0x8000_0000-0xbfff_ffff
        bus.write64(L2 + 0 * 8, TABLE | L3);                        // L2[0]: IOVA 0x8000_0000-0x801f_ffff
        bus.write64(L3 + 1 * 8, 0x6_1234_5000L | PAGE_RW);          // 0x8000_1000 -> 0x6_1234_5000 RW
        bus.write64(L3 + 2 * 8, 0x4800_0000L | PAGE_RO);            // 0x8000_2000 -> 0x4800_0000 RO
        bus.write64(L3 + 4 * 8, 0x4800_1000L | (PAGE_RW & ~0x20));  // 0x8000_4000: NS clear
        bus.write64(L3 + 5 * 8, 0x4800_2000L | (PAGE_RW & ~0x400)); // 0x8000_5000: AF clear
        bus.write64(L2 + 1 * 8, 0x4_4000_0000L | 0x461);            // L2[1]: 2 MiB block 0x8020_0000 -> 0x4_4000_0000
        bus.write64(PGD + 3 * 8, 0x1_0000_0000L | 0x461);           // L1[3]: 1 GiB block 0xc000_0000 -> 0x1_0000_0000
        bus.write64(PGD + 0 * 8, TABLE | 0x2000_0000L);             // L1[0]: table in a hole -> walk abort
    }

    @Before
    public void setUp() {
        bus = new Bus();
        bus.addRam("/memory@40000000", new SparseRam(0x4000_0000L, 0x4000_0000L));
        writeTables(bus);
    }

    /** ipmmu_domain_setup_context() + ipmmu_utlb_enable() for Gen2, by absolute offsets (driver base +0x800). */
    private Ipmmu koelschIpmmuDs(int utlb) {
        Ipmmu mmu = new Ipmmu("iommu@e6740000", IpmmuFeatures.forCompatibles(
                List.of("renesas,ipmmu-r8a7791", "renesas,ipmmu-vmsa")).orElseThrow(), bus);
        mmu.mmioWrite(0x810, 4, PGD);                  // IMTTLBR0
        mmu.mmioWrite(0x814, 4, 0);                    // IMTTUBR0
        mmu.mmioWrite(0x808, 4, 0x8000_3510L);         // IMTTBCR: EAE | SH0 IS | ORGN0 | IRGN0 | SL0_LVL_1
        mmu.mmioWrite(0x828, 4, 0x0004_ff44L);         // IMMAIR0
        mmu.mmioWrite(0x820, 4, mmu.mmioRead(0x820, 4)); // IMSTR
        mmu.mmioWrite(0x800, 4, 0x7);                  // IMCTR: INTEN | FLUSH | MMUEN
        mmu.mmioWrite(0x800 + 0x308 + utlb * 16, 4, 0); // IMUASID(utlb)
        mmu.mmioWrite(0x800 + 0x300 + utlb * 16, 4, 0x3); // IMUCTR(utlb): TTSEL 0 | FLUSH | MMUEN
        return mmu;
    }

    @Test
    public void gen2FeaturesAndDriverRegisterLayout() {
        Ipmmu mmu = koelschIpmmuDs(1);
        assertSame(IpmmuFeatures.DEFAULT, mmu.features());
        assertEquals(0x800, mmu.driverBaseOffset());
        assertEquals(0x10, mmu.contextRegisterOffset(0, Ipmmu.IMTTLBR0));
        assertEquals(0x310, mmu.utlbRegisterOffset(1, false));
        assertEquals(PGD, mmu.ttbr(0));
        assertEquals(Ipmmu.IMCTR_INTEN | Ipmmu.IMCTR_MMUEN, mmu.mmioRead(0x800, 4)); // FLUSH reads back 0
        assertEquals(0x1, mmu.mmioRead(0x800 + 0x310, 4));                         // IMUCTR(1): FLUSH self-clears
        assertEquals(0x8000_3510L, mmu.mmioRead(0x008, 4));                        // secure bank aliases
        assertTrue(mmu.utlbEnabled(1));
        assertFalse(mmu.utlbEnabled(2));
    }

    @Test
    public void pagesAndBlocksTranslateToFortyBitAddresses() {
        Ipmmu mmu = koelschIpmmuDs(1);
        assertEquals(0x6_1234_5abcL, mmu.translate(1, 0x8000_1abcL, IommuAccess.WRITE));
        assertEquals(0x4800_0010L, mmu.translate(1, 0x8000_2010L, IommuAccess.READ));
        assertEquals(0x4_4003_4567L, mmu.translate(1, 0x8023_4567L, IommuAccess.READ));
        assertEquals(0x1_0765_4321L, mmu.translate(1, 0xc765_4321L, IommuAccess.WRITE));
        assertEquals(0, mmu.faultCount());
        // a master whose uTLB is not enabled bypasses the IPMMU
        assertEquals(0x8000_1abcL, mmu.translate(2, 0x8000_1abcL, IommuAccess.READ));
        LpaeWalker.Walk w = mmu.walk(0, 0x8000_1abcL, IommuAccess.READ);
        assertEquals(3, w.lastLevel());
        assertEquals(PGD + 16, w.addresses()[0]);
        assertEquals(L3 + 8, w.addresses()[2]);
        assertEquals(0x6_1234_5f67L, w.descriptors()[2]);
        assertEquals(1, w.attrIndx());
        assertEquals(12, w.blockShift());
    }

    @Test
    public void translationFaultIsLatchedInImstrAndImelarAndRaisesTheInterrupt() {
        Ipmmu mmu = koelschIpmmuDs(1);
        List<Ipmmu> irqs = new ArrayList<>();
        mmu.setInterruptHandler(irqs::add);
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x8000_3008L, IommuAccess.READ));
        assertEquals(Ipmmu.IMSTR_TF, mmu.mmioRead(0x820, 4));
        assertEquals(0x8000_3008L, mmu.mmioRead(0x830, 4));
        assertEquals(List.of(mmu), irqs);
        IpmmuFault f = mmu.faults().get(0);
        assertTrue(f.isTranslationFault());
        assertEquals(0x8000_3008L, f.iova());
        assertEquals(1, f.utlb());
        assertEquals(3, f.walk().lastLevel());
        assertEquals("iommu@e6740000: translation fault on read @0x80003008 (context 0, uTLB 1, IMSTR 0x00000001)",
                f.toString());
        // the driver clears IMSTR by writing 0, which also clears the address latch
        mmu.mmioWrite(0x820, 4, 0);
        assertEquals(0, mmu.mmioRead(0x820, 4));
        assertEquals(0, mmu.mmioRead(0x830, 4));
    }

    @Test
    public void writeToReadOnlyPageIsAPermissionFaultWhetherWalkedOrCached() {
        Ipmmu mmu = koelschIpmmuDs(1);
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x8000_2004L, IommuAccess.WRITE));
        assertEquals(Ipmmu.IMSTR_PF, mmu.mmioRead(0x820, 4));
        assertEquals(0x8000_2004L, mmu.mmioRead(0x830, 4));
        mmu.mmioWrite(0x820, 4, 0);
        // now cached by a read, then written: the TLB entry carries the read-only permission
        assertEquals(0x4800_0004L, mmu.translate(1, 0x8000_2004L, IommuAccess.READ));
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x8000_2008L, IommuAccess.WRITE));
        assertEquals(Ipmmu.IMSTR_PF, mmu.mmioRead(0x820, 4));
        assertNull(mmu.faults().get(1).walk());
        assertTrue(mmu.faults().get(1).isPermissionFault());
    }

    @Test
    public void clearNsAndAccessFlagAndHolesFaultAsTheHardwareDoes() {
        Ipmmu mmu = koelschIpmmuDs(1);
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x8000_4000L, IommuAccess.READ));
        assertEquals(Ipmmu.IMSTR_PF, mmu.faults().get(0).status());
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x8000_5000L, IommuAccess.READ));
        assertEquals(Ipmmu.IMSTR_TF, mmu.faults().get(1).status());
        assertEquals(Ipmmu.FAULT, mmu.translate(1, 0x0000_5000L, IommuAccess.READ));
        IpmmuFault abort = mmu.faults().get(2);
        assertEquals(Ipmmu.IMSTR_ABORT, abort.status());
        assertEquals(0x2000_0000L, abort.walk().addresses()[1]);
        assertEquals(Ipmmu.IMSTR_PF | Ipmmu.IMSTR_TF | Ipmmu.IMSTR_ABORT, mmu.mmioRead(0x820, 4));
        assertEquals(0x5000L, mmu.mmioRead(0x830, 4));
        // without the NS requirement the NS-less page translates
        mmu.setRequireNs(false);
        assertEquals(0x4800_1000L, mmu.translate(1, 0x8000_4000L, IommuAccess.READ));
    }

    @Test
    public void tlbCountsHitsAndMissesAndFlushesOnImctrFlush() {
        Ipmmu mmu = koelschIpmmuDs(1);
        mmu.translate(1, 0x8000_1000L, IommuAccess.READ);
        mmu.translate(1, 0x8000_1ff8L, IommuAccess.WRITE);
        mmu.translate(1, 0x8023_4000L, IommuAccess.READ);
        mmu.translate(1, 0x8000_1004L, IommuAccess.READ);
        assertEquals(2, mmu.tlb().misses());
        assertEquals(2, mmu.tlb().hits());
        assertEquals(2, mmu.walks());
        assertEquals(2, mmu.tlb().size());
        // change the mapping behind the TLB's back: the stale entry is used until the driver flushes
        bus.write64(L3 + 8, 0x4900_0000L | PAGE_RW);
        assertEquals(0x6_1234_5010L, mmu.translate(1, 0x8000_1010L, IommuAccess.READ));
        mmu.mmioWrite(0x800, 4, mmu.mmioRead(0x800, 4) | Ipmmu.IMCTR_FLUSH); // ipmmu_tlb_invalidate()
        assertEquals(0, mmu.tlb().size());
        assertEquals(0x4900_0010L, mmu.translate(1, 0x8000_1010L, IommuAccess.READ));
        assertEquals(3, mmu.tlb().misses());
        assertEquals(3, mmu.tlb().hits());
        assertEquals(0x4900_0020L, mmu.translateRun(1, 0x8000_1020L, IommuAccess.READ, 10));
        assertEquals(13, mmu.tlb().hits());
    }

    @Test
    public void gen3LeafUsesRootContextAndLatchesUpperAddressBits() {
        Ipmmu mm = new Ipmmu("iommu@e67b0000", IpmmuFeatures.forCompatible("renesas,ipmmu-r8a7795").orElseThrow(), bus);
        Ipmmu ds1 = new Ipmmu("iommu@e7740000", IpmmuFeatures.RCAR_GEN3, bus);
        ds1.setRoot(mm);
        assertEquals(8, mm.features().numberOfContexts());
        assertEquals(48, mm.features().numUtlbs());
        // context 1 (0 is reserved): registers at 0x40 on the root; IMCTR written to leaf and root
        mm.mmioWrite(0x50, 4, PGD);
        mm.mmioWrite(0x54, 4, 0);
        mm.mmioWrite(0x48, 4, 0x8000_0080L); // EAE | SL0_TWOBIT_LVL_1
        ds1.mmioWrite(0x40, 4, 0x7);
        mm.mmioWrite(0x40, 4, 0x7);
        // uTLB 33 of the leaf: IMUCTR32(33) = 0x600 + 16
        ds1.mmioWrite(0x610, 4, (1 << 4) | 0x3);
        assertEquals(0x610, ds1.utlbRegisterOffset(33, false));
        assertEquals(0x4_4003_4567L, ds1.translate(33, 0x8023_4567L, IommuAccess.READ));
        assertEquals(1, ds1.tlb().misses());
        assertEquals(0, mm.tlb().misses());
        // an IOVA beyond the 32-bit input range
        assertEquals(Ipmmu.FAULT, ds1.translate(33, 0x1_0000_2000L, IommuAccess.READ));
        assertEquals(Ipmmu.IMSTR_TF, mm.mmioRead(0x60, 4));
        assertEquals(0x2000L, mm.mmioRead(0x70, 4));  // IMELAR
        assertEquals(0x1L, mm.mmioRead(0x74, 4));     // IMEUAR
        assertEquals("iommu@e7740000", mm.faults().get(0).ipmmu());
        // a flush written to the root drops the leaf's cached entries of that context
        mm.mmioWrite(0x40, 4, 0x7);
        assertEquals(0, ds1.tlb().size());
    }

    @Test
    public void fullTlbSetEvictsRoundRobin() {
        Ipmmu mmu = new Ipmmu("small", IpmmuFeatures.DEFAULT, bus, 4); // one set of 4 ways
        mmu.writeContextRegister(0, Ipmmu.IMTTLBR0, (int) PGD);
        mmu.writeContextRegister(0, Ipmmu.IMCTR, Ipmmu.IMCTR_MMUEN);
        mmu.writeImuctr(0, Ipmmu.IMUCTR_MMUEN);
        long[] pages = {0x8000_1000L, 0x8000_2000L, 0x8020_0000L, 0x8020_1000L, 0xc000_0000L};
        for (long p : pages) {
            mmu.translate(0, p, IommuAccess.READ);
        }
        assertEquals(4, mmu.tlb().size());
        assertEquals(0x6_1234_5000L, mmu.translate(0, 0x8000_1000L, IommuAccess.READ)); // evicted by the 5th
        assertEquals(0x4_4000_1000L, mmu.translate(0, 0x8020_1000L, IommuAccess.READ)); // still cached
        assertEquals(6, mmu.tlb().misses());
        assertEquals(1, mmu.tlb().hits());
    }
}
