package org.dmaworkbench.hw.iommu.pgtable;

import java.util.Locale;

/**
 * The IOMMU_* protection flags of include/linux/iommu.h that callers pass to map, with parsing from and
 * formatting to a comma list such as {@code read,write,mmio}.
 */
public final class IommuProt {
    public static final int READ = 1 << 0;
    public static final int WRITE = 1 << 1;
    /** DMA cache coherency */
    public static final int CACHE = 1 << 2;
    public static final int NOEXEC = 1 << 3;
    /** e.g. MSI doorbells or, with dma_map_resource(), a peripheral's FIFO */
    public static final int MMIO = 1 << 4;
    /** privileged (supervisor) rather than user access */
    public static final int PRIV = 1 << 5;

    private static final String[] NAMES = { "read", "write", "cache", "noexec", "mmio", "priv" };

    private IommuProt() {
    }

    /**
     * @param list comma-separated flag names (case-insensitive), e.g. {@code read,write,cache}
     * @return the flag bits
     * @throws IllegalArgumentException naming the unknown flag
     */
    public static int parse(String list) {
        int prot = 0;
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("empty protection list (expected a comma list of read,write,cache,noexec,mmio,priv)");
        }
        for (String part : list.split(",", -1)) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            int bit = -1;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(p)) {
                    bit = i;
                }
            }
            if (bit < 0) {
                throw new IllegalArgumentException("unknown protection flag '" + part.trim()
                        + "' (expected read, write, cache, noexec, mmio or priv)");
            }
            prot |= 1 << bit;
        }
        return prot;
    }

    /** @return the set flags as a comma list in bit order, "none" when no flag is set; unknown bits as hex */
    public static String format(int prot) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((prot & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(NAMES[i]);
            }
        }
        int unknown = prot & ~((1 << NAMES.length) - 1);
        if (unknown != 0) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(String.format("0x%x", unknown));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
