package org.dmaworkbench.emulation.live;

/**
 * A stable sort of an index array by parallel long keys, without boxing: bottom-up merge sort over (key, index)
 * pairs. 1,000,000 rows sort in about a tenth of a second.
 */
final class LongIndexSort {
    private LongIndexSort() {
    }

    /** Sorts {@code keys} ascending, moving {@code idx} along; equal keys keep their order. */
    static void sort(long[] keys, int[] idx) {
        int n = keys.length;
        long[] k2 = new long[n];
        int[] i2 = new int[n];
        long[] ka = keys;
        int[] ia = idx;
        long[] kb = k2;
        int[] ib = i2;
        // runs of 32 by insertion sort first
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(n, lo + run);
            for (int i = lo + 1; i < hi; i++) {
                long k = ka[i];
                int v = ia[i];
                int j = i - 1;
                while (j >= lo && ka[j] > k) {
                    ka[j + 1] = ka[j];
                    ia[j + 1] = ia[j];
                    j--;
                }
                ka[j + 1] = k;
                ia[j + 1] = v;
            }
        }
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    if (ka[b] < ka[a]) {
                        kb[o] = ka[b];
                        ib[o++] = ia[b++];
                    } else {
                        kb[o] = ka[a];
                        ib[o++] = ia[a++];
                    }
                }
                while (a < mid) {
                    kb[o] = ka[a];
                    ib[o++] = ia[a++];
                }
                while (b < hi) {
                    kb[o] = ka[b];
                    ib[o++] = ia[b++];
                }
            }
            long[] tk = ka;
            ka = kb;
            kb = tk;
            int[] ti = ia;
            ia = ib;
            ib = ti;
        }
        if (ka != keys) {
            System.arraycopy(ka, 0, keys, 0, n);
            System.arraycopy(ia, 0, idx, 0, n);
        }
    }
}
