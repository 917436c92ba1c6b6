package org.dmaworkbench.hw.iommu.pgtable;

import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_16M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_1M;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_4K;
import static org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig.SZ_64K;

import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * The ARMv7 short-descriptor format ARM_V7S (4K pages, 64K large pages, 1M sections, 16M supersections; large pages
 * and supersections are 16 repeated "contiguous" entries), behaving as drivers/iommu/io-pgtable-arm-v7s.c of Linux
 * 6.12 (arm_v7s_map_pages, arm_v7s_unmap_pages with contiguous and block splitting, arm_v7s_iova_to_phys,
 * arm_v7s_alloc_pgtable). The MediaTek quirks are not emulated.
 * <p>
 * Faithful to a 6.12 quirk: when arm_v7s_split_blk_unmap() splits a section, the level-2 entries it writes carry
 * only attributes plus {@code i * size}, not the section's output address, so after a partial unmap of a section at
 * a non-zero physical address the remaining pages translate to physical 0 + offset. The DMA API never splits.
 */
public final class IoPgtableV7s extends IoPgtable {
    static final int ADDR_BITS = 32;
    static final int TABLE_SHIFT = 10;
    static final int CONT_PAGES = 16;

    public static final int PTE_TYPE_TABLE = 0x1;
    public static final int PTE_TYPE_PAGE = 0x2;
    public static final int PTE_TYPE_CONT_PAGE = 0x1;

    public static final int ATTR_B = 1 << 2;
    public static final int ATTR_C = 1 << 3;
    public static final int ATTR_NS_TABLE = 1 << 3;
    public static final int ATTR_NS_SECTION = 1 << 19;
    public static final int CONT_SECTION = 1 << 18;
    public static final int CONT_PAGE_XN_SHIFT = 15;

    // fields of the 8-bit attribute block at bits [17:10] (level 1) or [11:4] (level 2)
    public static final int ATTR_MASK = 0xff;
    public static final int ATTR_AP0 = 1 << 0;
    public static final int ATTR_AP1 = 1 << 1;
    public static final int ATTR_AP2 = 1 << 5;
    public static final int ATTR_S = 1 << 6;
    public static final int ATTR_NG = 1 << 7;
    public static final int TEX_SHIFT = 2;
    public static final int TEX_MASK = 0x7;
    public static final int CONT_PAGE_TEX_SHIFT = 6;
    public static final int CONT_PAGE_TEX_MASK = TEX_MASK << CONT_PAGE_TEX_SHIFT;
    public static final int PTE_AF = ATTR_AP0;
    public static final int PTE_AP_UNPRIV = ATTR_AP1;
    public static final int PTE_AP_RDONLY = ATTR_AP2;

    public static final int RGN_NC = 0;
    public static final int RGN_WBWA = 1;
    public static final int PRRR_TYPE_DEVICE = 1;
    public static final int PRRR_TYPE_NORMAL = 2;
    public static final int TTBR_S = 1 << 1;
    public static final int TTBR_NOS = 1 << 5;

    private IoPgtableV7s(PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb) {
        super(mem, pages, tlb);
    }

    // ---------------------------------------------------------------- allocation

