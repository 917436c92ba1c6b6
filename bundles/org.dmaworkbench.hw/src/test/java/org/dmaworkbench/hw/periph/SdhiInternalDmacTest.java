package org.dmaworkbench.hw.periph;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.time.VirtualClock;
import org.junit.Test;

/**
 * The internal DMAC of a Gen3 SDHI (ee100000.mmc of r8a77951.dtsi: reg = &lt;0 0xee100000 0 0x2000&gt;, iommus =
 * &lt;&amp;ipmmu_ds1 32&gt;), programmed as renesas_sdhi_internal_dmac.c and tmio_mmc_core.c do. Register offsets
 * and bits from renesas_sdhi_internal_dmac.c lines 28-60 (DM_CM_DTRAN_MODE 0x820 ... DM_DTRAN_ADDR 0x880,
 * CH_NUM_CH1 BIT(16), BUS_WIDTH BIT(5)|BIT(4), ADDR_MODE BIT(0), DM_START BIT(0), DTRANRST1/0 BIT(9)/BIT(8),
 * DTRANEND1 BIT(20), DTRANEND0 BIT(16), DTRANERR1/0 BIT(17)/BIT(16)); the TMIO registers at CTL_x &lt;&lt; 2
 * (bus_shift 2 of of_data_rcar_gen3). Times by hand: a block is 512 bytes at the card's 25 MB/s = 20 480 000 ps
 * and the DMA's move of it at 1 GB/s = 512 000 ps, one after the other.
 */
public class SdhiInternalDmacTest {
    static final long SDHI0 = 0xee10_0000L;
    static final long IPMMU = 0xe774_0000L;
    static final int CMD18_READ_MULTI = 18 | 0x0400 | 0x0800 | 0x1000 | 0x2000; // RESP_R1|DATA_PRESENT|READ|MULTI
    static final int CMD25_WRITE_MULTI = 25 | 0x0400 | 0x0800 | 0x2000;
    static final long BLOCK_PS = 20_480_000L;
    static final long DMA_PS = 512_000L;

    final VirtualClock clock = new VirtualClock();
    final Bus bus = new Bus();
    final Sdhi sdhi = Sdhi.internalDmac("mmc@ee100000", bus, clock);
    final BlockImage card = BlockImage.inMemory(64);
    final List<Long> irqs = new ArrayList<>();

    public SdhiInternalDmacTest() {
        bus.addRam("/memory@48000000", new SparseRam(0x4800_0000L, 0x0800_0000L));
        bus.addMmio("/soc/mmc@ee100000", SDHI0, 0x2000, sdhi);
        sdhi.insert(card);
        for (int b = 0; b < 64; b++) {
            byte[] d = new byte[512];
            for (int i = 0; i < 512; i++) {
                d[i] = (byte) (b * 7 + i);
            }
            card.writeBlock(b, d, 0);
        }
        sdhi.setInterruptHandler(s -> irqs.add(clock.now()));
    }

    private void ctl16(int ctl, int v) {
        bus.write16(SDHI0 + (ctl << 2), v);
    }

    private int status() {
        return bus.read16(SDHI0 + (0x1c << 2)) | bus.read16(SDHI0 + (0x1e << 2)) << 16;
    }

    private byte[] blocks(int first, int n) {
        byte[] out = new byte[n * 512];
        for (int b = 0; b < n; b++) {
            card.readBlock(first + b, out, b * 512);
        }
        return out;
    }

    /** start_dma + start_command + the dma_issue work's DM_START, for {@code blocks} blocks at {@code lba}. */
    private void dmaRequest(int cmd, boolean read, long addr, int lba, int blocks) {
        ctl16(0x26, 512);                                     // CTL_SD_XFER_LEN
        bus.write32(SDHI0 + (0x0a << 2), blocks);             // CTL_XFER_BLK_COUNT, sd_ctrl_write32()
        bus.write32(SDHI0 + 0x848, ~((1 << 16) | (1 << 20))); // DM_CM_INFO1_MASK = ~dma_irqs
        ctl16(0xd8, 1 << 1);                                  // CTL_DMA_ENABLE = DMA_ENABLE_DMASDRW
        bus.write32(SDHI0 + 0x820, 0x30 | 1 | (read ? 1 << 16 : 0)); // DM_CM_DTRAN_MODE
        bus.write32(SDHI0 + 0x880, (int) addr);               // DM_DTRAN_ADDR
        ctl16(0x04, lba & 0xffff);                            // CTL_ARG_REG
        ctl16(0x06, lba >>> 16);
        ctl16(0x00, cmd);                                     // CTL_SD_CMD
        bus.write32(SDHI0 + 0x828, 1);                        // DM_CM_DTRAN_CTRL = DTRAN_CTRL_DM_START
    }

    @Test
    public void readOfEightBlocksGoesToMemoryAndEndsWithDtranend1AndDataend() {
        dmaRequest(CMD18_READ_MULTI, true, 0x4810_0000L, 3, 8);
        clock.runUntilIdle(1000);
        byte[] got = new byte[8 * 512];
        bus.read(0x4810_0000L, got, 0, got.length);
        assertArrayEquals(blocks(3, 8), got);
        assertEquals(1 << 20, bus.read32(SDHI0 + 0x840));          // DM_CM_INFO1: DTRANEND1
        assertEquals(0, bus.read32(SDHI0 + 0x850));                // DM_CM_INFO2: no error
        assertTrue((status() & (1 << 2)) != 0);                    // TMIO_STAT_DATAEND
        assertEquals(8 * 512, sdhi.dmaBytesMoved());
        // the line was asserted once, when DTRANEND1 (unmasked) was set after the 8th block's move
        assertEquals(List.of(8 * (BLOCK_PS + DMA_PS)), irqs);
        // renesas_sdhi_internal_dmac_dma_irq(): writel(status ^ dma_irqs) clears DTRANEND1 and sets nothing
        int info1 = bus.read32(SDHI0 + 0x840);
        bus.write32(SDHI0 + 0x840, info1 ^ ((1 << 16) | (1 << 20)));
        assertEquals(0, bus.read32(SDHI0 + 0x840));
        assertFalse(sdhi.irqAsserted());
    }

