package org.dmaworkbench.benchmarks.skeleton;

import java.util.concurrent.TimeUnit;

import org.dmaworkbench.emulation.SkeletonRun;
import org.dmaworkbench.hw.mem.SparseRam;
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

/** The walking skeleton's emulated memcpy, and the sparse RAM it runs on, against a plain byte array copy. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class SkeletonRunBenchmark {
    @Param({ "65536" })
    int bytes;

    private SparseRam ram;
    private byte[] burst;
    private byte[] src;
    private byte[] dst;

    @Setup(Level.Trial)
    public void setUp() {
        ram = new SparseRam(0x4000_0000L, 0x4000_0000L);
        burst = new byte[64];
        src = new byte[bytes];
        dst = new byte[bytes];
        ram.write(0x4010_0000L, src, 0, bytes);
    }

    @Benchmark
    public SkeletonRun.Result skeletonRun() {
        return SkeletonRun.run(bytes);
    }

    /** 64-byte bursts between two warm regions of sparse RAM: the raw cost of emulated memory traffic. */
    @Benchmark
    public int sparseRamBurstCopy() {
        for (int done = 0; done < bytes; done += 64) {
            ram.read(0x4010_0000L + done, burst, 0, 64);
            ram.write(0x4020_0000L + done, burst, 0, 64);
        }
        return burst[0];
    }

    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(src, 0, dst, 0, bytes);
        return dst;
    }
}
