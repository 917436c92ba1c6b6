package org.dmaworkbench.tests.common.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Replays a committed fuzz corpus (the seeds and every input a fuzzing run found a bug with) through a fuzz target's
 * {@code fuzzerTestOneInput(byte[])}, the method Jazzer calls, as the normal test run's regression check. Each input
 * runs on a fresh worker thread with the JVM's default stack, as an editor's reconciler or a launch job would; the
 * caller waits for it on a latch with a deadline, so a hang is reported with the worker's stack instead of blocking
 * the build. Whatever the target lets escape is a finding: the targets catch the project's own diagnostic types
 * themselves and throw {@link FuzzFinding} for a budget overrun or an internal-error diagnostic.
 */
public final class CorpusReplay {

    /** The method under test, as Jazzer calls it. */
    @FunctionalInterface
    public interface Target {
        void fuzzerTestOneInput(byte[] data) throws Exception;
    }

    /** What a replay found: how many inputs ran, and one line (with a stack) per failing input. */
    public record Result(int inputs, List<String> failures, long slowestNs, String slowestInput) {
        /** The failures as one text for an assertion message. */
        public String report() {
            return inputs + " inputs, " + failures.size() + " failing:\n" + String.join("\n", failures);
        }
    }

    private CorpusReplay() {
    }

    /** Runs every regular file in {@code dir} (sorted by name) through {@code target}. */
    public static Result run(Path dir, Target target, long deadlineSeconds) {
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        String slowestName = "";
        for (Path p : inputs) {
            byte[] data;
            try {
                data = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long t0 = System.nanoTime();
            String failure = runOne(p.getFileName().toString(), data, target, deadlineSeconds);
            long t = System.nanoTime() - t0;
            if (t > slowest) {
                slowest = t;
                slowestName = p.getFileName().toString();
            }
            if (failure != null) {
                failures.add(failure);
            }
        }
        return new Result(inputs.size(), failures, slowest, slowestName);
    }

    /** @return null when the input passed, else what went wrong */
    public static String runOne(String name, byte[] data, Target target, long deadlineSeconds) {
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                target.fuzzerTestOneInput(data);
            } catch (Throwable t) {
                thrown[0] = t;
            } finally {
                done.countDown();
            }
        }, "fuzz-replay " + name);
        worker.setDaemon(true);
        worker.start();
        boolean finished;
        try {
            finished = done.await(deadlineSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            return name + ": interrupted";
        }
        if (!finished) {
            StringBuilder sb = new StringBuilder(name + ": hang, no result after " + deadlineSeconds + " s, at:");
            for (StackTraceElement e : worker.getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
            worker.interrupt();
            return sb.toString();
        }
        if (thrown[0] != null) {
            StringWriter w = new StringWriter();
            thrown[0].printStackTrace(new PrintWriter(w));
            String stack = w.toString();
            // the top of the stack is enough to find the place; a StackOverflowError's is thousands of frames
            String[] lines = stack.split("\n");
            if (lines.length > 25) {
                stack = String.join("\n", java.util.Arrays.copyOf(lines, 25)) + "\n\t...";
            }
            return name + ": " + stack;
        }
        return null;
    }

    /**
     * Replays files through a target class and prints, per file, the outcome, the time and the bytes allocated:
     * {@code java ... CorpusReplay TARGET_CLASS FILE...} ({@code releng/scripts/fuzz TARGET --replay FILE...}).
     */
    public static void main(String[] args) throws Exception {
        java.lang.reflect.Method m = Class.forName(args[0]).getMethod("fuzzerTestOneInput", byte[].class);
        Target t = data -> {
            try {
                m.invoke(null, (Object) data);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw (Error) e.getCause();
            }
        };
        int failed = 0;
        for (int i = 1; i < args.length; i++) {
            byte[] data = Files.readAllBytes(Path.of(args[i]));
            long[] alloc = new long[1];
            long t0 = System.nanoTime();
            String f = runOne(args[i], data, d -> {
                long a0 = Budget.allocated();
                try {
                    t.fuzzerTestOneInput(d);
                } finally {
                    alloc[0] = Budget.allocated() - a0;
                }
            }, 600);
            System.out.printf("%s: %s, %.1f ms, %d KiB allocated%n", args[i], f == null ? "ok" : "FAILED",
                    (System.nanoTime() - t0) / 1e6, alloc[0] >> 10);
            if (f != null) {
                System.out.println(f);
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
