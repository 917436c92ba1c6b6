package org.dmaworkbench.emulation.replay;

import java.util.Arrays;

/**
 * Where each live mapping was made: (device, DMA address) to a site {@code fileIndex << 32 | line}, for the
 * "mapped at" of findings. Open addressing with linear probing and backward-shift deletion; no allocation except
 * when growing.
 */
final class MapSites {
    private Object[] devs = new Object[1024];
    private long[] addrs = new long[1024];
    private long[] sites = new long[1024];
    private int size;

    /**
     * Neighbouring pages of a device land in neighbouring slots (drivers map page after page, so a capture's puts
     * and removes stay in cache), the higher address bits folded in so that far-apart buffers spread out, and each
     * device starts at its own offset.
     */
    private static int hash(Object dev, long addr) {
        long p = addr >>> 12;
        int h = (int) (p ^ (p >>> 17) ^ (p >>> 34) ^ (p >>> 51)) + (int) (addr & 0xfff) * 0x61c88647;
        return h + System.identityHashCode(dev) * 0x9E3779B9;
    }

    void put(Object dev, long addr, long site) {
        if ((size + 1) * 2 > devs.length) {
            grow();
        }
        int mask = devs.length - 1;
        int i = hash(dev, addr) & mask;
        while (devs[i] != null) {
            if (devs[i] == dev && addrs[i] == addr) {
                sites[i] = site;
                return;
            }
            i = (i + 1) & mask;
        }
        devs[i] = dev;
        addrs[i] = addr;
        sites[i] = site;
        size++;
    }

    /** The site, or -1. */
    long get(Object dev, long addr) {
        int mask = devs.length - 1;
        for (int i = hash(dev, addr) & mask; devs[i] != null; i = (i + 1) & mask) {
            if (devs[i] == dev && addrs[i] == addr) {
                return sites[i];
            }
        }
        return -1;
    }

    void remove(Object dev, long addr) {
        int mask = devs.length - 1;
        int i = hash(dev, addr) & mask;
        while (devs[i] != null && !(devs[i] == dev && addrs[i] == addr)) {
            i = (i + 1) & mask;
        }
        if (devs[i] == null) {
            return;
        }
        size--;
        // backward-shift deletion keeps every probe chain unbroken
        int hole = i;
        for (int j = (i + 1) & mask; devs[j] != null; j = (j + 1) & mask) {
            int home = hash(devs[j], addrs[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                devs[hole] = devs[j];
                addrs[hole] = addrs[j];
                sites[hole] = sites[j];
                hole = j;
            }
        }
        devs[hole] = null;
    }

    private void grow() {
        Object[] od = devs;
        long[] oa = addrs;
        long[] os = sites;
        devs = new Object[od.length * 2];
        addrs = new long[od.length * 2];
        sites = new long[od.length * 2];
        size = 0;
        for (int i = 0; i < od.length; i++) {
            if (od[i] != null) {
                put(od[i], oa[i], os[i]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(devs, null);
        size = 0;
    }
}
