package org.dmaworkbench.kernel.drivers.rcardmac;

import static org.dmaworkbench.kernel.drivers.rcardmac.KoelschSlaveFixture.MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaStatus;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.dmaengine.DmaTxState;
import org.dmaworkbench.kernel.dmaengine.DmaengineResult;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.junit.Before;
import org.junit.Test;

/**
 * rcar-dmac slave transfers to SCIF0 on Koelsch with SYS-DMAC 0 behind the IPMMU: the FIFO mapped with
 * dma_map_resource() in the prep call, registers as rcar_dmac_chan_start_xfer() programs them, the data through
 * the IPMMU into the SCIF.
 * <p>
 * IOVAs follow arm_iommu's __alloc_iova() by hand (first fit from 0x4000_0000, one page each): the client's buffer
 * gets 0x4000_0000, the FIFO page 0x4000_1000 (so SCFTDR at 0x4000_100c), the hardware descriptors 0x4000_2000.
 * CHCR values from the bit definitions: SM_INC 0x1000 | RS_DMARS 0x800 | TS_1B 0 | IE 4 | DE 1 | CAIE 0x4000_0000.
 */
public class RcarDmacSlaveTest {
    private KoelschSlaveFixture f;
    private ArmIommuMapping mapping;

    @Before
    public void setUp() {
        f = new KoelschSlaveFixture();
        mapping = f.dmacDev.armIommuMapping();
    }

    private long mapBuffer(String text) {
        long pa = f.pageWith(text);
        long iova = f.m.dma().dmaMapPage(f.dmacDev, pa, 0, 4096, DmaDirection.TO_DEVICE);
        assertEquals(0x4000_0000L, iova);
        return iova;
    }

    private static Scatterlist[] sg(long... addrLen) {
        Scatterlist[] sgl = Scatterlist.table(addrLen.length / 2);
        for (int i = 0; i < sgl.length; i++) {
            sgl[i].setDma(addrLen[2 * i], (int) addrLen[2 * i + 1]);
        }
        return sgl;
    }

