package org.dmaworkbench.hw.mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The SoC's physical address space: RAM regions and device register windows, decoded by address.
 * Addresses are 64-bit values; R-Car Gen3 drives 40 of them, so RAM above 4 GiB (e.g. 0x6_0000_0000 on
 * Salvator-X) is an ordinary region here. An access that decodes to nothing, or that runs off the end of
 * a region, raises {@link BusErrorException}.
 * <p>
 * Wide accesses to RAM are served directly; accesses to a register window go to its {@link MmioDevice}
 * with the access width, split into naturally sized pieces of at most 8 bytes for block transfers.
 */
public final class Bus implements PhysicalMemory {
    private BusRegion[] regions = new BusRegion[0];
    private long[] bases = new long[0];
    private BusRegion last;
    /** The RAM behind the RAM windows, for {@link #ramWriteCount()}. */
    private SparseRam[] rams = new SparseRam[0];
    private MmioAccessListener[] mmioListeners = new MmioAccessListener[0];

    /** Reports every register access from now on to {@code l} (after the device handled it). */
    public synchronized void addMmioListener(MmioAccessListener l) {
        MmioAccessListener[] n = Arrays.copyOf(mmioListeners, mmioListeners.length + 1);
        n[mmioListeners.length] = l;
        mmioListeners = n;
    }

    public synchronized void removeMmioListener(MmioAccessListener l) {
        List<MmioAccessListener> n = new ArrayList<>(Arrays.asList(mmioListeners));
        n.remove(l);
        mmioListeners = n.toArray(new MmioAccessListener[0]);
    }

    private void mmioAccessed(long pa, int size, boolean write, long value) {
        for (MmioAccessListener l : mmioListeners) {
            l.mmioAccess(pa, size, write, value);
        }
    }

    /** Adds RAM; its window is the RAM's own base and size. */
    public BusRegion addRam(String name, SparseRam ram) {
        return add(new BusRegion(name, ram.base(), ram.size(), ram, null));
    }

    /** Adds a register window of {@code size} bytes at {@code base}. */
    public BusRegion addMmio(String name, long base, long size, MmioDevice device) {
        if (device == null) {
            throw new IllegalArgumentException("no device for MMIO region " + name);
        }
        return add(new BusRegion(name, base, size, null, device));
    }

    private synchronized BusRegion add(BusRegion r) {
        if (r.size() <= 0 || r.base() < 0 || r.base() + r.size() < r.base()) {
            throw new IllegalArgumentException(String.format("%s: invalid window at 0x%x size 0x%x", r.name(), r.base(), r.size()));
        }
        for (BusRegion o : regions) {
            if (r.base() < o.end() && o.base() < r.end()) {
                throw new IllegalArgumentException(String.format("%s [0x%x-0x%x] overlaps %s", r.name(), r.base(),
                        r.end() - 1, o));
            }
        }
        BusRegion[] n = Arrays.copyOf(regions, regions.length + 1);
        n[regions.length] = r;
        Arrays.sort(n, (a, b) -> Long.compareUnsigned(a.base(), b.base()));
        long[] nb = new long[n.length];
        for (int i = 0; i < n.length; i++) {
            nb[i] = n[i].base();
        }
        regions = n;
        bases = nb;
        if (r.ram() != null && !Arrays.asList(rams).contains(r.ram())) {
            rams = Arrays.copyOf(rams, rams.length + 1);
            rams[rams.length - 1] = r.ram();
        }
        return r;
    }

