package org.dmaworkbench.kernel.drivers.clients;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** dmatest's fixed-point rate (drivers/dma/dmatest.c:488-511, FIXPT_SHIFT 8), computed by hand. */
public class DmatestPersecTest {
    @Test
    public void perSecondIn24Dot8FixedPoint() {
        // 2 tests in 16 us: 2 * 10^6 / 16 = 125000 per second, << 8
        assertEquals(125000L << 8, MemcpyClient.dmatestPersec(16, 2));
        // dmatest_KBs(): 8 KiB (len >> 10 = 8) in 16 us = 500000 KB/s
        assertEquals(500000L, MemcpyClient.dmatestPersec(16, 8) >> 8);
        // 1 test in 3 us: (10^6 << 8) / 3 = 85333333 (333333.33 iops: FIXPT_GET_FRAC = (0x55 * 100) >> 8 = 33)
        assertEquals(85333333L, MemcpyClient.dmatestPersec(3, 1));
        assertEquals(0, MemcpyClient.dmatestPersec(0, 1));
    }
}
