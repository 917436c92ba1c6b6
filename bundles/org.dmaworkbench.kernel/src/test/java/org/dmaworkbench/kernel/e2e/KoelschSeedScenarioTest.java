package org.dmaworkbench.kernel.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.clients.UartClient;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacChan;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.junit.Test;

/**
 * The seed scenario of the dma_map_resource() series on R-Car Gen2 (Koelsch, r8a7791): sh-sci transmits on SCIF0
 * (0xe6e60000, TX FIFO SCFTDR at +0x0c, MID/RID 0x29 "tx" / 0x2a "rx") through SYS-DMAC0 (0xe6700000, 15 channels),
 * with the IPMMU-DS (0xe6740000) in front of the DMAC and without it.
 * <p>
 * Expected values, by hand from the kernel sources:
 * <ul>
 * <li>32-bit ARM: the IPMMU driver attaches the DMAC to an ARM IOMMU mapping of {@code arm_iommu_create_mapping(dev,
 * SZ_1G, SZ_2G)}, whose bitmap allocator hands out IOVAs bottom-up from 0x4000_0000 page by page. sh-sci maps first
 * the transmit buffer (one page, {@code sci_request_dma()}: 0x4000_0000), then allocates the RX buffer
 * (2 halves of 2 * max(16, fifosize 16) = 32 bytes, one page: 0x4000_1000); the first TX prep then maps the FIFO:
 * {@code rcar_dmac_map_slave_addr()} calls {@code dma_map_resource(dmac, 0xe6e6000c, 1, DMA_FROM_DEVICE)} (the FIFO
 * is what the DMAC writes), {@code arm_iommu_map_resource()} takes the next page and keeps the offset: 0x4000_200c.</li>
 * <li>rcar-dmac leaves channel 0 unused behind an IOMMU, so the TX channel is channel 1; without the IPMMU it is
 * channel 0.</li>
 * <li>The FIFO page's PTE (LPAE stage 1, level 3 page, {@code arm_lpae_prot_to_pte()} of
 * {@code IOMMU_WRITE | IOMMU_MMIO} with the IPMMU's {@code IO_PGTABLE_QUIRK_ARM_NS}): output 0xe6e60000, nG (bit 11),
 * AF (bit 10), SH outer shareable (2 &lt;&lt; 8), AP unprivileged (bit 6), NS (bit 5), AttrIndx 2 device
 * memory (2 &lt;&lt; 2), page (3): 0xe6e60e6b.</li>
 * <li>dma-debug's dump (6.12 {@code debug_dma_dump_mappings()}): bucket = (dev_addr &gt;&gt; 13) &amp; 16383,
 * cacheline = paddr &gt;&gt; 6.</li>
 * </ul>
 */
public class KoelschSeedScenarioTest {
    private static final long SECOND = VirtualClock.PS_PER_SECOND;
    private static final String DMAC0 = "e6700000.dma-controller";
    private static final String LOGIN = "koelsch login: ";

