package org.dmaworkbench.kernel.drivers.rcardmac;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.DmaStatus;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.dmaengine.DmaTxState;
import org.dmaworkbench.kernel.dmaengine.OfDmaSpec;
import org.dmaworkbench.kernel.machine.Boards;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.junit.Before;
import org.junit.Test;

/**
 * rcar_dmac_chan_prep_sg() chunking on Salvator-X (arm64, dma-direct: DMA addresses are physical), with an extra
 * 16 MiB of RAM just below 0x5_0000_0000 so a buffer can span the 4 GiB boundary:
 * chunks of at most {@code RCAR_DMATCR_MASK << xfer_shift} bytes, none crossing a 4 GiB boundary, a descriptor
 * list exactly when there is more than one chunk and nothing crossed.
 * <p>
 * memcpy CHCR: DM_INC 0x4000 | SM_INC 0x1000 | RS_AUTO 0x400 | TS_4B 0x10, plus IE 4 | DE 1 | CAIE 0x4000_0000.
 */
public class RcarDmacChunkTest {
    private static final String SALVATOR_X_4G = "#include \"arm64/renesas/r8a77951-salvator-x.dts\"\n"
            + "/ { memory@4ff000000 { device_type = \"memory\"; reg = <0x4 0xff000000 0x0 0x01000000>; }; };\n";
    /** dmac0's channel 0 (nothing in front of it: all channels usable) */
    private static final long CH0 = 0xe670_0000L + 0x8000;

    private Machine m;
    private Bus bus;
    private int bootLog;

    @Before
    public void setUp() {
        m = Machine.boot(Boards.platform("salvator-x-4g.dts", SALVATOR_X_4G), null, new MachineOptions());
        bus = m.platform().bus();
        bootLog = m.kernelLog().size();
    }

    private List<String> newLog() {
        return m.kernelLog().subList(bootLog, m.kernelLog().size()).stream().map(KernelLogRecord::text)
                .collect(Collectors.toList());
    }