    /** @return all windows in address order */
    public List<BusRegion> regions() {
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(regions)));
    }

    /** @return the window containing {@code pa}, or null when nothing decodes there */
    public BusRegion regionAt(long pa) {
        BusRegion l = last;
        if (l != null && l.contains(pa)) {
            return l;
        }
        long[] b = bases;
        int i = Arrays.binarySearch(b, pa);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0) {
            return null;
        }
        BusRegion r = regions[i];
        if (!r.contains(pa)) {
            return null;
        }
        last = r;
        return r;
    }

    private BusRegion decode(long pa, int len, boolean write) {
        BusRegion r = regionAt(pa);
        if (r == null || pa + len - r.base() > r.size()) {
            throw new BusErrorException(r == null ? pa : r.end(), write);
        }
        return r;
    }

    /** The sum of the write counts of the RAM behind the bus: it changes whenever any of that RAM is stored to. */
    @Override
    public long ramWriteCount() {
        long n = 0;
        for (SparseRam r : rams) {
            n += r.ramWriteCount();
        }
        return n;
    }

    @Override
    public boolean isPlainRam(long pa, int len) {
        return isRam(pa, len);
    }

    @Override
    public RamPage ramPage(long pa) {
        BusRegion r = regionAt(pa);
        return r != null && r.isRam() ? r.ram().ramPage(pa) : null;
    }

    /** @return true when the whole range {@code [pa, pa+len)} is backed by one RAM region */
    public boolean isRam(long pa, long len) {
        BusRegion r = regionAt(pa);
        return r != null && r.isRam() && pa + len - r.base() <= r.size();
    }

    private long readN(long pa, int size) {
        BusRegion r = decode(pa, size, false);
        if (r.ram() != null) {
            switch (size) {
                case 1: return r.ram().read8(pa);
                case 2: return r.ram().read16(pa);
                case 4: return r.ram().read32(pa) & 0xffffffffL;
                default: return r.ram().read64(pa);
            }
        }
        long v = r.device().mmioRead(pa - r.base(), size);
        v = size == 8 ? v : v & ((1L << (8 * size)) - 1);
        if (mmioListeners.length != 0) {
            mmioAccessed(pa, size, false, v);
        }
        return v;
    }

    private void writeN(long pa, int size, long value) {
        BusRegion r = decode(pa, size, true);
        if (r.ram() != null) {
            switch (size) {
                case 1: r.ram().write8(pa, (int) value); break;
                case 2: r.ram().write16(pa, (int) value); break;
                case 4: r.ram().write32(pa, (int) value); break;
                default: r.ram().write64(pa, value); break;
            }
            return;
        }
        long v = size == 8 ? value : value & ((1L << (8 * size)) - 1);
        r.device().mmioWrite(pa - r.base(), size, v);
        if (mmioListeners.length != 0) {
            mmioAccessed(pa, size, true, v);
        }
    }

    @Override
    public int read8(long pa) {
        return (int) readN(pa, 1);
    }

    @Override
    public void write8(long pa, int value) {
        writeN(pa, 1, value);
    }

    @Override
    public int read16(long pa) {
        return (int) readN(pa, 2);
    }

    @Override
    public void write16(long pa, int value) {
        writeN(pa, 2, value);
    }

    @Override
    public int read32(long pa) {
        return (int) readN(pa, 4);
    }

    @Override
    public void write32(long pa, int value) {
        writeN(pa, 4, value);
    }

    @Override
    public long read64(long pa) {
        return readN(pa, 8);
    }

    @Override
    public void write64(long pa, long value) {
        writeN(pa, 8, value);
    }

    /** Largest naturally aligned access size (1..8) that fits at {@code pa} within {@code len} bytes. */
    private static int piece(long pa, int len) {
        int s = 8;
        while (s > 1 && ((pa & (s - 1)) != 0 || s > len)) {
            s >>= 1;
        }
        return s;
    }

    @Override
    public void read(long pa, byte[] dst, int offset, int length) {
        BusRegion r = decode(pa, length, false);
        if (r.ram() != null) {
            r.ram().read(pa, dst, offset, length);
            return;
        }
        while (length > 0) {
            int s = piece(pa, length);
            long v = r.device().mmioRead(pa - r.base(), s);
            if (mmioListeners.length != 0) {
                mmioAccessed(pa, s, false, v);
            }
            for (int i = 0; i < s; i++) {
                dst[offset + i] = (byte) (v >>> (8 * i));
            }
            pa += s;
            offset += s;
            length -= s;
        }
    }

    @Override
    public void write(long pa, byte[] src, int offset, int length) {
        BusRegion r = decode(pa, length, true);
        if (r.ram() != null) {
            r.ram().write(pa, src, offset, length);
            return;
        }
        while (length > 0) {
            int s = piece(pa, length);
            long v = 0;
            for (int i = s - 1; i >= 0; i--) {
                v = (v << 8) | (src[offset + i] & 0xff);
            }
            r.device().mmioWrite(pa - r.base(), s, v);
            if (mmioListeners.length != 0) {
                mmioAccessed(pa, s, true, v);
            }
            pa += s;
            offset += s;
            length -= s;
        }
    }

    /**
     * Copies {@code length} bytes from {@code srcPa} to {@code dstPa} as a bus master would with reads
     * followed by writes. RAM to RAM is copied page by page without a bounce buffer.
     */
    public void copy(long srcPa, long dstPa, int length, byte[] scratch) {
        BusRegion s = decode(srcPa, length, false);
        BusRegion d = decode(dstPa, length, true);
        if (s.ram() != null && d.ram() != null) {
            s.ram().copyTo(srcPa, d.ram(), dstPa, length);
            return;
        }
        byte[] buf = scratch != null && scratch.length >= length ? scratch : new byte[length];
        read(srcPa, buf, 0, length);
        write(dstPa, buf, 0, length);
    }
}
