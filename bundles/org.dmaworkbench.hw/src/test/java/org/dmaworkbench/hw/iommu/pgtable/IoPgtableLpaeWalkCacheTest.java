package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Before;
import org.junit.Test;

/**
 * io-pgtable remembers the last-level table it walked to, and skips re-reading the upper levels while the RAM is
 * unchanged. These tests store into the tables behind its back and check that map, unmap and iova_to_phys then
 * behave as the kernel's walk from the pgd does (arm_lpae_iova_to_phys / __arm_lpae_map / __arm_lpae_unmap read
 * every level every time).
 * <p>
 * IPMMU configuration (ARM_32_LPAE_S1, 4K, NS): levels 1..3; for IOVA 0x1000_3000 the level-1 index is bits
 * [31:30] = 0, level 2 bits [29:21] = 0x80, level 3 bits [20:12] = 3. Tables come from a bump allocator:
 * pgd at RAM, then level-2 at RAM + 0x1000, level-3 at RAM + 0x2000.
 */
public class IoPgtableLpaeWalkCacheTest {
    private static final long RAM = 0x4_8000_0000L;
    private static final long L2 = RAM + 0x1000;
    private static final long L3 = RAM + 0x2000;
    private static final long IOVA = 0x1000_3000L;
    private static final int RW = IommuProt.READ | IommuProt.WRITE;
    /** nG 0x800 | AF 0x400 | SH_OS 0x200 | AP_UNPRIV 0x40 | NS 0x20 | page 3, AttrIndx 0 (non-cacheable) */
    private static final long LEAF_BITS = 0xe63L;

    private SparseRam ram;
    private IoPgtable pt;

