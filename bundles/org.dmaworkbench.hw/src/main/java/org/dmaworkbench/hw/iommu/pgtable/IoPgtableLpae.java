package org.dmaworkbench.hw.iommu.pgtable;

import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_16K;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_1G;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_2M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_32M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_4K;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_512M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_64K;

import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.hw.mem.RamPage;

/**
 * The ARM LPAE (VMSAv8-64 long-descriptor) formats ARM_32_LPAE_S1/S2 and ARM_64_LPAE_S1/S2 with 4K, 16K and 64K
 * granules, behaving as drivers/iommu/io-pgtable-arm.c of Linux 6.12 (arm_lpae_map_pages, arm_lpae_unmap_pages
 * with block splitting, arm_lpae_iova_to_phys, and the arm_*_lpae_alloc_pgtable_* configuration code). PTE values,
 * table layout, the order of stores, TLB callbacks and return values match the kernel; the non-coherent-walk
 * software bit ARM_LPAE_PTE_SW_SYNC is set on table entries as the kernel sets it.
 */
public final class IoPgtableLpae extends IoPgtable {
    static final int MAX_LEVELS = 4;
    static final int MAX_ADDR_BITS = 52;
    static final int S2_MAX_CONCAT_PAGES = 16;

    // PTE bits (io-pgtable-arm.c)
    public static final long PTE_TYPE_MASK = 0x3L;
    public static final long PTE_TYPE_BLOCK = 1L;
    public static final long PTE_TYPE_TABLE = 3L;
    public static final long PTE_TYPE_PAGE = 3L;
    public static final long PTE_ADDR_MASK = 0x0000_ffff_ffff_f000L; // GENMASK_ULL(47, 12)
    public static final long PTE_NSTABLE = 1L << 63;
    public static final long PTE_XN = 3L << 53;
    public static final long PTE_DBM = 1L << 51;
    public static final long PTE_SW_SYNC = 1L << 55;
    public static final long PTE_AF = 1L << 10;
    public static final long PTE_SH_NS = 0L << 8;
    public static final long PTE_SH_OS = 2L << 8;
    public static final long PTE_SH_IS = 3L << 8;
    public static final long PTE_NS = 1L << 5;
    public static final long PTE_VALID = 1L;
    public static final long PTE_ATTR_LO_MASK = 0x3ffL << 2;
    public static final long PTE_ATTR_HI_MASK = PTE_XN | PTE_DBM;
    public static final long PTE_ATTR_MASK = PTE_ATTR_LO_MASK | PTE_ATTR_HI_MASK;
    // stage 1
    public static final long PTE_AP_UNPRIV = 1L << 6;
    public static final long PTE_AP_RDONLY = 1L << 7;
    public static final int PTE_ATTRINDX_SHIFT = 2;
    public static final long PTE_NG = 1L << 11;
    // stage 2
    public static final long PTE_HAP_FAULT = 0L << 6;
    public static final long PTE_HAP_READ = 1L << 6;
    public static final long PTE_HAP_WRITE = 2L << 6;
    public static final long PTE_MEMATTR_OIWB = 0xfL << 2;
    public static final long PTE_MEMATTR_NC = 0x5L << 2;
    public static final long PTE_MEMATTR_DEV = 0x1L << 2;
    // MAIR
    public static final int MAIR_ATTR_DEVICE = 0x04;
    public static final int MAIR_ATTR_NC = 0x44;
    public static final int MAIR_ATTR_INC_OWBRWA = 0xf4;
    public static final int MAIR_ATTR_WBRWA = 0xff;
    public static final int MAIR_ATTR_IDX_NC = 0;
    public static final int MAIR_ATTR_IDX_CACHE = 1;
    public static final int MAIR_ATTR_IDX_DEV = 2;
    public static final int MAIR_ATTR_IDX_INC_OCACHE = 3;
    // TCR field values (io-pgtable-arm.h)
    public static final int TCR_TG0_4K = 0;
    public static final int TCR_TG0_64K = 1;
    public static final int TCR_TG0_16K = 2;
    public static final int TCR_TG1_16K = 1;
    public static final int TCR_TG1_4K = 2;
    public static final int TCR_TG1_64K = 3;
    public static final int TCR_SH_NS = 0;
    public static final int TCR_SH_OS = 2;
    public static final int TCR_SH_IS = 3;
    public static final int TCR_RGN_NC = 0;
    public static final int TCR_RGN_WBWA = 1;
    public static final int TCR_RGN_WT = 2;
    public static final int TCR_RGN_WB = 3;

    private int pgdBits;
    private int startLevel;
    private int bitsPerLevel;
    private final boolean stage1;
    /** Per level: the shift of the IOVA bits that index it, and the mask of the index (ARM_LPAE_LVL_SHIFT/IDX). */
    private final int[] lvlShifts = new int[MAX_LEVELS + 1];
    private final long[] lvlIdxMasks = new long[MAX_LEVELS + 1];

