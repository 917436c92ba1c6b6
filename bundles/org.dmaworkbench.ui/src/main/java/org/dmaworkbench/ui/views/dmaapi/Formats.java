package org.dmaworkbench.ui.views.dmaapi;

import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.kernel.dma.debug.DmaDebugMapErr;

/** How the DMA views print addresses, sizes and times. */
public final class Formats {
    private Formats() {
    }

    /** {@code 0x4000800c}: at least 8 hexadecimal digits. */
    public static String hex(long v) {
        return String.format("0x%08x", v);
    }

    /** Bytes with a binary unit: {@code 1 B}, {@code 4 KiB}, {@code 1.5 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v)) + " " + units[u];
    }

    /** Virtual time as {@code dmawb} prints it: {@code 6.510416 ms}; "" when unknown. */
    public static String time(long ns) {
        if (ns == Mapping.UNKNOWN_TIME) {
            return "";
        }
        return String.format("%d.%06d ms", ns / 1_000_000, Math.abs(ns % 1_000_000));
    }

    /** A duration with a unit that fits: {@code 850 ns}, {@code 12.5 µs}, {@code 3.25 ms}, {@code 1.5 s}. */
    public static String duration(long ns) {
        if (ns < 0) {
            return "";
        }
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format("%.1f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format("%.2f ms", ns / 1e6);
        }
        return String.format("%.2f s", ns / 1e9);
    }

    /** The map-error state in a few words. */
    public static String mapErr(DmaDebugMapErr e) {
        return switch (e) {
        case CHECKED -> Messages.MapErr_checked;
        case NOT_CHECKED -> Messages.MapErr_notChecked;
        default -> Messages.MapErr_notApplicable;
        };
    }

    /**
     * Parses a virtual time typed by the user: a number with an optional unit ({@code ns}, {@code us}/{@code µs},
     * {@code ms}, {@code s}; milliseconds when none), e.g. {@code 1.5ms}, {@code 1500 us}, {@code 0.0015 s}.
     *
     * @return nanoseconds, or -1 when it is not a time
     */
    public static long parseTime(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        long scale = 1_000_000;
        String[][] units = { { "ns", "1" }, { "us", "1000" }, { "µs", "1000" }, { "ms", "1000000" },
            { "s", "1000000000" } };
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                scale = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(t).multiply(java.math.BigDecimal.valueOf(scale));
            if (v.signum() < 0) {
                return -1;
            }
            return v.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
