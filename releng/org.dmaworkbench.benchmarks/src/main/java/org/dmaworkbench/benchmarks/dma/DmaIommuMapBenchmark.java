package org.dmaworkbench.benchmarks.dma;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.DmaMapping;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuGroup;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole DMA-API path on arm64 with an IPMMU DMA domain: {@code dma_map_single} + {@code dma_mapping_error}
 * + {@code dma_unmap_single} of 4 KiB (IOVA from the rcache, LPAE PTE written to and cleared from emulated RAM,
 * TLB sync, dma-debug entry added and removed when on), and {@code dma_map_sg} + {@code dma_unmap_sg} of 64
 * discontiguous pages (64 granules: past the rcache, so the IOVA tree is used), with {@code live} other 4 KiB
 * mappings in place. Goal: the single pair under 100 ns with dma-debug on, no allocation on that path, cost
 * growing at most logarithmically from 1k to 1M live mappings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx3g" })
public class DmaIommuMapBenchmark {

    @Param({ "1000", "100000", "1000000" })
    public int live;

    @Param({ "true", "false" })
    public boolean debug;

    private KernelMemory mm;
    private DmaMapping api;
    private Device dev;
    private long buf;
    private Scatterlist[] sg;

    @Setup(Level.Trial)
    public void setUp() {
        // R-Car H3-like: 896 MiB at 0x48000000 and 4 GiB at 0x500000000 (room for 1M distinct live pages)
        SparseRam ram = new SparseRam(0x48000000L, 0x600000000L - 0x48000000L);
        mm = new KernelMemory(KernelArch.ARM64, ram,
                List.of(new MemoryRegion(0x48000000L, 0x38000000L), new MemoryRegion(0x500000000L, 0x100000000L)));
        api = new DmaMapping(mm, KernelProfile.V6_12);
        KernelCallStack stack = new KernelCallStack();
        if (debug) {
            api.setDmaDebug(new DmaDebug(mm, r -> {
            }, KernelProfile.V6_12, stack, 1 << 21));
        } else {
            api.setCallStack(stack);
        }
        IommuDomain domain = IommuDomain.ipmmu("bench", IommuDomain.Type.DMA, ram, mm.pageAllocator());
        dev = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        IommuGroup group = new IommuGroup(0);
        group.addDevice(dev);
        group.setDefaultDomain(domain);
        api.iommuSetupDmaOps(dev);
        stack.push("mmc_blk_mq_issue_rq");
        stack.push("renesas_sdhi_internal_dmac_map");
        for (int i = 0; i < live; i++) {
            long dma = api.dmaMapPage(dev, 0x500000000L + i * 0x1000L, 0, 0x1000, DmaDirection.FROM_DEVICE);
            if (api.dmaMappingError(dev, dma) != 0) {
                throw new IllegalStateException("live mapping " + i + " failed");
            }
        }
        buf = mm.kmalloc(4096);
        sg = new Scatterlist[64];
        for (int i = 0; i < sg.length; i++) {
            sg[i] = new Scatterlist(0x60000000L + i * 0x2000L, 0, 0x1000);
        }
    }

    @Benchmark
    public long mapUnmapSingle4k() {
        long dma = api.dmaMapSingle(dev, buf, 4096, DmaDirection.TO_DEVICE);
        if (api.dmaMappingError(dev, dma) != 0) {
            throw new IllegalStateException("map failed");
        }
        api.dmaUnmapSingle(dev, dma, 4096, DmaDirection.TO_DEVICE);
        return dma;
    }

    @Benchmark
    public int mapUnmapSg64() {
        int n = api.dmaMapSg(dev, sg, 64, DmaDirection.TO_DEVICE);
        if (n == 0) {
            throw new IllegalStateException("map_sg failed");
        }
        api.dmaUnmapSg(dev, sg, 64, DmaDirection.TO_DEVICE);
        return n + (sg[0].dmaAddress() == DmaAttrs.DMA_MAPPING_ERROR ? 1 : 0);
    }
}
