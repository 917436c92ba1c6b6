package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.DmaChannelSnapshot;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.IommuFaultRecord;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.TransferTimeline;

/**
 * The lanes of the transfer timeline for one snapshot: one per DMA channel that ran or that a client holds, then one
 * per device with mappings (their lifetimes), with the markers to draw on them (dma-debug errors, IOMMU faults) and
 * the extent of virtual time the data covers.
 *
 * @param lanes         the lanes, channels first
 * @param laneOfChannel for each channel index of the timeline, its lane (-1: none)
 * @param markers       errors and faults, in time order
 * @param startNs       the earliest time with data
 * @param endNs         the latest (the snapshot's time at least)
 */
public record TimelineLayout(List<Lane> lanes, int[] laneOfChannel, List<Marker> markers, long startNs, long endNs) {

    public TimelineLayout {
        lanes = List.copyOf(lanes);
        markers = List.copyOf(markers);
    }

    /** What a lane shows. */
    public enum LaneKind {
        CHANNEL, MAPPINGS
    }

    /**
     * @param kind    channel runs or a device's mapping lifetimes
     * @param name    the channel ({@code e6700000.dma-controller.ch1}) or the device
     * @param label   what the lane's header says: the channel and its client, or the device
     * @param channel the channel's index in the timeline, -1 for a mappings lane
     */
    public record Lane(LaneKind kind, String name, String label, int channel) {
    }

    /** What a marker marks. */
    public enum MarkerKind {
        /** a dma-debug error */
        DMA_DEBUG_ERROR,
        /** an IOMMU fault */
        IOMMU_FAULT
    }

    /**
     * @param timeNs when
     * @param lane   the lane it is drawn on
     * @param kind   what it is
     * @param text   its one-line summary
     */
    public record Marker(long timeNs, int lane, MarkerKind kind, String text) {
    }

    /** The number of channel lanes (they come first). */
    public int channelLanes() {
        return (int) lanes.stream().filter(l -> l.kind() == LaneKind.CHANNEL).count();
    }

    /** The lane of a device's mappings, -1 when none. */
    public int mappingLane(String device) {
        for (int i = 0; i < lanes.size(); i++) {
            if (lanes.get(i).kind() == LaneKind.MAPPINGS && lanes.get(i).name().equals(device)) {
                return i;
            }
        }
        return -1;
    }

    public static TimelineLayout of(LiveStateSnapshot s) {
        TransferTimeline tl = s.transfers();
        List<String> names = tl.channelNames();
        boolean[] used = new boolean[names.size()];
        Map<String, String> clients = new LinkedHashMap<>();
        for (int i = 0; i < tl.size(); i++) {
            int c = tl.channelIndex(i);
            if (!used[c]) {
                used[c] = true;
                clients.put(names.get(c), tl.client(i));
            }
        }
        for (DmaChannelSnapshot ch : s.channels()) {
            int c = names.indexOf(ch.name());
            if (c >= 0 && !ch.client().isEmpty()) {
                used[c] = true;
                clients.put(ch.name(), ch.client());
            }
        }
        List<Lane> lanes = new ArrayList<>();
        int[] laneOf = new int[names.size()];
        Arrays.fill(laneOf, -1);
        for (int c = 0; c < names.size(); c++) {
            if (used[c]) {
                laneOf[c] = lanes.size();
                String client = clients.getOrDefault(names.get(c), "");
                lanes.add(new Lane(LaneKind.CHANNEL, names.get(c), names.get(c) + (client.isEmpty() ? " (memcpy)"
                        : " \u2190 " + client), c));
            }
        }
        long start = Long.MAX_VALUE;
        long end = s.timeNs();
        if (tl.size() > 0) {
            start = tl.startNs(0);
            for (int i = Math.max(0, tl.size() - 64); i < tl.size(); i++) {
                end = Math.max(end, tl.endNs(i));
            }
        }
        if (s.has(Availability.MAPPINGS) && s.has(Availability.MAP_TIMES)) {
            MappingHistory h = s.history();
            Set<String> devs = new LinkedHashSet<>();
            for (int i = 0; i < h.size(); i++) {
                devs.add(h.device(i));
                long t = h.mapTimeNs(i);
                if (t != org.dmaworkbench.emulation.live.Mapping.UNKNOWN_TIME) {
                    start = Math.min(start, t);
                }
            }
            for (String d : devs) {
                lanes.add(new Lane(LaneKind.MAPPINGS, d, d + " mappings", -1));
            }
        }
        List<Marker> markers = new ArrayList<>();
        TimelineLayout partial = new TimelineLayout(lanes, laneOf, List.of(), 0, 0);
        for (DmaErrorRecord e : s.errors()) {
            if (e.timeNs() == org.dmaworkbench.emulation.live.Mapping.UNKNOWN_TIME) {
                continue;
            }
            int lane = partial.mappingLane(e.device());
            markers.add(new Marker(e.timeNs(), lane, MarkerKind.DMA_DEBUG_ERROR, e.summary()));
        }
        for (IommuFaultRecord f : s.faults()) {
            markers.add(new Marker(f.timeNs(), partial.mappingLane(f.device()), MarkerKind.IOMMU_FAULT, f.text()));
        }
        markers.sort((a, b) -> Long.compare(a.timeNs(), b.timeNs()));
        if (start == Long.MAX_VALUE) {
            start = 0;
        }
        return new TimelineLayout(lanes, laneOf, markers, Math.min(start, end), Math.max(end, start + 1));
    }
}
