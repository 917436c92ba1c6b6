package org.dmaworkbench.hw.mem;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class BusTest {

    /** Records every access; reads return a fixed pattern derived from the offset. */
    static final class Recorder implements MmioDevice {
        final List<String> log = new ArrayList<>();

        @Override
        public long mmioRead(long offset, int size) {
            log.add("r" + size + "@" + Long.toHexString(offset));
            return 0x1122334455667788L;
        }

        @Override
        public void mmioWrite(long offset, int size, long value) {
            log.add("w" + size + "@" + Long.toHexString(offset) + "=" + Long.toHexString(value));
        }
    }

    @Test
    public void ramAbove4GiBIsAddressableWith40BitAddresses() {
        Bus bus = new Bus();
        // Salvator-X (r8a77951): memory@600000000, 1 GiB at 0x6_0000_0000
        SparseRam high = new SparseRam(0x6_0000_0000L, 0x4000_0000L);
        bus.addRam("/memory@600000000", high);
        bus.write32(0x6_3fff_fffcL, 0xcafef00d);
        assertEquals(0xcafef00d, bus.read32(0x6_3fff_fffcL));
        assertEquals(0xf00d, bus.read16(0x6_3fff_fffcL));
        assertEquals(0xca, bus.read8(0x6_3fff_ffffL));
        assertEquals(1, high.residentPages());
    }

    @Test
    public void accessToNothingIsABusErrorWithTheAddress() {
        Bus bus = new Bus();
        bus.addRam("ram", new SparseRam(0x4000_0000L, 0x1000));
        try {
            bus.read32(0x3fff_fff0L);
            fail();
        } catch (BusErrorException e) {
            assertEquals(0x3fff_fff0L, e.address());
            assertFalse(e.isWrite());
            assertEquals("bus error: read of unmapped physical address 0x3ffffff0", e.getMessage());
        }
        try {
            // straddles the end of the RAM: the first byte past it is the failing address
            bus.write64(0x4000_0ffcL, 0);
            fail();
        } catch (BusErrorException e) {
            assertEquals(0x4000_1000L, e.address());
            assertTrue(e.isWrite());
        }
        assertNull(bus.regionAt(0xff_ffff_ffffL));
    }

    @Test
    public void mmioGetsWidthAndOffsetAndBlockAccessesAreSplitNaturally() {
        Bus bus = new Bus();
        Recorder dev = new Recorder();
        bus.addMmio("/soc/serial@e6e60000", 0xe6e6_0000L, 0x40, dev);
        bus.write8(0xe6e6_000cL, 0x41);
        assertEquals(0x88, bus.read8(0xe6e6_0014L));
        assertEquals(0x7788, bus.read16(0xe6e6_0010L));
        // 7 bytes starting at offset 1: 1 + 2 + 4 bytes
        bus.write(0xe6e6_0001L, new byte[] {1, 2, 3, 4, 5, 6, 7}, 0, 7);
        assertEquals(List.of("w1@c=41", "r1@14", "r2@10", "w1@1=1", "w2@2=302", "w4@4=7060504"), dev.log);
    }

    @Test
    public void overlappingWindowsAreRejected() {
        Bus bus = new Bus();
        bus.addRam("ram", new SparseRam(0x4000_0000L, 0x10_0000L));
        try {
            bus.addMmio("dev", 0x400f_f000L, 0x2000, new Recorder());
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("dev [0x400ff000-0x40100fff] overlaps ram [0x40000000-0x400fffff] RAM", e.getMessage());
        }
    }

    @Test
    public void copyBetweenRamRegionsCrossesPagesAndReadsUntouchedPagesAsZero() {
        Bus bus = new Bus();
        SparseRam a = new SparseRam(0x4000_0000L, 0x10_0000L);
        SparseRam b = new SparseRam(0x6_0000_0000L, 0x10_0000L);
        bus.addRam("a", a);
        bus.addRam("b", b);
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        bus.write(0x4000_0f00L, data, 0, data.length);
        bus.write32(0x6_0000_0300L + 6000, 0xffffffff);
        bus.copy(0x4000_0f00L, 0x6_0000_0300L, 6000, null);
        byte[] back = new byte[6000];
        bus.read(0x6_0000_0300L, back, 0, 6000);
        assertArrayEquals(data, back);
        assertEquals(0xffffffff, bus.read32(0x6_0000_0300L + 6000));
        // a never-written source page copies as zeros over existing data
        bus.copy(0x4008_0000L, 0x6_0000_0300L, 16, null);
        assertEquals(0, bus.read64(0x6_0000_0300L));
        assertEquals(0, bus.read64(0x6_0000_0308L));
        assertEquals((byte) (16 * 7 + 3), (byte) bus.read8(0x6_0000_0310L));
    }

    @Test
    public void pageAllocatorHandsOutAlignedZeroedBlocksAndMerges() {
        Bus bus = new Bus();
        bus.addRam("ram", new SparseRam(0x4000_0000L, 0x10_0000L));
        RamPageAllocator alloc = new RamPageAllocator(bus, 0x4000_0800L, 0x4000);
        long a = alloc.allocZeroed(0x1000);
        assertEquals(0x4000_1000L, a);
        long b = alloc.allocZeroed(0x800);
        assertEquals(0x4000_0800L, b);
        long c = alloc.allocZeroed(0x1000);
        assertEquals(0x4000_2000L, c);
        bus.write64(a + 8, -1L);
        alloc.free(a, 0x1000);
        assertEquals(0x4000_1000L, alloc.allocZeroed(0x1000));
        assertEquals(0, bus.read64(a + 8));
        assertEquals(-1L, alloc.allocZeroed(0x4000));
        alloc.free(b, 0x800);
        alloc.free(a, 0x1000);
        alloc.free(c, 0x1000);
        assertEquals(0x4000_2000L, alloc.allocZeroed(0x2000)); // 0x2000-aligned
        assertEquals(0x2000, alloc.allocatedBytes());
    }
}
