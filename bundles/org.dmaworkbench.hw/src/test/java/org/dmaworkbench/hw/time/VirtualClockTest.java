package org.dmaworkbench.hw.time;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class VirtualClockTest {

    private static List<String> scenario() {
        VirtualClock clock = new VirtualClock();
        List<String> timeline = new ArrayList<>();
        clock.addTracer(e -> timeline.add(e.time() + ":" + e.label()));
        clock.schedule(300, "c", () -> { });
        clock.schedule(100, "a", () -> clock.schedule(200, "a2", () -> { }));
        clock.schedule(300, "d", () -> { });
        clock.schedule(0, "zero", () -> { });
        clock.runUntilIdle(100);
        return timeline;
    }

    @Test
    public void eventsRunInTimestampOrderThenSchedulingOrder() {
        // a2 is scheduled at 100 + 200 = 300, after c and d were scheduled for 300
        assertEquals(List.of("0:zero", "100:a", "300:c", "300:d", "300:a2"), scenario());
    }

    @Test
    public void sameInputGivesSameTimeline() {
        assertEquals(scenario(), scenario());
    }

    @Test
    public void cancelledEventsDoNotRunAndRunUntilStopsAtTheDeadline() {
        VirtualClock clock = new VirtualClock();
        int[] ran = new int[1];
        VirtualClock.Event e = clock.schedule(50, "x", () -> ran[0] += 1);
        clock.schedule(70, "y", () -> ran[0] += 10);
        clock.schedule(5_000, "z", () -> ran[0] += 100);
        e.cancel();
        clock.runUntil(1_000);
        assertEquals(10, ran[0]);
        assertEquals(1_000, clock.now());
        assertFalse(clock.runUntil(() -> ran[0] > 100, 4_999));
        assertTrue(clock.runUntil(() -> ran[0] > 100, 5_000));
        assertEquals(5_000, clock.now());
        assertEquals(2, clock.executedEvents());
    }

    @Test(expected = IllegalArgumentException.class)
    public void schedulingInThePastIsRejected() {
        VirtualClock clock = new VirtualClock();
        clock.runUntil(10);
        clock.scheduleAt(5, "late", () -> { });
    }
}
