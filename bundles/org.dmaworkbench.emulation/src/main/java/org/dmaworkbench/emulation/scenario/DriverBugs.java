package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * What the scenario layer adds to the kernel bundle's driver-bug registry
 * ({@link org.dmaworkbench.kernel.drivers.DriverBug}, the only list of bug names): which kind of client device can
 * commit each bug, and the one-line consequence {@code dmawb scenario} prints.
 * <p>
 * The table follows the client drivers' {@code supportedBugs()}: the sh-sci client
 * ({@code org.dmaworkbench.kernel.drivers.clients.UartClient}) for serial ports, the renesas_sdhi_sys_dmac client
 * ({@code SdhiClient}) for Gen2 SDHI and the dmatest-style memcpy client ({@code MemcpyClient}) for a SYS-DMAC.
 * IIC controllers and Gen3 SDHI (internal DMAC) have no client driver that commits bugs.
 */
public final class DriverBugs {
    private static final Map<DeviceKind, Set<DriverBug>> COMMITTABLE = new EnumMap<>(DeviceKind.class);

    static {
        for (DeviceKind k : DeviceKind.values()) {
            COMMITTABLE.put(k, Collections.unmodifiableSet(EnumSet.noneOf(DriverBug.class)));
        }
        COMMITTABLE.put(DeviceKind.SERIAL, Collections.unmodifiableSet(EnumSet.of(
                DriverBug.UNMAP_WRONG_SIZE, DriverBug.UNMAP_WRONG_DIRECTION, DriverBug.FORGET_MAPPING_ERROR,
                DriverBug.LEAK_MAPPING_AT_UNBIND, DriverBug.DOUBLE_UNMAP, DriverBug.UNMAP_NEVER_MAPPED,
                DriverBug.FREE_COHERENT_WRONG_SIZE, DriverBug.WRONG_CPU_ADDRESS_ON_FREE, DriverBug.MAP_VMALLOC_BUFFER,
                DriverBug.UNMAP_FAILED_MAPPING, DriverBug.SYNC_WRONG_DIRECTION)));
        COMMITTABLE.put(DeviceKind.SDHI_SYS_DMAC, Collections.unmodifiableSet(EnumSet.of(
                DriverBug.SG_UNMAP_WRONG_NENTS, DriverBug.SG_SYNC_WRONG_NENTS, DriverBug.SG_SEGMENT_TOO_LONG,
                DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY)));
        COMMITTABLE.put(DeviceKind.DMAC, Collections.unmodifiableSet(EnumSet.of(
                DriverBug.MAP_KERNEL_TEXT, DriverBug.MAP_MODULE_BUFFER, DriverBug.MAP_STACK_BUFFER,
                DriverBug.SYNC_OUT_OF_RANGE, DriverBug.SYNC_FOR_CPU_DEVICE_READ_ONLY, DriverBug.SYNC_AFTER_UNMAP,
                DriverBug.OVERLAPPING_MAPPINGS, DriverBug.OVERLAPPING_MAPPINGS_BEYOND_LIMIT,
                DriverBug.LEAK_MAPPING_PER_TRANSFER, DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE,
                DriverBug.UNMAP_PAGE_WITH_UNMAP_RESOURCE, DriverBug.SYNC_RESOURCE_MAPPING,
                DriverBug.MAP_RAM_WITH_MAP_RESOURCE, DriverBug.UNMAP_WRONG_SIZE, DriverBug.UNMAP_WRONG_DIRECTION)));
    }

    private DriverBugs() {
    }

    /** The bug a scenario names {@code name} (kebab-case, exactly as {@link DriverBug#bugName()}). */
    public static Optional<DriverBug> forName(String name) {
        for (DriverBug b : DriverBug.values()) {
            if (b.bugName().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The bugs the client driver of a {@code kind} device commits; empty when no client driver commits any. */
    public static Set<DriverBug> committableBy(DeviceKind kind) {
        return COMMITTABLE.get(kind);
    }

    /** The device kinds whose client driver can commit {@code bug}, in {@link DeviceKind} order. */
    public static List<DeviceKind> committers(DriverBug bug) {
        List<DeviceKind> out = new ArrayList<>();
        for (DeviceKind k : DeviceKind.values()) {
            if (COMMITTABLE.get(k).contains(bug)) {
                out.add(k);
            }
        }
        return out;
    }

    /** "a serial port client (sh-sci) or a memcpy client of a SYS-DMAC (dmatest)": who can commit {@code bug}. */
    public static String committersDescription(DriverBug bug) {
        List<String> who = new ArrayList<>();
        for (DeviceKind k : committers(bug)) {
            who.add(clientDescription(k));
        }
        return String.join(" or ", who);
    }

    /** How messages name the client driver of a {@code kind} device. */
    static String clientDescription(DeviceKind kind) {
        return switch (kind) {
            case SERIAL -> "a serial port client (sh-sci)";
            case SDHI_SYS_DMAC -> "a Gen2 SDHI client (renesas_sdhi_sys_dmac)";
            case SDHI_INTERNAL_DMAC -> "a Gen3 SDHI client (renesas_sdhi_internal_dmac)";
            case DMAC -> "a memcpy client of a SYS-DMAC (dmatest)";
            case IIC -> "an IIC client (i2c-sh_mobile)";
            case OTHER -> "a client of a device the emulator has no driver for";
        };
    }

    /**
     * What the user will see when {@code bug} is committed (6.12 profile): "dma-debug reports CHECK", with the
     * further checks the same misuse trips, or the kernel's other report for bugs dma-debug does not see.
     */
    public static String consequence(DriverBug bug) {
        DmaDebugCheck c = bug.check();
        if (c == null) {
            return bug.otherReport();
        }
        StringBuilder sb = new StringBuilder("dma-debug reports ").append(c);
        if (!bug.alsoReported().isEmpty()) {
            List<String> also = new ArrayList<>();
            for (DmaDebugCheck a : bug.alsoReported()) {
                also.add(a.name());
            }
            sb.append(" (also ").append(String.join(", ", also)).append(')');
        }
        return sb.toString();
    }
}
