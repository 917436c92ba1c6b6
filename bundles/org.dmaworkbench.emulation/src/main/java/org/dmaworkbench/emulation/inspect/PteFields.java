package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableLpae;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableV7s;

/**
 * A page-table descriptor decoded field by field, with AttrIndx resolved through the context's MAIR: what the IOMMU
 * view lists for a selected entry. Bit positions are those of io-pgtable-arm.c ({@code ARM_LPAE_PTE_*}) and
 * io-pgtable-arm-v7s.c ({@code ARM_V7S_*}).
 *
 * @param kind        {@code table}, {@code block}, {@code page}, {@code section}, {@code supersection},
 *                    {@code large page} or {@code invalid}
 * @param fields      the fields, low bits first
 * @param memoryType  what the leaf's memory type is ({@code device memory (Device-nGnRE)}), "" for tables
 * @param writable    whether the leaf allows writes (AP / S2AP), false for tables and invalid entries
 */
public record PteFields(String kind, List<Field> fields, String memoryType, boolean writable) {

    public PteFields {
        fields = List.copyOf(fields);
    }

    /** The field named {@code name}, or null. */
    public Field field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** Decodes with the MAIR of {@code regs} (null: not known). */
    public static PteFields decode(IoPgtableConfig cfg, int level, long raw,
            org.dmaworkbench.emulation.live.IommuDomainSnapshot.ContextRegisters regs) {
        return decode(cfg, level, raw, regs == null ? -1 : regs.mair() & 0xffffffffL);
    }

    /**
     * @param cfg   the page table's configuration (format, granule)
     * @param level the kernel's level number of the table holding the descriptor
     * @param raw   the descriptor
     * @param mair  the context's MAIR (IMMAIR0), used for AttrIndx; negative when unknown
     */
    public static PteFields decode(IoPgtableConfig cfg, int level, long raw, long mair) {
        return cfg.format().isLpae() ? lpae(cfg, level, raw, mair) : v7s(level, (int) raw);
    }

