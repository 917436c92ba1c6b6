package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.dmac.RcarDmacChannel;
import org.dmaworkbench.hw.dmac.RcarDmacTransferListener;
import org.dmaworkbench.hw.iommu.IommuAccess;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.iommu.IpmmuFault;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableObserver;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.DmaDebugError;
import org.dmaworkbench.kernel.dma.debug.DmaDebugObserver;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuVmsaDriver;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacChan;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacDesc;
import org.dmaworkbench.kernel.drivers.rcardmac.RcarDmacDriver;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * The live state of one emulation session (or one replayed capture), for the IDE's views: what they read, and all
 * they read. It records, as the emulation runs, every dma-debug entry added and removed (with map and unmap
 * virtual times, call stacks and attrs), every dma-debug error and every DMA channel run, and hands out immutable
 * {@link LiveStateSnapshot}s and {@link MappingDelta}s.
 * <h2>Use from a view</h2>
 * <pre>
 * LiveStateModel model = session.liveState();
 * LiveStateSnapshot s = model.snapshot();           // first paint: s.mappings().size() rows
 * ...
 * MappingDelta d = model.delta(s.version());         // at each refresh: only what changed
 * if (d.isReset()) { s = model.snapshot(); } else { apply d.added(), d.removed(), d.changed() }
 * </pre>
 * {@link #snapshot()} and {@link #delta} take the session's state lock for a short while (between two emulation
 * steps: a snapshot copies a table of chunk references and the bitmaps of chunks that changed, a delta reads only
 * the changes); everything they return is immutable and is read without the lock, on any thread. The emulation
 * thread is the only writer. See the package description for versions, deltas and the memory policy.
 */
public final class LiveStateModel {

    /** Runs a read of live state between two emulation steps. */
    interface Locker {
        <T> T read(Supplier<T> reader);
    }

    private static final int ADD = 0;
    private static final int REMOVE = 1;
    private static final int CHECK = 2;

    private final LiveStateConfig config;
    private final String source;
    private final Map<Availability, String> missing;
    private final boolean recordStacks;
    private final boolean v49;
    private final LongSupplier nowNs;
    private final Machine machine;
    private volatile Lock lock;
    private final Locker locker = new Locker() {
        @Override
        public <T> T read(Supplier<T> reader) {
            Lock l = lock;
            if (l == null) {
                synchronized (LiveStateModel.this) {
                    return reader.get();
                }
            }
            l.lock();
            try {
                return reader.get();
            } finally {
                l.unlock();
            }
        }
    };

    // ---- recorded state (emulation thread, under the lock) ----
    private final MappingStore store;
    private final TransferStore transfers;
    private long version;
    private long[] entryRow = new long[1024];
    private KernelCallStack stack;
    private String[] frames = new String[64];
    private int frameCount;
    private String[] devices = new String[16];
    private String[] drivers = new String[16];
    private int deviceCount;
    private final IdentityHashMap<Device, Integer> deviceIndex = new IdentityHashMap<>();
    private Device lastDevice;
    private int lastDeviceIndex;
    private final Device[] recentDevices = new Device[8];
    private final int[] recentIndex = new int[8];
    private int recentNext;
    private final long[] logVersion;
    private final long[] logEntry;
    private long logCount;
    private DmaErrorRecord[] errors = new DmaErrorRecord[64];
    private int errorCount;
    private long errorsDropped;
    private long errorSequence;
    private String sourceFile;
    private int sourceLine;
    private long sourceTimeNs = Mapping.UNKNOWN_TIME;
    // transfers
    private String[] channelNames = new String[16];
    private int channelCount;
    private final Map<RcarDmac, int[]> channelIndex = new IdentityHashMap<>();
    private long[] ongoingRow = new long[0];
    private long[] ongoingStartBytes = new long[0];
    private RcarDmacChannel[] channelHw = new RcarDmacChannel[0];
    // IOMMU faults
    private IommuFaultRecord[] faults = new IommuFaultRecord[16];
    private int faultCount;
    private final Map<IoPgtable, long[]> pgtableGenerations = new IdentityHashMap<>();
    /** ids of the mappings live when their device's driver was unbound (dma-debug's "pending DMA" report) */
    private long[] leaked = new long[16];
    private int leakedCount;
    /** change-log entries the last delta read (its cost, for tests) */
    int lastDeltaExamined;

