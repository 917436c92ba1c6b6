package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Before;
import org.junit.Test;

/**
 * Exact PTE values and register outputs for the LPAE formats. Expected values are derived by hand from the bit
 * definitions in drivers/iommu/io-pgtable-arm.c (6.12); the derivation is spelled out next to each constant.
 */
public class IoPgtableLpaeTest {
    private static final long RAM = 0x4_8000_0000L;
    private static final long P0 = RAM; // first table page handed out: the pgd
    private static final long P1 = RAM + 0x1000;
    private static final long P2 = RAM + 0x2000;
    private static final int RW = IommuProt.READ | IommuProt.WRITE;

    private SparseRam ram;
    private BumpPageAllocator alloc;
    private RecordingFlushOps tlb;
    private PteLog log;

    @Before
    public void setUp() {
        ram = new SparseRam(RAM, 64L << 20);
        alloc = new BumpPageAllocator(ram, RAM, 64L << 20);
        tlb = new RecordingFlushOps(0);
        log = new PteLog();
    }

    private IoPgtable ipmmu() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), ram, alloc, tlb);
        tlb.pgsizeBitmap = pt.cfg().pgsizeBitmap();
        pt.addObserver(log);
        return pt;
    }

    @Test
    public void ipmmuConfigOutputs() {
        IoPgtable pt = ipmmu();
        IoPgtableConfig c = pt.cfg();
        assertEquals(0x4020_1000L, c.pgsizeBitmap()); // SZ_1G | SZ_2M | SZ_4K
        assertEquals(32, c.ias());
        assertEquals(40, c.oas());
        // va_bits = 32 - 12 = 20, 9 bits per level: 3 levels starting at 1, pgd of 20 - 18 = 2 bits (4 entries)
        assertEquals(1, c.startLevel());
        assertEquals(9, c.bitsPerLevel());
        assertEquals(2, c.pgdBits());
        assertEquals(P0, c.ttbr());
        assertEquals(P0, pt.pgd());
        // non-coherent walk: SH=OS(2), IRGN=ORGN=NC(0); TG0 4K = 0; IPS for 40 bits = 2; T0SZ = 64 - 32
        assertEquals(new IoPgtableConfig.LpaeS1Tcr(2, 0, 2, 0, 0, 32), c.tcr());
        // T0SZ 32 | SH0 2<<12 | IPS 2<<32
        assertEquals(0x2_0000_2020L, c.tcr().value());
        // MAIR: idx0 NC 0x44, idx1 WBRWA 0xff, idx2 DEVICE 0x04, idx3 INC_OWBRWA 0xf4
        assertEquals(0xf404_ff44L, c.mair());
        assertNull(c.vtcr());
    }

    /** dma_map_resource() of a SCIF FIFO page for both directions: IOMMU_READ|IOMMU_WRITE|IOMMU_MMIO. */
    @Test
    public void mmioPageThroughIpmmuWritesKernelBits() {
        IoPgtable pt = ipmmu();
        assertEquals(0, pt.map(0xffff_f000L, 0xe6e8_8000L, 0x1000, 1, RW | IommuProt.MMIO));
        assertEquals(0x1000, pt.mapped());
        // nG 0x800 | AF 0x400 | SH_OS 0x200 | AP_UNPRIV 0x40 | NS 0x20 | AttrIndx DEV 2<<2 | page 3 = 0xe6b
        long leaf = 0xe6e8_8e6bL;
        // table: address | type 3 | NSTABLE bit 63; non-coherent walk adds SW_SYNC bit 55 in a second store
        long t1 = 0x8000_0000_0000_0003L | P1;
        long t2 = 0x8000_0000_0000_0003L | P2;
        long sync = 1L << 55;
        // 0xfffff000: level 1 index bits [31:30] = 3, level 2 [29:21] = 511, level 3 [20:12] = 511
        assertEquals(List.of(
                String.format("L1[3]@0x%x 0x0 -> 0x%x", P0, t1),
                String.format("L1[3]@0x%x 0x%x -> 0x%x", P0, t1, t1 | sync),
                String.format("L2[511]@0x%x 0x0 -> 0x%x", P1, t2),
                String.format("L2[511]@0x%x 0x%x -> 0x%x", P1, t2, t2 | sync),
                String.format("L3[511]@0x%x 0x0 -> 0x%x", P2, leaf)), log.writes);
        assertEquals(t1 | sync, ram.read64(P0 + 3 * 8));
        assertEquals(t2 | sync, ram.read64(P1 + 511 * 8));
        assertEquals(leaf, ram.read64(P2 + 511 * 8));
        assertEquals(0xe6e8_800cL, pt.iovaToPhys(0xffff_f00cL));
    }

    @Test
    public void cachedNoexecAndReadOnlyPages() {
        IoPgtable pt = ipmmu();
        assertEquals(0, pt.map(0x1000, 0x7_0000_1000L, 0x1000, 1, RW | IommuProt.CACHE | IommuProt.NOEXEC));
        assertEquals(0, pt.map(0x2000, 0x7_0000_2000L, 0x1000, 1, IommuProt.READ));
        assertEquals(0, pt.map(0x3000, 0x7_0000_3000L, 0x1000, 1, IommuProt.WRITE | IommuProt.PRIV));
        // 0x1000: L1[0] -> P1, L2[0] -> P2, L3[1]
        // XN 3<<53 | nG 0x800 | AF 0x400 | SH_IS 0x300 | UNPRIV 0x40 | NS 0x20 | AttrIndx CACHE 1<<2 | page 3
        assertEquals(0x0060_0007_0000_1f67L, ram.read64(P2 + 8));
        // read-only: nG 0x800 | AF 0x400 | SH_OS 0x200 | AP_RDONLY 0x80 | UNPRIV 0x40 | NS 0x20 | page 3 = 0xee3
        assertEquals(0x0000_0007_0000_2ee3L, ram.read64(P2 + 16));
        // write-only privileged: AP stays read/write (RDONLY only when READ without WRITE), no UNPRIV:
        // nG 0x800 | AF 0x400 | SH_OS 0x200 | NS 0x20 | page 3 = 0xe23
        assertEquals(0x0000_0007_0000_3e23L, ram.read64(P2 + 24));
        assertEquals(0x7_0000_2abcL, pt.iovaToPhys(0x2abc));
    }

    @Test
    public void blockMappingAndPartialUnmapSplitsIt() {
        IoPgtable pt = ipmmu();
        assertEquals(0, pt.map(0x20_0000L, 0x8000_0000L, 0x20_0000L, 1, RW));
        // level 2 block: nG 0x800 | AF 0x400 | SH_OS 0x200 | UNPRIV 0x40 | NS 0x20 | block 1 = 0xe61
        assertEquals(0x8000_0e61L, ram.read64(P1 + 8));
        log.writes.clear();
        IommuIotlbGather gather = new IommuIotlbGather();
        assertEquals(0x1000, pt.unmap(0x20_1000L, 0x1000, 1, gather));
        // new level 3 table at P2: 512 pages carrying the block's attributes (0xe60) | page 3, entry 1 left empty
        assertEquals(511 + 2, log.writes.size());
        assertEquals(String.format("L3[0]@0x%x 0x0 -> 0x80000e63", P2), log.writes.get(0));
        assertEquals(String.format("L3[2]@0x%x 0x0 -> 0x80002e63", P2), log.writes.get(1));
        assertEquals(String.format("L3[511]@0x%x 0x0 -> 0x801ffe63", P2), log.writes.get(510));
        long table = 0x8080_0000_0000_0003L | P2;
        assertEquals(String.format("L2[1]@0x%x 0x80000e61 -> 0x%x", P1, table & ~(1L << 55)), log.writes.get(511));
        assertEquals(String.format("L2[1]@0x%x 0x%x -> 0x%x", P1, table & ~(1L << 55), table), log.writes.get(512));
        assertEquals(0, ram.read64(P2 + 8));
        assertEquals(List.of("add_page 0x201000 0x1000"), tlb.calls);
        assertEquals(0, pt.iovaToPhys(0x20_1000L));
        assertEquals(0x8000_2123L, pt.iovaToPhys(0x20_2123L));
        assertEquals(0x801f_f000L, pt.iovaToPhys(0x3f_f000L));
    }

    @Test
    public void unmapInsideAGigabyteBlockSplitsTwice() {
        IoPgtable pt = ipmmu();
        assertEquals(0, pt.map(0x4000_0000L, 0x1_0000_0000L, 1L << 30, 1, RW));
        // level 1 block: nG 0x800 | AF 0x400 | SH_OS 0x200 | UNPRIV 0x40 | NS 0x20 | block 1
        assertEquals(0x1_0000_0e61L, ram.read64(P0 + 8));
        // 2M out of the 1G block: a level-2 table of 512 2M blocks, entry 1 then cleared by the walk down
        IommuIotlbGather gather = new IommuIotlbGather();
        assertEquals(0x20_0000L, pt.unmap(0x4020_0000L, 0x20_0000L, 1, gather));
        assertEquals(0x8080_0000_0000_0003L | P1, ram.read64(P0 + 8));
        assertEquals(0x1_0000_0e61L, ram.read64(P1));
        assertEquals(0, ram.read64(P1 + 8));
        assertEquals(0x1_0040_0e61L, ram.read64(P1 + 16));
        assertEquals(List.of("add_page 0x40200000 0x200000"), tlb.calls);
        // 4K out of the next 2M block: split into a level-3 table at P2
        assertEquals(0x1000, pt.unmap(0x4040_3000L, 0x1000, 1, gather));
        assertEquals(0x8080_0000_0000_0003L | P2, ram.read64(P1 + 16));
        assertEquals(0x1_0040_2e63L, ram.read64(P2 + 16));
        assertEquals(0, ram.read64(P2 + 24));
        assertEquals(0x1_0040_4e63L, ram.read64(P2 + 32));
        assertEquals(0x1_0040_4abcL, pt.iovaToPhys(0x4040_4abcL));
        assertEquals(0x1_3fff_ffffL, pt.iovaToPhys(0x7fff_ffffL));
    }

    @Test
    public void outOfTableMemoryIsEnomem() {
        BumpPageAllocator tiny = new BumpPageAllocator(ram, RAM, 0x1000); // room for the pgd only
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), ram, tiny, tlb);
        assertEquals(Errno.ENOMEM, pt.map(0x1000, 0x1000, 0x1000, 1, RW));
        assertEquals(0, pt.mapped());
        assertEquals(0, ram.read64(P0));
        // a block needs no table
        assertEquals(0, pt.map(0x4000_0000L, 0x4000_0000L, 1L << 30, 1, RW));
        // splitting it needs one, so nothing is unmapped
        assertEquals(0, pt.unmap(0x4000_0000L, 0x1000, 1));
        assertEquals(0x4000_1000L, pt.iovaToPhys(0x4000_1000L));
    }

    @Test
    public void errorsAreTheKernels() {
        IoPgtable pt = ipmmu();
        assertEquals(Errno.EINVAL, pt.map(0, 0, 0x2000, 1, RW)); // 8K is not a page size
        assertEquals(Errno.EINVAL, pt.map(0, 0, 0, 1, RW));
        assertEquals(Errno.ERANGE, pt.map(1L << 32, 0, 0x1000, 1, RW)); // beyond ias 32
        assertEquals(Errno.ERANGE, pt.map(0, 1L << 40, 0x1000, 1, RW)); // beyond oas 40
        assertEquals(Errno.EINVAL, pt.map(0, 0, 0x1000, 1, IommuProt.NOEXEC | IommuProt.CACHE)); // neither R nor W
        assertEquals(0, pt.map(0x20_0000L, 0x20_0000L, 0x20_0000L, 1, RW));
        assertEquals(Errno.EEXIST, pt.map(0x20_0000L, 0, 0x20_0000L, 1, RW)); // same block again
        assertEquals(Errno.EEXIST, pt.map(0x20_1000L, 0, 0x1000, 1, RW)); // page under a block
        assertEquals(0, pt.unmap(0x40_0000L, 0x1000, 1)); // nothing there
        assertEquals(0, pt.unmap(0, 0x3000, 1)); // not a page size
        assertEquals(0, pt.unmap(0x20_0000L, 0x20_0000L, 0)); // no pages
        assertTrue(log.warnings.size() >= 6);
    }

    @Test
    public void pgcountStopsAtTheEndOfATable() {
        IoPgtable pt = ipmmu();
        // 4 pages from L3 index 510: only 2 fit in this table; the caller (iommu_map) loops for the rest
        assertEquals(0, pt.map(0x1fe000L, 0x1000_0000L, 0x1000, 4, RW));
        assertEquals(0x2000, pt.mapped());
        assertEquals(0x1000_1000L, pt.iovaToPhys(0x1ff000L));
        assertEquals(0, pt.iovaToPhys(0x200000L));
        assertEquals(0x2000, pt.unmap(0x1fe000L, 0x1000, 4));
    }

    @Test
    public void blockOverTableFreesTheTable() {
        IoPgtable pt = ipmmu();
        assertEquals(0, pt.map(0x20_0000L, 0x30_0000L, 0x1000, 1, RW));
        log.tables.clear();
        assertEquals(0, pt.map(0x20_0000L, 0x40_0000L, 0x20_0000L, 1, RW));
        assertEquals(List.of(String.format("free L3 0x%x 0x1000", P2)), log.tables);
        assertEquals(List.of("flush_walk 0x200000 0x200000 0x1000"), tlb.calls);
        assertEquals(0x40_0123L, pt.iovaToPhys(0x20_0123L));
    }

    @Test
    public void freeReturnsEveryTable() {
        IoPgtable pt = ipmmu();
        pt.map(0x1000, 0x1000, 0x1000, 1, RW);
        pt.map(0x8000_0000L, 0x1000, 0x1000, 1, RW);
        assertEquals(5, alloc.liveBlocks());
        pt.free();
        assertEquals(0, alloc.liveBlocks());
        assertEquals(List.of("flush_all"), tlb.calls);
    }

    @Test
    public void stage2PteBitsAndConcatenatedPgd() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S2).ias(40).oas(48).build(),
                ram, alloc, tlb);
        IoPgtableConfig c = pt.cfg();
        // va_bits 28 -> 4 levels with a 1-bit pgd; 2 entries <= 16 so concatenated: start level 1, pgd 10 bits
        assertEquals(1, c.startLevel());
        assertEquals(10, c.pgdBits());
        // coherent: SH IS 3, RGN WBWA 1; SL0 = ~(1 + 1) & 3 = 1; PS for 48 bits = 5; T0SZ 24
        assertEquals(new IoPgtableConfig.LpaeS2Vtcr(5, 0, 3, 1, 1, 1, 24), c.vtcr());
        assertEquals(P0, c.ttbr());
        // pgd of 8K: the first level-2 table comes after it
        long l2 = RAM + 0x2000;
        long l3 = RAM + 0x3000;
        assertEquals(0, pt.map(0x80_4000_0000L, 0x1000_0000L, 0x1000, 1, RW | IommuProt.CACHE));
        // iova 0x80_4000_0000: level 1 index [39:30] = 0x201
        assertEquals(0x3L | l2, ram.read64(P0 + 0x201 * 8));
        // HAP_READ 0x40 | HAP_WRITE 0x80 | MEMATTR_OIWB 0xf<<2 | SH_IS 0x300 | AF 0x400 | page 3 = 0x7ff
        assertEquals(0x1000_07ffL, ram.read64(l3));
        assertEquals(0, pt.map(0x1000, 0xfe00_0000L, 0x1000, 1, IommuProt.READ | IommuProt.MMIO));
        // HAP_READ 0x40 | MEMATTR_DEV 1<<2 | SH_OS 0x200 | AF 0x400 | page 3 = 0x647
        long l3b = RAM + 0x5000;
        assertEquals(0xfe00_0647L, ram.read64(l3b + 8));
        assertEquals(0, pt.map(0x2000, 0x2000, 0x1000, 1, RW | IommuProt.NOEXEC));
        // XN 3<<53 | HAP rw 0xc0 | MEMATTR_NC 5<<2 | SH_OS 0x200 | AF 0x400 | page 3 = 0x6d7
        assertEquals(0x0060_0000_0000_26d7L, ram.read64(l3b + 16));
    }

    @Test
    public void granule64kPacksHighAddressBits() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S1)
                .pgsizeBitmap((1L << 42) | IoPgtableConfig.SZ_64K | IoPgtableConfig.SZ_512M).ias(48).oas(52).build(),
                ram, alloc, tlb);
        IoPgtableConfig c = pt.cfg();
        // oas > 48 with the 64K granule keeps the 4TB block size (1 << 42) the request asked for
        assertEquals((1L << 42) | (1L << 29) | (1L << 16), c.pgsizeBitmap());
        // va_bits 32, 13 bits per level: 3 levels from 1, pgd 6 bits; TG0 64K = 1, IPS 52 = 6, SH IS, WBWA
        assertEquals(1, c.startLevel());
        assertEquals(6, c.pgdBits());
        assertEquals(new IoPgtableConfig.LpaeS1Tcr(6, 1, 3, 1, 1, 16), c.tcr());
        long pa = 0x000f_0000_0001_0000L;
        assertEquals(0, pt.map(0x1_0000L, pa, 0x1_0000L, 1, IommuProt.READ));
        // pgd is a 512-byte table (one page), level 2 table 64K aligned at RAM + 0x10000, level 3 at + 0x20000
        long l3 = RAM + 0x2_0000L;
        // PA bits [51:48] = 0xf go to PTE bits [15:12]: address field 0x1f000;
        // nG 0x800 | AF 0x400 | SH_OS 0x200 | RDONLY 0x80 | UNPRIV 0x40 | page 3 = 0xec3
        assertEquals(0x1_fec3L, ram.read64(l3 + 8));
        assertEquals(pa + 0x1234, pt.iovaToPhys(0x1_1234L));
    }

    @Test
    public void granule64kDrops4TBlocksBelow52BitOutput() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S1)
                .pgsizeBitmap((1L << 42) | IoPgtableConfig.SZ_64K | IoPgtableConfig.SZ_512M).ias(48).oas(48).build(),
                ram, alloc, tlb);
        assertEquals((1L << 29) | (1L << 16), pt.cfg().pgsizeBitmap());
    }

    @Test
    public void stage1DirtyBitWithHdQuirk() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S1)
                .quirks(IoPgtableConfig.QUIRK_ARM_HD).ias(32).build(), ram, alloc, tlb);
        assertEquals(0, pt.map(0, 0x1000, 0x1000, 1, RW));
        // DBM 1<<51 | nG 0x800 | AF 0x400 | SH_OS 0x200 | UNPRIV 0x40 | page 3 = 0xe43
        assertEquals(0x0008_0000_0000_1e43L, ram.read64(RAM + 0x2000));
    }

    @Test(expected = IllegalArgumentException.class)
    public void lpae32RejectsWideIas() {
        IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_32_LPAE_S1).ias(33).build(), ram, alloc, tlb);
    }

    @Test
    public void stage2RejectsNsQuirkWithReason() {
        try {
            IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S2).quirks(IoPgtableConfig.QUIRK_ARM_NS)
                    .build(), ram, alloc, tlb);
        } catch (IllegalArgumentException e) {
            assertEquals("ARM_64_LPAE_S2 takes no quirks (the NS quirk doesn't apply at stage 2)", e.getMessage());
            return;
        }
        throw new AssertionError("alloc accepted a stage-2 quirk");
    }
}
