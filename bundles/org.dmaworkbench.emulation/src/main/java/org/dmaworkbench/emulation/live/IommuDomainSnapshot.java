package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * An IOMMU domain at one version: which IPMMU context runs it and how that context is programmed, the devices
 * attached with their micro-TLBs, the IOTLB it fills, and its page table (read lazily, see {@link PageTable}).
 *
 * @param name      the domain's name, e.g. {@code e6740000.iommu:domain0}
 * @param type      {@code IOMMU_DOMAIN_*}: {@code DMA} (dma-iommu), {@code UNMANAGED} (the ARM mapping)...
 * @param iommu     the IPMMU device whose driver owns the domain (the leaf on R-Car Gen3)
 * @param rootIommu the IPMMU whose context registers translate (the IPMMU-MM on Gen3, the same one on Gen2)
 * @param context   the context number on {@code rootIommu}, -1 before the first attach
 * @param registers the context registers, null when the domain has no context
 * @param devices   the attached devices ({@code dev_name()})
 * @param microTlbs each attached device's micro-TLBs
 * @param iotlb     the IOTLB of {@code iommu} with this context's entries, null when unknown
 * @param pageTable the page table, null for a domain without one
 * @param apertureStart the first IOVA the domain's allocator hands out (the ARM mapping's base, else the
 *                  domain's aperture start)
 * @param apertureSize  bytes of IOVA space from there (the ARM mapping's window, else the aperture); 0 unknown
 */
public record IommuDomainSnapshot(String name, String type, String iommu, String rootIommu, int context,
        ContextRegisters registers, List<String> devices, List<MicroTlb> microTlbs, IotlbSnapshot iotlb,
        PageTable pageTable, long apertureStart, long apertureSize) {

    public IommuDomainSnapshot {
        devices = List.copyOf(devices);
        microTlbs = List.copyOf(microTlbs);
    }

    /** A domain whose IOVA window is not known. */
    public IommuDomainSnapshot(String name, String type, String iommu, String rootIommu, int context,
            ContextRegisters registers, List<String> devices, List<MicroTlb> microTlbs, IotlbSnapshot iotlb,
            PageTable pageTable) {
        this(name, type, iommu, rootIommu, context, registers, devices, microTlbs, iotlb, pageTable, 0, 0);
    }

    /**
     * The IPMMU context registers as ipmmu-vmsa.c programs them ({@code ipmmu_domain_setup_context()}), read from
     * the register file of the root IPMMU.
     */
    public record ContextRegisters(int imctr, int imttbcr, int imttlbr0, int imttubr0, int immair0, int imbuscr,
            int imstr, int imelar, int imeuar) {

        /** The table base IMTTUBR0:IMTTLBR0 (40 bits). */
        public long ttbr() {
            return (long) (imttubr0 & 0xff) << 32 | imttlbr0 & 0xffffffffL;
        }

        /** TTBCR is IMTTBCR; MAIR is IMMAIR0 (the IPMMU has one MAIR register per context). */
        public int ttbcr() {
            return imttbcr;
        }

        public int mair() {
            return immair0;
        }
    }

    /**
     * One micro-TLB of an attached device: IMUCTR as programmed ({@code ipmmu_utlb_enable()}: TTSEL selects the
     * context, MMUEN turns translation on).
     */
    public record MicroTlb(String device, int utlb, int imuctr, boolean enabled, int context) {
    }

    /**
     * The IPMMU's TLB: its entries for the domain's context and the instance's counters (shared by all contexts
     * of the instance).
     */
    public record IotlbSnapshot(String iommu, int capacity, long hits, long misses, long flushes,
            List<IotlbEntry> entries) {

        public IotlbSnapshot {
            entries = List.copyOf(entries);
        }

        /** hits / lookups, NaN before the first lookup */
        public double hitRate() {
            long n = hits + misses;
            return n == 0 ? Double.NaN : (double) hits / n;
        }
    }

    /** One IOTLB entry: a 4 KiB IOVA page and the physical page it translates to. */
    public record IotlbEntry(int slot, int context, long iova, long physical, boolean readOnly) {
    }
}