    private static PteFields lpae(IoPgtableConfig cfg, int level, long pte, long mair) {
        List<Field> f = new ArrayList<>();
        if ((pte & IoPgtableLpae.PTE_VALID) == 0) {
            f.add(new Field("valid", "[0]", 0, "invalid: a walk reaching it faults"));
            return new PteFields("invalid", f, "", false);
        }
        long type = pte & IoPgtableLpae.PTE_TYPE_MASK;
        long addr = IoPgtableLpae.pteToPaddr(pte, cfg.granule());
        if (level < 3 && type == IoPgtableLpae.PTE_TYPE_TABLE) {
            f.add(new Field("type", "[1:0]", type, "table descriptor"));
            f.add(new Field("next table", "[47:12]", addr, String.format("0x%x", addr)));
            f.add(new Field("NSTable", "[63]", pte >>> 63, (pte & IoPgtableLpae.PTE_NSTABLE) != 0
                    ? "next level is non-secure" : "next level is secure"));
            f.add(new Field("APTable", "[62:61]", (pte >>> 61) & 3, ((pte >>> 61) & 3) == 0 ? "no restriction"
                    : ((pte >>> 62) & 1) != 0 ? "read-only below" : "no unprivileged access below"));
            return new PteFields("table", f, "", false);
        }
        if (level == 3 && type != IoPgtableLpae.PTE_TYPE_PAGE) {
            f.add(new Field("type", "[1:0]", type, "reserved at level 3: a walk reaching it faults"));
            return new PteFields("invalid", f, "", false);
        }
        String kind = level == 3 ? "page" : "block";
        f.add(new Field("type", "[1:0]", type, kind + " descriptor"));
        f.add(new Field("output address", "[47:12]", addr, String.format("0x%x", addr)));
        String memType;
        boolean writable;
        if (cfg.format().isStage2()) {
            int memattr = (int) (pte >>> 2) & 0xf;
            memType = (memattr & 0xc) == 0 ? "device memory" : memattr == 0x5 ? "normal memory, non-cacheable"
                    : "normal memory, cacheable";
            f.add(new Field("MemAttr", "[5:2]", memattr, memType));
            int hap = (int) (pte >>> 6) & 3;
            writable = (hap & 2) != 0;
            f.add(new Field("S2AP", "[7:6]", hap, hap == 3 ? "read/write" : hap == 2 ? "write only"
                    : hap == 1 ? "read only" : "no access"));
        } else {
            int idx = (int) (pte >>> IoPgtableLpae.PTE_ATTRINDX_SHIFT) & 7;
            if (mair >= 0 && idx < 8) {
                int attr = MairDecoder.attr(mair, idx);
                memType = MairDecoder.describe(attr);
                f.add(new Field("AttrIndx", "[4:2]", idx, String.format("MAIR attr%d = 0x%02x: %s", idx, attr, memType)));
            } else {
                memType = "";
                f.add(new Field("AttrIndx", "[4:2]", idx, "MAIR index " + idx + " (MAIR not known)"));
            }
            f.add(new Field("NS", "[5]", (pte >>> 5) & 1, (pte & IoPgtableLpae.PTE_NS) != 0
                    ? "non-secure output address" : "secure output address"));
            int ap = (int) (pte >>> 6) & 3;
            writable = (ap & 2) == 0;
            f.add(new Field("AP[2:1]", "[7:6]", ap, (writable ? "read/write" : "read-only")
                    + ((ap & 1) != 0 ? ", unprivileged access allowed" : ", privileged only")));
        }
        int sh = (int) (pte >>> 8) & 3;
        f.add(new Field("SH", "[9:8]", sh, sh == 0 ? "non-shareable" : sh == 2 ? "outer shareable"
                : sh == 3 ? "inner shareable" : "reserved"));
        f.add(new Field("AF", "[10]", (pte >>> 10) & 1, (pte & IoPgtableLpae.PTE_AF) != 0 ? "accessed"
                : "not accessed: an access faults"));
        if (!cfg.format().isStage2()) {
            f.add(new Field("nG", "[11]", (pte >>> 11) & 1, (pte & IoPgtableLpae.PTE_NG) != 0
                    ? "not global (ASID tagged)" : "global"));
        }
        f.add(new Field("Contiguous", "[52]", (pte >>> 52) & 1, (pte & (1L << 52)) != 0
                ? "part of a contiguous run" : "no"));
        long xn = (pte >>> 53) & 3;
        f.add(new Field("XN", "[54:53]", xn, xn == 3 ? "execute never" : xn == 0 ? "executable"
                : (xn & 2) != 0 ? "unprivileged execute never" : "privileged execute never"));
        return new PteFields(kind, f, memType, writable);
    }

