package org.dmaworkbench.hw.iommu.pgtable;

import java.util.Arrays;

import org.dmaworkbench.hw.mem.PageAllocator;
import org.dmaworkbench.hw.mem.PhysicalMemory;

/**
 * A set of IOMMU page tables living in emulated RAM: struct io_pgtable plus its io_pgtable_ops (map_pages,
 * unmap_pages, iova_to_phys), following alloc_io_pgtable_ops()/free_io_pgtable_ops() in drivers/iommu/io-pgtable.c.
 * <p>
 * Tables are allocated from a {@link PageAllocator} and every PTE is stored into {@link PhysicalMemory} exactly as
 * the kernel stores it (64-bit little-endian for LPAE, 32-bit for v7s), so a hardware walker that only reads RAM
 * sees the same bits. Not thread-safe: callers serialise map/unmap and iova_to_phys (which updates the LPAE walk
 * cache), as the emulated machine is single-threaded; other threads inspect the tables with {@link IoPgtableWalker}.
 */
public abstract class IoPgtable {
    /** The kernel's PAGE_SIZE: table allocations are rounded up to whole pages where the kernel uses the page allocator. */
    static final int PAGE_SIZE = 4096;

    final PhysicalMemory mem;
    final PageAllocator pages;
    final IommuFlushOps tlb;
    IoPgtableConfig cfg;
    long pgd;
    long mapped;
    private boolean freed;
    private IoPgtableObserver[] observers = new IoPgtableObserver[0];

    IoPgtable(PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb) {
        if (mem == null || pages == null) {
            throw new IllegalArgumentException("io-pgtable needs physical memory and a page allocator");
        }
        this.mem = mem;
        this.pages = pages;
        this.tlb = tlb == null ? IommuFlushOps.NONE : tlb;
    }

    /**
     * alloc_io_pgtable_ops(): checks the request as the format's allocator does, restricts it, allocates the
     * first-level table and computes the register values.
     *
     * @param tlb the driver's TLB callbacks (null for none)
     * @return the page table; {@link #cfg()} holds what was actually provided
     * @throws IllegalArgumentException when the kernel would refuse the configuration (it returns NULL), with why
     * @throws IllegalStateException when the first-level table cannot be allocated
     */
    public static IoPgtable alloc(IoPgtableConfig cfg, PhysicalMemory mem, PageAllocator pages, IommuFlushOps tlb) {
        if (cfg == null) {
            throw new IllegalArgumentException("no io-pgtable configuration given");
        }
        if (cfg.format() == IoPgtableFormat.ARM_V7S) {
            return IoPgtableV7s.create(cfg, mem, pages, tlb);
        }
        return IoPgtableLpae.create(cfg, mem, pages, tlb);
    }

    /** @return the configuration as allocated: restricted page sizes and address sizes, and the register values */
    public IoPgtableConfig cfg() {
        return cfg;
    }

    public IoPgtableFormat format() {
        return cfg.format();
    }

    /** @return physical address of the first-level table */
    public long pgd() {
        return pgd;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    /**
     * map_pages: map {@code pgcount} physically contiguous pages of {@code pgsize} bytes.
     *
     * @param prot {@link IommuProt} flags
     * @return 0, or {@link Errno#EINVAL}, {@link Errno#ERANGE}, {@link Errno#EEXIST}, {@link Errno#ENOMEM} as the
     *         kernel returns them; {@link #mapped()} then tells how many bytes were mapped
     */
    public final int map(long iova, long paddr, long pgsize, long pgcount, int prot) {
        checkLive();
        mapped = 0;
        return mapPages(iova, paddr, pgsize, pgcount, prot);
    }

    /** @return bytes mapped by the last {@link #map} call (the kernel's {@code *mapped} out value) */
    public final long mapped() {
        return mapped;
    }

    /**
     * unmap_pages with a non-queued gather, as iommu_unmap() calls it in strict mode.
     *
     * @return bytes unmapped (0 when nothing was mapped there or the arguments are bad)
     */
    public final long unmap(long iova, long pgsize, long pgcount) {
        return unmap(iova, pgsize, pgcount, new IommuIotlbGather());
    }

    /**
     * unmap_pages.
     *
     * @param gather null as the kernel self-tests pass it, or the caller's gather
     * @return bytes unmapped
     */
    public final long unmap(long iova, long pgsize, long pgcount, IommuIotlbGather gather) {
        checkLive();
        return unmapPages(iova, pgsize, pgcount, gather);
    }

    /** iova_to_phys: the software walk. @return the physical address, 0 when nothing is mapped there */
    public final long iovaToPhys(long iova) {
        checkLive();
        return iovaToPhys0(iova);
    }

    /** free_io_pgtable_ops(): tlb_flush_all, then every table goes back to the allocator. */
    public final void free() {
        checkLive();
        tlb.tlbFlushAll();
        freeAll();
        freed = true;
    }

    public final boolean isFreed() {
        return freed;
    }

    public final synchronized void addObserver(IoPgtableObserver o) {
        observers = Arrays.copyOf(observers, observers.length + 1);
        observers[observers.length - 1] = o;
    }

    public final synchronized void removeObserver(IoPgtableObserver o) {
        for (int i = 0; i < observers.length; i++) {
            if (observers[i] == o) {
                IoPgtableObserver[] n = new IoPgtableObserver[observers.length - 1];
                System.arraycopy(observers, 0, n, 0, i);
                System.arraycopy(observers, i + 1, n, i, observers.length - i - 1);
                observers = n;
                return;
            }
        }
    }

    abstract int mapPages(long iova, long paddr, long pgsize, long pgcount, int prot);

    abstract long unmapPages(long iova, long pgsize, long pgcount, IommuIotlbGather gather);

    abstract long iovaToPhys0(long iova);

    abstract void freeAll();

    private void checkLive() {
        if (freed) {
            throw new IllegalStateException("io-pgtable used after free_io_pgtable_ops()");
        }
    }

    final boolean observed() {
        return observers.length != 0;
    }

    final void firePte(int level, int index, long tablePa, long oldPte, long newPte) {
        for (IoPgtableObserver o : observers) {
            o.pteWritten(this, level, index, tablePa, oldPte, newPte);
        }
    }

    /** WARN_ON(): reported to observers, never thrown. */
    final void warn(String message) {
        for (IoPgtableObserver o : observers) {
            o.warning(this, message);
        }
    }

    /** @return pa of {@code size} zeroed bytes for a level-{@code level} table, -1 when out of memory */
    final long allocTable(int level, int size) {
        long pa = pages.allocZeroed(size);
        if (pa == -1L) {
            return -1L;
        }
        for (IoPgtableObserver o : observers) {
            o.tableAllocated(this, level, pa, size);
        }
        return pa;
    }

    final void freeTable(int level, long pa, int size) {
        pages.free(pa, size);
        for (IoPgtableObserver o : observers) {
            o.tableFreed(this, level, pa, size);
        }
    }
}