    private LiveStateModel(LiveStateConfig config, String source, Map<Availability, String> missing,
            boolean recordStacks, boolean v49, LongSupplier nowNs, Machine machine) {
        this.config = config;
        this.source = source;
        this.missing = missing;
        this.recordStacks = recordStacks;
        this.v49 = v49;
        this.nowNs = nowNs;
        this.machine = machine;
        this.store = new MappingStore(config.mappingHistory());
        this.transfers = new TransferStore(config.transferHistory());
        this.logVersion = new long[config.changeLog()];
        this.logEntry = new long[config.changeLog()];
    }

    /**
     * Starts recording the live state of {@code machine}: becomes its dma-debug's observer (taking over the
     * entries already live, with the current virtual time as their map time) and watches its DMA controllers.
     * Call on the emulation thread before the session runs.
     *
     * @param source what the views call it, e.g. {@code emulation of my.dmascn}
     */
    public static LiveStateModel forMachine(Machine machine, LiveStateConfig config, String source) {
        Map<Availability, String> missing = new LinkedHashMap<>();
        DmaDebug debug = machine.dmaDebug();
        if (debug == null) {
            String why = "dma-debug is off in this session: it tracks no mappings";
            missing.put(Availability.MAPPINGS, why);
            missing.put(Availability.MAP_TIMES, why);
            missing.put(Availability.STACKS, why);
            missing.put(Availability.MAP_ERROR_CHECKS, why);
            missing.put(Availability.ATTRS, why);
        }
        VirtualClock clock = machine.clock();
        LiveStateModel m = new LiveStateModel(config, source, missing, true, machine.profile() == KernelProfile.V4_9,
                () -> clock.now() / VirtualClock.PS_PER_NS, machine);
        if (debug != null) {
            m.observe(debug);
        }
        for (RcarDmacDriver drv : machine.rcarDmacs()) {
            m.watch(drv);
        }
        for (IpmmuVmsaDriver drv : machine.ipmmuDrivers()) {
            drv.hardware().addFaultListener(f -> m.fault(drv, f));
        }
        return m;
    }

    /**
     * Records what a replay feeds into {@code debug} (a capture of {@code dma:*} events): mappings, lifetimes and
     * findings; the map times are the capture's timestamps as given by {@link #setSourcePosition}. A capture has
     * no stacks, page tables, channels or transfers, and does not show {@code dma_mapping_error()}: the snapshot
     * says so.
     */
    public static LiveStateModel forReplay(DmaDebug debug, LiveStateConfig config, String source) {
        Map<Availability, String> missing = new LinkedHashMap<>();
        missing.put(Availability.STACKS, "a trace has no call stacks: \"Mapped at\" is not known");
        missing.put(Availability.MAP_ERROR_CHECKS,
                "dma_mapping_error() is not traced: every mapping is taken as checked");
        missing.put(Availability.IOMMU, "a trace has no IOMMU page tables, context registers or micro-TLBs "
                + "(iommu:map/unmap events name no domain)");
        missing.put(Availability.IOTLB, "a trace has no IOTLB contents or counters");
        missing.put(Availability.DMA_CHANNELS, "a trace has no DMA controller channel state");
        missing.put(Availability.TRANSFERS, "dma:* events do not show DMA controller transfers");
        LiveStateModel[] self = new LiveStateModel[1];
        LiveStateModel m = new LiveStateModel(config, source, missing, false, debug.profile() == KernelProfile.V4_9,
                () -> self[0].sourceTimeNs, null);
        self[0] = m;
        m.observe(debug);
        return m;
    }

    /**
     * A model that only holds DMA transfers, fed by {@link #recordTransfer}: for importers of transfer traces and
     * for measuring the timeline with synthetic runs. It has no mappings, IOMMU state or channels.
     */
    public static LiveStateModel forTransfers(LiveStateConfig config, String source) {
        Map<Availability, String> missing = new LinkedHashMap<>();
        String why = "this source has DMA transfers only";
        for (Availability a : Availability.values()) {
            if (a != Availability.TRANSFERS) {
                missing.put(a, why);
            }
        }
        LiveStateModel[] self = new LiveStateModel[1];
        LiveStateModel m = new LiveStateModel(config, source, missing, false, false, () -> self[0].sourceTimeNs, null);
        self[0] = m;
        m.sourceTimeNs = 0;
        return m;
    }

