package org.dmaworkbench.hw.periph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.dmaworkbench.hw.dmac.DmaRequester;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.IommuAccess;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.BusErrorException;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.mem.NamedRegisters;
import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * Renesas SDHI (TMIO MMC core) reduced to what block transfers need, in its two DMA set-ups.
 * <ul>
 * <li>The 16-bit TMIO registers at {@code CTL_x << bus_shift} (drivers/mmc/host/tmio_mmc.h: CTL_SD_CMD 0x00,
 * CTL_ARG_REG 0x04, CTL_STOP_INTERNAL_ACTION 0x08, CTL_XFER_BLK_COUNT 0x0a (32 bits wide with bus shift 2, as
 * {@code sd_ctrl_write32()} writes it), CTL_RESPONSE 0x0c, CTL_STATUS 0x1c/0x1e, CTL_IRQ_MASK 0x20/0x22,
 * CTL_SD_XFER_LEN 0x26, CTL_SD_DATA_PORT 0x30, CTL_DMA_ENABLE 0xd8, CTL_RESET_SD 0xe0, CTL_VERSION 0xe2,
 * CTL_HOST_MODE 0xe4), the data port FIFO of one block, and a card: with a {@link BlockImage} inserted, CMD17/CMD18
 * read and CMD24/CMD25 write from the block in ARG; other commands just complete (CMDRESPEND). The card moves
 * one block per {@code 512 / bandwidth} of virtual time; TMIO_STAT_DATAEND is set when the last block has left
 * (read) or been programmed (write). SCLKDIVEN reads as set: the card is never busy between commands. Inserting
 * a card latches CARD_INSERT (an event, cleared by writing 0); SIGSTATE is the level tmio_mmc_get_cd() reads.</li>
 * <li>{@link Dma#SYS_DMAC} (R-Car Gen2, renesas_sdhi_sys_dmac.c): the SYS-DMAC drains the data port, RX at
 * {@code dma_rx_offset} (0x2000) past it; the SDHI asserts its "rx" request while read data are in the FIFO
 * and its "tx" request while a write needs data.</li>
 * <li>{@link Dma#INTERNAL_DMAC} (R-Car Gen3/Gen4, RZ/G2, renesas_sdhi_internal_dmac.c): a bus master of its own
 * with the registers at fixed byte offsets of the window (not shifted): DM_CM_DTRAN_MODE 0x820 (CH_NUM_CH1 bit
 * 16 = card to memory, BUS_WIDTH bits 5:4, ADDR_MODE bit 0 = increment), DM_CM_DTRAN_CTRL 0x828 (DM_START bit 0),
 * DM_CM_RST 0x830 (DTRANRST0 bit 8 / DTRANRST1 bit 9: a 0 holds that channel in reset), DM_CM_INFO1 0x840
 * (DTRANEND0 bit 16, DTRANEND1 bit 20, bit 17 on the r8a7796 ES1.0 layout) and DM_CM_INFO1_MASK 0x848,
 * DM_CM_INFO2 0x850 (DTRANERR0 bit 16, DTRANERR1 bit 17) and DM_CM_INFO2_MASK 0x858, DM_DTRAN_ADDR 0x880 (the
 * 32-bit bus address the driver writes with writel()). With CTL_DMA_ENABLE.DMASDRW set and DM_START written, the
 * channel moves the data of the current command block by block between the FIFO and memory, page by page through
 * the IPMMU micro-TLB of the SDHI's {@code iommus} when there is one ({@link #setIommu}; the micro-TLB translates
 * only while the kernel has enabled it), else on the physical bus. The end of channel 1 (read) or channel 0
 * (write) sets DTRANEND1/DTRANEND0; an IOMMU fault or bus error sets DTRANERR and stops the channel. INFO1/INFO2
 * bits clear when written 0 and are kept when written 1: the driver acknowledges with
 * {@code writel(status ^ dma_irqs, DM_CM_INFO1)}, which would set the other end bit if the register simply took
 * the value.</li>
 * </ul>
 * One interrupt line ({@link #setInterruptHandler}) is asserted while a status bit of TMIO_MASK_ALL is set and
 * unmasked in CTL_IRQ_MASK, or an INFO1/INFO2 bit is set and unmasked; the handler is called whenever the line is
 * (or stays) asserted after a change, and a level-triggered consumer checks {@link #irqAsserted()} after handling.
 */
public final class Sdhi implements MmioDevice, DmaRequester, NamedRegisters {
    public static final int CTL_SD_CMD = 0x00;
    public static final int CTL_ARG_REG = 0x04;
    public static final int CTL_STOP_INTERNAL_ACTION = 0x08;
    public static final int CTL_XFER_BLK_COUNT = 0x0a;
    public static final int CTL_RESPONSE = 0x0c;
    public static final int CTL_STATUS = 0x1c;
    public static final int CTL_IRQ_MASK = 0x20;
    public static final int CTL_SD_XFER_LEN = 0x26;
    public static final int CTL_SD_DATA_PORT = 0x30;
    public static final int CTL_DMA_ENABLE = 0xd8;
    public static final int CTL_RESET_SD = 0xe0;
    public static final int CTL_VERSION = 0xe2;
    public static final int CTL_HOST_MODE = 0xe4;
    public static final int TMIO_STAT_CMDRESPEND = 1 << 0;
    public static final int TMIO_STAT_DATAEND = 1 << 2;
    public static final int TMIO_STAT_CARD_REMOVE = 1 << 3;
    public static final int TMIO_STAT_CARD_INSERT = 1 << 4;
    public static final int TMIO_STAT_SIGSTATE = 1 << 5;
    public static final int TMIO_STAT_RXRDY = 1 << 24;
    public static final int TMIO_STAT_TXRQ = 1 << 25;
    public static final int TMIO_STAT_ALWAYS_SET_27 = 1 << 27;
    public static final int TMIO_STAT_SCLKDIVEN = 1 << 29;
    /** the status bits CTL_IRQ_MASK can mask (tmio_mmc.h TMIO_MASK_ALL) */
    public static final int TMIO_MASK_ALL = 0x837f031d;
    public static final int DMA_ENABLE_DMASDRW = 1 << 1;
    public static final int DMA_RX_OFFSET = 0x2000;
    /** CTL_VERSION of a Gen2 SDR104 SDHI and of a Gen3 SD SDHI (renesas_sdhi_core.c SDHI_VER_*) */
    public static final int SDHI_VER_GEN2_SDR104 = 0xcb0d;
    public static final int SDHI_VER_GEN3_SD = 0xcc10;

    public static final int DM_CM_DTRAN_MODE = 0x820;
    public static final int DM_CM_DTRAN_CTRL = 0x828;
    public static final int DM_CM_RST = 0x830;
    public static final int DM_CM_INFO1 = 0x840;
    public static final int DM_CM_INFO1_MASK = 0x848;
    public static final int DM_CM_INFO2 = 0x850;
    public static final int DM_CM_INFO2_MASK = 0x858;
    public static final int DM_DTRAN_ADDR = 0x880;
    public static final int DTRAN_MODE_CH_NUM_CH1 = 1 << 16;
    public static final int DTRAN_MODE_BUS_WIDTH = (1 << 5) | (1 << 4);
    public static final int DTRAN_MODE_ADDR_MODE = 1 << 0;
    public static final int DTRAN_CTRL_DM_START = 1 << 0;
    public static final int RST_DTRANRST1 = 1 << 9;
    public static final int RST_DTRANRST0 = 1 << 8;
    public static final int INFO1_DTRANEND1 = 1 << 20;
    public static final int INFO1_DTRANEND1_OLD = 1 << 17;
    public static final int INFO1_DTRANEND0 = 1 << 16;
    public static final int INFO2_DTRANERR1 = 1 << 17;
    public static final int INFO2_DTRANERR0 = 1 << 16;

    private static final int PAGE = 4096;

    /** Who moves the block data between the FIFO and memory. */
    public enum Dma {
        /** the SYS-DMAC through the data port (R-Car Gen2) */
        SYS_DMAC,
        /** the SDHI's own bus master (R-Car Gen3/Gen4, RZ/G2) */
        INTERNAL_DMAC
    }

    private record DmaLink(RcarDmac dmac, int midRid, boolean tx) {
    }

    private final String name;
    private final int busShift;
    private final VirtualClock clock;
    private final Dma dma;
    private final PhysicalMemory memory;
    private final List<DmaLink> links = new ArrayList<>();
    private BlockImage image;
    private long bandwidth = 25_000_000L;
    private long dmaBandwidth = 1_000_000_000L;
    private final int[] regs = new int[0x100];
    private int status;
    private int irqMask = 0xffffffff;
    private long blkCount;
    private Consumer<Sdhi> interruptHandler;
    // current data phase
    private boolean reading;
    private boolean writing;
    private long lba;
    private long blocksLeft;
    private final byte[] fifo = new byte[BlockImage.BLOCK_SIZE];
    private int fifoPos;
    private int fifoFill;
    private boolean blockPending;
    // internal DMAC
    private Ipmmu ipmmu;
    private int utlb = -1;
    private int dtranMode;
    private int dmRst = 0xffffffff;
    private int info1;
    private int info1Mask = 0xffffffff;
    private int info2;
    private int info2Mask = 0xffffffff;
    private int dtranAddr;
    private boolean oldInfo1Layout;
    private boolean alwaysIncrement;
    /** DM_START seen and the channel neither finished nor stopped */
    private boolean dmaRunning;
    private long dmaAddr;
    private boolean dmaPending;
    private long dmaBytes;
    private String lastDmaError;

    /**
     * A Gen2-style SDHI fed by the SYS-DMAC.
     *
     * @param busShift 1 for Gen2 SDHI with a register window larger than 0x100 (renesas_sdhi_probe)
     */
    public Sdhi(String name, int busShift, VirtualClock clock) {
        this(name, busShift, clock, Dma.SYS_DMAC, null);
    }

    private Sdhi(String name, int busShift, VirtualClock clock, Dma dma, PhysicalMemory memory) {
        this.name = name;
        this.busShift = busShift;
        this.clock = clock;
        this.dma = dma;
        this.memory = memory;
    }

    /**
     * An SDHI with the internal DMAC, registers 8 bytes apart ({@code of_data_rcar_gen3.bus_shift = 2}); its DMA
     * reaches {@code memory} (the SoC bus).
     */
    public static Sdhi internalDmac(String name, PhysicalMemory memory, VirtualClock clock) {
        if (memory == null) {
            throw new IllegalArgumentException("an internal DMAC needs the bus it masters");
        }
        return new Sdhi(name, 2, clock, Dma.INTERNAL_DMAC, memory);
    }

    public String name() {
        return name;
    }

    public int busShift() {
        return busShift;
    }

    public Dma dma() {
        return dma;
    }

    /** @return offset of the TX/RX data port (the slave address rcar-dmac is given for TX) */
    public int dataPortOffset() {
        return CTL_SD_DATA_PORT << busShift;
    }

    /** @return offset of the RX DMA FIFO */
    public int rxDmaOffset() {
        return dataPortOffset() + DMA_RX_OFFSET;
    }

    /** Inserts {@code card} (null: removes it): latches TMIO_STAT_CARD_INSERT (or CARD_REMOVE) until written 0. */
    public void insert(BlockImage card) {
        if (card != null && image == null) {
            status = (status & ~TMIO_STAT_CARD_REMOVE) | TMIO_STAT_CARD_INSERT;
        } else if (card == null && image != null) {
            status = (status & ~TMIO_STAT_CARD_INSERT) | TMIO_STAT_CARD_REMOVE;
        }
        this.image = card;
        updateIrq();
    }

    public BlockImage image() {
        return image;
    }

    public void setBandwidth(long bytesPerSecond) {
        this.bandwidth = bytesPerSecond;
    }

    /** Memory-side speed of the internal DMAC (default 1 GB/s): a block's move takes 512 / this. */
    public void setDmaBandwidth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive");
        }
        this.dmaBandwidth = bytesPerSecond;
    }

    /** Puts the internal DMAC behind micro-TLB {@code utlb} of {@code ipmmu} (the SDHI's {@code iommus}). */
    public void setIommu(Ipmmu ipmmu, int utlb) {
        this.ipmmu = ipmmu;
        this.utlb = utlb;
    }

    public Ipmmu ipmmu() {
        return ipmmu;
    }

    public int utlb() {
        return utlb;
    }

    /** The r8a7796 ES1.0 INFO1 layout: DTRANEND1 at bit 17 ({@code old_info1_layout}). */
    public void setOldInfo1Layout(boolean old) {
        this.oldInfo1Layout = old;
    }

    /**
     * For the SoCs whose driver data carry {@code fixed_addr_mode} (RZ/A2, RZ/G2L, RZ/V2M, RZ/V2H): their DMAC is
     * programmed with ADDR_MODE 0 and still fills consecutive addresses (the driver works on them), so ADDR_MODE is
     * not looked at.
     */
    public void setAlwaysIncrement(boolean always) {
        this.alwaysIncrement = always;
    }

    public void setInterruptHandler(Consumer<Sdhi> handler) {
        this.interruptHandler = handler;
    }

    public void connectDma(RcarDmac dmac, int midRid, boolean tx) {
        links.add(new DmaLink(dmac, midRid, tx));
        dmac.connectRequester(midRid, this);
    }

    /** CTL_STATUS: the latched bits, SIGSTATE while a card is in, SCLKDIVEN (idle). */
    public int status() {
        return status | TMIO_STAT_SCLKDIVEN | (image != null ? TMIO_STAT_SIGSTATE : 0);
    }

    public int irqMask() {
        return irqMask;
    }

    public int info1() {
        return info1;
    }

    public int info2() {
        return info2;
    }

    public int dtranMode() {
        return dtranMode;
    }

    public int dtranAddr() {
        return dtranAddr;
    }

    /** Bytes the internal DMAC moved since reset. */
    public long dmaBytesMoved() {
        return dmaBytes;
    }

    /** Why the internal DMAC last stopped with DTRANERR, or null. */
    public String lastDmaError() {
        return lastDmaError;
    }

    /** Whether the interrupt line is asserted now. */
    public boolean irqAsserted() {
        return (status() & TMIO_MASK_ALL & ~irqMask) != 0 || (info1 & ~info1Mask) != 0 || (info2 & ~info2Mask) != 0;
    }

    private void updateIrq() {
        if (interruptHandler != null && irqAsserted()) {
            interruptHandler.accept(this);
        }
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

    private boolean dmaMode() {
        return dma == Dma.INTERNAL_DMAC && (regs[CTL_DMA_ENABLE >> 1] & DMA_ENABLE_DMASDRW) != 0;
    }

    private void command(int cmd) {
        int index = cmd & 0x3f;
        long arg = (regs[CTL_ARG_REG >> 1] & 0xffff) | ((long) (regs[(CTL_ARG_REG + 2) >> 1] & 0xffff) << 16);
        status |= TMIO_STAT_CMDRESPEND;
        reading = false;
        writing = false;
        fifoPos = 0;
        fifoFill = 0;
        if (image != null && (index == 17 || index == 18 || index == 24 || index == 25)) {
            lba = arg;
            blocksLeft = (index == 17 || index == 24) ? 1 : Math.max(1, blkCount);
            if (lba + blocksLeft > image.blocks()) {
                blocksLeft = 0;
            } else if (index == 17 || index == 18) {
                reading = true;
                scheduleBlock();
            } else {
                writing = true;
                fifoPos = 0;
                status |= TMIO_STAT_TXRQ;
                signal(true);
                dmaFill();
            }
        }
        updateIrq();
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
            dmaDrain();
            updateIrq();
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
                dmaFill();
            }
            updateIrq();
        }
    }

    /** The CPU or a DMAC took the rest of the FIFO's read block: next block, or DATAEND after the last. */
    private void readBlockConsumed() {
        status &= ~TMIO_STAT_RXRDY;
        lba++;
        blocksLeft--;
        fifoFill = 0;
        fifoPos = 0;
        if (blocksLeft == 0) {
            reading = false;
            status |= TMIO_STAT_DATAEND;
        } else {
            scheduleBlock();
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
            readBlockConsumed();
            updateIrq();
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

    // ---------------------------------------------------------------- internal DMAC

    private boolean dmaToMemory() {
        return (dtranMode & DTRAN_MODE_CH_NUM_CH1) != 0;
    }

    private int dtranEndBit() {
        if (!dmaToMemory()) {
            return INFO1_DTRANEND0;
        }
        return oldInfo1Layout ? INFO1_DTRANEND1_OLD : INFO1_DTRANEND1;
    }

    private boolean channelInReset() {
        return (dmRst & (dmaToMemory() ? RST_DTRANRST1 : RST_DTRANRST0)) == 0;
    }

    private boolean dmaCanMove() {
        return dmaRunning && !dmaPending && dmaMode() && !channelInReset();
    }

    private void dmStart() {
        if (dma != Dma.INTERNAL_DMAC || channelInReset()) {
            return;
        }
        dmaRunning = true;
        dmaAddr = dtranAddr & 0xffffffffL;
        dmaDrain();
        dmaFill();
    }

    private long dmaBlockTimePs() {
        return Math.max(1, BlockImage.BLOCK_SIZE * VirtualClock.PS_PER_SECOND / dmaBandwidth);
    }

    /** Channel 1: a read block in the FIFO goes to memory. */
    private void dmaDrain() {
        if (!dmaCanMove() || !dmaToMemory() || !reading || fifoFill == 0 || fifoPos != 0) {
            return;
        }
        dmaPending = true;
        clock.schedule(dmaBlockTimePs(), name + " DMA to memory", () -> {
            dmaPending = false;
            if (!dmaRunning || !reading || fifoFill == 0) {
                return;
            }
            if (!dmaMove(fifo, fifoFill, IommuAccess.WRITE)) {
                return;
            }
            readBlockConsumed();
            if (!reading) {
                dmaRunning = false;
                info1 |= dtranEndBit();
            }
            updateIrq();
        });
    }

    /** Channel 0: a write block is fetched from memory into the FIFO. */
    private void dmaFill() {
        if (!dmaCanMove() || dmaToMemory() || !writing || blockPending || fifoPos != 0) {
            return;
        }
        dmaPending = true;
        clock.schedule(dmaBlockTimePs(), name + " DMA from memory", () -> {
            dmaPending = false;
            if (!dmaRunning || !writing || blockPending) {
                return;
            }
            if (!dmaMove(fifo, BlockImage.BLOCK_SIZE, IommuAccess.READ)) {
                return;
            }
            fifoPos = BlockImage.BLOCK_SIZE;
            status &= ~TMIO_STAT_TXRQ;
            if (blocksLeft == 1) {
                dmaRunning = false;
                info1 |= dtranEndBit();
            }
            scheduleBlock();
            updateIrq();
        });
    }

    /** Moves one block between the FIFO and memory page by page; false after a DTRANERR. */
    private boolean dmaMove(byte[] buf, int len, IommuAccess access) {
        boolean increment = alwaysIncrement || (dtranMode & DTRAN_MODE_ADDR_MODE) != 0;
        int off = 0;
        while (off < len) {
            long a = dmaAddr;
            int n = increment ? (int) Math.min(len - off, PAGE - (a & (PAGE - 1))) : len - off;
            long pa = a;
            if (ipmmu != null) {
                // one translation per page, then bus-width (8-byte) bursts that hit the TLB
                pa = ipmmu.translateRun(utlb, a, access, Math.max(1, n / 8));
                if (pa == Ipmmu.FAULT) {
                    dmaError(String.format("IOMMU fault on %s of 0x%x", access == IommuAccess.WRITE ? "write" : "read", a));
                    return false;
                }
            }
            try {
                if (!increment) {
                    // fixed address: every 8-byte beat to the same place
                    for (int i = 0; i < n; i += 8) {
                        int k = Math.min(8, n - i);
                        if (access == IommuAccess.WRITE) {
                            memory.write(pa, buf, off + i, k);
                        } else {
                            memory.read(pa, buf, off + i, k);
                        }
                    }
                } else if (access == IommuAccess.WRITE) {
                    memory.write(pa, buf, off, n);
                } else {
                    memory.read(pa, buf, off, n);
                }
            } catch (BusErrorException e) {
                dmaError(e.getMessage());
                return false;
            }
            if (increment) {
                dmaAddr = (dmaAddr + n) & 0xffffffffL;
            }
            off += n;
            dmaBytes += n;
        }
        return true;
    }

    private void dmaError(String why) {
        lastDmaError = why;
        dmaRunning = false;
        info2 |= dmaToMemory() ? INFO2_DTRANERR1 : INFO2_DTRANERR0;
        updateIrq();
    }

    private long dmRead(int off) {
        switch (off) {
            case DM_CM_DTRAN_MODE: return dtranMode & 0xffffffffL;
            case DM_CM_RST: return dmRst & 0xffffffffL;
            case DM_CM_INFO1: return info1 & 0xffffffffL;
            case DM_CM_INFO1_MASK: return info1Mask & 0xffffffffL;
            case DM_CM_INFO2: return info2 & 0xffffffffL;
            case DM_CM_INFO2_MASK: return info2Mask & 0xffffffffL;
            case DM_DTRAN_ADDR: return dtranAddr & 0xffffffffL;
            default: return 0;
        }
    }

    private void dmWrite(int off, int v) {
        switch (off) {
            case DM_CM_DTRAN_MODE:
                dtranMode = v;
                break;
            case DM_CM_DTRAN_CTRL:
                if ((v & DTRAN_CTRL_DM_START) != 0) {
                    dmStart();
                }
                break;
            case DM_CM_RST:
                dmRst = v;
                if ((v & (RST_DTRANRST0 | RST_DTRANRST1)) != (RST_DTRANRST0 | RST_DTRANRST1) && dmaRunning
                        && channelInReset()) {
                    dmaRunning = false; // the running channel is reset: it stops where it is
                }
                break;
            case DM_CM_INFO1:
                info1 &= v;
                break;
            case DM_CM_INFO1_MASK:
                info1Mask = v;
                updateIrq();
                break;
            case DM_CM_INFO2:
                info2 &= v;
                break;
            case DM_CM_INFO2_MASK:
                info2Mask = v;
                updateIrq();
                break;
            case DM_DTRAN_ADDR:
                dtranAddr = v;
                break;
            default:
                break;
        }
    }

    // ---------------------------------------------------------------- MMIO

    /**
     * The registers by the hardware manual's names (SD_CMD, SD_ARG0, ... SD_BUF0, with tmio_mmc.h's CTL_ names as
     * the kernel's), at {@code CTL_x << bus_shift}; the SYS-DMAC RX port {@code dma_rx_offset} past SD_BUF0; the
     * internal DMAC's DM_CM_* registers at their fixed offsets.
     */
    @Override
    public Optional<Register> register(long offset) {
        int off = (int) offset;
        if (dma == Dma.SYS_DMAC && off >= DMA_RX_OFFSET) {
            return off - DMA_RX_OFFSET == dataPortOffset()
                    ? Optional.of(new Register("SD_BUF0", off, 1 << busShift, "CTL_SD_DATA_PORT + dma_rx_offset",
                            "SD buffer read port of the SYS-DMAC (renesas_sdhi_sys_dmac.c: data port + 0x2000)"))
                    : Optional.empty();
        }
        if (dma == Dma.INTERNAL_DMAC && off >= 0x800) {
            Register r = switch (off & ~3) {
                case DM_CM_DTRAN_MODE -> new Register("DM_CM_DTRAN_MODE", DM_CM_DTRAN_MODE, 8, "", "DMAC transfer mode");
                case DM_CM_DTRAN_CTRL -> new Register("DM_CM_DTRAN_CTRL", DM_CM_DTRAN_CTRL, 8, "", "DMAC transfer control");
                case DM_CM_RST -> new Register("DM_CM_RST", DM_CM_RST, 8, "", "DMAC reset");
                case DM_CM_INFO1 -> new Register("DM_CM_INFO1", DM_CM_INFO1, 8, "", "DMAC status 1");
                case DM_CM_INFO1_MASK -> new Register("DM_CM_INFO1_MASK", DM_CM_INFO1_MASK, 8, "", "DMAC status 1 mask");
                case DM_CM_INFO2 -> new Register("DM_CM_INFO2", DM_CM_INFO2, 8, "", "DMAC status 2");
                case DM_CM_INFO2_MASK -> new Register("DM_CM_INFO2_MASK", DM_CM_INFO2_MASK, 8, "", "DMAC status 2 mask");
                case DM_DTRAN_ADDR -> new Register("DM_DTRAN_ADDR", DM_DTRAN_ADDR, 8, "", "DMAC transfer address");
                default -> null;
            };
            return Optional.ofNullable(r);
        }
        int ctl = off >> busShift;
        long at = (long) (ctl & ~1) << busShift;
        Register r = switch (ctl & ~1) {
            case CTL_SD_CMD -> new Register("SD_CMD", at, 2, "CTL_SD_CMD", "command");
            case CTL_ARG_REG -> new Register("SD_ARG0", at, 2, "CTL_ARG_REG", "command argument");
            case CTL_STOP_INTERNAL_ACTION -> new Register("SD_STOP", at, 2, "CTL_STOP_INTERNAL_ACTION",
                    "data stop");
            case CTL_XFER_BLK_COUNT -> new Register("SD_SECCNT", at, 2, "CTL_XFER_BLK_COUNT", "block count");
            case CTL_RESPONSE -> new Register("SD_RSP10", at, 2, "CTL_RESPONSE", "response");
            case CTL_STATUS -> new Register("SD_INFO1", at, 2, "CTL_STATUS", "interrupt flags 1");
            case CTL_STATUS + 2 -> new Register("SD_INFO2", at, 2, "CTL_STATUS", "interrupt flags 2");
            case CTL_IRQ_MASK -> new Register("SD_INFO1_MASK", at, 2, "CTL_IRQ_MASK", "interrupt mask 1");
            case CTL_IRQ_MASK + 2 -> new Register("SD_INFO2_MASK", at, 2, "CTL_IRQ_MASK", "interrupt mask 2");
            case CTL_SD_XFER_LEN -> new Register("SD_SIZE", at, 2, "CTL_SD_XFER_LEN", "block length");
            case CTL_SD_DATA_PORT -> new Register("SD_BUF0", at, 1 << busShift, "CTL_SD_DATA_PORT",
                    "SD buffer read/write port");
            case CTL_DMA_ENABLE -> new Register("CC_EXT_MODE", at, 2, "CTL_DMA_ENABLE", "DMA mode");
            case CTL_RESET_SD -> new Register("SOFT_RST", at, 2, "CTL_RESET_SD", "software reset");
            case CTL_VERSION -> new Register("VERSION", at, 2, "CTL_VERSION", "version");
            case CTL_HOST_MODE -> new Register("HOST_MODE", at, 2, "CTL_HOST_MODE", "host interface mode");
            default -> null;
        };
        return Optional.ofNullable(r);
    }

    @Override
    public long mmioRead(long offset, int size) {
        int off = (int) offset;
        if (dma == Dma.SYS_DMAC && off >= DMA_RX_OFFSET) {
            return off - DMA_RX_OFFSET == dataPortOffset() ? readData(size) & 0xffffffffL : 0;
        }
        if (off == dataPortOffset()) {
            return readData(size) & 0xffffffffL;
        }
        if (dma == Dma.INTERNAL_DMAC && off >= 0x800) {
            return off < 0x900 ? dmRead(off & ~3) : 0;
        }
        int ctl = off >> busShift;
        if ((off & ((1 << busShift) - 1)) != 0 || ctl >= 0x200) {
            return 0;
        }
        switch (ctl) {
            case CTL_STATUS: return status() & 0xffff;
            case CTL_STATUS + 2: return status() >>> 16;
            case CTL_IRQ_MASK: return irqMask & 0xffff;
            case CTL_IRQ_MASK + 2: return irqMask >>> 16;
            case CTL_XFER_BLK_COUNT: return size >= 4 && busShift == 2 ? blkCount : blkCount & 0xffff;
            case CTL_VERSION: return dma == Dma.INTERNAL_DMAC ? SDHI_VER_GEN3_SD : SDHI_VER_GEN2_SDR104;
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
        if (dma == Dma.SYS_DMAC && off >= DMA_RX_OFFSET) {
            return;
        }
        if (dma == Dma.INTERNAL_DMAC && off >= 0x800) {
            if (off < 0x900) {
                dmWrite(off & ~3, (int) value);
            }
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
            case CTL_IRQ_MASK:
                irqMask = (irqMask & 0xffff0000) | v;
                updateIrq();
                break;
            case CTL_IRQ_MASK + 2:
                irqMask = (irqMask & 0xffff) | (v << 16);
                updateIrq();
                break;
            case CTL_XFER_BLK_COUNT:
                // sd_ctrl_write32() on hosts with 32-bit block counts writes the whole register at once
                blkCount = size >= 4 && busShift == 2 ? value & 0xffffffffL : v;
                break;
            case CTL_DMA_ENABLE:
                regs[ctl >> 1] = v;
                dmaDrain();
                dmaFill();
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
