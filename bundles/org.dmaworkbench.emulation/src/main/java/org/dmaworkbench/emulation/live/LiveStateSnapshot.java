package org.dmaworkbench.emulation.live;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a view shows, at one version, immutable: the live mappings, their history, dma-debug's errors, the
 * IOMMU domains, the DMA channels and the transfer timeline. Taken between two emulation steps
 * ({@link LiveStateModel#snapshot()}); reading it never touches the emulation, except the page tables, which are
 * read lazily on demand ({@link PageTable}).
 * <p>
 * What the source cannot give (a replayed capture has no page tables, stacks or transfers) is listed in
 * {@link #missing()} with the reason; those parts are empty.
 *
 * @param version   the live-state version: grows with every recorded change; pass it to
 *                  {@link LiveStateModel#delta} to get what changed since
 * @param timeNs    virtual time of the snapshot (for a replay: the last timestamp of the capture)
 * @param source    what produced it, e.g. {@code emulation of builtin:default.dmascn} or {@code replay of t.txt}
 * @param missing   what this source lacks, with a sentence saying why
 * @param mappings  the live mappings
 * @param history   every mapping kept, live or unmapped, with lifetimes
 * @param errors    the error records kept, oldest first
 * @param errorsDropped error records dropped to keep the list bounded
 * @param iommus    the IOMMU domains in use
 * @param channels  every DMA channel
 * @param transfers the transfer timeline
 * @param faults    the IOMMU faults kept (the newest {@link LiveStateConfig#errorHistory()}), oldest first
 */
public record LiveStateSnapshot(long version, long timeNs, String source, Map<Availability, String> missing,
        MappingTable mappings, MappingHistory history, List<DmaErrorRecord> errors, long errorsDropped,
        List<IommuDomainSnapshot> iommus, List<DmaChannelSnapshot> channels, TransferTimeline transfers,
        List<IommuFaultRecord> faults) {

    public LiveStateSnapshot {
        missing = Map.copyOf(missing);
        iommus = List.copyOf(iommus);
        channels = List.copyOf(channels);
        faults = List.copyOf(faults);
    }

    /** A snapshot without IOMMU fault records. */
    public LiveStateSnapshot(long version, long timeNs, String source, Map<Availability, String> missing,
            MappingTable mappings, MappingHistory history, List<DmaErrorRecord> errors, long errorsDropped,
            List<IommuDomainSnapshot> iommus, List<DmaChannelSnapshot> channels, TransferTimeline transfers) {
        this(version, timeNs, source, missing, mappings, history, errors, errorsDropped, iommus, channels, transfers,
                List.of());
    }

    /** What this snapshot has. */
    public Set<Availability> available() {
        EnumSet<Availability> s = EnumSet.allOf(Availability.class);
        s.removeAll(missing.keySet());
        return s;
    }

    public boolean has(Availability a) {
        return !missing.containsKey(a);
    }

    /** The error records that concern mapping {@code id}, oldest first. */
    public List<DmaErrorRecord> errorsOf(long mappingId) {
        return errors.stream().filter(e -> e.mappingId() == mappingId).toList();
    }
}
