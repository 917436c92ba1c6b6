package org.dmaworkbench.kernel.drivers.clients;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaCoherent;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.DmaEngineException;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.DmaStatus;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.dmaengine.DmaTxState;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * A SCIF/HSCIF port driven the way drivers/tty/serial/sh-sci.c (Linux 6.12) drives it with DMA: at startup
 * {@code sci_request_dma()} requests the "tx" and "rx" channels, configures them with the FIFO addresses
 * ({@code mapbase + SCxTDR} / {@code SCxRDR}, 1-byte accesses), maps the port's circular transmit buffer (one
 * page, {@code UART_XMIT_SIZE}) once with {@code dma_map_single(chan->device->dev, ..., DMA_TO_DEVICE)} and
 * allocates the receive buffer (two halves of {@code 2 * max(16, fifosize)} bytes) with
 * {@code dma_alloc_coherent()}. {@code sci_dma_tx_work_fn()} sends the linear part of the pending bytes with
 * {@code dmaengine_prep_slave_single()} after a {@code dma_sync_single_for_device()}; its completion
 * ({@code sci_dma_tx_complete()}) advances the buffer and schedules the work again while bytes remain.
 * Receiving submits both halves as one-entry slave lists ({@code sci_dma_rx_submit()}); a full half completes
 * ({@code sci_dma_rx_complete()}, resubmitted), a partly filled one is collected after {@code rx_timeout}
 * ({@code sci_dma_rx_timer_fn()}: pause, residue, terminate). When the transmit buffer cannot be mapped the
 * port transmits by PIO (writes to SCxTDR while the FIFO has room).
 * <p>
 * As in the kernel, a port that is the console ({@code /chosen/stdout-path}) does not use DMA.
 */
public final class UartClient extends ClientDriver {
    /** {@code UART_XMIT_SIZE}: PAGE_SIZE */
    public static final int UART_XMIT_SIZE = KernelMemory.PAGE_SIZE;
    /** register offsets of the SCIF and HSCIF register types (regshift 0) */
    static final int SCXTDR = 0x0c;
    static final int SCXRDR = 0x14;
    static final int SCSCR = 0x08;
    static final int SCFDR = 0x1c;
    static final int SCSCR_TE = 1 << 5;
    static final int SCSCR_RE = 1 << 4;

