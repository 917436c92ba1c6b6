package org.dmaworkbench.kernel.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.device.DeviceNames;
import org.dmaworkbench.kernel.dma.ArmIommuDmaOps;
import org.dmaworkbench.kernel.dma.DmaMapping;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLog;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.OfDmaResolver;
import org.dmaworkbench.kernel.dmaengine.OfDmaSpec;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule.Verdict;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuVmsaDriver;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacDriver;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuGroup;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.dmaworkbench.kernel.soc.SocInfo;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;
import org.dmaworkbench.kernel.trace.IommuTraceEvents;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.dmaworkbench.kernel.trace.Tracer;

/**
 * The emulated kernel booted on an emulated SoC: what {@code of_platform_populate()}, the IOMMU core's
 * {@code of_iommu_configure()} and the driver probes do at boot, on a {@link Platform}.
 * <ul>
 * <li>memory: {@link KernelMemory} over the platform's RAM (task stacks vmapped, except under
 * {@link KernelProfile#V4_9}, which had no {@code CONFIG_VMAP_STACK} on ARM); the DMA-API ({@link DmaMapping}) with
 * dma-debug and the {@code dma:*}/{@code iommu:*} trace events on the platform's virtual clock;</li>
 * <li>one {@link Device} per enabled platform device, named as {@code dev_name()} gives it
 * ({@code e6700000.dma-controller}), with its driver's name, 32-bit default masks and {@code dma_parms};</li>
 * <li>the IPMMU driver probed for every IPMMU (roots first); every device with {@code iommus} that the driver
 * allows ({@code ipmmu_device_is_allowed()}: {@link IpmmuAttachRule}, plus the user's opt-in) is put in its own
 * IOMMU group and attached: on 32-bit ARM (Gen2) to the IPMMU's ARM mapping
 * (2 GiB from 1 GiB, {@code arm_iommu_create_mapping(dev, SZ_1G, SZ_2G)}, shared by the IPMMU's devices),
 * on arm64 to a DMA default domain of its own with dma-iommu ops;</li>
 * <li>rcar-dmac probed for every SYS-DMAC and registered with the {@link DmaEngine}.</li>
 * </ul>
 * Interrupts of the hardware models are delivered to the drivers as clock events at the time they are raised
 * ({@link #raiseIrq}), so {@link #runFor}, {@link #runUntil} and {@link #runUntilIdle} run hardware and
 * interrupt handlers together in virtual time. Not thread-safe: one emulation thread drives a machine.
 */
public final class Machine {
    private final Platform platform;
    private final KernelProfile profile;
    private final MachineOptions options;
    private final KernelArch arch;
    private final KernelMemory memory;
    private final DmaMapping dma;
    private final DmaDebug dmaDebug;
    private final KernelCallStack stack;
    private final DmaEngine dmaEngine = new DmaEngine();
    private final Tracer tracer;
    private final IommuTraceEvents iommuTrace;
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final KernelLog logSink;
    private final Map<String, Device> devicesByPath = new LinkedHashMap<>();
    private final Map<Device, PlatformDevice> platformDevices = new IdentityHashMap<>();
    private final Map<Ipmmu, IpmmuVmsaDriver> ipmmuDrivers = new IdentityHashMap<>();
    private final Map<IpmmuVmsaDriver, ArmIommuMapping> armMappings = new IdentityHashMap<>();
    private final Map<Device, RcarDmacDriver> rcarDmacs = new LinkedHashMap<>();
    private final Set<String> pendingIrqs = new HashSet<>();
    private final SocInfo soc;
    private final List<IommuAttachment> attachments = new ArrayList<>();

    private Machine(Platform platform, KernelProfile profile, MachineOptions options) {
        this.platform = platform;
        this.profile = profile == null ? KernelProfile.V6_12 : profile;
        this.options = options == null ? new MachineOptions() : options;
        KernelLog extra = this.options.kernelLog();
        this.logSink = r -> {
            Task t = current;
            r.stamp(platform.clock().now() / VirtualClock.PS_PER_NS, t.cpu(), t.pid(), t.comm());
            log.add(r);
            if (extra != null) {
                extra.log(r);
            }
        };
        this.arch = this.options.arch() != null ? this.options.arch() : archOf(platform);
        this.soc = SocInfo.of(platform.tree().root().compatible(), this.options.socRevision());
        List<MemoryRegion> regions = new ArrayList<>();
        for (SparseRam r : platform.ram()) {
            regions.add(new MemoryRegion(r.base(), r.size()));
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("the platform has no RAM (no /memory node)");
        }
        this.memory = new KernelMemory(arch, platform.bus(), regions);
        if (this.profile == KernelProfile.V4_9) {
            // no CONFIG_VMAP_STACK in 4.9 on ARM: arm64 gained HAVE_ARCH_VMAP_STACK in 4.14, 32-bit ARM in 5.18;
            // task stacks are THREAD_SIZE blocks of the linear map, set before the first stack is made
            memory.setVmapStack(false);
        }
        this.dma = new DmaMapping(memory, this.profile);
        dma.setKernelLog(logSink);
        if (this.options.dmaDebug()) {
            KernelCallStack s = new KernelCallStack();
            DmaDebug dbg = this.options.dmaDebugEntries() > 0
                    ? new DmaDebug(memory, logSink, this.profile, s, this.options.dmaDebugEntries())
                    : new DmaDebug(memory, logSink, this.profile, s);
            dma.setDmaDebug(dbg);
            this.dmaDebug = dbg;
        } else {
            this.dmaDebug = null;
        }
        this.stack = dma.callStack();
        if (this.options.traceSink() != null) {
            VirtualClock clock = platform.clock();
            this.tracer = new Tracer(this.options.traceSink(), () -> clock.now() / VirtualClock.PS_PER_NS);
            dma.setTrace(new DmaTraceEvents(tracer, memory.pointerBytes()));
            this.iommuTrace = new IommuTraceEvents(tracer);
        } else {
            this.tracer = null;
            this.iommuTrace = null;
        }
        setCurrent(INIT, 0);
        stack.makeCurrent();
        dmaEngine.setKernelLog(logSink);
        dmaEngine.setOfDmaResolver(new OfDmaResolver() {
            @Override
            public List<OfDmaSpec> dmas(Device dev) {
                PlatformDevice pd = platformDevices.get(dev);
                if (pd == null || !pd.node().hasProperty("dmas")) {
                    return null;
                }
                boolean names = pd.node().hasProperty("dma-names");
                List<OfDmaSpec> out = new ArrayList<>();
                for (PlatformDevice.DmaLink l : pd.dmas()) {
                    out.add(new OfDmaSpec(names ? l.name() : null, l.controller().path(), l.args()));
                }
                return out;
            }

            @Override
            public String nodePath(Device dev) {
                PlatformDevice pd = platformDevices.get(dev);
                return pd == null ? dev.name() : pd.path();
            }
        });
    }

