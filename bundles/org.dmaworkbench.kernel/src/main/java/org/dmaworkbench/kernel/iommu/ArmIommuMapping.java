package org.dmaworkbench.kernel.iommu;

import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.dma.DmaAttrs;

/**
 * {@code struct dma_iommu_mapping} of arch/arm/mm/dma-mapping.c (Linux 6.12): the 32-bit ARM IO address space
 * of a device behind an IOMMU, allocated first-fit from page bitmaps of one page each (32768 pages = 128 MiB per
 * bitmap), a further bitmap being added when all existing ones are full ({@code extend_iommu_mapping()}).
 * Allocations are aligned to their own order, capped at {@code CONFIG_ARM_DMA_IOMMU_ALIGNMENT} (8, i.e. 1 MiB).
 * Follows {@code arm_iommu_create_mapping()}, {@code __alloc_iova()} and {@code __free_iova()}.
 * <p>
 * The mapping is reference counted ({@code kref}): 1 from its creation, one more per attached device
 * ({@code __arm_iommu_attach_device()}); {@code arm_iommu_detach_device()} and {@code arm_iommu_release_mapping()}
 * drop one each, and the last drop runs {@code release_iommu_mapping()}, which frees the domain
 * ({@code iommu_domain_free()}).
 */
public final class ArmIommuMapping {
    /** {@code CONFIG_ARM_DMA_IOMMU_ALIGNMENT} default. */
    public static final int ARM_DMA_IOMMU_ALIGNMENT = 8;
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final long base;
    private final int bits;
    private final int bitmapSize;
    private final int extensions;
    private final long[][] bitmaps;
    private int nrBitmaps;
    private final IommuDomain domain;
    private int kref = 1;

    private ArmIommuMapping(long base, int bits, int bitmapSize, int extensions, IommuDomain domain) {
        this.base = base;
        this.bits = bits;
        this.bitmapSize = bitmapSize;
        this.extensions = extensions;
        this.bitmaps = new long[extensions][];
        this.bitmaps[0] = new long[(bits + 63) / 64];
        this.nrBitmaps = 1;
        this.domain = domain;
    }

    /**
     * {@code arm_iommu_create_mapping(dev, base, size)}; the IPMMU driver asks for {@code SZ_1G, SZ_2G}.
     *
     * @throws IllegalArgumentException with the kernel's errno name for a size the kernel refuses
     */
    public static ArmIommuMapping create(long base, long size, IommuDomain domain) {
        if (size > 0x1_0000_0000L) {
            throw new IllegalArgumentException("-ERANGE: only a 32-bit DMA address space is supported");
        }
        long bits = size >>> PAGE_SHIFT;
        // BITS_TO_LONGS(bits) * sizeof(long), with 32-bit longs
        long bitmapSize = ((bits + 31) / 32) * 4;
        if (bitmapSize == 0) {
            throw new IllegalArgumentException("-EINVAL: empty IOMMU mapping");
        }
        int extensions = 1;
        if (bitmapSize > PAGE_SIZE) {
            extensions = (int) (bitmapSize / PAGE_SIZE);
            bitmapSize = PAGE_SIZE;
        }
        return new ArmIommuMapping(base, (int) (8 * bitmapSize), (int) bitmapSize, extensions, domain);
    }

    public long base() {
        return base;
    }

    /** Pages per bitmap ({@code mapping->bits}). */
    public int bits() {
        return bits;
    }

    /** Bitmaps the mapping may grow to. */
    public int extensions() {
        return extensions;
    }

    public int nrBitmaps() {
        return nrBitmaps;
    }

    public IommuDomain domain() {
        return domain;
    }

    /** The reference count; 0 once released. */
    public int refcount() {
        return kref;
    }

    public boolean isReleased() {
        return kref == 0;
    }

    /** {@code kref_get(&mapping->kref)} */
    public void get() {
        if (kref == 0) {
            throw new IllegalStateException("kref_get() on a released dma_iommu_mapping");
        }
        kref++;
    }

    /**
     * {@code kref_put(&mapping->kref, release_iommu_mapping)} (what {@code arm_iommu_release_mapping()} does):
     * @return whether this was the last reference and the mapping with its domain is gone
     */
    public boolean put() {
        if (kref == 0) {
            throw new IllegalStateException("kref_put() on a released dma_iommu_mapping");
        }
        if (--kref > 0) {
            return false;
        }
        // release_iommu_mapping()
        if (domain != null) {
            domain.free();
        }
        return true;
    }