    @Before
    public void setUp() {
        ram = new SparseRam(RAM, 16L << 20);
        pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), ram, new BumpPageAllocator(ram, RAM, 16L << 20), null);
    }

    @Test
    public void ownStoresKeepTranslationsExact() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        assertEquals(0x7000_0123L, pt.iovaToPhys(IOVA + 0x123));
        assertEquals(0x1000, pt.unmap(IOVA, 0x1000, 1));
        assertEquals(0, pt.iovaToPhys(IOVA));
        assertEquals(0, pt.map(IOVA, 0x7100_0000L, 0x1000, 1, RW));
        assertEquals(0x7100_0000L, pt.iovaToPhys(IOVA));
        // the leaf went where the walk from the pgd leads: level-3 table entry 3
        assertEquals(0x7100_0000L | LEAF_BITS, ram.read64(L3 + 8 * 3));
    }

    @Test
    public void foreignStoreToAnUpperLevelIsSeen() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        assertEquals(0x7000_0000L, pt.iovaToPhys(IOVA));
        // a second level-3 table at RAM + 0x8000 mapping entry 3 to 0x7200_0000, and the level-2 entry 0x80
        // repointed to it (table type 3 | NSTABLE bit 63), as a stray DMA write into the tables would do
        long other = RAM + 0x8000;
        ram.write64(other + 8 * 3, 0x7200_0000L | LEAF_BITS);
        ram.write64(L2 + 8 * 0x80, 0x8000_0000_0000_0003L | other);
        assertEquals(0x7200_0000L, pt.iovaToPhys(IOVA));
        // unmap follows the new pointer too: it clears the entry in the other table, not in the old one
        assertEquals(0x1000, pt.unmap(IOVA, 0x1000, 1));
        assertEquals(0, ram.read64(other + 8 * 3));
        assertEquals(0x7000_0000L | LEAF_BITS, ram.read64(L3 + 8 * 3));
    }

    @Test
    public void foreignStoreToTheLeafIsSeen() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        assertEquals(0x7000_0000L, pt.iovaToPhys(IOVA)); // the entry just written and read back
        ram.write64(L3 + 8 * 3, 0x7300_0000L | LEAF_BITS);
        assertEquals(0x7300_0000L, pt.iovaToPhys(IOVA));
        ram.write64(L3 + 8 * 3, 0);
        assertEquals(0, pt.unmap(IOVA, 0x1000, 1)); // the kernel finds the entry empty and unmaps nothing
        assertEquals(0, pt.map(IOVA, 0x7400_0000L, 0x1000, 1, RW)); // and the slot is free again
        assertEquals(0x7400_0000L | LEAF_BITS, ram.read64(L3 + 8 * 3));
    }

    /**
     * A walk that stops at an empty entry must not leave the cache of another region with the upper-level entries
     * of the failed walk: our own later store to the cached region's level-1 entry (a 1 GiB block replacing its
     * table) has to be recognised as hitting the cached walk.
     */
    @Test
    public void aFailedWalkDoesNotCorruptTheCachedOne() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        // level-1 entry 1 gets a level-2 table whose entry for 0x4060_0000 stays empty
        assertEquals(0, pt.map(0x4000_0000L, 0x7100_0000L, 0x1000, 1, RW));
        assertEquals(0x1000, pt.unmap(0x4000_0000L, 0x1000, 1));
        assertEquals(0x7000_0000L, pt.iovaToPhys(IOVA)); // caches the walk to IOVA's level-3 table
        assertEquals(0, pt.iovaToPhys(0x4060_0000L)); // walks level 1 entry 1, stops at an empty level-2 entry
        // a 1 GiB block over IOVA's whole level-1 entry: the kernel frees the tables below it first
        assertEquals(0, pt.map(0, 0x8000_0000L, 0x4000_0000L, 1, RW));
        assertEquals(0x8000_0000L + IOVA + 0x10, pt.iovaToPhys(IOVA + 0x10));
    }

    /**
     * A corrupt level-2 entry pointing at its own table makes that page both the walk's level-2 table and its
     * last-level table: clearing "a leaf" there clears the entry the cached walk rests on.
     */
    @Test
    public void ownStoreToTheWalkInsideTheLeafPageIsSeen() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        ram.write64(L2 + 8 * 0x80, 0x8000_0000_0000_0003L | L2); // level-2 entry 0x80 -> its own table
        ram.write64(L2 + 8 * 3, 0x7600_0000L | LEAF_BITS); // read as IOVA's leaf through that loop
        assertEquals(0x7600_0000L, pt.iovaToPhys(IOVA));
        // IOVA 0x1008_0000 has leaf index 0x80: its "leaf" is the looping entry itself
        assertEquals(0x1000, pt.unmap(0x1008_0000L, 0x1000, 1));
        assertEquals(0, ram.read64(L2 + 8 * 0x80));
        assertEquals(0, pt.iovaToPhys(IOVA)); // the kernel's walk now stops at the cleared level-2 entry
    }

    @Test
    public void foreignStoreEmptyingAnUpperLevelIsSeen() {
        assertEquals(0, pt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        assertEquals(0x7000_0000L, pt.iovaToPhys(IOVA));
        ram.write64(RAM, 0); // level-1 entry 0 cleared
        assertEquals(0, pt.iovaToPhys(IOVA));
        assertEquals(0, pt.unmap(IOVA, 0x1000, 1)); // nothing mapped there any more
    }

    @Test
    public void tablesBehindABusAreWalkedTheSame() {
        Bus bus = new Bus();
        SparseRam busRam = new SparseRam(RAM, 16L << 20);
        bus.addRam("dram", busRam);
        bus.addMmio("regs", 0xe600_0000L, 0x1000, new MmioDevice() {
            @Override
            public long mmioRead(long offset, int size) {
                return 0;
            }

            @Override
            public void mmioWrite(long offset, int size, long value) {
            }
        });
        IoPgtable bpt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), bus,
                new BumpPageAllocator(busRam, RAM, 16L << 20), null);
        assertEquals(0, bpt.map(IOVA, 0x7000_0000L, 0x1000, 1, RW));
        assertEquals(0x7000_0000L, bpt.iovaToPhys(IOVA));
        // a store straight into the RAM object, not through the bus, is seen as well
        busRam.write64(L2 + 8 * 0x80, 0);
        assertEquals(0, bpt.iovaToPhys(IOVA));
    }
}