    /*
     * Walk cache: the last-level table serving the IOVA region wcRegion (the IOVA bits above what one last-level
     * table covers), found by following table entries at the physical addresses wcEntry[startLevel..2]. It is
     * used only while the RAM's write count is still wcGen, i.e. while nothing has been stored since those
     * entries were read except this table's own stores elsewhere, so the entries still hold what was read and
     * the walk the kernel does from the pgd would reach the same table. Reads of plain RAM have no side effect,
     * so skipping them changes nothing observable.
     */
    private long wcRegion = -1;
    private long wcTable;
    private long wcGen;
    private final long[] wcEntry = new long[MAX_LEVELS];
    /**
     * The RAM page of the last-level table the walk cache last led to ({@link PhysicalMemory#ramPage}), whose base
     * is rpBase (-1 when none): entries of that table are read and stored directly. A RAM page never moves, so
     * this stays right whatever is stored anywhere; only the walk cache needs the write count.
     */
    private long rpBase = -1;
    /** whether rp's page also holds an upper-level entry of the cached walk (only a corrupt table does) */
    private boolean rpHoldsWalk;
    /** arm_lpae_prot_to_pte() of every combination of the IommuProt flags, worked out once the config is final */
    private final long[] protPtes = new long[IommuProt.PRIV << 1];
    private static final long PAGE_OFFSET_MASK = PAGE_SIZE - 1;
    private RamPage rp;
    /** cfg's pgsize_bitmap, ias, oas and TTBR1 quirk, read on every map and unmap (set once cfg is final) */
    private long pgsizes;
    private int ias;
    private int oas;
    private boolean ttbr1;
    /** The last PTE read or stored (see {@link #memo}); memoPa -1 when none. */
    private long memoPa = -1;
    private long memoPte;
    private long memoGen;

    private IoPgtableLpae(PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb, boolean stage1) {
        super(mem, pages, tlb);
        this.stage1 = stage1;
    }

    // ---------------------------------------------------------------- allocation

