package org.dmaworkbench.hw.dmac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * Renesas R-Car SYS-DMAC, the controller drivers/dma/sh/rcar-dmac.c programs: the global registers
 * (DMAISTA, DMASEC, DMAOR, DMACHCLR, DMADPSEC) and {@code dma-channels} channels. Two register layouts, the
 * driver's two {@code rcar_dmac_of_data}:
 * <ul>
 * <li>Gen2/Gen3 ({@code renesas,rcar-dmac}, {@code rcar_dmac_data}): the channel register files sit in the one
 * register window from 0x8000 with a stride of 0x80, and DMACHCLR (0x80) clears channels by bit mask;</li>
 * <li>Gen4 ({@code renesas,rcar-gen4-dmac}, {@code renesas,dmac-r8a779a0}, {@code rcar_gen4_dmac_data}:
 * {@code chan_offset_base} 0, stride 0x1000): the channels are a second register window ({@code reg} entry 1,
 * {@link #channelWindow()}), 0x1000 bytes each, and each has its own DMACHCLR at 0x100 of its file
 * ({@code RCAR_GEN4_DMACHCLR}, written 1); the global DMACHCLR does not exist.</li>
 * </ul>
 * Each channel is an {@link RcarDmacChannel}; transfers run on the {@link VirtualClock}.
 * <p>
 * Timing: a transfer unit of TS bytes takes ceil(TS / bus width) bus cycles, a cycle moving bus-width
 * bytes at the configured bandwidth; defaults 8-byte (64-bit) bus at 1 GB/s.
 */
public final class RcarDmac implements MmioDevice {
    public static final int RCAR_DMAISTA = 0x0020;
    public static final int RCAR_DMASEC = 0x0030;
    public static final int RCAR_DMAOR = 0x0060;
    public static final int RCAR_DMAOR_PRI_FIXED = 0 << 8;
    public static final int RCAR_DMAOR_PRI_ROUND_ROBIN = 3 << 8;
    public static final int RCAR_DMAOR_AE = 1 << 2;
    public static final int RCAR_DMAOR_DME = 1 << 0;
    public static final int RCAR_DMACHCLR = 0x0080;
    public static final int RCAR_DMADPSEC = 0x00a0;
    /** Channel registers of rcar_dmac_data (Gen2/Gen3). */
    public static final int CHAN_OFFSET_BASE = 0x8000;
    public static final int CHAN_OFFSET_STRIDE = 0x80;
    /** Channel register files of rcar_gen4_dmac_data, in the second register window. */
    public static final int GEN4_CHAN_OFFSET_STRIDE = 0x1000;
    /** {@code RCAR_GEN4_DMACHCLR}: a channel's own clear register, in its file. */
    public static final int RCAR_GEN4_DMACHCLR = 0x0100;
    /** RCAR_DMAC_MAX_CHANNELS: DMACHCLR has 32 bits and the driver accepts fewer than 32 channels. */
    public static final int MAX_CHANNELS = 32;

    private final String name;
    private final Bus bus;
    private final VirtualClock clock;
    private final RcarDmacChannel[] channels;
    private final int chanOffsetBase;
    private final int chanOffsetStride;
    /** Gen4: channels in their own window, DMACHCLR per channel */
    private final boolean gen4;
    private final MmioDevice channelWindow;
    private final Map<Integer, DmaRequester> requesters = new HashMap<>();
    private final List<RcarDmacInterruptHandler> handlers = new ArrayList<>();
    private final java.util.List<RcarDmacTransferListener> transferListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int dmaor;
    private int dmasec;
    private int dmadpsec;
    private long bandwidth = 1_000_000_000L;
    private int busWidth = 8;
    private int maxBytesPerStep = 4096;

    public RcarDmac(String name, int nChannels, Bus bus, VirtualClock clock) {
        this(name, nChannels, bus, clock, CHAN_OFFSET_BASE, CHAN_OFFSET_STRIDE);
    }

    public RcarDmac(String name, int nChannels, Bus bus, VirtualClock clock, int chanOffsetBase, int chanOffsetStride) {
        this(name, nChannels, bus, clock, chanOffsetBase, chanOffsetStride, false);
    }

    /** An R-Car Gen4 SYS-DMAC: global registers at the first window, channel files in {@link #channelWindow()}. */
    public static RcarDmac gen4(String name, int nChannels, Bus bus, VirtualClock clock) {
        return new RcarDmac(name, nChannels, bus, clock, 0, GEN4_CHAN_OFFSET_STRIDE, true);
    }

    private RcarDmac(String name, int nChannels, Bus bus, VirtualClock clock, int chanOffsetBase, int chanOffsetStride,
            boolean gen4) {
        if (nChannels <= 0 || nChannels >= MAX_CHANNELS) {
            throw new IllegalArgumentException("invalid number of channels " + nChannels);
        }
        this.name = name;
        this.bus = bus;
        this.clock = clock;
        this.chanOffsetBase = chanOffsetBase;
        this.chanOffsetStride = chanOffsetStride;
        this.gen4 = gen4;
        this.channelWindow = gen4 ? new ChannelWindow() : null;
        this.channels = new RcarDmacChannel[nChannels];
        for (int i = 0; i < nChannels; i++) {
            channels[i] = new RcarDmacChannel(this, i);
        }
    }

    public String name() {
        return name;
    }

    Bus bus() {
        return bus;
    }

    public VirtualClock clock() {
        return clock;
    }

    public int channelCount() {
        return channels.length;
    }

    public RcarDmacChannel channel(int index) {
        return channels[index];
    }

    public List<RcarDmacChannel> channels() {
        return Collections.unmodifiableList(List.of(channels));
    }

    /**
     * Offset of channel {@code index}'s register file (the driver's chan->iomem) from the DMAC base, or on Gen4
     * from the base of {@link #channelWindow()}.
     */
    public int channelRegisterOffset(int index) {
        return chanOffsetBase + index * chanOffsetStride;
    }

    /** Whether this is the Gen4 layout (channels in a window of their own, per-channel DMACHCLR). */
    public boolean isGen4() {
        return gen4;
    }

    /** The Gen4 channel register window ({@code reg} entry 1), null for the Gen2/Gen3 layout. */
    public MmioDevice channelWindow() {
        return channelWindow;
    }

    /** Gen4: the channel files, {@code index * 0x1000} each, with RCAR_GEN4_DMACHCLR at 0x100. */
    private final class ChannelWindow implements MmioDevice {
        @Override
        public long mmioRead(long offset, int size) {
            int ch = (int) (offset / chanOffsetStride);
            int off = (int) (offset % chanOffsetStride);
            if (ch >= channels.length || off >= RCAR_GEN4_DMACHCLR) {
                return 0;
            }
            return channels[ch].readRegister(off, size);
        }

        @Override
        public void mmioWrite(long offset, int size, long value) {
            int ch = (int) (offset / chanOffsetStride);
            int off = (int) (offset % chanOffsetStride);
            if (ch >= channels.length) {
                return;
            }
            if (off == RCAR_GEN4_DMACHCLR) {
                if ((value & 1) != 0) {
                    channels[ch].clear();
                }
            } else if (off < RCAR_GEN4_DMACHCLR) {
                channels[ch].writeRegister(off, size, value);
            }
        }
    }

    /** Puts channel {@code index} behind micro-TLB {@code utlb} of {@code ipmmu} (the DMAC's iommus entry). */
    public void setIommu(int index, Ipmmu ipmmu, int utlb) {
        channels[index].setIommu(ipmmu, utlb);
    }

    /** Connects a peripheral's request line {@code midRid}. */
    public void connectRequester(int midRid, DmaRequester requester) {
        requesters.put(midRid, requester);
    }

    DmaRequester requester(int midRid) {
        return requesters.get(midRid);
    }

    /** A peripheral's request {@code midRid} became active: channels waiting on it resume. */
    public void dreq(int midRid) {
        for (RcarDmacChannel c : channels) {
            c.requestAsserted(midRid);
        }
    }

    public void addInterruptHandler(RcarDmacInterruptHandler handler) {
        handlers.add(handler);
    }

    public void removeInterruptHandler(RcarDmacInterruptHandler handler) {
        handlers.remove(handler);
    }

    /** Observes channel runs (start and end), e.g. for a transfer timeline. */
    public void addTransferListener(RcarDmacTransferListener listener) {
        transferListeners.add(listener);
    }

    public void removeTransferListener(RcarDmacTransferListener listener) {
        transferListeners.remove(listener);
    }

    void transferStarted(int index) {
        for (RcarDmacTransferListener l : transferListeners) {
            l.transferStarted(this, index);
        }
    }

    void transferEnded(int index, RcarDmacTransferListener.End how) {
        for (RcarDmacTransferListener l : transferListeners) {
            l.transferEnded(this, index, how);
        }
    }

    void raiseChannelInterrupt(int index) {
        for (RcarDmacInterruptHandler h : new ArrayList<>(handlers)) {
            h.channelInterrupt(this, index);
        }
    }

    void addressError() {
        boolean was = (dmaor & RCAR_DMAOR_AE) != 0;
        dmaor |= RCAR_DMAOR_AE;
        if (!was) {
            for (RcarDmacInterruptHandler h : new ArrayList<>(handlers)) {
                h.errorInterrupt(this);
            }
        }
    }

    /** @return whether channels may run: DMAOR.DME set and DMAOR.AE clear */
    boolean enabled() {
        return (dmaor & (RCAR_DMAOR_DME | RCAR_DMAOR_AE)) == RCAR_DMAOR_DME;
    }

    public int dmaor() {
        return dmaor;
    }

    /** @param bytesPerSecond bus bandwidth of this DMAC */
    public void setBandwidth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive");
        }
        this.bandwidth = bytesPerSecond;
    }

    public long bandwidth() {
        return bandwidth;
    }

    /** @param bytes bus width in bytes (a power of two up to 64) */
    public void setBusWidth(int bytes) {
        if (bytes <= 0 || bytes > 64 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("bus width must be a power of two up to 64: " + bytes);
        }
        this.busWidth = bytes;
    }

    public int busWidth() {
        return busWidth;
    }

    /**
     * How many bytes a channel moves per clock event (default 4 KiB). Registers are updated at event
     * boundaries, so smaller values give a finer-grained view of progress at a higher event cost.
     */
    public void setMaxBytesPerStep(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("step size must be positive");
        }
        this.maxBytesPerStep = bytes;
    }

    public int maxBytesPerStep() {
        return maxBytesPerStep;
    }

    /** @return virtual time in picoseconds one transfer unit of {@code unitSize} bytes takes */
    public long unitTimePs(int unitSize) {
        long cycles = (unitSize + busWidth - 1) / busWidth;
        return Math.max(1, cycles * busWidth * VirtualClock.PS_PER_SECOND / bandwidth);
    }

    // ---------------------------------------------------------------- MMIO

    @Override
    public long mmioRead(long offset, int size) {
        int off = (int) offset;
        int ch = channelAt(off);
        if (ch >= 0) {
            return channels[ch].readRegister(off - channelRegisterOffset(ch), size);
        }
        switch (off) {
            case RCAR_DMAISTA: {
                int v = 0;
                for (RcarDmacChannel c : channels) {
                    if (c.interruptPending()) {
                        v |= 1 << c.index();
                    }
                }
                return v & 0xffffffffL;
            }
            case RCAR_DMASEC:
                return dmasec & 0xffffffffL;
            case RCAR_DMAOR:
                return dmaor & 0xffff;
            case RCAR_DMADPSEC:
                return dmadpsec & 0xffffffffL;
            default:
                return 0;
        }
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        int off = (int) offset;
        int ch = channelAt(off);
        if (ch >= 0) {
            channels[ch].writeRegister(off - channelRegisterOffset(ch), size, value);
            return;
        }
        int v = (int) value;
        switch (off) {
            case RCAR_DMASEC:
                dmasec = v;
                break;
            case RCAR_DMADPSEC:
                dmadpsec = v;
                break;
            case RCAR_DMAOR: {
                // AE is a flag: written 0 clears it, written 1 leaves it
                int ae = dmaor & RCAR_DMAOR_AE & v;
                dmaor = (v & 0xffff & ~RCAR_DMAOR_AE) | ae;
                for (RcarDmacChannel c : channels) {
                    if (enabled()) {
                        c.kick();
                    } else {
                        c.suspend();
                    }
                }
                break;
            }
            case RCAR_DMACHCLR:
                if (gen4) {
                    break; // "Not on R-Car Gen4": each channel has its own
                }
                for (RcarDmacChannel c : channels) {
                    if ((v & (1 << c.index())) != 0) {
                        c.clear();
                    }
                }
                break;
            default:
                break;
        }
    }

    private int channelAt(int off) {
        if (gen4 || off < chanOffsetBase) {
            return -1;
        }
        int i = (off - chanOffsetBase) / chanOffsetStride;
        return i < channels.length ? i : -1;
    }

    @Override
    public String toString() {
        return name;
    }
}
