package org.dmaworkbench.emulation.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.dmaworkbench.emulation.scenario.DeviceKind;
import org.dmaworkbench.emulation.scenario.IommuPlan;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.ScenarioValidator;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.EventStream;
import org.dmaworkbench.emulation.session.SessionStatistics;
import org.dmaworkbench.emulation.session.SessionTarget;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.dmac.RcarDmacChannel;
import org.dmaworkbench.hw.dmac.RcarDmacInterruptHandler;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformBuild;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.drivers.clients.ClientDriver;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.drivers.clients.SdhiClient;
import org.dmaworkbench.kernel.drivers.clients.SdhiInternalDmacClient;
import org.dmaworkbench.kernel.drivers.clients.UartClient;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.trace.TraceEvent;

/**
 * A scenario running on its board: the platform built from the (switched) device tree, the kernel booted on it
 * with the scenario's dma-debug options, one client driver per scenario client committing the injected bugs,
 * and the workloads started as their repetitions come due. Each {@link #step()} starts what is due and runs one
 * hardware event on the virtual clock. Kernel trace events, kernel log records, DMAC channel interrupts and
 * serial output become session events.
 */
public final class ScenarioTarget implements SessionTarget {
    private final Scenario scenario;
    private final Platform platform;
    private final Machine machine;
    private final VirtualClock clock;
    private final List<ClientState> clients = new ArrayList<>();
    private final Map<String, RcarDmacChannel> channels = new LinkedHashMap<>();
    private final List<Runnable> beforeAttach = new ArrayList<>();
    private EventStream events;
    private long transfers;
    private long mapCalls;
    private long unmapCalls;
    private long iommuFaults;
    private boolean shutDown;
    private String halted;
    /** The client whose driver code runs now (its request or its unbind); null in interrupts and the kernel's own work. */
    private String running;

    /** A client's place in its workload list. */
    private static final class ClientState {
        final WorkloadRunner runner;
        final List<Workload> workloads;
        /** the task the workload's system calls run in (null: the client runs its own threads) */
        final Machine.Task task;
        int index;
        int repetition;
        long nextStartPs;

        ClientState(WorkloadRunner runner, List<Workload> workloads, Machine.Task task) {
            this.runner = runner;
            this.workloads = workloads;
            this.task = task;
        }

        boolean finished() {
            return index >= workloads.size();
        }
    }

