package org.dmaworkbench.emulation.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.dmaworkbench.kernel.dma.debug.KernelMemoryLayout;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;
import org.dmaworkbench.kernel.trace.FtraceWriter;
import org.dmaworkbench.kernel.trace.IommuTraceEvents;
import org.dmaworkbench.kernel.trace.TraceBuffer;
import org.dmaworkbench.kernel.trace.Tracer;
import org.junit.Test;

/**
 * Round trip: a run drives the DMA-API's trace events and dma-debug hooks side by side, as kernel/dma/mapping.c
 * does; its ftrace export written by FtraceWriter, replayed, must give back the same live mappings and the same
 * findings as the run's own dma-debug.
 */
public class TraceReplayRoundTripTest {

    /** The run's memory layout: CPU addresses map to themselves, as the replay assumes for traced virt_addr. */
    static final KernelMemoryLayout FLAT = new FlatMemoryLayout();

    /** Both halves of each DMA-API call: the trace event, then the dma-debug hook. */
    static final class Run {
        final TraceBuffer buffer = new TraceBuffer(100_000);
        long clock = 1_000_000_000L;
        final Tracer tracer = new Tracer(buffer, () -> clock += 1500);
        final DmaTraceEvents trace = new DmaTraceEvents(tracer);
        final IommuTraceEvents iommu = new IommuTraceEvents(tracer);
        final List<String> findings = new ArrayList<>();
        final DmaDebug debug = new DmaDebug(FLAT, rec -> {
            if (rec.check() != null && rec.check().isError()) {
                findings.add(rec.check().name() + ": " + rec.text());
            }
        }, KernelProfile.V6_12);

        Run() {
            buffer.enableSystem("dma");
            buffer.enableSystem("iommu");
            debug.setAllErrors(true);
            debug.setDebugSg(false);
            tracer.setCurrent(1, "kworker/1:2", 4711);
        }

        void mapPage(Device d, long phys, long dma, long size, DmaDirection dir, long attrs) {
            trace.dmaMapPage(d, phys, dma, size, dir, attrs);
            debug.debugDmaMapPage(d, phys & ~0xfffL, phys & 0xfffL, size, dir, dma, attrs);
            debug.debugDmaMappingError(d, dma);
        }

        void unmapPage(Device d, long dma, long size, DmaDirection dir) {
            trace.dmaUnmapPage(d, dma, size, dir, 0);
            debug.debugDmaUnmapPage(d, dma, size, dir);
        }

        void mapResource(Device d, long phys, long dma, long size, DmaDirection dir) {
            trace.dmaMapResource(d, phys, dma, size, dir, DmaAttrs.SKIP_CPU_SYNC);
            debug.debugDmaMapResource(d, phys, size, dir, dma, DmaAttrs.SKIP_CPU_SYNC);
            debug.debugDmaMappingError(d, dma);
        }

        void unmapResource(Device d, long dma, long size, DmaDirection dir) {
            trace.dmaUnmapResource(d, dma, size, dir, DmaAttrs.SKIP_CPU_SYNC);
            debug.debugDmaUnmapResource(d, dma, size, dir);
        }

        void mapSg(Device d, Scatterlist[] sg, int ents, DmaDirection dir) {
            trace.dmaMapSg(d, sg, sg.length, ents, dir, 0);
            debug.debugDmaMapSg(d, sg, sg.length, ents, dir, 0);
        }

        void unmapSg(Device d, Scatterlist[] sg, DmaDirection dir) {
            trace.dmaUnmapSg(d, sg, sg.length, dir, 0);
            debug.debugDmaUnmapSg(d, sg, sg.length, dir);
        }

        void syncSgForCpu(Device d, Scatterlist[] sg, DmaDirection dir) {
            trace.dmaSyncSgForCpu(d, sg, sg.length, dir);
            debug.debugDmaSyncSgForCpu(d, sg, sg.length, dir);
        }

        void syncSingleForDevice(Device d, long dma, long size, DmaDirection dir) {
            trace.dmaSyncSingleForDevice(d, dma, size, dir);
            debug.debugDmaSyncSingleForDevice(d, dma, size, dir);
        }

