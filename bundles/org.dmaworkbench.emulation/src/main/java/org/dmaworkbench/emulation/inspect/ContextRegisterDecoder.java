package org.dmaworkbench.emulation.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * The IPMMU context and micro-TLB registers decoded field by field, with the layouts drivers/iommu/ipmmu-vmsa.c
 * defines (IMCTR, IMTTBCR, IMMAIR0, IMSTR, IMUCTR) and programs in {@code ipmmu_domain_setup_context()} and
 * {@code ipmmu_utlb_enable()}.
 */
public final class ContextRegisterDecoder {
    private static final String[] SH = { "non-shareable", "reserved", "outer shareable", "inner shareable" };
    private static final String[] RGN = { "non-cacheable", "write-back write-allocate", "write-through",
            "write-back no write-allocate" };

    private ContextRegisterDecoder() {
    }

    /** IMCTR: MMUEN bit 0, FLUSH bit 1, INTEN bit 2 (ipmmu-vmsa.c IMCTR_*). */
    public static List<Field> imctr(int v) {
        List<Field> f = new ArrayList<>();
        f.add(new Field("MMUEN", "[0]", v & 1, (v & 1) != 0 ? "translation on" : "translation off"));
        f.add(new Field("FLUSH", "[1]", (v >>> 1) & 1, (v & 2) != 0 ? "TLB flush requested" : "no flush pending"));
        f.add(new Field("INTEN", "[2]", (v >>> 2) & 1, (v & 4) != 0 ? "fault interrupt enabled" : "no interrupt"));
        return f;
    }

    /**
     * IMTTBCR (TTBCR): EAE bit 31, SH0 [13:12], ORGN0 [11:10], IRGN0 [9:8], SL0 [5:4] (the two-bit SL0 [7:6] of
     * later SoCs is read when set), T0SZ [2:0].
     */
    public static List<Field> imttbcr(int v) {
        List<Field> f = new ArrayList<>();
        f.add(new Field("EAE", "[31]", (v >>> 31) & 1, (v >>> 31) != 0 ? "long-descriptor (LPAE) format"
                : "short-descriptor format"));
        int sh = (v >>> 12) & 3;
        f.add(new Field("SH0", "[13:12]", sh, SH[sh] + " table walks"));
        int orgn = (v >>> 10) & 3;
        f.add(new Field("ORGN0", "[11:10]", orgn, "outer " + RGN[orgn] + " table walks"));
        int irgn = (v >>> 8) & 3;
        f.add(new Field("IRGN0", "[9:8]", irgn, "inner " + RGN[irgn] + " table walks"));
        int sl2 = (v >>> 6) & 3;
        int sl0 = (v >>> 4) & 3;
        if (sl2 != 0) {
            f.add(new Field("SL0", "[7:6]", sl2, "walk starts at level " + (sl2 == 2 ? 1 : sl2 == 1 ? 2 : 0)));
        } else {
            f.add(new Field("SL0", "[5:4]", sl0, "walk starts at level " + (sl0 == 1 ? 1 : sl0 == 0 ? 2 : 0)));
        }
        int t0sz = v & 7;
        f.add(new Field("T0SZ", "[2:0]", t0sz, (32 - t0sz) + "-bit input address space"));
        return f;
    }

    /** IMMAIR0: attribute bytes 0..3, each with its memory type. */
    public static List<Field> mair(int v) {
        List<Field> f = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int a = MairDecoder.attr(v & 0xffffffffL, i);
            f.add(new Field("Attr" + i, "[" + (8 * i + 7) + ":" + (8 * i) + "]", a,
                    String.format("0x%02x: %s", a, MairDecoder.describe(a))));
        }
        return f;
    }

    /** IMSTR: TF bit 0, PF bit 1, ABORT bit 2, MHIT bit 4. */
    public static List<Field> imstr(int v) {
        List<Field> f = new ArrayList<>();
        f.add(new Field("TF", "[0]", v & 1, (v & 1) != 0 ? "translation fault latched" : "no translation fault"));
        f.add(new Field("PF", "[1]", (v >>> 1) & 1, (v & 2) != 0 ? "permission fault latched" : "no permission fault"));
        f.add(new Field("ABORT", "[2]", (v >>> 2) & 1, (v & 4) != 0 ? "table walk abort latched" : "no walk abort"));
        f.add(new Field("MHIT", "[4]", (v >>> 4) & 1, (v & 16) != 0 ? "multiple TLB hits" : "no multiple hit"));
        return f;
    }

    /** IMUCTR: MMUEN bit 0, FLUSH bit 1, TTSEL [7:4] (the context). */
    public static List<Field> imuctr(int v) {
        List<Field> f = new ArrayList<>();
        f.add(new Field("MMUEN", "[0]", v & 1, (v & 1) != 0 ? "translated" : "bypass"));
        f.add(new Field("TTSEL", "[7:4]", (v >>> 4) & 0xf, "context " + ((v >>> 4) & 0xf)));
        return f;
    }

    /** "MMUEN=1 (translation on), ..." on one line. */
    public static String oneLine(List<Field> fields) {
        StringBuilder sb = new StringBuilder();
        for (Field x : fields) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(x.name()).append('=').append(x.value()).append(" (").append(x.meaning()).append(')');
        }
        return sb.toString();
    }
}