    private RcarDmacChan memcpyChannel() {
        return (RcarDmacChan) m.dmaEngine().dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY);
    }

    @Test
    public void memcpyInOneChunkRunsInRegisterMode() {
        RcarDmacChan chan = memcpyChannel();
        assertEquals("dma0chan0", chan.chanName());
        assertEquals(0, chan.index());
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        bus.write(0x5000_0000L, data, 0, 64);
        RcarDmacDesc d = (RcarDmacDesc) chan.prepDmaMemcpy(0x5800_0000L, 0x5000_0000L, 64, DmaEngine.DMA_PREP_INTERRUPT);
        assertFalse(d.hwdescsUse());
        assertEquals(List.of(new RcarDmacDesc.XferChunk(0x5000_0000L, 0x5800_0000L, 64)), d.chunks());
        int[] done = {0};
        d.setCallback(() -> done[0]++);
        int cookie = d.txSubmit();
        chan.issuePending();
        assertEquals(0x5000_0000, bus.read32(CH0));
        assertEquals(0x5800_0000, bus.read32(CH0 + 4));
        assertEquals(16, bus.read32(CH0 + 8));
        assertEquals(0x4000_5415, bus.read32(CH0 + 0x0c));
        assertTrue(m.runUntil(() -> done[0] == 1, m.clock().now() + VirtualClock.PS_PER_US * 100));
        byte[] out = new byte[64];
        bus.read(0x5800_0000L, out, 0, 64);
        assertArrayEquals(data, out);
        assertEquals(0x4000_5414, bus.read32(CH0 + 0x0c));
        assertEquals(DmaStatus.COMPLETE, chan.txStatus(cookie, new DmaTxState()));
        assertEquals(List.of(), newLog());
    }

    @Test
    public void memcpyOver24BitCountIsSplitAndUsesADescriptorList() {
        RcarDmacChan chan = memcpyChannel();
        // 4-byte units: at most 0xff_ffff units = 0x3ff_fffc bytes per chunk
        RcarDmacDesc d = (RcarDmacDesc) chan.prepDmaMemcpy(0x6_0000_0000L, 0x5_0000_0000L, 0x400_0000L, 0);
        assertEquals(List.of(new RcarDmacDesc.XferChunk(0x5_0000_0000L, 0x6_0000_0000L, 0x3ff_fffc),
                new RcarDmacDesc.XferChunk(0x5_03ff_fffcL, 0x6_03ff_fffcL, 4)), d.chunks());
        assertTrue(d.hwdescsUse());
        long pa = m.memory().virtToPhys(d.hwdescsMem());
        assertEquals(pa, d.hwdescsDma()); // dma-direct
        assertEquals(0x0000_0000, bus.read32(pa));
        assertEquals(0x0000_0000, bus.read32(pa + 4));
        assertEquals(0xff_ffff, bus.read32(pa + 8));
        assertEquals(0x03ff_fffc, bus.read32(pa + 16));
        assertEquals(0x03ff_fffc, bus.read32(pa + 20));
        assertEquals(1, bus.read32(pa + 24));
        d.txSubmit();
        chan.issuePending();
        // the high address bits of the first chunk go to FIXSAR/FIXDAR, the list's to FIXDPBASE
        assertEquals(5, bus.read32(CH0 + 0x10));
        assertEquals(6, bus.read32(CH0 + 0x14));
        assertEquals((int) (d.hwdescsDma() >>> 32), bus.read32(CH0 + 0x60));
        assertEquals((int) d.hwdescsDma() | 1, bus.read32(CH0 + 0x50));
        assertEquals(0x0100_0000, bus.read32(CH0 + 0x1c));
        assertEquals(0x5e40_5415, bus.read32(CH0 + 0x0c));
        assertEquals(0, chan.terminateSync());
        // rcar_dmac_chan_halt(): DSE, DSIE, IE, TE, DE, CAE, CAIE cleared
        assertEquals(0x1e40_5410, bus.read32(CH0 + 0x0c));
        m.dmaEngine().dmaReleaseChannel(chan);
        assertEquals(List.of(), newLog());
    }

    @Test
    public void slaveSgOver24BitCountAtOneByteWidth() {
        RcarDmacChan chan = (RcarDmacChan) m.rcarDmac("dmac1").orElseThrow().engine()
                .ofDmaXlate(new OfDmaSpec("rx", "/soc/dma-controller@e7300000", new int[] {0x52}));
        chan.slaveConfig(new DmaSlaveConfig().srcAddr(0xe6e8_8014L).srcAddrWidth(DmaSlaveBuswidth.BYTES_1));
        Scatterlist[] sgl = Scatterlist.table(1);
        sgl[0].setDma(0x5_0000_0000L, 0x100_0001);
        RcarDmacDesc d = (RcarDmacDesc) chan.prepSlaveSg(sgl, 1, DmaTransferDirection.DEV_TO_MEM, 0);
        // dma-direct: the FIFO's DMA address is its physical address
        assertEquals(0xe6e8_8014L, chan.mapAddr());
        assertEquals(List.of(new RcarDmacDesc.XferChunk(0xe6e8_8014L, 0x5_0000_0000L, 0xff_ffff),
                new RcarDmacDesc.XferChunk(0xe6e8_8014L, 0x5_00ff_ffffL, 2)), d.chunks());
        // the FIFO (high word 0) and the buffer (high word 5) differ, but within the list each stays the same
        assertTrue(d.hwdescsUse());
        assertEquals(0x100_0001L, d.size());
        m.dmaEngine().dmaReleaseChannel(chan);
        assertEquals(List.of(), newLog());
    }

    @Test
    public void chunksNeverCrossA4GiBBoundaryAndThenNoDescriptorListIsUsed() {
        RcarDmacChan chan = memcpyChannel();
        byte[] data = new byte[0x1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i ^ (i >> 8));
        }
        bus.write(0x5000_0000L, data, 0, data.length);
        RcarDmacDesc d = (RcarDmacDesc) chan.prepDmaMemcpy(0x4_ffff_f800L, 0x5000_0000L, 0x1000, 0);
        assertEquals(List.of(new RcarDmacDesc.XferChunk(0x5000_0000L, 0x4_ffff_f800L, 0x800),
                new RcarDmacDesc.XferChunk(0x5000_0800L, 0x5_0000_0000L, 0x800)), d.chunks());
        assertFalse(d.hwdescsUse());
        assertEquals(0, d.hwdescsMem());
        int[] done = {0};
        d.setCallback(() -> done[0]++);
        int cookie = d.txSubmit();
        chan.issuePending();
        assertEquals(4, bus.read32(CH0 + 0x14));
        assertEquals(0xffff_f800, bus.read32(CH0 + 4));
        assertEquals(0x200, bus.read32(CH0 + 8));
        DmaTxState st = new DmaTxState();
        assertEquals(DmaStatus.IN_PROGRESS, chan.txStatus(cookie, st));
        assertEquals(0x1000, st.residue);
        // the first chunk's transfer end: rcar_dmac_isr_transfer_end() programs the second, no callback yet
        assertTrue(m.runUntil(() -> bus.read32(CH0 + 0x14) == 5, m.clock().now() + VirtualClock.PS_PER_US * 100));
        assertEquals(0, bus.read32(CH0 + 4));
        assertEquals(0x5000_0800, bus.read32(CH0));
        assertEquals(0, done[0]);
        assertEquals(DmaStatus.IN_PROGRESS, chan.txStatus(cookie, st));
        assertEquals(0x800, st.residue);
        assertTrue(m.runUntil(() -> done[0] == 1, m.clock().now() + VirtualClock.PS_PER_US * 100));
        byte[] out = new byte[0x1000];
        bus.read(0x4_ffff_f800L, out, 0, 0x800); // two RAM regions: the bus reads each on its own
        bus.read(0x5_0000_0000L, out, 0x800, 0x800);
        assertArrayEquals(data, out);
        assertEquals(List.of(), newLog());
    }
}