        void alloc(Device d, long virt, long dma, long size) {
            trace.dmaAlloc(d, virt, dma, size, DmaDirection.BIDIRECTIONAL, "GFP_KERNEL", 0);
            debug.debugDmaAllocCoherent(d, size, dma, virt, 0);
        }

        void free(Device d, long virt, long dma, long size) {
            trace.dmaFree(d, virt, dma, size, DmaDirection.BIDIRECTIONAL, 0);
            debug.debugDmaFreeCoherent(d, size, virt, dma);
        }

        void allocPages(Device d, long virt, long dma, long size, DmaDirection dir) {
            trace.dmaAllocPages(d, virt, dma, size, dir, "GFP_KERNEL", 0);
            debug.debugDmaAllocPages(d, virt, size, dir, dma, 0);
        }

        void freePages(Device d, long virt, long dma, long size, DmaDirection dir) {
            trace.dmaFreePages(d, virt, dma, size, dir, 0);
            debug.debugDmaFreePages(d, virt, size, dir, dma);
        }

        void allocSgt(Device d, Scatterlist[] sg, long size, DmaDirection dir) {
            trace.dmaAllocSgt(d, sg, sg.length, size, dir, "GFP_KERNEL", 0);
            debug.debugDmaMapSg(d, sg, sg.length, 1, dir, 0);
        }

        void freeSgt(Device d, Scatterlist[] sg, long size, DmaDirection dir) {
            trace.dmaFreeSgt(d, sg, sg.length, size, dir);
            debug.debugDmaUnmapSg(d, sg, sg.length, dir);
        }
    }

    static Scatterlist[] sg(long... physLen) {
        Scatterlist[] s = new Scatterlist[physLen.length / 2];
        for (int i = 0; i < s.length; i++) {
            long p = physLen[2 * i];
            s[i] = new Scatterlist(p & ~0xfffL, (int) (p & 0xfff), (int) physLen[2 * i + 1]);
        }
        return s;
    }

