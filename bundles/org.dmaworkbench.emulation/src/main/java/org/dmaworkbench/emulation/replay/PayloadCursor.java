package org.dmaworkbench.emulation.replay;

import java.util.Arrays;

import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;

/**
 * Reads the fields of a {@code TP_printk} text (include/trace/events/dma.h and iommu.h of Linux 6.12) from a
 * char buffer: literal labels, {@code %llx} / {@code %zu} / {@code %d} numbers, {@code __print_array()} lists
 * {@code {0x..,0x..}}, and the symbolic direction and {@code decode_dma_attrs()} flags. Errors throw a
 * {@link PayloadException} carrying the column. Allocates nothing on success except when an array outgrows the
 * reusable buffers.
 */
final class PayloadCursor {
    /** A payload that does not follow the event's format; {@link #offset} is where reading stopped. */
    static final class PayloadException extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        PayloadException(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private static final String[] ATTR_NAMES = { "WEAK_ORDERING", "WRITE_COMBINE", "NO_KERNEL_MAPPING",
            "SKIP_CPU_SYNC", "FORCE_CONTIGUOUS", "ALLOC_SINGLE_PAGES", "NO_WARN", "PRIVILEGED" };
    private static final long[] ATTR_BITS = { DmaAttrs.WEAK_ORDERING, DmaAttrs.WRITE_COMBINE,
            DmaAttrs.NO_KERNEL_MAPPING, DmaAttrs.SKIP_CPU_SYNC, DmaAttrs.FORCE_CONTIGUOUS,
            DmaAttrs.ALLOC_SINGLE_PAGES, DmaAttrs.NO_WARN, DmaAttrs.PRIVILEGED };

    char[] b;
    int p;
    int e;

    void reset(char[] buf, int start, int end) {
        b = buf;
        p = start;
        e = end;
    }

    boolean atEnd() {
        return p >= e;
    }

    PayloadException error(String what) {
        return new PayloadException(what, p);
    }

    void expect(String literal) throws PayloadException {
        if (!FtraceLineParser.startsWith(b, p, e, literal)) {
            throw error("expected '" + literal.trim() + "'");
        }
        p += literal.length();
    }

    boolean accept(String literal) {
        if (FtraceLineParser.startsWith(b, p, e, literal)) {
            p += literal.length();
            return true;
        }
        return false;
    }

    void expectEnd() throws PayloadException {
        while (p < e && b[p] == ' ') {
            p++;
        }
        if (p < e) {
            throw error("unexpected text after the last field");
        }
    }

    /** The device name: everything up to " dir=" (dev_name() has no spaces, but be lenient). Returns its end. */
    int deviceEnd() throws PayloadException {
        int s = p;
        for (int i = p; i < e; i++) {
            if (b[i] == ' ' && FtraceLineParser.startsWith(b, i, e, " dir=")) {
                if (i == s) {
                    break;
                }
                p = i;
                return i;
            }
        }
        throw error("expected '<device> dir='");
    }

    /** A token up to the next space (or the end). Returns its end; p is left at it. */
    int token() {
        while (p < e && b[p] != ' ') {
            p++;
        }
        return p;
    }

    DmaDirection direction() throws PayloadException {
        if (accept("BIDIRECTIONAL")) {
            return DmaDirection.BIDIRECTIONAL;
        }
        if (accept("TO_DEVICE")) {
            return DmaDirection.TO_DEVICE;
        }
        if (accept("FROM_DEVICE")) {
            return DmaDirection.FROM_DEVICE;
        }
        if (accept("NONE")) {
            return DmaDirection.NONE;
        }
        throw error("unknown DMA direction");
    }

    /** {@code %llx}: 1 to 16 hex digits, no prefix. */
    long hex() throws PayloadException {
        int s = p;
        long v = 0;
        while (p < e) {
            int d = Character.digit(b[p], 16);
            if (d < 0) {
                break;
            }
            v = (v << 4) | d;
            p++;
        }
        if (p == s || p - s > 16) {
            p = s;
            throw error("expected a hexadecimal number");
        }
        return v;
    }

    /** {@code 0x} then {@code %llx} */
    long hex0x() throws PayloadException {
        expect("0x");
        return hex();
    }

    /** {@code %zu} / {@code %lu}: an unsigned decimal up to 2^64 - 1. */
    long unsigned() throws PayloadException {
        int s = p;
        long v = 0;
        while (p < e && b[p] >= '0' && b[p] <= '9') {
            int d = b[p] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw error("number too large");
            }
            v = v * 10 + d;
            p++;
        }
        if (p == s) {
            throw error("expected a decimal number");
        }
        return v;
    }

    /** {@code %d} */
    int signedInt() throws PayloadException {
        boolean neg = accept("-");
        long v = unsigned();
        if (v > Integer.MAX_VALUE) {
            throw error("number too large");
        }
        return (int) (neg ? -v : v);
    }

    /**
     * {@code %p}: 1..16 hex digits (no_hash_pointers or the hashed id), or "(null)" (0). The printk placeholder
     * "(____ptrval____)" gives {@code unknown}.
     */
    long pointer(long unknown) throws PayloadException {
        if (accept("(null)")) {
            return 0;
        }
        if (accept("(____ptrval____)")) {
            return unknown;
        }
        return hex();
    }

    /** {@code decode_dma_attrs()}: names joined by '|', unknown bits as 0x..; may be empty. Reads to the end. */
    long attrs() throws PayloadException {
        long v = 0;
        while (p < e && b[p] != ' ') {
            if (b[p] == '0' && p + 1 < e && b[p + 1] == 'x') {
                p += 2;
                v |= hex();
            } else {
                int i = 0;
                for (; i < ATTR_NAMES.length; i++) {
                    if (accept(ATTR_NAMES[i])) {
                        v |= ATTR_BITS[i];
                        break;
                    }
                }
                if (i == ATTR_NAMES.length) {
                    throw error("unknown DMA attribute");
                }
            }
            if (p < e && b[p] == '|') {
                p++;
            } else {
                break;
            }
        }
        return v;
    }

    /** {@code __print_array()}: "{0x..,0x..}" into {@code out} (grown as needed); returns the count. */
    int array(long[][] out) throws PayloadException {
        expect("{");
        int n = 0;
        long[] a = out[0];
        if (accept("}")) {
            return 0;
        }
        for (;;) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                out[0] = a;
            }
            a[n++] = hex0x();
            if (accept("}")) {
                return n;
            }
            expect(",");
        }
    }
}
