package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * The DMA-API view's filter: words separated by blanks, all of which a mapping must match.
 * <ul>
 * <li>{@code leaked}: mappings that were live when their device's driver was unbound (dma-debug's "device driver
 * has pending DMA allocations while released from device").</li>
 * <li>{@code 0x40000000..0x40100000}: mappings whose DMA range or CPU physical range overlaps the half-open range
 * (hexadecimal with {@code 0x}, else decimal; either end may be left out: {@code 0xe6e60000..}).</li>
 * <li>{@code 0xe6e6000c}: mappings whose DMA or CPU range contains the address, or whose addresses contain the
 * digits (so typing an address narrows the table as it grows).</li>
 * <li>any other word: a case-insensitive part of the device, the driver, the type, the direction, a "Mapped at"
 * frame, or the hexadecimal digits of an address; a decimal number also matches the size.</li>
 * <li>{@code -word} (or {@code !word}): mappings that do not match the word.</li>
 * </ul>
 * Immutable. Tests a whole table without making row objects ({@link #rows}) or a single {@link Mapping}.
 */
public final class MappingFilter {
    /** Matches every mapping. */
    public static final MappingFilter ALL = new MappingFilter("", List.of(), null);

    private enum Kind { LEAKED, RANGE, TEXT }

    private record Term(Kind kind, boolean negated, String text, long from, long to, boolean hexDigits, long address,
            boolean isAddress, long decimal) {
    }

    private final String source;
    private final List<Term> terms;
    private final String problem;

    private MappingFilter(String source, List<Term> terms, String problem) {
        this.source = source;
        this.terms = terms;
        this.problem = problem;
    }

    /**
     * Parses filter text. Never fails: a word that is not valid as a range is taken as text, and
     * {@link #problem()} says why.
     */
    public static MappingFilter parse(String text) {
        String src = text == null ? "" : text.strip();
        List<Term> terms = new ArrayList<>();
        String problem = null;
        for (String w : src.split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            boolean neg = false;
            if ((w.startsWith("-") || w.startsWith("!")) && w.length() > 1) {
                neg = true;
                w = w.substring(1);
            }
            String lw = w.toLowerCase(Locale.ROOT);
            if (lw.equals("leaked")) {
                terms.add(new Term(Kind.LEAKED, neg, lw, 0, 0, false, 0, false, -1));
                continue;
            }
            int dots = lw.indexOf("..");
            if (dots >= 0) {
                String a = lw.substring(0, dots);
                String b = lw.substring(dots + 2);
                Long from = a.isEmpty() ? Long.valueOf(0) : number(a);
                Long to = b.isEmpty() ? Long.valueOf(-1) : number(b);
                if (from != null && to != null) {
                    if (Long.compareUnsigned(to, from) <= 0) {
                        problem = "'" + w + "': the range ends where it starts or before";
                    } else {
                        terms.add(new Term(Kind.RANGE, neg, lw, from, to, false, 0, false, -1));
                        continue;
                    }
                } else {
                    problem = "'" + w + "': a range is ADDRESS..ADDRESS (0x for hexadecimal)";
                }
            }
            String digits = lw.startsWith("0x") ? lw.substring(2) : lw;
            boolean hex = !digits.isEmpty() && digits.length() <= 16 && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            boolean isAddr = hex && lw.startsWith("0x");
            long addr = hex ? Long.parseUnsignedLong(digits, 16) : 0;
            long dec = lw.chars().allMatch(Character::isDigit) && lw.length() <= 18 ? Long.parseLong(lw) : -1;
            terms.add(new Term(Kind.TEXT, neg, lw, 0, 0, hex, addr, isAddr, dec));
        }
        return new MappingFilter(src, List.copyOf(terms), problem);
    }

    private static Long number(String s) {
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The text it was parsed from, stripped. */
    public String source() {
        return source;
    }

    /** Whether it matches everything. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Why a word was not taken as intended (e.g. a range that ends before it starts), null when all is well. */
    public String problem() {
        return problem;
    }

    /** Whether it asks for leaked mappings (a new unbind changes which mappings it matches). */
    public boolean usesLeaks() {
        return terms.stream().anyMatch(t -> t.kind == Kind.LEAKED);
    }

    /** Whether a mapping matches; {@code leaked} says whether it is leaked. */
    public boolean test(Mapping m, boolean leaked) {
        for (Term t : terms) {
            boolean hit = switch (t.kind) {
            case LEAKED -> leaked;
            case RANGE -> overlaps(t, m.dmaAddr(), m.size()) || overlaps(t, m.cpuPhys(), m.size());
            case TEXT -> textHit(t, m.device(), m.driver(), m.typeName(), m.directionName(), m.stack(),
                    m.dmaAddr(), m.cpuPhys(), m.size());
            };
            if (hit == t.negated) {
                return false;
            }
        }
        return true;
    }

    /** The rows of {@code rows} (positions 0..size-1) it matches, ascending. */
    public int[] rows(CapturedRows rows) {
        int n = rows.size();
        if (terms.isEmpty()) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        IntPredicate p = predicate(rows);
        int[] out = new int[Math.min(n, 1024)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (p.test(i)) {
                if (k == out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(16, k * 2));
                }
                out[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /**
     * A predicate over row positions of {@code rows} that reads the columns directly: per term, which device
     * names, frames, types and directions match is worked out once, so a row costs a few array loads.
     */
    IntPredicate predicate(CapturedRows rows) {
        Names names = rows.names;
        int nt = terms.size();
        boolean[][] devHit = new boolean[nt][];
        boolean[][] frameHit = new boolean[nt][];
        boolean[][] typeHit = new boolean[nt][];
        boolean[][] dirHit = new boolean[nt][];
        var types = org.dmaworkbench.kernel.dma.debug.DmaDebugEntryType.values();
        var dirs = org.dmaworkbench.kernel.dma.DmaDirection.values();
        for (int k = 0; k < nt; k++) {
            Term t = terms.get(k);
            if (t.kind != Kind.TEXT) {
                continue;
            }
            devHit[k] = new boolean[names.deviceCount];
            for (int d = 0; d < names.deviceCount; d++) {
                devHit[k][d] = contains(names.devices[d], t.text) || contains(names.drivers[d], t.text);
            }
            frameHit[k] = new boolean[names.frameCount()];
            for (int f = 0; f < frameHit[k].length; f++) {
                frameHit[k][f] = names.frames[f] != null && contains(names.frames[f], t.text);
            }
            typeHit[k] = new boolean[types.length];
            for (int y = 0; y < types.length; y++) {
                typeHit[k][y] = contains(types[y].kernelName(names.v49), t.text);
            }
            dirHit[k] = new boolean[dirs.length];
            for (int y = 0; y < dirs.length; y++) {
                dirHit[k][y] = contains(dirs[y].kernelName(), t.text);
            }
        }
        return i -> {
            int h = rows.h(i);
            for (int k = 0; k < nt; k++) {
                Term t = terms.get(k);
                boolean hit;
                switch (t.kind) {
                case LEAKED:
                    hit = names.isLeaked(rows.hId(h));
                    break;
                case RANGE:
                    hit = overlaps(t, rows.hDmaAddr(h), rows.hSize(h)) || overlaps(t, rows.hCpuPhys(h), rows.hSize(h));
                    break;
                default:
                    hit = devHit[k][rows.hDeviceIndex(h)] || typeHit[k][rows.hType(h).ordinal()]
                            || dirHit[k][rows.hDirection(h).ordinal()] || frameMatch(rows, h, frameHit[k])
                            || numberHit(t, rows.hDmaAddr(h), rows.hCpuPhys(h), rows.hSize(h));
                    break;
                }
                if (hit == t.negated) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean frameMatch(CapturedRows rows, int h, boolean[] frameHit) {
        MappingStore.Chunk c = rows.chunk(h);
        int i = CapturedRows.col(h);
        int meta = c.meta[i];
        int len = (meta >>> MappingStore.META_STACKLEN_SHIFT) & 7;
        if (len == 0) {
            return false;
        }
        if (frameHit[meta >>> MappingStore.META_HOOK_SHIFT]) {
            return true;
        }
        long packed = c.stack[i];
        for (int k = 1; k < len; k++) {
            if (frameHit[(int) (packed >>> (16 * (k - 1))) & 0xffff]) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Term t, long start, long size) {
        // [start, start + size) and [from, to) overlap, unsigned; a zero-size mapping is its start address
        long end = start + Math.max(size, 1);
        return Long.compareUnsigned(start, t.to) < 0 && Long.compareUnsigned(t.from, end) < 0;
    }

    private static boolean textHit(Term t, String device, String driver, String type, String dir, List<String> stack,
            long dma, long phys, long size) {
        if (contains(device, t.text) || contains(driver, t.text) || contains(type, t.text) || contains(dir, t.text)) {
            return true;
        }
        for (String f : stack) {
            if (contains(f, t.text)) {
                return true;
            }
        }
        return numberHit(t, dma, phys, size);
    }

    private static boolean numberHit(Term t, long dma, long phys, long size) {
        if (t.decimal >= 0 && size == t.decimal) {
            return true;
        }
        if (!t.hexDigits) {
            return false;
        }
        if (t.isAddress && (inRange(t.address, dma, size) || inRange(t.address, phys, size))) {
            return true;
        }
        String digits = t.text.startsWith("0x") ? t.text.substring(2) : t.text;
        return hexContains(dma, digits) || hexContains(phys, digits);
    }

    private static boolean inRange(long a, long start, long size) {
        return Long.compareUnsigned(a - start, Math.max(size, 1)) < 0;
    }

    /** Whether the lowercase hexadecimal text of {@code v} (no leading zeros) contains {@code digits}. */
    static boolean hexContains(long v, String digits) {
        int nd = digits.length();
        int len = v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        for (int start = 0; start + nd <= len; start++) {
            boolean ok = true;
            for (int j = 0; j < nd && ok; j++) {
                int shift = 4 * (len - 1 - (start + j));
                ok = Character.forDigit((int) (v >>> shift) & 0xf, 16) == digits.charAt(j);
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String s, String lowerNeedle) {
        if (s == null) {
            return false;
        }
        int n = lowerNeedle.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, lowerNeedle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MappingFilter f && f.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
