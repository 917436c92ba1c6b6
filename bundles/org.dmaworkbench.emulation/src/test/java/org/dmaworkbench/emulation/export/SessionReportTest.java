package org.dmaworkbench.emulation.export;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.SessionStatistics;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.junit.Test;

public class SessionReportTest {
    private static final String MSG = "DMA-API: sh-sci e6e60000.serial: device driver frees DMA memory with different size "
            + "[device address=0x0000000000001000] [map size=4096 bytes] [unmap size=2048 bytes]";

    private static List<SessionEvent> events() {
        Device dev = new Device("e6e60000.serial", "sh-sci");
        KernelLogRecord rec = new KernelLogRecord(KernelLogRecord.Level.WARNING, MSG, DmaDebugCheck.FREE_DIFFERENT_SIZE, dev,
                List.of("Mapped at:", " sci_dma_tx_work_fn+0x1c/0x40"), List.of());
        TraceEvent map = new TraceEvent("dma", "dma_map_resource", 1_500_000_000L, 0, "kworker/0:1", 23,
                "e6700000.dma-controller dir=TO_DEVICE dma_addr=0x40000000 size=1 phys_addr=0xe6e6000c attrs=");
        return List.of(
                new SessionEvent(0, 1_500_000_000L, EventKind.DMA_API, "e6700000.dma-controller", "dma_map_resource",
                        map.fields(), false, map),
                new SessionEvent(1, 1_600_000_000L, EventKind.KERNEL_LOG, "e6e60000.serial", "dma-debug", MSG, true, rec),
                new SessionEvent(2, 1_700_000_000L, EventKind.SESSION, "session", "stop", "session stopped", false));
    }

    private static SessionResult result() {
        return new SessionResult(SessionResult.Status.COMPLETED, "workload finished", 1_700_000_000L,
                new SessionStatistics(1_700_000_000L, Map.of("dmac0.ch1", 18L, "dmac0.ch0", 4096L), 3, 2, 1, 30, 10, 8192, 0.25,
                        1, 0, 3, 0, 1));
    }

    @Test
    public void jsonHasStatusStatisticsAndTheFindingWithItsStack() {
        StringBuilder sb = new StringBuilder();
        SessionReport.writeJson("default", result(), events(), sb);
        assertEquals("{\n"
                + "  \"scenario\": \"default\",\n"
                + "  \"status\": \"completed\",\n"
                + "  \"reason\": \"workload finished\",\n"
                + "  \"exitCode\": 1,\n"
                + "  \"virtualTimeNs\": 1700000000,\n"
                + "  \"statistics\": {\n"
                + "    \"transfers\": 3,\n"
                + "    \"bytesMoved\": 4114,\n"
                + "    \"bytesPerChannel\": {\n"
                + "      \"dmac0.ch0\": 4096,\n"
                + "      \"dmac0.ch1\": 18\n"
                + "    },\n"
                + "    \"mapCalls\": 2,\n"
                + "    \"unmapCalls\": 1,\n"
                + "    \"iotlbHits\": 30,\n"
                + "    \"iotlbMisses\": 10,\n"
                + "    \"iotlbHitRate\": 0.75,\n"
                + "    \"iovaBytesUsed\": 8192,\n"
                + "    \"iovaFragmentation\": 0.25,\n"
                + "    \"dmaDebugErrors\": 1,\n"
                + "    \"iommuFaults\": 0,\n"
                + "    \"events\": 3,\n"
                + "    \"eventsDropped\": 0\n"
                + "  },\n"
                + "  \"findings\": [\n"
                + "    {\n"
                + "      \"timeNs\": 1600000000,\n"
                + "      \"kind\": \"kernel_log\",\n"
                + "      \"source\": \"e6e60000.serial\",\n"
                + "      \"check\": \"FREE_DIFFERENT_SIZE\",\n"
                + "      \"device\": \"e6e60000.serial\",\n"
                + "      \"driver\": \"sh-sci\",\n"
                + "      \"message\": \"" + MSG + "\",\n"
                + "      \"mappedAt\": [\n"
                + "        \"Mapped at:\",\n"
                + "        \" sci_dma_tx_work_fn+0x1c/0x40\"\n"
                + "      ]\n"
                + "    }\n"
                + "  ]\n"
                + "}\n", sb.toString());
    }

    @Test
    public void kernelLogHasTheMessageThenMappedAt() throws IOException {
        StringBuilder sb = new StringBuilder();
        SessionReport.writeKernelLog(events(), sb);
        assertEquals(MSG + "\nMapped at:\n sci_dma_tx_work_fn+0x1c/0x40\n", sb.toString());
    }

    @Test
    public void ftraceHoldsOnlyTraceEventsInTheKernelLayout() throws IOException {
        StringBuilder sb = new StringBuilder();
        SessionReport.writeFtrace(events(), 1, 2, sb);
        String[] lines = sb.toString().split("\n");
        assertEquals("# tracer: nop", lines[0]);
        assertEquals("     kworker/0:1-23      [000] .....     1.500000: dma_map_resource: "
                + "e6700000.dma-controller dir=TO_DEVICE dma_addr=0x40000000 size=1 phys_addr=0xe6e6000c attrs=",
                lines[lines.length - 1]);
    }

    @Test
    public void jsonEscapesAndWritesNullForNaN() {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb).beginObject().name("s").value("a\"b\\c\nd\u0001").name("nan").value(Double.NaN)
                .name("empty").beginArray().endArray().endObject();
        assertEquals("{\n  \"s\": \"a\\\"b\\\\c\\nd\\u0001\",\n  \"nan\": null,\n  \"empty\": []\n}\n", sb.toString());
    }
}
