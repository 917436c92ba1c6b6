package org.dmaworkbench.hw.iommu.pgtable;

/**
 * Turns a raw descriptor into a line a driver author can read: kind (table, block, page, section...), output
 * address and the attribute fields by their architectural names (AttrIndx, AP, SH, AF, nG, NS, XN, NSTable for
 * LPAE stage 1; MemAttr and S2AP for stage 2; TEX/C/B, AP, S, nG, XN, NS for v7s). Bit positions are those of
 * io-pgtable-arm.c and io-pgtable-arm-v7s.c.
 */
public final class PteDecoder {
    private static final String[] ATTR_INDX = { "nc", "cache", "device", "inc-ocache" };
    private static final String[] SH = { "NS", "reserved", "OS", "IS" };

    private PteDecoder() {
    }

    /**
     * @param cfg   the allocated configuration (format, granule, quirks)
     * @param level the kernel's level number of the table holding the entry
     * @param pte   the raw value (v7s: the 32-bit value, zero-extended or not)
     */
    public static String describe(IoPgtableConfig cfg, int level, long pte) {
        return cfg.format().isLpae() ? lpae(cfg, level, pte) : v7s(level, (int) pte);
    }

    /** @return 4K, 2M, 1G, 512M, 4T... for exact binary multiples, hex otherwise */
    public static String size(long bytes) {
        String[] units = { "", "K", "M", "G", "T", "P" };
        for (int u = units.length - 1; u > 0; u--) {
            long unit = 1L << (10 * u);
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[u];
            }
        }
        return bytes < 1024 && bytes >= 0 ? Long.toString(bytes) : String.format("0x%x", bytes);
    }

    private static String lpae(IoPgtableConfig cfg, int level, long pte) {
        if (pte == 0) {
            return "invalid (empty)";
        }
        if ((pte & IoPgtableLpae.PTE_VALID) == 0) {
            return "invalid";
        }
        long type = pte & IoPgtableLpae.PTE_TYPE_MASK;
        long granule = cfg.granule();
        long addr = IoPgtableLpae.pteToPaddr(pte, granule);
        StringBuilder sb = new StringBuilder();
        if (level < 3 && type == IoPgtableLpae.PTE_TYPE_TABLE) {
            sb.append(String.format("table -> 0x%x", addr));
            if ((pte & IoPgtableLpae.PTE_NSTABLE) != 0) {
                sb.append(" NSTable");
            }
            if ((pte & IoPgtableLpae.PTE_SW_SYNC) != 0) {
                sb.append(" SW_SYNC");
            }
            return sb.toString();
        }
        if (level == 3 && type != IoPgtableLpae.PTE_TYPE_PAGE) {
            return "reserved (block encoding at level 3)";
        }
        int shift = (IoPgtableLpae.MAX_LEVELS - level) * cfg.bitsPerLevel() + 3;
        sb.append(level == 3 ? "page " : "block ").append(size(1L << shift)).append(String.format(" -> 0x%x", addr));
        if (cfg.format().isStage2()) {
            long memattr = (pte >>> 2) & 0xf;
            String kind = memattr == 0x1 ? "device" : memattr == 0xf ? "cache" : memattr == 0x5 ? "nc" : "other";
            long hap = (pte >>> 6) & 3;
            sb.append(String.format(" MemAttr=0x%x(%s) S2AP=%s", memattr, kind,
                    hap == 3 ? "rw" : hap == 2 ? "wo" : hap == 1 ? "ro" : "none"));
        } else {
            int idx = (int) ((pte >>> 2) & 7);
            sb.append(" AttrIndx=").append(idx).append('(').append(idx < ATTR_INDX.length ? ATTR_INDX[idx] : "?")
                    .append(')');
            sb.append(" AP=").append((pte & IoPgtableLpae.PTE_AP_RDONLY) != 0 ? "ro" : "rw")
                    .append((pte & IoPgtableLpae.PTE_AP_UNPRIV) != 0 ? ",unpriv" : ",priv");
        }
        sb.append(" SH=").append(SH[(int) ((pte >>> 8) & 3)]);
        if ((pte & IoPgtableLpae.PTE_AF) != 0) {
            sb.append(" AF");
        }
        if (!cfg.format().isStage2()) {
            if ((pte & IoPgtableLpae.PTE_NG) != 0) {
                sb.append(" nG");
            }
            if ((pte & IoPgtableLpae.PTE_NS) != 0) {
                sb.append(" NS");
            }
        }
        if ((pte & IoPgtableLpae.PTE_DBM) != 0) {
            sb.append(" DBM");
        }
        if ((pte & (1L << 52)) != 0) {
            sb.append(" Contig");
        }
        long xn = pte & IoPgtableLpae.PTE_XN;
        if (xn == IoPgtableLpae.PTE_XN) {
            sb.append(" XN");
        } else if (xn != 0) {
            sb.append((xn & (1L << 54)) != 0 ? " UXN" : " PXN");
        }
        return sb.toString();
    }

    private static String v7s(int level, int pte) {
        int type = pte & 3;
        if (type == 0) {
            return pte == 0 ? "invalid (empty)" : "invalid";
        }
        StringBuilder sb = new StringBuilder();
        int attrs;
        int tex;
        boolean xn;
        if (level == 1) {
            if (type == IoPgtableV7s.PTE_TYPE_TABLE) {
                sb.append(String.format("table -> 0x%x", pte & 0xffff_fc00L));
                if ((pte & IoPgtableV7s.ATTR_NS_TABLE) != 0) {
                    sb.append(" NS");
                }
                return sb.toString();
            }
            boolean sup = (pte & IoPgtableV7s.CONT_SECTION) != 0;
            sb.append(sup ? String.format("supersection 16M -> 0x%x", pte & 0xff00_0000L)
                    : String.format("section 1M -> 0x%x", pte & 0xfff0_0000L));
            attrs = (pte >>> IoPgtableV7s.attrShift(1)) & 0xff;
            tex = (attrs >>> IoPgtableV7s.TEX_SHIFT) & IoPgtableV7s.TEX_MASK;
            xn = (pte & IoPgtableV7s.attrXn(1)) != 0;
        } else if (type == IoPgtableV7s.PTE_TYPE_CONT_PAGE) {
            sb.append(String.format("large page 64K -> 0x%x", pte & 0xffff_0000L));
            attrs = (pte >>> IoPgtableV7s.attrShift(2)) & 0xff;
            tex = (pte >>> 12) & IoPgtableV7s.TEX_MASK;
            xn = (pte & (1 << IoPgtableV7s.CONT_PAGE_XN_SHIFT)) != 0;
        } else {
            sb.append(String.format("page 4K -> 0x%x", pte & 0xffff_f000L));
            attrs = (pte >>> IoPgtableV7s.attrShift(2)) & 0xff;
            tex = (attrs >>> IoPgtableV7s.TEX_SHIFT) & IoPgtableV7s.TEX_MASK;
            xn = (pte & IoPgtableV7s.attrXn(2)) != 0;
        }
        sb.append(" TEX=").append(tex);
        if ((pte & IoPgtableV7s.ATTR_C) != 0) {
            sb.append(" C");
        }
        if ((pte & IoPgtableV7s.ATTR_B) != 0) {
            sb.append(" B");
        }
        sb.append(" AP=").append((attrs & IoPgtableV7s.PTE_AP_RDONLY) != 0 ? "ro" : "rw")
                .append((attrs & IoPgtableV7s.PTE_AP_UNPRIV) != 0 ? ",unpriv" : ",priv");
        if ((attrs & IoPgtableV7s.PTE_AF) != 0) {
            sb.append(" AF");
        }
        if ((attrs & IoPgtableV7s.ATTR_S) != 0) {
            sb.append(" S");
        }
        if ((attrs & IoPgtableV7s.ATTR_NG) != 0) {
            sb.append(" nG");
        }
        if (xn) {
            sb.append(" XN");
        }
        if (level == 1 && (pte & IoPgtableV7s.ATTR_NS_SECTION) != 0) {
            sb.append(" NS");
        }
        return sb.toString();
    }
}