    /**
     * Records one finished DMA run (for {@link #forTransfers} models; runs are given in start order).
     *
     * @return the run's id
     */
    public long recordTransfer(String channel, String client, DmaTransferDirection direction, long startNs,
            long endNs, long bytes, long srcIova, long dstIova, TransferStatus status) {
        return locker.read(() -> {
            int c = -1;
            for (int i = 0; i < channelCount; i++) {
                if (channelNames[i].equals(channel)) {
                    c = i;
                    break;
                }
            }
            if (c < 0) {
                c = addChannel(channel, null);
            }
            int dev = -1;
            if (!client.isEmpty()) {
                for (int i = 0; i < deviceCount; i++) {
                    if (devices[i].equals(client)) {
                        dev = i;
                        break;
                    }
                }
                if (dev < 0) {
                    dev = addDevice(client, "");
                }
            }
            version++;
            long row = transfers.start(c, dev, direction.ordinal(), startNs, bytes, srcIova, dstIova);
            transfers.end(row, endNs, bytes, status);
            sourceTimeNs = Math.max(sourceTimeNs, endNs);
            return row;
        });
    }

    /** The session's state lock (set once by the session; without one, reads synchronize on the model). */
    public void useLock(Lock stateLock) {
        this.lock = stateLock;
    }

    public LiveStateConfig config() {
        return config;
    }

    /** The current version (it grows with every recorded change). */
    public long version() {
        return locker.read(() -> version);
    }

    /**
     * For importers (replay): where the events now fed come from, and their timestamp
     * ({@link Mapping#UNKNOWN_TIME} when the capture has none); errors and mappings recorded from now on carry them.
     */
    public void setSourcePosition(String file, int line, long timeNs) {
        this.sourceFile = file;
        this.sourceLine = line;
        this.sourceTimeNs = timeNs;
    }

    /** For importers (replay): a finding that is not a dma-debug error (an IOMMU fault in the trace, ...). */
    public void recordFinding(String checkId, DmaDebugCheck check, String device, String message, long mappingId) {
        addError(checkId, check, device, "", message, true, mappingId, List.of(), List.of());
    }

    // =============================================================================================== recording

    private void observe(DmaDebug debug) {
        this.stack = debug.callStack();
        debug.forEachEntry(e -> added(debug, e, 0));
        debug.setObserver(new DmaDebugObserver() {
            @Override
            public void entryAdded(DmaDebug d, int entry, long attrs) {
                added(d, entry, attrs);
            }

            @Override
            public void entryRemoved(DmaDebug d, int entry) {
                long row = entryRow[entry];
                version++;
                store.remove(row, nowNs.getAsLong(), version);
                log(row, REMOVE);
            }

            @Override
            public void entryChecked(DmaDebug d, int entry) {
                long row = entryRow[entry];
                version++;
                store.checked(row);
                log(row, CHECK);
            }

            @Override
            public void error(DmaDebug d, DmaDebugError err) {
                Device dev = err.device();
                if (err.check() == DmaDebugCheck.PENDING_AT_UNBIND && dev != null) {
                    markLeaked(dev.name());
                }
                long mappingId = err.entry() >= 0 ? entryRow[err.entry()] : -1;
                addError(err.check().name(), err.check(), dev == null ? "" : dev.name(),
                        dev == null ? "" : dev.driverName(), err.message(), err.printed(), mappingId,
                        recordStacks ? err.mappedAt() : List.of(), recordStacks ? err.callTrace() : List.of());
            }
        });
    }

    private void added(DmaDebug d, int e, long attrs) {
        int dev = deviceIndex(d.entryDevice(e));
        int len = 0;
        int hook = 0;
        long packed = 0;
        if (recordStacks) {
            int head = d.entryStackHead(e);
            hook = head & 0xffff;
            len = head >>> 16;
            packed = d.entryStackPacked(e);
            internFrame(hook);
            for (int i = 1; i < len; i++) {
                internFrame((int) (packed >>> (16 * (i - 1))) & 0xffff);
            }
        }
        int meta = d.entryType(e).ordinal() | d.entryDirection(e).value() << MappingStore.META_DIR_SHIFT
                | d.entryMapErr(e).ordinal() << MappingStore.META_MAPERR_SHIFT | len << MappingStore.META_STACKLEN_SHIFT
                | hook << MappingStore.META_HOOK_SHIFT;
        long row = store.append(d.entryDevAddr(e), d.entryPaddr(e), d.entrySize(e), nowNs.getAsLong(), packed, dev,
                meta, (int) attrs);
        if (e >= entryRow.length) {
            entryRow = Arrays.copyOf(entryRow, Math.max(e + 1, entryRow.length * 2));
        }
        entryRow[e] = row;
        version++;
        log(row, ADD);
    }

