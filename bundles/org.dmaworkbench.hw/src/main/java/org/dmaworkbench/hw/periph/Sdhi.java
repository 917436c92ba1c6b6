package org.dmaworkbench.hw.periph;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.dmac.DmaRequester;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * R-Car Gen2 SDHI (TMIO MMC core) reduced to what SYS-DMAC transfers need: the 16-bit TMIO registers at
 * {@code CTL_x << bus_shift} (drivers/mmc/host/tmio_mmc.h: CTL_SD_CMD 0x00, CTL_ARG_REG 0x04,
 * CTL_XFER_BLK_COUNT 0x0a, CTL_STATUS 0x1c, CTL_IRQ_MASK 0x20, CTL_SD_XFER_LEN 0x26, CTL_SD_DATA_PORT 0x30,
 * CTL_DMA_ENABLE 0xd8, CTL_RESET_SD 0xe0, CTL_VERSION 0xe2), the data port FIFO, and the RX DMA FIFO at
 * {@code dma_rx_offset} (0x2000, renesas_sdhi_sys_dmac.c) past the data port. A card with a
 * {@link BlockImage} answers CMD17/CMD18 (read) and CMD24/CMD25 (write) with ARG = block number; other
 * commands just complete (CMDRESPEND). Data move at the configured card bandwidth, one block at a time; the
 * RX request is active while read data is in the FIFO, the TX request while a write still needs data.
 * TMIO_STAT_DATAEND is set when the last block is done.
 */
public final class Sdhi implements MmioDevice, DmaRequester {
    public static final int CTL_SD_CMD = 0x00;
    public static final int CTL_ARG_REG = 0x04;
    public static final int CTL_XFER_BLK_COUNT = 0x0a;
    public static final int CTL_STATUS = 0x1c;
    public static final int CTL_IRQ_MASK = 0x20;
    public static final int CTL_SD_XFER_LEN = 0x26;
    public static final int CTL_SD_DATA_PORT = 0x30;
    public static final int CTL_DMA_ENABLE = 0xd8;
    public static final int CTL_RESET_SD = 0xe0;
    public static final int CTL_VERSION = 0xe2;
    public static final int TMIO_STAT_CMDRESPEND = 1 << 0;
    public static final int TMIO_STAT_DATAEND = 1 << 2;
    public static final int TMIO_STAT_CARD_INSERT = 1 << 4;
    public static final int TMIO_STAT_RXRDY = 1 << 24;
    public static final int TMIO_STAT_TXRQ = 1 << 25;
    public static final int DMA_RX_OFFSET = 0x2000;

    private record DmaLink(RcarDmac dmac, int midRid, boolean tx) {
    }

    private final String name;
    private final int busShift;
    private final VirtualClock clock;
    private final List<DmaLink> links = new ArrayList<>();
    private BlockImage image;
    private long bandwidth = 25_000_000L;
    private final int[] regs = new int[0x100];
    private int status;
    // current data phase
    private boolean reading;
    private boolean writing;
    private long lba;
    private long blocksLeft;
    private final byte[] fifo = new byte[BlockImage.BLOCK_SIZE];
    private int fifoPos;
    private int fifoFill;
    private boolean blockPending;

