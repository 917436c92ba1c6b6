package org.dmaworkbench.hw.mem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import org.junit.Test;

/** Direct page access: the same bytes as the address-decoded path, counted as RAM writes. */
public class RamPageTest {

    @Test
    public void storesThroughThePageAreWhatRamReadsAndCountOneWriteEach() {
        SparseRam ram = new SparseRam(0x4000_0000L, 0x10_0000L);
        RamPage p = ram.ramPage(0x4000_3abcL);
        assertNotNull(p);
        assertEquals(0x4000_3000L, p.base());
        long before = ram.ramWriteCount();
        p.write64(0x7f8, 0x0123_4567_89ab_cdefL);
        assertEquals(before + 1, ram.ramWriteCount());
        assertEquals(0x0123_4567_89ab_cdefL, ram.read64(0x4000_37f8L));
        // little-endian, like the rest of RAM
        assertEquals(0xef, ram.read8(0x4000_37f8L));
        ram.write64(0x4000_3000L, 0xfeed_f00dL);
        assertEquals(0xfeed_f00dL, p.read64(0));
        assertEquals(before + 2, ram.ramWriteCount());
    }

    @Test
    public void thePageOfAnAddressIsAlwaysTheSameObject() {
        SparseRam ram = new SparseRam(0x4000_0000L, 0x100_0000L);
        RamPage p = ram.ramPage(0x4000_5000L);
        // enough other pages to make the page hash grow and rehash
        for (long pa = 0x4000_0000L; pa < 0x4080_0000L; pa += 0x1000) {
            ram.write8(pa, 1);
        }
        assertSame(p, ram.ramPage(0x4000_5ff8L));
        assertEquals(1, p.read64(0) & 0xff);
    }

    @Test
    public void noPageOutsideRamOrBehindMmio() {
        SparseRam ram = new SparseRam(0x4000_0000L, 0x10_0000L);
        assertNull(ram.ramPage(0x3fff_f000L));
        assertNull(ram.ramPage(0x4010_0000L));
        Bus bus = new Bus();
        bus.addRam("/memory", ram);
        bus.addMmio("/soc/regs", 0xe600_0000L, 0x1000, new MmioDevice() {
            @Override
            public long mmioRead(long offset, int size) {
                return 0;
            }

            @Override
            public void mmioWrite(long offset, int size, long value) {
            }
        });
        assertNull(bus.ramPage(0xe600_0000L));
        assertNull(bus.ramPage(0x8000_0000L));
        RamPage viaBus = bus.ramPage(0x4000_2010L);
        assertSame(ram.ramPage(0x4000_2000L), viaBus);
        long before = bus.ramWriteCount();
        viaBus.write64(8, 42);
        assertEquals(before + 1, bus.ramWriteCount());
        assertEquals(42, bus.read64(0x4000_2008L));
    }
}
