package org.dmaworkbench.hw.iommu.pgtable;

/**
 * struct io_pgtable_cfg (include/linux/io-pgtable.h): what the IOMMU driver asks for (format, quirks, page sizes,
 * input/output address sizes, coherent walk) and, in the copy {@link IoPgtable#cfg()} returns after allocation,
 * what the allocator really provides (restricted page sizes and address sizes) plus the register values the driver
 * programs: TTBR/TCR/MAIR for LPAE stage 1, VTTBR/VTCR for stage 2, TTBR/TCR/NMRR/PRRR for v7s.
 * <p>
 * Instances are immutable; {@link Builder} makes the request.
 */
public final class IoPgtableConfig {
    /** IO_PGTABLE_QUIRK_ARM_NS: set NS and NSTABLE in stage-1 PTEs (the IPMMU faults otherwise). */
    public static final long QUIRK_ARM_NS = 1L << 0;
    /** IO_PGTABLE_QUIRK_NO_PERMS: (v7s) ignore READ/WRITE/NOEXEC and map with full access. */
    public static final long QUIRK_NO_PERMS = 1L << 1;
    /** IO_PGTABLE_QUIRK_ARM_TTBR1: (LPAE) the table covers the upper half of a split address space. */
    public static final long QUIRK_ARM_TTBR1 = 1L << 5;
    /** IO_PGTABLE_QUIRK_ARM_OUTER_WBWA: outer write-back for a non-coherent walker. */
    public static final long QUIRK_ARM_OUTER_WBWA = 1L << 6;
    /** IO_PGTABLE_QUIRK_ARM_HD: stage-1 dirty tracking (DBM). */
    public static final long QUIRK_ARM_HD = 1L << 7;

    public static final long SZ_4K = 1L << 12;
    public static final long SZ_16K = 1L << 14;
    public static final long SZ_64K = 1L << 16;
    public static final long SZ_1M = 1L << 20;
    public static final long SZ_2M = 1L << 21;
    public static final long SZ_16M = 1L << 24;
    public static final long SZ_32M = 1L << 25;
    public static final long SZ_512M = 1L << 29;
    public static final long SZ_1G = 1L << 30;

    /** The stage-1 TCR fields the kernel fills in (arm_lpae_s1_cfg.tcr). */
    public record LpaeS1Tcr(int ips, int tg, int sh, int orgn, int irgn, int tsz) {
        /**
         * @return the fields packed at their AArch64 TCR_EL1 TTBR0 positions: T0SZ[5:0], IRGN0[9:8], ORGN0[11:10],
         *         SH0[13:12], TG0[15:14], IPS[34:32] (the layout arm-smmu's arm_smmu_lpae_tcr() also uses for the
         *         low half)
         */
        public long value() {
            return (tsz & 0x3fL) | ((irgn & 3L) << 8) | ((orgn & 3L) << 10) | ((sh & 3L) << 12) | ((tg & 3L) << 14)
                    | ((ips & 7L) << 32);
        }
    }

    /** The stage-2 VTCR fields the kernel fills in (arm_lpae_s2_cfg.vtcr). */
    public record LpaeS2Vtcr(int ps, int tg, int sh, int orgn, int irgn, int sl, int tsz) {
        /** @return VTCR_EL2 layout: T0SZ[5:0], SL0[7:6], IRGN0[9:8], ORGN0[11:10], SH0[13:12], TG0[15:14], PS[18:16] */
        public long value() {
            return (tsz & 0x3fL) | ((sl & 3L) << 6) | ((irgn & 3L) << 8) | ((orgn & 3L) << 10) | ((sh & 3L) << 12)
                    | ((tg & 3L) << 14) | ((ps & 7L) << 16);
        }
    }

    private final IoPgtableFormat format;
    private final long quirks;
    private final long pgsizeBitmap;
    private final int ias;
    private final int oas;
    private final boolean coherentWalk;