    private void internFrame(int id) {
        if (id < frameCount && frames[id] != null) {
            return;
        }
        int n = stack.frameCount();
        if (n > frames.length) {
            frames = Arrays.copyOf(frames, Math.max(n, frames.length * 2));
        }
        for (int i = frameCount; i < n; i++) {
            frames[i] = stack.frameLine(i);
        }
        frameCount = n;
    }

    private int deviceIndex(Device d) {
        String drv = d.driverName() == null ? "" : d.driverName();
        if (d == lastDevice && drivers[lastDeviceIndex].equals(drv)) {
            return lastDeviceIndex;
        }
        // a capture interleaves a few devices: the recent ones first, without hashing
        for (int k = 0; k < recentDevices.length; k++) {
            Device r = recentDevices[k];
            if (r == d && drivers[recentIndex[k]].equals(drv)) {
                lastDevice = d;
                lastDeviceIndex = recentIndex[k];
                return lastDeviceIndex;
            }
        }
        Integer i = deviceIndex.get(d);
        if (i == null || !drivers[i].equals(drv)) {
            i = addDevice(d.name(), d.driverName());
            deviceIndex.put(d, i);
        }
        lastDevice = d;
        lastDeviceIndex = i;
        recentDevices[recentNext] = d;
        recentIndex[recentNext] = i;
        recentNext = (recentNext + 1) & (recentDevices.length - 1);
        return i;
    }

    private int addDevice(String name, String driver) {
        if (deviceCount == devices.length) {
            // grow by copying: snapshots keep the arrays they captured
            devices = Arrays.copyOf(devices, deviceCount * 2);
            drivers = Arrays.copyOf(drivers, deviceCount * 2);
        }
        devices[deviceCount] = name;
        drivers[deviceCount] = driver == null ? "" : driver;
        return deviceCount++;
    }

    /**
     * dma_debug_device_change() found mappings of {@code device} at its driver's unbind: every mapping of it live
     * now is leaked (dma-debug reports the count and one of them; the view shows them all).
     */
    private void markLeaked(String device) {
        boolean[] match = new boolean[deviceCount];
        for (int i = 0; i < deviceCount; i++) {
            match[i] = devices[i].equals(device);
        }
        store.forEachLive(match, row -> {
            if (leakedCount == leaked.length) {
                // grow by copying: snapshots keep the array and count they captured
                leaked = Arrays.copyOf(leaked, leakedCount * 2);
            }
            leaked[leakedCount++] = row;
        });
    }

    private void log(long row, int kind) {
        int slot = (int) (logCount & (logEntry.length - 1));
        logVersion[slot] = version;
        logEntry[slot] = row << 2 | kind;
        logCount++;
    }

    private void addError(String checkId, DmaDebugCheck check, String device, String driver, String message,
            boolean printed, long mappingId, List<String> mappedAt, List<String> callTrace) {
        version++;
        if (errorCount == config.errorHistory()) {
            int keep = errorCount / 2;
            DmaErrorRecord[] n = new DmaErrorRecord[Math.max(64, errors.length)];
            System.arraycopy(errors, errorCount - keep, n, 0, keep);
            errorsDropped += errorCount - keep;
            errors = n;
            errorCount = keep;
        } else if (errorCount == errors.length) {
            errors = Arrays.copyOf(errors, Math.min(config.errorHistory(), errors.length * 2));
        }
        errors[errorCount++] = new DmaErrorRecord(errorSequence++, version, nowNs.getAsLong(), checkId, check, device,
                driver, message, printed, mappingId, mappedAt, callTrace, sourceFile, sourceFile == null ? 0 : sourceLine);
    }

    // ---- DMA transfers ----

    private void watch(RcarDmacDriver drv) {
        RcarDmac hw = drv.hardware();
        int[] idx = new int[hw.channelCount()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = addChannel(drv.device().name() + ".ch" + i, hw.channel(i));
        }
        channelIndex.put(hw, idx);
        hw.addTransferListener(new RcarDmacTransferListener() {
            @Override
            public void transferStarted(RcarDmac dmac, int channel) {
                started(drv, dmac, channel);
            }

            @Override
            public void transferEnded(RcarDmac dmac, int channel, End how) {
                ended(dmac, channel, how);
            }
        });
    }

