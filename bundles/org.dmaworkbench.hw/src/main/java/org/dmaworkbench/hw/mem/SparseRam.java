package org.dmaworkbench.hw.mem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * RAM of any size that costs only the 4 KiB pages that were written. Pages never written read as zero.
 * Page lookup uses an open-addressing hash keyed by page frame number, so no boxing on the access path, behind a
 * small direct-mapped cache of recent pages; an aligned access within one page costs one lookup and one
 * little-endian view.
 * Not thread-safe: the emulation thread owns it.
 */
public final class SparseRam implements PhysicalMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private final long base;
    private final long size;
    private long[] keys = new long[1024];
    /** the resident pages, each with its {@link RamPage} view (made with the page, so handing it out is free) */
    private RamPage[] pages = new RamPage[1024];
    private int count;
    /** Stores so far (see {@link #ramWriteCount()}). */
    private long writes;

    public SparseRam(long base, long size) {
        if ((base & PAGE_MASK) != 0 || (size & PAGE_MASK) != 0 || size <= 0) {
            throw new IllegalArgumentException(String.format("RAM at 0x%x size 0x%x is not page aligned", base, size));
        }
        this.base = base;
        this.size = size;
        Arrays.fill(keys, -1L);
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public boolean contains(long pa) {
        return pa - base >= 0 && pa - base < size;
    }

    @Override
    public long ramWriteCount() {
        return writes;
    }

    /** One store more (for {@link RamPage#write64}). */
    void countWrite() {
        writes++;
    }

    /**
     * The page holding {@code pa}, created (zeroed) if it was never written; null when the page is not wholly inside
     * this RAM. The same object comes back for the same page every time.
     */
    @Override
    public RamPage ramPage(long pa) {
        long pageBase = pa & ~(long) PAGE_MASK;
        if (!isPlainRam(pageBase, PAGE_SIZE)) {
            return null;
        }
        return entry(pageBase, true);
    }

    @Override
    public boolean isPlainRam(long pa, int len) {
        return len >= 0 && pa - base >= 0 && pa - base <= size - len;
    }

    /** @return how many 4 KiB pages have backing storage */
    public int residentPages() {
        return count;
    }

    private void check(long pa, int len, boolean write) {
        if (pa < base || pa + len > base + size || len < 0) {
            throw new BusErrorException(pa, write);
        }
    }

    private static int slot(long pfn, int mask) {
        long h = pfn * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** @return the page holding pa, or null if it was never written and {@code create} is false */
    private byte[] page(long pa, boolean create) {
        RamPage p = entry(pa, create);
        return p == null ? null : p.bytes();
    }

    /** @return the resident page holding pa, or null if it was never written and {@code create} is false */
    private RamPage entry(long pa, boolean create) {
        long pfn = pa >>> PAGE_SHIFT;
        int mask = keys.length - 1;
        int i = slot(pfn, mask);
        while (true) {
            long k = keys[i];
            if (k == pfn) {
                return pages[i];
            }
            if (k == -1L) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (!create) {
            return null;
        }
        if ((count + 1) * 2 > keys.length) {
            grow();
            return entry(pa, true);
        }
        RamPage p = new RamPage(this, new byte[PAGE_SIZE], pfn << PAGE_SHIFT);
        keys[i] = pfn;
        pages[i] = p;
        count++;
        return p;
    }

    private void grow() {
        long[] oldKeys = keys;
        RamPage[] oldPages = pages;
        keys = new long[oldKeys.length * 2];
        pages = new RamPage[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != -1L) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != -1L) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                pages[i] = oldPages[j];
            }
        }
    }

    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Direct-mapped cache of recent pages, indexed by the low bits of the page frame number: a page-table walk
     * touches three or four table pages in turn and a burst one or two buffers, and each hit costs one compare
     * instead of a hash probe. Pages are never dropped once created, so an entry never goes stale.
     */
    private static final int RECENT = 256;
    private final long[] recentPfn = newRecentKeys();
    private final byte[][] recentPage = new byte[RECENT][];

    private static long[] newRecentKeys() {
        long[] k = new long[RECENT];
        Arrays.fill(k, -1L);
        return k;
    }

    private byte[] cachedPage(long pa, boolean create) {
        long pfn = pa >>> PAGE_SHIFT;
        int i = (int) pfn & (RECENT - 1);
        if (recentPfn[i] == pfn) {
            return recentPage[i];
        }
        byte[] p = page(pa, create);
        if (p != null) {
            recentPfn[i] = pfn;
            recentPage[i] = p;
        }
        return p;
    }

    /** True when [pa, pa+len) lies in one page, so one lookup serves the whole access. */
    private static boolean inOnePage(long pa, int len) {
        return (pa & PAGE_MASK) <= PAGE_SIZE - len;
    }

    /** Slow path for an access that straddles two pages: byte by byte, little-endian. */
    private long readLe(long pa, int len) {
        long v = 0;
        for (int b = len - 1; b >= 0; b--) {
            long a = pa + b;
            byte[] p = cachedPage(a, false);
            v = (v << 8) | (p == null ? 0 : p[(int) (a & PAGE_MASK)] & 0xff);
        }
        return v;
    }

    private void writeLe(long pa, int len, long v) {
        for (int b = 0; b < len; b++) {
            long a = pa + b;
            cachedPage(a, true)[(int) (a & PAGE_MASK)] = (byte) (v >>> (8 * b));
        }
    }

    @Override
    public int read8(long pa) {
        check(pa, 1, false);
        byte[] p = cachedPage(pa, false);
        return p == null ? 0 : p[(int) (pa & PAGE_MASK)] & 0xff;
    }

    @Override
    public void write8(long pa, int value) {
        check(pa, 1, true);
        writes++;
        cachedPage(pa, true)[(int) (pa & PAGE_MASK)] = (byte) value;
    }

    @Override
    public int read16(long pa) {
        check(pa, 2, false);
        if (!inOnePage(pa, 2)) {
            return (int) readLe(pa, 2);
        }
        byte[] p = cachedPage(pa, false);
        return p == null ? 0 : (short) LE16.get(p, (int) (pa & PAGE_MASK)) & 0xffff;
    }

    @Override
    public void write16(long pa, int value) {
        check(pa, 2, true);
        writes++;
        if (!inOnePage(pa, 2)) {
            writeLe(pa, 2, value);
            return;
        }
        LE16.set(cachedPage(pa, true), (int) (pa & PAGE_MASK), (short) value);
    }

    @Override
    public int read32(long pa) {
        check(pa, 4, false);
        if (!inOnePage(pa, 4)) {
            return (int) readLe(pa, 4);
        }
        byte[] p = cachedPage(pa, false);
        return p == null ? 0 : (int) LE32.get(p, (int) (pa & PAGE_MASK));
    }

    @Override
    public void write32(long pa, int value) {
        check(pa, 4, true);
        writes++;
        if (!inOnePage(pa, 4)) {
            writeLe(pa, 4, value);
            return;
        }
        LE32.set(cachedPage(pa, true), (int) (pa & PAGE_MASK), value);
    }

    @Override
    public long read64(long pa) {
        check(pa, 8, false);
        if (!inOnePage(pa, 8)) {
            return readLe(pa, 8);
        }
        byte[] p = cachedPage(pa, false);
        return p == null ? 0 : (long) LE64.get(p, (int) (pa & PAGE_MASK));
    }

    @Override
    public void write64(long pa, long value) {
        check(pa, 8, true);
        writes++;
        if (!inOnePage(pa, 8)) {
            writeLe(pa, 8, value);
            return;
        }
        LE64.set(cachedPage(pa, true), (int) (pa & PAGE_MASK), value);
    }

    @Override
    public void read(long pa, byte[] dst, int offset, int length) {
        check(pa, length, false);
        while (length > 0) {
            int in = (int) (pa & PAGE_MASK);
            int n = Math.min(length, PAGE_SIZE - in);
            byte[] p = cachedPage(pa, false);
            if (p == null) {
                Arrays.fill(dst, offset, offset + n, (byte) 0);
            } else {
                System.arraycopy(p, in, dst, offset, n);
            }
            pa += n;
            offset += n;
            length -= n;
        }
    }

    /**
     * Copies {@code length} bytes from {@code srcPa} in this RAM to {@code dstPa} in {@code dst} (which may be
     * this RAM), in ascending address order, page by page and without a bounce buffer. Source pages that were
     * never written copy as zeros.
     */
    public void copyTo(long srcPa, SparseRam dst, long dstPa, int length) {
        check(srcPa, length, false);
        dst.check(dstPa, length, true);
        dst.writes++;
        while (length > 0) {
            int sin = (int) (srcPa & PAGE_MASK);
            int din = (int) (dstPa & PAGE_MASK);
            int n = Math.min(length, PAGE_SIZE - Math.max(sin, din));
            byte[] sp = cachedPage(srcPa, false);
            if (sp == null) {
                byte[] dp = dst.cachedPage(dstPa, false);
                if (dp != null) {
                    Arrays.fill(dp, din, din + n, (byte) 0);
                }
            } else {
                System.arraycopy(sp, sin, dst.cachedPage(dstPa, true), din, n);
            }
            srcPa += n;
            dstPa += n;
            length -= n;
        }
    }

    @Override
    public void write(long pa, byte[] src, int offset, int length) {
        check(pa, length, true);
        writes++;
        while (length > 0) {
            int in = (int) (pa & PAGE_MASK);
            int n = Math.min(length, PAGE_SIZE - in);
            System.arraycopy(src, offset, cachedPage(pa, true), in, n);
            pa += n;
            offset += n;
            length -= n;
        }
    }
}
