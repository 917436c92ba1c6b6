package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


/**
 * Everything the Properties view shows for one mapping, computed off the UI thread: the mapping itself (every
 * field and the whole "Mapped at" stack), whether it leaked, its errors, the IOMMU domain of its device with the
 * page-table walk of each IOVA page it covers (read from emulated RAM now), and, for a mapping of a device's
 * registers ({@code resource}, or any CPU address inside a register window), the register it targets.
 *
 * @param mapping       the mapping (live or unmapped)
 * @param leaked        whether it was live when its device's driver was unbound
 * @param callSite      its innermost driver frame ({@link CallSites}), "" when unknown
 * @param errors        the error records about it, oldest first
 * @param domain        the IOMMU domain of its device, null when it has none (dma-direct, or a capture)
 * @param walks         per IOVA page of the mapping (at most {@code maxPages}), the page-table walk; empty without
 *                      a domain or page table
 * @param pagesNotShown pages of the mapping beyond those walked
 * @param stale         whether the page table changed since the snapshot (the walks show it as it is now)
 * @param target        the device register the CPU address hits, empty for RAM
 */
public record MappingDetails(Mapping mapping, boolean leaked, String callSite, List<DmaErrorRecord> errors,
        IommuDomainSnapshot domain, List<PageWalk> walks, long pagesNotShown, boolean stale,
        Optional<MmioTarget> target) {

    public MappingDetails {
        errors = List.copyOf(errors);
        walks = List.copyOf(walks);
    }

    /**
     * The walk of one IOVA page: the descriptors read, from the first level to the leaf (or the entry that
     * faults), and the physical address the page translates to, -1 on a fault.
     */
    public record PageWalk(long iova, List<PageTableEntry> levels, long physical) {
        public PageWalk {
            levels = List.copyOf(levels);
        }

        /** The last descriptor read: the leaf, or the one that ends the walk. */
        public PageTableEntry last() {
            return levels.get(levels.size() - 1);
        }
    }

    /**
     * The details of mapping {@code id} of {@code s} (live or in its history), or empty when the snapshot no longer
     * has it. Reads page tables from emulated memory (each read briefly takes the session's lock).
     *
     * @param maxPages how many IOVA pages to walk at most
     */
    public static Optional<MappingDetails> of(LiveStateModel model, LiveStateSnapshot s, long id, int maxPages) {
        Optional<Mapping> found = s.mappings().byId(id);
        if (found.isEmpty()) {
            MappingHistory h = s.history();
            int i = h.indexOfId(id);
            found = i < 0 ? Optional.empty() : Optional.of(h.row(i));
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Mapping m = found.get();
        boolean leaked = s.mappings().names.isLeaked(id);
        IommuDomainSnapshot domain = null;
        for (IommuDomainSnapshot d : s.iommus()) {
            if (d.devices().contains(m.device())) {
                domain = d;
                break;
            }
        }
        List<PageWalk> walks = new ArrayList<>();
        long notShown = 0;
        boolean stale = false;
        if (domain != null && domain.pageTable() != null) {
            PageTable pt = domain.pageTable();
            long first = m.dmaAddr() & ~0xfffL;
            long last = (m.dmaAddr() + Math.max(m.size(), 1) - 1) & ~0xfffL;
            long pages = ((last - first) >>> 12) + 1;
            for (long p = 0; p < Math.min(pages, maxPages); p++) {
                long iova = first + (p << 12);
                List<PageTableEntry> levels = pt.walk(iova);
                PageTableEntry leaf = levels.get(levels.size() - 1);
                long pa = leaf.isLeaf() ? leaf.outputAddress() + (iova - leaf.iova()) : -1;
                walks.add(new PageWalk(iova, levels, pa));
            }
            notShown = Math.max(0, pages - maxPages);
            stale = pt.isStale();
        }
        // a resource mapping's CPU address is a register; any other that hits a register window is shown too
        Optional<MmioTarget> target = model.mmioTarget(m.cpuPhys());
        return Optional.of(new MappingDetails(m, leaked, CallSites.of(m.stack()), s.errorsOf(id), domain, walks,
                notShown, stale, target));
    }
}
