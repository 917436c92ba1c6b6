package org.dmaworkbench.hw.iommu;

import org.dmaworkbench.hw.mem.BusErrorException;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * The IPMMU's hardware table walker for the ARM 32-bit LPAE stage-1 long-descriptor format with a 4 KiB
 * granule: a 32-bit IOVA, three levels starting at level 1 (4 entries, IOVA bits 31:30), level 2 (bits
 * 29:21) and level 3 (bits 20:12), 40-bit output. It reads each descriptor as a little-endian 64-bit word
 * from physical memory, the result the kernel's software walk {@code arm_lpae_iova_to_phys()} in
 * io-pgtable-arm.c computes for the same tables, plus the access checks the hardware makes:
 * <ul>
 * <li>invalid descriptor (bit 0 clear), reserved level-3 encoding 0b01, Access Flag (bit 10) clear, output
 * address beyond 40 bits, or an IOVA beyond 32 bits: translation fault (IMSTR.TF);</li>
 * <li>write to a leaf with AP[2] (bit 7, read-only) or under a table with APTable[1] (bit 62): permission
 * fault (IMSTR.PF);</li>
 * <li>NSTable (bit 63) or NS (bit 5) clear when {@code requireNs}: permission fault, the "secure access
 * page fault" ipmmu_domain_init_context() describes for non-secure operation;</li>
 * <li>a descriptor read that hits nothing on the bus: walk abort (IMSTR.ABORT).</li>
 * </ul>
 * Walking never throws for any table contents.
 */
public final class LpaeWalker {
    public static final long PTE_TYPE_MASK = 0x3;
    public static final long PTE_TYPE_BLOCK = 1;
    public static final long PTE_TYPE_TABLE = 3;
    public static final long PTE_TYPE_PAGE = 3;
    public static final long PTE_NS = 1L << 5;
    public static final long PTE_AP_UNPRIV = 1L << 6;
    public static final long PTE_AP_RDONLY = 1L << 7;
    public static final long PTE_AF = 1L << 10;
    public static final long PTE_NG = 1L << 11;
    public static final long PTE_APTABLE_RDONLY = 1L << 62;
    public static final long PTE_NSTABLE = 1L << 63;
    /** Output address bits 47:12 of a descriptor; only 39:0 are wired on a 40-bit bus. */
    public static final long PTE_ADDR_MASK = 0x0000_ffff_ffff_f000L;
    private static final long OA_LIMIT = 1L << 40;

    /** How a walk ended. */
    public enum Outcome {
        OK, TRANSLATION_FAULT, PERMISSION_FAULT, WALK_ABORT
    }

    /**
     * One table walk.
     *
     * @param iova        input address
     * @param ttbr        table base the walk started from
     * @param addresses   physical address of the descriptor read at each level (index 0 = level 1); 0 where not read
     * @param descriptors descriptor read at each level
     * @param lastLevel   level of the last descriptor read (1..3), or 0 if none was read
     * @param outcome     result
     * @param pa          output address when OK
     * @param blockShift  log2 of the leaf's size when OK: 12, 21 or 30
     * @param readOnly    the leaf (or a table above it) forbids writes
     * @param attrIndx    AttrIndx of the leaf (MAIR index)
     */
    public record Walk(long iova, long ttbr, long[] addresses, long[] descriptors, int lastLevel, Outcome outcome, long pa,
            int blockShift, boolean readOnly, int attrIndx) {

        public boolean ok() {
            return outcome == Outcome.OK;
        }

        /** @return the IMSTR bit this outcome sets, 0 when OK */
        public int imstrStatus() {
            switch (outcome) {
                case TRANSLATION_FAULT: return Ipmmu.IMSTR_TF;
                case PERMISSION_FAULT: return Ipmmu.IMSTR_PF;
                case WALK_ABORT: return Ipmmu.IMSTR_ABORT;
                default: return 0;
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("walk 0x%x from TTBR 0x%x:", iova, ttbr));
            for (int l = 1; l <= lastLevel; l++) {
                sb.append(String.format(" L%d[0x%x]=0x%016x", l, addresses[l - 1], descriptors[l - 1]));
            }
            sb.append(" -> ").append(outcome);
            if (ok()) {
                sb.append(String.format(" 0x%x", pa));
            }
            return sb.toString();
        }
    }

    private LpaeWalker() {
    }

    /**
     * Walks the tables at {@code ttbr} for {@code iova}.
     *
     * @param memory    where the tables live (the IPMMU's view of physical memory)
     * @param requireNs fault when NSTable/NS are clear, as the IPMMU does in non-secure mode
     */
    public static Walk walk(PhysicalMemory memory, long ttbr, long iova, IommuAccess access, boolean requireNs) {
        long[] addrs = new long[3];
        long[] descs = new long[3];
        if ((iova >>> 32) != 0) {
            return new Walk(iova, ttbr, addrs, descs, 0, Outcome.TRANSLATION_FAULT, 0, 0, false, 0);
        }
        long table = ttbr & 0xff_ffff_ffe0L;
        boolean tableReadOnly = false;
        for (int level = 1; level <= 3; level++) {
            int shift = 12 + 9 * (3 - level);
            long index = (iova >>> shift) & (level == 1 ? 0x3 : 0x1ff);
            long da = table + index * 8;
            long desc;
            try {
                desc = memory.read64(da);
            } catch (BusErrorException e) {
                addrs[level - 1] = da;
                return new Walk(iova, ttbr, addrs, descs, level, Outcome.WALK_ABORT, 0, 0, false, 0);
            }
            addrs[level - 1] = da;
            descs[level - 1] = desc;
            long type = desc & PTE_TYPE_MASK;
            if ((desc & 1) == 0 || (level == 3 && type == PTE_TYPE_BLOCK)) {
                return new Walk(iova, ttbr, addrs, descs, level, Outcome.TRANSLATION_FAULT, 0, 0, false, 0);
            }
            if (level < 3 && type == PTE_TYPE_TABLE) {
                if (requireNs && (desc & PTE_NSTABLE) == 0) {
                    return new Walk(iova, ttbr, addrs, descs, level, Outcome.PERMISSION_FAULT, 0, 0, false, 0);
                }
                tableReadOnly |= (desc & PTE_APTABLE_RDONLY) != 0;
                long next = desc & PTE_ADDR_MASK;
                if (next >= OA_LIMIT) {
                    return new Walk(iova, ttbr, addrs, descs, level, Outcome.TRANSLATION_FAULT, 0, 0, false, 0);
                }
                table = next;
                continue;
            }
            // leaf: block at level 1/2, page at level 3
            long out = desc & PTE_ADDR_MASK & ~((1L << shift) - 1);
            boolean readOnly = tableReadOnly || (desc & PTE_AP_RDONLY) != 0;
            int attrIndx = (int) (desc >>> 2) & 0x7;
            Outcome o;
            if ((desc & PTE_AF) == 0 || out >= OA_LIMIT) {
                o = Outcome.TRANSLATION_FAULT;
            } else if (requireNs && (desc & PTE_NS) == 0) {
                o = Outcome.PERMISSION_FAULT;
            } else if (readOnly && access == IommuAccess.WRITE) {
                o = Outcome.PERMISSION_FAULT;
            } else {
                o = Outcome.OK;
            }
            long pa = o == Outcome.OK ? out | (iova & ((1L << shift) - 1)) : 0;
            return new Walk(iova, ttbr, addrs, descs, level, o, pa, shift, readOnly, attrIndx);
        }
        throw new AssertionError("unreachable");
    }
}