    static IoPgtableV7s create(IoPgtableConfig req, PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb) {
        if (req.ias() > ADDR_BITS || req.oas() > ADDR_BITS) {
            throw new IllegalArgumentException(String.format("ARM_V7S supports ias and oas <= 32 (asked ias %d, oas %d)",
                    req.ias(), req.oas()));
        }
        if (req.ias() <= 20) {
            // the kernel does not check this; a level-1 table needs at least one index bit
            throw new IllegalArgumentException("ARM_V7S: ias " + req.ias() + " leaves no level-1 index bits (need > 20)");
        }
        long allowed = IoPgtableConfig.QUIRK_ARM_NS | IoPgtableConfig.QUIRK_NO_PERMS;
        if ((req.quirks() & ~allowed) != 0) {
            throw new IllegalArgumentException(String.format("ARM_V7S: quirks 0x%x are not supported (NS and NO_PERMS are)",
                    req.quirks() & ~allowed));
        }
        IoPgtableV7s data = new IoPgtableV7s(mem, pages, tlb);
        data.cfg = req; // early, as the kernel copies it for __arm_v7s_alloc_table
        long bitmap = req.pgsizeBitmap() & (SZ_4K | SZ_64K | SZ_1M | SZ_16M);

        // TEX remap: the indices used map to the closest equivalent types under the non-TEX-remap interpretation
        int prrr = prrrTr(1, PRRR_TYPE_DEVICE) | prrrTr(4, PRRR_TYPE_NORMAL) | prrrTr(7, PRRR_TYPE_NORMAL)
                | (1 << 16) /* DS0 */ | (1 << 17) /* DS1 */ | (1 << 19) /* NS1 */ | (1 << (7 + 24)) /* NOS(7) */;
        int nmrr = ((RGN_WBWA & 3) << (7 * 2)) | ((RGN_WBWA & 3) << (7 * 2 + 16));

        long pgdPa = data.allocTable(1, data.tableSize(1));
        if (pgdPa == -1L) {
            throw new IllegalStateException("ARM_V7S: out of memory allocating the level-1 table");
        }
        if ((pgdPa & 0xffff_ffffL) != pgdPa) {
            data.freeTable(1, pgdPa, data.tableSize(1));
            throw new IllegalStateException(String.format("ARM_V7S: page table does not fit in PTE: 0x%x", pgdPa));
        }
        data.pgd = pgdPa;
        long ttbr = pgdPa | TTBR_S;
        if (req.coherentWalk()) {
            ttbr |= TTBR_NOS | irgn(RGN_WBWA) | orgn(RGN_WBWA);
        } else {
            ttbr |= irgn(RGN_NC) | orgn(RGN_NC);
        }
        data.cfg = req.allocatedV7s(bitmap, ttbr, nmrr, prrr);
        return data;
    }

    private static int prrrTr(int n, int type) {
        return (type & 0x3) << (n * 2);
    }

    private static int orgn(int attr) {
        return (attr & 0x3) << 3;
    }

    private static int irgn(int attr) {
        return ((attr & 0x1) << 6) | ((attr & 0x2) >> 1);
    }

    // ---------------------------------------------------------------- geometry

    static int lvlShift(int lvl) {
        return lvl == 1 ? 20 : 12;
    }

    private int lvlBits(int lvl) {
        return lvl == 1 ? cfg.ias() - 20 : 8;
    }

    private int ptesPerLvl(int lvl) {
        return 1 << lvlBits(lvl);
    }

    private int tableSize(int lvl) {
        return ptesPerLvl(lvl) * 4;
    }

    static long blockSize(int lvl) {
        return 1L << lvlShift(lvl);
    }

    static int lvlMask(int lvl) {
        return ~0 << lvlShift(lvl);
    }

    private int lvlIdx(long addr, int lvl) {
        return (int) ((addr >>> lvlShift(lvl)) & (ptesPerLvl(lvl) - 1));
    }

    static boolean isValid(int pte) {
        return (pte & 0x3) != 0;
    }

    static boolean isTable(int pte, int lvl) {
        return lvl == 1 && (pte & 0x3) == PTE_TYPE_TABLE;
    }

    public static int attrShift(int lvl) {
        return 16 - lvl * 6;
    }

    public static int attrXn(int lvl) {
        return 1 << (4 * (2 - lvl));
    }

    static boolean isCont(int pte, int lvl) {
        if (lvl == 1 && !isTable(pte, lvl)) {
            return (pte & CONT_SECTION) != 0;
        } else if (lvl == 2) {
            return (pte & PTE_TYPE_PAGE) == 0;
        }
        return false;
    }

    static long pteToPaddr(int pte, int lvl) {
        int mask;
        if (isTable(pte, lvl)) {
            mask = ~0 << TABLE_SHIFT;
        } else if (isCont(pte, lvl)) {
            mask = lvlMask(lvl) * CONT_PAGES;
        } else {
            mask = lvlMask(lvl);
        }
        return (pte & mask) & 0xffff_ffffL;
    }