    private static List<String> texts(List<KernelLogRecord> log, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < log.size(); i++) {
            out.add(log.get(i).text());
        }
        return out;
    }

    private static String cln(long paddr) {
        return String.format("0x%016x", paddr >>> 6);
    }

    @Test
    public void scif0TransmitsThroughTheIpmmu() {
        Boards.Booted b = Boards.boot("koelsch-scif0-dma-ipmmu.dts", KernelProfile.V6_12, null);
        Machine m = b.machine;
        assertSame(KernelArch.ARM32, m.arch());
        Device dmac0 = m.device("dmac0").orElseThrow();
        assertEquals(DMAC0, dmac0.name());
        assertEquals(15, m.rcarDmac("dmac0").orElseThrow().hardware().channelCount());

        UartClient uart = new UartClient(m, "scif0");
        assertEquals(0xe6e60000L, uart.mapbase());
        uart.startup();
        RcarDmacChan tx = (RcarDmacChan) uart.txChannel();
        assertSame(dmac0, tx.dmaDev());
        assertEquals(1, tx.index());
        assertEquals(0x29, tx.midRid());
        assertEquals(0x2a, ((RcarDmacChan) uart.rxChannel()).midRid());
        assertEquals(0x4000_0000L, uart.txDmaAddr());
        assertEquals(0x4000_1000L, uart.rxBuffer().dmaHandle());
        long xmitPhys = m.memory().virtToPhys(uart.xmitBuf());

        List<Integer> sink = new ArrayList<>();
        Scif scif0 = uart.hardware();
        scif0.addSink((port, time, b8) -> sink.add(b8));
        uart.transmit(LOGIN);
        uart.drain(SECOND);

        assertEquals(LOGIN, scif0.transmittedText());
        assertEquals(LOGIN.length(), sink.size());
        assertEquals(List.of("dma_map_resource: " + DMAC0
                + " dir=FROM_DEVICE dma_addr=4000200c size=1 phys_addr=e6e6000c attrs="), b.lines("dma_map_resource"));
        assertEquals(List.of("dma_map_page: " + DMAC0 + " dir=TO_DEVICE dma_addr=40000000 size=4096 phys_addr="
                + Long.toHexString(xmitPhys) + " attrs="), b.lines("dma_map_page"));
        assertEquals(List.of("dma_sync_single_for_device: " + DMAC0 + " dir=TO_DEVICE dma_addr=40000000 size=15"),
                b.lines("dma_sync_single_for_device"));

        // the FIFO page in the IPMMU's page tables
        IoPgtable pgt = dmac0.armIommuMapping().domain().pgtable();
        IoPgtableWalker.Result r = new IoPgtableWalker.Result();
        assertTrue(IoPgtableWalker.walk(m.platform().bus(), pgt.cfg(), pgt.pgd(), 0x4000_200cL, r));
        assertEquals(3, r.level);
        assertEquals(0xe6e6_0e6bL, r.pte);
        assertEquals(0xe6e6_000cL, r.outputAddress);
        assertEquals(0, m.platform().ipmmu("ipmmu_ds").orElseThrow().faultCount());

        int from = m.kernelLog().size();
        m.dmaDebug().debugDmaDumpMappings(dmac0);
        assertEquals(List.of(
                "rcar-dmac " + DMAC0 + ": single idx 0 P=" + String.format("0x%016x", xmitPhys)
                        + " D=40000000 L=1000 cln=" + cln(xmitPhys) + " DMA_TO_DEVICE dma map error checked",
                "rcar-dmac " + DMAC0 + ": coherent idx 0 P=" + String.format("0x%016x", uart.rxBuffer().phys())
                        + " D=40001000 L=40 cln=" + cln(uart.rxBuffer().phys())
                        + " DMA_BIDIRECTIONAL dma map error check not applicable",
                "rcar-dmac " + DMAC0 + ": resource idx 1 P=0x00000000e6e6000c D=4000200c L=1 cln=0x00000000039b9800"
                        + " DMA_FROM_DEVICE dma map error checked"),
                texts(m.kernelLog(), from));

        uart.shutdown();
        assertEquals(List.of("dma_unmap_page: " + DMAC0 + " dir=TO_DEVICE dma_addr=40000000 size=4096 attrs="),
                b.lines("dma_unmap_page"));
        assertEquals(List.of("dma_unmap_resource: " + DMAC0 + " dir=FROM_DEVICE dma_addr=4000200c size=1 attrs="),
                b.lines("dma_unmap_resource"));
        assertEquals(0, m.dmaDebug().errorCount());
        assertEquals(0, m.dmaDebug().liveEntries());
    }

    @Test
    public void scif0TransmitsWithIdentityAddressesWithoutTheIpmmu() {
        Boards.Booted b = Boards.boot("koelsch-scif0-dma.dts", KernelProfile.V6_12, null);
        Machine m = b.machine;
        Device dmac0 = m.device("dmac0").orElseThrow();
        assertNull(dmac0.armIommuMapping());

        UartClient uart = new UartClient(m, "scif0");
        uart.startup();
        RcarDmacChan tx = (RcarDmacChan) uart.txChannel();
        assertSame(dmac0, tx.dmaDev());
        assertEquals(0, tx.index());
        long xmitPhys = m.memory().virtToPhys(uart.xmitBuf());
        assertEquals(xmitPhys, uart.txDmaAddr());

        uart.transmit(LOGIN);
        uart.drain(SECOND);
        assertEquals(LOGIN, uart.hardware().transmittedText());
        assertEquals(List.of("dma_map_resource: " + DMAC0
                + " dir=FROM_DEVICE dma_addr=e6e6000c size=1 phys_addr=e6e6000c attrs="), b.lines("dma_map_resource"));
        assertEquals(List.of("dma_map_page: " + DMAC0 + " dir=TO_DEVICE dma_addr=" + Long.toHexString(xmitPhys)
                + " size=4096 phys_addr=" + Long.toHexString(xmitPhys) + " attrs="), b.lines("dma_map_page"));

        int from = m.kernelLog().size();
        m.dmaDebug().debugDmaDumpMappings(dmac0);
        List<String> dump = texts(m.kernelLog(), from);
        assertEquals(3, dump.size());
        // 0xe6e6000c >> 13 = 0x73730, & 0x3fff = 0x3730 = 14128
        assertTrue(dump.toString(), dump.contains("rcar-dmac " + DMAC0 + ": resource idx 14128 P=0x00000000e6e6000c"
                + " D=e6e6000c L=1 cln=0x00000000039b9800 DMA_FROM_DEVICE dma map error checked"));
        uart.shutdown();
        assertEquals(0, m.dmaDebug().errorCount());
    }
}
