package org.dmaworkbench.hw.dmac;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.periph.BlockImage;
import org.dmaworkbench.hw.periph.Iic;
import org.dmaworkbench.hw.periph.Sdhi;
import org.junit.Test;

/**
 * Slave transfers paced by the peripherals' DMA requests, plus a 40-bit memcpy. Times follow from the
 * pacing rules: SCIF 10 bits at 115200 baud = 86 805 555 ps a character; SDHI 512 bytes at 25 MB/s =
 * 20 480 000 ps a block; IIC 9 SCL periods at 100 kHz = 90 000 000 ps a byte; DMAC 8 000 ps per unit of
 * up to 8 bytes.
 */
public class PeripheralDmaTest {
    static final int SAR = 0x00, DAR = 0x04, TCR = 0x08, CHCR = 0x0c, FIXSAR = 0x10, FIXDAR = 0x14, DMARS = 0x40;
    static final long CHAR = 86_805_555L;

    @Test
    public void scifRxIntoMemoryByteByByteAsCharactersArrive() {
        KoelschRig r = new KoelschRig(false);
        r.dmacInit();
        r.scif0.enable();
        r.bus.write16(r.chan(2, DMARS), KoelschRig.SCIF0_RX);
        r.bus.write32(r.chan(2, SAR), 0xe6e6_0014);  // SCxRDR
        r.bus.write32(r.chan(2, DAR), 0x4800_0000);
        r.bus.write32(r.chan(2, TCR), 20);
        // DM_INC | SM_FIXED | RS_DMARS | TS_1B | IE | DE
        r.bus.write32(r.chan(2, CHCR), 0x4805);
        byte[] line = "login: root\r\nls -l\r\n".getBytes(StandardCharsets.US_ASCII);
        r.scif0.feed(line);
        r.clock.runUntil(5 * CHAR + 10_000); // 5th byte moved at 5 * CHAR, its unit took 8 ns
        assertEquals(15, r.bus.read32(r.chan(2, TCR)));
        assertEquals(0x4800_0005, r.bus.read32(r.chan(2, DAR)));
        assertEquals(RcarDmacChannel.State.WAITING_REQUEST, r.dmac.channel(2).state());
        r.clock.runUntilIdle(1000);
        assertEquals(List.of((20 * CHAR + 8_000) + ":ch2"), r.irqs);
        byte[] got = new byte[20];
        r.bus.read(0x4800_0000L, got, 0, 20);
        assertArrayEquals(line, got);
        assertEquals(0, r.scif0.rxFifoCount());
    }

    @Test
    public void sdhiMultiBlockReadThroughTheRxDmaFifo() {
        KoelschRig r = new KoelschRig(false);
        Sdhi sdhi = new Sdhi("mmc@ee100000", 1, r.clock);
        r.bus.addMmio("/soc/mmc@ee100000", 0xee10_0000L, 0x328, sdhi);
        r.bus.addMmio("/soc/mmc@ee100000 (DMA RX FIFO)", 0xee10_2000L, 0x100, new org.dmaworkbench.hw.mem.MmioDevice() {
            @Override
            public long mmioRead(long offset, int size) {
                return sdhi.mmioRead(0x2000 + offset, size);
            }

            @Override
            public void mmioWrite(long offset, int size, long value) {
                sdhi.mmioWrite(0x2000 + offset, size, value);
            }
        });
        sdhi.connectDma(r.dmac, 0xcd, true);
        sdhi.connectDma(r.dmac, 0xce, false);
        BlockImage card = BlockImage.inMemory(64);
        byte[] b7 = new byte[512];
        byte[] b8 = new byte[512];
        for (int i = 0; i < 512; i++) {
            b7[i] = (byte) i;
            b8[i] = (byte) (255 - i);
        }
        card.writeBlock(7, b7, 0);
        card.writeBlock(8, b8, 0);
        sdhi.insert(card);
        assertEquals(0x2060, sdhi.rxDmaOffset());
        r.dmacInit();

        r.bus.write16(r.chan(3, DMARS), 0xce);
        r.bus.write32(r.chan(3, SAR), 0xee10_2060);
        r.bus.write32(r.chan(3, DAR), 0x4900_0000);
        r.bus.write32(r.chan(3, TCR), 1024 / 4);
        // DM_INC | SM_FIXED | RS_DMARS | TS_4B | IE | DE
        r.bus.write32(r.chan(3, CHCR), 0x4815);
        // tmio: block count, argument (two 16-bit halves), then CMD18 READ_MULTIPLE_BLOCK
        r.bus.write16(0xee10_0000L + (0x0a << 1), 2);
        r.bus.write16(0xee10_0000L + (0x04 << 1), 7);
        r.bus.write16(0xee10_0000L + (0x06 << 1), 0);
        r.bus.write16(0xee10_0000L, 18);
        r.clock.runUntilIdle(1000);

        assertEquals(List.of((2 * 20_480_000L + 128 * 8_000L) + ":ch3"), r.irqs);
        byte[] got = new byte[512];
        r.bus.read(0x4900_0000L, got, 0, 512);
        assertArrayEquals(b7, got);
        r.bus.read(0x4900_0200L, got, 0, 512);
        assertArrayEquals(b8, got);
        // CTL_STATUS: CMDRESPEND | DATAEND | CARD_INSERT (latched at insertion) | SIGSTATE (card present,
        // what tmio_mmc_get_cd() tests)
        assertEquals(0x35, r.bus.read16(0xee10_0000L + (0x1c << 1)));
    }