    /** arm_v7s_prot_to_pte(). */
    int protToPte(int prot, int lvl) {
        boolean ap = !cfg.hasQuirk(IoPgtableConfig.QUIRK_NO_PERMS);
        int pte = ATTR_NG | ATTR_S;
        if ((prot & IommuProt.MMIO) == 0) {
            pte |= (1 & TEX_MASK) << TEX_SHIFT;
        }
        if (ap) {
            pte |= PTE_AF;
            if ((prot & IommuProt.PRIV) == 0) {
                pte |= PTE_AP_UNPRIV;
            }
            if ((prot & IommuProt.WRITE) == 0) {
                pte |= PTE_AP_RDONLY;
            }
        }
        pte <<= attrShift(lvl);
        if ((prot & IommuProt.NOEXEC) != 0 && ap) {
            pte |= attrXn(lvl);
        }
        if ((prot & IommuProt.MMIO) != 0) {
            pte |= ATTR_B;
        } else if ((prot & IommuProt.CACHE) != 0) {
            pte |= ATTR_B | ATTR_C;
        }
        pte |= PTE_TYPE_PAGE;
        if (lvl == 1 && cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_NS)) {
            pte |= ATTR_NS_SECTION;
        }
        return pte;
    }

    /** arm_v7s_pte_to_prot(). */
    static int pteToProt(int pte, int lvl) {
        int prot = IommuProt.READ;
        int attr = pte >>> attrShift(lvl);
        if ((attr & PTE_AP_RDONLY) == 0) {
            prot |= IommuProt.WRITE;
        }
        if ((attr & PTE_AP_UNPRIV) == 0) {
            prot |= IommuProt.PRIV;
        }
        if ((attr & (TEX_MASK << TEX_SHIFT)) == 0) {
            prot |= IommuProt.MMIO;
        } else if ((pte & ATTR_C) != 0) {
            prot |= IommuProt.CACHE;
        }
        if ((pte & attrXn(lvl)) != 0) {
            prot |= IommuProt.NOEXEC;
        }
        return prot;
    }

    /** arm_v7s_pte_to_cont(). */
    static int pteToCont(int pte, int lvl) {
        if (lvl == 1) {
            pte |= CONT_SECTION;
        } else if (lvl == 2) {
            int xn = pte & attrXn(lvl);
            int tex = pte & CONT_PAGE_TEX_MASK;
            pte ^= xn | tex | PTE_TYPE_PAGE;
            pte |= (xn << CONT_PAGE_XN_SHIFT) | (tex << CONT_PAGE_TEX_SHIFT) | PTE_TYPE_CONT_PAGE;
        }
        return pte;
    }

    /** arm_v7s_cont_to_pte(). */
    static int contToPte(int pte, int lvl) {
        if (lvl == 1) {
            pte &= ~CONT_SECTION;
        } else if (lvl == 2) {
            int xn = pte & (1 << CONT_PAGE_XN_SHIFT);
            int tex = pte & (CONT_PAGE_TEX_MASK << CONT_PAGE_TEX_SHIFT);
            pte ^= xn | tex | PTE_TYPE_CONT_PAGE;
            pte |= (xn >>> CONT_PAGE_XN_SHIFT) | (tex >>> CONT_PAGE_TEX_SHIFT) | PTE_TYPE_PAGE;
        }
        return pte;
    }

    // ---------------------------------------------------------------- PTE stores

    private int readPte(long table, int idx) {
        return mem.read32(table + 4L * idx);
    }

    private void setPtes(int lvl, long table, int idx, int pte, int n) {
        for (int i = 0; i < n; i++) {
            long pa = table + 4L * (idx + i);
            if (observed()) {
                int old = mem.read32(pa);
                mem.write32(pa, pte);
                firePte(lvl, idx + i, table, old & 0xffff_ffffL, pte & 0xffff_ffffL);
            } else {
                mem.write32(pa, pte);
            }
        }
    }

    // ---------------------------------------------------------------- map

    @Override
    int mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
        if (Long.compareUnsigned(iova, 1L << cfg.ias()) >= 0 || Long.compareUnsigned(paddr, 1L << cfg.oas()) >= 0) {
            warn(String.format("map_pages: iova 0x%x or paddr 0x%x out of range (ias %d, oas %d)", iova, paddr,
                    cfg.ias(), cfg.oas()));
            return Errno.ERANGE;
        }
        if ((prot & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return Errno.EINVAL;
        }
        int ret = Errno.EINVAL;
        while (pgcount-- > 0) {
            ret = map(iova, paddr, pgsize, prot, 1, pgd);
            if (ret != 0) {
                break;
            }
            iova += pgsize;
            paddr += pgsize;
            mapped += pgsize;
        }
        return ret;
    }

    /** __arm_v7s_map(). */
    private int map(long iova, long paddr, long size, int prot, int lvl, long table) {
        long n = size >>> lvlShift(lvl);
        int idx = lvlIdx(iova, lvl);
        if (n != 0) {
            if (idx + n > ptesPerLvl(lvl) || n > CONT_PAGES) {
                // the kernel would write past the table here
                warn(String.format("map_pages: size 0x%x at iova 0x%x does not fit the level %d table", size, iova, lvl));
                return Errno.EINVAL;
            }
            return initPte(iova, paddr, prot, lvl, (int) n, table, idx);
        }
        if (lvl == 2) {
            warn(String.format("map_pages: size 0x%x is smaller than a page", size));
            return Errno.EINVAL;
        }
        int pte = readPte(table, idx);
        long next = -1L;
        if (pte == 0) {
            next = allocTable(lvl + 1, tableSize(lvl + 1));
            if (next == -1L) {
                return Errno.ENOMEM;
            }
            if ((next & 0xffff_ffffL) != next) {
                freeTable(lvl + 1, next, tableSize(lvl + 1));
                warn(String.format("page table does not fit in PTE: 0x%x", next));
                return Errno.ENOMEM;
            }
            pte = installTable(next, table, idx, 0);
            if (pte != 0) {
                freeTable(lvl + 1, next, tableSize(lvl + 1));
            }
        }
        if (isTable(pte, lvl)) {
            next = pteToPaddr(pte, lvl);
        } else if (pte != 0) {
            warn(String.format("map_pages: iova 0x%x is already mapped by a section (unmap it first)", iova));
            return Errno.EEXIST;
        }
        return map(iova, paddr, size, prot, lvl + 1, next);
    }

    /** arm_v7s_init_pte(). */
    private int initPte(long iova, long paddr, int prot, int lvl, int n, long table, int idx) {
        for (int i = 0; i < n; i++) {
            int old = readPte(table, idx + i);
            if (isTable(old, lvl)) {
                long sz = blockSize(lvl);
                if (unmap(null, iova + i * sz, sz, lvl, table) != sz) {
                    warn("map_pages: could not free the table a section replaces");
                    return Errno.EINVAL;
                }
            } else if (old != 0) {
                warn(String.format("map_pages: iova 0x%x is already mapped (unmap it first)", iova));
                return Errno.EEXIST;
            }
        }
        int pte = protToPte(prot, lvl);
        if (n > 1) {
            pte = pteToCont(pte, lvl);
        }
        pte |= (int) paddr & lvlMask(lvl);
        setPtes(lvl, table, idx, pte, n);
        return 0;
    }

    /** arm_v7s_install_table(). */
    private int installTable(long newTable, long table, int idx, int curr) {
        int nw = (int) newTable | PTE_TYPE_TABLE;
        if (cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_NS)) {
            nw |= ATTR_NS_TABLE;
        }
        int old = readPte(table, idx);
        if (old == curr) {
            setPtes(1, table, idx, nw, 1);
        }
        return old;
    }

    // ---------------------------------------------------------------- unmap

    @Override
    long unmapPages(long iova, long pgsize, long pgcount, IommuIotlbGather gather) {
        if (Long.compareUnsigned(iova, 1L << cfg.ias()) >= 0) {
            warn(String.format("unmap_pages: iova 0x%x out of range (ias %d)", iova, cfg.ias()));
            return 0;
        }
        long unmapped = 0;
        while (pgcount-- > 0) {
            long ret = unmap(gather, iova, pgsize, 1, pgd);
            if (ret == 0) {
                break;
            }
            unmapped += pgsize;
            iova += pgsize;
        }
        return unmapped;
    }

    /** __arm_v7s_unmap(). */
    private long unmap(IommuIotlbGather gather, long iova, long size, int lvl, long table) {
        if (lvl > 2) {
            warn("unmap_pages: ran out of page table");
            return 0;
        }
        long nl = size >>> lvlShift(lvl);
        int idx = lvlIdx(iova, lvl);
        if (nl > CONT_PAGES || idx + nl > ptesPerLvl(lvl)) {
            warn(String.format("unmap_pages: size 0x%x at iova 0x%x does not fit the level %d table", size, iova, lvl));
            return 0;
        }
        int n = (int) nl;
        int[] pte = new int[Math.max(n, 1)];
        int i = 0;
        do {
            pte[i] = readPte(table, idx + i);
            if (!isValid(pte[i])) {
                warn(String.format("unmap_pages: iova 0x%x is not mapped", iova + i * blockSize(lvl)));
                return 0;
            }
        } while (++i < n);

        // a contiguous entry needs splitting first, unless the whole lot goes
        if (n <= 1 && isCont(pte[0], lvl)) {
            pte[0] = splitCont(iova, idx, lvl, table);
        }
        if (n != 0) {
            long blk = blockSize(lvl);
            setPtes(lvl, table, idx, 0, n);
            for (i = 0; i < n; i++) {
                if (isTable(pte[i], lvl)) {
                    // also flush any partial walks
                    tlb.tlbFlushWalk(iova, blk, blockSize(lvl + 1));
                    freeTable(lvl + 1, pteToPaddr(pte[i], lvl), tableSize(lvl + 1));
                } else if (!IommuIotlbGather.queued(gather)) {
                    tlb.tlbAddPage(gather, iova, blk);
                }
                iova += blk;
            }
            return size;
        } else if (lvl == 1 && !isTable(pte[0], lvl)) {
            // insert a table at the next level to map the old region, minus the part we want to unmap
            return splitBlockUnmap(gather, iova, size, pte[0], table, idx);
        }
        return unmap(gather, iova, size, lvl + 1, pteToPaddr(pte[0], lvl));
    }

    /** arm_v7s_split_cont(): rewrites the 16 entries of a contiguous group as ordinary ones. */
    private int splitCont(long iova, int idx, int lvl, long table) {
        int pte = readPte(table, idx);
        if (!isCont(pte, lvl)) {
            return pte;
        }
        int first = idx & ~(CONT_PAGES - 1);
        pte = contToPte(pte, lvl);
        int size = (int) blockSize(lvl);
        for (int i = 0; i < CONT_PAGES; i++) {
            setPtes(lvl, table, first + i, pte + i * size, 1);
        }
        long total = (long) size * CONT_PAGES;
        tlb.tlbFlushWalk(iova, total, total);
        return pte;
    }

    /** arm_v7s_split_blk_unmap(). */
    private long splitBlockUnmap(IommuIotlbGather gather, long iova, long size, int blkPte, long parent, int parentIdx) {
        long tablep = allocTable(2, tableSize(2));
        if (tablep == -1L) {
            return 0;
        }
        if ((tablep & 0xffff_ffffL) != tablep) {
            freeTable(2, tablep, tableSize(2));
            return 0;
        }
        int numPtes = ptesPerLvl(2);
        int n = (int) (size >>> lvlShift(2));
        int unmapIdx = lvlIdx(iova, 2);
        int pte = protToPte(pteToProt(blkPte, 1), 2);
        if (n > 1) {
            pte = pteToCont(pte, 2);
        }
        // as in 6.12, the entries get attributes plus i * size only: the section's address is not carried over
        for (int i = 0; i < numPtes; i += n, pte += (int) size) {
            if (i == unmapIdx) {
                continue;
            }
            setPtes(2, tablep, i, pte, n);
        }
        int old = installTable(tablep, parent, parentIdx, blkPte);
        if (old != blkPte) {
            freeTable(2, tablep, tableSize(2));
            if (!isTable(old, 1)) {
                return 0;
            }
            return unmap(gather, iova, size, 2, pteToPaddr(old, 1));
        }
        tlb.tlbAddPage(gather, iova, size);
        return size;
    }

    @Override
    void freeAll() {
        int n = ptesPerLvl(1);
        for (int i = 0; i < n; i++) {
            int pte = readPte(pgd, i);
            if (isTable(pte, 1)) {
                freeTable(2, pteToPaddr(pte, 1), tableSize(2));
            }
        }
        freeTable(1, pgd, tableSize(1));
    }

    // ---------------------------------------------------------------- iova_to_phys

    @Override
    long iovaToPhys0(long iova) {
        long table = pgd;
        int lvl = 0;
        int pte;
        do {
            lvl++;
            pte = readPte(table, lvlIdx(iova, lvl));
            table = pteToPaddr(pte, lvl);
        } while (isTable(pte, lvl));
        if (!isValid(pte)) {
            return 0;
        }
        int mask = lvlMask(lvl);
        if (isCont(pte, lvl)) {
            mask *= CONT_PAGES;
        }
        return pteToPaddr(pte, lvl) | (iova & ~mask & 0xffff_ffffL);
    }
}
