package org.dmaworkbench.benchmarks.dmaengine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.dmaengine.OfDmaSpec;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
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
 * A 4 KiB MEM_TO_DEV slave transfer on Koelsch's SYS-DMAC 0 behind the IPMMU, through the whole kernel model:
 * {@code dmaengine_prep_slave_sg()} (FIFO mapping re-used, chunking), {@code dmaengine_submit()},
 * {@code dma_async_issue_pending()} (registers over the bus), the hardware run in virtual time with every access
 * translated by the IPMMU, the channel interrupt and its thread, and the completion callback. The peripheral's
 * request line always asks for data (an ideal FIFO at SCIF0's address), so the figure is the emulator's cost, not
 * a UART's pace. Result: transfers per second of host time, with dma-debug on and off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SlaveTransferBenchmark {
    private static final String KOELSCH_IPMMU_DMAC0 = "#include \"arm/renesas/r8a7791-koelsch.dts\"\n"
            + "&ipmmu_ds { status = \"okay\"; };\n"
            + "&dmac0 { iommus = <&ipmmu_ds 0>, <&ipmmu_ds 1>, <&ipmmu_ds 2>, <&ipmmu_ds 3>, <&ipmmu_ds 4>,\n"
            + " <&ipmmu_ds 5>, <&ipmmu_ds 6>, <&ipmmu_ds 7>, <&ipmmu_ds 8>, <&ipmmu_ds 9>, <&ipmmu_ds 10>,\n"
            + " <&ipmmu_ds 11>, <&ipmmu_ds 12>, <&ipmmu_ds 13>, <&ipmmu_ds 14>; };\n";

    @Param({"true", "false"})
    public boolean dmaDebug;

    private Machine m;
    private DmaChan chan;
    private long buf;
    private final int[] done = new int[1];
    private final Runnable callback = () -> done[0]++;

    static Path includePrefixes() {
        String prop = System.getProperty("dmaworkbench.shared");
        if (prop != null) {
            return Path.of(prop).resolve("linux-dts/include-prefixes");
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/linux-dts/include-prefixes");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared/linux-dts not found; set -Ddmaworkbench.shared=DIR");
    }

    @Setup(Level.Trial)
    public void setUp() {
        Platform p = PlatformBuilder.build("koelsch-ipmmu-dmac0.dts", KOELSCH_IPMMU_DMAC0,
                IncludeResolver.directories(List.of(includePrefixes()))).platform().orElseThrow();
        m = Machine.boot(p, null, new MachineOptions().dmaDebug(dmaDebug));
        RcarDmac hw = p.dmac("dmac0").orElseThrow();
        hw.connectRequester(0x29, (midRid, unit) -> 1 << 20);
        chan = m.rcarDmac("dmac0").orElseThrow().engine()
                .ofDmaXlate(new OfDmaSpec("tx", "/soc/dma-controller@e6700000", new int[] {0x29}));
        chan.slaveConfig(new DmaSlaveConfig().dstAddr(0xe6e6_000cL).dstAddrWidth(DmaSlaveBuswidth.BYTES_1));
        Device dev = chan.dmaDev();
        long page = m.memory().virtToPhys(m.memory().getFreePages(0));
        buf = m.dma().dmaMapPage(dev, page, 0, 4096, DmaDirection.TO_DEVICE);
    }

    @Benchmark
    public int prepSubmitComplete() {
        Scatterlist[] sgl = Scatterlist.table(1);
        sgl[0].setDma(buf, 4096);
        DmaAsyncTxDescriptor tx = DmaEngine.dmaenginePrepSlaveSg(chan, sgl, 1, DmaTransferDirection.MEM_TO_DEV,
                DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
        tx.setCallback(callback);
        int want = done[0] + 1;
        int cookie = DmaEngine.dmaengineSubmit(tx);
        DmaEngine.dmaAsyncIssuePending(chan);
        if (!m.runUntil(() -> done[0] == want, m.clock().now() + VirtualClock.PS_PER_SECOND)) {
            throw new IllegalStateException("transfer did not complete");
        }
        return cookie;
    }
}
