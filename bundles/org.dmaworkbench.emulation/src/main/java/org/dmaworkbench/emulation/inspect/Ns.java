package org.dmaworkbench.emulation.inspect;

/** Virtual times as the kernel log prints them and durations in the unit that reads best. */
public final class Ns {
    private Ns() {
    }

    /** {@code 4.340277 ms} of virtual time: milliseconds with six decimals (nanoseconds). */
    public static String format(long ns) {
        return String.format("%d.%06d ms", ns / 1_000_000, Math.abs(ns % 1_000_000));
    }

    /** {@code 1.39 ms}, {@code 250 ns}, {@code 12.5 us}, {@code 2.000 s}. */
    public static String duration(long ns) {
        long a = Math.abs(ns);
        if (a < 1_000) {
            return ns + " ns";
        }
        if (a < 1_000_000) {
            return String.format("%.3g us", ns / 1e3);
        }
        if (a < 1_000_000_000) {
            return String.format("%.3g ms", ns / 1e6);
        }
        return String.format("%.3f s", ns / 1e9);
    }
}
