package org.dmaworkbench.hw.iommu.pgtable;

import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_16M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_1G;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_4K;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.List;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Before;
import org.junit.Test;

/**
 * The v7s short-descriptor format: a port of arm_v7s_do_selftests() (drivers/iommu/io-pgtable-arm-v7s.c, Linux 6.12)
 * with the same configuration, sequence and checks, then exact PTE and register values derived by hand from the
 * ARM_V7S_* bit definitions of the same file.
 */
public class IoPgtableV7sTest {
    private static final long RAM = 0x4000_0000L;
    private static final long PGD = RAM; // 16K level-1 table, the first allocation
    private static final long L2A = RAM + 0x4000; // first 1K level-2 table
    private static final int RW = IommuProt.READ | IommuProt.WRITE;

    private SparseRam ram;
    private BumpPageAllocator alloc;
    private RecordingFlushOps tlb;
    private PteLog log;

    @Before
    public void setUp() {
        ram = new SparseRam(RAM, 16L << 20);
        alloc = new BumpPageAllocator(ram, RAM, 16L << 20);
        tlb = new RecordingFlushOps(0);
        log = new PteLog();
    }

    private IoPgtable selftestTable() {
        IoPgtableConfig cfg = IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S).oas(32).ias(32).coherentWalk(true)
                .quirks(IoPgtableConfig.QUIRK_ARM_NS).pgsizeBitmap(SZ_4K | (1L << 16) | (1L << 20) | SZ_16M).build();
        IoPgtable pt = IoPgtable.alloc(cfg, ram, alloc, tlb);
        tlb.pgsizeBitmap = pt.cfg().pgsizeBitmap();
        pt.addObserver(log);
        return pt;
    }

    @Test
    public void kernelSelfTest() {
        IoPgtable ops = selftestTable();
        long bitmap = ops.cfg().pgsizeBitmap();

        // empty page tables shouldn't provide any translations
        assertEquals(0, ops.iovaToPhys(42));
        assertEquals(0, ops.iovaToPhys(SZ_1G + 42));
        assertEquals(0, ops.iovaToPhys(2 * SZ_1G + 42));

        // distinct mappings of different granule sizes
        long iova = 0;
        int loopnr = 0;
        for (long size : IoPgtableLpaeSelfTest.sizes(bitmap)) {
            assertEquals("map 0x" + Long.toHexString(size), 0, ops.map(iova, iova, size, 1,
                    RW | IommuProt.NOEXEC | IommuProt.CACHE));
            // overlapping mappings
            assertNotEquals(0, ops.map(iova, iova + size, size, 1, IommuProt.READ | IommuProt.NOEXEC));
            assertEquals(iova + 42, ops.iovaToPhys(iova + 42));
            iova += SZ_16M;
            loopnr++;
        }

        // partial unmap
        long size = Long.lowestOneBit(bitmap);
        for (int i = 1; i < loopnr; i++) {
            long iovaStart = i * SZ_16M;
            assertEquals("partial unmap " + i, size, ops.unmap(iovaStart + size, size, 1, null));
            // remap of partial unmap
            assertEquals(0, ops.map(iovaStart + size, size, size, 1, IommuProt.READ));
            assertEquals(size + 42, ops.iovaToPhys(iovaStart + size + 42));
        }

        // full unmap
        iova = 0;
        for (long sz : IoPgtableLpaeSelfTest.sizes(bitmap)) {
            assertEquals("unmap 0x" + Long.toHexString(sz), sz, ops.unmap(iova, sz, 1, null));
            assertEquals(0, ops.iovaToPhys(iova + 42));
            // remap full block
            assertEquals(0, ops.map(iova, iova, sz, 1, IommuProt.WRITE));
            assertEquals(iova + 42, ops.iovaToPhys(iova + 42));
            iova += SZ_16M;
        }

        ops.free();
        assertEquals(List.of(), tlb.violations);
        assertEquals(0, alloc.liveBlocks());
    }

    @Test
    public void configOutputs() {
        IoPgtable pt = selftestTable();
        IoPgtableConfig c = pt.cfg();
        assertEquals(SZ_16M | 0x10_0000L | 0x1_0000L | SZ_4K, c.pgsizeBitmap());
        // PRRR: TR1 device (1<<2) | TR4 normal (2<<8) | TR7 normal (2<<14) | DS0 | DS1 | NS1 | NOS7 (bit 31)
        assertEquals(0x800b_8204, c.prrr());
        // NMRR: IR7 = OR7 = WBWA (1 at bits 14 and 30)
        assertEquals(0x4000_4000, c.nmrr());
        assertEquals(0, c.v7sTcr());
        // coherent: S (bit 1) | NOS (bit 5) | IRGN WBWA (bit 6) | ORGN WBWA (1 << 3)
        assertEquals(PGD | 0x6a, c.ttbr());
        assertEquals(PGD, pt.pgd());

        IoPgtable nc = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S).coherentWalk(false).build(),
                ram, alloc, tlb);
        assertEquals(nc.pgd() | 0x2, nc.cfg().ttbr());
    }

    @Test
    public void sectionCachedNoexecWithNs() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0x0200_0000L, 0x0200_0000L, 1L << 20, 1, RW | IommuProt.NOEXEC | IommuProt.CACHE));
        // attr (nG 0x80 | S 0x40 | TEX1 0x4 | AF 0x1 | UNPRIV 0x2 = 0xc7) << 10 = 0x31c00;
        // XN(1) bit 4 | B|C 0xc | section 0x2 | NS_SECTION bit 19 -> 0xb1c1e
        assertEquals(List.of(String.format("L1[32]@0x%x 0x0 -> 0x20b1c1e", PGD)), log.writes);
        assertEquals(0x020b_1c1e, ram.read32(PGD + 32 * 4));
    }

    @Test
    public void mmioAndReadOnlyPages() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0xffff_f000L, 0xe6e8_8000L, SZ_4K, 1, RW | IommuProt.MMIO));
        // table entry: L2 address | type 1 | NS_TABLE bit 3
        assertEquals((int) (L2A | 0x9), ram.read32(PGD + 4095 * 4));
        // attr (nG|S 0xc0 | AF|UNPRIV 0x3, no TEX for MMIO) << 4 = 0xc30 | B 0x4 | small page 0x2
        assertEquals(0xe6e8_8c36, ram.read32(L2A + 255 * 4));
        assertEquals(0, pt.map(0xffff_e000L, 0x1000_0000L, SZ_4K, 1, IommuProt.READ));
        // attr (0xc0 | TEX1 0x4 | AF|UNPRIV 0x3 | AP2 rdonly 0x20 = 0xe7) << 4 | small page 0x2
        assertEquals(0x1000_0e72, ram.read32(L2A + 254 * 4));
        assertEquals(0xe6e8_8010L, pt.iovaToPhys(0xffff_f010L));
    }

    @Test
    public void largePageIsSixteenContiguousEntries() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0x1_0000L, 0x4001_0000L, 1L << 16, 1, RW | IommuProt.NOEXEC | IommuProt.CACHE));
        // small page would be 0xc70 | XN bit 0 | B|C 0xc | 0x2 = 0xc7f; large: XN moves to bit 15, TEX (0x40) to
        // bits 14:12 (0x1000), type 0x1: 0xc3c | 0x8000 | 0x1000 | 0x1 = 0x9c3d
        for (int i = 16; i < 32; i++) {
            assertEquals("entry " + i, 0x4001_9c3d, ram.read32(L2A + i * 4));
        }
        assertEquals(0x4001_fedcL, pt.iovaToPhys(0x1_fedcL));
        // unmapping one 4K page splits the group into 16 small pages first
        log.writes.clear();
        assertEquals(SZ_4K, pt.unmap(0x1_3000L, SZ_4K, 1));
        assertEquals(17, log.writes.size());
        assertEquals(0x4001_0c7f, ram.read32(L2A + 16 * 4));
        assertEquals(0x4001_fc7f, ram.read32(L2A + 31 * 4));
        assertEquals(0, ram.read32(L2A + 19 * 4));
        assertEquals(List.of("flush_walk 0x13000 0x10000 0x10000", "add_page 0x13000 0x1000"), tlb.calls);
    }

    @Test
    public void supersection() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0x0300_0000L, 0x0500_0000L, SZ_16M, 1, RW));
        // section 0xc7 << 10 | 0x2 | NS 0x80000 = 0xb1c02, plus CONT_SECTION bit 18 = 0xf1c02
        for (int i = 48; i < 64; i++) {
            assertEquals(0x050f_1c02, ram.read32(PGD + i * 4));
        }
        assertEquals(0x05ab_cdefL, pt.iovaToPhys(0x03ab_cdefL));
        assertEquals(SZ_16M, pt.unmap(0x0300_0000L, SZ_16M, 1));
        assertEquals(0, pt.iovaToPhys(0x03ab_cdefL));
    }

    /**
     * arm_v7s_split_blk_unmap() in 6.12 builds the level-2 entries from the attributes and i * size alone, so the
     * rest of a split section translates to physical 0 + offset rather than to the section's address.
     */
    @Test
    public void splittingASectionLosesItsAddressAsIn612() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0x10_0000L, 0x4000_0000L, 1L << 20, 1, RW));
        assertEquals(SZ_4K, pt.unmap(0x10_1000L, SZ_4K, 1));
        // prot read|write (unpriv, TEX1, no C) at level 2: 0xc7 << 4 | 0x2 = 0xc72, address i * 4K
        assertEquals(0x0000_0c72, ram.read32(L2A));
        assertEquals(0, ram.read32(L2A + 4));
        assertEquals(0x0000_2c72, ram.read32(L2A + 8));
        assertEquals(0x2abcL, pt.iovaToPhys(0x10_2abcL));
        // the level-1 entry became a table with NS_TABLE
        assertEquals((int) (L2A | 0x9), ram.read32(PGD + 4));
    }

    @Test
    public void errors() {
        IoPgtable pt = selftestTable();
        assertEquals(Errno.ERANGE, pt.map(1L << 32, 0, SZ_4K, 1, RW));
        assertEquals(Errno.EINVAL, pt.map(0, 0, SZ_4K, 1, IommuProt.CACHE));
        assertEquals(Errno.EINVAL, pt.map(0, 0, SZ_4K, 0, RW)); // no pages: the loop never runs
        assertEquals(0, pt.map(0, 0, 1L << 20, 1, RW));
        assertEquals(Errno.EEXIST, pt.map(0x1000, 0, SZ_4K, 1, RW));
        assertEquals(0, pt.unmap(0x20_0000L, SZ_4K, 1));
        assertEquals(0, pt.unmap(1L << 32, SZ_4K, 1));
    }

    @Test
    public void outOfTableMemoryIsEnomemAndTablesMustSitBelow4G() {
        BumpPageAllocator tiny = new BumpPageAllocator(ram, RAM, 0x4000); // the 16K level-1 table only
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S).build(), ram, tiny, tlb);
        assertEquals(Errno.ENOMEM, pt.map(0x1000, 0x1000, SZ_4K, 1, RW));
        assertEquals(0, pt.map(0x10_0000L, 0x10_0000L, 1L << 20, 1, RW)); // a section needs no table

        SparseRam high = new SparseRam(0x1_0000_0000L, 1L << 20);
        try {
            IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S).build(), high,
                    new BumpPageAllocator(high, high.base(), high.size()), tlb);
            throw new AssertionError("accepted a level-1 table above 4G");
        } catch (IllegalStateException e) {
            assertEquals("ARM_V7S: page table does not fit in PTE: 0x100000000", e.getMessage());
        }
    }

    @Test
    public void mapPagesLoopsOverPgcount() {
        IoPgtable pt = selftestTable();
        assertEquals(0, pt.map(0x1000, 0x9000_0000L, SZ_4K, 3, RW));
        assertEquals(3 * SZ_4K, pt.mapped());
        assertEquals(0x9000_2008L, pt.iovaToPhys(0x3008));
        assertEquals(3 * SZ_4K, pt.unmap(0x1000, SZ_4K, 5)); // stops at the first hole
    }
}
