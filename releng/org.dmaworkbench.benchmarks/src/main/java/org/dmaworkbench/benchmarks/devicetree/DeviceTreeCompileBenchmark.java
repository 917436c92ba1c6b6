package org.dmaworkbench.benchmarks.devicetree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.SourceFile;
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
 * Preprocess + parse + DTB write of arm64/renesas/r8a77951-salvator-x.dts (about 104 KB after cpp), warm and
 * in-process, against the kernel pipeline on the same file: cpp | dtc -O dtb, and dtc alone on the
 * preprocessed text. The Linux trees come from shared/linux-dts (system property dmaworkbench.shared, else
 * found walking up from the working directory). Run with -prof gc for the allocation per compile.
 * <p>
 * One run, before and after the allocation work (same machine, same settings -f 1 -wi 4 -w 2 -i 5 -r 2 -prof gc,
 * machine shared and noisy, so the times carry large errors): oursCachedIncludes 15.1 ± 20.1 ms and
 * 8,163,683 B/op before, 8.5 ± 2.5 ms and 3,598,838 B/op after; oursFromDisk 29.7 ± 66.4 ms and 8,393,838 B/op
 * before, 18.2 ± 15.9 ms and 3,602,711 B/op after (included files now come from the shared file cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeviceTreeCompileBenchmark {
    private Path prefixes;
    private Path board;
    private Path preprocessed;
    private String boardText;
    private IncludeResolver cached;

    @Setup(Level.Trial)
    public void setup() throws IOException, InterruptedException {
        Path shared = null;
        String prop = System.getProperty("dmaworkbench.shared");
        if (prop != null) {
            shared = Path.of(prop);
        } else {
            for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("shared/linux-dts"))) {
                    shared = d.resolve("shared");
                    break;
                }
            }
        }
        if (shared == null) {
            throw new IllegalStateException("shared/linux-dts not found; set -Ddmaworkbench.shared=DIR");
        }
        prefixes = shared.resolve("linux-dts/include-prefixes");
        board = prefixes.resolve("arm64/renesas/r8a77951-salvator-x.dts");
        boardText = Files.readString(board, StandardCharsets.ISO_8859_1);
        IncludeResolver disk = IncludeResolver.directories(List.of(prefixes));
        Map<String, Optional<SourceFile>> cache = new HashMap<>();
        cached = (name, angled, including) -> cache.computeIfAbsent(name + '\0' + angled + '\0' + including,
                k -> disk.resolve(name, angled, including));
        preprocessed = Files.createTempFile("salvator-x", ".dts.pp");
        exec(List.of("cpp", "-nostdinc", "-I", prefixes.toString(), "-undef", "-D__DTS__", "-x",
                "assembler-with-cpp", board.toString(), "-o", preprocessed.toString()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(preprocessed);
    }

    private static int exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + rc);
        }
        return rc;
    }

    /** Ours, include files cached in memory (the editor's reparse case). */
    @Benchmark
    public byte[] oursCachedIncludes() {
        CompileResult r = DeviceTreeCompiler.compile(board.toString(), boardText, cached);
        return r.toDtb();
    }

    /** Ours, reading the board and every include from disk. */
    @Benchmark
    public byte[] oursFromDisk() {
        return DeviceTreeCompiler.compile(board, List.of(prefixes)).toDtb();
    }

    /** The kernel's pipeline: cpp, then dtc -O dtb on its output. */
    @Benchmark
    public int cppThenDtc() throws IOException, InterruptedException {
        Path pp = Files.createTempFile("bench", ".pp");
        try {
            exec(List.of("cpp", "-nostdinc", "-I", prefixes.toString(), "-undef", "-D__DTS__", "-x",
                    "assembler-with-cpp", board.toString(), "-o", pp.toString()));
            return exec(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "/dev/null", pp.toString()));
        } finally {
            Files.deleteIfExists(pp);
        }
    }

    /** dtc alone on the already preprocessed text. */
    @Benchmark
    public int dtcAlone() throws IOException, InterruptedException {
        return exec(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "/dev/null", preprocessed.toString()));
    }
}
