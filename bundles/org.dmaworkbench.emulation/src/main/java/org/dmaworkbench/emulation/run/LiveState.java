package org.dmaworkbench.emulation.run;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.replay.DmaApiDump;
import org.dmaworkbench.emulation.replay.LiveMapping;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.dmac.RcarDmacChannel;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.iommu.pgtable.IommuProt;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.iommu.ArmIommuMapping;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IovaDomain;
import org.dmaworkbench.kernel.machine.Machine;

/**
 * Simple lists of a running scenario's state for exports and statistics: the live DMA mappings as dma-debug tracks
 * them, each IOMMU domain with its IOVA usage and mapped page-table leaves, and each DMA channel's registers.
 * Callers hold the session's state lock ({@code EmulationSession.query}). Views use the versioned, typed API of
 * {@code org.dmaworkbench.emulation.live} instead ({@code EmulationSession.liveState()}).
 */
public final class LiveState {

    /** One translated page of an IOMMU domain, as the hardware walk finds it in emulated RAM. */
    public record PageMapping(long iova, long physical, long pte, int level, long blockSize, String prot) {
    }

    /** An IOMMU domain: its devices, the IOVA allocator's view of the space, and the mapped pages. */
    public record DomainState(String name, List<String> devices, long iovaSpaceBytes, long iovaBytesUsed,
            double fragmentation, List<PageMapping> pages) {
    }

    /** A DMA controller channel's programming and progress. */
    public record ChannelState(String name, String state, int sar, int dar, int tcr, int chcr, long bytesMoved,
            String lastError) {
    }

    private LiveState() {
    }

    /**
     * The live mappings of dma-debug in {@code dump} order, read from its entries; empty when dma-debug is off or
     * under 4.9 (which has no dump file).
     *
     * @deprecated views read {@code EmulationSession.liveState()} (org.dmaworkbench.emulation.live): typed rows
     *             with versions, deltas, lifetimes and stacks
     */
    @Deprecated
    public static List<LiveMapping> mappings(Machine machine) {
        DmaDebug debug = machine.dmaDebug();
        return debug == null ? List.of() : DmaApiDump.entries(debug);
    }

    public static List<ChannelState> channels(Platform platform) {
        List<ChannelState> out = new ArrayList<>();
        for (RcarDmac dmac : platform.dmacs()) {
            String dev = platform.devices().stream().filter(d -> d.model() == dmac).map(PlatformDevice::devName)
                    .findFirst().orElse("dmac");
            for (int i = 0; i < dmac.channelCount(); i++) {
                RcarDmacChannel c = dmac.channel(i);
                out.add(new ChannelState(dev + ".ch" + i, c.state().name().toLowerCase(), c.sar(), c.dar(), c.tcr(),
                        c.chcr(), c.bytesMoved(), c.lastError()));
            }
        }
        return out;
    }

    public static List<DomainState> domains(Machine machine, Platform platform) {
        Map<IommuDomain, List<Device>> byDomain = new IdentityHashMap<>();
        for (Device d : machine.devices()) {
            if (d.iommuDomain() != null) {
                byDomain.computeIfAbsent(d.iommuDomain(), k -> new ArrayList<>()).add(d);
            }
        }
        List<DomainState> out = new ArrayList<>();
        for (Map.Entry<IommuDomain, List<Device>> e : byDomain.entrySet()) {
            out.add(domain(e.getKey(), e.getValue(), platform));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static DomainState domain(IommuDomain domain, List<Device> devices, Platform platform) {
        List<long[]> used = new ArrayList<>();
        long space;
        ArmIommuMapping arm = devices.stream().map(Device::armIommuMapping).filter(m -> m != null).findFirst().orElse(null);
        long granule = domain.minPageSize();
        long lo;
        if (arm != null) {
            lo = arm.base();
            // the window: extensions bitmaps of bits pages each, allocated on demand (arm_iommu_create_mapping)
            space = (long) arm.bits() * granule * Math.max(1, arm.extensions());
            long start = -1;
            for (long iova = lo; iova < lo + space; iova += granule) {
                boolean a = arm.isAllocated(iova);
                if (a && start < 0) {
                    start = iova;
                } else if (!a && start >= 0) {
                    used.add(new long[] { start, iova - 1 });
                    start = -1;
                }
            }
            if (start >= 0) {
                used.add(new long[] { start, lo + space - 1 });
            }
        } else {
            lo = domain.apertureStart();
            space = domain.apertureEnd() - domain.apertureStart() + 1;
            IovaDomain iovad = domain.iovaCookie();
            if (iovad != null) {
                long shift = iovad.shift();
                for (IovaDomain.Iova r : iovad.ranges()) {
                    used.add(new long[] { r.pfnLo() << shift, ((r.pfnHi() + 1) << shift) - 1 });
                }
            }
        }
        long usedBytes = 0;
        long largestFree = 0;
        long cursor = lo;
        for (long[] r : used) {
            usedBytes += r[1] - r[0] + 1;
            largestFree = Math.max(largestFree, r[0] - cursor);
            cursor = Math.max(cursor, r[1] + 1);
        }
        largestFree = Math.max(largestFree, lo + space - cursor);
        long free = space - usedBytes;
        double fragmentation = free <= 0 || used.isEmpty() ? 0 : 1.0 - (double) largestFree / free;
        List<PageMapping> pages = new ArrayList<>();
        IoPgtable pt = domain.pgtable();
        if (pt != null) {
            IoPgtableWalker.Result w = new IoPgtableWalker.Result();
            for (long[] r : used) {
                for (long iova = r[0]; iova <= r[1]; iova += granule) {
                    if (IoPgtableWalker.walk(platform.bus(), pt.cfg(), pt.pgd(), iova, w) && w.translated()) {
                        pages.add(new PageMapping(iova, w.outputAddress, w.pte, w.level, w.blockSize, IommuProt.format(w.prot)));
                    }
                }
            }
        }
        return new DomainState(domain.name(), devices.stream().map(Device::name).toList(), space, usedBytes, fragmentation,
                pages);
    }
}
