package org.dmaworkbench.benchmarks.pgtable;

import java.util.concurrent.TimeUnit;

import org.dmaworkbench.hw.iommu.pgtable.IommuIotlbGather;
import org.dmaworkbench.hw.iommu.pgtable.IommuProt;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * io-pgtable on the IPMMU's configuration (ARM_32_LPAE_S1, 4K, NS quirk, non-coherent walk): map + unmap of one
 * 4 KiB page, the software iova_to_phys(), and the hardware-style walk the IPMMU model uses. The level-2 and
 * level-3 tables of the 2 MiB window exercised are in place before measuring, so no table is allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IoPgtableBenchmark {
    private static final long MAP_WINDOW = 0x1000_0000L; // 2M window whose pages map+unmap cycles through
    private static final long LOOKUP_WINDOW = 0x2000_0000L; // 2M window of 512 mapped pages
    private static final int RW = IommuProt.READ | IommuProt.WRITE;

    private SparseRam ram;
    private IoPgtable pt;
    private IoPgtableConfig cfg;
    private final IommuIotlbGather gather = new IommuIotlbGather();
    private final IoPgtableWalker.Result result = new IoPgtableWalker.Result();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ram = new SparseRam(0x4000_0000L, 0x4000_0000L);
        pt = IoPgtable.alloc(IoPgtableConfig.ipmmuVmsa(), ram, new BumpPageAllocator(ram, 0x4000_0000L, 64L << 20), null);
        cfg = pt.cfg();
        // keep one page mapped in the map window so its level-3 table never goes away
        check(pt.map(MAP_WINDOW + 0x1f_f000L, 0x7000_0000L, 0x1000, 1, RW));
        check(pt.map(LOOKUP_WINDOW, 0x6000_0000L, 0x1000, 512, RW | IommuProt.MMIO));
    }

    private static void check(int ret) {
        if (ret != 0) {
            throw new IllegalStateException("setup map failed: " + ret);
        }
    }

    /** map_pages + unmap_pages of one 4K page, cycling over 511 IOVAs of one level-3 table. */
    @Benchmark
    public long mapUnmap4K() {
        long iova = MAP_WINDOW + ((long) (next++ % 511) << 12);
        int ret = pt.map(iova, 0x8000_0000L + (iova & 0x1f_ffffL), 0x1000, 1, RW);
        return ret + pt.unmap(iova, 0x1000, 1, gather);
    }

    /** The software walk (arm_lpae_iova_to_phys) over three levels. */
    @Benchmark
    public long iovaToPhys() {
        return pt.iovaToPhys(LOOKUP_WINDOW + ((long) (next++ & 511) << 12) + 0x10);
    }

    /** The hardware-style walk with full descriptor checks and attribute decoding. */
    @Benchmark
    public long hardwareWalk() {
        IoPgtableWalker.walk(ram, cfg, pt.pgd(), LOOKUP_WINDOW + ((long) (next++ & 511) << 12) + 0x10, result);
        return result.outputAddress;
    }
}
