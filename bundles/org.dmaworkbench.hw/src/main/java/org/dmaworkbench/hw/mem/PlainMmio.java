package org.dmaworkbench.hw.mem;

import java.util.HashMap;
import java.util.Map;

/**
 * Registers of a device the emulator has no model for: every aligned 32-bit word reads back what was last
 * written (0 initially), so drivers' read-modify-write sequences behave, and accesses are counted.
 */
public final class PlainMmio implements MmioDevice {
    private final Map<Long, Integer> words = new HashMap<>();
    private long reads;
    private long writes;

    @Override
    public long mmioRead(long offset, int size) {
        reads++;
        if (size == 8) {
            return (word(offset) & 0xffffffffL) | ((long) word(offset + 4) << 32);
        }
        int v = word(offset & ~3L);
        int sh = 8 * (int) (offset & 3);
        return (v >>> sh) & (size == 4 ? 0xffffffffL : (1L << (8 * size)) - 1);
    }

    private int word(long aligned) {
        Integer v = words.get(aligned);
        return v == null ? 0 : v;
    }

    @Override
    public void mmioWrite(long offset, int size, long value) {
        writes++;
        if (size == 8) {
            words.put(offset, (int) value);
            words.put(offset + 4, (int) (value >>> 32));
            return;
        }
        long a = offset & ~3L;
        int sh = 8 * (int) (offset & 3);
        int m = size == 4 ? -1 : ((1 << (8 * size)) - 1) << sh;
        words.put(a, (word(a) & ~m) | (((int) value << sh) & m));
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }
}
