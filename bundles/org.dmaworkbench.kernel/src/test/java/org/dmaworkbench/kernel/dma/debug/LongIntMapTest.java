package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

/** The open-addressing index against java.util.HashMap as the reference, including deletions inside clusters. */
public class LongIntMapTest {

    @Test
    public void agreesWithHashMapUnderMixedOperations() {
        LongIntMap m = new LongIntMap(4);
        Map<Long, Integer> ref = new HashMap<>();
        Random rnd = new Random(12345);
        for (int i = 0; i < 200_000; i++) {
            // few distinct keys, page-aligned like DMA addresses, so clusters and shifts happen often
            long key = 0xfff00000L + (rnd.nextInt(3000) << 12);
            int op = rnd.nextInt(5);
            if (op == 0) {
                int v = rnd.nextInt(1000);
                m.put(key, v);
                ref.put(key, v);
            } else if (op == 1) {
                Integer old = ref.remove(key);
                assertEquals(old == null ? -1 : old.intValue(), m.remove(key));
            } else if (op == 2) {
                Integer old = ref.putIfAbsent(key, 7);
                assertEquals(old == null ? -1 : old.intValue(), m.putIfAbsent(key, 7));
            } else if (op == 3) {
                Integer old = ref.get(key);
                if (old != null) {
                    if (old == 0) {
                        ref.remove(key);
                    } else {
                        ref.put(key, old - 1);
                    }
                }
                m.decrementOrRemove(key);
            } else {
                Integer v = ref.get(key);
                assertEquals(v == null ? -1 : v.intValue(), m.get(key));
            }
            assertEquals(ref.size(), m.size());
        }
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue().intValue(), m.get(e.getKey()));
        }
    }

    /**
     * dma-debug's pattern: a get of a key immediately followed by a put or remove of the same key (which reuse
     * the slot the get ended at), with other keys changing in between now and then so that the slot moves.
     */
    @Test
    public void getThenPutOrRemoveOfTheSameKeyAgreesWithHashMap() {
        LongIntMap m = new LongIntMap(4);
        Map<Long, Integer> ref = new HashMap<>();
        Random rnd = new Random(777);
        for (int i = 0; i < 200_000; i++) {
            long key = 0x1_0000_0000L + ((long) rnd.nextInt(2000) << 12);
            Integer expected = ref.get(key);
            assertEquals(expected == null ? -1 : expected.intValue(), m.get(key));
            if (rnd.nextInt(3) == 0) {
                // something else moves first: an insert or removal of another key may shift this key's slot
                long other = 0x1_0000_0000L + ((long) rnd.nextInt(2000) << 12);
                if (rnd.nextBoolean()) {
                    m.put(other, 1);
                    ref.put(other, 1);
                } else {
                    Integer o = ref.remove(other);
                    assertEquals(o == null ? -1 : o.intValue(), m.remove(other));
                }
            }
            if (rnd.nextBoolean()) {
                m.put(key, i & 0xffff);
                ref.put(key, i & 0xffff);
            } else {
                Integer old = ref.remove(key);
                assertEquals(old == null ? -1 : old.intValue(), m.remove(key));
            }
            Integer now = ref.get(key); // and read back at once, as debug_dma_mapping_error() does
            assertEquals(now == null ? -1 : now.intValue(), m.get(key));
            assertEquals(ref.size(), m.size());
        }
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue().intValue(), m.get(e.getKey()));
        }
    }
}