    // outputs, set only on the copy made by allocation
    private final boolean allocated;
    private final long ttbr;
    private final LpaeS1Tcr tcr;
    private final LpaeS2Vtcr vtcr;
    private final long mair;
    private final int v7sTcr;
    private final int nmrr;
    private final int prrr;
    private final int startLevel;
    private final int bitsPerLevel;
    private final int pgdBits;

    private IoPgtableConfig(IoPgtableFormat format, long quirks, long pgsizeBitmap, int ias, int oas,
            boolean coherentWalk, boolean allocated, long ttbr, LpaeS1Tcr tcr, LpaeS2Vtcr vtcr, long mair, int v7sTcr,
            int nmrr, int prrr, int startLevel, int bitsPerLevel, int pgdBits) {
        this.format = format;
        this.quirks = quirks;
        this.pgsizeBitmap = pgsizeBitmap;
        this.ias = ias;
        this.oas = oas;
        this.coherentWalk = coherentWalk;
        this.allocated = allocated;
        this.ttbr = ttbr;
        this.tcr = tcr;
        this.vtcr = vtcr;
        this.mair = mair;
        this.v7sTcr = v7sTcr;
        this.nmrr = nmrr;
        this.prrr = prrr;
        this.startLevel = startLevel;
        this.bitsPerLevel = bitsPerLevel;
        this.pgdBits = pgdBits;
    }

    /** @return a builder with the format's usual defaults (see {@link Builder}) */
    public static Builder builder(IoPgtableFormat format) {
        return new Builder(format);
    }

    /**
     * The request ipmmu_domain_init_context() (drivers/iommu/ipmmu-vmsa.c) makes: ARM_32_LPAE_S1, ias 32, oas 40,
     * SZ_1G|SZ_2M|SZ_4K, IO_PGTABLE_QUIRK_ARM_NS, non-coherent walk.
     */
    public static IoPgtableConfig ipmmuVmsa() {
        return builder(IoPgtableFormat.ARM_32_LPAE_S1).ias(32).oas(40).pgsizeBitmap(SZ_1G | SZ_2M | SZ_4K)
                .quirks(QUIRK_ARM_NS).coherentWalk(false).build();
    }

    IoPgtableConfig allocatedLpae(long pgsizeBitmap, int ias, int oas, long ttbr, LpaeS1Tcr tcr, LpaeS2Vtcr vtcr,
            long mair, int startLevel, int bitsPerLevel, int pgdBits) {
        return new IoPgtableConfig(format, quirks, pgsizeBitmap, ias, oas, coherentWalk, true, ttbr, tcr, vtcr, mair,
                0, 0, 0, startLevel, bitsPerLevel, pgdBits);
    }

    IoPgtableConfig allocatedV7s(long pgsizeBitmap, long ttbr, int nmrr, int prrr) {
        return new IoPgtableConfig(format, quirks, pgsizeBitmap, ias, oas, coherentWalk, true, ttbr, null, null, 0, 0,
                nmrr, prrr, 1, 8, ias - 20);
    }

    public IoPgtableFormat format() {
        return format;
    }

    public long quirks() {
        return quirks;
    }

    public boolean hasQuirk(long quirk) {
        return (quirks & quirk) != 0;
    }

    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    public int ias() {
        return ias;
    }

    public int oas() {
        return oas;
    }

    public boolean coherentWalk() {
        return coherentWalk;
    }

    /** @return true for the copy returned by {@link IoPgtable#cfg()}, whose outputs are filled in */
    public boolean isAllocated() {
        return allocated;
    }

    /**
     * @return arm_lpae_s1_cfg.ttbr (the pgd address), arm_lpae_s2_cfg.vttbr, or arm_v7s_cfg.ttbr (pgd address ORed
     *         with the S/NOS/RGN attribute bits)
     */
    public long ttbr() {
        return ttbr;
    }

    /** @return arm_lpae_s1_cfg.tcr, or null for other formats */
    public LpaeS1Tcr tcr() {
        return tcr;
    }

    /** @return arm_lpae_s2_cfg.vtcr, or null for other formats */
    public LpaeS2Vtcr vtcr() {
        return vtcr;
    }

    /** @return arm_lpae_s1_cfg.mair (0 for other formats) */
    public long mair() {
        return mair;
    }

