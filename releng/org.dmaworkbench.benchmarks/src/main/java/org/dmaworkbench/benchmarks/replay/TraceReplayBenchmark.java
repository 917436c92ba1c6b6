package org.dmaworkbench.benchmarks.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay speed of a 1-million-line ftrace capture (parse + dma-debug checks), read from a file: a realistic mix
 * of dma_map_page/unmap_page (about 1000 mappings live), sync_single, dma_map_sg/sync_sg/unmap_sg, map_resource,
 * coherent alloc/free, and noise (sched_switch events, function_graph lines, comments). Goal: at least 1 million
 * lines per second, i.e. under 1000 ms per operation. {@link #main(String[])} measures the peak heap of one replay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
public class TraceReplayBenchmark {
    public static final int LINES = 1_000_000;
    static final int LIVE = 1000;

    Path capture;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        capture = Files.createTempFile("dmawb-replay-bench", ".txt");
        try (Writer w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            generate(w, LINES);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(capture);
    }

    @Benchmark
    public long replay() throws IOException {
        return replayOnce(capture).stats().dmaEvents();
    }

    static ReplayResult replayOnce(Path file) throws IOException {
        TraceReplay r = new TraceReplay().setDriverName("e6e60000.serial", "sh-sci")
                .setDriverName("ee100000.mmc", "renesas_sdhi_internal_dmac")
                .setDriverName("e6700000.dma-controller", "rcar-dmac");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.replay(in, file.toString());
        }
        return r.setLeakCheck(false).finish();
    }

    private static String prefix(String comm, int pid, int cpu, long us) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = comm.length(); i < 16; i++) {
            sb.append(' ');
        }
        sb.append(comm).append('-').append(pid);
        for (int i = Integer.toString(pid).length(); i < 7; i++) {
            sb.append(' ');
        }
        sb.append(" [00").append(cpu).append("] ..... ");
        String s = Long.toString(us / 1_000_000);
        for (int i = s.length(); i < 5; i++) {
            sb.append(' ');
        }
        String f = Long.toString(us % 1_000_000);
        sb.append(s).append('.').append("000000", 0, 6 - f.length()).append(f).append(": ");
        return sb.toString();
    }

    /** Writes a capture of exactly {@code lines} lines. */
    static void generate(Writer out, int lines) throws IOException {
        BufferedWriter w = out instanceof BufferedWriter ? (BufferedWriter) out : new BufferedWriter(out);
        int n = 0;
        w.write("# tracer: nop\n#\n");
        n += 2;
        long us = 100_000_000L;
        for (long k = 0; n < lines; k++) {
            String[] batch = new String[10];
            int b = 0;
            long slot = k % (2 * LIVE);
            long dma = 0x100000000L + slot * 0x1000;
            long phys = 0x48000000L + slot * 0x1000;
            if (k >= LIVE) {
                long old = 0x100000000L + ((k - LIVE) % (2 * LIVE)) * 0x1000;
                batch[b++] = prefix("kworker/0:1", 23, 0, us++) + "dma_unmap_page: e6e60000.serial dir=BIDIRECTIONAL "
                        + "dma_addr=" + Long.toHexString(old) + " size=4096 attrs=";
            }
            batch[b++] = prefix("kworker/0:1", 23, 0, us++) + "dma_map_page: e6e60000.serial dir=BIDIRECTIONAL "
                    + "dma_addr=" + Long.toHexString(dma) + " size=4096 phys_addr=" + Long.toHexString(phys)
                    + " attrs=";
            if (k % 4 == 0) {
                batch[b++] = prefix("kworker/0:1", 23, 0, us++) + "dma_sync_single_for_cpu: e6e60000.serial "
                        + "dir=BIDIRECTIONAL dma_addr=" + Long.toHexString(dma) + " size=2048";
            }
            if (k % 8 == 0) {
                long sgPhys = 0x60000000L + (k % 4096) * 0x4000;
                String p = "phys_addrs={0x" + Long.toHexString(sgPhys) + ",0x" + Long.toHexString(sgPhys + 0x1000)
                        + ",0x" + Long.toHexString(sgPhys + 0x3000) + "}";
                batch[b++] = prefix("kworker/u4:2", 77, 1, us++) + "dma_map_sg: ee100000.mmc dir=FROM_DEVICE "
                        + "nents=3/3 ents=2/2 dma_addrs={0xfff10000,0xfff12000} sizes={0x2000,0x1000} " + p
                        + " attrs=";
                batch[b++] = prefix("kworker/u4:2", 77, 1, us++) + "dma_sync_sg_for_cpu: ee100000.mmc "
                        + "dir=FROM_DEVICE dma_addrs={0xfff10000,0xfff12000,0xffffffffffffffff} "
                        + "sizes={0x2000,0x1000,0x0}";
                batch[b++] = prefix("kworker/u4:2", 77, 1, us++) + "dma_unmap_sg: ee100000.mmc dir=FROM_DEVICE " + p
                        + " attrs=";
            }
            if (k % 5 == 0) {
                batch[b++] = prefix("bash", 301, 1, us++) + "sched_switch: prev_comm=bash prev_pid=301 "
                        + "prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120";
            }
            if (k % 7 == 0) {
                batch[b++] = " 1)   0.250 us    |  dma_direct_map_page();";
            }
            if (k % 50 == 0) {
                batch[b++] = prefix("irq/36-e6700000", 88, 1, us++) + "dma_map_resource: e6700000.dma-controller "
                        + "dir=BIDIRECTIONAL dma_addr=fe000030 size=4 phys_addr=e6e60030 attrs=SKIP_CPU_SYNC";
                batch[b++] = prefix("irq/36-e6700000", 88, 1, us++) + "dma_unmap_resource: e6700000.dma-controller "
                        + "dir=BIDIRECTIONAL dma_addr=fe000030 size=4 attrs=SKIP_CPU_SYNC";
            }
            for (int i = 0; i < b && n < lines; i++, n++) {
                w.write(batch[i]);
                w.write('\n');
            }
        }
        w.flush();
    }

    /** Peak heap of one replay of the 1M-line capture: {@code java -cp ... TraceReplayBenchmark}. */
    public static void main(String[] args) throws IOException {
        Path f = Files.createTempFile("dmawb-replay-heap", ".txt");
        try {
            try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                generate(w, LINES);
            }
            replayOnce(f); // warm up
            System.gc();
            long before = used();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
            long t0 = System.nanoTime();
            ReplayResult r = replayOnce(f);
            long t1 = System.nanoTime();
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            System.gc();
            long after = used();
            System.out.printf("lines=%d dmaEvents=%d findings=%d live=%d time=%.0f ms (%.2f M lines/s)%n",
                    r.stats().lines(), r.stats().dmaEvents(), r.findings().size(), r.liveMappings().size(),
                    (t1 - t0) / 1e6, r.stats().lines() / ((t1 - t0) / 1e9) / 1e6);
            System.out.printf("heap: used before %.1f MiB, sum of pool peaks during %.1f MiB, retained after GC "
                    + "%.1f MiB%n", before / 1048576.0, peak / 1048576.0, after / 1048576.0);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