    private int addChannel(String name, RcarDmacChannel hw) {
        if (channelCount == channelNames.length) {
            channelNames = Arrays.copyOf(channelNames, channelCount * 2);
        }
        channelNames[channelCount] = name;
        ongoingRow = Arrays.copyOf(ongoingRow, channelCount + 1);
        ongoingRow[channelCount] = -1;
        ongoingStartBytes = Arrays.copyOf(ongoingStartBytes, channelCount + 1);
        channelHw = Arrays.copyOf(channelHw, channelCount + 1);
        channelHw[channelCount] = hw;

        return channelCount++;
    }

    private void started(RcarDmacDriver drv, RcarDmac dmac, int ch) {
        int c = channelIndex.get(dmac)[ch];
        RcarDmacChannel hw = dmac.channel(ch);
        RcarDmacChan k = drv.channel(ch);
        int client = k == null || k.slave() == null ? -1 : deviceIndex(k.slave());
        RcarDmacDesc desc = k == null ? null : k.runningDesc();
        DmaTransferDirection dir = desc == null ? DmaTransferDirection.TRANS_NONE : desc.direction();
        long src = hw.sar() & 0xffffffffL;
        long dst = hw.dar() & 0xffffffffL;
        int ts = RcarDmacChannel.transferSize(hw.chcr());
        long planned = (hw.tcr() == 0 ? 1L << 24 : hw.tcr()) * Math.max(ts, 1);
        if ((hw.chcr() & RcarDmacChannel.RCAR_DMACHCR_DPM_INFINITE) != 0 && desc != null && !desc.chunks().isEmpty()) {
            // descriptor mode: SAR/DAR/TCR load from the first descriptor at the first step
            RcarDmacDesc.XferChunk first = desc.chunks().get(0);
            src = first.srcAddr();
            dst = first.dstAddr();
            planned = desc.size();
        }
        version++;
        // a new value each run: the driver recycles its descriptors (rcar_dmac_desc_put())
        ongoingRow[c] = transfers.start(c, client, dir.ordinal(), nowNs.getAsLong(), planned, src, dst,
                desc == null ? null : descriptor(desc));
        ongoingStartBytes[c] = hw.bytesMoved();
    }

    private void ended(RcarDmac dmac, int ch, RcarDmacTransferListener.End how) {
        int c = channelIndex.get(dmac)[ch];
        long row = ongoingRow[c];
        if (row < 0) {
            return;
        }
        TransferStatus st = how == RcarDmacTransferListener.End.COMPLETE ? TransferStatus.COMPLETE
                : how == RcarDmacTransferListener.End.ERROR ? TransferStatus.ERROR : TransferStatus.STOPPED;
        version++;
        transfers.end(row, nowNs.getAsLong(), dmac.channel(ch).bytesMoved() - ongoingStartBytes[c], st);
        ongoingRow[c] = -1;
    }

    private void fault(IpmmuVmsaDriver drv, IpmmuFault f) {
        String dev = "";
        for (Device d : machine.devices()) {
            for (int u : drv.fwspecIds(d)) {
                if (u == f.utlb()) {
                    dev = d.name();
                }
            }
        }
        version++;
        if (faultCount == config.errorHistory()) {
            int keep = faultCount / 2;
            System.arraycopy(faults, faultCount - keep, faults, 0, keep);
            faultCount = keep;
        } else if (faultCount == faults.length) {
            // grow by copying: snapshots keep the array they captured
            faults = Arrays.copyOf(faults, Math.min(config.errorHistory(), faults.length * 2));
        }
        faults[faultCount++] = new IommuFaultRecord(nowNs.getAsLong(), drv.device().name(), f.context(), f.utlb(),
                dev, f.iova(), f.status(), f.access() == IommuAccess.WRITE, f.toString());
    }

    // =============================================================================================== reading

    /** Takes a snapshot between two emulation steps. */
    public LiveStateSnapshot snapshot() {
        return locker.read(this::capture);
    }

    private Names names() {
        return new Names(devices, drivers, deviceCount, frames, v49, leaked, leakedCount);
    }

