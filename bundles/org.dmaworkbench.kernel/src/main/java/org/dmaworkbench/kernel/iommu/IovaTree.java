package org.dmaworkbench.kernel.iommu;

import java.util.Arrays;

/**
 * The rbtree of {@code struct iova} that drivers/iommu/iova.c keys by {@code pfn_lo}, as a red-black tree
 * (the classic textbook algorithms, with a black sentinel) whose nodes live in one {@code long[]} and are
 * named by int ids. A deleted node's id goes on a free list and is handed out again by the next insertion,
 * so a domain that allocates and frees ranges at a steady rate allocates nothing on the heap: the array
 * only grows (doubling) when more ranges are live at once than ever before.
 * <p>
 * Fresh ids are not handed out in order (see {@link #freshId}), and the leftmost node is kept at hand as in
 * the kernel's {@code rb_root_cached}: top-down allocation works below the lowest range, whose predecessor
 * would otherwise take a walk up to the root each time.
 * <p>
 * Ids stay with their range while it is in the tree: a deletion moves the successor node into the deleted
 * one's place by relinking, never by copying keys, so ids held by the caller (the cached nodes of
 * {@link IovaDomain}) remain valid. Each node takes four longs, next to each other for the sake of the
 * cache: {@code pfn_lo}, {@code pfn_hi}, the left and right child ids, the parent id and the colour.
 * <p>
 * Keys must be unique. Not thread-safe.
 */
final class IovaTree {
    /** The sentinel: "no node". Black, never handed out; its parent link is scratch space for deletion. */
    static final int NIL = 0;

    private static final int STRIDE = 4;
    private static final int LO = 0;
    private static final int HI = 1;
    /** left child id in the high 32 bits, right child id in the low 32 */
    private static final int KIDS = 2;
    /** parent id shifted left by one, red in bit 0 */
    private static final int UP = 3;
    private static final long LOW32 = 0xffffffffL;
    /** the most slots (ids, the sentinel's included): a power of two whose longs an array can hold */
    private static final int MAX_SLOTS = 1 << 28;

    private long[] nodes;
    /** ids handed out in order, the sentinel's included, before {@link #freshId} scrambles; a power of two */
    private final int firstBlock;
    private int root = NIL;
    private int leftmost = NIL;
    private int size;
    /** fresh ids handed out so far, the sentinel counted */
    private int highWater = 1;
    /** head of the freed ids, chained through their {@link #KIDS} word */
    private int freeList = NIL;

    /** @param initialNodes room for this many nodes before the first growth */
    IovaTree(int initialNodes) {
        firstBlock = Integer.highestOneBit(Math.min(Math.max(initialNodes, 1), MAX_SLOTS / 2)) << 1;
        nodes = new long[firstBlock * STRIDE];
    }

    // ---- node fields ----

    long lo(int n) {
        return nodes[n * STRIDE + LO];
    }

    long hi(int n) {
        return nodes[n * STRIDE + HI];
    }

    /** Changes a key in place; the caller keeps it between the node's neighbours' keys. */
    void setLo(int n, long lo) {
        nodes[n * STRIDE + LO] = lo;
    }

    void setHi(int n, long hi) {
        nodes[n * STRIDE + HI] = hi;
    }

    private int left(int n) {
        return (int) (nodes[n * STRIDE + KIDS] >>> 32);
    }

    private int right(int n) {
        return (int) nodes[n * STRIDE + KIDS];
    }

    private int parent(int n) {
        return (int) (nodes[n * STRIDE + UP] >>> 1);
    }

    private boolean red(int n) {
        return (nodes[n * STRIDE + UP] & 1) != 0;
    }

    private void setLeft(int n, int l) {
        int i = n * STRIDE + KIDS;
        nodes[i] = ((long) l << 32) | (nodes[i] & LOW32);
    }

    private void setRight(int n, int r) {
        int i = n * STRIDE + KIDS;
        nodes[i] = (nodes[i] & ~LOW32) | (r & LOW32);
    }

    private void setParent(int n, int p) {
        int i = n * STRIDE + UP;
        nodes[i] = ((long) p << 1) | (nodes[i] & 1);
    }

