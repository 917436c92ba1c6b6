package org.dmaworkbench.emulation.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * A parsed .dmascn scenario (see FORMAT.md): the board, IOMMU switches, kernel profile, dma-debug options,
 * seed, stop condition, clients with their workloads and the injected driver bugs. Immutable; every part
 * carries the position it was written at so later stages can report problems at FILE:LINE:COL.
 */
public final class Scenario {
    /** Default seed when the file gives none. */
    public static final long DEFAULT_SEED = 1;

    /** The board: a built-in name, or a .dts file (as written, relative to the scenario's directory) with include dirs. */
    public record BoardRef(String builtinName, String file, List<String> includeDirs, SourcePosition position) {
        public BoardRef {
            includeDirs = List.copyOf(includeDirs);
        }

        public boolean isBuiltin() {
            return builtinName != null;
        }

        @Override
        public String toString() {
            return isBuiltin() ? builtinName : "\"" + file + "\"";
        }
    }

    /** A reference to a device-tree node: {@code &label} or an absolute path (or an alias name). */
    public record DeviceRef(String label, String path, SourcePosition position) {
        public boolean isLabel() {
            return label != null;
        }

        /** As written: "&scif0" or "/soc/serial@e6e60000". */
        @Override
        public String toString() {
            return isLabel() ? "&" + label : path;
        }
    }

    /**
     * {@code iommu LABEL = on|off [ { attach = ... } ]}: whether the board's IOMMU node with that label translates,
     * and which masters the scenario opts in beyond the kernel's rule.
     */
    public record IommuSwitch(DeviceRef iommu, boolean enabled, SourcePosition position, IommuAttach attach) {
        public IommuSwitch {
            Objects.requireNonNull(attach);
        }

        /** A switch without an attach block. */
        public IommuSwitch(DeviceRef iommu, boolean enabled, SourcePosition position) {
            this(iommu, enabled, position, IommuAttach.NONE);
        }
    }

    /**
     * {@code attach = all | TARGET, ...}: masters put behind the IOMMU although the kernel's
     * {@code ipmmu_device_is_allowed()} would not (as a patched allow list does). {@code all}: every enabled
     * master whose {@code iommus} names this IOMMU first.
     */
    public record IommuAttach(boolean all, List<AttachTarget> targets, SourcePosition position) {
        /** No attach block: the kernel's rule alone. */
        public static final IommuAttach NONE = new IommuAttach(false, List.of(), null);

        public IommuAttach {
            targets = List.copyOf(targets);
        }

        public boolean isEmpty() {
            return !all && targets.isEmpty();
        }
    }

    /**
     * One master of an attach list; {@code utlbs} (empty: the node's own {@code iommus}) gives the micro-TLBs of a
     * master the board file does not connect, as the series' dropped device-tree patch did for the DMACs: a run of
     * consecutive numbers ({@code utlb N..M}).
     */
    public record AttachTarget(DeviceRef device, List<Integer> utlbs) {
        public AttachTarget {
            utlbs = List.copyOf(utlbs);
            for (int k = 1; k < utlbs.size(); k++) {
                if (utlbs.get(k) != utlbs.get(0) + k) {
                    throw new IllegalArgumentException("micro-TLBs must be consecutive: " + utlbs);
                }
            }
        }
    }

    /** dma-debug settings: the kernel's dma_debug=, driver_filter, num_errors and all_errors. */
    public record DmaDebugOptions(boolean enabled, String driverFilter, long numErrors, boolean allErrors) {
        /** As the kernel boots with CONFIG_DMA_API_DEBUG: on, no filter, num_errors 1, all_errors 0. */
        public static final DmaDebugOptions DEFAULT = new DmaDebugOptions(true, "", 1, false);
    }

    /** When the run ends: whichever given condition comes first; none given means "run until all workloads end". */
    public record StopCondition(OptionalLong timeNs, OptionalLong transfers, boolean firstError) {
        public static final StopCondition WORKLOADS_DONE = new StopCondition(OptionalLong.empty(), OptionalLong.empty(),
                false);

        public boolean isWorkloadsDone() {
            return timeNs.isEmpty() && transfers.isEmpty() && !firstError;
        }
    }

    /** What a workload does. */
    public enum WorkloadKind {
        /** serial or IIC transmit: DMA_TO_DEVICE into the TX FIFO */
        TX("tx"),
        /** serial or IIC receive: DMA_FROM_DEVICE out of the RX FIFO */
        RX("rx"),
        /** SD card block read */
        SD_READ("read"),
        /** SD card block write */
        SD_WRITE("write"),
        /** dmaengine memory-to-memory copy */
        MEMCPY("memcpy");

        private final String keyword;

        WorkloadKind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        public boolean isTxRx() {
            return this == TX || this == RX;
        }

        public boolean isSd() {
            return this == SD_READ || this == SD_WRITE;
        }