    /**
     * Boots the kernel on {@code platform}: creates the devices, probes the IPMMU driver, configures the IOMMU for
     * the devices behind one and probes rcar-dmac for every SYS-DMAC. The platform must not be shared with another
     * machine.
     */
    public static Machine boot(Platform platform, KernelProfile profile, MachineOptions options) {
        Machine m = new Machine(platform, profile, options);
        m.populate();
        m.probeIpmmus();
        m.configureIommus();
        m.probeDmacs();
        m.bootDone();
        return m;
    }

    private static final String[] ARM32_SOCS = {"renesas,r8a7740", "renesas,r8a7742", "renesas,r8a7743",
        "renesas,r8a7744", "renesas,r8a7745", "renesas,r8a77470", "renesas,r8a7778", "renesas,r8a7779",
        "renesas,r8a7790", "renesas,r8a7791", "renesas,r8a7792", "renesas,r8a7793", "renesas,r8a7794",
        "renesas,r8a73a4", "renesas,sh73a0", "renesas,r7s72100", "renesas,r7s9210", "renesas,r9a06g032"};

    private static KernelArch archOf(Platform p) {
        List<String> compat = p.tree().root().compatible();
        for (String c : ARM32_SOCS) {
            if (compat.contains(c)) {
                return KernelArch.ARM32;
            }
        }
        for (Ipmmu i : p.ipmmus()) {
            if (i.features().generation() <= 2) {
                return KernelArch.ARM32;
            }
        }
        return KernelArch.ARM64;
    }

    // ---- boot steps ----

    private void populate() {
        for (PlatformDevice pd : platform.devices()) {
            Device d = new Device(pd.devName(), null);
            d.setCompatible(pd.compatible());
            d.setHasDmaParms(true);
            d.setDmaCoherent(pd.node().hasProperty("dma-coherent"));
            devicesByPath.put(pd.path(), d);
            platformDevices.put(d, pd);
            // really_probe() sets dev->driver before dma_configure(): messages of the IOMMU setup name it
            d.setDriverName(DeviceNames.driverFor(pd.compatible()));
        }
    }

    private void probeIpmmus() {
        List<PlatformDevice> roots = new ArrayList<>();
        List<PlatformDevice> leaves = new ArrayList<>();
        for (PlatformDevice pd : platform.devices()) {
            if (pd.model() instanceof Ipmmu i) {
                (i.isRoot() ? roots : leaves).add(pd);
            }
        }
        roots.addAll(leaves);
        for (PlatformDevice pd : roots) {
            Ipmmu hw = (Ipmmu) pd.model();
            IpmmuVmsaDriver main = hw.isRoot() ? null : ipmmuDrivers.get(hw.root());
            IpmmuVmsaDriver drv = IpmmuVmsaDriver.probe(this, device(pd), hw, pd.reg().get(0).address(), main);
            if (drv != null) {
                ipmmuDrivers.put(hw, drv);
            }
        }
    }

