package org.dmaworkbench.hw.iommu.pgtable.tools;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dmaworkbench.hw.iommu.pgtable.Errno;
import org.dmaworkbench.hw.iommu.pgtable.IommuFlushOps;
import org.dmaworkbench.hw.iommu.pgtable.IommuIotlbGather;
import org.dmaworkbench.hw.iommu.pgtable.IommuProt;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtable;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableFormat;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableObserver;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.iommu.pgtable.PteDecoder;
import org.dmaworkbench.hw.mem.SparseRam;

/**
 * {@code dmawb pgtable}: builds one io-pgtable in emulated RAM, applies maps, unmaps and walks in command-line
 * order, and prints every PTE store (level, index, entry and table address, old and new raw value, decoded), every
 * TLB callback and each walk. Maps and unmaps are split into page sizes as iommu_map()/iommu_unmap() do
 * (iommu_pgsize() in drivers/iommu/iommu.c).
 * <p>
 * Exit status: 0 when everything succeeded, 1 when a map failed or an unmap removed less than asked, 2 for bad
 * arguments (nothing is run then).
 */
public final class PgtableCommand {
    /** Page tables are allocated from RAM at this address (R-Car DRAM bank 0). */
    public static final long TABLE_RAM_BASE = 0x4000_0000L;
    public static final long TABLE_RAM_SIZE = 0x4000_0000L;

    static final String USAGE = String.join("\n",
            "usage: dmawb pgtable --format lpae-s1-32|lpae-s2-32|lpae-s1-64|lpae-s2-64|v7s [--granule 4K|16K|64K]",
            "           [--ias N] [--oas N] [--quirk arm-ns|no-perms|arm-ttbr1|arm-outer-wbwa|arm-hd] [--coherent-walk]",
            "           --map IOVA:PA:SIZE:PROT... [--unmap IOVA:SIZE...] [--walk IOVA...]",
            "  PROT is a comma list of read,write,cache,noexec,mmio,priv; SIZE like 4K, 2M, 0x1000.",
            "  Operations run in command-line order; each option takes one or more values.",
            "  Defaults: lpae-s1-32 ias 32/oas 40 (the IPMMU), lpae-s2-32 40/40, lpae-*-64 48/48, v7s 32/32;",
            "  granule 4K; no quirks; non-coherent walk (as the IPMMU driver sets it up).",
            "  Exit status: 0 ok, 1 a map or unmap failed, 2 bad arguments.");

    private PgtableCommand() {
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private record Op(char kind, long iova, long pa, long size, int prot) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        IoPgtableConfig cfg;
        List<Op> ops = new ArrayList<>();
        try {
            cfg = parse(args, ops);
        } catch (UsageException e) {
            err.println("dmawb pgtable: " + e.getMessage());
            err.println("Try 'dmawb pgtable --help'.");
            return 2;
        }
        SparseRam ram = new SparseRam(TABLE_RAM_BASE, TABLE_RAM_SIZE);
        BumpPageAllocator alloc = new BumpPageAllocator(ram, TABLE_RAM_BASE, TABLE_RAM_SIZE);
        Printer printer = new Printer(out);
        IoPgtable pt;
        try {
            pt = IoPgtable.alloc(cfg, ram, alloc, printer);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("dmawb pgtable: the kernel would refuse this configuration: " + e.getMessage());
            return 2;
        }
        printer.cfg = pt.cfg();
        long minPage = Long.lowestOneBit(pt.cfg().pgsizeBitmap());
        // alignment checks that need the final page sizes, before anything runs (iommu_map's "unaligned" check)
        for (Op op : ops) {
            if (op.kind == 'w') {
                continue;
            }
            long merged = op.iova | op.size | (op.kind == 'm' ? op.pa : 0);
            if ((merged & (minPage - 1)) != 0 || op.size == 0) {
                err.printf("dmawb pgtable: --%s: unaligned: iova 0x%x%s size 0x%x min_pagesz 0x%x%n",
                        op.kind == 'm' ? "map" : "unmap", op.iova,
                        op.kind == 'm' ? String.format(" pa 0x%x", op.pa) : "", op.size, minPage);
                return 2;
            }
        }
        printHeader(out, pt);
        pt.addObserver(printer);
        int status = 0;
        IoPgtableWalker.Result walk = new IoPgtableWalker.Result();
        for (Op op : ops) {
            out.println();
            switch (op.kind) {
            case 'm':
                out.printf("map iova 0x%x pa 0x%x size %s prot %s%n", op.iova, op.pa, PteDecoder.size(op.size),
                        IommuProt.format(op.prot));
                if (!map(out, pt, op)) {
                    status = 1;
                }
                break;
            case 'u':
                out.printf("unmap iova 0x%x size %s%n", op.iova, PteDecoder.size(op.size));
                long done = unmap(out, pt, op.iova, op.size);
                out.printf("  = unmapped %s%n", PteDecoder.size(done));
                if (done != op.size) {
                    status = 1;
                }
                break;
            default:
                printWalk(out, pt, op.iova, walk);
                break;
            }
        }
        return status;
    }