    private LiveStateSnapshot capture() {
        Names names = names();
        MappingStore.Capture cap = store.capture();
        MappingTable table = new MappingTable(cap, names, version);
        MappingHistory history = new MappingHistory(cap, names, version);
        List<DmaErrorRecord> errs = Collections.unmodifiableList(Arrays.asList(errors).subList(0, errorCount));
        long[] ongoing = ongoingRow.clone();
        long[] ongoingBytes = new long[ongoing.length];
        for (int i = 0; i < ongoing.length; i++) {
            if (ongoing[i] >= 0) {
                ongoingBytes[i] = channelHw[i].bytesMoved() - ongoingStartBytes[i];
            }
        }
        TransferTimeline timeline = new TransferTimeline(transfers.captureChunks(), transfers.nextRow(), ongoing,
                ongoingBytes, channelNames, channelCount, names, transfers.dropped(), transfers.maxDuration(), version);
        List<IommuDomainSnapshot> iommus = machine == null ? List.of() : iommus();
        List<DmaChannelSnapshot> channels = machine == null ? List.of() : channels();
        List<IommuFaultRecord> faultList = List.of(Arrays.copyOf(faults, faultCount));
        return new LiveStateSnapshot(version, nowNs.getAsLong(), source, missing, table, history, errs, errorsDropped,
                iommus, channels, timeline, faultList);
    }

    /**
     * What changed in the mappings since {@code sinceVersion} (a version a snapshot or an earlier delta returned),
     * plus the errors recorded since. O(changes), under the lock only for that long.
     */
    public MappingDelta delta(long sinceVersion) {
        return locker.read(() -> computeDelta(sinceVersion));
    }

    /**
     * A snapshot and the delta from {@code sinceVersion} up to it, taken together under one hold of the lock, so a
     * view that applies the delta to what it showed reads the rows it needs from the snapshot of exactly that
     * version ({@code delta.toVersion() == snapshot.version()}).
     */
    public LiveStateUpdate update(long sinceVersion) {
        return locker.read(() -> {
            MappingDelta d = computeDelta(sinceVersion);
            return new LiveStateUpdate(capture(), d);
        });
    }

    /**
     * The device register a physical address hits, computed from the board's register windows and the names its
     * peripheral models give their registers: for a {@code resource} mapping, what the DMA engine reads or writes
     * (the SCIF0 FIFO {@code SCFTDR} at 0xe6e6000c). Empty for RAM, unmapped addresses and a replayed capture (which
     * has no board).
     */
    public java.util.Optional<MmioTarget> mmioTarget(long pa) {
        if (machine == null) {
            return java.util.Optional.empty();
        }
        return machine.platform().registerAt(pa).map(h -> new MmioTarget(h.device().devName(), h.device().path(),
                h.device().reg().get(0).address(), h.offset(), h.register() == null ? null : h.register().name(),
                h.register() == null ? "" : h.register().kernelName(),
                h.register() == null ? "" : h.register().description(), h.register() == null ? 0 : h.register().width()));
    }

    private MappingDelta computeDelta(long since) {
        if (since > version || since < 0) {
            throw new IllegalArgumentException("version " + since + " is not between 0 and " + version);
        }
        long firstLogged = Math.max(0, logCount - logEntry.length);
        int mask = logEntry.length - 1;
        // the oldest logged change must not be newer than since + 1, or some changes are gone
        boolean complete = logCount == 0 || firstLogged == 0 || logVersion[(int) (firstLogged & mask)] <= since;
        if (!complete || since < store.evictedRemoval()) {
            return MappingDelta.reset(since, version);
        }
        // binary search the first logged change after since
        long lo = firstLogged;
        long hi = logCount;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (logVersion[(int) (mid & mask)] <= since) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int n = (int) (logCount - lo);
        lastDeltaExamined = n;
        long[] changes = new long[n];
        for (int i = 0; i < n; i++) {
            changes[i] = logEntry[(int) ((lo + i) & mask)];
        }
        Arrays.sort(changes);
        Names names = names();
        List<Mapping> added = new ArrayList<>();
        List<Mapping> removed = new ArrayList<>();
        List<Mapping> changed = new ArrayList<>();
        int i = 0;
        while (i < n) {
            long row = changes[i] >>> 2;
            int kinds = 0;
            while (i < n && changes[i] >>> 2 == row) {
                kinds |= 1 << (changes[i] & 3);
                i++;
            }
            boolean wasAdded = (kinds & 1 << ADD) != 0;
            boolean wasRemoved = (kinds & 1 << REMOVE) != 0;
            if (wasAdded && wasRemoved) {
                continue;
            }
            Mapping m = currentRow(row, names);
            if (m == null) {
                return MappingDelta.reset(since, version);
            }
            (wasAdded ? added : wasRemoved ? removed : changed).add(m);
        }
        List<DmaErrorRecord> errs = new ArrayList<>();
        for (int k = errorCount - 1; k >= 0 && errors[k].version() > since; k--) {
            errs.add(errors[k]);
        }
        Collections.reverse(errs);
        return new MappingDelta(since, version, false, added, removed, changed, errs);
    }