    private ScenarioTarget(LoadedScenario loaded) throws ScenarioRunException {
        if (!loaded.ok()) {
            throw new ScenarioRunException(loaded.formatDiagnostics());
        }
        this.scenario = loaded.scenario().orElseThrow();
        PlatformBuild build = PlatformBuilder.build(loaded.board().orElseThrow());
        if (build.platform().isEmpty()) {
            throw new ScenarioRunException(build.formatDiagnostics());
        }
        this.platform = build.platform().get();
        if (platform.ram().isEmpty()) {
            throw ScenarioRunException.noRam(scenario.board().toString());
        }
        this.clock = platform.clock();
        MachineOptions options = new MachineOptions()
                .dmaDebug(scenario.dmaDebug().enabled())
                .iommuOptIn(loaded.iommuPlan().map(IommuPlan::optInDevices).orElse(Set.of()))
                .socRevision(scenario.socRevision().orElse(null))
                .kernelLog(this::kernelLog)
                .traceSink(this::trace);
        this.machine = Machine.boot(platform, scenario.profile(), options);
        DmaDebug debug = machine.dmaDebug();
        if (debug != null) {
            debug.setDriverFilter(scenario.dmaDebug().driverFilter());
            debug.setAllErrors(scenario.dmaDebug().allErrors());
            debug.setNumErrors((int) Math.min(Integer.MAX_VALUE, scenario.dmaDebug().numErrors()));
        }
        watchChannels();
        Random random = new Random(scenario.seed());
        for (ClientBinding b : loaded.clients()) {
            running = b.client().name();
            Machine.Task task = userTask(b.kind());
            WorkloadRunner[] r = new WorkloadRunner[1];
            ScenarioRunException[] failed = new ScenarioRunException[1];
            inTask(task, () -> {
                try {
                    r[0] = runnerFor(b, random);
                } catch (ScenarioRunException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            clients.add(new ClientState(r[0], b.client().workloads(), task));
        }
        running = null;
    }

    /**
     * The user-space task a workload's system calls come from: a shell writing to or reading from the tty for a
     * serial port ("sh"), dd for an SD card; none for memcpy (dmatest runs its own kernel thread).
     */
    private Machine.Task userTask(DeviceKind kind) {
        return switch (kind) {
            case SERIAL, IIC -> machine.createProcess("sh");
            case SDHI_SYS_DMAC, SDHI_INTERNAL_DMAC -> machine.createProcess("dd");
            default -> null;
        };
    }

    private void inTask(Machine.Task task, Runnable body) {
        if (task == null) {
            body.run();
        } else {
            machine.runAs(task, body);
        }
    }

    /** Builds the platform and boots the kernel for {@code loaded}; throws with the diagnostics when it cannot. */
    public static ScenarioTarget create(LoadedScenario loaded) throws ScenarioRunException {
        return new ScenarioTarget(loaded);
    }

    private WorkloadRunner runnerFor(ClientBinding b, Random random) throws ScenarioRunException {
        String node = b.device().path();
        String name = b.client().name();
        ClientDriver driver;
        WorkloadRunner runner;
        switch (b.kind()) {
            case SERIAL -> {
                UartClient uart = new UartClient(machine, node);
                uart.hardware().enable();
                driver = uart;
                commitBugs(driver, name);
                uart.startup();
                runner = new UartRunner(name, uart, random,
                        msg -> emit(EventKind.SESSION, name, "workload_failed", msg, true, null));
            }
            case SDHI_SYS_DMAC -> {
                SdhiClient sd = new SdhiClient(machine, node);
                driver = sd;
                commitBugs(driver, name);
                runner = new SdRunner(name, sd, random);
            }
            case SDHI_INTERNAL_DMAC -> {
                SdhiInternalDmacClient sd = new SdhiInternalDmacClient(machine, node);
                driver = sd;
                commitBugs(driver, name);
                runner = new SdRunner(name, sd, random);
            }
            case DMAC -> {
                MemcpyClient m = new MemcpyClient(machine, node);
                driver = m;
                commitBugs(driver, name);
                runner = new MemcpyRunner(name, m, random,
                        msg -> emit(EventKind.SESSION, name, "data_mismatch", msg, true, null),
                        ref -> ScenarioValidator.mmioDestination((ref.isLabel() ? platform.tree().nodeByLabel(ref.label())
                                : platform.tree().node(ref.path())).orElseThrow()), platform.bus());
            }
            default -> throw new ScenarioRunException(scenario.fileName() + ": client " + name + ": " + b.kind()
                    + " devices cannot be emulated yet (no client driver for them)");
        }
        return runner;
    }

    private void commitBugs(ClientDriver driver, String client) throws ScenarioRunException {
        for (DriverBug bug : scenario.bugsOf(client)) {
            try {
                driver.commit(bug);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new ScenarioRunException("client " + client + ": " + e.getMessage());
            }
        }
    }

    private void watchChannels() {
        for (RcarDmac dmac : platform.dmacs()) {
            String dev = platform.devices().stream().filter(d -> d.model() == dmac).map(PlatformDevice::devName).findFirst()
                    .orElse("dmac");
            for (int i = 0; i < dmac.channelCount(); i++) {
                channels.put(dev + ".ch" + i, dmac.channel(i));
            }
            dmac.addInterruptHandler(new RcarDmacInterruptHandler() {
                @Override
                public void channelInterrupt(RcarDmac d, int ch) {
                    RcarDmacChannel c = d.channel(ch);
                    int chcr = c.chcr();
                    if ((chcr & RcarDmacChannel.RCAR_DMACHCR_CAE) != 0) {
                        emit(EventKind.CHANNEL, dev + ".ch" + ch, "address_error",
                                String.format("channel %d stopped: %s (SAR 0x%08x DAR 0x%08x TCR 0x%06x)", ch,
                                        c.lastError(), c.sar(), c.dar(), c.tcr()),
                                true, null);
                    } else if ((chcr & RcarDmacChannel.RCAR_DMACHCR_TE) != 0) {
                        transfers++;
                        emit(EventKind.CHANNEL, dev + ".ch" + ch, "transfer_end",
                                String.format("channel %d transfer end, %d bytes moved so far", ch, c.bytesMoved()), false,
                                null);
                    }
                }
            });
        }
        for (Ipmmu ipmmu : platform.ipmmus()) {
            ipmmu.addFaultListener(f -> iommuFaults++);
        }
    }

    private void trace(TraceEvent e) {
        String name = e.name();
        if (name.startsWith("dma_map") || name.startsWith("dma_alloc")) {
            mapCalls++;
        } else if (name.startsWith("dma_unmap") || name.startsWith("dma_free")) {
            unmapCalls++;
        }
        String fields = e.fields();
        int sp = fields.indexOf(' ');
        String source = "iommu".equals(e.system()) ? "iommu" : sp > 0 ? fields.substring(0, sp) : fields;
        EventKind kind = "iommu".equals(e.system()) ? EventKind.IOMMU : EventKind.DMA_API;
        emit(kind, source, name, fields, "io_page_fault".equals(name), e, e.timestampNs());
    }

    private void kernelLog(KernelLogRecord r) {
        boolean error = r.check() != null ? r.check().isError()
                : r.level().ordinal() <= KernelLogRecord.Level.ERR.ordinal();
        String source = r.device() == null ? "kernel" : r.device().name();
        emit(EventKind.KERNEL_LOG, source, r.check() != null ? "dma-debug" : r.level().name().toLowerCase(), r.text(), error, r);
    }

    private void emit(EventKind kind, String source, String name, String text, boolean error, Object payload) {
        emit(kind, source, name, text, error, payload, nowNs());
    }

    private void emit(EventKind kind, String source, String name, String text, boolean error, Object payload, long timeNs) {
        String client = running;
        if (events == null) {
            beforeAttach.add(() -> events.emitAt(timeNs, kind, source, name, text, error, payload, client));
        } else {
            events.emitAt(timeNs, kind, source, name, text, error, payload, client);
        }
    }

    @Override
    public void attach(EventStream stream) {
        this.events = stream;
        beforeAttach.forEach(Runnable::run);
        beforeAttach.clear();
        for (var scif : platform.scifs()) {
            String dev = platform.devices().stream().filter(d -> d.model() == scif).map(PlatformDevice::devName).findFirst()
                    .orElse("serial");
            scif.addSink((port, timePs, b) -> stream.emitAt(timePs / VirtualClock.PS_PER_NS, EventKind.PERIPHERAL_DATA, dev,
                    "tx", printable(b), false, Integer.valueOf(b)));
        }
    }

    private static String printable(int b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    @Override
    public boolean step() {
        if (halted != null) {
            return false;
        }
        try {
            return step0();
        } catch (KernelBug bug) {
            halt(bug);
            return false;
        }
    }

    /**
     * BUG(): the emulated kernel is dead, as after an oops; nothing runs any more, drivers do not unbind. The
     * kernel log gets the oops (the machine prints it), the session a finding.
     */
    private void halt(KernelBug bug) {
        halted = "kernel BUG";
        KernelLogRecord r = machine.oops(bug);
        // the kernel's own line (lib/bug.c:205) where the 6.12 source gives one, else the emulator's description
        String text = bug.line() > 0 ? "kernel BUG at " + bug.file() + ":" + bug.line() + "!" : bug.getMessage();
        emit(EventKind.KERNEL_LOG, "kernel", "BUG", text, true, r);
    }

    @Override
    public String haltReason() {
        return halted;
    }

    private boolean step0() {
        long now = clock.now();
        boolean pendingWork = false;
        long nextDue = Long.MAX_VALUE;
        for (ClientState c : clients) {
            if (c.finished()) {
                continue;
            }
            pendingWork = true;
            running = c.runner.name();
            boolean[] idle = new boolean[1];
            inTask(c.task, () -> idle[0] = c.runner.idle());
            if (!idle[0]) {
                continue;
            }
            Workload w = c.workloads.get(c.index);
            if (c.repetition > 0 && c.repetition >= w.repeat()) {
                c.index++;
                c.repetition = 0;
                continue;
            }
            if (c.nextStartPs <= now) {
                int rep = c.repetition;
                inTask(c.task, () -> c.runner.start(w, rep));
                c.repetition++;
                c.nextStartPs = now + w.everyNs() * VirtualClock.PS_PER_NS;
            } else {
                nextDue = Math.min(nextDue, c.nextStartPs);
            }
        }
        running = null;
        if (clock.step()) {
            return true;
        }
        if (nextDue != Long.MAX_VALUE) {
            clock.runUntil(nextDue);
            return true;
        }
        if (pendingWork) {
            // no hardware event left and nothing due, yet a unit has not finished: it never will
            for (ClientState c : clients) {
                if (!c.finished() && !c.runner.idle()) {
                    emit(EventKind.SESSION, c.runner.name(), "workload_stalled", c.runner.name() + ": "
                            + c.workloads.get(c.index).kind().keyword() + " stalled: the hardware is idle and the "
                            + "driver still waits", true, null);
                    c.index = c.workloads.size();
                }
            }
        }
        return pendingWork;
    }

    @Override
    public long nowNs() {
        return clock.now() / VirtualClock.PS_PER_NS;
    }

    @Override
    public long transfersCompleted() {
        return transfers;
    }

    @Override
    public SessionStatistics statistics(EventStream stream) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        channels.forEach((name, c) -> {
            if (c.bytesMoved() > 0) {
                bytes.put(name, c.bytesMoved());
            }
        });
        // the bus master of an SDHI with its own DMAC (R-Car Gen3/Gen4, RZ/G2) moves its blocks itself
        for (PlatformDevice d : platform.devices()) {
            if (d.model() instanceof Sdhi sd && sd.dma() == Sdhi.Dma.INTERNAL_DMAC && sd.dmaBytesMoved() > 0) {
                bytes.put(d.devName() + ".internal-dmac", sd.dmaBytesMoved());
            }
        }
        long hits = 0;
        long misses = 0;
        for (Ipmmu i : platform.ipmmus()) {
            hits += i.tlb().hits();
            misses += i.tlb().misses();
        }
        long debugErrors = machine.dmaDebug() == null ? 0 : machine.dmaDebug().errorCount();
        long iovaUsed = 0;
        double fragmentation = 0;
        for (LiveState.DomainState d : LiveState.domains(machine, platform)) {
            iovaUsed += d.iovaBytesUsed();
            fragmentation = Math.max(fragmentation, d.fragmentation());
        }
        return new SessionStatistics(nowNs(), bytes, transfers, mapCalls, unmapCalls, hits, misses, iovaUsed, fragmentation,
                debugErrors, iommuFaults, stream.total(), stream.history().dropped(), stream.errorCount());
    }

    @Override
    public void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            for (ClientState c : clients) {
                running = c.runner.name();
                inTask(c.task, c.runner::shutdown);
            }
            running = null;
            machine.runUntilIdle(1_000_000);
            // the end of a run unbinds every driver (drivers/base/dd.c, from a shell writing the unbind files):
            // dma-debug's bus notifier (BUS_NOTIFY_UNBOUND_DRIVER) reports the mappings a device still holds, as
            // at rmmod or shutdown, and from then on dev_driver_string() is the bus name, "platform"
            machine.runAs(machine.createProcess("sh"), () -> {
                for (var dev : machine.devices()) {
                    if (!dev.driverName().isEmpty()) {
                        machine.unbindDriver(dev, null);
                    }
                }
            });
        } catch (KernelBug bug) {
            halt(bug);
        }
    }

    /**
     * Live DMA mappings as dma-debug tracks them, in dump order. Call through {@code EmulationSession.query}.
     *
     * @deprecated views use {@link #liveState()} ({@code EmulationSession.liveState()}): typed, versioned rows
     */
    @Deprecated
    public List<org.dmaworkbench.emulation.replay.LiveMapping> liveMappings() {
        return LiveState.mappings(machine);
    }

    /**
     * IOMMU domains with their IOVA use and mapped pages. Call through {@code EmulationSession.query}.
     *
     * @deprecated views use {@link #liveState()}: page tables read lazily, with registers and IOTLB
     */
    @Deprecated
    public List<LiveState.DomainState> iommuDomains() {
        return LiveState.domains(machine, platform);
    }

    /**
     * Every DMA channel's registers and progress. Call through {@code EmulationSession.query}.
     *
     * @deprecated views use {@link #liveState()}: registers, descriptors and the transfer timeline
     */
    @Deprecated
    public List<LiveState.ChannelState> channelStates() {
        return LiveState.channels(platform);
    }

    private org.dmaworkbench.emulation.live.LiveStateModel liveState;
    private org.dmaworkbench.emulation.live.LiveStateConfig liveStateConfig =
            org.dmaworkbench.emulation.live.LiveStateConfig.DEFAULT;

    /** How much history {@link #liveState()} keeps; call before the session is made. */
    public void setLiveStateConfig(org.dmaworkbench.emulation.live.LiveStateConfig config) {
        if (liveState != null) {
            throw new IllegalStateException("the live state is already recording");
        }
        this.liveStateConfig = config;
    }

    /** The live state, recording from the first call (the session makes it before the run). */
    @Override
    public org.dmaworkbench.emulation.live.LiveStateModel liveState() {
        if (liveState == null) {
            liveState = org.dmaworkbench.emulation.live.LiveStateModel.forMachine(machine, liveStateConfig,
                    "emulation of " + scenario.fileName());
        }
        return liveState;
    }

    public Machine machine() {
        return machine;
    }

    public Platform platform() {
        return platform;
    }

    public Scenario scenario() {
        return scenario;
    }
}
