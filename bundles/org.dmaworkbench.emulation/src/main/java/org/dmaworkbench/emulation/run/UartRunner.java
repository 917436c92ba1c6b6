package org.dmaworkbench.emulation.run;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.kernel.drivers.clients.UartClient;

/** A serial port client: {@code tx} writes into the tty (sh-sci sends it by DMA), {@code rx} feeds the line. */
final class UartRunner implements WorkloadRunner {
    static final long DEFAULT_BAUD = 115_200;
    private final String name;
    private final UartClient uart;
    private final Scif scif;
    private final Random random;
    private byte[] txData;
    private int txOff;
    private long rxTarget = -1;
    private final java.util.function.Consumer<String> stalled;

    UartRunner(String name, UartClient uart, Random random, java.util.function.Consumer<String> stalled) {
        this.name = name;
        this.stalled = stalled;
        this.uart = uart;
        this.scif = uart.hardware();
        this.random = random;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Workload w, int repetition) {
        // the workload's line rate, else sh-sci's default of 115200 baud
        scif.setBaud(w.rate() > 0 ? w.rate() : DEFAULT_BAUD);
        if (w.kind() == WorkloadKind.TX) {
            txData = w.text().map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).orElseGet(() -> pattern(w.count()));
            txOff = 0;
            pump();
        } else if (w.kind() == WorkloadKind.RX) {
            byte[] line = pattern(w.count());
            int before = uart.received().length;
            rxTarget = before + line.length;
            scif.feed(line);
            // sh-sci's RX interrupt starts DMA reception; the driver model runs the shared clock until the bytes
            // are in (or the RX timeout collected a partial half). Four character times per byte is ample.
            long timeoutPs = (line.length * 4L + 64) * scif.charTimePs();
            try {
                uart.receive((int) rxTarget, timeoutPs);
            } catch (IllegalStateException e) {
                stalled.accept(name + ": " + e.getMessage());
                rxTarget = -1;
                return;
            }
            byte[] got = uart.received();
            byte[] tail = java.util.Arrays.copyOfRange(got, before, (int) Math.min(got.length, rxTarget));
            if (!java.util.Arrays.equals(tail, line)) {
                stalled.accept(String.format("%s: rx of %d bytes delivered different data", name, line.length));
            }
        } else {
            throw new IllegalArgumentException(name + ": a serial port cannot run " + w.kind().keyword());
        }
    }

    private byte[] pattern(long n) {
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x20 + random.nextInt(0x5f));
        }
        return b;
    }

    /** Hands the tty as many pending bytes as its transmit buffer takes (uart_write never blocks here). */
    private void pump() {
        if (txData != null && txOff < txData.length) {
            txOff += uart.write(txData, txOff, txData.length - txOff);
        }
    }

    @Override
    public boolean idle() {
        pump();
        boolean txDone = txData == null || (txOff == txData.length && uart.txIdle() && scif.txFifoCount() == 0);
        boolean rxDone = rxTarget < 0 || uart.received().length >= rxTarget;
        return txDone && rxDone;
    }

    @Override
    public void shutdown() {
        uart.shutdown();
    }
}
