package org.dmaworkbench.emulation.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

public class EmulationSessionTest {

    /** A target doing {@code steps} steps of 1 µs, each one transfer of 64 bytes and one DMA-API event. */
    static final class CountingTarget implements SessionTarget {
        final long steps;
        final long errorAtStep;
        EventStream events;
        long done;
        long a;
        long b;
        boolean shutdown;

        CountingTarget(long steps, long errorAtStep) {
            this.steps = steps;
            this.errorAtStep = errorAtStep;
        }

        @Override
        public void attach(EventStream e) {
            events = e;
        }

        @Override
        public boolean step() {
            a++;
            done++;
            events.emit(EventKind.DMA_API, "e6700000.dma-controller", "dma_map_page", "step " + done, false);
            if (done == errorAtStep) {
                events.emit(EventKind.KERNEL_LOG, "e6e60000.serial", "dma-debug", "DMA-API: bug", true);
            }
            b++;
            return done < steps;
        }

        @Override
        public long nowNs() {
            return done * 1000;
        }

        @Override
        public long transfersCompleted() {
            return done;
        }

        @Override
        public SessionStatistics statistics(EventStream e) {
            return new SessionStatistics(nowNs(), Map.of("dmac0.ch0", done * 64), done, done, 0, 0, 0, 0, 0,
                    e.errorCount(), 0, e.total(), e.history().dropped(), e.errorCount());
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }
    }

    @Test
    public void runsUntilIdleAndCountsEverything() {
        CountingTarget t = new CountingTarget(1000, 0);
        EmulationSession s = new EmulationSession(t, StopCondition.WHEN_IDLE);
        SessionResult r = s.run(SessionMonitor.NONE);
        assertEquals(SessionResult.Status.COMPLETED, r.status());
        assertEquals("workload finished", r.reason());
        assertEquals(1_000_000, r.endTimeNs());
        assertEquals(64_000, r.statistics().bytesMoved());
        assertEquals(0, r.exitCode());
        assertTrue(t.shutdown);
        // start + 1000 steps + stop
        assertEquals(1002, s.events().total());
    }

    @Test
    public void listenersGetAllEventsInOrderInBoundedBatches() {
        CountingTarget t = new CountingTarget(1000, 0);
        EmulationSession s = new EmulationSession(t, StopCondition.WHEN_IDLE);
        List<SessionEvent> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        AtomicReference<SessionResult> finished = new AtomicReference<>();
        s.addListener(new SessionListener() {
            @Override
            public void eventsAppended(List<SessionEvent> batch) {
                sizes.add(batch.size());
                seen.addAll(batch);
            }

            @Override
            public void sessionFinished(SessionResult result) {
                finished.set(result);
            }
        });
        SessionResult r = s.run(SessionMonitor.NONE);
        assertEquals(1002, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).sequence());
        }
        assertTrue(sizes.stream().allMatch(n -> n > 0 && n <= 256));
        assertTrue("batched, not one call per event", sizes.size() < 20);
        assertEquals(r, finished.get());
    }

    @Test
    public void historyStaysBoundedOnLongRuns() {
        CountingTarget t = new CountingTarget(2_000_000, 0);
        EmulationSession s = new EmulationSession(t, StopCondition.WHEN_IDLE, 1000);
        s.run(SessionMonitor.NONE);
        List<SessionEvent> kept = s.events().history().snapshot();
        assertEquals(1000, kept.size());
        assertEquals(2_000_002 - 1000, s.events().history().dropped());
        assertEquals("session stopped: workload finished", kept.get(999).text());
        assertEquals(2_000_001, kept.get(999).sequence());
    }

    @Test
    public void stopsAtTheFirstErrorWhenAsked() {
        CountingTarget t = new CountingTarget(1000, 17);
        SessionResult r = new EmulationSession(t, new StopCondition(0, 0, true)).run(SessionMonitor.NONE);
        assertEquals(SessionResult.Status.STOPPED_ON_ERROR, r.status());
        assertEquals(17, t.done);
        assertEquals(1, r.statistics().dmaDebugErrors());
        assertEquals(1, r.exitCode());
    }

    @Test
    public void stopsAtVirtualTimeAndAtTransferCount() {
        CountingTarget t1 = new CountingTarget(1000, 0);
        SessionResult r1 = new EmulationSession(t1, new StopCondition(250_000, 0, false)).run(SessionMonitor.NONE);
        assertEquals("virtual time limit", r1.reason());
        assertEquals(250, t1.done);
        CountingTarget t2 = new CountingTarget(1000, 0);
        SessionResult r2 = new EmulationSession(t2, new StopCondition(0, 40, false)).run(SessionMonitor.NONE);
        assertEquals("transfer limit", r2.reason());
        assertEquals(40, t2.done);
    }

    @Test
    public void cancelStopsWithoutShutdownAndReportsProgress() {
        CountingTarget t = new CountingTarget(1_000_000, 0);
        EmulationSession s = new EmulationSession(t, new StopCondition(0, 1_000_000, false));
        List<Double> fractions = new ArrayList<>();
        SessionResult r = s.run(new SessionMonitor() {
            @Override
            public boolean isCanceled() {
                return t.done >= 500;
            }

            @Override
            public void progress(double fraction, String message) {
                fractions.add(fraction);
            }
        });
        assertEquals(SessionResult.Status.CANCELED, r.status());
        assertEquals(500, t.done);
        assertFalse(t.shutdown);
        assertEquals(0.000448, fractions.get(6), 1e-12);
        assertEquals(1.0, fractions.get(fractions.size() - 1), 0);
    }

    @Test
    public void queriesFromAnotherThreadSeeConsistentState() throws Exception {
        CountingTarget t = new CountingTarget(300_000, 0);
        EmulationSession s = new EmulationSession(t, StopCondition.WHEN_IDLE);
        Thread runner = new Thread(() -> s.run(SessionMonitor.NONE));
        runner.start();
        long queries = 0;
        while (s.result() == null) {
            long[] ab = s.query(x -> new long[] { ((CountingTarget) x).a, ((CountingTarget) x).b });
            assertEquals("torn read between two steps", ab[0], ab[1]);
            queries++;
        }
        runner.join();
        assertTrue(queries > 0);
        assertEquals(300_000, t.done);
    }
}
