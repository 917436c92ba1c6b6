package org.dmaworkbench.emulation.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Cancel at any point leaves nothing behind: over rounds with cancel points drawn from a seeded {@link Random}, a
 * session (its scenario and board read from files, as a launch does) canceled from another thread after some events
 * or by its monitor at some step, and a replay of a capture file canceled after some characters, each on a worker
 * thread. After all rounds the JVM has the threads it had before (by identity) and as many open file descriptors
 * ({@code /proc/self/fd}), and every canceled run says so in its result.
 */
public class CancelLeaksTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final int ROUNDS = 36;
    private static final long DEADLINE_S = 60;

    private Path scenario;
    private Path capture;
    private long captureChars;

    @Test
    public void cancelAtRandomPointsLeavesNoThreadAndNoOpenFile() throws Exception {
        setUp();
        // one of each first: class loading opens the JVM's jar files once and keeps them open
        round(0, 1_000_000, new Random(1));
        round(2, 1_000_000, new Random(1));
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        long fdsBefore = openFds();
        Random rnd = new Random(18);
        int canceled = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int mode = i % 3;
            long point = switch (mode) {
                case 0 -> 1 + rnd.nextInt(4000); // events
                case 1 -> 1 + rnd.nextInt(3000); // monitor polls (steps)
                default -> 1 + (long) (rnd.nextDouble() * captureChars); // characters of the capture read
            };
            if (round(mode, point, rnd)) {
                canceled++;
            }
        }
        Set<Thread> after = new HashSet<>(Thread.getAllStackTraces().keySet());
        after.removeAll(threadsBefore);
        assertEquals("threads left: " + after, Set.of(), after);
        assertEquals(fdsBefore, openFds());
        // the cancel points do fall inside the runs
        assertTrue("canceled " + canceled + " of " + ROUNDS, canceled >= ROUNDS / 2);
    }

    private void setUp() throws IOException {
        Path dir = tmp.newFolder("project").toPath();
        for (String f : List.of("koelsch.dts", "r8a7791.dtsi")) {
            Files.writeString(dir.resolve(f), BuiltinBoards.resource(f).orElseThrow().text());
        }
        scenario = dir.resolve("long.dmascn");
        Files.writeString(scenario, "board = \"koelsch.dts\"\niommu ipmmu_ds = on\n"
                + "client uart0 { device = &scif0; tx text \"Hello from DMA Workbench\\n\" repeat 40 rate 4000000 }\n"
                + "client m { device = &dmac0; memcpy bytes 16KiB repeat 40 every 100us }\n");
        // a capture of 20,000 map/unmap pairs (include/trace/events/dma.h formats of Linux 6.12)
        capture = dir.resolve("capture.txt");
        try (Writer w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            w.write("# tracer: nop\n");
            for (int i = 0; i < 20_000; i++) {
                long iova = 0x10000000L + (i % 512) * 0x1000L;
                w.write(String.format("  sh-1 [000] .....  1.%06d: dma_map_page: e6e60000.serial dir=TO_DEVICE "
                        + "dma_addr=%x size=4096 phys_addr=%x attrs=%n", i, iova, 0x48000000L + i * 0x1000L));
                w.write(String.format("  sh-1 [000] .....  1.%06d: dma_unmap_page: e6e60000.serial dir=TO_DEVICE "
                        + "dma_addr=%x size=4096 attrs=%n", i, iova));
            }
        }
        captureChars = Files.size(capture);
    }

    /** One run canceled at {@code point}; @return whether it was canceled (rather than done first). */
    private boolean round(int mode, long point, Random rnd) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch reached = new CountDownLatch(1);
        Thread worker;
        EmulationSession[] session = new EmulationSession[1];
        TraceReplay[] replay = new TraceReplay[1];
        if (mode < 2) {
            LoadedScenario l = ScenarioLoader.load(scenario);
            assertTrue(l.formatDiagnostics(), l.ok());
            session[0] = new EmulationSession(ScenarioTarget.create(l), StopCondition.WHEN_IDLE, 1000);
            long[] seen = { 0 };
            session[0].addListener(batch -> {
                seen[0] += batch.size();
                if (seen[0] >= point) {
                    reached.countDown();
                }
            });
            long[] polls = { 0 };
            SessionMonitor monitor = mode == 1 ? new SessionMonitor() {
                @Override
                public boolean isCanceled() {
                    return ++polls[0] > point;
                }
            } : SessionMonitor.NONE;
            worker = new Thread(() -> {
                try {
                    outcome.set(session[0].run(monitor));
                } catch (Throwable t) {
                    outcome.set(t);
                } finally {
                    reached.countDown();
                }
            }, "session " + mode + "@" + point);
        } else {
            replay[0] = new TraceReplay();
            worker = new Thread(() -> {
                try (Reader in = new CountingReader(Files.newBufferedReader(capture), point, reached)) {
                    replay[0].replay(in, capture.toString());
                    outcome.set(replay[0].finish());
                } catch (Throwable t) {
                    outcome.set(t);
                } finally {
                    reached.countDown();
                }
            }, "replay@" + point);
        }
        worker.start();
        if (mode != 1) {
            assertTrue("cancel point not reached", reached.await(DEADLINE_S, TimeUnit.SECONDS));
            if (mode == 0) {
                session[0].cancel();
            } else {
                replay[0].cancel();
            }
        }
        worker.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        assertTrue(worker.getName() + " still runs", !worker.isAlive());
        Object o = outcome.get();
        if (o instanceof Throwable t) {
            throw new AssertionError(worker.getName(), t);
        }
        if (o instanceof SessionResult r) {
            assertTrue(r.reason(), r.status() == SessionResult.Status.CANCELED || r.status() == SessionResult.Status.COMPLETED);
            assertEquals(r.status() == SessionResult.Status.CANCELED, r.reason().equals("canceled"));
            return r.status() == SessionResult.Status.CANCELED;
        }
        ReplayResult r = (ReplayResult) o;
        boolean c = r.diagnostics().stream().anyMatch(d -> d.message().startsWith("replay canceled here"));
        assertEquals(replay[0].isCanceled() && r.stats().lines() < 40_001, c);
        return c;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Counts characters read and opens the latch once {@code point} were. */
    private static final class CountingReader extends FilterReader {
        private final long point;
        private final CountDownLatch reached;
        private long read;

        CountingReader(Reader in, long point, CountDownLatch reached) {
            super(in);
            this.point = point;
            this.reached = reached;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, (int) Math.min(len, 4096));
            if (n > 0 && (read += n) >= point) {
                reached.countDown();
            }
            return n;
        }
    }
}