    /** Row {@code row} as it is now (under the lock), or null when it is no longer kept. */
    private static Mapping currentRow(MappingStore.Chunk c, long row, Names names) {
        int i = c == null ? -1 : c.index(row);
        if (i < 0) {
            return null;
        }
        long off = row - c.base;
        boolean live = MappingStore.Chunk.bit(c.liveBits, off);
        int meta = c.meta[i];
        var type = org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType.values()[meta & 7];
        int initial = (meta >>> MappingStore.META_MAPERR_SHIFT) & 3;
        var mapErr = org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr.values()[initial];
        if (initial != 0 && MappingStore.Chunk.bit(c.checkedBits, off)) {
            mapErr = org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr.CHECKED;
        }
        return new Mapping(row, names.devices[c.dev[i]], names.drivers[c.dev[i]], type, type.kernelName(names.v49),
                c.phys[i], c.dma[i], c.size[i],
                org.dmaworkbench.kernel.dma.DmaDirection.fromValue((meta >>> MappingStore.META_DIR_SHIFT) & 3),
                c.attrs[i] & 0xffffffffL, mapErr, c.mapTime[i], live ? Mapping.LIVE : c.unmapTime[i],
                names.stack(meta, c.stack[i]));
    }

    private Mapping currentRow(long row, Names names) {
        return currentRow(store.chunkOf(row), row, names);
    }

    // ---- IOMMU and DMA channels (emulation only), read between steps ----

    private List<IommuDomainSnapshot> iommus() {
        Set<IommuDomain> domains = new LinkedHashSet<>();
        for (Device d : machine.devices()) {
            if (d.iommuDomain() != null) {
                domains.add(d.iommuDomain());
            }
            ArmIommuMapping arm = d.armIommuMapping();
            if (arm != null) {
                domains.add(arm.domain());
            }
        }
        List<IommuDomainSnapshot> out = new ArrayList<>();
        for (IommuDomain dom : domains) {
            IpmmuVmsaDriver owner = null;
            for (IpmmuVmsaDriver drv : machine.ipmmuDrivers()) {
                if (drv.contextOf(dom) >= 0) {
                    owner = drv;
                    break;
                }
            }
            int ctx = owner == null ? -1 : owner.contextOf(dom);
            Ipmmu hw = owner == null ? null : owner.hardware();
            IommuDomainSnapshot.ContextRegisters regs = null;
            IommuDomainSnapshot.IotlbSnapshot tlb = null;
            List<IommuDomainSnapshot.MicroTlb> utlbs = new ArrayList<>();
            if (hw != null) {
                Ipmmu r = hw.root();
                regs = new IommuDomainSnapshot.ContextRegisters(r.readContextRegister(ctx, Ipmmu.IMCTR),
                        r.readContextRegister(ctx, Ipmmu.IMTTBCR), r.readContextRegister(ctx, Ipmmu.IMTTLBR0),
                        r.readContextRegister(ctx, Ipmmu.IMTTUBR0), r.readContextRegister(ctx, Ipmmu.IMMAIR0),
                        r.readContextRegister(ctx, Ipmmu.IMBUSCR), r.readContextRegister(ctx, Ipmmu.IMSTR),
                        r.readContextRegister(ctx, Ipmmu.IMELAR), r.readContextRegister(ctx, Ipmmu.IMEUAR));
                for (Device d : dom.devices()) {
                    for (int u : owner.fwspecIds(d)) {
                        utlbs.add(new IommuDomainSnapshot.MicroTlb(d.name(), u, hw.imuctr(u), hw.utlbEnabled(u),
                                hw.utlbContext(u)));
                    }
                }
                List<IommuDomainSnapshot.IotlbEntry> entries = new ArrayList<>();
                int c = ctx;
                hw.tlb().forEachEntry((slot, context, iova, pa, ro) -> {
                    if (context == c) {
                        entries.add(new IommuDomainSnapshot.IotlbEntry(slot, context, iova, pa, ro));
                    }
                });
                tlb = new IommuDomainSnapshot.IotlbSnapshot(owner.device().name(), hw.tlb().capacity(),
                        hw.tlb().hits(), hw.tlb().misses(), hw.tlb().flushes(), entries);
            }
            PageTable pt = null;
            IoPgtable io = dom.pgtable();
            if (io != null && !io.isFreed()) {
                long[] gen = pgtableGenerations.computeIfAbsent(io, p -> {
                    long[] g = new long[1];
                    p.addObserver(new IoPgtableObserver() {
                        @Override
                        public void pteWritten(IoPgtable t, int level, int index, long tablePa, long oldPte,
                                long newPte) {
                            g[0]++;
                        }
                    });
                    return g;
                });
                pt = new PageTable(locker, io.memory(), io.cfg(), io.pgd(), gen[0], () -> gen[0]);
            }
            long apStart = dom.apertureStart();
            long apSize = dom.apertureEnd() - dom.apertureStart() + 1;
            for (Device d : machine.devices()) {
                ArmIommuMapping arm = d.armIommuMapping();
                if (arm != null && arm.domain() == dom) {
                    // the ARM mapping's window: extensions bitmaps of bits pages (arm_iommu_create_mapping)
                    apStart = arm.base();
                    apSize = (long) arm.bits() * 4096 * Math.max(1, arm.extensions());
                    break;
                }
            }
            out.add(new IommuDomainSnapshot(dom.name(), dom.type().name(), owner == null ? "" : owner.device().name(),
                    owner == null ? "" : owner.root().device().name(), ctx, regs,
                    dom.devices().stream().map(Device::name).toList(), utlbs, tlb, pt, apStart, apSize));
        }
        return out;
    }