    private void setRed(int n, boolean red) {
        int i = n * STRIDE + UP;
        nodes[i] = (nodes[i] & ~1L) | (red ? 1 : 0);
    }

    // ---- size and storage ----

    /** @return nodes in the tree */
    int size() {
        return size;
    }

    /** @return nodes the storage holds without growing */
    int capacity() {
        return nodes.length / STRIDE - 1;
    }

    /** Empties the tree; the storage is kept. */
    void clear() {
        root = NIL;
        leftmost = NIL;
        size = 0;
        highWater = 1;
        freeList = NIL;
        nodes[NIL * STRIDE + UP] = 0;
    }

    private int newNode(long lo, long hi) {
        int n = freeList;
        if (n != NIL) {
            freeList = right(n);
        } else {
            int slots = nodes.length / STRIDE;
            if (highWater == slots) {
                if (slots == MAX_SLOTS) {
                    throw new IllegalStateException("IOVA tree full: " + capacity() + " ranges");
                }
                nodes = Arrays.copyOf(nodes, 2 * slots * STRIDE);
            }
            n = freshId(highWater++);
        }
        int i = n * STRIDE;
        nodes[i + LO] = lo;
        nodes[i + HI] = hi;
        nodes[i + KIDS] = 0; // NIL, NIL
        nodes[i + UP] = 1; // red, parent set by the caller
        size++;
        return n;
    }

    /**
     * The id of the {@code j}th fresh node: {@code j} itself in the first block, then within each block
     * {@code [2^k, 2^(k+1))} a fixed permutation (odd multiplications and xor-shifts, each a bijection on k
     * bits). Sequential ids would put the nodes on a root path of a tree grown in key order (as top-down
     * allocation grows it) a large power of two apart in memory, all in the same set of the L1 cache, so every
     * lookup would evict its own path: with a million ranges a lookup took twice as long as when scrambled.
     */
    private int freshId(int j) {
        if (j < firstBlock) {
            return j;
        }
        int base = Integer.highestOneBit(j);
        int bits = Integer.numberOfTrailingZeros(base);
        int mask = base - 1;
        int shift = (bits + 1) / 2;
        int x = ((j - base) * 0x9e3779b1) & mask;
        x ^= x >>> shift;
        x = (x * 0x85ebca6b) & mask;
        x ^= x >>> shift;
        return base + x;
    }

    private void freeNode(int n) {
        nodes[n * STRIDE + KIDS] = freeList & LOW32;
        freeList = n;
        size--;
    }

    // ---- lookups ----

    /** @return the node with the greatest key at or below {@code key}, or {@link #NIL} */
    int floor(long key) {
        int x = root;
        int best = NIL;
        while (x != NIL) {
            long k = lo(x);
            if (key < k) {
                x = left(x);
            } else if (key > k) {
                best = x;
                x = right(x);
            } else {
                return x;
            }
        }
        return best;
    }

    /** @return the node with the least key at or above {@code key}, or {@link #NIL} */
    int ceiling(long key) {
        int x = root;
        int best = NIL;
        while (x != NIL) {
            long k = lo(x);
            if (key > k) {
                x = right(x);
            } else if (key < k) {
                best = x;
                x = left(x);
            } else {
                return x;
            }
        }
        return best;
    }

    /** @return the node whose key is {@code key}, or {@link #NIL} */
    int find(long key) {
        int n = floor(key);
        return n != NIL && lo(n) == key ? n : NIL;
    }

    /** @return the node with the least key, or {@link #NIL} when empty */
    int first() {
        return leftmost;
    }

    /** @return the node with the greatest key, or {@link #NIL} when empty */
    int last() {
        return root == NIL ? NIL : max(root);
    }

    private int min(int x) {
        for (int l = left(x); l != NIL; l = left(x)) {
            x = l;
        }
        return x;
    }

    private int max(int x) {
        for (int r = right(x); r != NIL; r = right(x)) {
            x = r;
        }
        return x;
    }

