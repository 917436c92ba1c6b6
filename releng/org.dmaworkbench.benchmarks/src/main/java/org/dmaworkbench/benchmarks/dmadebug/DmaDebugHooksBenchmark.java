package org.dmaworkbench.benchmarks.dmadebug;

import java.util.concurrent.TimeUnit;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelMemoryLayout;
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
 * The dma-debug share of "dma_map_single + dma_unmap_single of 4 KiB": the hooks dma_map_single_attrs(),
 * dma_mapping_error() and dma_unmap_single_attrs() call in 6.12 (debug_dma_map_single, debug_dma_map_page,
 * debug_dma_mapping_error, debug_dma_unmap_page), with {@code live} other mappings tracked. The buffer is
 * DMA_FROM_DEVICE so the cacheline tracking is exercised too. Goal: under 100 ns per pair, no allocation
 * (check with {@code -prof gc}), at most logarithmic growth from 1k to 1M live mappings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx2g" })
public class DmaDebugHooksBenchmark {
    static final long PAGE_OFFSET = 0xffff000000000000L;
    static final long PHYS_OFFSET = 0x40000000L;

    /** Linear map over a large RAM, vmapped stack (arm64 default) that never matches. */
    static final class Layout implements KernelMemoryLayout {
        @Override
        public long pageAddress(long phys) {
            return PAGE_OFFSET + phys - PHYS_OFFSET;
        }

        @Override
        public boolean isStackAddress(long virt) {
            return false;
        }

        @Override
        public boolean isVmallocAddress(long virt) {
            return virt >= 0xffff800000000000L && virt < 0xfffffc0000000000L;
        }

        @Override
        public long textStart() {
            return 0xffff800080010000L;
        }

        @Override
        public long textEnd() {
            return 0xffff800081000000L;
        }

        @Override
        public long rodataStart() {
            return 0xffff800081000000L;
        }

        @Override
        public long rodataEnd() {
            return 0xffff800081800000L;
        }

        @Override
        public boolean isRam(long phys) {
            return phys >= PHYS_OFFSET;
        }

        @Override
        public long virtToPhys(long virt) {
            return virt - PAGE_OFFSET + PHYS_OFFSET;
        }

        @Override
        public boolean virtAddrValid(long virt) {
            return virt < 0xffff800000000000L && virt >= PAGE_OFFSET;
        }

        @Override
        public boolean isStackVmapped() {
            return true;
        }
    }

    @Param({ "1000", "100000", "1000000" })
    public int live;

    @Param({ "true", "false" })
    public boolean enabled;

    private DmaDebug debug;
    private Device dev;
    private long phys;
    private long dma;

    @Setup(Level.Trial)
    public void setUp() {
        KernelCallStack stack = new KernelCallStack();
        debug = new DmaDebug(new Layout(), r -> {
        }, KernelProfile.V6_12, stack);
        dev = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        stack.push("mmc_blk_mq_issue_rq");
        stack.push("renesas_sdhi_internal_dmac_map");
        stack.push("dma_map_page_attrs");
        // live mappings: 4 KiB each, IOVAs from 4 GiB upwards, distinct pages
        for (int i = 0; i < live; i++) {
            long a = 0x100000000L + i * 0x1000L;
            debug.debugDmaMapPage(dev, 0x100000000L + i * 0x1000L, 0, 0x1000, DmaDirection.FROM_DEVICE, a, 0);
            debug.debugDmaMappingError(dev, a);
        }
        phys = 0x48000000L;
        dma = 0xfffff000L;
        debug.setDisabled(!enabled);
    }

    @Benchmark
    public int mapUnmapPair() {
        DmaDebug d = debug;
        d.debugDmaMapSingle(dev, PAGE_OFFSET + phys - PHYS_OFFSET, 0x1000);
        d.debugDmaMapPage(dev, phys, 0, 0x1000, DmaDirection.FROM_DEVICE, dma, 0);
        d.debugDmaMappingError(dev, dma);
        d.debugDmaUnmapPage(dev, dma, 0x1000, DmaDirection.FROM_DEVICE);
        return d.liveEntries();
    }
}