    private static final Set<DriverBug> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(
            DriverBug.UNMAP_WRONG_SIZE, DriverBug.UNMAP_WRONG_DIRECTION, DriverBug.FORGET_MAPPING_ERROR,
            DriverBug.LEAK_MAPPING_AT_UNBIND, DriverBug.DOUBLE_UNMAP, DriverBug.UNMAP_NEVER_MAPPED,
            DriverBug.FREE_COHERENT_WRONG_SIZE, DriverBug.WRONG_CPU_ADDRESS_ON_FREE, DriverBug.MAP_VMALLOC_BUFFER,
            DriverBug.UNMAP_FAILED_MAPPING, DriverBug.SYNC_WRONG_DIRECTION));

    private final Device port;
    private final PlatformDevice pdev;
    private final Scif scif;
    private final long mapbase;
    private final int fifosize;
    private final boolean console;

    // struct sci_port (DMA part)
    private DmaChan chanTx;
    private DmaChan chanTxSaved;
    private DmaChan chanRx;
    private DmaChan chanRxSaved;
    private long txDmaAddr;
    private int txDmaLen;
    private int cookieTx = -EINVAL;
    private final int[] cookieRx = {-EINVAL, -EINVAL};
    private int activeRx;
    private int bufLenRx;
    private DmaCoherent rxCoherent;
    private final long[] rxBuf = new long[2];
    private final Scatterlist[] sgRx = Scatterlist.table(2);
    private VirtualClock.Event rxTimer;
    private long rxTimeoutUs;
    private boolean started;
    private boolean workPending;

    // the tty port's transmit kfifo
    private long xmitBuf;
    private boolean xmitVmalloc;
    private int xmitIn;
    private int xmitOut;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean pioScheduled;

    /**
     * A port driver for the SCIF/HSCIF node {@code port} (label, node path or dev_name, e.g. "scif0").
     *
     * @throws IllegalArgumentException when there is no such enabled serial port
     */
    public UartClient(Machine machine, String port) {
        super(machine);
        this.port = machine.device(port).orElseThrow(() -> new IllegalArgumentException(
                "no enabled device \"" + port + "\" in the device tree"));
        this.pdev = machine.platformDevice(this.port);
        if (!(pdev.model() instanceof Scif)) {
            throw new IllegalArgumentException(port + " (" + pdev.path() + ") is not a SCIF or HSCIF serial port");
        }
        this.scif = (Scif) pdev.model();
        this.mapbase = pdev.reg().get(0).address();
        this.fifosize = scif.kind().fifoSize();
        this.console = isConsole(machine, pdev.node());
    }

    private static boolean isConsole(Machine machine, DtNode node) {
        var tree = machine.platform().tree();
        String stdout = tree.node("/chosen").flatMap(c -> c.strings("stdout-path").stream().findFirst()).orElse(null);
        if (stdout == null) {
            return false;
        }
        int colon = stdout.indexOf(':');
        String target = colon < 0 ? stdout : stdout.substring(0, colon);
        Map<String, String> aliases = tree.aliases();
        String path = aliases.getOrDefault(target, target);
        return path.equals(node.path());
    }

    @Override
    public String driverName() {
        return "sh-sci";
    }

    @Override
    public Set<DriverBug> supportedBugs() {
        return SUPPORTED;
    }

    /** The port's device ({@code port->dev}). */
    public Device device() {
        return port;
    }

    /** The hardware port. */
    public Scif hardware() {
        return scif;
    }

    /** {@code port->mapbase} */
    public long mapbase() {
        return mapbase;
    }

    /** Whether the port is the console, on which sh-sci never uses DMA. */
    public boolean isConsole() {
        return console;
    }

    /** The TX channel, or null when the port transmits by PIO. */
    public DmaChan txChannel() {
        return chanTx;
    }

    public DmaChan rxChannel() {
        return chanRx;
    }

    /** {@code s->tx_dma_addr}: the transmit buffer's DMA address on the DMA controller. */
    public long txDmaAddr() {
        return txDmaAddr;
    }

    /** The transmit buffer's kernel virtual address ({@code tport->xmit_buf}). */
    public long xmitBuf() {
        return xmitBuf;
    }

    /** The coherent receive buffer, or null without RX DMA. */
    public DmaCoherent rxBuffer() {
        return rxCoherent;
    }

    /** {@code s->buf_len_rx} */
    public int rxBufferHalfLength() {
        return bufLenRx;
    }

    /** {@code s->rx_timeout} in microseconds */
    public long rxTimeoutUs() {
        return rxTimeoutUs;
    }

    // ---- startup / shutdown ----

    /** {@code uart_port_startup()} + {@code sci_startup()}: transmit buffer, DMA, transmitter and receiver on. */
    public void startup() {
        if (started) {
            throw new IllegalStateException(port.name() + " is already open");
        }
        started = true;
        in("uart_port_startup", () -> {
            if (commits(DriverBug.MAP_VMALLOC_BUFFER) || commits(DriverBug.UNMAP_FAILED_MAPPING)) {
                xmitBuf = mm().vmalloc(UART_XMIT_SIZE, "uart_port_startup");
                xmitVmalloc = true;
            } else {
                xmitBuf = mm().getFreePages(0); // get_zeroed_page()
            }
            if (xmitBuf == 0) {
                throw new IllegalStateException(port.name() + ": out of memory for the transmit buffer");
            }
            cpuWrite(xmitBuf, new byte[UART_XMIT_SIZE], 0, UART_XMIT_SIZE);
            in("sci_startup", () -> {
                in("sci_request_dma", this::sciRequestDma);
                // sci_set_termios() / sci_start_rx(): transmitter and receiver on
                int scr = bus().read16(mapbase + SCSCR);
                bus().write16(mapbase + SCSCR, scr | SCSCR_TE | SCSCR_RE);
            });
        });
        // s->rx_frame = (10000 * bits) / (baud / 100) for 8N1 at the port's rate; rx_timeout covers 2 buffers
        long baud = Math.round(10.0 * VirtualClock.PS_PER_SECOND / scif.charTimePs());
        long rxFrame = (10000L * 10) / (baud / 100);
        rxTimeoutUs = bufLenRx * 2L * rxFrame;
    }

    private DmaChan sciRequestDmaChan(DmaTransferDirection dir) {
        DmaChan chan;
        try {
            chan = machine.dmaEngine().dmaRequestChan(port, dir == DmaTransferDirection.MEM_TO_DEV ? "tx" : "rx");
        } catch (DmaEngineException e) {
            return null; // dev_dbg "dma_request_chan failed"
        }
        DmaSlaveConfig cfg = new DmaSlaveConfig().direction(dir).dstAddr(mapbase + SCXTDR)
                .dstAddrWidth(DmaSlaveBuswidth.BYTES_1).srcAddr(mapbase + SCXRDR)
                .srcAddrWidth(DmaSlaveBuswidth.BYTES_1);
        int ret = DmaEngine.dmaengineSlaveConfig(chan, cfg);
        if (ret != 0) {
            devPrintk(Level.WARNING, port, "dmaengine_slave_config failed " + ret);
            machine.dmaEngine().dmaReleaseChannel(chan);
            return null;
        }
        return chan;
    }

    /** {@code sci_request_dma()} */
    private void sciRequestDma() {
        if (console || !pdev.node().hasProperty("dmas")) {
            return;
        }
        cookieTx = -EINVAL;
        DmaChan chan = sciRequestDmaChan(DmaTransferDirection.MEM_TO_DEV);
        if (chan != null) {
            txDmaAddr = api().dmaMapSingle(chan.dmaDev(), xmitBuf, UART_XMIT_SIZE, DmaDirection.TO_DEVICE);
            boolean failed = commits(DriverBug.FORGET_MAPPING_ERROR) || commits(DriverBug.UNMAP_FAILED_MAPPING)
                    ? false
                    : api().dmaMappingError(chan.dmaDev(), txDmaAddr) != 0;
            if (failed) {
                devPrintk(Level.WARNING, port, "Failed mapping Tx DMA descriptor");
                machine.dmaEngine().dmaReleaseChannel(chan);
            } else {
                chanTxSaved = chanTx = chan;
            }
        }
        chan = sciRequestDmaChan(DmaTransferDirection.DEV_TO_MEM);
        if (chan != null) {
            bufLenRx = 2 * Math.max(16, fifosize);
            DmaCoherent c = api().dmaAllocCoherent(chan.dmaDev(), bufLenRx * 2L);
            if (c == null) {
                devPrintk(Level.WARNING, port, "Failed to allocate Rx dma buffer, using PIO");
                machine.dmaEngine().dmaReleaseChannel(chan);
                return;
            }
            rxCoherent = c;
            for (int i = 0; i < 2; i++) {
                rxBuf[i] = c.cpuAddr() + (long) i * bufLenRx;
                sgRx[i].setDma(c.dmaHandle() + (long) i * bufLenRx, bufLenRx);
            }
            chanRxSaved = chanRx = chan;
        }
    }

    /** {@code uart_port_shutdown()} → {@code sci_shutdown()} → {@code sci_free_dma()}. */
    public void shutdown() {
        if (!started) {
            throw new IllegalStateException(port.name() + " is not open");
        }
        in("uart_port_shutdown", () -> in("sci_shutdown", () -> {
            int scr = bus().read16(mapbase + SCSCR);
            bus().write16(mapbase + SCSCR, scr & ~(SCSCR_TE | SCSCR_RE));
            in("sci_free_dma", () -> {
                if (chanTxSaved != null) {
                    in("sci_dma_tx_release", this::sciDmaTxRelease);
                }
                if (chanRxSaved != null) {
                    in("sci_dma_rx_release", this::sciDmaRxRelease);
                }
            });
        }));
        if (xmitVmalloc) {
            mm().vfree(xmitBuf);
        } else {
            mm().freePages(xmitBuf, 0);
        }
        xmitBuf = 0;
        started = false;
    }

    /** {@code sci_dma_tx_release()} */
    private void sciDmaTxRelease() {
        DmaChan chan = chanTxSaved;
        workPending = false; // cancel_work_sync()
        chanTxSaved = chanTx = null;
        cookieTx = -EINVAL;
        DmaEngine.dmaengineTerminateSync(chan);
        if (!commits(DriverBug.LEAK_MAPPING_AT_UNBIND)) {
            long addr = commits(DriverBug.UNMAP_NEVER_MAPPED) ? txDmaAddr + (xmitOut & (UART_XMIT_SIZE - 1))
                    : txDmaAddr;
            long size = commits(DriverBug.UNMAP_WRONG_SIZE) ? txDmaLen : UART_XMIT_SIZE;
            DmaDirection dir = commits(DriverBug.UNMAP_WRONG_DIRECTION) ? DmaDirection.FROM_DEVICE
                    : DmaDirection.TO_DEVICE;
            api().dmaUnmapSingle(chan.dmaDev(), addr, size, dir);
            if (commits(DriverBug.DOUBLE_UNMAP)) {
                api().dmaUnmapSingle(chan.dmaDev(), addr, size, dir);
            }
        }
        machine.dmaEngine().dmaReleaseChannel(chan);
    }

    /** {@code sci_dma_rx_release()} */
    private void sciDmaRxRelease() {
        DmaChan chan = chanRxSaved;
        chanRxSaved = null;
        rxChanInvalidate();
        DmaEngine.dmaengineTerminateSync(chan);
        long size = commits(DriverBug.FREE_COHERENT_WRONG_SIZE) ? bufLenRx : bufLenRx * 2L;
        long cpu = commits(DriverBug.WRONG_CPU_ADDRESS_ON_FREE) ? rxBuf[1] : rxBuf[0];
        api().dmaFreeCoherent(chan.dmaDev(), size, cpu, sgRx[0].dmaAddress());
        rxCoherent = null;
        machine.dmaEngine().dmaReleaseChannel(chan);
    }

    private void rxChanInvalidate() {
        chanRx = null;
        cookieRx[0] = cookieRx[1] = -EINVAL;
        activeRx = 0;
        if (rxTimer != null) {
            rxTimer.cancel();
            rxTimer = null;
        }
    }

    // ---- transmit ----

    /** Bytes waiting in the transmit buffer (not yet handed to the hardware). */
    public int pending() {
        return xmitIn - xmitOut;
    }

    /**
     * {@code uart_write()}: copies as many bytes as fit into the circular transmit buffer and starts
     * transmission. @return the number of bytes taken
     */
    public int write(byte[] data, int off, int len) {
        if (!started) {
            throw new IllegalStateException(port.name() + " is not open");
        }
        int n = Math.min(len, UART_XMIT_SIZE - pending());
        for (int done = 0; done < n;) {
            int head = xmitIn & (UART_XMIT_SIZE - 1);
            int chunk = Math.min(n - done, UART_XMIT_SIZE - head);
            cpuWrite(xmitBuf + head, data, off + done, chunk);
            xmitIn += chunk;
            done += chunk;
        }
        if (n > 0) {
            in("uart_write", () -> in("sci_start_tx", this::sciStartTx));
        }
        return n;
    }

    /**
     * Writes all of {@code data}, running the machine while the transmit buffer is full (as a blocking tty write
     * sleeps). Does not wait for the bytes to leave; see {@link #drain(long)}.
     */
    public void transmit(byte[] data) {
        int off = 0;
        while (off < data.length) {
            int n = write(data, off, data.length - off);
            off += n;
            if (off < data.length) {
                runUntil(() -> pending() < UART_XMIT_SIZE, 10 * VirtualClock.PS_PER_SECOND,
                        "room in the transmit buffer");
            }
        }
    }

    /** {@link #transmit(byte[])} of the string's ISO-8859-1 bytes. */
    public void transmit(String text) {
        transmit(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether every byte written has left the transmit buffer and no transfer is in flight. */
    public boolean txIdle() {
        return pending() == 0 && cookieTx < 0 && !workPending;
    }

    /**
     * Runs the machine until the transmit buffer is empty and the port's TX FIFO has shifted its last byte out.
     *
     * @throws IllegalStateException when that does not happen within {@code timeoutPs} of virtual time
     */
    public void drain(long timeoutPs) {
        runUntil(() -> txIdle() && scif.txFifoCount() == 0, timeoutPs, "transmission of the pending bytes");
        // the last byte leaves one character time after it entered the shift register
        machine.runFor(scif.charTimePs());
    }

    /** {@code sci_start_tx()} */
    private void sciStartTx() {
        if (chanTx != null) {
            if (pending() > 0 && cookieTx < 0) {
                cookieTx = 0;
                workPending = true;
                scheduleWork("sci_dma_tx_work_fn", this::sciDmaTxWorkFn);
            }
            return;
        }
        // PIO: the TXI interrupt handler fills the FIFO (sci_transmit_chars)
        if (!pioScheduled) {
            pioScheduled = true;
            clock().schedule(0, "irq " + port.name() + " txi", this::sciTransmitChars);
        }
    }

    /** {@code sci_dma_tx_work_fn()} */
    private void sciDmaTxWorkFn() {
        if (!workPending) {
            return; // cancelled
        }
        workPending = false;
        DmaChan chan = chanTx;
        if (chan == null) {
            return;
        }
        int tail = xmitOut & (UART_XMIT_SIZE - 1);
        txDmaLen = Math.min(pending(), UART_XMIT_SIZE - tail); // kfifo_out_linear()
        long buf = txDmaAddr + tail;
        if (txDmaLen == 0) {
            return;
        }
        DmaAsyncTxDescriptor desc = DmaEngine.dmaenginePrepSlaveSingle(chan, buf, txDmaLen,
                DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
        if (desc == null) {
            devPrintk(Level.WARNING, port, "Failed preparing Tx DMA descriptor");
            switchToPio();
            return;
        }
        api().dmaSyncSingleForDevice(chan.dmaDev(), buf, txDmaLen,
                commits(DriverBug.SYNC_WRONG_DIRECTION) ? DmaDirection.FROM_DEVICE : DmaDirection.TO_DEVICE);
        desc.setCallback(this::sciDmaTxComplete);
        cookieTx = DmaEngine.dmaengineSubmit(desc);
        if (DmaEngine.dmaSubmitError(cookieTx)) {
            devPrintk(Level.WARNING, port, "Failed submitting Tx DMA descriptor");
            switchToPio();
            return;
        }
        DmaEngine.dmaAsyncIssuePending(chan);
    }

    private void switchToPio() {
        chanTx = null;
        cookieTx = -EINVAL;
        sciStartTx();
    }

    /** {@code sci_dma_tx_complete()}, the descriptor's callback. */
    private void sciDmaTxComplete() {
        in("sci_dma_tx_complete", () -> {
            xmitOut += txDmaLen; // uart_xmit_advance()
            if (pending() > 0) {
                cookieTx = 0;
                workPending = true;
                scheduleWork("sci_dma_tx_work_fn", this::sciDmaTxWorkFn);
            } else {
                cookieTx = -EINVAL;
            }
        });
    }

    /** {@code sci_transmit_chars()}: fills the TX FIFO by PIO, again one character time later while bytes remain. */
    private void sciTransmitChars() {
        pioScheduled = false;
        if (!started) {
            return;
        }
        int room = fifosize - ((bus().read16(mapbase + SCFDR) >>> 8) & 0xff);
        while (room-- > 0 && pending() > 0) {
            byte b = cpuRead(xmitBuf + (xmitOut & (UART_XMIT_SIZE - 1)), 1)[0];
            bus().write8(mapbase + SCXTDR, b & 0xff);
            xmitOut++;
        }
        if (pending() > 0) {
            pioScheduled = true;
            clock().schedule(scif.charTimePs(), "irq " + port.name() + " txi", this::sciTransmitChars);
        }
    }

    // ---- receive ----

    /** Bytes received and pushed to the tty so far. */
    public byte[] received() {
        return received.toByteArray();
    }

    /**
     * Starts DMA reception (the first RX interrupt's {@code sci_dma_rx_submit()}) if it is not running, then runs
     * the machine until {@code n} bytes have been received in all.
     *
     * @throws IllegalStateException without an RX channel, or when the bytes do not arrive in time
     */
    public byte[] receive(int n, long timeoutPs) {
        if (chanRx == null) {
            throw new IllegalStateException(port.name() + " has no RX DMA channel");
        }
        if (cookieRx[0] < 0) {
            in("sci_rx_interrupt", () -> {
                sciDmaRxSubmit();
                startRxTimer();
            });
        }
        runUntil(() -> received.size() >= n, timeoutPs, n + " received bytes");
        return received();
    }

    /** {@code sci_dma_rx_submit()} */
    private void sciDmaRxSubmit() {
        in("sci_dma_rx_submit", () -> {
            for (int i = 0; i < 2; i++) {
                DmaAsyncTxDescriptor desc = DmaEngine.dmaenginePrepSlaveSg(chanRx, new Scatterlist[] {sgRx[i]}, 1,
                        DmaTransferDirection.DEV_TO_MEM, DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
                if (desc == null) {
                    rxChanInvalidate();
                    return;
                }
                desc.setCallback(this::sciDmaRxComplete);
                cookieRx[i] = DmaEngine.dmaengineSubmit(desc);
            }
            activeRx = cookieRx[0];
            DmaEngine.dmaAsyncIssuePending(chanRx);
        });
    }

    private int rxFindActive() {
        for (int i = 0; i < 2; i++) {
            if (activeRx == cookieRx[i]) {
                return i;
            }
        }
        return -1;
    }

    private void startRxTimer() {
        if (rxTimer != null) {
            rxTimer.cancel();
        }
        rxTimer = clock().schedule(rxTimeoutUs * VirtualClock.PS_PER_US, "hrtimer sci_dma_rx_timer_fn",
                () -> {
                    rxTimer = null;
                    in("sci_dma_rx_timer_fn", this::sciDmaRxTimerFn);
                });
    }

    /** {@code sci_dma_rx_complete()} */
    private void sciDmaRxComplete() {
        in("sci_dma_rx_complete", () -> {
            if (rxTimer != null) {
                rxTimer.cancel();
                rxTimer = null;
            }
            int active = rxFindActive();
            if (active < 0 || chanRx == null) {
                return;
            }
            received.writeBytes(cpuRead(rxBuf[active], bufLenRx));
            DmaAsyncTxDescriptor desc = DmaEngine.dmaenginePrepSlaveSg(chanRx, new Scatterlist[] {sgRx[active]}, 1,
                    DmaTransferDirection.DEV_TO_MEM, DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
            if (desc == null) {
                DmaEngine.dmaengineTerminateAsync(chanRx);
                rxChanInvalidate();
                return;
            }
            desc.setCallback(this::sciDmaRxComplete);
            cookieRx[active] = DmaEngine.dmaengineSubmit(desc);
            activeRx = cookieRx[active == 0 ? 1 : 0];
            DmaEngine.dmaAsyncIssuePending(chanRx);
            startRxTimer();
        });
    }

    /** {@code sci_dma_rx_timer_fn()}: collects a partly filled half and stops RX DMA until the next interrupt. */
    private void sciDmaRxTimerFn() {
        int active = rxFindActive();
        if (active < 0 || chanRx == null) {
            return;
        }
        DmaTxState state = new DmaTxState();
        if (DmaEngine.dmaengineTxStatus(chanRx, activeRx, state) == DmaStatus.COMPLETE) {
            return;
        }
        DmaEngine.dmaengineTerminateAsync(chanRx);
        int read = (int) (sgRx[active].dmaLength() - state.residue);
        if (read > 0) {
            received.writeBytes(cpuRead(rxBuf[active], read));
        }
        cookieRx[0] = cookieRx[1] = -EINVAL; // the next RX interrupt submits again
    }

    /** Whether the DMA-API handed out DMA_MAPPING_ERROR for the transmit buffer. */
    public boolean txMappingFailed() {
        return txDmaAddr == DmaAttrs.DMA_MAPPING_ERROR;
    }
}
