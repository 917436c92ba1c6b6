package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

/**
 * Replay of hand-written captures in the real 6.12 format. Expected messages are dma-debug's texts of
 * kernel/dma/debug.c filled in by hand for the values in the capture.
 */
public class TraceReplayCaptureTest {

    static Reader resource(String name) {
        return new InputStreamReader(TraceReplayCaptureTest.class.getResourceAsStream("/replay/" + name),
                StandardCharsets.UTF_8);
    }

    private static ReplayResult noisy() throws IOException {
        TraceReplay r = new TraceReplay().setDriverName("e6e60000.serial", "sh-sci")
                .setDriverName("ee100000.mmc", "renesas_sdhi_internal_dmac");
        try (Reader in = resource("noisy_board_capture.txt")) {
            r.replay(in, "noisy_board_capture.txt");
        }
        return r.finish();
    }

    @Test
    public void findingsOfTheNoisyCaptureCarryDmaDebugTextsAndLines() throws IOException {
        List<Finding> f = noisy().findings();
        String[][] expected = {
                { "15", "FREE_DIFFERENT_SIZE", "DMA-API: sh-sci e6e60000.serial: device driver frees DMA memory with "
                        + "different size [device address=0x00000000fff00000] [map size=4096 bytes] "
                        + "[unmap size=2048 bytes]" },
                { "16", "FREE_NOT_ALLOCATED", "DMA-API: sh-sci e6e60000.serial: device driver tries to free DMA "
                        + "memory it has not allocated [device address=0x00000000fff40000] [size=64 bytes]" },
                { "20", "SYNC_DIFFERENT_DIRECTION", "DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device "
                        + "driver syncs DMA memory with different direction [device address=0x00000000fff10000] "
                        + "[size=8192 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]" },
                { "24", "FREE_NOT_ALLOCATED", "DMA-API: sh-sci e6e60000.serial: device driver tries to free DMA "
                        + "memory it has not allocated [device address=0x00000000fff00000] [size=4096 bytes]" },
                { "26", "UNMAP_SG_NOT_MAPPED", "DMA-API: renesas_sdhi_internal_dmac ee100000.mmc: device driver "
                        + "tries to free DMA memory it has not allocated [sg list at phys_addr=0x0000000049000000] "
                        + "[nents=1] (no dma_map_sg of it in the capture)" },
                { "27", "IO_PAGE_FAULT",
                        "IOMMU fault: rcar-dmac e6700000.dma-controller iova=0x00000000fe000040 flags=0x0001" },
                { "29", "FREE_DIFFERENT_CPU_ADDRESS", "DMA-API: sh-sci e6e60000.serial: device driver frees DMA "
                        + "memory with different CPU address [device address=0x00000000fff80000] [size=8192 bytes] "
                        + "[cpu alloc address=0x0xffff000012340000] [cpu free address=0x0xffff000012350000]" },
                { "0", "PENDING_AT_UNBIND", "DMA-API: platform e6700000.dma-controller: device driver has pending "
                        + "DMA allocations while released from device [count=1]\nOne of leaked entries details: "
                        + "[device address=0x00000000fe000030] [size=4 bytes] [mapped with DMA_BIDIRECTIONAL] "
                        + "[mapped as resource]" } };
        assertEquals(f.toString(), expected.length, f.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals("finding " + i, Integer.parseInt(expected[i][0]), f.get(i).line());
            assertEquals("finding " + i, expected[i][1], f.get(i).checkId());
            assertEquals("finding " + i, expected[i][2], f.get(i).message());
            assertEquals("noisy_board_capture.txt", f.get(i).file());
        }
        // the capture line of the dma_map_* that made the mapping each finding is about
        int[] mappedAt = { 14, 0, 19, 0, 0, 0, 28, 17 };
        for (int i = 0; i < expected.length; i++) {
            assertEquals("finding " + i, mappedAt[i], f.get(i).mappedAtLine());
            assertEquals("finding " + i, mappedAt[i] == 0 ? null : "noisy_board_capture.txt", f.get(i).mappedAtFile());
        }
        assertTrue(f.get(0).isDmaDebug());
        assertTrue(!f.get(4).isDmaDebug());
    }

    @Test
    public void noiseIsCountedAndSkippedAndMalformedLinesAreReportedWithLineAndColumn() throws IOException {
        ReplayResult r = noisy();
        ReplayStats s = r.stats();
        assertEquals(29, s.lines());
        assertEquals(12, s.commentLines());
        assertEquals(11, s.dmaEvents());
        assertEquals(1, s.iommuEvents());
        assertEquals(2, s.otherEvents()); // sched_switch, dma_fence_emit
        assertEquals(1, s.otherLines()); // function_graph output
        assertEquals(1, s.malformedLines());
        assertEquals(3, s.lostEvents());
        assertEquals(Long.valueOf(2), s.eventCounts().get("dma_map_page") == null ? null
                : Long.valueOf(s.eventCounts().get("dma_unmap_page") - 1));
        assertEquals(2, r.diagnostics().size());
        assertEquals("noisy_board_capture.txt:21: warning: the ring buffer lost 3 events here; findings after "
                + "this line may be wrong", r.diagnostics().get(0).toString());
        String line23 = "     kworker/0:1-23      [000] .....   112.001000: dma_map_page: e6e60000.serial "
                + "dir=SIDEWAYS";
        assertEquals("noisy_board_capture.txt:23:" + (line23.indexOf("SIDEWAYS") + 1) + ": warning: cannot parse "
                + "dma_map_page payload: unknown DMA direction at 'SIDEWAYS dma_addr=fff00000 size=4096 phy'",
                r.diagnostics().get(1).toString());
    }

