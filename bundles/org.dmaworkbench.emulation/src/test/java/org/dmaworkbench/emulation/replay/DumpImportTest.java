package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

import org.junit.Test;

/** A dma-api/dump gives the state a later capture starts from (dump_show() format of Linux 6.12). */
public class DumpImportTest {

    private static TraceReplay withDump() throws IOException {
        TraceReplay r = new TraceReplay();
        try (Reader in = TraceReplayCaptureTest.resource("board_dump_before_capture.txt")) {
            r.importDump(in, "dump.txt");
        }
        return r;
    }

    @Test
    public void dumpEntriesBecomeLiveMappingsInDumpOrder() throws IOException {
        ReplayResult res = withDump().setLeakCheck(false).finish();
        assertEquals(5, res.stats().dumpEntries());
        List<LiveMapping> live = res.liveMappings();
        assertEquals(5, live.size());
        assertEquals("pvrsrvkm fd000000.gpu coherent idx 0 P=0x0000000060000000 D=a0000000 L=4000 "
                + "DMA_BIDIRECTIONAL dma map error check not applicable", live.get(0).toString());
        // traces cannot show dma_mapping_error(): mappings are taken as checked
        assertEquals("sh-sci e6e60000.serial single idx 16256 P=0x0000000048001000 D=fff00000 L=1000 "
                + "DMA_TO_DEVICE dma map error checked", live.get(2).toString());
        assertEquals("renesas_sdhi_internal_dmac ee100000.mmc scatter-gather idx 16265 P=0x0000000049004000 "
                + "D=fff12000 L=1000 DMA_FROM_DEVICE dma map error check not applicable", live.get(4).toString());
        assertEquals(1, res.diagnostics().size());
        String bad = "renesas_sdhi_internal_dmac ee100000.mmc scatter-gather idx 16265 P=0x0000000049004000 "
                + "D=fff12000 L=1000 cln=0x0000000001240100 ";
        assertEquals("dump.txt:5:" + (bad.length() + 1) + ": warning: cannot parse dma-api dump line: unknown "
                + "direction", res.diagnostics().get(0).toString());
    }

    @Test
    public void aCaptureAfterTheDumpUnmapsItsEntries() throws IOException {
        TraceReplay r = withDump();
        try (Reader in = TraceReplayCaptureTest.resource("capture_after_dump.txt")) {
            r.replay(in, "after.txt");
        }
        ReplayResult res = r.finish();
        // only the resource unmap is wrong: mapped DMA_BIDIRECTIONAL, unmapped DMA_TO_DEVICE
        assertEquals(1, res.findings().size());
        Finding f = res.findings().get(0);
        assertEquals("after.txt", f.file());
        assertEquals(7, f.line());
        assertEquals("DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA memory with different "
                + "direction [device address=0x00000000fe000030] [size=4 bytes] [mapped with DMA_BIDIRECTIONAL] "
                + "[unmapped with DMA_TO_DEVICE]", f.message());
        assertEquals("dump.txt", f.mappedAtFile());
        assertEquals(2, f.mappedAtLine());
        assertEquals(0, res.liveMappings().size());
        assertEquals(List.of("dump.txt", "after.txt"), res.files());
    }
}