    static IoPgtableLpae create(IoPgtableConfig req, PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb) {
        IoPgtableFormat fmt = req.format();
        long bitmap = req.pgsizeBitmap();
        int ias = req.ias();
        int oas = req.oas();
        if (fmt == IoPgtableFormat.ARM_32_LPAE_S1 || fmt == IoPgtableFormat.ARM_32_LPAE_S2) {
            int maxIas = fmt == IoPgtableFormat.ARM_32_LPAE_S1 ? 32 : 40;
            if (ias > maxIas || oas > 40) {
                throw new IllegalArgumentException(String.format("%s supports ias <= %d and oas <= 40 (asked ias %d, oas %d)",
                        fmt, maxIas, ias, oas));
            }
            bitmap &= SZ_4K | SZ_2M | SZ_1G;
        }
        boolean s1 = !fmt.isStage2();
        if (s1) {
            long allowed = IoPgtableConfig.QUIRK_ARM_NS | IoPgtableConfig.QUIRK_ARM_TTBR1
                    | IoPgtableConfig.QUIRK_ARM_OUTER_WBWA | IoPgtableConfig.QUIRK_ARM_HD;
            if ((req.quirks() & ~allowed) != 0) {
                throw new IllegalArgumentException(String.format("%s does not support quirks 0x%x", fmt,
                        req.quirks() & ~allowed));
            }
        } else if (req.quirks() != 0) {
            throw new IllegalArgumentException(fmt + " takes no quirks (the NS quirk doesn't apply at stage 2)");
        }

        // arm_lpae_restrict_pgsizes(), with the kernel's PAGE_SIZE of 4K
        long granule;
        long below = PAGE_SIZE - 1L;
        if ((bitmap & PAGE_SIZE) != 0) {
            granule = PAGE_SIZE;
        } else if ((bitmap & below) != 0) {
            granule = Long.highestOneBit(bitmap & below);
        } else if ((bitmap & ~below) != 0) {
            granule = Long.lowestOneBit(bitmap & ~below);
        } else {
            granule = 0;
        }
        int maxAddrBits = 48;
        long pageSizes;
        if (granule == SZ_4K) {
            pageSizes = SZ_4K | SZ_2M | SZ_1G;
        } else if (granule == SZ_16K) {
            pageSizes = SZ_16K | SZ_32M;
        } else if (granule == SZ_64K) {
            maxAddrBits = 52;
            pageSizes = SZ_64K | SZ_512M;
            if (oas > 48) {
                pageSizes |= 1L << 42;
            }
        } else {
            pageSizes = 0;
        }
        bitmap &= pageSizes;
        ias = Math.min(ias, maxAddrBits);
        oas = Math.min(oas, maxAddrBits);

        // arm_lpae_alloc_pgtable()
        if ((bitmap & (SZ_4K | SZ_16K | SZ_64K)) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: pgsize_bitmap 0x%x has no 4K, 16K or 64K granule", fmt, req.pgsizeBitmap()));
        }
        if (ias > MAX_ADDR_BITS || oas > MAX_ADDR_BITS) {
            throw new IllegalArgumentException(fmt + ": address sizes above 52 bits are not supported");
        }
        int pgShift = Long.numberOfTrailingZeros(bitmap);
        int bitsPerLevel = pgShift - 3;
        int vaBits = ias - pgShift;
        if (vaBits <= 0) {
            // the kernel does not check this and would build a table with no levels
            throw new IllegalArgumentException(String.format("%s: ias %d leaves no bits to translate with a %dK granule",
                    fmt, ias, 1 << (pgShift - 10)));
        }
        int levels = (vaBits + bitsPerLevel - 1) / bitsPerLevel;
        int startLevel = MAX_LEVELS - levels;
        int pgdBits = vaBits - bitsPerLevel * (levels - 1);
        long granuleSize = 8L << bitsPerLevel;

        IoPgtableConfig.LpaeS1Tcr tcr = null;
        IoPgtableConfig.LpaeS2Vtcr vtcr = null;
        long mair = 0;
        boolean coherent = req.coherentWalk();
        int ips = ipsFor(oas);
        if (ips < 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: oas %d is not one of 32, 36, 40, 42, 44, 48, 52 bits", fmt, oas));
        }
        if (s1) {
            int sh, irgn, orgn;
            boolean outerWbwa = req.hasQuirk(IoPgtableConfig.QUIRK_ARM_OUTER_WBWA);
            if (coherent) {
                sh = TCR_SH_IS;
                irgn = TCR_RGN_WBWA;
                orgn = TCR_RGN_WBWA;
                if (outerWbwa) {
                    throw new IllegalArgumentException(fmt + ": the OUTER_WBWA quirk is only for a non-coherent walk");
                }
            } else {
                sh = TCR_SH_OS;
                irgn = TCR_RGN_NC;
                orgn = outerWbwa ? TCR_RGN_WBWA : TCR_RGN_NC;
            }
            boolean tg1 = req.hasQuirk(IoPgtableConfig.QUIRK_ARM_TTBR1);
            int tg;
            if (granuleSize == SZ_4K) {
                tg = tg1 ? TCR_TG1_4K : TCR_TG0_4K;
            } else if (granuleSize == SZ_16K) {
                tg = tg1 ? TCR_TG1_16K : TCR_TG0_16K;
            } else {
                tg = tg1 ? TCR_TG1_64K : TCR_TG0_64K;
            }
            tcr = new IoPgtableConfig.LpaeS1Tcr(ips, tg, sh, orgn, irgn, 64 - ias);
            mair = ((long) MAIR_ATTR_NC << (MAIR_ATTR_IDX_NC << 3))
                    | ((long) MAIR_ATTR_WBRWA << (MAIR_ATTR_IDX_CACHE << 3))
                    | ((long) MAIR_ATTR_DEVICE << (MAIR_ATTR_IDX_DEV << 3))
                    | ((long) MAIR_ATTR_INC_OWBRWA << (MAIR_ATTR_IDX_INC_OCACHE << 3));
        } else {
            // concatenate PGDs at level 1 if possible, to reduce the depth of the stage-2 walk
            if (startLevel == 0) {
                long pgdEntries = 1L << pgdBits;
                if (pgdEntries <= S2_MAX_CONCAT_PAGES) {
                    pgdBits += bitsPerLevel;
                    startLevel++;
                }
            }
            int sh = coherent ? TCR_SH_IS : TCR_SH_OS;
            int rgn = coherent ? TCR_RGN_WBWA : TCR_RGN_NC;
            int sl = startLevel;
            int tg;
            if (granuleSize == SZ_4K) {
                tg = TCR_TG0_4K;
                sl++; // SL0 format is different for 4K granule size
            } else if (granuleSize == SZ_16K) {
                tg = TCR_TG0_16K;
            } else {
                tg = TCR_TG0_64K;
            }
            vtcr = new IoPgtableConfig.LpaeS2Vtcr(ips, tg, sh, rgn, rgn, ~sl & 0x3, 64 - ias);
        }

        IoPgtableLpae data = new IoPgtableLpae(mem, pages, tlb, s1);
        data.pgdBits = pgdBits;
        data.startLevel = startLevel;
        data.bitsPerLevel = bitsPerLevel;
        for (int lvl = 0; lvl <= MAX_LEVELS; lvl++) {
            data.lvlShifts[lvl] = (MAX_LEVELS - lvl) * bitsPerLevel + 3;
            int extra = lvl == startLevel ? pgdBits - bitsPerLevel : 0;
            data.lvlIdxMasks[lvl] = (1L << (bitsPerLevel + extra)) - 1;
        }
        data.cfg = req; // provisional, for pgdSize()
        long pgdPa = data.allocTable(startLevel, data.tableAllocSize(data.pgdSize()));
        if (pgdPa == -1L) {
            throw new IllegalStateException(fmt + ": out of memory allocating the pgd");
        }
        data.pgd = pgdPa;
        data.cfg = req.allocatedLpae(bitmap, ias, oas, pgdPa, tcr, vtcr, mair, startLevel, bitsPerLevel, pgdBits);
        for (int prot = 0; prot < data.protPtes.length; prot++) {
            data.protPtes[prot] = data.protToPte(prot);
        }
        data.pgsizes = data.cfg.pgsizeBitmap();
        data.ias = data.cfg.ias();
        data.oas = data.cfg.oas();
        data.ttbr1 = data.cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_TTBR1);
        return data;
    }

    private static int ipsFor(int oas) {
        switch (oas) {
        case 32:
            return 0;
        case 36:
            return 1;
        case 40:
            return 2;
        case 42:
            return 3;
        case 44:
            return 4;
        case 48:
            return 5;
        case 52:
            return 6;
        default:
            return -1;
        }
    }

    // ---------------------------------------------------------------- geometry

    private int lvlShift(int lvl) {
        return lvlShifts[lvl];
    }

    private long granule() {
        return 8L << bitsPerLevel;
    }

    private long pgdSize() {
        return 8L << pgdBits;
    }

    private int ptesPerTable() {
        return 1 << bitsPerLevel;
    }

    private int lvlIdx(long iova, int lvl) {
        return (int) ((iova >>> lvlShifts[lvl]) & lvlIdxMasks[lvl]);
    }

    private long blockSize(int lvl) {
        return 1L << lvlShift(lvl);
    }

    private int maxEntries(int idx) {
        int per = ptesPerTable();
        return per - (idx & (per - 1));
    }

    /** Tables smaller than a page still take a whole page from the kernel's page allocator. */
    private int tableAllocSize(long size) {
        return (int) Math.max(size, PAGE_SIZE);
    }

    private int tableSize(int lvl) {
        return tableAllocSize(lvl == startLevel ? pgdSize() : granule());
    }

    static boolean isLeaf(long pte, int lvl) {
        if (lvl == MAX_LEVELS - 1) {
            return (pte & PTE_TYPE_MASK) == PTE_TYPE_PAGE;
        }
        return (pte & PTE_TYPE_MASK) == PTE_TYPE_BLOCK;
    }

    static long paddrToPte(long paddr) {
        // of the bits which overlap, either 51:48 or 15:12 are always RES0
        return (paddr | (paddr >>> (48 - 12))) & PTE_ADDR_MASK;
    }

    /** The output (or next-table) address of descriptor {@code pte} ({@code iopte_to_paddr()}). */
    public static long pteToPaddr(long pte, long granule) {
        long paddr = pte & PTE_ADDR_MASK;
        if (granule < SZ_64K) {
            return paddr;
        }
        return (paddr | (paddr << (48 - 12))) & (PTE_ADDR_MASK << 4);
    }

    private long toPaddr(long pte) {
        return pteToPaddr(pte, granule());
    }

    // ---------------------------------------------------------------- PTE stores

    private long readPte(long tablePa, int idx) {
        long pa = tablePa + 8L * idx;
        if ((pa & ~PAGE_OFFSET_MASK) == rpBase) {
            return rp.read64((int) (pa & PAGE_OFFSET_MASK));
        }
        long gen = mem.ramWriteCount();
        if (pa == memoPa && gen == memoGen) {
            return memoPte;
        }
        long pte = mem.read64(pa);
        memo(pa, pte, gen);
        return pte;
    }

    /**
     * Remembers the last PTE read or written while RAM's write count stays {@code gen}: map, iova_to_phys and
     * unmap of one page read back the entry the previous step has just read or written.
     */
    private void memo(long pa, long pte, long gen) {
        if (gen != -1 && mem.isPlainRam(pa, 8)) {
            memoPa = pa;
            memoPte = pte;
            memoGen = gen;
        } else {
            memoPa = -1;
        }
    }

    private void writePte(int lvl, long tablePa, int idx, long value) {
        long pa = tablePa + 8L * idx;
        if ((pa & ~PAGE_OFFSET_MASK) == rpBase && !observed()) {
            // the store adds one to the write count: the walk cache survives it as below
            long gen = mem.ramWriteCount();
            boolean keep = walkSurvivesStore(pa, gen);
            rp.write64((int) (pa & PAGE_OFFSET_MASK), value);
            if (keep) {
                wcGen = gen + 1;
            } else {
                wcRegion = -1;
            }
            return;
        }
        boolean keep = walkSurvivesStore(pa, mem.ramWriteCount());
        if (observed()) {
            long old = mem.read64(pa);
            mem.write64(pa, value);
            afterStore(keep, pa, value);
            firePte(lvl, idx, tablePa, old, value);
        } else {
            mem.write64(pa, value);
            afterStore(keep, pa, value);
        }
    }

    /**
     * After one of our own stores: the walk cache survives it when it did not hit a cached entry, and the stored
     * entry is the one to remember.
     */
    private void afterStore(boolean keepWalk, long pa, long value) {
        long gen = mem.ramWriteCount();
        if (keepWalk) {
            wcGen = gen;
        } else {
            wcRegion = -1;
        }
        memo(pa, value, gen);
    }

    /**
     * Whether the walk cache, valid at write count {@code gen}, stays valid across our store to {@code pa}. The
     * upper-level entries it rests on are in the leaf table's page only when the tables are corrupt.
     */
    private boolean walkSurvivesStore(long pa, long gen) {
        return wcRegion != -1 && gen == wcGen
                && !(((pa & ~PAGE_OFFSET_MASK) != rpBase || rpHoldsWalk) && onCachedWalk(pa));
    }

    private boolean onCachedWalk(long pa) {
        for (int lvl = startLevel; lvl < MAX_LEVELS - 1; lvl++) {
            if (wcEntry[lvl] == pa) {
                return true;
            }
        }
        return false;
    }

    /**
     * The last-level table the kernel's walk for {@code iova} reaches through table entries only, or -1 when it
     * does not (an empty entry, a block, a one-level table, or memory that keeps no write count). Reads the upper
     * levels only when the walk cache cannot answer.
     */
    private long leafTable(long iova) {
        int leaf = MAX_LEVELS - 1;
        if (startLevel >= leaf) {
            return -1;
        }
        long region = iova >>> lvlShifts[leaf - 1];
        long gen = mem.ramWriteCount();
        if (gen == -1) {
            return -1;
        }
        if (region == wcRegion && gen == wcGen) {
            return wcTable;
        }
        return walkToLeafTable(iova, region, gen);
    }

    /**
     * The byte offset in {@code rp} of the last-level entry for {@code iova} when the walk cache answers for it
     * and its table is rp's page, else -1: map, unmap and iova_to_phys of one page, the DMA-API's common case,
     * then touch that one entry and nothing else.
     */
    private int leafSlot(long iova) {
        int leaf = MAX_LEVELS - 1;
        if (wcRegion != iova >>> lvlShifts[leaf - 1] || wcGen != mem.ramWriteCount()
                || (wcTable & ~PAGE_OFFSET_MASK) != rpBase) {
            return -1;
        }
        return (int) (wcTable & PAGE_OFFSET_MASK) + 8 * lvlIdx(iova, leaf);
    }

    /**
     * {@link #writePte} for an entry at {@code off} in rp's page when {@link #leafSlot} has just vouched for the
     * walk cache and nobody observes stores.
     */
    private void storeInLeafSlot(int off, long value) {
        boolean keep = !rpHoldsWalk || !onCachedWalk(rpBase + off);
        rp.write64(off, value);
        if (keep) {
            wcGen++;
        } else {
            wcRegion = -1;
        }
    }

    /** {@link #leafTable} when the walk cache cannot answer: reads the upper levels and refills the cache. */
    private long walkToLeafTable(long iova, long region, long gen) {
        int leaf = MAX_LEVELS - 1;
        wcRegion = -1; // wcEntry[] is rewritten below: the cached walk it described is gone, even if this one fails
        long table = pgd;
        for (int lvl = startLevel; lvl < leaf; lvl++) {
            long pa = table + 8L * lvlIdx(iova, lvl);
            if (!mem.isPlainRam(pa, 8)) {
                return -1;
            }
            long pte = mem.read64(pa);
            if (pte == 0 || isLeaf(pte, lvl)) {
                return -1;
            }
            wcEntry[lvl] = pa;
            table = toPaddr(pte);
        }
        wcRegion = region;
        wcTable = table;
        wcGen = gen;
        if (granule() == PAGE_SIZE && (table & ~PAGE_OFFSET_MASK) != rpBase) {
            RamPage p = mem.ramPage(table);
            rp = p;
            rpBase = p == null ? -1 : p.base();
        }
        rpHoldsWalk = false;
        for (int lvl = startLevel; lvl < leaf; lvl++) {
            rpHoldsWalk |= (wcEntry[lvl] & ~PAGE_OFFSET_MASK) == rpBase;
        }
        return table;
    }

    private void clearPtes(int lvl, long tablePa, int idx, int n) {
        for (int i = 0; i < n; i++) {
            writePte(lvl, tablePa, idx + i, 0);
        }
    }

    // WARN messages, formatted out of line so the map/unmap paths stay small enough to inline

    private void warnf(String format, long a) {
        warn(String.format(format, a));
    }

    private void warnf(String format, long a, long b) {
        warn(String.format(format, a, b));
    }

    private void warnf(String format, long a, long b, long c, long d) {
        warn(String.format(format, a, b, c, d));
    }

    // ---------------------------------------------------------------- map

    @Override
    int mapPages(long iova, long paddr, long pgsize, long pgcount, int iommuProt) {
        long bitmap = pgsizes;
        if (pgsize == 0 || (pgsize & bitmap) != pgsize) {
            warnf("map_pages: page size 0x%x is not in pgsize_bitmap 0x%x", pgsize, bitmap);
            return Errno.EINVAL;
        }
        long iaext = iova >> ias;
        if (ttbr1) {
            iaext = ~iaext;
        }
        if (iaext != 0 || (paddr >>> oas) != 0) {
            warnf("map_pages: iova 0x%x or paddr 0x%x out of range (ias %d, oas %d)", iova, paddr, ias, oas);
            return Errno.ERANGE;
        }
        if ((iommuProt & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return Errno.EINVAL;
        }
        long prot = iommuProt >= 0 && iommuProt < protPtes.length ? protPtes[iommuProt] : protToPte(iommuProt);
        if (pgsize == PAGE_SIZE && pgcount == 1 && !observed()) {
            int off = leafSlot(iova);
            // an empty entry takes the page (init_pte); a leaf or a table in the way is the general path's
            if (off >= 0 && rp.read64(off) == 0) {
                storeInLeafSlot(off, prot | PTE_TYPE_PAGE | paddrToPte(paddr));
                mapped += PAGE_SIZE;
                return 0;
            }
        }
        if (pgsize == blockSize(MAX_LEVELS - 1)) {
            long leafTable = leafTable(iova);
            if (leafTable != -1) {
                return map(iova, paddr, pgsize, pgcount, prot, MAX_LEVELS - 1, leafTable);
            }
        }
        return map(iova, paddr, pgsize, pgcount, prot, startLevel, pgd);
    }

    /** arm_lpae_prot_to_pte(). */
    long protToPte(int prot) {
        long pte;
        if (stage1) {
            pte = PTE_NG;
            if ((prot & IommuProt.WRITE) == 0 && (prot & IommuProt.READ) != 0) {
                pte |= PTE_AP_RDONLY;
            } else if (cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_HD)) {
                pte |= PTE_DBM;
            }
            if ((prot & IommuProt.PRIV) == 0) {
                pte |= PTE_AP_UNPRIV;
            }
            if ((prot & IommuProt.MMIO) != 0) {
                pte |= (long) MAIR_ATTR_IDX_DEV << PTE_ATTRINDX_SHIFT;
            } else if ((prot & IommuProt.CACHE) != 0) {
                pte |= (long) MAIR_ATTR_IDX_CACHE << PTE_ATTRINDX_SHIFT;
            }
        } else {
            pte = PTE_HAP_FAULT;
            if ((prot & IommuProt.READ) != 0) {
                pte |= PTE_HAP_READ;
            }
            if ((prot & IommuProt.WRITE) != 0) {
                pte |= PTE_HAP_WRITE;
            }
            if ((prot & IommuProt.MMIO) != 0) {
                pte |= PTE_MEMATTR_DEV;
            } else if ((prot & IommuProt.CACHE) != 0) {
                pte |= PTE_MEMATTR_OIWB;
            } else {
                pte |= PTE_MEMATTR_NC;
            }
        }
        pte |= (prot & IommuProt.CACHE) != 0 ? PTE_SH_IS : PTE_SH_OS;
        if ((prot & IommuProt.NOEXEC) != 0) {
            pte |= PTE_XN;
        }
        if (cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_NS)) {
            pte |= PTE_NS;
        }
        return pte | PTE_AF;
    }

    /** __arm_lpae_map(), its descent to the next level written as a loop. */
    private int map(long iova, long paddr, long size, long pgcount, long prot, int lvl, long table) {
        while (true) {
            int idx = lvlIdx(iova, lvl);
            if (size == blockSize(lvl)) {
                int n = (int) Math.min(pgcount, maxEntries(idx));
                int ret = initPte(iova, paddr, prot, lvl, n, table, idx);
                if (ret == 0) {
                    mapped += n * size;
                }
                return ret;
            }
            if (lvl >= MAX_LEVELS - 1) {
                warnf("map_pages: size 0x%x matches no block size down to level %d", size, lvl);
                return Errno.EINVAL;
            }
            long pte = readPte(table, idx);
            long next = -1L;
            if (pte == 0) {
                next = allocTable(lvl + 1, tableAllocSize(granule()));
                if (next == -1L) {
                    return Errno.ENOMEM;
                }
                pte = installTable(next, lvl, table, idx, 0);
                if (pte != 0) {
                    freeTable(lvl + 1, next, tableAllocSize(granule()));
                }
            }
            if (pte != 0 && !isLeaf(pte, lvl)) {
                next = toPaddr(pte);
            } else if (pte != 0) {
                warnf("map_pages: iova 0x%x is already mapped by a level %d block (unmap it first)", iova, lvl);
                return Errno.EEXIST;
            }
            table = next;
            lvl++;
        }
    }

    /** arm_lpae_init_pte(): refuses to overwrite a leaf, replaces a table by unmapping it first. */
    private int initPte(long iova, long paddr, long prot, int lvl, int n, long table, int idx) {
        for (int i = 0; i < n; i++) {
            long pte = readPte(table, idx + i);
            if (isLeaf(pte, lvl)) {
                warnf("map_pages: iova 0x%x is already mapped (unmap it first)", iova);
                return Errno.EEXIST;
            } else if ((pte & PTE_TYPE_MASK) == PTE_TYPE_TABLE) {
                long sz = blockSize(lvl);
                if (unmap(null, iova + i * sz, sz, 1, lvl, table) != sz) {
                    warn("map_pages: could not free the table a block replaces");
                    return Errno.EINVAL;
                }
            }
        }
        storeLeaves(paddr, prot, lvl, n, table, idx);
        return 0;
    }

    /** __arm_lpae_init_pte(). */
    private void storeLeaves(long paddr, long prot, int lvl, int n, long table, int idx) {
        long pte = prot | (lvl == MAX_LEVELS - 1 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK);
        long sz = blockSize(lvl);
        for (int i = 0; i < n; i++) {
            writePte(lvl, table, idx + i, pte | paddrToPte(paddr + i * sz));
        }
    }

    /** arm_lpae_install_table(): a compare-and-swap of the entry; SW_SYNC marks it synced for a non-coherent walker. */
    private long installTable(long newTable, int lvl, long table, int idx, long curr) {
        long nw = paddrToPte(newTable) | PTE_TYPE_TABLE;
        if (cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_NS)) {
            nw |= PTE_NSTABLE;
        }
        long old = readPte(table, idx);
        if (old == curr) {
            writePte(lvl, table, idx, nw);
        }
        if (cfg.coherentWalk() || (old & PTE_SW_SYNC) != 0) {
            return old;
        }
        if (old == curr) {
            writePte(lvl, table, idx, nw | PTE_SW_SYNC);
        }
        return old;
    }

    // ---------------------------------------------------------------- unmap

    @Override
    long unmapPages(long iova, long pgsize, long pgcount, IommuIotlbGather gather) {
        long bitmap = pgsizes;
        if (pgsize == 0 || (pgsize & bitmap) != pgsize || pgcount == 0) {
            warnf("unmap_pages: page size 0x%x not in pgsize_bitmap 0x%x, or no pages", pgsize, bitmap);
            return 0;
        }
        long iaext = iova >> ias;
        if (ttbr1) {
            iaext = ~iaext;
        }
        if (iaext != 0) {
            warnf("unmap_pages: iova 0x%x out of range (ias %d)", iova, ias);
            return 0;
        }
        if (pgsize == PAGE_SIZE && pgcount == 1 && !observed()) {
            int off = leafSlot(iova);
            // a page entry is cleared and gathered; anything else takes the general path
            if (off >= 0 && (rp.read64(off) & PTE_TYPE_MASK) == PTE_TYPE_PAGE) {
                storeInLeafSlot(off, 0);
                if (gather != null && !gather.queued) {
                    tlb.tlbAddPage(gather, iova, PAGE_SIZE);
                }
                return PAGE_SIZE;
            }
        }
        if (pgsize == blockSize(MAX_LEVELS - 1)) {
            long leafTable = leafTable(iova);
            if (leafTable != -1) {
                return unmap(gather, iova, pgsize, pgcount, MAX_LEVELS - 1, leafTable);
            }
        }
        return unmap(gather, iova, pgsize, pgcount, startLevel, pgd);
    }

    /** __arm_lpae_unmap(), its descent to the next level written as a loop. */
    private long unmap(IommuIotlbGather gather, long iova, long size, long pgcount, int lvl, long table) {
        long pte;
        int idx;
        while (true) {
            if (lvl == MAX_LEVELS) {
                warn("unmap_pages: ran out of page table");
                return 0;
            }
            idx = lvlIdx(iova, lvl);
            pte = readPte(table, idx);
            if (pte == 0) {
                warnf("unmap_pages: iova 0x%x is not mapped (level %d entry is empty)", iova, lvl);
                return 0;
            }
            if (size == blockSize(lvl) || isLeaf(pte, lvl)) {
                break;
            }
            table = toPaddr(pte);
            lvl++;
        }
        if (size == blockSize(lvl)) {
            int n = (int) Math.min(pgcount, maxEntries(idx));
            int i;
            for (i = 0; i < n; i++) {
                if (i != 0) {
                    pte = readPte(table, idx + i);
                }
                if (pte == 0) {
                    warnf("unmap_pages: iova 0x%x is not mapped", iova + i * size);
                    break;
                }
                if (!isLeaf(pte, lvl)) {
                    clearPtes(lvl, table, idx + i, 1);
                    // also flush any partial walks
                    tlb.tlbFlushWalk(iova + i * size, size, granule());
                    freePgtable(lvl + 1, toPaddr(pte));
                }
            }
            clearPtes(lvl, table, idx, i);
            if (gather != null && !IommuIotlbGather.queued(gather)) {
                for (int j = 0; j < i; j++) {
                    tlb.tlbAddPage(gather, iova + j * size, size);
                }
            }
            return i * size;
        }
        // a leaf bigger than the range: insert a table at the next level to map the old region, minus the part
        // we want to unmap
        return splitBlockUnmap(gather, iova, size, pte, lvl + 1, table, idx, pgcount);
    }

    /** arm_lpae_split_blk_unmap(): {@code lvl} is the level of the new table, the block sits at lvl - 1. */
    private long splitBlockUnmap(IommuIotlbGather gather, long iova, long size, long blkPte, int lvl, long parent,
            int parentIdx, long pgcount) {
        if (lvl == MAX_LEVELS) {
            warn("unmap_pages: cannot split below the last level");
            return 0;
        }
        int tableBytes = tableAllocSize(granule());
        long tablep = allocTable(lvl, tableBytes);
        if (tablep == -1L) {
            return 0;
        }
        long splitSz = blockSize(lvl);
        int unmapIdxStart = -1;
        int n = 0;
        if (size == splitSz) {
            unmapIdxStart = lvlIdx(iova, lvl);
            n = (int) Math.min(pgcount, maxEntries(unmapIdxStart));
        }
        long blkPaddr = toPaddr(blkPte);
        long prot = blkPte & PTE_ATTR_MASK;
        int per = ptesPerTable();
        for (int i = 0; i < per; i++, blkPaddr += splitSz) {
            if (i >= unmapIdxStart && i < unmapIdxStart + n) {
                continue;
            }
            storeLeaves(blkPaddr, prot, lvl, 1, tablep, i);
        }
        long pte = installTable(tablep, lvl - 1, parent, parentIdx, blkPte);
        if (pte != blkPte) {
            freeTable(lvl, tablep, tableBytes);
            // we may race against someone unmapping another part of this block, anything else is invalid
            if ((pte & PTE_TYPE_MASK) != PTE_TYPE_TABLE) {
                return 0;
            }
            tablep = toPaddr(pte);
        } else if (unmapIdxStart >= 0) {
            for (int i = 0; i < n; i++) {
                tlb.tlbAddPage(gather, iova + i * size, size);
            }
            return n * size;
        }
        return unmap(gather, iova, size, pgcount, lvl, tablep);
    }

    /** __arm_lpae_free_pgtable(). */
    private void freePgtable(int lvl, long table) {
        if (lvl != MAX_LEVELS - 1) {
            int entries = (int) ((lvl == startLevel ? pgdSize() : granule()) / 8);
            for (int i = 0; i < entries; i++) {
                long pte = readPte(table, i);
                if (pte == 0 || isLeaf(pte, lvl)) {
                    continue;
                }
                freePgtable(lvl + 1, toPaddr(pte));
            }
        }
        freeTable(lvl, table, tableSize(lvl));
    }

    @Override
    void freeAll() {
        freePgtable(startLevel, pgd);
    }

    // ---------------------------------------------------------------- iova_to_phys

    @Override
    long iovaToPhys0(long iova) {
        int off = leafSlot(iova);
        if (off >= 0) {
            long pte = rp.read64(off);
            return (pte & PTE_TYPE_MASK) == PTE_TYPE_PAGE ? toPaddr(pte) | (iova & (PAGE_SIZE - 1)) : 0;
        }
        long leafTable = leafTable(iova);
        if (leafTable != -1) {
            int lvl = MAX_LEVELS - 1;
            long pte = readPte(leafTable, lvlIdx(iova, lvl));
            return pte != 0 && isLeaf(pte, lvl) ? toPaddr(pte) | (iova & (blockSize(lvl) - 1)) : 0;
        }
        long table = pgd;
        int lvl = startLevel;
        long pte;
        do {
            pte = readPte(table, lvlIdx(iova, lvl));
            if (pte == 0) {
                return 0;
            }
            if (isLeaf(pte, lvl)) {
                return toPaddr(pte) | (iova & (blockSize(lvl) - 1));
            }
            table = toPaddr(pte);
        } while (++lvl < MAX_LEVELS);
        return 0; // ran out of page tables to walk
    }
}