    @Test
    public void theResourceMappingIsLiveAtTheEnd() throws IOException {
        List<LiveMapping> live = noisy().liveMappings();
        assertEquals(1, live.size());
        // hash_fn(0xfe000030) = (0xfe000030 >> 13) & 16383 = 0x7f000 & 0x3fff = 0x3000
        assertEquals("rcar-dmac e6700000.dma-controller resource idx 12288 P=0x00000000e6e60030 D=fe000030 L=4 "
                + "DMA_BIDIRECTIONAL dma map error checked", live.get(0).toString());
    }

    @Test
    public void truncatedSgListsAttrsAndTgidLayoutAreAccepted() throws IOException {
        StringBuilder dma = new StringBuilder("{");
        StringBuilder sizes = new StringBuilder("{");
        StringBuilder phys = new StringBuilder("{");
        for (int i = 0; i < 128; i++) {
            String sep = i == 0 ? "" : ",";
            dma.append(sep).append("0x").append(Long.toHexString(0x80000000L + i * 0x1000L));
            sizes.append(sep).append("0x1000");
            phys.append(sep).append("0x").append(Long.toHexString(0x50000000L + i * 0x2000L));
        }
        String capture = "       dd-900     (    900) [001] .N.1.  50.000001: dma_map_sg: sata dir=TO_DEVICE "
                + "nents=128/130 ents=128/130 [TRUNCATED] dma_addrs=" + dma + "} sizes=" + sizes + "} phys_addrs="
                + phys + "} attrs=SKIP_CPU_SYNC|NO_WARN\n"
                + "       dd-900     (    900) [001] .....  50.000002: dma_unmap_page: sata dir=NONE "
                + "dma_addr=80000000 size=4096 attrs=PRIVILEGED\n";
        TraceReplay t = new TraceReplay().setDriverName("sata", "ahci");
        t.replay(new StringReader(capture), "t.txt");
        ReplayResult r = t.setLeakCheck(false).finish();
        assertEquals(1, r.stats().truncatedSgLists());
        // 128 traced segments of the 130; check_unmap() drops the entry it found even with the wrong function
        assertEquals(127, r.liveMappings().size());
        assertEquals(0x80001000L, r.liveMappings().get(0).dmaAddr());
        assertEquals(2, r.findings().size());
        assertEquals("DMA-API: ahci sata: device driver frees DMA memory with wrong function [device "
                + "address=0x0000000080000000] [size=4096 bytes] [mapped as scatter-gather] [unmapped as single]",
                r.findings().get(0).message());
        assertEquals("DMA-API: ahci sata: device driver frees DMA memory with different direction [device "
                + "address=0x0000000080000000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] [unmapped with DMA_NONE]",
                r.findings().get(1).message());
        assertEquals(2, r.findings().get(1).line());
        assertEquals(0, r.diagnostics().size());
    }

    @Test
    public void aLineThatIsNoFtraceOutputIsReportedWithItsLineNumber() throws IOException {
        // line 3 is a kernel log line (printk.c print_time() "[%5lu.%06lu] "), line 4 function_graph output
        String capture = "# tracer: nop\n"
                + "   kworker/0:1-23   [000] .....   112.000000: dma_map_page: sata dir=TO_DEVICE dma_addr=1000 "
                + "size=4096 phys_addr=41000000 attrs=\n"
                + "[  112.000100] ata1: SATA link up 6.0 Gbps\n"
                + " 0)   0.250 us    |  dma_direct_map_page();\n"
                + "   kworker/0:1-23   [000] .....   112.000200: dma_unmap_page: sata dir=TO_DEVICE dma_addr=1000 "
                + "size=4096 attrs=\n";
        TraceReplay t = new TraceReplay().setDriverName("sata", "ahci");
        t.replay(new StringReader(capture), "t.txt");
        ReplayResult r = t.finish();
        assertEquals(1, r.stats().notFtraceLines());
        assertEquals(1, r.stats().otherLines());
        assertEquals(2, r.stats().dmaEvents());
        assertEquals(List.of("t.txt:3:1: warning: not an ftrace line (no task-pid [cpu] timestamp: context and no "
                + "'event: ' form), skipped"), r.diagnostics().stream().map(Object::toString).toList());
    }
}