    /** @param busShift 1 for Gen2 SDHI with a register window larger than 0x100 (renesas_sdhi_probe) */
    public Sdhi(String name, int busShift, VirtualClock clock) {
        this.name = name;
        this.busShift = busShift;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public int busShift() {
        return busShift;
    }

    /** @return offset of the TX/RX data port (the slave address rcar-dmac is given for TX) */
    public int dataPortOffset() {
        return CTL_SD_DATA_PORT << busShift;
    }

    /** @return offset of the RX DMA FIFO */
    public int rxDmaOffset() {
        return dataPortOffset() + DMA_RX_OFFSET;
    }

    public void insert(BlockImage card) {
        this.image = card;
    }

    public BlockImage image() {
        return image;
    }

    public void setBandwidth(long bytesPerSecond) {
        this.bandwidth = bytesPerSecond;
    }

    public void connectDma(RcarDmac dmac, int midRid, boolean tx) {
        links.add(new DmaLink(dmac, midRid, tx));
        dmac.connectRequester(midRid, this);
    }

    public int status() {
        return status | (image != null ? TMIO_STAT_CARD_INSERT : 0);
    }

    private long blockTimePs() {
        return Math.max(1, BlockImage.BLOCK_SIZE * VirtualClock.PS_PER_SECOND / bandwidth);
    }

    private void signal(boolean tx) {
        for (DmaLink l : links) {
            if (l.tx == tx) {
                l.dmac.dreq(l.midRid);
            }
        }
    }

    private void command(int cmd) {
        int index = cmd & 0x3f;
        long arg = (regs[CTL_ARG_REG >> 1] & 0xffff) | ((long) (regs[(CTL_ARG_REG + 2) >> 1] & 0xffff) << 16);
        status |= TMIO_STAT_CMDRESPEND;
        reading = false;
        writing = false;
        fifoPos = 0;
        fifoFill = 0;
        if (image == null || (index != 17 && index != 18 && index != 24 && index != 25)) {
            return;
        }
        lba = arg;
        blocksLeft = (index == 17 || index == 24) ? 1 : Math.max(1, regs[CTL_XFER_BLK_COUNT >> 1] & 0xffff);
        if (lba + blocksLeft > image.blocks()) {
            blocksLeft = 0;
            return;
        }
        if (index == 17 || index == 18) {
            reading = true;
            scheduleBlock();
        } else {
            writing = true;
            fifoPos = 0;
            status |= TMIO_STAT_TXRQ;
            signal(true);
        }
    }

    private void scheduleBlock() {
        if (!blockPending) {
            blockPending = true;
            clock.schedule(blockTimePs(), name + " block", this::blockReady);
        }
    }

    private void blockReady() {
        blockPending = false;
        if (reading) {
            image.readBlock(lba, fifo, 0);
            fifoPos = 0;
            fifoFill = BlockImage.BLOCK_SIZE;
            status |= TMIO_STAT_RXRDY;
            signal(false);
        } else if (writing) {
            image.writeBlock(lba, fifo, 0);
            lba++;
            blocksLeft--;
            fifoPos = 0;
            if (blocksLeft == 0) {
                writing = false;
                status = (status & ~TMIO_STAT_TXRQ) | TMIO_STAT_DATAEND;
            } else {
                status |= TMIO_STAT_TXRQ;
                signal(true);
            }
        }
    }

    private int readData(int size) {
        if (!reading || fifoPos >= fifoFill) {
            return 0;
        }
        int v = 0;
        for (int i = 0; i < size && fifoPos < fifoFill; i++) {
            v |= (fifo[fifoPos++] & 0xff) << (8 * i);
        }
        if (fifoPos == fifoFill) {
            status &= ~TMIO_STAT_RXRDY;
            lba++;
            blocksLeft--;
            fifoFill = 0;
            if (blocksLeft == 0) {
                reading = false;
                status |= TMIO_STAT_DATAEND;
            } else {
                scheduleBlock();
            }
        }
        return v;
    }

    private void writeData(int size, long value) {
        if (!writing || blockPending || fifoPos >= BlockImage.BLOCK_SIZE) {
            return;
        }
        for (int i = 0; i < size && fifoPos < BlockImage.BLOCK_SIZE; i++) {
            fifo[fifoPos++] = (byte) (value >>> (8 * i));
        }
        if (fifoPos == BlockImage.BLOCK_SIZE) {
            status &= ~TMIO_STAT_TXRQ;
            scheduleBlock();
        }
    }

    @Override
    public int pendingUnits(int midRid, int unitSize) {
        for (DmaLink l : links) {
            if (l.midRid != midRid) {
                continue;
            }
            if (l.tx && writing && !blockPending) {
                return (BlockImage.BLOCK_SIZE - fifoPos) / unitSize;
            }
            if (!l.tx && reading) {
                return (fifoFill - fifoPos) / unitSize;
            }
        }
        return 0;
    }

    @Override
    public long mmioRead(long offset, int size) {
        int off = (int) offset;
        if (off >= DMA_RX_OFFSET) {
            return off - DMA_RX_OFFSET == dataPortOffset() ? readData(size) & 0xffffffffL : 0;
        }
        if (off == dataPortOffset()) {
            return readData(size) & 0xffffffffL;
        }
        int ctl = off >> busShift;
        if ((off & ((1 << busShift) - 1)) != 0 || ctl >= 0x200) {
            return 0;
        }
        switch (ctl) {
            case CTL_STATUS: return status() & 0xffff;
            case CTL_STATUS + 2: return status() >>> 16;
            case CTL_VERSION: return 0xcb0d;
            default: return regs[ctl >> 1] & 0xffff;
        }
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        int off = (int) offset;
        if (off == dataPortOffset()) {
            writeData(size, value);
            return;
        }
        if (off >= DMA_RX_OFFSET) {
            return;
        }
        int ctl = off >> busShift;
        if ((off & ((1 << busShift) - 1)) != 0 || ctl >= 0x200) {
            return;
        }
        int v = (int) value & 0xffff;
        switch (ctl) {
            case CTL_SD_CMD:
                regs[0] = v;
                command(v);
                break;
            case CTL_STATUS:
                status &= v | 0xffff0000;
                break;
            case CTL_STATUS + 2:
                status &= (v << 16) | 0xffff;
                break;
            default:
                regs[ctl >> 1] = v;
                break;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
