package org.dmaworkbench.kernel.trace;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.junit.Test;

/** The TP_printk texts of include/trace/events/dma.h (6.12), derived by hand from its format strings. */
public class DmaTraceEventsTest {
    private final Device serial = new Device("e6e60000.serial", "sh-sci");
    private final Device dmac = new Device("e7300000.dma-controller", "rcar-dmac");

    private static Scatterlist[] sg() {
        Scatterlist[] sg = Scatterlist.table(3);
        sg[0].setPage(0x48300000L, 0, 0x1000);
        sg[1].setPage(0x48301000L, 0, 0x1000);
        sg[2].setPage(0x48400000L, 0x200, 0x600);
        sg[0].setDma(0xfff50000L, 0x2000);
        sg[1].setDma(0xfff52000L, 0x600);
        return sg;
    }

    @Test
    public void directionDecoder() {
        assertEquals("BIDIRECTIONAL", DmaTraceEvents.decodeDirection(DmaDirection.BIDIRECTIONAL));
        assertEquals("TO_DEVICE", DmaTraceEvents.decodeDirection(DmaDirection.TO_DEVICE));
        assertEquals("FROM_DEVICE", DmaTraceEvents.decodeDirection(DmaDirection.FROM_DEVICE));
        assertEquals("NONE", DmaTraceEvents.decodeDirection(DmaDirection.NONE));
    }

    @Test
    public void attrsDecoderPrintsFlagsInTableOrderThenLeftovers() {
        assertEquals("", DmaTraceEvents.decodeAttrs(0));
        assertEquals("WEAK_ORDERING|SKIP_CPU_SYNC",
                DmaTraceEvents.decodeAttrs(DmaAttrs.SKIP_CPU_SYNC | DmaAttrs.WEAK_ORDERING));
        assertEquals("PRIVILEGED|0x1", DmaTraceEvents.decodeAttrs(DmaAttrs.PRIVILEGED | 1));
        assertEquals("0x1000", DmaTraceEvents.decodeAttrs(0x1000));
        assertEquals("WRITE_COMBINE|NO_KERNEL_MAPPING|FORCE_CONTIGUOUS|ALLOC_SINGLE_PAGES|NO_WARN",
                DmaTraceEvents.decodeAttrs((1 << 2) | (1 << 4) | (1 << 6) | (1 << 7) | (1 << 8)));
    }

    @Test
    public void mapAndUnmap() {
        assertEquals("e7300000.dma-controller dir=BIDIRECTIONAL dma_addr=fef00000 size=1 phys_addr=e6e6000c attrs=",
                DmaTraceEvents.formatMap(dmac, 0xe6e6000cL, 0xfef00000L, 1, DmaDirection.BIDIRECTIONAL, 0));
        assertEquals("e6e60000.serial dir=TO_DEVICE dma_addr=fff00100 size=2048 attrs=SKIP_CPU_SYNC",
                DmaTraceEvents.formatUnmap(serial, 0xfff00100L, 2048, DmaDirection.TO_DEVICE,
                        DmaAttrs.SKIP_CPU_SYNC));
    }

    @Test
    public void allocAndFree() {
        assertEquals("e6e60000.serial dir=BIDIRECTIONAL dma_addr=fff10000 size=8192 virt_addr=ffff000008100000 "
                + "flags=GFP_KERNEL attrs=", DmaTraceEvents.formatAlloc(serial, 0xffff000008100000L, 0xfff10000L,
                        8192, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0));
        assertEquals("e6e60000.serial dir=BIDIRECTIONAL dma_addr=fff10000 size=8192 virt_addr=ffff000008100000 "
                + "attrs=WRITE_COMBINE", DmaTraceEvents.formatFree(serial, 0xffff000008100000L, 0xfff10000L, 8192,
                        DmaDirection.BIDIRECTIONAL, DmaAttrs.WRITE_COMBINE));
    }

    @Test
    public void sgtEvents() {
        assertEquals("e6e60000.serial dir=BIDIRECTIONAL dma_addr=fff50000 size=12288 "
                + "phys_addrs={0x48300000,0x48301000,0x48400200} flags=GFP_KERNEL attrs=",
                DmaTraceEvents.formatAllocSgt(serial, sg(), 3, 12288, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0));
        assertEquals("e6e60000.serial dir=BIDIRECTIONAL dma_addr=fff50000 size=12288 "
                + "phys_addrs={0x48300000,0x48301000,0x48400200}",
                DmaTraceEvents.formatFreeSgt(serial, sg(), 3, 12288, DmaDirection.BIDIRECTIONAL));
    }

    @Test
    public void mapSgUnmapSgAndError() {
        assertEquals("e6e60000.serial dir=FROM_DEVICE nents=3/3 ents=2/2 dma_addrs={0xfff50000,0xfff52000} "
                + "sizes={0x2000,0x600} phys_addrs={0x48300000,0x48301000,0x48400200} attrs=",
                DmaTraceEvents.formatMapSg(serial, sg(), 3, 2, DmaDirection.FROM_DEVICE, 0));
        assertEquals("e6e60000.serial dir=FROM_DEVICE phys_addrs={0x48300000,0x48301000,0x48400200} attrs=",
                DmaTraceEvents.formatUnmapSg(serial, sg(), 3, DmaDirection.FROM_DEVICE, 0));
        assertEquals("e6e60000.serial dir=TO_DEVICE dma_addrs={0x48300000,0x48301000} err=-12 attrs=NO_WARN",
                DmaTraceEvents.formatMapSgErr(serial, sg(), 2, -12, DmaDirection.TO_DEVICE, DmaAttrs.NO_WARN));
    }