    private static PteFields v7s(int level, int pte) {
        List<Field> f = new ArrayList<>();
        int type = pte & 3;
        if (type == 0) {
            f.add(new Field("type", "[1:0]", 0, "invalid: a walk reaching it faults"));
            return new PteFields("invalid", f, "", false);
        }
        String kind;
        int attrs;
        int tex;
        boolean xn;
        long addr;
        if (level == 1) {
            if (type == IoPgtableV7s.PTE_TYPE_TABLE) {
                f.add(new Field("type", "[1:0]", type, "page table descriptor"));
                f.add(new Field("next table", "[31:10]", pte & 0xffff_fc00L, String.format("0x%x", pte & 0xffff_fc00L)));
                f.add(new Field("NS", "[3]", (pte >>> 3) & 1, (pte & IoPgtableV7s.ATTR_NS_TABLE) != 0
                        ? "non-secure" : "secure"));
                return new PteFields("table", f, "", false);
            }
            boolean sup = (pte & IoPgtableV7s.CONT_SECTION) != 0;
            kind = sup ? "supersection" : "section";
            addr = sup ? pte & 0xff00_0000L : pte & 0xfff0_0000L;
            f.add(new Field("type", "[1:0]", type, kind + " descriptor" + (sup ? " (bit 18 set)" : "")));
            f.add(new Field("output address", sup ? "[31:24]" : "[31:20]", addr, String.format("0x%x", addr)));
            attrs = (pte >>> IoPgtableV7s.attrShift(1)) & 0xff;
            tex = (attrs >>> IoPgtableV7s.TEX_SHIFT) & IoPgtableV7s.TEX_MASK;
            xn = (pte & IoPgtableV7s.attrXn(1)) != 0;
            f.add(new Field("NS", "[19]", (pte >>> 19) & 1, (pte & IoPgtableV7s.ATTR_NS_SECTION) != 0
                    ? "non-secure" : "secure"));
        } else if (type == IoPgtableV7s.PTE_TYPE_CONT_PAGE) {
            kind = "large page";
            addr = pte & 0xffff_0000L;
            f.add(new Field("type", "[1:0]", type, "large page 64K"));
            f.add(new Field("output address", "[31:16]", addr, String.format("0x%x", addr)));
            attrs = (pte >>> IoPgtableV7s.attrShift(2)) & 0xff;
            tex = (pte >>> 12) & IoPgtableV7s.TEX_MASK;
            xn = (pte & (1 << IoPgtableV7s.CONT_PAGE_XN_SHIFT)) != 0;
        } else {
            kind = "page";
            addr = pte & 0xffff_f000L;
            f.add(new Field("type", "[1:0]", type, "small page 4K"));
            f.add(new Field("output address", "[31:12]", addr, String.format("0x%x", addr)));
            attrs = (pte >>> IoPgtableV7s.attrShift(2)) & 0xff;
            tex = (attrs >>> IoPgtableV7s.TEX_SHIFT) & IoPgtableV7s.TEX_MASK;
            xn = (pte & IoPgtableV7s.attrXn(2)) != 0;
        }
        boolean c = (pte & IoPgtableV7s.ATTR_C) != 0;
        boolean b = (pte & IoPgtableV7s.ATTR_B) != 0;
        // with TEX remap off (io-pgtable-arm-v7s sets PRRR/NMRR but the IPMMU has none): TEX/C/B as in ARMv7
        String memType = tex == 0 && !c && b ? "device memory (shareable device)" : tex == 0 && !c && !b
                ? "strongly-ordered memory" : tex == 1 && !c && !b ? "normal memory, non-cacheable"
                : "normal memory, cacheable";
        f.add(new Field("TEX", "", tex, "type extension"));
        f.add(new Field("C", "[3]", c ? 1 : 0, c ? "cacheable" : "not cacheable"));
        f.add(new Field("B", "[2]", b ? 1 : 0, b ? "bufferable" : "not bufferable"));
        boolean ro = (attrs & IoPgtableV7s.PTE_AP_RDONLY) != 0;
        f.add(new Field("AP", "", (ro ? 2 : 0) | ((attrs & IoPgtableV7s.PTE_AP_UNPRIV) != 0 ? 1 : 0), (ro ? "read-only" : "read/write")
                + ((attrs & IoPgtableV7s.PTE_AP_UNPRIV) != 0 ? ", unprivileged access allowed" : ", privileged only")));
        f.add(new Field("AF", "", (attrs & IoPgtableV7s.PTE_AF) != 0 ? 1 : 0,
                (attrs & IoPgtableV7s.PTE_AF) != 0 ? "accessed" : "not accessed"));
        f.add(new Field("S", "", (attrs & IoPgtableV7s.ATTR_S) != 0 ? 1 : 0,
                (attrs & IoPgtableV7s.ATTR_S) != 0 ? "shareable" : "not shareable"));
        f.add(new Field("nG", "", (attrs & IoPgtableV7s.ATTR_NG) != 0 ? 1 : 0,
                (attrs & IoPgtableV7s.ATTR_NG) != 0 ? "not global" : "global"));
        f.add(new Field("XN", "", xn ? 1 : 0, xn ? "execute never" : "executable"));
        return new PteFields(kind, f, memType, !ro);
    }
}
