package org.dmaworkbench.emulation.run;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;

/**
 * A dmatest-like client: each repetition copies {@code count} random bytes by DMA and checks the copy; with
 * {@code to &NODE}, into that node's MMIO window (mapped with dma_map_resource(), as a driver filling on-chip SRAM
 * does), and checks what the bus holds there.
 */
final class MemcpyRunner implements WorkloadRunner {
    private final String name;
    private final MemcpyClient memcpy;
    private final Random random;
    private final Consumer<String> mismatch;

    private final ToLongFunction<Scenario.DeviceRef> mmio;
    private final PhysicalMemory bus;

    /** @param mmio the physical address of a {@code to} destination; {@code bus} reads it back */
    MemcpyRunner(String name, MemcpyClient memcpy, Random random, Consumer<String> mismatch,
            ToLongFunction<Scenario.DeviceRef> mmio, PhysicalMemory bus) {
        this.mmio = mmio;
        this.bus = bus;
        this.name = name;
        this.memcpy = memcpy;
        this.random = random;
        this.mismatch = mismatch;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Workload w, int repetition) {
        if (w.kind() != WorkloadKind.MEMCPY) {
            throw new IllegalArgumentException(name + ": a DMA controller client cannot run " + w.kind().keyword());
        }
        byte[] data = new byte[(int) w.count()];
        random.nextBytes(data);
        byte[] copied;
        if (w.to().isPresent()) {
            long phys = mmio.applyAsLong(w.to().get());
            copied = null;
            if (memcpy.copyToMmio(data, phys)) {
                copied = new byte[data.length];
                bus.read(phys, copied, 0, copied.length);
            }
        } else {
            copied = memcpy.copy(data);
        }
        if (copied != null && !Arrays.equals(data, copied)) {
            mismatch.accept(String.format("%s: memcpy of %d bytes (repetition %d) delivered different data", name,
                    data.length, repetition + 1));
        }
    }

    @Override
    public boolean idle() {
        return true;
    }

    @Override
    public void shutdown() {
        memcpy.release();
    }
}