    @Test
    public void mapSgRecordsAtMost128EntriesAndSaysTruncated() {
        Scatterlist[] sg = Scatterlist.table(130);
        StringBuilder phys = new StringBuilder("{");
        for (int i = 0; i < 130; i++) {
            sg[i].setPage(0x48000000L + i * 0x1000L, 0, 0x1000);
            if (i < 128) {
                phys.append(i == 0 ? "" : ",").append("0x").append(Long.toHexString(0x48000000L + i * 0x1000L));
            }
        }
        phys.append('}');
        sg[0].setDma(0xfff00000L, 130 * 0x1000);
        assertEquals("e6e60000.serial dir=TO_DEVICE nents=128/130 ents=1/1 [TRUNCATED] dma_addrs={0xfff00000} "
                + "sizes={0x82000} phys_addrs=" + phys + " attrs=",
                DmaTraceEvents.formatMapSg(serial, sg, 130, 1, DmaDirection.TO_DEVICE, 0));
    }

    @Test
    public void syncEvents() {
        assertEquals("e6e60000.serial dir=FROM_DEVICE dma_addr=fff20000 size=4096",
                DmaTraceEvents.formatSyncSingle(serial, 0xfff20000L, 4096, DmaDirection.FROM_DEVICE));
        assertEquals("e6e60000.serial dir=FROM_DEVICE dma_addrs={0xfff50000,0xfff52000} sizes={0x2000,0x600}",
                DmaTraceEvents.formatSyncSg(serial, sg(), 2, DmaDirection.FROM_DEVICE));
    }

    @Test
    public void emittersRecordOnlyEnabledEventsWithTheirContext() {
        TraceBuffer buf = new TraceBuffer(16);
        buf.enable("dma", "dma_map_resource");
        long[] now = { 1234567890123L };
        Tracer tracer = new Tracer(buf, () -> now[0]);
        tracer.setCurrent(1, "kworker/u8:2", 97);
        DmaTraceEvents dma = new DmaTraceEvents(tracer);
        dma.dmaMapPage(serial, 0x48000100L, 0xfff00100L, 2048, DmaDirection.TO_DEVICE, 0);
        dma.dmaMapResource(dmac, 0xe6e6000cL, 0xfef00000L, 1, DmaDirection.BIDIRECTIONAL, 0);
        List<TraceEvent> ev = buf.events();
        assertEquals(1, ev.size());
        TraceEvent e = ev.get(0);
        assertEquals("dma", e.system());
        assertEquals("dma_map_resource", e.name());
        assertEquals(1234567890123L, e.timestampNs());
        assertEquals(1, e.cpu());
        assertEquals("kworker/u8:2", e.task());
        assertEquals(97, e.pid());
        assertEquals(".....", e.flags());
        assertEquals("e7300000.dma-controller dir=BIDIRECTIONAL dma_addr=fef00000 size=1 phys_addr=e6e6000c attrs=",
                e.fields());
        assertEquals(1, buf.entriesWritten());
    }

    @Test
    public void everyEmitterUsesItsEventName() {
        TraceBuffer buf = new TraceBuffer(64);
        buf.enableSystem("dma");
        Tracer t = new Tracer(buf, () -> 0);
        DmaTraceEvents d = new DmaTraceEvents(t);
        Scatterlist[] sg = sg();
        d.dmaMapPage(serial, 1, 2, 3, DmaDirection.TO_DEVICE, 0);
        d.dmaMapResource(serial, 1, 2, 3, DmaDirection.TO_DEVICE, 0);
        d.dmaUnmapPage(serial, 2, 3, DmaDirection.TO_DEVICE, 0);
        d.dmaUnmapResource(serial, 2, 3, DmaDirection.TO_DEVICE, 0);
        d.dmaAlloc(serial, 1, 2, 3, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0);
        d.dmaAllocPages(serial, 1, 2, 3, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0);
        d.dmaAllocSgtErr(serial, 1, 2, 3, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0);
        d.dmaAllocSgt(serial, sg, 3, 3, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0);
        d.dmaFree(serial, 1, 2, 3, DmaDirection.BIDIRECTIONAL, 0);
        d.dmaFreePages(serial, 1, 2, 3, DmaDirection.BIDIRECTIONAL, 0);
        d.dmaFreeSgt(serial, sg, 3, 3, DmaDirection.BIDIRECTIONAL);
        d.dmaMapSg(serial, sg, 3, 2, DmaDirection.TO_DEVICE, 0);
        d.dmaMapSgErr(serial, sg, 3, -22, DmaDirection.TO_DEVICE, 0);
        d.dmaUnmapSg(serial, sg, 3, DmaDirection.TO_DEVICE, 0);
        d.dmaSyncSingleForCpu(serial, 2, 3, DmaDirection.TO_DEVICE);
        d.dmaSyncSingleForDevice(serial, 2, 3, DmaDirection.TO_DEVICE);
        d.dmaSyncSgForCpu(serial, sg, 2, DmaDirection.TO_DEVICE);
        d.dmaSyncSgForDevice(serial, sg, 2, DmaDirection.TO_DEVICE);
        StringBuilder names = new StringBuilder();
        for (TraceEvent e : buf.events()) {
            names.append(e.name()).append(' ');
        }
        assertEquals("dma_map_page dma_map_resource dma_unmap_page dma_unmap_resource dma_alloc dma_alloc_pages "
                + "dma_alloc_sgt_err dma_alloc_sgt dma_free dma_free_pages dma_free_sgt dma_map_sg dma_map_sg_err "
                + "dma_unmap_sg dma_sync_single_for_cpu dma_sync_single_for_device dma_sync_sg_for_cpu "
                + "dma_sync_sg_for_device ", names.toString());
    }
}
