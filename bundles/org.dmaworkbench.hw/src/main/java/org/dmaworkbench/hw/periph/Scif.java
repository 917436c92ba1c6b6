package org.dmaworkbench.hw.periph;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * SCIF / HSCIF serial port with its DMA FIFOs, using the register layout drivers/tty/serial/sh-sci.c gives
 * SCIx_SH4_SCIF_REGTYPE and SCIx_HSCIF_REGTYPE: SCSMR 0x00, SCBRR 0x04, SCSCR 0x08, SCxTDR 0x0c (8-bit
 * TX FIFO), SCxSR 0x10, SCxRDR 0x14 (8-bit RX FIFO), SCFCR 0x18, SCFDR 0x1c (TX count in bits 15:8, RX
 * count in the low bits), SCSPTR 0x20, SCLSR 0x24; FIFOs of 16 (SCIF) or 128 (HSCIF) bytes.
 * <p>
 * With SCSCR.TE set, bytes leave the TX FIFO one character time apart (10 bits at the configured baud rate)
 * to the {@link Sink} (the serial console the UI shows); with SCSCR.RE set, bytes fed with {@link #feed}
 * arrive in the RX FIFO at the same pace (a full FIFO drops the byte and sets SCLSR.ORER).
 * <p>
 * DMA requests: the TX line is active while SCxSR.TDFE holds (at most the SCFCR.TTRG trigger count left in
 * the TX FIFO) and asks for as many bytes as the FIFO has room for; the RX line is active while the RX FIFO
 * holds at least the SCFCR.RTRG trigger count and offers what it holds.
 */
public final class Scif implements MmioDevice, DmaRequester, NamedRegisters {
    public static final int SCSMR = 0x00;
    public static final int SCBRR = 0x04;
    public static final int SCSCR = 0x08;
    public static final int SCXTDR = 0x0c;
    public static final int SCXSR = 0x10;
    public static final int SCXRDR = 0x14;
    public static final int SCFCR = 0x18;
    public static final int SCFDR = 0x1c;
    public static final int SCSPTR = 0x20;
    public static final int SCLSR = 0x24;

    public static final int SCSCR_TIE = 1 << 7;
    public static final int SCSCR_RIE = 1 << 6;
    public static final int SCSCR_TE = 1 << 5;
    public static final int SCSCR_RE = 1 << 4;
    public static final int SCIF_ER = 1 << 7;
    public static final int SCIF_TEND = 1 << 6;
    public static final int SCIF_TDFE = 1 << 5;
    public static final int SCIF_BRK = 1 << 4;
    public static final int SCIF_FER = 1 << 3;
    public static final int SCIF_PER = 1 << 2;
    public static final int SCIF_RDF = 1 << 1;
    public static final int SCIF_DR = 1 << 0;
    public static final int SCFCR_TFRST = 1 << 2;
    public static final int SCFCR_RFRST = 1 << 1;
    public static final int SCLSR_ORER = 1 << 0;

    /** Receives transmitted bytes (the serial console). */
    @FunctionalInterface
    public interface Sink {
        void transmitted(Scif port, long timePs, int b);
    }

    /** SCIF (16-byte FIFOs) or HSCIF (128-byte FIFOs). */
    public enum Kind {
        SCIF(16), HSCIF(128);

        final int fifoSize;

        Kind(int fifoSize) {
            this.fifoSize = fifoSize;
        }

        public int fifoSize() {
            return fifoSize;
        }
    }

    private record DmaLink(RcarDmac dmac, int midRid, boolean tx) {
    }

    private final String name;
    private final Kind kind;
    private final VirtualClock clock;
    private final ArrayDeque<Byte> txFifo = new ArrayDeque<>();
    private final ArrayDeque<Byte> rxFifo = new ArrayDeque<>();
    private final ArrayDeque<Byte> rxSource = new ArrayDeque<>();
    private final ByteArrayOutputStream transmitted = new ByteArrayOutputStream();
    private final List<Sink> sinks = new ArrayList<>();
    private final List<DmaLink> dmaLinks = new ArrayList<>();
    private int scsmr;
    private int scbrr;
    private int scscr;
    private int scsrErrors;
    private int scfcr;
    private int scsptr;
    private int sclsr;
    private long baud = 115_200;
    private boolean shifting;
    private boolean receiving;
    private long txOverflows;

    public Scif(String name, Kind kind, VirtualClock clock) {
        this.name = name;
        this.kind = kind;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Sets the line rate that paces the FIFOs (default 115200 baud). */
    public void setBaud(long baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud rate must be positive");
        }
        this.baud = baud;
    }

    /** @return virtual time of one character: start bit, 8 data bits, stop bit */
    public long charTimePs() {
        return 10 * VirtualClock.PS_PER_SECOND / baud;
    }

    /** What sh-sci's startup leaves for a DMA-driven port: transmitter and receiver enabled. */
    public void enable() {
        mmioWrite(SCSCR, 2, scscr | SCSCR_TE | SCSCR_RE);
    }

    /** Connects the request line {@code midRid} of {@code dmac} to this port's TX ({@code tx}) or RX FIFO. */
    public void connectDma(RcarDmac dmac, int midRid, boolean tx) {
        dmaLinks.add(new DmaLink(dmac, midRid, tx));
        dmac.connectRequester(midRid, this);
    }

    public void addSink(Sink sink) {
        sinks.add(sink);
    }

    public void removeSink(Sink sink) {
        sinks.remove(sink);
    }

    /** @return every byte transmitted so far */
    public byte[] transmitted() {
        return transmitted.toByteArray();
    }

    /** @return transmitted bytes as text (ISO-8859-1, one char per byte) */
    public String transmittedText() {
        return new String(transmitted.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    public int txFifoCount() {
        return txFifo.size();
    }

    public int rxFifoCount() {
        return rxFifo.size();
    }

    /** @return bytes written to SCxTDR while the TX FIFO was full (lost) */
    public long txOverflows() {
        return txOverflows;
    }

    /** Queues bytes arriving on the RX line, one character time apart. */
    public void feed(byte[] data) {
        for (byte b : data) {
            rxSource.add(b);
        }
        startReceiving();
    }

    // ---------------------------------------------------------------- FIFO pacing

    private void startShifting() {
        if (!shifting && (scscr & SCSCR_TE) != 0 && !txFifo.isEmpty()) {
            shifting = true;
            clock.schedule(charTimePs(), name + " tx", this::shiftOut);
        }
    }

    private void shiftOut() {
        shifting = false;
        if ((scscr & SCSCR_TE) == 0 || txFifo.isEmpty()) {
            return;
        }
        int b = txFifo.poll() & 0xff;
        transmitted.write(b);
        for (Sink s : sinks) {
            s.transmitted(this, clock.now(), b);
        }
        if (txFifo.size() <= txTrigger()) {
            signal(true);
        }
        startShifting();
    }

    private void startReceiving() {
        if (!receiving && (scscr & SCSCR_RE) != 0 && !rxSource.isEmpty()) {
            receiving = true;
            clock.schedule(charTimePs(), name + " rx", this::shiftIn);
        }
    }

    private void shiftIn() {
        receiving = false;
        if ((scscr & SCSCR_RE) == 0 || rxSource.isEmpty()) {
            return;
        }
        byte b = rxSource.poll();
        if (rxFifo.size() >= kind.fifoSize) {
            sclsr |= SCLSR_ORER;
        } else {
            rxFifo.add(b);
            if (rxFifo.size() >= rxTrigger()) {
                signal(false);
            }
        }
        startReceiving();
    }

    private void signal(boolean tx) {
        for (DmaLink l : dmaLinks) {
            if (l.tx == tx) {
                l.dmac.dreq(l.midRid);
            }
        }
    }

    /** SCFCR.TTRG: TDFE when at most this many bytes remain (SCIF: 8, 4, 2, 0). */
    private int txTrigger() {
        int t = (scfcr >>> 4) & 3;
        if (kind == Kind.HSCIF) {
            return new int[] {kind.fifoSize / 2, 32, 16, 0}[t];
        }
        return new int[] {8, 4, 2, 0}[t];
    }

    /** SCFCR.RTRG: RDF when at least this many bytes are in the RX FIFO (SCIF: 1, 4, 8, 14). */
    private int rxTrigger() {
        return new int[] {1, 4, 8, 14}[(scfcr >>> 6) & 3];
    }

    // ---------------------------------------------------------------- DMA requests

    @Override
    public int pendingUnits(int midRid, int unitSize) {
        for (DmaLink l : dmaLinks) {
            if (l.midRid != midRid) {
                continue;
            }
            if (l.tx) {
                if ((scscr & SCSCR_TE) != 0 && txFifo.size() <= txTrigger()) {
                    return (kind.fifoSize - txFifo.size()) / unitSize;
                }
            } else if (rxFifo.size() >= rxTrigger() && rxFifo.size() >= unitSize) {
                return rxFifo.size() / unitSize;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- registers

    private int scxsr() {
        int v = scsrErrors;
        if (txFifo.size() <= txTrigger()) {
            v |= SCIF_TDFE;
        }
        if (txFifo.isEmpty() && !shifting) {
            v |= SCIF_TEND;
        }
        if (rxFifo.size() >= rxTrigger()) {
            v |= SCIF_RDF;
        } else if (!rxFifo.isEmpty()) {
            v |= SCIF_DR;
        }
        return v;
    }

    @Override
    public long mmioRead(long offset, int size) {
        switch ((int) offset) {
            case SCSMR: return scsmr;
            case SCBRR: return scbrr;
            case SCSCR: return scscr;
            case SCXSR: return scxsr();
            case SCXRDR: {
                Byte b = rxFifo.poll();
                return b == null ? 0 : b & 0xff;
            }
            case SCFCR: return scfcr;
            case SCFDR: return (txFifo.size() << 8) | rxFifo.size();
            case SCSPTR: return scsptr;
            case SCLSR: return sclsr;
            default: return 0;
        }
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        int v = (int) value;
        switch ((int) offset) {
            case SCSMR: scsmr = v & 0xffff; break;
            case SCBRR: scbrr = v & 0xff; break;
            case SCSCR:
                scscr = v & 0xffff;
                startShifting();
                startReceiving();
                if ((scscr & SCSCR_TE) != 0 && txFifo.size() <= txTrigger()) {
                    signal(true);
                }
                break;
            case SCXTDR:
                if (txFifo.size() >= kind.fifoSize) {
                    txOverflows++;
                } else {
                    txFifo.add((byte) v);
                    startShifting();
                }
                break;
            case SCXSR:
                // error flags are cleared by writing 0 to them; the FIFO status bits follow the FIFOs
                scsrErrors &= v;
                break;
            case SCFCR:
                scfcr = v & 0xffff;
                if ((v & SCFCR_TFRST) != 0) {
                    txFifo.clear();
                }
                if ((v & SCFCR_RFRST) != 0) {
                    rxFifo.clear();
                }
                break;
            case SCSPTR: scsptr = v & 0xffff; break;
            case SCLSR: sclsr &= v; break;
            default: break;
        }
    }

    /**
     * The registers by the names of the R-Car hardware manual (SCIF: SCSMR, SCBRR, SCSCR, SCFTDR, SCFSR, SCFRDR,
     * SCFCR, SCFDR, SCSPTR, SCLSR; HSCIF the same with HS: HSSMR ... HSLSR), with sh-sci.c's generic names.
     */
    @Override
    public Optional<Register> register(long offset) {
        String p = kind == Kind.SCIF ? "SC" : "HS";
        String f = kind == Kind.SCIF ? "SCF" : "HSF";
        Register r = switch ((int) offset) {
            case SCSMR, SCSMR + 1 -> new Register(p + "SMR", SCSMR, 2, "SCSMR", "serial mode register");
            case SCBRR -> new Register(p + "BRR", SCBRR, 1, "SCBRR", "bit rate register");
            case SCSCR, SCSCR + 1 -> new Register(p + "SCR", SCSCR, 2, "SCSCR", "serial control register");
            case SCXTDR -> new Register(f + "TDR", SCXTDR, 1, "SCxTDR", "transmit FIFO data register");
            case SCXSR, SCXSR + 1 -> new Register(f + "SR", SCXSR, 2, "SCxSR", "serial status register");
            case SCXRDR -> new Register(f + "RDR", SCXRDR, 1, "SCxRDR", "receive FIFO data register");
            case SCFCR, SCFCR + 1 -> new Register(f + "CR", SCFCR, 2, "SCFCR", "FIFO control register");
            case SCFDR, SCFDR + 1 -> new Register(f + "DR", SCFDR, 2, "SCFDR", "FIFO data count register");
            case SCSPTR, SCSPTR + 1 -> new Register(p + "SPTR", SCSPTR, 2, "SCSPTR", "serial port register");
            case SCLSR, SCLSR + 1 -> new Register(p + "LSR", SCLSR, 2, "SCLSR", "line status register");
            default -> null;
        };
        return Optional.ofNullable(r);
    }

    @Override
    public String toString() {
        return name;
    }
}