    /** @return arm_v7s_cfg.tcr (always 0: T0SZ=0, EAE=0) */
    public int v7sTcr() {
        return v7sTcr;
    }

    /** @return arm_v7s_cfg.nmrr */
    public int nmrr() {
        return nmrr;
    }

    /** @return arm_v7s_cfg.prrr */
    public int prrr() {
        return prrr;
    }

    /** @return the first level walked: 0..3 for LPAE, 1 for v7s */
    public int startLevel() {
        return startLevel;
    }

    /** @return index bits per level below the first (LPAE: granule shift - 3; v7s: 8) */
    public int bitsPerLevel() {
        return bitsPerLevel;
    }

    /** @return index bits of the first-level table (LPAE pgd_bits, including stage-2 concatenation; v7s ias-20) */
    public int pgdBits() {
        return pgdBits;
    }

    /** @return the LPAE translation granule in bytes (4K, 16K, 64K); 4K for v7s */
    public long granule() {
        return format.isLpae() ? 8L << bitsPerLevel : SZ_4K;
    }

    /** @return the number of levels walked */
    public int levels() {
        return format.isLpae() ? 4 - startLevel : 2;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(format).append(String.format(": ias %d, oas %d, pgsize_bitmap 0x%x, quirks 0x%x, %s walk", ias, oas,
                pgsizeBitmap, quirks, coherentWalk ? "coherent" : "non-coherent"));
        if (allocated) {
            sb.append(String.format(", ttbr 0x%x", ttbr));
            if (tcr != null) {
                sb.append(String.format(", tcr %s, mair 0x%x", tcr, mair));
            }
            if (vtcr != null) {
                sb.append(", vtcr ").append(vtcr);
            }
            if (format == IoPgtableFormat.ARM_V7S) {
                sb.append(String.format(", tcr 0x%x, nmrr 0x%08x, prrr 0x%08x", v7sTcr, nmrr, prrr));
            }
        }
        return sb.toString();
    }

    /**
     * Builds a request. Defaults: ARM_32_LPAE_S1 ias 32/oas 40, ARM_32_LPAE_S2 40/40, ARM_64_LPAE_* 48/48, all
     * with SZ_4K|SZ_2M|SZ_1G; ARM_V7S 32/32 with SZ_4K|SZ_64K|SZ_1M|SZ_16M; no quirks; coherent walk.
     */
    public static final class Builder {
        private final IoPgtableFormat format;
        private long quirks;
        private long pgsizeBitmap;
        private int ias;
        private int oas;
        private boolean coherentWalk = true;

        private Builder(IoPgtableFormat format) {
            if (format == null) {
                throw new IllegalArgumentException("no page table format given");
            }
            this.format = format;
            switch (format) {
            case ARM_32_LPAE_S1:
                ias = 32;
                oas = 40;
                break;
            case ARM_32_LPAE_S2:
                ias = 40;
                oas = 40;
                break;
            case ARM_V7S:
                ias = 32;
                oas = 32;
                break;
            default:
                ias = 48;
                oas = 48;
                break;
            }
            pgsizeBitmap = format == IoPgtableFormat.ARM_V7S ? SZ_4K | SZ_64K | SZ_1M | SZ_16M : SZ_4K | SZ_2M | SZ_1G;
        }

        public Builder quirks(long quirks) {
            this.quirks = quirks;
            return this;
        }

        public Builder pgsizeBitmap(long pgsizeBitmap) {
            this.pgsizeBitmap = pgsizeBitmap;
            return this;
        }

        public Builder ias(int ias) {
            this.ias = ias;
            return this;
        }

        public Builder oas(int oas) {
            this.oas = oas;
            return this;
        }

        public Builder coherentWalk(boolean coherentWalk) {
            this.coherentWalk = coherentWalk;
            return this;
        }

        public IoPgtableConfig build() {
            return new IoPgtableConfig(format, quirks, pgsizeBitmap, ias, oas, coherentWalk, false, 0, null, null, 0, 0,
                    0, 0, 0, 0, 0);
        }
    }
}