    @Test
    public void replayOfTheFtraceExportGivesTheRunsMappingsAndFindings() throws IOException {
        Run run = new Run();
        Device serial = new Device("e6e60000.serial", "sh-sci");
        Device dmac = new Device("e6700000.dma-controller", "rcar-dmac");
        Device mmc = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        Device gpu = new Device("fd000000.gpu", "pvrsrvkm");
        DmaDirection to = DmaDirection.TO_DEVICE;
        DmaDirection from = DmaDirection.FROM_DEVICE;
        DmaDirection bi = DmaDirection.BIDIRECTIONAL;

        run.mapPage(serial, 0x48001010L, 0xfff00010L, 64, to, 0);
        run.mapResource(dmac, 0xe6e60030L, 0xfe000030L, 4, bi);
        run.iommu.map(0xfe000000L, 0xe6e60000L, 4096);
        run.mapPage(serial, 0x48002000L, 0xfff01000L, 4096, from, DmaAttrs.WEAK_ORDERING);
        run.mapPage(serial, 0x48002000L, 0xfff02000L, 4096, from, 0); // overlapping FROM_DEVICE: EEXIST
        run.unmapPage(serial, 0xfff00010L, 32, from); // size and direction differ
        run.unmapPage(serial, 0xdead0000L, 16, to); // never mapped

        Scatterlist[] list = sg(0x49000000L, 4096, 0x49001000L, 4096, 0x49005000L, 512);
        list[0].setDma(0xfff10000L, 8192);
        list[1].setDma(0xfff12000L, 512);
        run.mapSg(mmc, list, 2, from);
        run.syncSgForCpu(mmc, list, to); // different direction
        run.syncSingleForDevice(serial, 0xfff01000L, 8192, from); // outside range, write-only to device
        run.unmapSg(mmc, list, from);
        Scatterlist[] list2 = sg(0x4a000000L, 4096);
        list2[0].setDma(0xfff20000L, 4096);
        run.mapSg(mmc, list2, 1, to); // left mapped

        run.alloc(gpu, 0xffff000010000000L, 0xa0000000L, 16384);
        run.free(gpu, 0xffff000010004000L, 0xa0000000L, 16384); // different CPU address
        run.alloc(gpu, 0xffff000010100000L, 0xa0100000L, 4096); // leaked
        run.allocPages(gpu, 0xffff000010200000L, 0xa0200000L, 8192, to);
        run.freePages(gpu, 0xffff000010200000L, 0xa0200000L, 8192, from); // different direction
        Scatterlist[] sgt = sg(0x4b000000L, 4096, 0x4b100000L, 4096);
        sgt[0].setDma(0xa0300000L, 8192);
        run.allocSgt(gpu, sgt, 8192, bi);
        run.freeSgt(gpu, sgt, 8192, bi);
        run.unmapResource(dmac, 0xfe000030L, 8, bi); // size differs
        Scatterlist[] list3 = sg(0x4c000000L, 4096, 0x4c001000L, 4096, 0x4c002000L, 4096);
        list3[0].setDma(0xfff30000L, 8192);
        list3[1].setDma(0xfff32000L, 4096);
        run.mapSg(mmc, list3, 2, to);
        run.unmapSg(mmc, java.util.Arrays.copyOf(list3, 2), to); // nents 2 instead of 3, both segments
        run.iommu.unmap(0xfe000000L, 4096, 4096);

        for (Device d : new Device[] { serial, dmac, mmc, gpu }) {
            run.debug.driverUnbound(d);
        }
        StringWriter expectedDump = new StringWriter();
        run.debug.dump(expectedDump);

        StringWriter trace = new StringWriter();
        run.buffer.writeTo(trace, new FtraceWriter(2));

        TraceReplay replay = new TraceReplay();
        for (Device d : new Device[] { serial, dmac, mmc, gpu }) {
            replay.setDriverName(d.name(), d.driverName());
        }
        replay.replay(new StringReader(trace.toString()), "run.trace");
        ReplayResult r = replay.finish();

        assertEquals(0, r.diagnostics().size());
        assertEquals(0, r.stats().otherEvents() + r.stats().otherLines() + r.stats().malformedLines());
        assertEquals(21, r.stats().dmaEvents());
        assertEquals(2, r.stats().iommuEvents());
        List<String> got = new ArrayList<>();
        for (Finding f : r.findings()) {
            got.add(f.checkId() + ": " + f.message());
        }
        assertEquals(String.join("\n", run.findings), String.join("\n", got));
        // the run itself must have found what the calls above were written to provoke: OVERLAPPING_MAPPING,
        // FREE_DIFFERENT_SIZE + FREE_DIFFERENT_DIRECTION, FREE_NOT_ALLOCATED, 2 x SYNC_DIFFERENT_DIRECTION (both
        // mapped segments), SYNC_OUTSIDE_RANGE, FREE_DIFFERENT_CPU_ADDRESS, FREE_DIFFERENT_DIRECTION (pages),
        // FREE_DIFFERENT_SIZE (resource), 2 x FREE_SG_DIFFERENT_ENTRY_COUNT, PENDING_AT_UNBIND for serial, mmc
        // and gpu
        assertEquals(15, run.findings.size());
        assertTrue(run.findings.get(10), run.findings.get(10).endsWith(": device driver frees DMA sg list with "
                + "different entry count [map count=3] [unmap count=2]"));
        assertEquals("OVERLAPPING_MAPPING", run.findings.get(0).substring(0, run.findings.get(0).indexOf(':')));
        StringBuilder liveText = new StringBuilder();
        for (LiveMapping m : r.liveMappings()) {
            liveText.append(m.driver()).append(' ').append(m.device()).append(' ')
                    .append(m.toString().substring(m.driver().length() + m.device().length() + 2)).append('\n');
        }
        assertTrue(expectedDump.toString().length() > 0);
        assertEquals(expectedDump.toString().replaceAll(" cln=0x[0-9a-f]+", ""), liveText.toString());
    }
}