    @Test
    public void writeOfFourBlocksTakesTheDataFromMemory() {
        byte[] data = new byte[4 * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 5 + 3);
        }
        bus.write(0x4820_0000L, data, 0, data.length);
        dmaRequest(CMD25_WRITE_MULTI, false, 0x4820_0000L, 40, 4);
        clock.runUntil(4 * DMA_PS + 3 * BLOCK_PS + 1);
        // DTRANEND0 once the 4th block has been fetched; the card still programs it
        assertEquals(1 << 16, bus.read32(SDHI0 + 0x840));
        assertEquals(0, status() & (1 << 2));
        clock.runUntilIdle(1000);
        assertTrue((status() & (1 << 2)) != 0);
        assertArrayEquals(data, blocks(40, 4));
    }

    @Test
    public void behindAnEnabledMicroTlbTheAddressIsAnIovaAndAnUnmappedOneIsADtranerr() {
        Ipmmu ipmmu = new Ipmmu("iommu@e7740000", IpmmuFeatures.RCAR_GEN3, bus);
        bus.addMmio("/soc/iommu@e7740000", IPMMU, 0x1000, ipmmu);
        sdhi.setIommu(ipmmu, 32);
        // LPAE tables at 0x4900_0000 mapping IOVA 0xfffff000 to 0x4830_0000 (NSTable, NS, AF, AP rw, normal)
        bus.write64(0x4900_0000L + 3 * 8, 0x8000_0000_4900_1003L);
        bus.write64(0x4900_1000L + 511 * 8, 0x8000_0000_4900_2003L);
        bus.write64(0x4900_2000L + 511 * 8, 0x4830_0000L | 0xf67);
        ipmmu.writeContextRegister(1, Ipmmu.IMTTLBR0, 0x4900_0000);
        ipmmu.writeContextRegister(1, Ipmmu.IMTTUBR0, 0);
        ipmmu.writeContextRegister(1, Ipmmu.IMCTR, Ipmmu.IMCTR_MMUEN);
        ipmmu.writeImuctr(32, (1 << 4) | Ipmmu.IMUCTR_MMUEN);

        dmaRequest(CMD18_READ_MULTI, true, 0xfffff000L, 0, 8);
        clock.runUntilIdle(1000);
        byte[] got = new byte[8 * 512];
        bus.read(0x4830_0000L, got, 0, got.length);
        assertArrayEquals(blocks(0, 8), got);
        assertEquals(1, ipmmu.walks()); // one page, one walk; the other blocks hit the TLB
        assertEquals(0, ipmmu.faultCount());

        // 0xffffe000 is not mapped: the first block's move faults, DTRANERR1, the channel stops
        bus.write32(SDHI0 + 0x840, 0);
        dmaRequest(CMD18_READ_MULTI, true, 0xffffe000L, 0, 2);
        clock.runUntilIdle(1000);
        assertEquals(1 << 17, bus.read32(SDHI0 + 0x850));
        assertEquals(0, bus.read32(SDHI0 + 0x840));
        assertEquals(1, ipmmu.faultCount());
        assertEquals(0xffffe000L, ipmmu.faults().get(0).iova());
        assertEquals(8 * 512, sdhi.dmaBytesMoved());
    }

    @Test
    public void resettingTheRunningChannelStopsIt() {
        dmaRequest(CMD18_READ_MULTI, true, 0x4810_0000L, 0, 8);
        clock.runUntil(2 * (BLOCK_PS + DMA_PS) + 1);
        assertEquals(2 * 512, sdhi.dmaBytesMoved());
        // renesas_sdhi_internal_dmac_abort_dma(): RST_RESERVED_BITS & ~(DTRANRST1 | DTRANRST0), then all ones
        bus.write32(SDHI0 + 0x830, ~((1 << 9) | (1 << 8)));
        bus.write32(SDHI0 + 0x830, 0xffffffff);
        clock.runUntilIdle(1000);
        assertEquals(2 * 512, sdhi.dmaBytesMoved());
        assertEquals(0, bus.read32(SDHI0 + 0x840));
    }

    @Test
    public void withoutDmasdrwTheCpuReadsTheDataPort() {
        ctl16(0x26, 512);
        bus.write32(SDHI0 + (0x0a << 2), 1);
        ctl16(0x20, 0xfffe);             // CTL_IRQ_MASK: CMDRESPEND unmasked
        ctl16(0x22, ~(1 << 8) & 0xffff); // and RXRDY (bit 24)
        ctl16(0x04, 9);
        ctl16(0x06, 0);
        ctl16(0x00, 17 | 0x0400 | 0x0800 | 0x1000);
        assertEquals(List.of(0L), irqs);                  // CMDRESPEND at once
        clock.runUntilIdle(10);
        assertEquals(List.of(0L, BLOCK_PS), irqs);        // RXRDY when the block is in
        byte[] got = new byte[512];
        for (int i = 0; i < 512; i += 2) {
            int w = bus.read16(SDHI0 + (0x30 << 2));
            got[i] = (byte) w;
            got[i + 1] = (byte) (w >>> 8);
        }
        assertArrayEquals(blocks(9, 1), got);
        assertEquals(0, sdhi.dmaBytesMoved());
        assertTrue((status() & (1 << 2)) != 0);
    }
}
