package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.live.DmaChannelSnapshot;
import org.dmaworkbench.emulation.live.IommuDomainSnapshot;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.TransferTimeline;

/**
 * What the timeline's hover says about one DMA run: channel, client, direction, times, bytes, the source and
 * destination as the channel saw them (IOVAs behind an IOMMU) and as physical addresses, and the descriptor's chunk
 * chain. The physical address is the one the mapping live at the run's start gave: dma-debug's record of the
 * mapping of the DMA controller that held that IOVA then ({@code cpuPhys + (iova - dmaAddr)}); without an IOMMU the
 * DMA address is the physical address.
 */
public final class TransferDetails {
    private TransferDetails() {
    }

    /** The lines of the hover of row {@code i} of the snapshot's timeline. */
    public static List<String> describe(LiveStateSnapshot s, int i) {
        TransferTimeline tl = s.transfers();
        List<String> out = new ArrayList<>();
        String ch = tl.channel(i);
        String ctrl = controller(ch);
        out.add(String.format("%s  run #%d  %s", ch, tl.id(i), tl.status(i).name().toLowerCase()));
        out.add("client: " + (tl.client(i).isEmpty() ? "none (memcpy)" : tl.client(i)) + ", " + tl.direction(i));
        long end = tl.endNs(i);
        out.add(String.format("time: %s .. %s (%s)", Ns.format(tl.startNs(i)),
                end < 0 ? "running" : Ns.format(end), end < 0 ? "running" : Ns.duration(end - tl.startNs(i))));
        out.add(String.format("bytes: %d of %d", tl.bytes(i), tl.plannedBytes(i)));
        out.add("source: " + address(s, ctrl, tl.srcIova(i), tl.startNs(i)));
        out.add("destination: " + address(s, ctrl, tl.dstIova(i), tl.startNs(i)));
        DmaChannelSnapshot.Descriptor d = tl.descriptor(i);
        if (d == null) {
            out.add("descriptor: not kept");
        } else {
            out.add(String.format("descriptor: cookie %d, %s, %d bytes, %d chunk%s%s", d.cookie(), d.direction(),
                    d.bytes(), d.chunks().size(), d.chunks().size() == 1 ? "" : "s",
                    d.hwDescriptors() ? ", hardware descriptor list" : ""));
            int n = 0;
            for (DmaChannelSnapshot.Chunk c : d.chunks()) {
                if (n++ == 8) {
                    out.add(String.format("  ... %d more", d.chunks().size() - 8));
                    break;
                }
                out.add(String.format("  0x%08x -> 0x%08x  %d bytes", c.src(), c.dst(), c.bytes()));
            }
        }
        return out;
    }

    /** {@code e6700000.dma-controller} of {@code e6700000.dma-controller.ch1}. */
    public static String controller(String channel) {
        int dot = channel.lastIndexOf(".ch");
        return dot < 0 ? channel : channel.substring(0, dot);
    }

    /** "IOVA 0x40008000 -> phys 0xe6e6000c" or "0x... (no IOMMU: physical)". */
    public static String address(LiveStateSnapshot s, String device, long dma, long timeNs) {
        boolean behindIommu = false;
        for (IommuDomainSnapshot d : s.iommus()) {
            behindIommu |= d.devices().contains(device);
        }
        if (!behindIommu) {
            return String.format("0x%x (no IOMMU: the physical address)", dma);
        }
        long phys = physicalAt(s.history(), device, dma, timeNs);
        return phys < 0 ? String.format("IOVA 0x%x -> no mapping of %s held it then", dma, device)
                : String.format("IOVA 0x%x -> phys 0x%x", dma, phys);
    }

    /**
     * The physical address {@code dma} stood for at {@code timeNs}, from the mapping of {@code device} live then
     * that holds it; -1 when none.
     */
    public static long physicalAt(MappingHistory h, String device, long dma, long timeNs) {
        for (int i = h.size() - 1; i >= 0; i--) {
            long a = h.dmaAddr(i);
            if (dma - a < 0 || dma - a >= h.size(i) || !h.device(i).equals(device)) {
                continue;
            }
            long map = h.mapTimeNs(i);
            long unmap = h.unmapTimeNs(i);
            if ((map == Mapping.UNKNOWN_TIME || map <= timeNs) && (unmap == Mapping.LIVE || unmap > timeNs)) {
                return h.cpuPhys(i) + (dma - a);
            }
        }
        return -1;
    }
}
