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
 * (DMAISTA, DMASEC, DMAOR, DMACHCLR, DMADPSEC) and {@code dma-channels} channels whose register files
 * start at 0x8000 with a stride of 0x80 ({@code rcar_dmac_data}). Each channel is an
 * {@link RcarDmacChannel}; transfers run on the {@link VirtualClock}.
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
    /** RCAR_DMAC_MAX_CHANNELS: DMACHCLR has 32 bits and the driver accepts fewer than 32 channels. */
    public static final int MAX_CHANNELS = 32;

    private final String name;
    private final Bus bus;
    private final VirtualClock clock;
    private final RcarDmacChannel[] channels;
    private final int chanOffsetBase;
    private final int chanOffsetStride;
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
        if (nChannels <= 0 || nChannels >= MAX_CHANNELS) {
            throw new IllegalArgumentException("invalid number of channels " + nChannels);
        }
        this.name = name;
        this.bus = bus;
        this.clock = clock;
        this.chanOffsetBase = chanOffsetBase;
        this.chanOffsetStride = chanOffsetStride;
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

    /** Offset of channel {@code index}'s register file from the DMAC base (the driver's chan->iomem). */
    public int channelRegisterOffset(int index) {
        return chanOffsetBase + index * chanOffsetStride;
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
        if (off < chanOffsetBase) {
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
