package org.dmaworkbench.emulation.inspect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.dmaworkbench.emulation.live.LiveStateConfig;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.TransferStatus;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.junit.Test;

/**
 * The timeline's level of detail: a synthetic timeline of 100,000 runs on two channels, each run 1 us long and one
 * starting every 2 us per channel (a 50 % duty cycle), binned from the runs and from the summary.
 */
public class TimelineSummaryTest {
    private static final int RUNS = 100_000;

    private static LiveStateSnapshot timeline() {
        LiveStateModel m = LiveStateModel.forTransfers(LiveStateConfig.DEFAULT, "synthetic");
        for (int i = 0; i < RUNS; i++) {
            long start = 2_000L * (i / 2);
            m.recordTransfer("e6700000.dma-controller.ch" + (i & 1), (i & 1) == 0 ? "e6e60000.serial" : "",
                    DmaTransferDirection.MEM_TO_DEV, start, start + 1_000, 64, 0x4000_0000L, 0xe6e6_000cL,
                    i == 777 ? TransferStatus.ERROR : TransferStatus.COMPLETE);
        }
        return m.snapshot();
    }

    @Test
    public void wideWindowsBinTheSameFromTheSummaryAsFromTheRuns() {
        LiveStateSnapshot s = timeline();
        TimelineLayout layout = TimelineLayout.of(s);
        assertEquals(2, layout.lanes().size());
        // 50,000 runs per channel, the last starting at 99.998 ms and ending at 99.999 ms
        assertEquals(0, layout.startNs());
        assertEquals(99_999_000L, layout.endNs());
        TimelineSummary sum = TimelineSummary.of(s.transfers(), layout.laneOfChannel(), 2, layout.startNs(),
                layout.endNs(), s.timeNs());
        int cols = 100;
        assertTrue(sum.covers(layout.startNs(), layout.endNs(), cols));
        TimelineBins.Lane[] fromSummary = sum.bins(layout.startNs(), layout.endNs(), cols);
        TimelineBins.Lane[] fromRuns = TimelineBins.transfers(s.transfers(), layout.laneOfChannel(), 2,
                layout.startNs(), layout.endNs(), s.timeNs(), cols);
        for (int l = 0; l < 2; l++) {
            // every run once, with its 64 bytes
            assertEquals(RUNS / 2, Arrays.stream(fromSummary[l].count()).sum());
            assertEquals(64L * RUNS / 2, Arrays.stream(fromSummary[l].bytes()).sum());
            assertEquals(64L * RUNS / 2, Arrays.stream(fromRuns[l].bytes()).sum());
            assertNull(fromSummary[l].rows());
            assertNull(fromRuns[l].rows()); // 50,000 runs: too many to list
            for (int c = 0; c < cols; c++) {
                // a 1 us run every 2 us: half of each column busy (to a bucket's rounding)
                assertEquals(0.5, fromSummary[l].busy()[c], 0.01);
                assertEquals(0.5, fromRuns[l].busy()[c], 0.01);
            }
        }
        // run 777 (channel 1, started at 776 us) ended with an error: column 0 of lane 1 shows it, in both
        assertTrue(fromSummary[1].error()[0]);
        assertTrue(fromRuns[1].error()[0]);
        assertEquals(1, java.util.stream.IntStream.range(0, cols).filter(c -> fromSummary[1].error()[c]).count());
        assertEquals(0, java.util.stream.IntStream.range(0, cols).filter(c -> fromSummary[0].error()[c]).count());
    }

    @Test
    public void narrowWindowsListTheirRuns() {
        LiveStateSnapshot s = timeline();
        TimelineLayout layout = TimelineLayout.of(s);
        TimelineSummary sum = TimelineSummary.of(s.transfers(), layout.laneOfChannel(), 2, layout.startNs(),
                layout.endNs(), s.timeNs());
        // 10 us from 50 ms: five runs per channel start in it (every 2 us), none before overlaps it
        long from = 50_000_000L;
        assertTrue(!sum.covers(from, from + 10_000, 1000));
        TimelineBins.Lane[] bins = TimelineBins.transfers(s.transfers(), layout.laneOfChannel(), 2, from,
                from + 10_000, s.timeNs(), 1000);
        for (int l = 0; l < 2; l++) {
            assertNotNull(bins[l].rows());
            assertEquals(5, bins[l].rows().length);
            for (int r : bins[l].rows()) {
                assertTrue(s.transfers().startNs(r) >= from && s.transfers().startNs(r) < from + 10_000);
            }
        }
    }
}
