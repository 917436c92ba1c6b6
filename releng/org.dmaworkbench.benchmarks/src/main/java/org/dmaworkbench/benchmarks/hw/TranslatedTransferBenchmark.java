package org.dmaworkbench.benchmarks.hw;

import java.util.concurrent.TimeUnit;

import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.IommuAccess;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.time.VirtualClock;
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
 * Emulated DMA throughput through the IPMMU against plain {@link System#arraycopy} of the same bytes.
 * <ul>
 * <li>{@code translatedTransfer}: a SYS-DMAC memcpy of {@value #BYTES} bytes in 64-byte units (TS_64B)
 * from IOVA 0x1000_0000 to IOVA 0x2000_0000, both mapped with 4 KiB LPAE pages to scattered physical
 * pages, run to completion on the virtual clock. The TLB holds every page (warm after the first op).</li>
 * <li>{@code arraycopy}: System.arraycopy of {@value #BYTES} bytes between two Java arrays.</li>
 * <li>{@code walkCold} / {@code walkWarm}: one IPMMU translation after a TLB flush (a 3-level table walk
 * reading descriptors from emulated RAM) and one that hits the TLB.</li>
 * </ul>
 * Page tables are written by hand (LPAE long descriptors: table 0b11 with NSTable, page 0b11 with AF, NS).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TranslatedTransferBenchmark {
    static final int BYTES = 256 * 1024;
    private static final long SRC_IOVA = 0x1000_0000L;
    private static final long DST_IOVA = 0x2000_0000L;
    private static final long PGD = 0x4100_0000L;
    private static final long PAGE_RW = 0xf67;
    private static final long TABLE = 0x8000_0000_0000_0003L;

    private Bus bus;
    private Ipmmu mmu;
    private RcarDmac dmac;
    private VirtualClock clock;
    private long ch;
    private final byte[] a = new byte[BYTES];
    private final byte[] b = new byte[BYTES];
    private long nextTable = PGD + 0x1000;
    private int walkPage;

    @Setup(Level.Trial)
    public void setUp() {
        bus = new Bus();
        bus.addRam("ram", new SparseRam(0x4000_0000L, 0x4000_0000L));
        mmu = new Ipmmu("ipmmu", IpmmuFeatures.DEFAULT, bus, 1024);
        clock = new VirtualClock();
        dmac = new RcarDmac("dmac", 15, bus, clock);
        dmac.setIommu(1, mmu, 1);
        int pages = BYTES / 4096;
        for (int i = 0; i < pages; i++) {
            // scatter: source pages every 3rd page from 0x5000_0000, destination every 5th from 0x6000_0000
            map(SRC_IOVA + i * 4096L, 0x5000_0000L + i * 3L * 4096);
            map(DST_IOVA + i * 4096L, 0x6000_0000L + i * 5L * 4096);
            for (int j = 0; j < 4096; j += 8) {
                bus.write64(0x5000_0000L + i * 3L * 4096 + j, i * 4096L + j);
            }
        }
        mmu.writeContextRegister(0, Ipmmu.IMTTLBR0, (int) PGD);
        mmu.writeContextRegister(0, Ipmmu.IMTTBCR, Ipmmu.IMTTBCR_EAE | Ipmmu.IMTTBCR_SL0_LVL_1);
        mmu.writeContextRegister(0, Ipmmu.IMCTR, Ipmmu.IMCTR_INTEN | Ipmmu.IMCTR_FLUSH | Ipmmu.IMCTR_MMUEN);
        mmu.writeImuctr(1, Ipmmu.IMUCTR_FLUSH | Ipmmu.IMUCTR_MMUEN);
        dmac.mmioWrite(RcarDmac.RCAR_DMAOR, 2, RcarDmac.RCAR_DMAOR_DME);
        ch = dmac.channelRegisterOffset(1);
        for (int i = 0; i < BYTES; i++) {
            a[i] = (byte) i;
        }
        translatedTransfer();
        if (bus.read64(0x6000_0000L + 7 * 5L * 4096 + 8) != 7 * 4096L + 8 || mmu.faultCount() != 0) {
            throw new IllegalStateException("benchmark transfer did not copy the data");
        }
    }

    private long table(long entryAddr) {
        long d = bus.read64(entryAddr);
        if ((d & 3) == 3) {
            return d & 0xff_ffff_f000L;
        }
        long t = nextTable;
        nextTable += 0x1000;
        bus.write64(entryAddr, TABLE | t);
        return t;
    }

    private void map(long iova, long pa) {
        long l2 = table(PGD + ((iova >>> 30) & 3) * 8);
        long l3 = table(l2 + ((iova >>> 21) & 0x1ff) * 8);
        bus.write64(l3 + ((iova >>> 12) & 0x1ff) * 8, pa | PAGE_RW);
    }

    @Benchmark
    public long translatedTransfer() {
        dmac.mmioWrite(ch + 0x00, 4, SRC_IOVA);
        dmac.mmioWrite(ch + 0x04, 4, DST_IOVA);
        dmac.mmioWrite(ch + 0x08, 4, BYTES / 64);
        // DM_INC | SM_INC | RS_AUTO | TS_64B | DE
        dmac.mmioWrite(ch + 0x0c, 4, 0x0010_5409L);
        clock.runUntilIdle(Long.MAX_VALUE);
        long chcr = dmac.mmioRead(ch + 0x0c, 4);
        dmac.mmioWrite(ch + 0x0c, 4, chcr & ~3L);
        return chcr;
    }

    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(a, 0, b, 0, BYTES);
        return b;
    }

    @Benchmark
    public long walkCold() {
        mmu.tlb().flushAll();
        walkPage = (walkPage + 1) & 63;
        return mmu.translate(1, SRC_IOVA + walkPage * 4096L + 0x40, IommuAccess.READ);
    }

    @Benchmark
    public long walkWarm() {
        walkPage = (walkPage + 1) & 63;
        return mmu.translate(1, SRC_IOVA + walkPage * 4096L + 0x40, IommuAccess.READ);
    }
}