    @Test
    public void iicTransmitsOneDmaBytePerWireByte() {
        KoelschRig r = new KoelschRig(false);
        Iic iic = new Iic("i2c@e60b0000", r.clock);
        r.bus.addMmio("/soc/i2c@e60b0000", 0xe60b_0000L, 0x425, iic);
        iic.connectDma(r.dmac, 0x77, true);
        r.dmacInit();
        r.bus.write(0x4a00_0000L, new byte[] {0x50, 0x00, 0x10, 0x42}, 0, 4);
        r.bus.write8(0xe60b_0000L + Iic.ICCR, Iic.ICCR_ICE | Iic.ICCR_TRS);
        r.bus.write8(0xe60b_0000L + Iic.ICIC, Iic.ICIC_TDMAE);
        r.bus.write16(r.chan(4, DMARS), 0x77);
        r.bus.write32(r.chan(4, SAR), 0x4a00_0000);
        r.bus.write32(r.chan(4, DAR), 0xe60b_0000);
        r.bus.write32(r.chan(4, TCR), 4);
        // DM_FIXED | SM_INC | RS_DMARS | TS_1B | IE | DE
        r.bus.write32(r.chan(4, CHCR), 0x1805);
        r.clock.runUntilIdle(1000);
        assertEquals(List.of((3 * 90_000_000L + 8_000L) + ":ch4"), r.irqs);
        assertEquals(4 * 90_000_000L, r.clock.now());
        assertArrayEquals(new byte[] {0x50, 0x00, 0x10, 0x42}, iic.transmitted());
    }

    @Test
    public void memcpyFromRamAbove4GiBUsesTheFixedUpperAddressRegisters() {
        KoelschRig r = new KoelschRig(false);
        r.bus.addRam("/memory@200000000", new SparseRam(0x2_0000_0000L, 0x10_0000L));
        r.dmacInit();
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i ^ 0x3c);
        }
        r.bus.write(0x2_0000_0100L, data, 0, data.length);
        r.bus.write32(r.chan(5, FIXSAR), 0x2);
        r.bus.write32(r.chan(5, FIXDAR), 0x0);
        r.bus.write32(r.chan(5, SAR), 0x0000_0100);
        r.bus.write32(r.chan(5, DAR), 0x4000_0000);
        r.bus.write32(r.chan(5, TCR), 256 / 32);
        // DM_INC | SM_INC | RS_AUTO | TS_32B | IE | DE
        r.bus.write32(r.chan(5, CHCR), 0x0010_5405);
        r.clock.runUntilIdle(100);
        // 8 units of 32 bytes, 4 bus cycles of 8 ns each
        assertEquals(List.of((8 * 4 * 8_000L) + ":ch5"), r.irqs);
        byte[] got = new byte[256];
        r.bus.read(0x4000_0000L, got, 0, 256);
        assertArrayEquals(data, got);
        assertEquals(0x0000_0200, r.bus.read32(r.chan(5, SAR)));
        assertEquals(0x2, r.bus.read32(r.chan(5, FIXSAR)));
    }
}
