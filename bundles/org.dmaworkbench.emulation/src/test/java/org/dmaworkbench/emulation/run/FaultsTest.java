package org.dmaworkbench.emulation.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.dmaworkbench.emulation.live.DmaChannelSnapshot;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventStream;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionListener;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.SessionStatistics;
import org.dmaworkbench.emulation.session.SessionTarget;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.machine.Machine;
import org.junit.Test;

/**
 * Faults in the middle of a running session: an IOMMU fault and a bus error stop the one DMAC channel that met them
 * with an address error (CHCR.CAE, as rcar-dmac's hardware does), the rest of the workload goes on, and the session
 * reports them; a kernel BUG stops the whole emulated system; a defect of the emulator itself ends the session with
 * a result instead of an exception. The faults are injected by a kernel thread submitting a memcpy through dmaengine
 * at a given step, on the session's thread.
 */
public class FaultsTest {
    private static final String UART = "client uart0 { device = &scif0; tx text \"hello, world\\n\" }\n";

    /** Runs the target's steps and, before step {@code at}, {@code fault} on its machine as a kworker. */
    private static final class Injecting implements SessionTarget {
        final ScenarioTarget t;
        final int at;
        final Consumer<Machine> fault;
        int steps;

        Injecting(ScenarioTarget t, int at, Consumer<Machine> fault) {
            this.t = t;
            this.at = at;
            this.fault = fault;
        }

        @Override
        public void attach(EventStream events) {
            t.attach(events);
        }

        @Override
        public boolean step() {
            if (++steps == at) {
                Machine m = t.machine();
                m.runAs(m.kworker(), () -> fault.accept(m));
            }
            return t.step();
        }

        @Override
        public long nowNs() {
            return t.nowNs();
        }

        @Override
        public long transfersCompleted() {
            return t.transfersCompleted();
        }

        @Override
        public SessionStatistics statistics(EventStream events) {
            return t.statistics(events);
        }

        @Override
        public String haltReason() {
            return t.haltReason();
        }

        @Override
        public org.dmaworkbench.emulation.live.LiveStateModel liveState() {
            return t.liveState();
        }

        @Override
        public void shutdown() {
            t.shutdown();
        }
    }

    /** dmatest's way to a memcpy: a free channel of dmac0, one descriptor from {@code src} to {@code dst}. */
    private static Consumer<Machine> memcpy(long dst, long src) {
        return m -> {
            DmaChan ch = m.dmaEngine().dmaRequestChannel(m.rcarDmac("dmac0").orElseThrow().engine(), null);
            DmaAsyncTxDescriptor tx = DmaEngine.dmaenginePrepDmaMemcpy(ch, dst, src, 64,
                    DmaEngine.DMA_PREP_INTERRUPT | DmaEngine.DMA_CTRL_ACK);
            DmaEngine.dmaengineSubmit(tx);
            DmaEngine.dmaAsyncIssuePending(ch);
        };
    }

    private record Run(SessionResult result, List<SessionEvent> events, List<DmaChannelSnapshot> channels) {
        String text(String name) {
            return String.join("\n", events.stream().filter(e -> e.name().equals(name)).map(SessionEvent::text)
                    .toList());
        }

        String serial() {
            return String.join("", events.stream().filter(e -> e.name().equals("tx")).map(SessionEvent::text).toList());
        }
    }

    private static Run run(String scenario, StopCondition stop, java.util.function.Function<ScenarioTarget,
            SessionTarget> wrap) throws Exception {
        LoadedScenario l = ScenarioLoader.load("f.dmascn", scenario, null);
        assertTrue(l.formatDiagnostics(), l.ok());
        ScenarioTarget t = ScenarioTarget.create(l);
        EmulationSession s = new EmulationSession(wrap.apply(t), stop);
        SessionResult r = s.run(SessionMonitor.NONE);
        return new Run(r, s.events().history().snapshot(), s.liveState().snapshot().channels());
    }

    @Test
    public void anIommuFaultStopsTheChannelAndTheUartStillFinishes() throws Exception {
        // 0x5000_0000 lies in dmac0's ARM IOMMU mapping (arm_iommu_create_mapping() of rcar-dmac on 32-bit ARM) but
        // nothing is mapped there: the IPMMU faults on the channel's first read
        Run r = run("board = koelsch\niommu ipmmu_ds = on\n" + UART, StopCondition.WHEN_IDLE,
                t -> new Injecting(t, 3, memcpy(0x5000_1000L, 0x5000_0000L)));
        assertEquals(SessionResult.Status.COMPLETED, r.result().status());
        assertEquals("workload finished", r.result().reason());
        assertEquals(1, r.result().statistics().iommuFaults());
        assertEquals(1, r.result().exitCode());
        // ipmmu_domain_irq() with no fault handler (drivers/iommu/ipmmu-vmsa.c: "Unhandled fault: status 0x%08x iova
        // 0x%lx"), IMSTR bit 0 a translation fault; then rcar_dmac_isr_error() (drivers/dma/sh/rcar-dmac.c)
        String log = r.text("printk") + r.text("dmesg") + String.join("\n", r.events().stream()
                .map(SessionEvent::text).toList());
        assertTrue(log, log.contains("ipmmu-vmsa e6740000.iommu: Unhandled fault: status 0x00000001 iova 0x50000000"));
        assertTrue(log, log.contains("rcar-dmac e6700000.dma-controller: Channel Address Error"));
        assertTrue(r.events().stream().anyMatch(e -> e.name().equals("io_page_fault") && e.isError()));
        DmaChannelSnapshot ch = r.channels().stream().filter(c -> c.lastError() != null).findFirst().orElseThrow(
                () -> new AssertionError(r.channels().toString()));
        assertEquals("IOMMU fault on read of 0x50000000", ch.lastError());
        assertEquals(0, ch.bytesMoved());
        assertEquals("hello, world\\x0a", r.serial());
    }

