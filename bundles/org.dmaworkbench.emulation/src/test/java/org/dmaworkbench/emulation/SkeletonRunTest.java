package org.dmaworkbench.emulation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class SkeletonRunTest {

    @Test
    public void copiesAndVerifiesAcrossPages() {
        SkeletonRun.Result r = SkeletonRun.run(10_000);
        assertEquals(10_000, r.bytesCopied());
        assertTrue(r.verified());
        // 10 000 bytes span 3 pages at the source and 3 at the destination (both 4 KiB aligned)
        assertEquals(6, r.residentPages());
        assertEquals("memcpy 0x40100000 -> 0x40200000: 10000 bytes in 64-byte bursts, verified; 6 RAM pages touched",
                r.summary());
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsEmptyCopy() {
        SkeletonRun.run(0);
    }
}
