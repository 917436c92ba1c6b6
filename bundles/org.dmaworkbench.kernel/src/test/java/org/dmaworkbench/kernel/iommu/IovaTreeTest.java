package org.dmaworkbench.kernel.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.Test;

/**
 * {@link IovaTree} against {@link TreeMap} as the reference: random insertions and deletions, then the
 * ordered lookups and neighbours, the red-black rules, stable ids and the reuse of freed ones.
 */
public class IovaTreeTest {
    private static final int NIL = IovaTree.NIL;

    /** key to node id, alongside the tree */
    private final TreeMap<Long, Integer> ref = new TreeMap<>();

    private static long hiFor(long key) {
        return key * 3 + 7;
    }

    private void assertSameAsReference(IovaTree t) {
        t.check();
        assertEquals(ref.size(), t.size());
        int n = t.first();
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertEquals("node of key " + e.getKey(), (int) e.getValue(), n);
            assertEquals((long) e.getKey(), t.lo(n));
            assertEquals(hiFor(e.getKey()), t.hi(n));
            n = t.next(n);
        }
        assertEquals(NIL, n);
        n = t.last();
        for (Integer id : ref.descendingMap().values()) {
            assertEquals((int) id, n);
            n = t.prev(n);
        }
        assertEquals(NIL, n);
    }

    private static int idOrNil(Map.Entry<Long, Integer> e) {
        return e == null ? NIL : e.getValue();
    }

    private void assertLookups(IovaTree t, long key) {
        assertEquals("floor " + key, idOrNil(ref.floorEntry(key)), t.floor(key));
        assertEquals("ceiling " + key, idOrNil(ref.ceilingEntry(key)), t.ceiling(key));
        Integer exact = ref.get(key);
        assertEquals("find " + key, exact == null ? NIL : exact, t.find(key));
        if (exact != null) {
            assertEquals("next " + key, idOrNil(ref.higherEntry(key)), t.next(exact));
            assertEquals("prev " + key, idOrNil(ref.lowerEntry(key)), t.prev(exact));
        }
    }

    private void randomOperations(long seed, boolean hinted) {
        Random rnd = new Random(seed);
        IovaTree t = new IovaTree(4);
        for (int op = 0; op < 40_000; op++) {
            long key = rnd.nextInt(3000) - 1000;
            // grow and shrink in waves so that both the deletion and the reuse paths run at many sizes
            boolean insert = ((op / 5000) % 2 == 0) ? rnd.nextInt(10) < 7 : rnd.nextInt(10) < 3;
            Integer present = ref.get(key);
            if (insert && present == null) {
                int id;
                if (hinted) {
                    id = t.insertAfter(idOrNil(ref.lowerEntry(key)), key, hiFor(key));
                } else {
                    id = t.insert(key, hiFor(key));
                }
                assertTrue(id != NIL);
                assertTrue("id " + id + " handed out twice", !ref.containsValue(id));
                ref.put(key, id);
            } else if (!insert && present != null) {
                t.delete(present);
                ref.remove(key);
            }
            assertLookups(t, key);
            assertLookups(t, rnd.nextInt(3200) - 1100);
            if (op % 97 == 0) {
                assertSameAsReference(t);
            }
        }
        assertSameAsReference(t);
        // the storage never grew past what was live at once (plus the sentinel's doubling slack)
        assertTrue(t.capacity() < 2 * 3000 + 2);
    }

    @Test
    public void randomInsertAndDeleteMatchTreeMap() {
        for (long seed = 1; seed <= 4; seed++) {
            ref.clear();
            randomOperations(seed, false);
        }
    }

    @Test
    public void insertAfterThePredecessorMatchesTreeMap() {
        for (long seed = 11; seed <= 14; seed++) {
            ref.clear();
            randomOperations(seed, true);
        }
    }

    @Test
    public void ascendingAndDescendingRunsStayBalanced() {
        IovaTree t = new IovaTree(1);
        // top-down allocation order: each new key below the last, inserted after no predecessor
        for (long k = 100_000; k > 0; k--) {
            ref.put(k, t.insertAfter(NIL, k, hiFor(k)));
        }
        assertSameAsReference(t);
        for (long k = 1; k <= 100_000; k += 2) {
            t.delete(ref.remove(k));
        }
        assertSameAsReference(t);
        for (long k = 200_000; k < 260_000; k++) {
            ref.put(k, t.insert(k, hiFor(k)));
        }
        assertSameAsReference(t);
    }

    @Test
    public void freedIdsAreReusedWithoutGrowing() {
        IovaTree t = new IovaTree(8);
        List<Integer> ids = new ArrayList<>();
        for (long k = 0; k < 100; k++) {
            ids.add(t.insert(k * 10, k * 10 + 5));
        }
        int capacity = t.capacity();
        assertTrue(capacity >= 100);
        Set<Integer> first = new HashSet<>(ids);
        for (int id : ids) {
            t.delete(id);
        }
        assertEquals(0, t.size());
        assertEquals(NIL, t.first());
        Set<Integer> again = new HashSet<>();
        for (long k = 0; k < 100; k++) {
            again.add(t.insert(1000 - k, 1000 - k));
        }
        assertEquals(first, again);
        assertEquals(capacity, t.capacity());
        t.check();
    }

    @Test
    public void theLastFreedIdComesBackFirst() {
        IovaTree t = new IovaTree(8);
        int a = t.insert(1, 1);
        int b = t.insert(2, 2);
        int c = t.insert(3, 3);
        t.delete(b);
        int d = t.insert(10, 10);
        assertEquals(b, d);
        assertEquals(10, t.lo(d));
        // the other nodes kept their ids and keys
        assertEquals(1, t.lo(a));
        assertEquals(3, t.lo(c));
        assertEquals(c, t.next(a));
        assertEquals(d, t.next(c));
    }

    @Test
    public void deletingANodeWithTwoChildrenKeepsTheOtherIds() {
        IovaTree t = new IovaTree(8);
        for (long k = 1; k <= 15; k++) {
            ref.put(k, t.insert(k, hiFor(k)));
        }
        // the root of a 15-node tree built in order has two children; delete from the middle out
        for (long k : new long[] { 8, 4, 12, 2, 6, 10, 14 }) {
            t.delete(ref.remove(k));
            assertSameAsReference(t);
        }
    }

    @Test
    public void growingKeepsEveryNode() {
        IovaTree t = new IovaTree(1);
        assertEquals(1, t.capacity());
        for (long k = 0; k < 1000; k++) {
            ref.put(k * 7, t.insert(k * 7, hiFor(k * 7)));
        }
        assertTrue(t.capacity() >= 1000);
        assertSameAsReference(t);
    }

    @Test
    public void freshIdsFillTheStorageExactlyOnce() {
        IovaTree t = new IovaTree(4);
        int slots = 1 << 15;
        boolean[] seen = new boolean[slots];
        for (long k = 0; k < slots - 1; k++) {
            int id = t.insertAfter(NIL, -k, -k); // top-down, as the allocator grows the tree
            assertTrue("id " + id, id > NIL && id < slots && !seen[id]);
            seen[id] = true;
        }
        assertEquals(slots - 1, t.capacity());
        t.check();
        t.insert(1, 1);
        assertEquals(2 * slots - 1, t.capacity());
    }

    @Test
    public void clearKeepsTheStorage() {
        IovaTree t = new IovaTree(4);
        for (long k = 0; k < 50; k++) {
            t.insert(k, k);
        }
        int capacity = t.capacity();
        t.clear();
        assertEquals(0, t.size());
        assertEquals(NIL, t.first());
        assertEquals(NIL, t.floor(25));
        assertEquals(capacity, t.capacity());
        int n = t.insert(5, 6);
        assertNotEquals(NIL, n);
        assertEquals(n, t.floor(100));
        t.check();
    }

    @Test
    public void aKeyCannotBeInsertedTwice() {
        IovaTree t = new IovaTree(4);
        t.insert(5, 9);
        try {
            t.insert(5, 7);
            fail("duplicate key accepted");
        } catch (IllegalArgumentException expected) {
            // the tree is unchanged
        }
        assertEquals(1, t.size());
        assertEquals(9, t.hi(t.find(5)));
        t.check();
    }
}