    @Test
    public void stopAtFirstErrorStopsAtTheFault() throws Exception {
        Run r = run("board = koelsch\niommu ipmmu_ds = on\n" + UART, new StopCondition(0, 0, true),
                t -> new Injecting(t, 3, memcpy(0x5000_1000L, 0x5000_0000L)));
        assertEquals(SessionResult.Status.STOPPED_ON_ERROR, r.result().status());
        assertEquals("first error", r.result().reason());
    }

    @Test
    public void aBusErrorWithoutTheIommuIsAChannelAddressError() throws Exception {
        // with the IPMMU off dmac0 works on physical addresses (dma-direct); koelsch has RAM at 0x4000_0000 and
        // 0x2_0000_0000 and nothing at 0x3000_0000
        Run r = run("board = koelsch\niommu ipmmu_ds = off\n" + UART, StopCondition.WHEN_IDLE,
                t -> new Injecting(t, 3, memcpy(0x3000_0000L, 0x4100_0000L)));
        assertEquals(SessionResult.Status.COMPLETED, r.result().status());
        assertEquals(0, r.result().statistics().iommuFaults());
        String log = String.join("\n", r.events().stream().map(SessionEvent::text).toList());
        assertTrue(log, log.contains("rcar-dmac e6700000.dma-controller: Channel Address Error"));
        DmaChannelSnapshot ch = r.channels().stream().filter(c -> c.lastError() != null).findFirst().orElseThrow(
                () -> new AssertionError(r.channels().toString()));
        assertTrue(ch.lastError(), ch.lastError().contains("0x30000000"));
        assertEquals("hello, world\\x0a", r.serial());
    }

    @Test
    public void aKernelBugHaltsTheSystem() throws Exception {
        // unmapping the DMA_MAPPING_ERROR of a failed map BUG()s in __free_iova (arch/arm/mm/dma-mapping.c:827)
        Run r = run("board = koelsch\niommu ipmmu_ds = on\n" + UART + "bug uart0 = unmap-failed-mapping\n",
                StopCondition.WHEN_IDLE, t -> t);
        assertEquals(SessionResult.Status.STOPPED_ON_ERROR, r.result().status());
        assertEquals("kernel BUG", r.result().reason());
        assertTrue(r.events().stream().anyMatch(e -> e.isError()
                && e.text().equals("kernel BUG at arch/arm/mm/dma-mapping.c:827!")));
        assertEquals(1, r.result().exitCode());
    }

    @Test
    public void anEmulatorDefectEndsTheSessionWithAResult() throws Exception {
        AtomicReference<SessionResult> finished = new AtomicReference<>();
        LoadedScenario l = ScenarioLoader.load("f.dmascn", "board = koelsch\niommu ipmmu_ds = on\n" + UART, null);
        Injecting target = new Injecting(ScenarioTarget.create(l), 4, m -> {
            throw new IllegalStateException("injected defect");
        });
        EmulationSession s = new EmulationSession(target, StopCondition.WHEN_IDLE);
        List<SessionEvent> seen = new ArrayList<>();
        s.addListener(new SessionListener() {
            @Override
            public void eventsAppended(List<SessionEvent> batch) {
                seen.addAll(batch);
            }

            @Override
            public void sessionFinished(SessionResult result) {
                finished.set(result);
            }
        });
        SessionResult r = s.run(SessionMonitor.NONE);
        assertEquals(SessionResult.Status.STOPPED_ON_ERROR, r.status());
        assertEquals("emulator error: IllegalStateException: injected defect", r.reason());
        assertEquals(r, finished.get());
        SessionEvent e = seen.stream().filter(x -> x.name().equals("emulator_error")).findFirst().orElseThrow();
        assertTrue(e.text(), e.isError() && e.text().startsWith("emulator error: IllegalStateException: injected "
                + "defect at org.dmaworkbench.emulation.run.FaultsTest"));
        // the session's reason line comes last, as for every stop
        assertEquals("session stopped: emulator error: IllegalStateException: injected defect",
                seen.get(seen.size() - 1).text());
    }
}