    /** {@code get_order()} */
    static int getOrder(long size) {
        if (size <= PAGE_SIZE) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros((size - 1) >>> PAGE_SHIFT);
    }

    /** {@code __alloc_iova()}: @return the IO virtual address, or {@code DMA_MAPPING_ERROR} */
    public long allocIova(long size) {
        int order = Math.min(getOrder(size), ARM_DMA_IOMMU_ALIGNMENT);
        int count = (int) ((size + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        int align = (1 << order) - 1;
        long start = 0;
        int i;
        for (i = 0; i < nrBitmaps; i++) {
            start = findNextZeroArea(bitmaps[i], bits, 0, count, align);
            if (start > bits) {
                continue;
            }
            setBits(bitmaps[i], (int) start, count, true);
            break;
        }
        if (i == nrBitmaps) {
            if (nrBitmaps >= extensions) {
                return DmaAttrs.DMA_MAPPING_ERROR;
            }
            bitmaps[nrBitmaps++] = new long[(bits + 63) / 64];
            start = findNextZeroArea(bitmaps[i], bits, 0, count, align);
            if (start > bits) {
                return DmaAttrs.DMA_MAPPING_ERROR;
            }
            setBits(bitmaps[i], (int) start, count, true);
        }
        return base + ((long) bits << PAGE_SHIFT) * i + (start << PAGE_SHIFT);
    }

    /** {@code __free_iova()}; the kernel's BUG()s on a range outside the mapping become {@link KernelBug}. */
    public void freeIova(long addr, long size) {
        if (size == 0) {
            return;
        }
        long mappingSize = (long) bits << PAGE_SHIFT;
        int index = (int) (((addr - base) & 0xffffffffL) / mappingSize);
        if (addr < base || index > extensions) {
            throw new KernelBug("arch/arm/mm/dma-mapping.c", 827, "__free_iova",
                    String.format("BUG_ON(addr < mapping->base || bitmap_index > mapping->extensions): addr 0x%x", addr));
        }
        long bitmapBase = base + mappingSize * index;
        int start = (int) ((addr - bitmapBase) >>> PAGE_SHIFT);
        if (addr + size > bitmapBase + mappingSize) {
            throw new KernelBug("arch/arm/mm/dma-mapping.c", 840, "__free_iova",
                    String.format("BUG(): 0x%x+0x%x reaches into the next bitmap", addr, size));
        }
        if (index >= nrBitmaps) {
            throw new KernelBug("arch/arm/mm/dma-mapping.c", "__free_iova",
                    String.format("bitmap %d for 0x%x was never allocated", index, addr));
        }
        setBits(bitmaps[index], start, (int) (size >>> PAGE_SHIFT), false);
    }

    /** @return whether the page holding {@code iova} is allocated */
    public boolean isAllocated(long iova) {
        long mappingSize = (long) bits << PAGE_SHIFT;
        if (iova < base || iova >= base + mappingSize * nrBitmaps) {
            return false;
        }
        int index = (int) ((iova - base) / mappingSize);
        int bit = (int) (((iova - base) % mappingSize) >>> PAGE_SHIFT);
        return (bitmaps[index][bit >>> 6] & (1L << bit)) != 0;
    }

    /** {@code bitmap_find_next_zero_area()}: returns a value past {@code size} when nothing fits. */
    static long findNextZeroArea(long[] map, int size, int start, int nr, int alignMask) {
        while (true) {
            long index = findNext(map, size, start, false);
            index = (index + alignMask) & ~(long) alignMask;
            long end = index + nr;
            if (end > size) {
                return end;
            }
            long i = findNext(map, (int) end, (int) index, true);
            if (i < end) {
                start = (int) i + 1;
                continue;
            }
            return index;
        }
    }

    private static long findNext(long[] map, int size, int from, boolean set) {
        if (from >= size) {
            return size;
        }
        int w = from >>> 6;
        long word = (set ? map[w] : ~map[w]) & (-1L << from);
        while (true) {
            if (word != 0) {
                return Math.min(((long) w << 6) + Long.numberOfTrailingZeros(word), size);
            }
            if (++w >= map.length || (w << 6) >= size) {
                return size;
            }
            word = set ? map[w] : ~map[w];
        }
    }

    private static void setBits(long[] map, int start, int n, boolean v) {
        for (int i = start; i < start + n; i++) {
            if (v) {
                map[i >>> 6] |= 1L << i;
            } else {
                map[i >>> 6] &= ~(1L << i);
            }
        }
    }
}
