package org.dmaworkbench.kernel.dma.debug;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative int values (linear probing, backward-shift deletion, load
 * factor at most 1/2). get/put/remove do not allocate except when the table doubles.
 */
final class LongIntMap {
    private static final int ABSENT = -1;

    private long[] keys;
    private int[] vals; // ABSENT marks an empty slot
    private int mask;
    private int size;
    /**
     * Where the last {@link #get} (or inserting {@link #put}) of {@code memoKey} ended: the key's slot, or the
     * empty slot an insertion of it would take. Valid while {@link #layout} (bumped whenever slots are filled,
     * emptied or moved) is still {@code memoLayout}, so dma-debug's get, put, get, get, remove of one address
     * probes once.
     */
    private long memoKey;
    private int memoSlot = -1;
    private int memoLayout;
    private int layout;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        vals = new int[cap];
        Arrays.fill(vals, ABSENT);
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    /** @return the value for {@code key}, or -1 */
    int get(long key) {
        if (memoSlot >= 0 && memoKey == key && memoLayout == layout) {
            return vals[memoSlot]; // the key's slot, or the empty slot that ends its probe: nothing moved since
        }
        int i = mix(key) & mask;
        while (true) {
            int v = vals[i];
            if (v == ABSENT || keys[i] == key) {
                memoKey = key;
                memoSlot = i;
                memoLayout = layout;
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** The slot the last get of {@code key} ended at, if nothing moved since; else where probing starts. */
    private int startSlot(long key) {
        if (memoSlot >= 0 && memoKey == key && memoLayout == layout) {
            return memoSlot;
        }
        return mix(key) & mask;
    }

    /** Maps {@code key} to {@code value} (>= 0). */
    void put(long key, int value) {
        int i = startSlot(key);
        while (true) {
            int v = vals[i];
            if (v == ABSENT) {
                if (fill(i, key, value)) {
                    memoKey = key;
                    memoSlot = i;
                    memoLayout = layout;
                }
                return;
            }
            if (keys[i] == key) {
                vals[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Maps {@code key} to {@code value} unless present; returns the value it already had, or -1 if inserted. */
    int putIfAbsent(long key, int value) {
        int i = mix(key) & mask;
        while (true) {
            int v = vals[i];
            if (v == ABSENT) {
                fill(i, key, value);
                return ABSENT;
            }
            if (keys[i] == key) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Puts {@code key} into the empty slot {@code i}; @return false when the table doubled (slots moved) */
    private boolean fill(int i, long key, int value) {
        keys[i] = key;
        vals[i] = value;
        layout++;
        if (++size * 2 > keys.length) {
            grow();
            return false;
        }
        return true;
    }

    /** Decrements the value of {@code key}, removing the key when the value was 0 or the key absent. */
    void decrementOrRemove(long key) {
        int i = mix(key) & mask;
        while (true) {
            int v = vals[i];
            if (v == ABSENT) {
                return;
            }
            if (keys[i] == key) {
                if (v == 0) {
                    shiftBack(i);
                    size--;
                } else {
                    vals[i] = v - 1;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns its value or -1. */
    int remove(long key) {
        int i = startSlot(key);
        while (true) {
            int v = vals[i];
            if (v == ABSENT) {
                return ABSENT;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    private void shiftBack(int hole) {
        layout++;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (vals[i] == ABSENT) {
                break;
            }
            int home = mix(keys[i]) & mask;
            // move the entry at i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!stays) {
                keys[hole] = keys[i];
                vals[hole] = vals[i];
                hole = i;
            }
        }
        vals[hole] = ABSENT;
    }

    private void grow() {
        layout++;
        long[] ok = keys;
        int[] ov = vals;
        keys = new long[ok.length * 2];
        vals = new int[ov.length * 2];
        Arrays.fill(vals, ABSENT);
        mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ov[j] != ABSENT) {
                int i = mix(ok[j]) & mask;
                while (vals[i] != ABSENT) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                vals[i] = ov[j];
            }
        }
    }

    void clear() {
        layout++;
        Arrays.fill(vals, ABSENT);
        size = 0;
    }
}
