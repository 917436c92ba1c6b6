package org.dmaworkbench.kernel.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.drivers.clients.SdhiClient;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.Gfp;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.junit.Test;

/**
 * Lines the emulated kernel prints, compared with what Linux 6.12 prints for the same call: the GFP flags and
 * attrs of each allocation, the width of {@code %p}, kmalloc's alignment and the driver string after unbind.
 */
public class OutputFormatsTest {
    private static final String KOELSCH_NO_IOMMU = "koelsch-scif0-dma.dts";

    @Test
    public void showGfpFlagsNamesTheCombinationsAsTheTraceEventsDo() {
        // include/trace/events/mmflags.h:81-115 in table order, include/linux/gfp_types.h:377-380 for the values
        assertEquals("GFP_KERNEL", Gfp.show(Gfp.GFP_KERNEL));
        assertEquals("GFP_NOWAIT", Gfp.show(Gfp.GFP_NOWAIT));
        assertEquals("GFP_ATOMIC", Gfp.show(Gfp.GFP_ATOMIC));
        assertEquals("GFP_KERNEL|__GFP_ZERO", Gfp.show(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO));
        // __GFP_NOWARN (bit 13) alone, and the unused bit 9 left over as 0x200
        assertEquals("__GFP_NOWARN|0x200", Gfp.show(0x2000 | 0x200));
        assertEquals("none", Gfp.show(0));
    }

    @Test
    public void rcarDmacAllocatesItsHardwareDescriptorsWithGfpNowaitOn32BitArm() {
        Boards.Booted b = Boards.boot(KOELSCH_NO_IOMMU, KernelProfile.V6_12, null);
        Machine m = b.machine;
        assertFalse(m.is64Bit());
        SdhiClient sd = new SdhiClient(m, "sdhi0");
        sd.card(64);
        sd.read(0, 8, 4); // 4 segments in 4 separate pages: 4 chunks, hardware descriptor mode
        List<String> allocs = b.lines("dma_alloc");
        assertFalse(allocs.isEmpty());
        // rcar-dmac.c:751 dma_alloc_coherent(..., GFP_NOWAIT); dma-mapping.h:476 adds DMA_ATTR_NO_WARN for
        // __GFP_NOWARN; include/trace/events/dma.h prints "virt_addr=%p flags=%s attrs=%s", and %p has
        // 2 * sizeof(void *) = 8 digits on 32-bit ARM (lib/vsprintf.c:738)
        String line = allocs.get(allocs.size() - 1);
        assertTrue(line, line.matches("dma_alloc: e6700000\\.dma-controller dir=BIDIRECTIONAL dma_addr=[0-9a-f]+ "
                + "size=4096 virt_addr=[0-9a-f]{8} flags=GFP_NOWAIT attrs=NO_WARN"));
    }

    @Test
    public void kmallocOn32BitArmAlignsToTheCacheLine() {
        Machine m = Boards.boot(KOELSCH_NO_IOMMU, KernelProfile.V6_12, null).machine;
        KernelMemory mm = m.memory();
        // ARCH_DMA_MINALIGN = L1_CACHE_BYTES = 64 (arch/arm/include/asm/cache.h:18) becomes ARCH_KMALLOC_MINALIGN
        // and KMALLOC_MIN_SIZE (include/linux/slab.h:488-497): an 8-byte object takes a 64-byte slot
        long a = mm.kmalloc(8);
        long c = mm.kmalloc(8);
        assertEquals(0, a % 64);
        assertEquals(0, c % 64);
        assertEquals(64, Math.abs(c - a));
        // no kmalloc-96 when KMALLOC_MIN_SIZE > 32 (slab.h:679): 65..128 bytes come from kmalloc-128
        long d = mm.kmalloc(80);
        long e = mm.kmalloc(80);
        assertEquals(128, Math.abs(e - d));
    }

    @Test
    public void twoSmallBuffersMappedForTheDeviceToWriteShareNoCacheline() {
        Machine m = Boards.boot(KOELSCH_NO_IOMMU, KernelProfile.V6_12, null).machine;
        Device dev = m.device("dmac0").orElseThrow();
        m.dmaDebug().setAllErrors(true);
        int from = m.kernelLog().size();
        long a = m.memory().kmalloc(16);
        long c = m.memory().kmalloc(16);
        m.dma().dmaMapSingle(dev, a, 16, DmaDirection.FROM_DEVICE);
        m.dma().dmaMapSingle(dev, c, 16, DmaDirection.FROM_DEVICE);
        // with 8-byte kmalloc alignment both would sit in one 64-byte line: "cacheline tracking EEXIST"
        // (kernel/dma/debug.c:601); with the kernel's 64-byte alignment they cannot
        assertEquals(List.of(), m.kernelLog().subList(from, m.kernelLog().size()));
    }

    @Test
    public void dumpLinesAfterUnbindNameThePlatformBus() throws IOException {
        Machine m = Boards.boot(KOELSCH_NO_IOMMU, KernelProfile.V6_12, null).machine;
        Device dev = m.device("dmac0").orElseThrow();
        long a = m.memory().kmalloc(64);
        long dma = m.dma().dmaMapSingle(dev, a, 64, DmaDirection.TO_DEVICE);
        m.dma().dmaMappingError(dev, dma);
        m.unbindDriver(dev, () -> { });
        StringWriter w = new StringWriter();
        m.dmaDebug().dump(w);
        // kernel/dma/debug.c:564-566 prints dev_driver_string(), which is the bus name once the driver is gone
        // (drivers/base/core.c dev_driver_string(): drv ? drv->name : dev_bus_name(dev))
        assertTrue(w.toString(), w.toString().startsWith("platform e6700000.dma-controller single idx "));
    }
}
