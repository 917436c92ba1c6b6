package org.dmaworkbench.emulation.live;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.dmaworkbench.hw.iommu.pgtable.IoPgtableConfig;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableLpae;
import org.dmaworkbench.hw.iommu.pgtable.IoPgtableWalker;
import org.dmaworkbench.hw.iommu.pgtable.PteDecoder;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * An IOMMU domain's page table, read lazily: a domain may map 100,000 pages, so nothing is read until a view
 * asks for a table ({@link #root()}, then {@link #table(PageTableEntry)} for each expanded entry) or for a page
 * of leaves ({@link #mappedPages}). Every read takes the session's state lock for its own duration (between two
 * emulation steps) and returns immutable values; a read made after the page table changed says so
 * ({@link PageTableLevel#stale()}). Safe from any thread.
 */
public final class PageTable {
    private final LiveStateModel.Locker lock;
    private final PhysicalMemory memory;
    private final IoPgtableConfig cfg;
    private final long root;
    private final long generation;
    private final LongSupplier currentGeneration;

    PageTable(LiveStateModel.Locker lock, PhysicalMemory memory, IoPgtableConfig cfg, long root, long generation,
            LongSupplier currentGeneration) {
        this.lock = lock;
        this.memory = memory;
        this.cfg = cfg;
        this.root = root;
        this.generation = generation;
        this.currentGeneration = currentGeneration;
    }

    /** io-pgtable's format name, e.g. {@code ARM_32_LPAE_S1}. */
    public String format() {
        return cfg.format().name();
    }

    /** Input (IOVA) address bits. */
    public int ias() {
        return cfg.ias();
    }

    /** Output (physical) address bits. */
    public int oas() {
        return cfg.oas();
    }

    /** The first level walked (LPAE 0..3, v7s 1). */
    public int startLevel() {
        return cfg.startLevel();
    }

    public int levels() {
        return cfg.levels();
    }

    /** Physical address of the first-level table (what TTBR holds). */
    public long rootTable() {
        return root;
    }

    /** The generation at the snapshot. */
    public long generation() {
        return generation;
    }

    /** Whether the page table changed since the snapshot. */
    public boolean isStale() {
        return lock.read(() -> currentGeneration.getAsLong() != generation);
    }

    /** The io-pgtable configuration (format, granule, quirks such as {@code IO_PGTABLE_QUIRK_ARM_NS}). */
    public IoPgtableConfig config() {
        return cfg;
    }

    /**
     * Walks {@code iova} through the tables as the IOMMU's walker does ({@link IoPgtableWalker}): every descriptor
     * read, then the output address or the fault at the level where the walk stopped.
     */
    public Translation translate(long iova) {
        return lock.read(() -> {
            IoPgtableWalker.Result r = new IoPgtableWalker.Result();
            IoPgtableWalker.walk(memory, cfg, root, iova, r);
            List<Translation.Step> steps = new ArrayList<>();
            int size = cfg.format().isLpae() ? 8 : 4;
            for (int i = 0; i < r.steps; i++) {
                int level = r.stepLevel[i];
                long raw = r.stepPte[i];
                steps.add(new Translation.Step(level, r.stepIndex[i], r.stepTable[i],
                        r.stepTable[i] + (long) size * r.stepIndex[i], raw, kind(level, raw),
                        PteDecoder.describe(cfg, level, raw)));
            }
            String reason;
            if (r.translated()) {
                reason = String.format("translated by the %s at level %d: 0x%x -> 0x%x", kindName(r.level, r.pte),
                        r.level, iova, r.outputAddress);
            } else {
                reason = faultReason(r, iova);
            }
            return new Translation(iova, steps, r.translated(), r.translated() ? r.outputAddress : 0,
                    r.translated() ? r.blockSize : 0, r.fault.name(), r.level, reason);
        });
    }

    private String kindName(int level, long pte) {
        PageTableEntry.Kind k = kind(level, pte);
        return k == PageTableEntry.Kind.BLOCK ? "block" : "page";
    }

    private String faultReason(IoPgtableWalker.Result r, long iova) {
        switch (r.fault) {
            case TRANSLATION:
                if (r.steps == 0) {
                    return String.format("translation fault at level %d: IOVA 0x%x is beyond the %d-bit input "
                            + "address space", r.level, iova, cfg.ias());
                }
                if (r.pte == 0) {
                    return String.format("translation fault at level %d: entry %d of the table at 0x%x is empty "
                            + "(nothing mapped there)", r.level, r.stepIndex[r.steps - 1], r.stepTable[r.steps - 1]);
                }
                return String.format("translation fault at level %d: entry 0x%x at 0x%x is %s", r.level, r.pte,
                        r.pteAddress, PteDecoder.describe(cfg, r.level, r.pte));
            case ADDRESS_SIZE:
                return String.format("address size fault at level %d: entry 0x%x points beyond the %d-bit output "
                        + "address space", r.level, r.pte, cfg.oas());
            case EXTERNAL_ABORT:
                return String.format("external abort at level %d: reading the descriptor at 0x%x hit no memory",
                        r.level, r.pteAddress);
            default:
                return "";
        }
    }

    private PageTableEntry.Kind kind(int level, long pte) {
        if (cfg.format().isLpae()) {
            long type = pte & IoPgtableLpae.PTE_TYPE_MASK;
            if ((pte & IoPgtableLpae.PTE_VALID) == 0) {
                return PageTableEntry.Kind.INVALID;
            }
            if (level < 3) {
                return type == IoPgtableLpae.PTE_TYPE_TABLE ? PageTableEntry.Kind.TABLE : PageTableEntry.Kind.BLOCK;
            }
            return type == IoPgtableLpae.PTE_TYPE_PAGE ? PageTableEntry.Kind.PAGE : PageTableEntry.Kind.INVALID;
        }
        int type = (int) pte & 3;
        if (level == 1) {
            return type == 1 ? PageTableEntry.Kind.TABLE : type >= 2 ? PageTableEntry.Kind.BLOCK
                    : PageTableEntry.Kind.INVALID;
        }
        return type == 0 ? PageTableEntry.Kind.INVALID : PageTableEntry.Kind.PAGE;
    }

    /** Told each valid leaf by {@link #forEachLeaf}. */
    @FunctionalInterface
    public interface LeafVisitor {
        /** @return false to stop */
        boolean leaf(int level, long iova, long span, long outputAddress, long raw);
    }

    /**
     * Visits the valid leaves (blocks and pages) in IOVA order under one hold of the lock, without decoding them:
     * for whole-table passes (consistency checks, the IOVA-space map) over 100,000 pages.
     */
    public void forEachLeaf(LeafVisitor visitor) {
        lock.read(() -> {
            visit(cfg.startLevel(), root, 0, visitor);
            return null;
        });
    }

    private boolean visit(int level, long table, long base, LeafVisitor v) {
        int n = entries(level);
        int shift = shift(level);
        boolean lpae = cfg.format().isLpae();
        int size = lpae ? 8 : 4;
        for (int i = 0; i < n; i++) {
            long pte = lpae ? memory.read64(table + (long) size * i) : memory.read32(table + (long) size * i) & 0xffffffffL;
            if (pte == 0) {
                continue;
            }
            PageTableEntry.Kind k = kind(level, pte);
            long iova = base + ((long) i << shift);
            if (k == PageTableEntry.Kind.TABLE) {
                long next = lpae ? IoPgtableLpae.pteToPaddr(pte, cfg.granule()) : pte & 0xfffffc00L;
                if (!visit(level + 1, next, iova, v)) {
                    return false;
                }
            } else if (k != PageTableEntry.Kind.INVALID) {
                long out;
                long span = 1L << shift;
                if (lpae) {
                    out = IoPgtableLpae.pteToPaddr(pte, cfg.granule());
                } else if (level == 1) {
                    // a supersection is 16 equal entries: each 1M entry translates its own part of the 16M
                    out = (pte & (1 << 18)) != 0 ? (pte & 0xff000000L) | (iova & 0x00f00000L) : pte & 0xfff00000L;
                } else {
                    // likewise a large page: 16 equal entries of 4K each
                    out = (pte & 3) == 1 ? (pte & 0xffff0000L) | (iova & 0xf000L) : pte & 0xfffff000L;
                }
                if (!v.leaf(level, iova, span, out, pte)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The first-level table. */
    public PageTableLevel root() {
        return lock.read(() -> readTable(cfg.startLevel(), root, 0));
    }

    /** The table a {@link PageTableEntry.Kind#TABLE} entry points at. */
    public PageTableLevel table(PageTableEntry tableEntry) {
        if (tableEntry.kind() != PageTableEntry.Kind.TABLE) {
            throw new IllegalArgumentException("not a table descriptor: " + tableEntry);
        }
        return lock.read(() -> readTable(tableEntry.level() + 1, tableEntry.outputAddress(), tableEntry.iova()));
    }

    /**
     * Up to {@code max} leaves (blocks and pages) in IOVA order, the first covering or following {@code fromIova}:
     * a flat page list read a screenful at a time.
     */
    public List<PageTableEntry> mappedPages(long fromIova, int max) {
        return lock.read(() -> {
            List<PageTableEntry> out = new ArrayList<>();
            collect(cfg.startLevel(), root, 0, fromIova, max, out);
            return out;
        });
    }

    private void collect(int level, long table, long base, long from, int max, List<PageTableEntry> out) {
        PageTableLevel t = readTable(level, table, base);
        for (PageTableEntry e : t.entries()) {
            if (out.size() >= max) {
                return;
            }
            if (e.iova() + e.span() <= from && e.iova() + e.span() != 0) {
                continue;
            }
            if (e.kind() == PageTableEntry.Kind.TABLE) {
                collect(level + 1, e.outputAddress(), e.iova(), from, max, out);
            } else if (e.isLeaf()) {
                out.add(e);
            }
        }
    }

    private int shift(int level) {
        if (cfg.format().isLpae()) {
            return (4 - level) * cfg.bitsPerLevel() + 3;
        }
        return level == 1 ? 20 : 12;
    }

    private int entries(int level) {
        if (level == cfg.startLevel()) {
            return 1 << cfg.pgdBits();
        }
        return cfg.format().isLpae() ? 1 << cfg.bitsPerLevel() : 256;
    }

    /**
     * The walk the IOMMU makes for {@code iova}: the descriptor read at each level, from the first-level table
     * down to the leaf, or to the descriptor that ends the walk (a zero or invalid entry, shown as
     * {@link PageTableEntry.Kind#INVALID}: a translation fault). Reads one descriptor per level.
     */
    public List<PageTableEntry> walk(long iova) {
        return lock.read(() -> {
            List<PageTableEntry> out = new ArrayList<>();
            int level = cfg.startLevel();
            long table = root;
            long base = 0;
            int last = cfg.format().isLpae() ? 3 : 2;
            while (level <= last) {
                int shift = shift(level);
                int n = entries(level);
                int i = (int) ((iova >>> shift) & (n - 1));
                PageTableEntry e = entry(level, table, base, i);
                if (e == null) {
                    long size = cfg.format().isLpae() ? 8 : 4;
                    e = new PageTableEntry(level, i, base + ((long) i << shift), 1L << shift, table + size * i, 0,
                            PageTableEntry.Kind.INVALID, 0, "empty: translation fault");
                }
                out.add(e);
                if (e.kind() != PageTableEntry.Kind.TABLE) {
                    break;
                }
                table = e.outputAddress();
                base = e.iova();
                level++;
            }
            return out;
        });
    }

    private PageTableLevel readTable(int level, long table, long base) {
        int n = entries(level);
        List<PageTableEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PageTableEntry e = entry(level, table, base, i);
            if (e != null) {
                out.add(e);
            }
        }
        long g = currentGeneration.getAsLong();
        return new PageTableLevel(level, table, base, n, out, g, g != generation);
    }

    /** Descriptor {@code i} of the table at {@code table} (level {@code level}, covering from {@code base}); null when 0. */
    private PageTableEntry entry(int level, long table, long base, int i) {
        int shift = shift(level);
        boolean lpae = cfg.format().isLpae();
        int size = lpae ? 8 : 4;
        long addr = table + (long) size * i;
        long pte = lpae ? memory.read64(addr) : memory.read32(addr) & 0xffffffffL;
        if (pte == 0) {
            return null;
        }
        long iova = base + ((long) i << shift);
        PageTableEntry.Kind kind;
        long out2;
        if (lpae) {
            long type = pte & IoPgtableLpae.PTE_TYPE_MASK;
            if ((pte & IoPgtableLpae.PTE_VALID) == 0) {
                kind = PageTableEntry.Kind.INVALID;
            } else if (level < 3) {
                kind = type == IoPgtableLpae.PTE_TYPE_TABLE ? PageTableEntry.Kind.TABLE : PageTableEntry.Kind.BLOCK;
            } else {
                kind = type == IoPgtableLpae.PTE_TYPE_PAGE ? PageTableEntry.Kind.PAGE : PageTableEntry.Kind.INVALID;
            }
            out2 = kind == PageTableEntry.Kind.INVALID ? 0 : IoPgtableLpae.pteToPaddr(pte, cfg.granule());
        } else {
            int type = (int) pte & 3;
            if (level == 1) {
                kind = type == 1 ? PageTableEntry.Kind.TABLE
                        : type >= 2 ? PageTableEntry.Kind.BLOCK : PageTableEntry.Kind.INVALID;
                out2 = type == 1 ? pte & 0xfffffc00L : (pte & (1 << 18)) != 0 ? pte & 0xff000000L : pte & 0xfff00000L;
            } else {
                kind = type == 0 ? PageTableEntry.Kind.INVALID : PageTableEntry.Kind.PAGE;
                out2 = type == 1 ? pte & 0xffff0000L : pte & 0xfffff000L;
            }
            if (kind == PageTableEntry.Kind.INVALID) {
                out2 = 0;
            }
        }
        return new PageTableEntry(level, i, iova, 1L << shift, addr, pte, kind, out2,
                PteDecoder.describe(cfg, level, pte));
    }
}
