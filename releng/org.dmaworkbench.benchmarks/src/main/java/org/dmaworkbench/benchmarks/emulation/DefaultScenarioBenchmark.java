package org.dmaworkbench.benchmarks.emulation;

import java.util.concurrent.TimeUnit;

import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The built-in default scenario (SCIF0 greeting through DMAC0 behind the IPMMU while SDHI0 reads) run end to
 * end: board build, kernel boot, workloads, unbind. The {@code dmaApiCalls} counter gives emulated DMA-API calls
 * (maps + unmaps, incl. coherent alloc/free) per second of host time; {@code runs} the whole scenarios per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DefaultScenarioBenchmark {
    private LoadedScenario loaded;

    /** Per-iteration counters JMH reports as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Calls {
        public long dmaApiCalls;

        @Setup(Level.Iteration)
        public void reset() {
            dmaApiCalls = 0;
        }
    }

    @Setup(Level.Trial)
    public void load() {
        loaded = ScenarioLoader.loadDefault();
        if (!loaded.ok()) {
            throw new IllegalStateException(loaded.formatDiagnostics());
        }
    }

    @Benchmark
    public SessionResult defaultScenario(Calls calls) throws Exception {
        EmulationSession s = new EmulationSession(ScenarioTarget.create(loaded), StopCondition.WHEN_IDLE, 4096);
        SessionResult r = s.run(SessionMonitor.NONE);
        calls.dmaApiCalls += r.statistics().mapCalls() + r.statistics().unmapCalls();
        return r;
    }
}