    private static IoPgtableConfig parse(List<String> args, List<Op> ops) throws UsageException {
        IoPgtableFormat format = null;
        String granule = null;
        Integer ias = null;
        Integer oas = null;
        long quirks = 0;
        boolean coherent = false;
        String current = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                current = null;
                switch (a) {
                case "--format":
                    format = format(value(args, ++i, a));
                    break;
                case "--granule":
                    granule = value(args, ++i, a).toUpperCase(Locale.ROOT);
                    if (!granule.equals("4K") && !granule.equals("16K") && !granule.equals("64K")) {
                        throw new UsageException("--granule '" + args.get(i) + "': expected 4K, 16K or 64K");
                    }
                    break;
                case "--ias":
                    ias = bits(value(args, ++i, a), a);
                    break;
                case "--oas":
                    oas = bits(value(args, ++i, a), a);
                    break;
                case "--quirk":
                    for (String q : value(args, ++i, a).split(",")) {
                        quirks |= quirk(q.trim());
                    }
                    break;
                case "--coherent-walk":
                    coherent = true;
                    break;
                case "--map":
                case "--unmap":
                case "--walk":
                    current = a;
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(a + " needs a value");
                    }
                    break;
                default:
                    throw new UsageException("unknown option '" + a + "'");
                }
                continue;
            }
            if (current == null) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            ops.add(operation(current, a));
        }
        if (format == null) {
            throw new UsageException("--format is required (lpae-s1-32, lpae-s2-32, lpae-s1-64, lpae-s2-64 or v7s)");
        }
        IoPgtableConfig.Builder b = IoPgtableConfig.builder(format).quirks(quirks).coherentWalk(coherent);
        if (granule != null) {
            if (format == IoPgtableFormat.ARM_V7S) {
                throw new UsageException("--granule applies to the LPAE formats only (v7s has fixed 4K/64K/1M/16M)");
            }
            if (!granule.equals("4K") && (format == IoPgtableFormat.ARM_32_LPAE_S1
                    || format == IoPgtableFormat.ARM_32_LPAE_S2)) {
                throw new UsageException("--granule " + granule + ": the 32-bit LPAE formats only have the 4K granule");
            }
            b.pgsizeBitmap(granule.equals("4K") ? IoPgtableConfig.SZ_4K | IoPgtableConfig.SZ_2M | IoPgtableConfig.SZ_1G
                    : granule.equals("16K") ? IoPgtableConfig.SZ_16K | IoPgtableConfig.SZ_32M
                            : IoPgtableConfig.SZ_64K | IoPgtableConfig.SZ_512M | (1L << 42));
        }
        if (ias != null) {
            b.ias(ias);
        }
        if (oas != null) {
            b.oas(oas);
        }
        if (ops.stream().noneMatch(o -> o.kind == 'm')) {
            throw new UsageException("at least one --map IOVA:PA:SIZE:PROT is required");
        }
        return b.build();
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static IoPgtableFormat format(String s) throws UsageException {
        switch (s.toLowerCase(Locale.ROOT)) {
        case "lpae-s1-32":
            return IoPgtableFormat.ARM_32_LPAE_S1;
        case "lpae-s2-32":
            return IoPgtableFormat.ARM_32_LPAE_S2;
        case "lpae-s1-64":
            return IoPgtableFormat.ARM_64_LPAE_S1;
        case "lpae-s2-64":
            return IoPgtableFormat.ARM_64_LPAE_S2;
        case "v7s":
            return IoPgtableFormat.ARM_V7S;
        default:
            throw new UsageException("--format '" + s + "': expected lpae-s1-32, lpae-s2-32, lpae-s1-64, lpae-s2-64 or v7s");
        }
    }

    private static int bits(String s, String option) throws UsageException {
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > 64) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + s + "': expected a number of address bits (1-64)");
        }
    }

    private static long quirk(String q) throws UsageException {
        switch (q.toLowerCase(Locale.ROOT)) {
        case "arm-ns":
            return IoPgtableConfig.QUIRK_ARM_NS;
        case "no-perms":
            return IoPgtableConfig.QUIRK_NO_PERMS;
        case "arm-ttbr1":
            return IoPgtableConfig.QUIRK_ARM_TTBR1;
        case "arm-outer-wbwa":
            return IoPgtableConfig.QUIRK_ARM_OUTER_WBWA;
        case "arm-hd":
            return IoPgtableConfig.QUIRK_ARM_HD;
        default:
            throw new UsageException("--quirk '" + q + "': expected arm-ns, no-perms, arm-ttbr1, arm-outer-wbwa or arm-hd");
        }
    }

    private static Op operation(String option, String v) throws UsageException {
        String[] f = v.split(":", -1);
        switch (option) {
        case "--map":
            if (f.length != 4) {
                throw new UsageException("--map '" + v + "': expected IOVA:PA:SIZE:PROT, e.g. 0xfffff000:0xe6e88000:4K:read,write,mmio");
            }
            int prot;
            try {
                prot = IommuProt.parse(f[3]);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--map '" + v + "': " + e.getMessage());
            }
            return new Op('m', number(f[0], option, v, "IOVA"), number(f[1], option, v, "PA"), size(f[2], option, v),
                    prot);
        case "--unmap":
            if (f.length != 2) {
                throw new UsageException("--unmap '" + v + "': expected IOVA:SIZE, e.g. 0xfffff000:4K");
            }
            return new Op('u', number(f[0], option, v, "IOVA"), 0, size(f[1], option, v), 0);
        default:
            if (f.length != 1) {
                throw new UsageException("--walk '" + v + "': expected an IOVA");
            }
            return new Op('w', number(f[0], option, v, "IOVA"), 0, 0, 0);
        }
    }

    private static long number(String s, String option, String whole, String what) throws UsageException {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
        try {
            if (t.startsWith("0x")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + whole + "': " + what + " '" + s + "' is not a number (use 0x... or decimal)");
        }
    }

    static long size(String s, String option, String whole) throws UsageException {
        String t = s.trim().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (t.endsWith("K")) {
            shift = 10;
        } else if (t.endsWith("M")) {
            shift = 20;
        } else if (t.endsWith("G")) {
            shift = 30;
        } else if (t.endsWith("T")) {
            shift = 40;
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + whole + "': SIZE '" + s + "' is not a size (like 4K, 2M, 0x1000)");
        }
        if (n <= 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
            throw new UsageException(option + " '" + whole + "': SIZE '" + s + "' must be positive and fit 64 bits");
        }
        return n << shift;
    }

    /** iommu_pgsize(): the biggest page size that fits alignment and size, and how many of it to map at once. */
    static long[] pgsize(long bitmap, long iova, long paddr, long size) {
        long addrMerge = paddr | iova;
        long pgsizes = bitmap & (Long.highestOneBit(size) * 2 - 1);
        if (addrMerge != 0) {
            pgsizes &= Long.lowestOneBit(addrMerge) * 2 - 1;
        }
        long pgsize = Long.highestOneBit(pgsizes);
        long bigger = bitmap & ~(pgsize * 2 - 1);
        if (bigger != 0) {
            long next = Long.lowestOneBit(bigger);
            if (((iova ^ paddr) & (next - 1)) == 0) {
                long offset = next - (addrMerge & (next - 1));
                if (offset + next >= offset && Long.compareUnsigned(offset + next, size) <= 0) {
                    size = offset;
                }
            }
        }
        return new long[] { pgsize, size / pgsize };
    }

    private static boolean map(PrintStream out, IoPgtable pt, Op op) {
        long iova = op.iova;
        long pa = op.pa;
        long left = op.size;
        long bitmap = pt.cfg().pgsizeBitmap();
        while (left > 0) {
            long[] pc = pgsize(bitmap, iova, pa, left);
            out.printf("  map_pages iova 0x%x pa 0x%x pgsize %s pgcount %d%n", iova, pa, PteDecoder.size(pc[0]), pc[1]);
            int ret = pt.map(iova, pa, pc[0], pc[1], op.prot);
            long mapped = pt.mapped();
            iova += mapped;
            pa += mapped;
            left -= mapped;
            if (ret != 0) {
                out.printf("  = %s after mapping %s%n", Errno.name(ret), PteDecoder.size(op.size - left));
                if (op.size != left) {
                    out.println("  undoing the partial mapping, as iommu_map() does");
                    unmap(out, pt, op.iova, op.size - left);
                }
                return false;
            }
        }
        out.printf("  = 0, mapped %s%n", PteDecoder.size(op.size));
        return true;
    }

    private static long unmap(PrintStream out, IoPgtable pt, long iova, long size) {
        long done = 0;
        long bitmap = pt.cfg().pgsizeBitmap();
        while (done < size) {
            long[] pc = pgsize(bitmap, iova, iova, size - done);
            out.printf("  unmap_pages iova 0x%x pgsize %s pgcount %d%n", iova, PteDecoder.size(pc[0]), pc[1]);
            long n = pt.unmap(iova, pc[0], pc[1], new IommuIotlbGather());
            if (n == 0) {
                break;
            }
            iova += n;
            done += n;
        }
        return done;
    }

    private static void printHeader(PrintStream out, IoPgtable pt) {
        IoPgtableConfig c = pt.cfg();
        StringBuilder sizes = new StringBuilder();
        for (long b = c.pgsizeBitmap(); b != 0; b &= b - 1) {
            sizes.append(sizes.length() == 0 ? "" : " ").append(PteDecoder.size(Long.lowestOneBit(b)));
        }
        out.printf("%s: ias %d, oas %d, pgsize_bitmap 0x%x (%s), quirks %s, %s walk%n", c.format(), c.ias(), c.oas(),
                c.pgsizeBitmap(), sizes, quirkNames(c.quirks()), c.coherentWalk() ? "coherent" : "non-coherent");
        if (c.format().isLpae()) {
            out.printf("levels %d..3, granule %s, pgd 0x%x (%d entries)%n", c.startLevel(), PteDecoder.size(c.granule()),
                    pt.pgd(), 1 << c.pgdBits());
            if (c.tcr() != null) {
                IoPgtableConfig.LpaeS1Tcr t = c.tcr();
                out.printf("ttbr 0x%016x tcr 0x%x (ips %d tg %d sh %d orgn %d irgn %d tsz %d) mair 0x%016x%n", c.ttbr(),
                        t.value(), t.ips(), t.tg(), t.sh(), t.orgn(), t.irgn(), t.tsz(), c.mair());
            } else {
                IoPgtableConfig.LpaeS2Vtcr t = c.vtcr();
                out.printf("vttbr 0x%016x vtcr 0x%x (ps %d tg %d sh %d orgn %d irgn %d sl %d tsz %d)%n", c.ttbr(),
                        t.value(), t.ps(), t.tg(), t.sh(), t.orgn(), t.irgn(), t.sl(), t.tsz());
            }
        } else {
            out.printf("levels 1..2, pgd 0x%x (%d entries)%n", pt.pgd(), 1 << c.pgdBits());
            out.printf("ttbr 0x%08x tcr 0x%x nmrr 0x%08x prrr 0x%08x%n", c.ttbr(), c.v7sTcr(), c.nmrr(), c.prrr());
        }
    }

    private static String quirkNames(long q) {
        if (q == 0) {
            return "none";
        }
        List<String> n = new ArrayList<>();
        String[] names = { "arm-ns", "no-perms", null, null, null, "arm-ttbr1", "arm-outer-wbwa", "arm-hd" };
        for (int i = 0; i < names.length; i++) {
            if ((q & (1L << i)) != 0 && names[i] != null) {
                n.add(names[i]);
            }
        }
        return String.join(",", n);
    }

    private static void printWalk(PrintStream out, IoPgtable pt, long iova, IoPgtableWalker.Result r) {
        IoPgtableConfig c = pt.cfg();
        boolean ok = IoPgtableWalker.walk(pt.memory(), c, pt.pgd(), iova, r);
        int width = c.format().isLpae() ? 8 : 4;
        out.printf("walk iova 0x%x%n", iova);
        for (int i = 0; i < r.steps; i++) {
            out.printf("  L%d[%d] @0x%x = %s  %s%n", r.stepLevel[i], r.stepIndex[i], r.stepTable[i] + (long) width
                    * r.stepIndex[i], hex(c, r.stepPte[i]), PteDecoder.describe(c, r.stepLevel[i], r.stepPte[i]));
        }
        if (ok) {
            out.printf("  -> pa 0x%x (%s at level %d, %s%s)%n", r.outputAddress, PteDecoder.size(r.blockSize), r.level,
                    IommuProt.format(r.prot), r.ns ? ", NS" : "");
        } else {
            out.printf("  -> %s fault at level %d%n", r.fault.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    r.level);
        }
        long sw = pt.iovaToPhys(iova);
        if (sw != r.outputAddress) {
            out.printf("  (iova_to_phys() gives 0x%x)%n", sw);
        }
    }

    static String hex(IoPgtableConfig c, long v) {
        return c.format().isLpae() ? String.format("0x%016x", v) : String.format("0x%08x", v & 0xffff_ffffL);
    }

    /** Prints PTE stores, table allocations, TLB callbacks and warnings as they happen. */
    private static final class Printer implements IoPgtableObserver, IommuFlushOps {
        private final PrintStream out;
        IoPgtableConfig cfg;

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void pteWritten(IoPgtable pgtable, int level, int index, long tablePa, long oldPte, long newPte) {
            int width = cfg.format().isLpae() ? 8 : 4;
            out.printf("    L%d[%d] @0x%x (table 0x%x): %s -> %s  %s%n", level, index, tablePa + (long) width * index,
                    tablePa, hex(cfg, oldPte), hex(cfg, newPte), PteDecoder.describe(cfg, level, newPte));
        }

        @Override
        public void tableAllocated(IoPgtable pgtable, int level, long tablePa, int size) {
            out.printf("    new level %d table at 0x%x (%s)%n", level, tablePa, PteDecoder.size(size));
        }

        @Override
        public void tableFreed(IoPgtable pgtable, int level, long tablePa, int size) {
            out.printf("    freed level %d table at 0x%x%n", level, tablePa);
        }

        @Override
        public void warning(IoPgtable pgtable, String message) {
            out.println("    WARNING: " + message);
        }

        @Override
        public void tlbFlushWalk(long iova, long size, long granule) {
            out.printf("    tlb_flush_walk iova 0x%x size %s granule %s%n", iova, PteDecoder.size(size),
                    PteDecoder.size(granule));
        }

        @Override
        public void tlbAddPage(IommuIotlbGather gather, long iova, long granule) {
            out.printf("    tlb_add_page iova 0x%x granule %s%n", iova, PteDecoder.size(granule));
        }

        @Override
        public void tlbFlushAll() {
            out.println("    tlb_flush_all");
        }
    }
}
