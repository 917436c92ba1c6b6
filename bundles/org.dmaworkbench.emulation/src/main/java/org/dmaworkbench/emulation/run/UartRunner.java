package org.dmaworkbench.emulation.run;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.kernel.drivers.clients.UartClient;

/** A serial port client: {@code tx} writes into the tty (sh-sci sends it by DMA), {@code rx} feeds the line. */
final class UartRunner implements WorkloadRunner {
    private final String name;
    private final UartClient uart;
    private final Scif scif;
    private final Random random;
    private byte[] txData;
    private int txOff;
    private long rxTarget = -1;

    UartRunner(String name, UartClient uart, Random random) {
        this.name = name;
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
        if (w.kind() == WorkloadKind.TX) {
            txData = w.text().map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).orElseGet(() -> pattern(w.count()));
            txOff = 0;
            pump();
        } else if (w.kind() == WorkloadKind.RX) {
            byte[] line = pattern(w.count());
            rxTarget = uart.received().length + line.length;
            scif.feed(line);
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