    @Test
    public void oneChunkRunsInRegisterModeThroughTheIpmmu() {
        RcarDmacChan chan = f.txChannel();
        assertEquals(1, chan.index());
        assertEquals("dma0chan0", chan.chanName());
        assertEquals(0, chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1)));
        long buf = mapBuffer("koelsch login: ");
        DmaAsyncTxDescriptor tx = chan.prepSlaveSg(sg(buf, 15), 1, DmaTransferDirection.MEM_TO_DEV,
                DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
        // the FIFO is mapped at prep time, DMA direction inverted (the device writes it: DMA_FROM_DEVICE)
        assertEquals(0x4000_100cL, chan.mapAddr());
        assertEquals(DmaDirection.FROM_DEVICE, chan.mapDir());
        assertEquals(0xe6e6_000cL, mapping.domain().iovaToPhys(0x4000_100cL));
        assertFalse(((RcarDmacDesc) tx).hwdescsUse());
        List<DmaengineResult> results = new ArrayList<>();
        tx.setCallbackResult(results::add);
        int cookie = DmaEngine.dmaengineSubmit(tx);
        assertEquals(2, cookie);
        // submitted, not issued: nothing runs, so rcar_dmac_chan_get_residue() returns 0 and
        // rcar_dmac_tx_status() reports the cookie complete (the kernel's behaviour)
        assertEquals(DmaStatus.COMPLETE, DmaEngine.dmaAsyncIsTxComplete(chan, cookie, null));
        DmaEngine.dmaAsyncIssuePending(chan);
        assertEquals(DmaStatus.IN_PROGRESS, DmaEngine.dmaAsyncIsTxComplete(chan, cookie, null));
        assertEquals(0x29, f.ch1(0x40) & 0xffff);
        assertEquals(0x4000_0000, f.ch1(0x00));
        assertEquals(0x4000_100c, f.ch1(0x04));
        assertEquals(15, f.ch1(0x08));
        assertEquals(0x4000_1805, f.ch1(0x0c));
        assertTrue(f.runUntil(() -> !results.isEmpty(), 10 * MS));
        assertEquals(List.of(DmaengineResult.NOERROR), results);
        assertTrue(f.runUntil(() -> f.scif0.transmittedText().length() == 15, 10 * MS));
        assertEquals("koelsch login: ", f.scif0.transmittedText());
        // rcar_dmac_isr_channel() cleared TE and DE; TCR counted down to 0
        assertEquals(0x4000_1804, f.ch1(0x0c));
        assertEquals(0, f.ch1(0x08));
        DmaTxState st = new DmaTxState();
        assertEquals(DmaStatus.COMPLETE, DmaEngine.dmaengineTxStatus(chan, cookie, st));
        assertEquals(2, st.last);
        assertEquals(List.of(), f.newLog());
    }

    @Test
    public void twoChunksInOneRegionUseAHardwareDescriptorList() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        long buf = mapBuffer("koelsch login: ");
        RcarDmacDesc desc = (RcarDmacDesc) chan.prepSlaveSg(sg(buf, 8, buf + 8, 7), 2,
                DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_PREP_INTERRUPT);
        assertTrue(desc.hwdescsUse());
        assertEquals(0x4000_2000L, desc.hwdescsDma());
        assertEquals(4096, desc.hwdescsSize());
        // rcar_dmac_hw_desc {sar, dar, tcr, reserved} in the coherent buffer
        long pa = f.m.memory().virtToPhys(desc.hwdescsMem());
        var bus = f.m.platform().bus();
        assertEquals(0x4000_0000, bus.read32(pa));
        assertEquals(0x4000_100c, bus.read32(pa + 4));
        assertEquals(8, bus.read32(pa + 8));
        assertEquals(0x4000_0008, bus.read32(pa + 16));
        assertEquals(0x4000_100c, bus.read32(pa + 20));
        assertEquals(7, bus.read32(pa + 24));
        int[] calls = {0};
        desc.setCallback(() -> calls[0]++);
        desc.txSubmit();
        chan.issuePending();
        assertEquals(0x4000_2001, f.ch1(0x50)); // DPBASE | SEL
        assertEquals(0x0100_0000, f.ch1(0x1c)); // CHCRB: DCNT 1, DRST self-clearing
        assertEquals(0x4000_100c, f.ch1(0x04)); // the errata's DAR write
        assertEquals(0x0100_0000, f.ch1(0x54)); // DPCR: DIPT 1
        // + RPT_SAR|RPT_DAR|RPT_TCR 0x0e00_0000, DPB 0x40_0000, DPM_ENABLED 0x1000_0000
        assertEquals(0x5e40_1805, f.ch1(0x0c));
        assertTrue(f.runUntil(() -> calls[0] == 1, 10 * MS));
        assertTrue(f.runUntil(() -> f.scif0.transmittedText().length() == 15, 10 * MS));
        assertEquals("koelsch login: ", f.scif0.transmittedText());
        assertEquals(0x5e40_1804, f.ch1(0x0c));
        assertEquals(List.of(), f.newLog());
    }

    @Test
    public void slaveAddressIsMappedOnceReusedRemappedOnChangeAndUnmappedAtRelease() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        long buf = mapBuffer("0123456789abcdef");
        f.events.clear();
        DmaAsyncTxDescriptor a = chan.prepSlaveSg(sg(buf, 4), 1, DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_CTRL_ACK);
        DmaAsyncTxDescriptor b = chan.prepSlaveSg(sg(buf + 4, 4), 1, DmaTransferDirection.MEM_TO_DEV,
                DmaEngine.DMA_CTRL_ACK);
        assertEquals(List.of("dma_map_resource"), f.eventNames());
        assertTrue(f.events.stream().filter(e -> e.name().equals("dma_map_resource")).findFirst().orElseThrow()
                .fields().contains(" dir=FROM_DEVICE "));
        a.txSubmit();
        b.txSubmit();
        chan.issuePending();
        assertTrue(f.runUntil(() -> f.scif0.transmittedText().length() == 8, 10 * MS));
        assertEquals("01234567", f.scif0.transmittedText());
        // a 2-byte FIFO width is another mapping: the old one goes first, first fit gives the same page back
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_2));
        assertEquals(0x4000_100cL, chan.mapAddr());
        chan.prepSlaveSg(sg(buf + 8, 8), 1, DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_CTRL_ACK).txSubmit();
        assertEquals(List.of("dma_map_resource", "dma_unmap_resource", "dma_map_resource"), f.eventNames());
        assertEquals(2, chan.mapXferSize());
        assertEquals(0x4000_100cL, chan.mapAddr());
        assertTrue(mapping.isAllocated(0x4000_1000L));
        // dma_release_channel(): rcar_dmac_free_chan_resources() unmaps the FIFO, the page is free again
        f.m.dmaEngine().dmaReleaseChannel(chan);
        assertEquals("dma_unmap_resource", f.eventNames().get(3));
        assertEquals(4, f.eventNames().size());
        assertFalse(mapping.isAllocated(0x4000_1000L));
        assertEquals(0L, mapping.domain().iovaToPhys(0x4000_100cL));
        assertEquals(0, chan.mapXferSize());
        assertFalse(f.dmac0.isModuleInUse(0x29));
        // the channel was halted: DE, IE and CAIE cleared
        assertEquals(0, f.ch1(0x0c) & 0x4000_0005);
        assertEquals(0, chan.descriptorPages());
        // dma-debug saw every map matched by an unmap of the same size and direction
        assertEquals(List.of(), f.newLog());
    }

    @Test
    public void badSlaveParametersAreRefusedAsTheDriverWarns() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        assertNull(chan.prepSlaveSg(Scatterlist.table(1), 0, DmaTransferDirection.MEM_TO_DEV, 0));
        assertEquals(List.of("rcar-dmac e6700000.dma-controller: rcar_dmac_prep_slave_sg: bad parameter: len=0, id=41"),
                f.newLog());
    }

    @Test
    public void terminateStopsTheChannelAndDropsTheDescriptors() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        long buf = mapBuffer("x".repeat(4096));
        int[] calls = {0};
        DmaAsyncTxDescriptor tx = chan.prepSlaveSg(sg(buf, 4096), 1, DmaTransferDirection.MEM_TO_DEV, 0);
        tx.setCallback(() -> calls[0]++);
        int cookie = tx.txSubmit();
        chan.issuePending();
        // 115200 baud: 86.8 us a character; after 5 ms about 57 characters went out
        f.m.runFor(5 * MS);
        var hwch = f.dmac0.hardware().channel(1);
        DmaTxState st = new DmaTxState();
        assertEquals(DmaStatus.IN_PROGRESS, chan.txStatus(cookie, st));
        assertEquals(4096 - hwch.bytesMoved(), st.residue);
        assertTrue(st.residue > 4000 && st.residue < 4096);
        // dmaengine_pause(): DE cleared, the channel keeps its place
        assertEquals(0, chan.pause());
        assertEquals(0x4000_1804, f.ch1(0x0c));
        long paused = hwch.bytesMoved();
        f.m.runFor(2 * MS);
        assertEquals(paused, hwch.bytesMoved());
        assertEquals(DmaStatus.IN_PROGRESS, chan.txStatus(cookie, st));
        assertEquals(4096 - paused, st.residue);
        assertEquals(0, DmaEngine.dmaengineTerminateSync(chan));
        // halted: DSE, DSIE, IE, TE, DE, CAE, CAIE cleared; SM_INC | RS_DMARS stay
        assertEquals(0x1800, f.ch1(0x0c));
        long moved = hwch.bytesMoved();
        f.m.runFor(5 * MS);
        assertEquals(moved, hwch.bytesMoved());
        assertEquals(0, calls[0]);
        assertNull(chan.runningDesc());
        // no running descriptor: rcar_dmac_tx_status() finds no residue and calls the cookie complete
        assertEquals(DmaStatus.COMPLETE, chan.txStatus(cookie, new DmaTxState()));
        // the channel is usable again
        DmaAsyncTxDescriptor again = chan.prepSlaveSg(sg(buf, 3), 1, DmaTransferDirection.MEM_TO_DEV, 0);
        again.setCallback(() -> calls[0]++);
        assertEquals(cookie + 1, again.txSubmit());
        chan.issuePending();
        assertTrue(f.runUntil(() -> calls[0] == 1, 10 * MS));
        assertEquals(List.of(), f.newLog());
    }

    @Test
    public void cyclicTransferCallsBackEveryPeriodUntilTerminated() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        long buf = mapBuffer("AAAABBBBCCCCDDDD");
        DmaAsyncTxDescriptor tx = DmaEngine.dmaenginePrepDmaCyclic(chan, buf, 16, 4, DmaTransferDirection.MEM_TO_DEV,
                DmaEngine.DMA_PREP_INTERRUPT);
        RcarDmacDesc desc = (RcarDmacDesc) tx;
        assertTrue(desc.cyclic());
        assertTrue(desc.hwdescsUse());
        assertEquals(4, desc.chunks().size());
        int[] periods = {0};
        tx.setCallback(() -> periods[0]++);
        int cookie = tx.txSubmit();
        chan.issuePending();
        // DPM_INFINITE 0x3000_0000 | DSIE 0x4_0000 instead of DPM_ENABLED | IE
        assertEquals(0x7e44_1801, f.ch1(0x0c));
        assertTrue(f.runUntil(() -> f.scif0.transmittedText().length() >= 24, 20 * MS));
        assertEquals("AAAABBBBCCCCDDDDAAAABBBB", f.scif0.transmittedText().substring(0, 24));
        // one callback per period the channel finished
        var hwch = f.dmac0.hardware().channel(1);
        assertTrue(f.runUntil(() -> periods[0] == hwch.bytesMoved() / 4, 1 * MS));
        assertTrue(periods[0] >= 6);
        DmaTxState st = new DmaTxState();
        assertEquals(DmaStatus.IN_PROGRESS, chan.txStatus(cookie, st));
        chan.terminateSync();
        int after = periods[0];
        int sent = f.scif0.transmittedText().length();
        f.m.runFor(20 * MS);
        assertEquals(after, periods[0]);
        assertTrue(f.scif0.transmittedText().length() <= sent + 16);
        assertEquals(List.of(), f.newLog());
    }

    @Test
    public void iommuFaultIsReportedByTheIpmmuAndTheDmacAndTheClientGetsNoCallback() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        int[] calls = {0};
        // 0x5000_0000 lies in the ARM mapping but nothing is mapped there
        DmaAsyncTxDescriptor tx = chan.prepSlaveSg(sg(0x5000_0000L, 16), 1, DmaTransferDirection.MEM_TO_DEV, 0);
        tx.setCallback(() -> calls[0]++);
        int cookie = tx.txSubmit();
        chan.issuePending();
        f.m.runFor(1 * MS);
        assertEquals(List.of("ipmmu-vmsa e6740000.iommu: Unhandled fault: status 0x00000001 iova 0x50000000",
                "rcar-dmac e6700000.dma-controller: Channel Address Error"), f.newLog());
        assertTrue(f.events.stream().anyMatch(e -> e.name().equals("io_page_fault")));
        assertEquals(0, calls[0]);
        // DMACHCLR cleared the channel; DMAOR.AE stays set (6.12 has no error interrupt handler)
        assertEquals(0, f.ch1(0x0c));
        assertEquals(0x0005, f.m.platform().bus().read16(KoelschSlaveFixture.DMAC0 + 0x60));
        // IMSTR was cleared by ipmmu_domain_irq()
        assertEquals(0, f.reg(0xe6740800L + 0x20));
        assertEquals(DmaStatus.COMPLETE, chan.txStatus(cookie, new DmaTxState()));
        assertEquals("", f.scif0.transmittedText());
    }

    @Test
    public void dmaDebugShowsTheDriverFramesOfTheFifoMapping() {
        RcarDmacChan chan = f.txChannel();
        chan.slaveConfig(KoelschSlaveFixture.txConfig(DmaSlaveBuswidth.BYTES_1));
        long buf = mapBuffer("abcd");
        chan.prepSlaveSg(sg(buf, 4), 1, DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_CTRL_ACK).txSubmit();
        // a buggy caller unmapping the FIFO with the wrong size: dma-debug prints where it was mapped
        f.m.dma().dmaUnmapResource(f.dmacDev, chan.mapAddr(), 4, DmaDirection.FROM_DEVICE, 0);
        var rec = f.m.kernelLog().get(f.m.kernelLog().size() - 1);
        assertEquals("DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA memory with different size "
                + "[device address=0x000000004000100c] [map size=1 bytes] [unmap size=4 bytes]", rec.text());
        var st = f.m.callStack();
        assertEquals(List.of("DMA-API: Mapped at:", st.lineFor("debug_dma_map_resource"), st.lineFor("dma_map_resource"),
                st.lineFor("rcar_dmac_map_slave_addr"), st.lineFor("rcar_dmac_prep_slave_sg")), rec.mappedAt());
        assertEquals(0, st.depth());
    }
}
