package org.dmaworkbench.hw.mem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

public class SparseRamTest {
    private final SparseRam ram = new SparseRam(0x4000_0000L, 0x10_0000L);

    @Test
    public void littleEndianWithinAPage() {
        ram.write64(0x4000_0010L, 0x8877665544332211L);
        assertEquals(0x11, ram.read8(0x4000_0010L));
        assertEquals(0x2211, ram.read16(0x4000_0010L));
        assertEquals(0x44332211, ram.read32(0x4000_0010L));
        assertEquals(0x88776655, ram.read32(0x4000_0014L));
        assertEquals(0x8877665544332211L, ram.read64(0x4000_0010L));
        ram.write16(0x4000_0011L, 0xbeef);
        assertEquals(0x8877665544beef11L, ram.read64(0x4000_0010L));
    }

    @Test
    public void accessesStraddlingTwoPagesUseBothPages() {
        ram.write64(0x4000_0ffcL, 0x0123456789abcdefL);
        assertEquals(0x89abcdef, ram.read32(0x4000_0ffcL));
        assertEquals(0x01234567, ram.read32(0x4000_1000L));
        assertEquals(0x0123456789abcdefL, ram.read64(0x4000_0ffcL));
        ram.write32(0x4000_1ffeL, 0xa1b2c3d4);
        assertEquals(0xc3d4, ram.read16(0x4000_1ffeL));
        assertEquals(0xa1b2, ram.read16(0x4000_2000L));
        assertEquals("pages 0x40000000, 0x40001000 and 0x40002000", 3, ram.residentPages());
    }

    @Test
    public void neverWrittenReadsZeroWithoutBackingAPage() {
        assertEquals(0L, ram.read64(0x4008_0000L));
        assertEquals(0, ram.read32(0x4008_0ffeL));
        assertEquals(0, ram.residentPages());
    }

    @Test
    public void lastPageCacheFollowsWrites() {
        ram.write64(0x4000_3000L, 1);
        ram.write64(0x4000_5000L, 2);
        assertEquals(1, ram.read64(0x4000_3000L));
        assertEquals(2, ram.read64(0x4000_5000L));
        ram.write32(0x4000_3000L, 7);
        assertEquals(7, ram.read64(0x4000_3000L));
    }

    @Test
    public void outsideIsABusError() {
        try {
            ram.read64(0x400f_fffcL);
            fail("read past the end");
        } catch (BusErrorException e) {
            assertEquals(0x400f_fffcL, e.address());
            assertEquals("bus error: read of unmapped physical address 0x400ffffc", e.getMessage());
        }
    }
}