        /** The kinds of device the workload can run on. */
        public List<DeviceKind> deviceKinds() {
            return switch (this) {
                case TX, RX -> List.of(DeviceKind.SERIAL, DeviceKind.IIC);
                case SD_READ, SD_WRITE -> List.of(DeviceKind.SDHI_SYS_DMAC, DeviceKind.SDHI_INTERNAL_DMAC);
                case MEMCPY -> List.of(DeviceKind.DMAC);
            };
        }
    }

    /**
     * One workload line. {@code count} is bytes (tx/rx/memcpy) or blocks (read/write); {@code text} is set for
     * "tx text" (then count is its length in bytes). {@code segments} is the sg entry count (read/write, else 1),
     * {@code repeat} how many times it runs, {@code rate} the line rate in bit/s, the serial baud rate or the I2C bus clock (0: the device's
     * default, see {@link ScenarioValidator.ClientBinding#lineRate}), {@code everyNs}
     * the period between starts of repetitions (0: back to back). {@code to} is a memcpy's MMIO destination
     * ({@code memcpy bytes N to &icram0}: the node's first {@code reg} window, mapped with dma_map_resource()), empty
     * for a copy into RAM and for the other workloads.
     */
    public record Workload(WorkloadKind kind, long count, Optional<String> text, int segments, long repeat, long rate,
                           long everyNs, SourcePosition position, Optional<DeviceRef> to) {
        /** SD block size. */
        public static final int BLOCK_SIZE = 512;

        public Workload {
            to = to == null ? Optional.empty() : to;
        }

        /** A workload without an MMIO destination. */
        public Workload(WorkloadKind kind, long count, Optional<String> text, int segments, long repeat, long rate,
                long everyNs, SourcePosition position) {
            this(kind, count, text, segments, repeat, rate, everyNs, position, Optional.empty());
        }

        /** Bytes moved by one run of the workload. */
        public long bytes() {
            return kind.isSd() ? count * BLOCK_SIZE : count;
        }
    }

    /** client NAME { device = REF; workloads... }. */
    public record Client(String name, DeviceRef device, List<Workload> workloads, SourcePosition position) {
        public Client {
            workloads = List.copyOf(workloads);
        }
    }

    /** bug CLIENT = NAME: the kernel registry's bug, to pass to the client driver's {@code commit()}. */
    public record InjectedBug(String client, DriverBug bug, SourcePosition position) {
    }

    private final String fileName;
    private final BoardRef board;
    private final List<IommuSwitch> iommus;
    private final KernelProfile profile;
    private final DmaDebugOptions dmaDebug;
    private final long seed;
    private final StopCondition stop;
    private final List<Client> clients;
    private final List<InjectedBug> bugs;
    private final String socRevision;

    public Scenario(String fileName, BoardRef board, List<IommuSwitch> iommus, KernelProfile profile,
                    DmaDebugOptions dmaDebug, long seed, StopCondition stop, List<Client> clients, List<InjectedBug> bugs) {
        this(fileName, board, iommus, profile, dmaDebug, seed, stop, clients, bugs, null);
    }

    /** @param socRevision {@code soc.revision} ("ES2.0"), null for the SoC's default */
    public Scenario(String fileName, BoardRef board, List<IommuSwitch> iommus, KernelProfile profile,
                    DmaDebugOptions dmaDebug, long seed, StopCondition stop, List<Client> clients, List<InjectedBug> bugs,
                    String socRevision) {
        this.socRevision = socRevision;
        this.fileName = Objects.requireNonNull(fileName);
        this.board = Objects.requireNonNull(board);
        this.iommus = List.copyOf(iommus);
        this.profile = Objects.requireNonNull(profile);
        this.dmaDebug = Objects.requireNonNull(dmaDebug);
        this.seed = seed;
        this.stop = Objects.requireNonNull(stop);
        this.clients = List.copyOf(clients);
        this.bugs = List.copyOf(bugs);
    }

    /** The scenario file's name as diagnostics print it. */
    public String fileName() {
        return fileName;
    }

    public BoardRef board() {
        return board;
    }

    /** The iommu lines, in file order (each label at most once). */
    public List<IommuSwitch> iommus() {
        return iommus;
    }

    public KernelProfile profile() {
        return profile;
    }

    public DmaDebugOptions dmaDebug() {
        return dmaDebug;
    }

    public long seed() {
        return seed;
    }

    public StopCondition stop() {
        return stop;
    }

    public List<Client> clients() {
        return clients;
    }

    public Optional<Client> client(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<InjectedBug> bugs() {
        return bugs;
    }

    /**
     * {@code soc.revision}: the SoC revision the kernel's {@code soc_device_match()} sees (it reads the PRR), or
     * empty for the newest one a driver tells apart.
     */
    public Optional<String> socRevision() {
        return Optional.ofNullable(socRevision);
    }

    /** The bugs injected into one client, in file order. */
    public List<DriverBug> bugsOf(String client) {
        return bugs.stream().filter(b -> b.client().equals(client)).map(InjectedBug::bug).toList();
    }
}
