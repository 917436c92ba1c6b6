package org.dmaworkbench.emulation.export;

import static org.junit.Assert.assertEquals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.LiveStateConfig;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingTable;
import org.dmaworkbench.emulation.replay.DmaApiDump;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;
import org.junit.Test;

/** Mappings as dma-api/dump lines and CSV. */
public class MappingExportTest {

    @Test
    public void aDumpLineAsDumpShowPrintsIt() {
        Device dmac = new Device("e6700000.dma-controller", "rcar-dmac");
        DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        LiveStateModel model = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "t");
        debug.debugDmaMapResource(dmac, 0xe6e6_000cL, 1, DmaDirection.FROM_DEVICE, 0x4000_800cL, 0);
        Mapping m = model.snapshot().mappings().row(0);
        // dump_show() of kernel/dma/debug.c: "%s %s %s idx %d P=%pa D=%llx L=%llx cln=%pa %s %s\n"; idx =
        // (0x4000800c >> 13) & 16383 = 0x20004 & 0x3fff = 4; cln = (0xe6e6000c >> 12) << 6 | (0x00c >> 6) = 0xe6e60 * 0x40 = 0x39b9800;
        // the replay took the mapping as checked (debug_dma_mapping_error() was not called: "not checked")
        assertEquals("rcar-dmac e6700000.dma-controller resource idx 4 P=0x00000000e6e6000c D=4000800c L=1 "
                + "cln=0x00000000039b9800 DMA_FROM_DEVICE dma map error not checked", MappingExport.dumpLine(m));
    }

    @Test
    public void theDumpIsTheKernelModelsDumpAndReadsBack() throws Exception {
        Device[] devs = { new Device("e6700000.dma-controller", "rcar-dmac"), new Device("ee100000.mmc", "sdhi") };
        DmaDebug debug = new DmaDebug(new FlatMemoryLayout(), r -> { }, KernelProfile.V6_12);
        LiveStateModel model = LiveStateModel.forReplay(debug, LiveStateConfig.DEFAULT, "t");
        for (int i = 0; i < 40; i++) {
            long dma = 0x1000_0000L + 0x3000L * ((i * 13) % 40);
            debug.debugDmaMapPage(devs[i % 2], 0x4000_0000L + 0x1000L * i, 0x40 * (i % 3), 100 + i,
                    DmaDirection.values()[i % 3], dma, 0);
            if (i % 4 == 0) {
                debug.debugDmaMappingError(devs[i % 2], dma);
            }
        }
        MappingTable t = model.snapshot().mappings();
        List<Mapping> ms = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            ms.add(t.row(i));
        }
        StringWriter ours = new StringWriter();
        MappingExport.writeDump(ms, ours);
        StringWriter kernel = new StringWriter();
        debug.dump(kernel);
        assertEquals(kernel.toString(), ours.toString());
        assertEquals(40, DmaApiDump.read(new java.io.StringReader(ours.toString()), "d", new ArrayList<>()).size());
    }

    @Test
    public void csvHasEveryColumnQuoted() {
        Mapping m = new Mapping(7, "e6700000.dma-controller", "rcar-dmac",
                org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType.SINGLE, "single", 0x4100_0000L, 0x4000_0000L,
                4096, DmaDirection.TO_DEVICE, DmaAttrs.SKIP_CPU_SYNC | DmaAttrs.WEAK_ORDERING,
                org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr.CHECKED, 1500, Mapping.LIVE,
                List.of(" debug_dma_map_page+0x10/0x114", " dma_map_page_attrs+0xc/0x70", " sci_request_dma+0x24c/0x348"));
        assertEquals("id,device,driver,type,cpu_phys,dma_addr,size,direction,attrs,map_error,mapped_at_ns,"
                + "unmapped_at_ns,call_site,leaked", MappingExport.CSV_HEADER);
        // attrs as trace_dma's decode_dma_attrs() prints them, in table order
        assertEquals("7,e6700000.dma-controller,rcar-dmac,single,0x41000000,0x40000000,4096,DMA_TO_DEVICE,"
                + "WEAK_ORDERING|SKIP_CPU_SYNC,dma map error checked,1500,,sci_request_dma+0x24c/0x348,true",
                MappingExport.csvLine(m, true));
    }
}
