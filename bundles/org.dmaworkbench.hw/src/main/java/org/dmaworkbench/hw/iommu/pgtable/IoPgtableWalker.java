package org.dmaworkbench.hw.iommu.pgtable;

import org.dmaworkbench.hw.mem.BusErrorException;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * A hardware-style table walk that only reads RAM: given the format configuration (as {@link IoPgtable#cfg()}
 * returns it), the physical address of the first-level table and an IOVA, it yields the output address and the
 * attributes of the leaf, or a fault with the level it happened at. Unlike the kernel's software iova_to_phys()
 * it checks descriptors as the MMU does: invalid entries, reserved encodings, blocks at levels where the granule
 * has none, addresses beyond the input/output size.
 * <p>
 * Allocation-free: the caller owns a {@link Result} and reuses it.
 */
public final class IoPgtableWalker {

    /** Why a walk stopped without a translation. */
    public enum Fault {
        NONE,
        /** invalid or reserved descriptor, or IOVA beyond the input address size */
        TRANSLATION,
        /** table or output address beyond the output address size */
        ADDRESS_SIZE,
        /** the walk read an address no memory answers ({@link BusErrorException}) */
        EXTERNAL_ABORT
    }

    /** The outcome of one walk; fields are overwritten by every {@link IoPgtableWalker#walk} call. */
    public static final class Result {
        public Fault fault = Fault.NONE;
        /** level of the leaf, or of the descriptor that faulted */
        public int level;
        /** translated physical address (0 on fault) */
        public long outputAddress;
        /** bytes the leaf covers: page, block, section, large page or supersection */
        public long blockSize;
        /** raw leaf descriptor (or the faulting one); v7s values zero-extended */
        public long pte;
        /** physical address of that descriptor */
        public long pteAddress;
        /** {@link IommuProt} flags the leaf grants, read back from its bits */
        public int prot;
        /** NS bit of the leaf (LPAE bit 5, v7s section bit 19) */
        public boolean ns;
        /** an NSTable / NS table bit was set on every table descriptor walked through (false if none) */
        public boolean nsTable;
        /** access flag of the leaf */
        public boolean accessFlag;
        /** LPAE contiguous hint, v7s large page or supersection */
        public boolean contiguous;
        /** number of descriptors read */
        public int steps;
        public final int[] stepLevel = new int[4];
        public final int[] stepIndex = new int[4];
        public final long[] stepTable = new long[4];
        public final long[] stepPte = new long[4];

        public boolean translated() {
            return fault == Fault.NONE;
        }

        void reset() {
            fault = Fault.NONE;
            level = 0;
            outputAddress = 0;
            blockSize = 0;
            pte = 0;
            pteAddress = 0;
            prot = 0;
            ns = false;
            nsTable = false;
            accessFlag = false;
            contiguous = false;
            steps = 0;
        }

        void step(int lvl, int idx, long table, long value) {
            stepLevel[steps] = lvl;
            stepIndex[steps] = idx;
            stepTable[steps] = table;
            stepPte[steps] = value;
            steps++;
        }

        boolean fault(Fault f, int lvl, long value, long address) {
            fault = f;
            level = lvl;
            pte = value;
            pteAddress = address;
            outputAddress = 0;
            return false;
        }
    }

    private IoPgtableWalker() {
    }

    /**
     * @param cfg   an allocated configuration ({@link IoPgtable#cfg()}): format, ias/oas, quirks and geometry
     * @param root  physical address of the first-level table (TTBR without its attribute bits)
     * @return true when translated; {@code result} holds the details either way
     */
    public static boolean walk(PhysicalMemory mem, IoPgtableConfig cfg, long root, long iova, Result result) {
        if (!cfg.isAllocated()) {
            throw new IllegalArgumentException("walk needs the configuration an IoPgtable was allocated with");
        }
        result.reset();
        try {
            return cfg.format().isLpae() ? walkLpae(mem, cfg, root, iova, result) : walkV7s(mem, cfg, root, iova, result);
        } catch (BusErrorException e) {
            return result.fault(Fault.EXTERNAL_ABORT, result.steps == 0 ? cfg.startLevel()
                    : result.stepLevel[result.steps - 1] + 1, 0, e.address());
        }
    }

    private static boolean walkLpae(PhysicalMemory mem, IoPgtableConfig cfg, long root, long iova, Result r) {
        int start = cfg.startLevel();
        int bpl = cfg.bitsPerLevel();
        long granule = cfg.granule();
        long top = iova >> cfg.ias();
        if (cfg.hasQuirk(IoPgtableConfig.QUIRK_ARM_TTBR1)) {
            top = ~top;
        }
        if (top != 0) {
            return r.fault(Fault.TRANSLATION, start, 0, 0);
        }
        long table = root;
        boolean nsTable = true;
        for (int lvl = start; lvl < IoPgtableLpae.MAX_LEVELS; lvl++) {
            int shift = (IoPgtableLpae.MAX_LEVELS - lvl) * bpl + 3;
            int bits = lvl == start ? cfg.pgdBits() : bpl;
            int idx = (int) ((iova >>> shift) & ((1L << bits) - 1));
            long pa = table + 8L * idx;
            long pte = mem.read64(pa);
            r.step(lvl, idx, table, pte);
            long type = pte & IoPgtableLpae.PTE_TYPE_MASK;
            if ((pte & IoPgtableLpae.PTE_VALID) == 0) {
                return r.fault(Fault.TRANSLATION, lvl, pte, pa);
            }
            boolean leaf;
            if (lvl == IoPgtableLpae.MAX_LEVELS - 1) {
                if (type != IoPgtableLpae.PTE_TYPE_PAGE) {
                    return r.fault(Fault.TRANSLATION, lvl, pte, pa); // reserved encoding at level 3
                }
                leaf = true;
            } else {
                leaf = type == IoPgtableLpae.PTE_TYPE_BLOCK;
                if (leaf && !blockAllowed(granule, lvl, cfg.oas())) {
                    return r.fault(Fault.TRANSLATION, lvl, pte, pa);
                }
            }
            if (!leaf) {
                nsTable &= (pte & IoPgtableLpae.PTE_NSTABLE) != 0;
                table = IoPgtableLpae.pteToPaddr(pte, granule);
                if ((table >>> cfg.oas()) != 0) {
                    return r.fault(Fault.ADDRESS_SIZE, lvl, pte, pa);
                }
                continue;
            }
            long out = IoPgtableLpae.pteToPaddr(pte, granule);
            if ((out >>> cfg.oas()) != 0) {
                return r.fault(Fault.ADDRESS_SIZE, lvl, pte, pa);
            }
            long size = 1L << shift;
            r.level = lvl;
            r.pte = pte;
            r.pteAddress = pa;
            r.blockSize = size;
            r.outputAddress = out | (iova & (size - 1));
            r.prot = lpaeProt(cfg.format(), pte);
            r.ns = (pte & IoPgtableLpae.PTE_NS) != 0;
            r.nsTable = nsTable && lvl != start;
            r.accessFlag = (pte & IoPgtableLpae.PTE_AF) != 0;
            r.contiguous = (pte & (1L << 52)) != 0;
            return true;
        }
        return r.fault(Fault.TRANSLATION, IoPgtableLpae.MAX_LEVELS - 1, 0, 0);
    }

    /** Which levels may hold block descriptors (VMSAv8-64): 4K at 1 and 2, 16K at 2, 64K at 2 (and 1 with 52-bit PA). */
    static boolean blockAllowed(long granule, int lvl, int oas) {
        if (granule == IoPgtableConfig.SZ_4K) {
            return lvl == 1 || lvl == 2;
        }
        if (granule == IoPgtableConfig.SZ_64K) {
            return lvl == 2 || (lvl == 1 && oas > 48);
        }
        return lvl == 2;
    }

    /** @return the {@link IommuProt} flags an LPAE leaf grants: the inverse of arm_lpae_prot_to_pte() */
    public static int lpaeProt(IoPgtableFormat fmt, long pte) {
        int prot = 0;
        if (fmt.isStage2()) {
            if ((pte & IoPgtableLpae.PTE_HAP_READ) != 0) {
                prot |= IommuProt.READ;
            }
            if ((pte & IoPgtableLpae.PTE_HAP_WRITE) != 0) {
                prot |= IommuProt.WRITE;
            }
            long memattr = pte & (0xfL << 2);
            if (memattr == IoPgtableLpae.PTE_MEMATTR_DEV) {
                prot |= IommuProt.MMIO;
            } else if (memattr == IoPgtableLpae.PTE_MEMATTR_OIWB) {
                prot |= IommuProt.CACHE;
            }
        } else {
            prot |= IommuProt.READ;
            if ((pte & IoPgtableLpae.PTE_AP_RDONLY) == 0) {
                prot |= IommuProt.WRITE;
            }
            if ((pte & IoPgtableLpae.PTE_AP_UNPRIV) == 0) {
                prot |= IommuProt.PRIV;
            }
            int idx = (int) ((pte >>> IoPgtableLpae.PTE_ATTRINDX_SHIFT) & 0x7);
            if (idx == IoPgtableLpae.MAIR_ATTR_IDX_DEV) {
                prot |= IommuProt.MMIO;
            } else if (idx == IoPgtableLpae.MAIR_ATTR_IDX_CACHE) {
                prot |= IommuProt.CACHE;
            }
        }
        if ((pte & IoPgtableLpae.PTE_XN) != 0) {
            prot |= IommuProt.NOEXEC;
        }
        return prot;
    }

    private static boolean walkV7s(PhysicalMemory mem, IoPgtableConfig cfg, long root, long iova, Result r) {
        if ((iova >>> cfg.ias()) != 0) {
            return r.fault(Fault.TRANSLATION, 1, 0, 0);
        }
        int idx1 = (int) ((iova >>> 20) & ((1L << (cfg.ias() - 20)) - 1));
        long pa1 = root + 4L * idx1;
        int pte = mem.read32(pa1);
        r.step(1, idx1, root, pte & 0xffff_ffffL);
        int type = pte & 0x3;
        if (type == 0) {
            return r.fault(Fault.TRANSLATION, 1, pte & 0xffff_ffffL, pa1);
        }
        if (type == IoPgtableV7s.PTE_TYPE_TABLE) {
            long table = pte & 0xffff_fc00L;
            int idx2 = (int) ((iova >>> 12) & 0xff);
            long pa2 = table + 4L * idx2;
            int pte2 = mem.read32(pa2);
            r.step(2, idx2, table, pte2 & 0xffff_ffffL);
            int t2 = pte2 & 0x3;
            if (t2 == 0) {
                return r.fault(Fault.TRANSLATION, 2, pte2 & 0xffff_ffffL, pa2);
            }
            r.level = 2;
            r.pte = pte2 & 0xffff_ffffL;
            r.pteAddress = pa2;
            r.nsTable = (pte & IoPgtableV7s.ATTR_NS_TABLE) != 0;
            int plain;
            if (t2 == IoPgtableV7s.PTE_TYPE_CONT_PAGE) {
                r.blockSize = IoPgtableConfig.SZ_64K;
                r.outputAddress = (pte2 & 0xffff_0000L) | (iova & 0xffffL);
                r.contiguous = true;
                plain = IoPgtableV7s.contToPte(pte2, 2);
            } else {
                r.blockSize = IoPgtableConfig.SZ_4K;
                r.outputAddress = (pte2 & 0xffff_f000L) | (iova & 0xfffL);
                plain = pte2;
            }
            r.prot = IoPgtableV7s.pteToProt(plain, 2);
            r.accessFlag = ((plain >>> IoPgtableV7s.attrShift(2)) & IoPgtableV7s.PTE_AF) != 0;
            return true;
        }
        r.level = 1;
        r.pte = pte & 0xffff_ffffL;
        r.pteAddress = pa1;
        if ((pte & IoPgtableV7s.CONT_SECTION) != 0) {
            r.blockSize = IoPgtableConfig.SZ_16M;
            r.outputAddress = (pte & 0xff00_0000L) | (iova & 0xff_ffffL);
            r.contiguous = true;
        } else {
            r.blockSize = IoPgtableConfig.SZ_1M;
            r.outputAddress = (pte & 0xfff0_0000L) | (iova & 0xf_ffffL);
        }
        r.prot = IoPgtableV7s.pteToProt(pte, 1);
        r.ns = (pte & IoPgtableV7s.ATTR_NS_SECTION) != 0;
        r.accessFlag = ((pte >>> IoPgtableV7s.attrShift(1)) & IoPgtableV7s.PTE_AF) != 0;
        return true;
    }
}