    /** {@code rb_next()}: @return the in-order successor of {@code n}, or {@link #NIL} */
    int next(int n) {
        int r = right(n);
        if (r != NIL) {
            return min(r);
        }
        int p = parent(n);
        while (p != NIL && n == right(p)) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    /** {@code rb_prev()}: @return the in-order predecessor of {@code n}, or {@link #NIL} */
    int prev(int n) {
        if (n == leftmost) {
            return NIL;
        }
        int l = left(n);
        if (l != NIL) {
            return max(l);
        }
        int p = parent(n);
        while (p != NIL && n == left(p)) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    // ---- insertion ----

    /** @return the id of a new node {@code [lo, hi]}; no node may have the key {@code lo} yet */
    int insert(long lo, long hi) {
        int p = NIL;
        boolean goLeft = false;
        for (int x = root; x != NIL;) {
            p = x;
            long k = lo(x);
            if (lo < k) {
                goLeft = true;
                x = left(x);
            } else if (lo > k) {
                goLeft = false;
                x = right(x);
            } else {
                throw new IllegalArgumentException("key 0x" + Long.toHexString(lo) + " already in the tree");
            }
        }
        return link(newNode(lo, hi), p, goLeft);
    }

    /**
     * Inserts {@code [lo, hi]} right after {@code pred} in key order without searching from the root, as
     * iova.c inserts from the node its gap search stopped at: {@code lo} must lie strictly between the
     * keys of {@code pred} and of its successor ({@link #NIL} {@code pred}: below every key).
     * @return the new node's id
     */
    int insertAfter(int pred, long lo, long hi) {
        if (pred == NIL) {
            return link(newNode(lo, hi), leftmost, true);
        }
        int r = right(pred);
        if (r == NIL) {
            return link(newNode(lo, hi), pred, false);
        }
        return link(newNode(lo, hi), min(r), true);
    }

    private int link(int z, int p, boolean asLeft) {
        setParent(z, p);
        if (p == NIL) {
            root = z;
            leftmost = z;
        } else if (asLeft) {
            setLeft(p, z);
            if (p == leftmost) {
                leftmost = z;
            }
        } else {
            setRight(p, z);
        }
        insertFixup(z);
        return z;
    }

    private void insertFixup(int z) {
        while (red(parent(z))) {
            int p = parent(z);
            int g = parent(p);
            if (p == left(g)) {
                int y = right(g);
                if (red(y)) {
                    setRed(p, false);
                    setRed(y, false);
                    setRed(g, true);
                    z = g;
                } else {
                    if (z == right(p)) {
                        z = p;
                        rotateLeft(z);
                        p = parent(z);
                        g = parent(p);
                    }
                    setRed(p, false);
                    setRed(g, true);
                    rotateRight(g);
                }
            } else {
                int y = left(g);
                if (red(y)) {
                    setRed(p, false);
                    setRed(y, false);
                    setRed(g, true);
                    z = g;
                } else {
                    if (z == left(p)) {
                        z = p;
                        rotateRight(z);
                        p = parent(z);
                        g = parent(p);
                    }
                    setRed(p, false);
                    setRed(g, true);
                    rotateLeft(g);
                }
            }
        }
        setRed(root, false);
    }

    private void rotateLeft(int x) {
        int y = right(x);
        int b = left(y);
        setRight(x, b);
        if (b != NIL) {
            setParent(b, x);
        }
        replaceChild(x, y);
        setLeft(y, x);
        setParent(x, y);
    }

    private void rotateRight(int x) {
        int y = left(x);
        int b = right(y);
        setLeft(x, b);
        if (b != NIL) {
            setParent(b, x);
        }
        replaceChild(x, y);
        setRight(y, x);
        setParent(x, y);
    }

    /** Puts {@code v} where {@code u} hangs from its parent (also for {@code v == NIL}: the sentinel's parent is set). */
    private void replaceChild(int u, int v) {
        int p = parent(u);
        if (p == NIL) {
            root = v;
        } else if (u == left(p)) {
            setLeft(p, v);
        } else {
            setRight(p, v);
        }
        setParent(v, p);
    }

    // ---- deletion ----

    /** Removes node {@code z}; every other node keeps its id. The id of {@code z} is reused later. */
    void delete(int z) {
        if (z == leftmost) {
            leftmost = next(z);
        }
        int y = z;
        boolean yWasRed = red(y);
        int x;
        if (left(z) == NIL) {
            x = right(z);
            replaceChild(z, x);
        } else if (right(z) == NIL) {
            x = left(z);
            replaceChild(z, x);
        } else {
            y = min(right(z));
            yWasRed = red(y);
            x = right(y);
            if (parent(y) == z) {
                setParent(x, y);
            } else {
                replaceChild(y, x);
                int zr = right(z);
                setRight(y, zr);
                setParent(zr, y);
            }
            replaceChild(z, y);
            int zl = left(z);
            setLeft(y, zl);
            setParent(zl, y);
            setRed(y, red(z));
        }
        if (!yWasRed) {
            deleteFixup(x);
        }
        setParent(NIL, NIL);
        freeNode(z);
    }

    private void deleteFixup(int x) {
        while (x != root && !red(x)) {
            int p = parent(x);
            if (x == left(p)) {
                int w = right(p);
                if (red(w)) {
                    setRed(w, false);
                    setRed(p, true);
                    rotateLeft(p);
                    w = right(p);
                }
                if (!red(left(w)) && !red(right(w))) {
                    setRed(w, true);
                    x = p;
                } else {
                    if (!red(right(w))) {
                        setRed(left(w), false);
                        setRed(w, true);
                        rotateRight(w);
                        w = right(p);
                    }
                    setRed(w, red(p));
                    setRed(p, false);
                    setRed(right(w), false);
                    rotateLeft(p);
                    x = root;
                }
            } else {
                int w = left(p);
                if (red(w)) {
                    setRed(w, false);
                    setRed(p, true);
                    rotateRight(p);
                    w = left(p);
                }
                if (!red(left(w)) && !red(right(w))) {
                    setRed(w, true);
                    x = p;
                } else {
                    if (!red(left(w))) {
                        setRed(right(w), false);
                        setRed(w, true);
                        rotateLeft(w);
                        w = left(p);
                    }
                    setRed(w, red(p));
                    setRed(p, false);
                    setRed(left(w), false);
                    rotateRight(p);
                    x = root;
                }
            }
        }
        setRed(x, false);
    }

    // ---- checking, for tests ----

    /**
     * Checks the search order, the parent links, the red-black rules and the node count.
     * @throws IllegalStateException naming the first rule broken
     */
    void check() {
        if (red(NIL) || left(NIL) != NIL || right(NIL) != NIL) {
            throw new IllegalStateException("sentinel changed");
        }
        if (red(root)) {
            throw new IllegalStateException("red root");
        }
        if (root != NIL && parent(root) != NIL) {
            throw new IllegalStateException("root has a parent");
        }
        if (leftmost != (root == NIL ? NIL : min(root))) {
            throw new IllegalStateException("leftmost " + leftmost + " is not the least node");
        }
        int[] count = new int[1];
        check(root, Long.MIN_VALUE, Long.MAX_VALUE, count);
        if (count[0] != size) {
            throw new IllegalStateException(count[0] + " nodes reachable, size " + size);
        }
    }

    /** @return the black height below {@code n} */
    private int check(int n, long min, long max, int[] count) {
        if (n == NIL) {
            return 1;
        }
        count[0]++;
        long k = lo(n);
        if (k < min || k > max) {
            throw new IllegalStateException("node " + n + " key 0x" + Long.toHexString(k) + " out of order");
        }
        int l = left(n);
        int r = right(n);
        if ((l != NIL && parent(l) != n) || (r != NIL && parent(r) != n)) {
            throw new IllegalStateException("node " + n + ": child with a wrong parent link");
        }
        if (red(n) && (red(l) || red(r))) {
            throw new IllegalStateException("node " + n + ": red with a red child");
        }
        int bl = check(l, min, k == Long.MIN_VALUE ? k : k - 1, count);
        int br = check(r, k == Long.MAX_VALUE ? k : k + 1, max, count);
        if (bl != br) {
            throw new IllegalStateException("node " + n + ": black heights " + bl + " and " + br);
        }
        return bl + (red(n) ? 0 : 1);
    }
}
