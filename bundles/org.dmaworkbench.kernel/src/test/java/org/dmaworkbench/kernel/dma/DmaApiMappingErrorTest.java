package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Test;

/**
 * dma-direct maps one buffer twice at the same address; the driver checks only the second mapping. Both kernels'
 * {@code debug_dma_map_page()} call {@code dma_mapping_error()} first, whose {@code debug_dma_mapping_error()}
 * marks the first mapping checked when the second is made, so neither unmap is reported.
 */
public class DmaApiMappingErrorTest {
    private final List<KernelLogRecord> log = new ArrayList<>();

    private static final String DEV = "sh-sci e6e88000.serial";

    private DmaMapping api(KernelMemory mm, KernelProfile p) {
        DmaMapping api = new DmaMapping(mm, p);
        api.setKernelLog(log::add);
        DmaDebug d = new DmaDebug(mm, log::add, p);
        d.setAllErrors(true);
        api.setDmaDebug(d);
        log.clear();
        return api;
    }

    private static KernelMemory mm() {
        return new KernelMemory(KernelArch.ARM64, new SparseRam(0x48000000L, 0x38000000L),
                List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
    }

    private List<String> texts() {
        List<String> t = new ArrayList<>();
        for (KernelLogRecord r : log) {
            t.add(r.text());
        }
        return t;
    }

    private static String dump(DmaDebug d) throws IOException {
        StringBuilder sb = new StringBuilder();
        d.dump(sb);
        return sb.toString();
    }

    @Test
    public void theSecondMapMarksTheFirstChecked612() throws IOException {
        KernelMemory mm = mm();
        DmaMapping api = api(mm, KernelProfile.V6_12);
        Device dev = new Device("e6e88000.serial", "sh-sci");
        long buf = mm.kmalloc(256);
        long phys = mm.virtToPhys(buf);
        long first = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        long second = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        assertEquals(phys, first);
        assertEquals(first, second);
        String line = String.format("%s single idx %d P=0x%016x D=%x L=100 cln=0x%016x DMA_TO_DEVICE ", DEV,
                (phys >>> 13) & 16383, phys, phys, phys >>> 6);
        assertEquals(line + "dma map error checked\n" + line + "dma map error not checked\n", dump(api.dmaDebug()));
        assertEquals(0, api.dmaMappingError(dev, second));
        assertEquals(line + "dma map error checked\n" + line + "dma map error checked\n", dump(api.dmaDebug()));
        api.dmaUnmapSingle(dev, first, 256, DmaDirection.TO_DEVICE);
        api.dmaUnmapSingle(dev, second, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        assertEquals(0, api.dmaDebug().errorCount());
    }

    @Test
    public void theSecondMapMarksTheFirstChecked49() {
        KernelMemory mm = mm();
        DmaMapping api = api(mm, KernelProfile.V4_9);
        Device dev = new Device("e6e88000.serial", "sh-sci");
        long buf = mm.kmalloc(256);
        long phys = mm.virtToPhys(buf);
        long first = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        long second = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        String line = String.format("%s: single idx %d P=%x N=%x D=%x L=100 DMA_TO_DEVICE ", DEV,
                (phys >>> 13) & 1023, phys, phys >>> 12, phys);
        api.dmaDebug().debugDmaDumpMappings(dev);
        assertEquals(List.of(line + "dma map error checked", line + "dma map error not checked"), texts());
        log.clear();
        api.dmaMappingError(dev, second);
        api.dmaUnmapSingle(dev, first, 256, DmaDirection.TO_DEVICE);
        api.dmaUnmapSingle(dev, second, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        assertEquals(0, api.dmaDebug().errorCount());
    }

    @Test
    public void anUncheckedSecondMapIsStillReported() {
        KernelMemory mm = mm();
        DmaMapping api = api(mm, KernelProfile.V6_12);
        Device dev = new Device("e6e88000.serial", "sh-sci");
        long buf = mm.kmalloc(256);
        long first = api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        api.dmaMapSingle(dev, buf, 256, DmaDirection.TO_DEVICE);
        api.dmaUnmapSingle(dev, first, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of(), texts());
        api.dmaUnmapSingle(dev, first, 256, DmaDirection.TO_DEVICE);
        assertEquals(List.of("DMA-API: " + DEV + ": device driver failed to check map error[device address="
                + DmaMapping.pad(first) + "] [size=256 bytes] [mapped as single]"), texts());
    }
}
