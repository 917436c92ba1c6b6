package org.dmaworkbench.kernel.e2e;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.drivers.clients.UartClient;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacChan;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.junit.Test;

/**
 * R-Car Gen3 (Salvator-X, r8a77951): HSCIF0 (0xe6540000, SCFTDR at +0x0c) transmits through SYS-DMAC1 (0xe7300000)
 * behind IPMMU-DS1 with dma-iommu, and memcpy on a board whose RAM bank crosses 4 GiB without the IPMMU.
 * <p>
 * By hand: the IPMMU domain's aperture ends at DMA_BIT_MASK(32) and rcar-dmac's mask is 40 bits, so dma-iommu
 * allocates IOVAs top-down below 4 GiB, one page per mapping here: the transmit buffer 0xfffff000, the RX buffer
 * (2 * 2 * max(16, 128) = 512 bytes) 0xffffe000, the FIFO 0xffffd000 + 0x00c. rcar-dmac cuts a chunk where either
 * address crosses a 4 GiB boundary and then does not use a descriptor list; several chunks without such a cut
 * (a copy over RCAR_DMATCR_MASK &lt;&lt; 2 = 0x3fffffc bytes) use one, whose memory is a
 * {@code dma_alloc_coherent()} of a page on the DMAC.
 */
public class SalvatorXGen3Test {
    private static final long SECOND = VirtualClock.PS_PER_SECOND;
    private static final String DMAC1 = "e7300000.dma-controller";

    @Test
    public void hscif0TransmitsThroughIpmmuDs1WithTopDownIovas() {
        MachineOptions o = new MachineOptions().iommuOptIn(Set.of(DMAC1));
        Boards.Booted b = Boards.boot("salvator-x-hscif0-dma-ipmmu.dts", KernelProfile.V6_12, o);
        Machine m = b.machine;
        assertSame(KernelArch.ARM64, m.arch());
        Device dmac1 = m.device("dmac1").orElseThrow();
        assertEquals(DMAC1, dmac1.name());

        UartClient uart = new UartClient(m, "hscif0");
        assertEquals(0xe6540000L, uart.mapbase());
        uart.startup();
        RcarDmacChan tx = (RcarDmacChan) uart.txChannel();
        assertSame(dmac1, tx.dmaDev());
        assertEquals(1, tx.index());
        assertEquals(0x31, tx.midRid());
        assertEquals(0xfffff000L, uart.txDmaAddr());
        assertEquals(0xffffe000L, uart.rxBuffer().dmaHandle());

        uart.transmit("salvator-x login: ");
        uart.drain(SECOND);
        assertEquals("salvator-x login: ", uart.hardware().transmittedText());
        assertEquals(List.of("dma_map_resource: " + DMAC1
                + " dir=FROM_DEVICE dma_addr=ffffd00c size=1 phys_addr=e654000c attrs="), b.lines("dma_map_resource"));

        IoPgtable pgt = dmac1.iommuDomain().pgtable();
        IoPgtableWalker.Result r = new IoPgtableWalker.Result();
        assertTrue(IoPgtableWalker.walk(m.platform().bus(), pgt.cfg(), pgt.pgd(), 0xffffd00cL, r));
        assertEquals(3, r.level);
        assertEquals(0xe654_0e6bL, r.pte);
        assertEquals(0, m.platform().ipmmu("ipmmu_ds1").orElseThrow().faultCount());
        uart.shutdown();
        assertEquals(0, m.dmaDebug().errorCount());
    }

    private static List<String> dmacIrqs(Machine m, Runnable r) {
        List<String> irqs = new ArrayList<>();
        m.clock().addTracer(e -> {
            if (e.label().startsWith("irq " + DMAC1)) {
                irqs.add(e.label());
            }
        });
        r.run();
        return irqs;
    }

    @Test
    public void memcpyAcross4GiBIsSplitAndRunsWithoutDescriptors() {
        Boards.Booted b = Boards.boot("salvator-x-4g-span.dts", KernelProfile.V6_12, null);
        Machine m = b.machine;
        Device dmac1 = m.device("dmac1").orElseThrow();
        assertNull(dmac1.iommuDomain());
        MemcpyClient mc = new MemcpyClient(m, "dmac1");
        assertEquals(0, ((RcarDmacChan) mc.channel()).index());
        var bus = m.platform().bus();
        byte[] data = new byte[0x2000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        long src = 0x0_ffff_f000L;
        long dst = 0x1_0010_0000L;
        bus.write(src, data, 0, data.length);
        List<String> irqs = dmacIrqs(m, () -> assertTrue(mc.copyPhys(src, dst, data.length)));
        byte[] got = new byte[data.length];
        bus.read(dst, got, 0, got.length);
        assertArrayEquals(data, got);
        // two chunks (0xfffff000+0x1000, 0x100000000+0x1000), one transfer-end interrupt each, no descriptor memory
        assertEquals(List.of("irq " + DMAC1 + ":0", "irq " + DMAC1 + ":0"), irqs);
        assertEquals(List.of(), b.lines("dma_alloc"));
        assertEquals(List.of("dma_map_page: " + DMAC1
                + " dir=TO_DEVICE dma_addr=fffff000 size=8192 phys_addr=fffff000 attrs=",
                "dma_map_page: " + DMAC1 + " dir=BIDIRECTIONAL dma_addr=100100000 size=8192 phys_addr=100100000 attrs="),
                b.lines("dma_map_page"));
        assertEquals(0, m.dmaDebug().errorCount());
    }

    @Test
    public void longMemcpyBelow4GiBUsesADescriptorList() {
        Boards.Booted b = Boards.boot("salvator-x-4g-span.dts", KernelProfile.V6_12, null);
        Machine m = b.machine;
        MemcpyClient mc = new MemcpyClient(m, "dmac1");
        var bus = m.platform().bus();
        long src = 0x5000_0000L;
        long dst = 0x5800_0000L;
        int len = 0x0400_0000;
        bus.write32(src, 0x11223344);
        bus.write32(src + 0x3fffffc, 0x55667788); // the second chunk: the last 4 bytes
        bus.write32(src + 0x3fffff8, 0x99aabbcc);
        List<String> irqs = dmacIrqs(m, () -> assertTrue(mc.copyPhys(src, dst, len)));
        assertEquals(0x11223344, bus.read32(dst));
        assertEquals(0x99aabbcc, bus.read32(dst + 0x3fffff8));
        assertEquals(0x55667788, bus.read32(dst + 0x3fffffc));
        // one interrupt at the end of the list; the list's page came from dma_alloc_coherent() on the DMAC
        assertEquals(List.of("irq " + DMAC1 + ":0"), irqs);
        List<String> allocs = b.lines("dma_alloc");
        assertEquals(allocs.toString(), 1, allocs.size());
        assertTrue(allocs.get(0), allocs.get(0).startsWith("dma_alloc: " + DMAC1 + " dir=BIDIRECTIONAL dma_addr="));
        assertTrue(allocs.get(0), allocs.get(0).contains(" size=4096 "));
    }
}
