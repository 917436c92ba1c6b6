package org.dmaworkbench.hw.periph;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.hw.dmac.DmaRequester;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.mem.NamedRegisters;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * A simple I2C controller with DMA in the style of the R-Car IIC (drivers/i2c/busses/i2c-sh_mobile.c):
 * 8-bit registers ICDR 0x00 (data), ICCR 0x04 (ICE 0x80 enable, TRS 0x10 transmit), ICSR 0x08 (DTE 0x01
 * data register empty / full), ICIC 0x0c (TDMAE 0x20, RDMAE 0x10 DMA request enables), ICCL 0x10, ICCH 0x14.
 * A byte takes 9 SCL periods on the wire (8 data bits + ACK) at the configured bus frequency. Transmitted
 * bytes go to {@link #transmitted()}; bytes {@link #feed fed} are received when the controller is enabled
 * in receive mode. With TDMAE the TX request is active while ICDR is empty; with RDMAE the RX request is
 * active while ICDR holds a received byte.
 */
public final class Iic implements MmioDevice, DmaRequester, NamedRegisters {
    public static final int ICDR = 0x00;
    public static final int ICCR = 0x04;
    public static final int ICSR = 0x08;
    public static final int ICIC = 0x0c;
    public static final int ICCL = 0x10;
    public static final int ICCH = 0x14;
    public static final int ICCR_ICE = 0x80;
    public static final int ICCR_TRS = 0x10;
    public static final int ICSR_DTE = 0x01;
    public static final int ICIC_TDMAE = 0x20;
    public static final int ICIC_RDMAE = 0x10;

    private record DmaLink(RcarDmac dmac, int midRid, boolean tx) {
    }

    private final String name;
    private final VirtualClock clock;
    private final List<DmaLink> links = new ArrayList<>();
    private final ByteArrayOutputStream transmitted = new ByteArrayOutputStream();
    private final ArrayDeque<Byte> source = new ArrayDeque<>();
    private long sclHz = 100_000;
    private int iccr;
    private int icic;
    private int iccl;
    private int icch;
    private boolean txFull;
    private int txByte;
    private boolean rxFull;
    private int rxByte;
    private boolean busy;

    public Iic(String name, VirtualClock clock) {
        this.name = name;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public void setSclFrequency(long hz) {
        if (hz <= 0) {
            throw new IllegalArgumentException("SCL frequency must be positive");
        }
        this.sclHz = hz;
    }

    /** @return time of one byte on the wire (9 SCL periods) */
    public long byteTimePs() {
        return 9 * VirtualClock.PS_PER_SECOND / sclHz;
    }

    public void connectDma(RcarDmac dmac, int midRid, boolean tx) {
        links.add(new DmaLink(dmac, midRid, tx));
        dmac.connectRequester(midRid, this);
    }

    public byte[] transmitted() {
        return transmitted.toByteArray();
    }

    /** Bytes the addressed target will send when the controller reads. */
    public void feed(byte[] data) {
        for (byte b : data) {
            source.add(b);
        }
        kick();
    }

    private boolean enabled() {
        return (iccr & ICCR_ICE) != 0;
    }

    private boolean transmitting() {
        return (iccr & ICCR_TRS) != 0;
    }

    private void kick() {
        if (busy || !enabled()) {
            return;
        }
        if (transmitting() ? txFull : (!rxFull && !source.isEmpty())) {
            busy = true;
            clock.schedule(byteTimePs(), name + " byte", this::byteDone);
        }
    }

    private void byteDone() {
        busy = false;
        if (!enabled()) {
            return;
        }
        if (transmitting()) {
            if (txFull) {
                transmitted.write(txByte);
                txFull = false;
                signal(true);
            }
        } else if (!rxFull && !source.isEmpty()) {
            rxByte = source.poll() & 0xff;
            rxFull = true;
            signal(false);
        }
        kick();
    }

    private void signal(boolean tx) {
        for (DmaLink l : links) {
            if (l.tx == tx) {
                l.dmac.dreq(l.midRid);
            }
        }
    }

    @Override
    public int pendingUnits(int midRid, int unitSize) {
        for (DmaLink l : links) {
            if (l.midRid != midRid || !enabled() || unitSize != 1) {
                continue;
            }
            if (l.tx && (icic & ICIC_TDMAE) != 0 && transmitting() && !txFull) {
                return 1;
            }
            if (!l.tx && (icic & ICIC_RDMAE) != 0 && !transmitting() && rxFull) {
                return 1;
            }
        }
        return 0;
    }

    /** The 8-bit registers by the names i2c-sh_mobile.c and the hardware manual give them. */
    @Override
    public Optional<Register> register(long offset) {
        Register r = switch ((int) offset) {
            case ICDR -> new Register("ICDR", ICDR, 1, "", "data register");
            case ICCR -> new Register("ICCR", ICCR, 1, "", "control register");
            case ICSR -> new Register("ICSR", ICSR, 1, "", "status register");
            case ICIC -> new Register("ICIC", ICIC, 1, "", "interrupt control register");
            case ICCL -> new Register("ICCL", ICCL, 1, "", "clock control register low");
            case ICCH -> new Register("ICCH", ICCH, 1, "", "clock control register high");
            default -> null;
        };
        return Optional.ofNullable(r);
    }

    @Override
    public long mmioRead(long offset, int size) {
        switch ((int) offset) {
            case ICDR:
                if (rxFull) {
                    rxFull = false;
                    kick();
                    return rxByte;
                }
                return 0;
            case ICCR: return iccr;
            case ICSR: return (transmitting() ? !txFull : rxFull) ? ICSR_DTE : 0;
            case ICIC: return icic;
            case ICCL: return iccl;
            case ICCH: return icch;
            default: return 0;
        }
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        int v = (int) value & 0xff;
        switch ((int) offset) {
            case ICDR:
                if (!txFull) {
                    txByte = v;
                    txFull = true;
                    kick();
                }
                break;
            case ICCR:
                iccr = v;
                kick();
                signal(transmitting());
                break;
            case ICIC:
                icic = v;
                signal(true);
                signal(false);
                break;
            case ICCL: iccl = v; break;
            case ICCH: icch = v; break;
            default: break;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