    private List<DmaChannelSnapshot> channels() {
        List<DmaChannelSnapshot> out = new ArrayList<>();
        for (RcarDmacDriver drv : machine.rcarDmacs()) {
            RcarDmac hw = drv.hardware();
            String ctrl = drv.device().name();
            for (int i = 0; i < hw.channelCount(); i++) {
                RcarDmacChannel c = hw.channel(i);
                RcarDmacChan k = drv.channel(i);
                DmaChannelSnapshot.Descriptor running = null;
                List<DmaChannelSnapshot.Descriptor> queued = new ArrayList<>();
                String client = "";
                int midRid = -1;
                long mapAddr = 0;
                long mapSize = 0;
                long slaveAddr = 0;
                if (k != null) {
                    client = k.slave() == null ? "" : k.slave().name();
                    midRid = k.midRid();
                    if (k.mapXferSize() != 0) {
                        mapAddr = k.mapAddr();
                        mapSize = k.mapXferSize();
                        slaveAddr = k.mapSlaveAddr();
                    }
                    RcarDmacDesc run = k.runningDesc();
                    running = run == null ? null : descriptor(run);
                    for (RcarDmacDesc d : k.activeDescriptors()) {
                        if (d != run) {
                            queued.add(descriptor(d));
                        }
                    }
                    for (RcarDmacDesc d : k.pendingDescriptors()) {
                        queued.add(descriptor(d));
                    }
                }
                out.add(new DmaChannelSnapshot(ctrl + ".ch" + i, ctrl, i, c.state().name().toLowerCase(),
                        new DmaChannelSnapshot.Registers(c.sar(), c.dar(), c.tcr(), c.tcrb(), c.chcr(), c.chcrb(),
                                c.dmars()),
                        c.bytesMoved(), c.lastError(), client, midRid, mapAddr, mapSize, slaveAddr, running, queued));
            }
        }
        return out;
    }

    private static DmaChannelSnapshot.Descriptor descriptor(RcarDmacDesc d) {
        List<DmaChannelSnapshot.Chunk> chunks = new ArrayList<>();
        for (RcarDmacDesc.XferChunk c : d.chunks()) {
            chunks.add(new DmaChannelSnapshot.Chunk(c.srcAddr(), c.dstAddr(), c.size() & 0xffffffffL));
        }
        return new DmaChannelSnapshot.Descriptor(d.cookie(), d.direction() == null ? "" : d.direction().name(),
                d.size(), d.cyclic(), d.hwdescsUse(), chunks);
    }
}