    /**
     * {@code of_iommu_configure()} for every master with {@code iommus}: {@code ipmmu_of_xlate()} asks
     * {@code ipmmu_device_is_allowed()} (or the user's opt-in) and adds the micro-TLBs of the first IPMMU named;
     * the device then gets its group and domain. Each master's outcome is kept for {@link #iommuAttachments()}.
     */
    private void configureIommus() {
        for (PlatformDevice pd : platform.devices()) {
            if (pd.iommus().isEmpty()) {
                continue;
            }
            Device d = device(pd);
            Ipmmu first = pd.iommus().get(0).ipmmu();
            IpmmuVmsaDriver drv = ipmmuDrivers.get(first);
            if (drv == null || !drv.isRegistered()) {
                continue;
            }
            int[] utlbs = pd.iommus().stream().filter(l -> l.ipmmu() == first).mapToInt(PlatformDevice.IommuLink::utlb)
                    .toArray();
            Verdict verdict = IpmmuAttachRule.verdict(profile, soc, d.name());
            String mmu = drv.device().name();
            String root = drv.root().device().name();
            boolean optedIn = !verdict.allowed() && options.iommuOptIn().contains(d.name());
            if (!verdict.allowed() && !optedIn) {
                attachments.add(new IommuAttachment(d, mmu, root, utlbs, verdict, false, false, -1));
                continue;
            }
            for (int utlb : utlbs) {
                drv.ofXlate(d, utlb);
            }
            IommuGroup g = new IommuGroup(dma.nextIommuGroupId());
            g.addDevice(d);
            if (arch == KernelArch.ARM32) {
                // default domain IDENTITY (nothing to program), then ipmmu_probe_finalize(): the ARM mapping
                ArmIommuMapping mapping = armMappings.get(drv);
                if (mapping == null) {
                    IommuDomain dom = drv.domainAllocPaging(IommuDomain.Type.UNMANAGED);
                    mapping = ArmIommuMapping.create(1L << 30, 2L << 30, dom);
                    armMappings.put(drv, mapping);
                }
                g.attach(mapping.domain());
                d.setArmIommuMapping(mapping);
                d.setDmaOps(new ArmIommuDmaOps(dma));
            } else {
                g.setDefaultDomain(drv.domainAllocPaging(IommuDomain.Type.DMA));
                dma.iommuSetupDmaOps(d);
            }
            int ctx = d.iommuDomain() == null ? -1 : drv.contextOf(d.iommuDomain());
            attachments.add(new IommuAttachment(d, mmu, root, utlbs, verdict, optedIn, ctx >= 0, ctx));
        }
    }

    private void probeDmacs() {
        for (PlatformDevice pd : platform.devices()) {
            if (pd.model() instanceof RcarDmac hw) {
                Device d = device(pd);
                RcarDmacDriver drv = RcarDmacDriver.probe(this, d, pd.node(), hw, pd.reg().get(0).address());
                if (drv != null) {
                    rcarDmacs.put(d, drv);
                }
            }
        }
    }

    // ---- accessors ----

    public Platform platform() {
        return platform;
    }

    public KernelProfile profile() {
        return profile;
    }

    public KernelArch arch() {
        return arch;
    }

    /** {@code CONFIG_64BIT} */
    public boolean is64Bit() {
        return arch == KernelArch.ARM64;
    }

    public KernelMemory memory() {
        return memory;
    }

    public DmaMapping dma() {
        return dma;
    }

    /** dma-debug, or null when it is off. */
    public DmaDebug dmaDebug() {
        return dmaDebug;
    }

    /** The emulated task's call stack, shared by the DMA-API, dma-debug and the drivers. */
    public KernelCallStack callStack() {
        return stack;
    }

    public DmaEngine dmaEngine() {
        return dmaEngine;
    }

    /** The tracer, or null when tracing is off. */
    public Tracer tracer() {
        return tracer;
    }

    /** {@code iommu:*} event emitter, or null when tracing is off. */
    public IommuTraceEvents iommuTrace() {
        return iommuTrace;
    }

    public VirtualClock clock() {
        return platform.clock();
    }

    /** Everything printed to the kernel log so far, oldest first. */
    public List<KernelLogRecord> kernelLog() {
        return Collections.unmodifiableList(log);
    }

    /** Where this machine's drivers print. */
    public KernelLog kernelLogSink() {
        return logSink;
    }

    /** The devices, in device-tree order. */
    public List<Device> devices() {
        return List.copyOf(devicesByPath.values());
    }

