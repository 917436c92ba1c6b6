package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker.Fault;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker.Result;
import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/** The hardware-style walk over tables io-pgtable wrote, with expected values derived from the descriptor formats. */
public class IoPgtableWalkerTest {
    private static final long RAM = 0x4000_0000L;
    private static final int RW = IommuProt.READ | IommuProt.WRITE;

    private SparseRam ram;
    private BumpPageAllocator alloc;
    private final Result r = new Result();

    @Before
    public void setUp() {
        ram = new SparseRam(RAM, 64L << 20);
        alloc = new BumpPageAllocator(ram, RAM, 64L << 20);
    }

    private IoPgtable ipmmu() {
        return IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), ram, alloc, null);
    }

    @Test
    public void ipmmuMmioPage() {
        IoPgtable pt = ipmmu();
        pt.map(0xffff_f000L, 0xe6e8_8000L, 0x1000, 1, RW | IommuProt.MMIO);
        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0xffff_f00cL, r));
        assertEquals(Fault.NONE, r.fault);
        assertEquals(0xe6e8_800cL, r.outputAddress);
        assertEquals(3, r.level);
        assertEquals(0x1000, r.blockSize);
        assertEquals(0xe6e8_8e6bL, r.pte);
        assertEquals(RAM + 0x2000 + 511 * 8, r.pteAddress);
        assertEquals(RW | IommuProt.MMIO, r.prot);
        assertTrue(r.ns);
        assertTrue(r.nsTable);
        assertTrue(r.accessFlag);
        assertEquals(3, r.steps);
        assertEquals(1, r.stepLevel[0]);
        assertEquals(3, r.stepIndex[0]);
        assertEquals(RAM, r.stepTable[0]);
        assertEquals(0x8080_0000_0000_0003L | (RAM + 0x1000), r.stepPte[0]);
    }

    @Test
    public void blockAndProtReadBack() {
        IoPgtable pt = ipmmu();
        pt.map(0x4000_0000L, 0x1_0000_0000L, 1L << 30, 1, IommuProt.READ | IommuProt.CACHE | IommuProt.PRIV);
        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x4123_4567L, r));
        assertEquals(1, r.level);
        assertEquals(1L << 30, r.blockSize);
        assertEquals(0x1_0123_4567L, r.outputAddress);
        assertEquals(IommuProt.READ | IommuProt.CACHE | IommuProt.PRIV, r.prot);
        assertFalse(r.nsTable); // no table on the way
    }

    @Test
    public void faults() {
        IoPgtable pt = ipmmu();
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x1000, r));
        assertEquals(Fault.TRANSLATION, r.fault);
        assertEquals(1, r.level);
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 1L << 32, r)); // beyond ias
        assertEquals(Fault.TRANSLATION, r.fault);
        assertEquals(0, r.steps);

        // a level-3 entry with the block encoding (01) is reserved
        pt.map(0x20_0000L, 0x20_0000L, 0x1000, 1, RW);
        long l3 = RAM + 0x2000;
        ram.write64(l3 + 8, 0x20_1000L | 0x401);
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x20_1000L, r));
        assertEquals(Fault.TRANSLATION, r.fault);
        assertEquals(3, r.level);
        assertEquals(l3 + 8, r.pteAddress);

        // a table beyond the 40-bit output size
        ram.write64(RAM + 8, (1L << 40) | 3);
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x4000_0000L, r));
        assertEquals(Fault.ADDRESS_SIZE, r.fault);
        assertEquals(1, r.level);

        // a table in no memory at all
        ram.write64(RAM + 8, 0x10_0000_0000L | 3);
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x4000_0000L, r));
        assertEquals(Fault.EXTERNAL_ABORT, r.fault);
        assertEquals(2, r.level);
        assertEquals(0x10_0000_0000L, r.pteAddress);
    }

    @Test
    public void blockAtLevelZeroIsAFault() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S1).ias(48).build(), ram,
                alloc, null);
        assertEquals(0, pt.cfg().startLevel());
        ram.write64(pt.pgd(), 0x401); // block encoding at level 0: not allowed with the 4K granule
        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x1234, r));
        assertEquals(Fault.TRANSLATION, r.fault);
        assertEquals(0, r.level);
    }

    @Test
    public void stage2ProtReadBack() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S2).ias(40).build(), ram,
                alloc, null);
        pt.map(0x1000, 0xfe00_0000L, 0x1000, 1, IommuProt.WRITE | IommuProt.MMIO | IommuProt.NOEXEC);
        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x1004, r));
        assertEquals(0xfe00_0004L, r.outputAddress);
        assertEquals(IommuProt.WRITE | IommuProt.MMIO | IommuProt.NOEXEC, r.prot);
    }

    @Test
    public void v7sAllFourSizes() {
        IoPgtable pt = IoPgtable.alloc(IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S)
                .quirks(IoPgtableConfig.QUIRK_ARM_NS).build(), ram, alloc, null);
        pt.map(0x0000_1000L, 0x8000_1000L, 0x1000, 1, IommuProt.READ);
        pt.map(0x0001_0000L, 0x8001_0000L, 0x1_0000L, 1, RW | IommuProt.NOEXEC);
        pt.map(0x0020_0000L, 0x8020_0000L, 1L << 20, 1, RW | IommuProt.CACHE);
        pt.map(0x0100_0000L, 0x9000_0000L, 1L << 24, 1, RW | IommuProt.MMIO | IommuProt.PRIV);

        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x1abc, r));
        assertEquals(0x8000_1abcL, r.outputAddress);
        assertEquals(2, r.level);
        assertEquals(0x1000, r.blockSize);
        assertEquals(IommuProt.READ, r.prot);
        assertTrue(r.nsTable);
        assertFalse(r.contiguous);

        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x1_fffcL, r));
        assertEquals(0x8001_fffcL, r.outputAddress);
        assertEquals(0x1_0000L, r.blockSize);
        assertTrue(r.contiguous);
        assertEquals(RW | IommuProt.NOEXEC, r.prot);

        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x2f_0000L, r));
        assertEquals(0x802f_0000L, r.outputAddress);
        assertEquals(1, r.level);
        assertEquals(1L << 20, r.blockSize);
        assertEquals(RW | IommuProt.CACHE, r.prot);
        assertTrue(r.ns);

        assertTrue(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x01ab_cdefL, r));
        assertEquals(0x90ab_cdefL, r.outputAddress);
        assertEquals(1L << 24, r.blockSize);
        assertTrue(r.contiguous);
        assertEquals(RW | IommuProt.MMIO | IommuProt.PRIV, r.prot);

        assertFalse(IoPgtableWalker.walk(ram, pt.cfg(), pt.pgd(), 0x3000, r));
        assertEquals(Fault.TRANSLATION, r.fault);
        assertEquals(2, r.level);
    }

    /** HotSpot's per-thread allocation counter, reached reflectively so an OSGi test runtime needs no import. */
    private static long allocatedBytes() {
        try {
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
            return (Long) m.invoke(ManagementFactory.getThreadMXBean(), Thread.currentThread().getId());
        } catch (ReflectiveOperationException | RuntimeException e) {
            Assume.assumeNoException("no per-thread allocation counter in this JVM", e);
            return 0;
        }
    }

    @Test
    public void walkAllocatesNothing() {
        IoPgtable pt = ipmmu();
        pt.map(0xffff_f000L, 0xe6e8_8000L, 0x1000, 1, RW | IommuProt.MMIO);
        IoPgtableConfig cfg = pt.cfg();
        long pgd = pt.pgd();
        for (int i = 0; i < 20_000; i++) {
            IoPgtableWalker.walk(ram, cfg, pgd, 0xffff_f000L + (i & 0xfff), r);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            IoPgtableWalker.walk(ram, cfg, pgd, 0xffff_f000L + (i & 0xfff), r);
        }
        long used = allocatedBytes() - before;
        // one object per walk would be at least 160000 bytes; allow for the measurement's own allocation
        assertTrue("walks allocated " + used + " bytes", used < 2048);
        assertEquals(0xe6e8_8000L + (9999 & 0xfff), r.outputAddress);
    }
}