    /** A device by node path, label or {@code dev_name}. */
    public Optional<Device> device(String pathOrLabelOrName) {
        Device d = devicesByPath.get(pathOrLabelOrName);
        if (d != null) {
            return Optional.of(d);
        }
        for (Map.Entry<Device, PlatformDevice> e : platformDevices.entrySet()) {
            if (e.getKey().name().equals(pathOrLabelOrName)
                    || e.getValue().labels().contains(pathOrLabelOrName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    public Device device(PlatformDevice pd) {
        return devicesByPath.get(pd.path());
    }

    /** The platform device (node, registers, model) behind a device. */
    public PlatformDevice platformDevice(Device d) {
        return platformDevices.get(d);
    }

    /** The device tree node of a device. */
    public DtNode ofNode(Device d) {
        PlatformDevice pd = platformDevices.get(d);
        return pd == null ? null : pd.node();
    }

    /** The IPMMU driver instance of a hardware IPMMU, or null when it did not probe. */
    public IpmmuVmsaDriver ipmmuDriver(Ipmmu hw) {
        return ipmmuDrivers.get(hw);
    }

    public List<IpmmuVmsaDriver> ipmmuDrivers() {
        return List.copyOf(ipmmuDrivers.values());
    }

    /** The SoC as {@code soc_device_match()} sees it. */
    public SocInfo soc() {
        return soc;
    }

    /** Every master with {@code iommus} on a probed IPMMU and what boot did with it, in device-tree order. */
    public List<IommuAttachment> iommuAttachments() {
        return List.copyOf(attachments);
    }

    /** The rcar-dmac instance of a SYS-DMAC by node path, label or dev_name. */
    public Optional<RcarDmacDriver> rcarDmac(String pathOrLabelOrName) {
        return device(pathOrLabelOrName).map(rcarDmacs::get);
    }

    public List<RcarDmacDriver> rcarDmacs() {
        return List.copyOf(rcarDmacs.values());
    }

    // ---- kernel services for drivers ----

    /**
     * {@code WARN()} at {@code file:line} (Linux 6.12) in {@code function} with {@code message} ("" for WARN_ON):
     * a record the kernel log prints as the full WARN block, its call trace the function on the current stack.
     */
    public void warn(Device dev, String file, int line, String function, String message) {
        List<String> trace = new ArrayList<>();
        trace.add(KernelCallStack.format(function, null));
        trace.addAll(stack.snapshot());
        logSink.log(new KernelLogRecord(KernelLogRecord.Level.WARNING, message, null, dev, null, trace).at(file, line,
                function, false));
    }

    /** {@code printk()} at {@code level} of {@code msg} (one or more lines, with its pr_fmt prefix already in it). */
    public void printk(KernelLogRecord.Level level, String msg) {
        logSink.log(new KernelLogRecord(level, msg, null, null, null, null));
    }

    /**
     * {@code dev_printk()}: {@code "<driver> <dev_name>: msg"}, or {@code "platform <dev_name>: msg"} while no driver
     * is bound.
     */
    public void devPrintk(KernelLogRecord.Level level, Device dev, String msg) {
        String drv = dev.driverName().isEmpty() ? "platform" : dev.driverName();
        logSink.log(new KernelLogRecord(level, drv + " " + dev.name() + ": " + msg, null, dev, null,
                stack.depth() == 0 ? null : stack.snapshot()));
    }

    /**
     * Raises interrupt line {@code line}: {@code handler} runs as a clock event at the current virtual time, after
     * the hardware step that raised it, in hard interrupt context ({@link #inHardIrq}). Raising a line that is
     * already pending does nothing (level-triggered).
     */
    public void raiseIrq(String line, Runnable handler) {
        if (!pendingIrqs.add(line)) {
            return;
        }
        platform.clock().schedule(0, "irq " + line, () -> {
            pendingIrqs.remove(line);
            inHardIrq(handler);
        });
    }

    /** Runs a threaded interrupt handler ({@code IRQ_WAKE_THREAD}) as its own clock event, now, in its irq thread. */
    public void wakeIrqThread(String line, Runnable thread) {
        String name = "irq/" + line;
        if (!pendingIrqs.add(name)) {
            return;
        }
        platform.clock().schedule(0, name, () -> {
            pendingIrqs.remove(name);
            runAs(irqThread(line), thread);
        });
    }

    // ---- tasks: who runs (ftrace's TASK-PID and CPU# columns, WARN's "CPU: PID: Comm:") ----
    //
    // One CPU (0) runs the emulated tasks one at a time. Boot runs in PID 1, which is still called "swapper/0"
    // until it execs init; after boot the CPU idles (<idle>-0, "swapper/0") between events, and interrupts,
    // irq threads, kworkers and the clients' threads run as the tasks the kernel would run them in.
    // Each task starts on its own stack with the frames the kernel's entry code leaves under its function:
    // ret_from_fork and kthread for kernel threads, then worker_thread/process_one_work for kworkers and
    // irq_thread/irq_thread_fn for irq threads. PIDs of tasks the emulation creates count from FIRST_PID in order
    // of creation; a real boot has created some hundred tasks by then, so the numbers are the emulation's own.

    /** A task: {@code comm} (TASK_COMM_LEN - 1 = 15 characters at most), {@code pid}, the CPU it runs on. */
    public record Task(String comm, int pid, int cpu, List<String> baseFrames) {
        public Task {
            comm = comm.length() > 15 ? comm.substring(0, 15) : comm;
            baseFrames = List.copyOf(baseFrames);
        }
    }

    /** pid of the first task the emulation creates after boot */
    public static final int FIRST_PID = 100;
    /** the idle task of CPU 0: pid 0, comm "swapper/0" (ftrace prints "<idle>") */
    public static final Task IDLE = new Task("swapper/0", 0, 0, List.of());
    /** the boot task: pid 1 runs the initcalls (the driver probes) as "swapper/0" before it execs init */
    public static final Task INIT = new Task("swapper/0", 1, 0, List.of());
    private static final List<String> KTHREAD_FRAMES = List.of("ret_from_fork", "kthread");
    private Task current = INIT;
    private int nextPid = FIRST_PID;
    private final Map<String, Task> irqThreads = new LinkedHashMap<>();
    private Task kworker;
    /** nesting of hard interrupt handlers (ftrace flags "d.h1." while > 0) */
    private int hardIrqDepth;

    /** {@code current} */
    public Task current() {
        return current;
    }

    /**
     * {@code kthread_create()}: a kernel thread called {@code comm} that starts in {@code threadFn} (null: the
     * caller pushes the thread function itself, e.g. with its module name).
     */
    public Task createKthread(String comm, String threadFn) {
        List<String> frames = new ArrayList<>(KTHREAD_FRAMES);
        if (threadFn != null) {
            frames.add(threadFn);
        }
        return new Task(comm, nextPid++, 0, frames);
    }

    /** A process {@code comm} (a user-space program making a system call), with a fresh pid. */
    public Task createProcess(String comm) {
        return new Task(comm, nextPid++, 0, List.of());
    }

    /**
     * The irq thread {@code request_threaded_irq()} made for the handler called {@code name}: comm
     * {@code "irq/%d-%s"} (kernel/irq/manage.c setup_irq_thread()) cut to 15 characters. The number is the
     * emulation's: interrupt lines are numbered from 32 in the order their threads are first woken.
     */
    public Task irqThread(String name) {
        return irqThreads.computeIfAbsent(name, n -> new Task("irq/" + (32 + irqThreads.size()) + "-" + n,
                nextPid++, 0, List.of("ret_from_fork", "kthread", "irq_thread", "irq_thread_fn")));
    }

    /** The kworker of CPU 0's system workqueue ({@code schedule_work()}): "kworker/0:1". */
    public Task kworker() {
        if (kworker == null) {
            kworker = new Task("kworker/0:1", nextPid++, 0,
                    List.of("ret_from_fork", "kthread", "worker_thread", "process_one_work"));
        }
        return kworker;
    }

    /**
     * Runs {@code body} as task {@code task}: on its own stack (its base frames first), with ftrace and printk
     * naming it; the previous task and its stack come back afterwards. Running as the current task just runs.
     */
    public void runAs(Task task, Runnable body) {
        stack.makeCurrent();
        if (task == current && hardIrqDepth == 0) {
            body.run();
            return;
        }
        Task prev = current;
        int prevIrq = hardIrqDepth;
        int[] saved = stack.suspend();
        setCurrent(task, 0);
        try {
            for (String f : task.baseFrames()) {
                stack.push(f);
            }
            body.run();
        } catch (org.dmaworkbench.kernel.KernelBug b) {
            b.inTask(task.comm(), task.pid(), task.cpu());
            throw b;
        } finally {
            stack.resume(saved);
            setCurrent(prev, prevIrq);
        }
    }

    /**
     * Runs {@code body} as a hard interrupt handler on the current CPU: it interrupts the current task (whose
     * stack stays underneath), with interrupts off and in hardirq context, ftrace flags {@code d.h1.} (the
     * handlers run under their channel's spinlock).
     */
    public void inHardIrq(Runnable body) {
        int prevIrq = hardIrqDepth;
        setCurrent(current, prevIrq + 1);
        try {
            body.run();
        } finally {
            setCurrent(current, prevIrq);
        }
    }

    /** Whether code runs in a hard interrupt handler now ({@code in_hardirq()}). */
    public boolean inHardIrq() {
        return hardIrqDepth > 0;
    }

    private void setCurrent(Task t, int irqDepth) {
        current = t;
        hardIrqDepth = irqDepth;
        if (tracer != null) {
            tracer.setCurrent(t.cpu(), t.comm(), t.pid());
            tracer.setFlags(irqDepth > 0 ? "d.h1." : TraceEvent.PROCESS_CONTEXT_FLAGS);
        }
    }

    // ---- what the kernel log and the trace header say about the machine ----

    /** {@code init_utsname()->release} and the build number: "6.12.0 #1" (4.9.0 for the 4.9 profile) */
    public String release() {
        return profile == KernelProfile.V4_9 ? "4.9.0 #1" : "6.12.0 #1";
    }

    private final List<String> modules = new ArrayList<>();

    /** A loadable module (dmatest) was loaded: print_modules() lists it from now on, newest first. */
    public void loadModule(String name) {
        if (!modules.contains(name)) {
            modules.add(0, name);
        }
    }

    public List<String> modules() {
        return List.copyOf(modules);
    }

    private static final String[][] ARM32_MACHINES = {
        { "Generic R-Car Gen2 (Flattened Device Tree)", "renesas,r8a7790", "renesas,r8a7791", "renesas,r8a7792",
            "renesas,r8a7793", "renesas,r8a7794" },
        { "Generic RZ/G1 (Flattened Device Tree)", "renesas,r8a7742", "renesas,r8a7743", "renesas,r8a7744",
            "renesas,r8a7745", "renesas,r8a77470" },
        { "Generic R8A7740 (Flattened Device Tree)", "renesas,r8a7740" },
        { "Generic R8A7778 (Flattened Device Tree)", "renesas,r8a7778" },
        { "Generic R8A7779 (Flattened Device Tree)", "renesas,r8a7779" },
        { "Generic R8A73A4 (Flattened Device Tree)", "renesas,r8a73a4" },
        { "Generic SH73A0 (Flattened Device Tree)", "renesas,sh73a0" },
        { "Generic R7S72100 (Flattened Device Tree)", "renesas,r7s72100" },
        { "Generic R7S9210 (Flattened Device Tree)", "renesas,r7s9210" },
        { "Generic Emma Mobile EV2 (Flattened Device Tree)", "renesas,emev2" } };

    /**
     * {@code dump_stack_arch_desc_str}, the "Hardware name:" of WARN and oops reports: on 32-bit ARM the machine
     * descriptor's name (arch/arm/kernel/setup.c:1130; the DT_MACHINE_START names of arch/arm/mach-shmobile), on
     * arm64 the root node's model (else its first compatible) and " (DT)" (arch/arm64/kernel/setup.c:206).
     */
    public String hardwareName() {
        DtNode root = platform.tree().root();
        if (arch == KernelArch.ARM32) {
            for (String[] m : ARM32_MACHINES) {
                for (int i = 1; i < m.length; i++) {
                    if (root.isCompatible(m[i])) {
                        return m[0];
                    }
                }
            }
        }
        List<String> model = root.strings("model");
        String name = !model.isEmpty() ? model.get(0) : root.compatible().isEmpty() ? "" : root.compatible().get(0);
        return arch == KernelArch.ARM32 ? name : name + " (DT)";
    }

    /**
     * {@code num_online_cpus()}, the trace header's {@code #P:}: the enabled {@code /cpus/cpu@N} nodes
     * ({@code device_type = "cpu"}); for a tree without them (the built-in descriptors) the SoC's count:
     * 2 Cortex-A15 on R-Car M2-W (r8a7791), 4 Cortex-A57 and 4 Cortex-A53 on R-Car H3 (r8a7795), else 1.
     */
    public int nrCpus() {
        int n = 0;
        var cpus = platform.tree().node("/cpus");
        if (cpus.isPresent()) {
            for (DtNode c : cpus.get().children()) {
                if (c.strings("device_type").contains("cpu") && c.isEnabled()) {
                    n++;
                }
            }
        }
        if (n > 0) {
            return n;
        }
        DtNode root = platform.tree().root();
        return root.isCompatible("renesas,r8a7795") ? 8 : root.isCompatible("renesas,r8a7791") ? 2 : 1;
    }

    /** The kernel log's printer for this machine: arch, hardware name, release, the loaded modules. */
    public org.dmaworkbench.kernel.printk.Dmesg dmesg() {
        return new org.dmaworkbench.kernel.printk.Dmesg(arch == KernelArch.ARM64, hardwareName(), release(),
                modules);
    }

    /**
     * The kernel hit {@code bug}: the oops record (BUG at the bug's file and line, its call trace, the current
     * task) goes to the machine's own log; the caller reports it on (the emulation stops).
     */
    public KernelLogRecord oops(org.dmaworkbench.kernel.KernelBug bug) {
        KernelLogRecord r = new KernelLogRecord(KernelLogRecord.Level.EMERG, bug.getMessage(), null, null, null,
                bug.callTrace()).at(bug.file(), bug.line(), bug.function(), true);
        Task t = current;
        if (bug.taskComm() != null) {
            r.stamp(platform.clock().now() / VirtualClock.PS_PER_NS, bug.taskCpu(), bug.taskPid(), bug.taskComm());
        } else {
            r.stamp(platform.clock().now() / VirtualClock.PS_PER_NS, t.cpu(), t.pid(), t.comm());
        }
        log.add(r);
        return r;
    }

    /** Boot is over: the boot task has exec'ed init, the CPU idles until the next event. */
    private void bootDone() {
        setCurrent(IDLE, 0);
    }

    // ---- run loop ----

    /** Advances virtual time by {@code ps} picoseconds, running hardware events and interrupt handlers. */
    public void runFor(long ps) {
        platform.clock().runUntil(platform.clock().now() + ps);
    }

    /**
     * Runs events until {@code condition} holds or virtual time would pass {@code deadlinePs} (absolute).
     *
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, long deadlinePs) {
        return platform.clock().runUntil(condition, deadlinePs);
    }

    /** Runs events until none is pending, at most {@code maxEvents}; @return events run */
    public long runUntilIdle(long maxEvents) {
        return platform.clock().runUntilIdle(maxEvents);
    }

    // ---- driver unbind and bind, and the IOMMU paths they reach (drivers/base/dd.c and platform.c, Linux 6.12) ----
    //
    // What runs for a platform device behind the IPMMU:
    //  - unbind, __device_release_driver() (dd.c 1336-1380): the driver's remove, platform_dma_cleanup()
    //    (iommu_device_unuse_default_domain(): owner_cnt--), device_unbind_cleanup() (dd.c 607-619) with
    //    arch_teardown_dma_ops(); BUS_NOTIFY_UNBOUND_DRIVER (dma-debug's leak check). arch_teardown_dma_ops() is empty
    //    on arm64 (no ARCH_HAS_TEARDOWN_DMA_OPS) and on 32-bit ARM returns at once unless archdata.dma_ops_setup
    //    (arch/arm/mm/dma-mapping.c 1787-1794), which arch_setup_dma_ops() (1761-1785) never set for a device the IPMMU
    //    attached in ipmmu_probe_finalize() (its dma_ops were set before: "if (dev->dma_ops) return;"). So neither the
    //    domain, nor the context, nor the micro-TLBs change; no IPMMU register is written.
    //  - bind, really_probe() (dd.c 663-703): platform_dma_configure() -> of_dma_configure_id() -> of_iommu_configure()
    //    returns 0 at once since the fwspec of the first probe is still there (drivers/iommu/of_iommu.c), so no
    //    iommu_probe_device() and no probe_finalize; arch_setup_dma_ops() keeps the ops; iommu_device_use_default_domain()
    //    (owner_cnt++). The device gets its old domain, context and IOVA space (with whatever the rcache holds) back.
    //  - the micro-TLB disable, the identity attach and ipmmu_domain_free() run when the default domain is replaced,
    //    /sys/kernel/iommu_groups/N/type (iommu_group_store_type(), only while no driver is bound), or on 32-bit ARM
    //    when a driver called arm_iommu_detach_device(): its next bind creates a mapping of its own
    //    (arm_setup_iommu_dma_ops()) and sets dma_ops_setup, and from then on unbind really detaches and releases it.

    /** {@code archdata.dma_ops_setup} per device (32-bit ARM), recorded before any of these paths changes a device */
    private final Map<Device, Boolean> armDmaOpsSetup = new IdentityHashMap<>();
    /** devices whose boot-time state {@link #bootState()} has recorded */
    private final Set<Device> bootRecorded = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Records, once per device, what the boot-time probes left that the boot model does not keep: the driver's
     * {@code iommu_device_use_default_domain()} ({@code owner_cnt} 1 for a bound device behind an IOMMU); on 32-bit
     * ARM that the group's default domain is the driver's identity domain, that a device the IPMMU attached to its
     * ARM mapping in ipmmu_probe_finalize() (before arch_setup_dma_ops(), which then left dma_ops_setup clear) holds
     * one reference on the mapping, and dma_ops_setup for the others.
     */
    private void bootState() {
        for (Device d : devicesByPath.values()) {
            if (!bootRecorded.add(d)) {
                continue;
            }
            IommuGroup g = d.iommuGroup();
            if (arch == KernelArch.ARM32) {
                armDmaOpsSetup.put(d, d.armIommuMapping() == null);
                ArmIommuMapping m = d.armIommuMapping();
                if (m != null && m.refcount() == 1) {
                    for (Device o : devicesByPath.values()) {
                        if (o.armIommuMapping() == m) {
                            m.get();
                        }
                    }
                }
                IpmmuVmsaDriver drv = ipmmuDriverOf(d);
                if (g != null && drv != null) {
                    g.recordDefaultDomain(drv.identityDomain());
                }
            }
            if (g != null && !d.driverName().isEmpty() && g.ownerCount() == 0) {
                g.deviceUseDefaultDomain();
            }
        }
    }

    /** The IPMMU driver of the device's first {@code iommus} entry, when it is behind one. */
    private IpmmuVmsaDriver ipmmuDriverOf(Device d) {
        PlatformDevice pd = platformDevices.get(d);
        if (pd == null || pd.iommus().isEmpty()) {
            return null;
        }
        return ipmmuDrivers.get(pd.iommus().get(0).ipmmu());
    }

    /**
     * Unbinds the driver of {@code dev} ({@code echo DEV > /sys/bus/platform/drivers/DRV/unbind}): runs
     * {@code remove} (the driver's own remove), then what {@code __device_release_driver()} runs around it for a
     * platform device; see the comment above for what that does (and does not do) to the IOMMU.
     *
     * @throws IllegalStateException when no driver is bound
     */
    public void unbindDriver(Device dev, Runnable remove) {
        if (dev.driverName().isEmpty()) {
            throw new IllegalStateException(dev.name() + ": no driver is bound");
        }
        bootState();
        int depth = stack.depth();
        stack.push("unbind_store");
        stack.push("device_release_driver_internal");
        stack.push("__device_release_driver");
        try {
            if (remove != null) {
                stack.push("device_remove");
                stack.push("platform_remove");
                remove.run();
                stack.popTo(depth + 3);
            }
            // dev->bus->dma_cleanup(): platform_dma_cleanup()
            if (dev.iommuGroup() != null && !dev.iommuGroup().deviceUnuseDefaultDomain()) {
                // WARN_ON(!group->owner_cnt || ...) (drivers/iommu/iommu.c:3157)
                warn(dev, "drivers/iommu/iommu.c", 3157, "iommu_device_unuse_default_domain", "");
            }
            stack.push("device_unbind_cleanup");
            archTeardownDmaOps(dev);
            stack.popTo(depth + 3);
            dev.setDriverName(null);
            // BUS_NOTIFY_UNBOUND_DRIVER: bus_notify() -> blocking_notifier_call_chain() -> dma_debug_device_change()
            if (dmaDebug != null) {
                stack.push("bus_notify");
                stack.push("blocking_notifier_call_chain");
                dmaDebug.driverUnbound(dev);
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /**
     * Binds the device's driver again ({@code echo DEV > /sys/bus/platform/drivers/DRV/bind}): what
     * {@code really_probe()} runs for a platform device, then {@code probe} (the driver's probe); see the comment
     * above.
     *
     * @return what {@code probe} returned
     * @throws IllegalStateException when a driver is bound, or {@code platform_dma_configure()} fails (its errno is
     *                               in the message)
     */
    public <T> T bindDriver(Device dev, java.util.function.Supplier<T> probe) {
        if (!dev.driverName().isEmpty()) {
            throw new IllegalStateException(dev.name() + ": already bound to " + dev.driverName());
        }
        bootState();
        int depth = stack.depth();
        stack.push("bind_store");
        stack.push("really_probe");
        try {
            dev.setDriverName(DeviceNames.driverFor(dev.compatible()));
            stack.push("platform_dma_configure");
            stack.push("of_dma_configure_id");
            // of_iommu_configure(): dev_iommu_fwspec_get(dev) is set since the first probe: return 0
            archSetupDmaOps(dev);
            stack.popTo(depth + 3);
            int ret = dev.iommuGroup() == null ? 0 : dev.iommuGroup().deviceUseDefaultDomain();
            stack.popTo(depth + 2);
            if (ret != 0) {
                archTeardownDmaOps(dev);
                dev.setDriverName(null);
                throw new IllegalStateException(dev.name() + ": platform_dma_configure() failed: " + ret);
            }
            try {
                return probe.get();
            } catch (RuntimeException e) {
                // probe_failed: dma_cleanup, device_unbind_cleanup
                if (dev.iommuGroup() != null) {
                    dev.iommuGroup().deviceUnuseDefaultDomain();
                }
                archTeardownDmaOps(dev);
                dev.setDriverName(null);
                throw e;
            }
        } finally {
            stack.popTo(depth);
        }
    }

    /** {@code archdata.dma_ops_setup} of a 32-bit ARM device; false on arm64, which has no such flag. */
    public boolean armDmaOpsSetup(Device dev) {
        bootState();
        return Boolean.TRUE.equals(armDmaOpsSetup.get(dev));
    }

    /** {@code arch_setup_dma_ops()} of arch/arm/mm/dma-mapping.c; nothing to do for the IOMMU on arm64. */
    private void archSetupDmaOps(Device dev) {
        if (arch != KernelArch.ARM32) {
            return;
        }
        if (dev.dmaOps() != null) {
            return; // "Don't override the dma_ops if they have already been set"; dma_ops_setup stays as it was
        }
        if (dev.isIommuMapped()) {
            armSetupIommuDmaOps(dev);
        }
        armDmaOpsSetup.put(dev, true);
    }

    /**
     * {@code arm_setup_iommu_dma_ops()}: a mapping of the device's own over 4 GiB from 0 (no dma-ranges), with a
     * new paging domain, attached with {@code __arm_iommu_attach_device()}; released again when the attach fails.
     */
    private void armSetupIommuDmaOps(Device dev) {
        IpmmuVmsaDriver drv = ipmmuDriverOf(dev);
        if (drv == null) {
            return;
        }
        ArmIommuMapping mapping = ArmIommuMapping.create(0, 1L << 32, drv.domainAllocPaging(IommuDomain.Type.UNMANAGED));
        if (dev.iommuGroup().attachDevice(mapping.domain(), dev) != 0) {
            logSink.log(new KernelLogRecord(KernelLogRecord.Level.WARNING,
                    "Failed to attached device " + dev.name() + " to IOMMU_mapping", null, dev, null,
                    stack.depth() == 0 ? null : stack.snapshot()));
            mapping.put();
            return;
        }
        mapping.get();
        dev.setArmIommuMapping(mapping);
        dev.setDmaOps(new ArmIommuDmaOps(dma));
    }

    /**
     * {@code arch_teardown_dma_ops()}: on 32-bit ARM with dma_ops_setup, {@code arm_teardown_iommu_dma_ops()}
     * ({@code arm_iommu_detach_device()} then {@code arm_iommu_release_mapping()}) and the ops cleared.
     */
    private void archTeardownDmaOps(Device dev) {
        if (arch != KernelArch.ARM32 || !Boolean.TRUE.equals(armDmaOpsSetup.get(dev))) {
            return;
        }
        ArmIommuMapping mapping = dev.armIommuMapping();
        if (mapping != null) {
            ArmIommuDmaOps.detachDevice(dev);
            mapping.put();
        }
        dev.setDmaOps(null);
    }

    /**
     * {@code arm_iommu_detach_device(dev)} as a bound driver calls it (32-bit ARM): the group goes back to its
     * default domain, the IPMMU's identity domain, whose attach disables the device's micro-TLBs; the device's
     * reference on the mapping is dropped (the IPMMU's own {@code mmu->mapping} reference keeps a shared mapping
     * alive); the device uses the direct ops.
     *
     * @return false when the device was not attached ("Not attached")
     */
    public boolean armIommuDetachDevice(Device dev) {
        if (arch != KernelArch.ARM32) {
            throw new IllegalStateException("arm_iommu_detach_device() exists on 32-bit ARM only");
        }
        bootState();
        if (!ArmIommuDmaOps.detachDevice(dev)) {
            devPrintk(KernelLogRecord.Level.WARNING, dev, "Not attached");
            return false;
        }
        return true;
    }

    /**
     * {@code echo TYPE > /sys/kernel/iommu_groups/N/type} for the group of {@code dev} ({@code iommu_group_store_type()}
     * and {@code iommu_setup_default_domain()}): "identity", "DMA" or "auto". Refused with -EPERM while a driver is
     * bound (owner_cnt). On arm64 a new default domain is allocated and attached (a paging domain takes the first
     * free context; the identity domain disables the micro-TLBs) and the old one freed ({@code ipmmu_domain_free()}:
     * its context torn down and released), then {@code iommu_setup_dma_ops()}: dma-iommu with a fresh IOVA space, or
     * dma-direct. On 32-bit ARM the default domain can only be identity (CONFIG_ARM_DMA_USE_IOMMU): "identity" and
     * "auto" change nothing, "DMA" is -EINVAL. DMA-FQ (a flush queue) is not modelled.
     *
     * @return 0 (the write succeeded) or a negative errno
     * @throws IllegalArgumentException when the device has no IOMMU group, or for "DMA-FQ"
     */
    public int iommuGroupStoreType(Device dev, String type) {
        IommuGroup g = dev.iommuGroup();
        IpmmuVmsaDriver drv = ipmmuDriverOf(dev);
        if (g == null || drv == null) {
            throw new IllegalArgumentException(dev.name() + " has no IOMMU group");
        }
        bootState();
        if (g.defaultDomain() == null) {
            return -22;
        }
        IommuDomain.Type req;
        switch (type) {
            case "identity" -> req = IommuDomain.Type.IDENTITY;
            case "DMA" -> req = IommuDomain.Type.DMA;
            case "auto" -> req = null;
            case "DMA-FQ" -> throw new IllegalArgumentException("DMA-FQ (iommu_dma_init_fq()) is not modelled");
            default -> {
                return -22;
            }
        }
        if (g.devices().isEmpty() || g.ownerCount() > 0) {
            return -1; // -EPERM: "ensure that device exists and no driver is bound"
        }
        int depth = stack.depth();
        stack.push("iommu_group_store_type");
        stack.push("iommu_setup_default_domain");
        try {
            // iommu_get_default_domain_type(): ARM32 forces IDENTITY; the IPMMU has no def_domain_type; the rest is
            // iommu_def_domain_type, DMA with arm64's CONFIG_IOMMU_DEFAULT_DMA_STRICT
            IommuDomain.Type driverType = arch == KernelArch.ARM32 ? IommuDomain.Type.IDENTITY : null;
            if (req != null && driverType != null && req != driverType) {
                return -22;
            }
            IommuDomain.Type t = req != null ? req : driverType != null ? driverType : IommuDomain.Type.DMA;
            IommuDomain dom = t == IommuDomain.Type.IDENTITY ? drv.identityDomain() : drv.domainAllocPaging(t);
            int ret = g.replaceDefaultDomain(dom);
            stack.popTo(depth + 1);
            if (ret != 0) {
                return ret;
            }
            if (arch != KernelArch.ARM32) {
                for (Device d : g.devices()) {
                    dma.iommuSetupDmaOps(d);
                }
            }
            return 0;
        } finally {
            stack.popTo(depth);
        }
    }
}
