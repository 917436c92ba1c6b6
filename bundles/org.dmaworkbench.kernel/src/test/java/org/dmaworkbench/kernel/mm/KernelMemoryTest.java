package org.dmaworkbench.kernel.mm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Test;

/**
 * Kernel address layout checked against the constants of arch/arm64/include/asm/memory.h (VA_BITS 48, 4 KiB
 * pages: PAGE_OFFSET 0xffff000000000000, KIMAGE_VADDR 0xffff800080000000, memstart aligned to 1 GiB) and
 * arch/arm (PAGE_OFFSET 0xc0000000, 240 MiB vmalloc + 8 MiB offset below 0xff800000 -> lowmem ends at virtual
 * 0xf0000000), for R-Car H3's first RAM bank (0x48000000, 896 MiB) and R-Car H2's two 1 GiB banks.
 */
public class KernelMemoryTest {

    static KernelMemory arm64() {
        SparseRam ram = new SparseRam(0x48000000L, 0x38000000L);
        return new KernelMemory(KernelArch.ARM64, ram, List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
    }

    static KernelMemory arm32() {
        SparseRam ram = new SparseRam(0x40000000L, 0x40000000L);
        return new KernelMemory(KernelArch.ARM32, ram,
                List.of(new MemoryRegion(0x40000000L, 0x40000000L), new MemoryRegion(0x140000000L, 0x40000000L)));
    }

    @Test
    public void arm64LinearMapStartsAtTheGigabyteBelowRam() {
        KernelMemory mm = arm64();
        assertEquals(0x40000000L, mm.physOffset());
        assertEquals(0xffff000008000000L, mm.pageAddress(0x48000000L));
        assertEquals(0xffff000008001000L, mm.pageAddress(0x48001234L));
        assertEquals(0x48001234L, mm.virtToPhys(0xffff000008001234L));
        assertTrue(mm.virtAddrValid(0xffff000008001234L));
        assertEquals(0L, mm.pageAddress(0x80000000L)); // not RAM
    }

    @Test
    public void arm64KernelImageSitsAtKimageVaddrInTheVmallocRange() {
        KernelMemory mm = arm64();
        assertEquals(0xffff800080010000L, mm.textStart());
        assertEquals(0x48010000L, mm.virtToPhys(mm.textStart()));
        assertTrue(mm.isVmallocAddress(mm.textStart()));
        assertFalse(mm.virtAddrValid(mm.textStart()));
        assertFalse(mm.isVmallocAddress(0xffff000008000000L));
        // the image's 32 MiB are reserved: the first free page follows it
        assertEquals(0x4a000000L, mm.pageAllocator().allocPages(0));
    }

    @Test
    public void arm32LowmemEndsAt768MiBAndTheRestIsHighmem() {
        KernelMemory mm = arm32();
        assertEquals(0x70000000L, mm.lowmemLimit());
        assertEquals(0xeffff000L, mm.pageAddress(0x6ffff000L));
        assertEquals(0L, mm.pageAddress(0x70000000L));
        assertEquals(0L, mm.pageAddress(0x140000000L));
        assertTrue(mm.isRam(0x140000000L));
        assertFalse(mm.isRam(0x80000000L));
        assertEquals(0xf0800000L, mm.vmallocStart());
        assertEquals(0xc0100000L, mm.textStart());
        assertEquals(0x40100000L, mm.virtToPhys(mm.textStart()));
        assertEquals(0x41000000L, mm.pageAllocator().allocPages(0));
    }

    @Test
    public void pageAllocatorIsFirstFitNaturallyAligned() {
        KernelMemory mm = arm64();
        PageFrameAllocator pa = mm.pageAllocator();
        assertEquals(0x4a000000L, pa.allocPages(0));
        assertEquals(0x4a002000L, pa.allocPages(1)); // 0x4a001000 is not 8 KiB aligned
        assertEquals(0x4a001000L, pa.allocPages(0));
        assertEquals(0x4a004000L, pa.allocPages(2));
        pa.freePages(0x4a002000L, 1);
        assertEquals(0x4a002000L, pa.allocPages(0));
        assertEquals(0x4a003000L, pa.allocPages(0));
        assertEquals(0x4a008000L, pa.allocPages(0));
    }

    @Test
    public void allocZeroedClearsAReusedPage() {
        KernelMemory mm = arm64();
        PageFrameAllocator pa = mm.pageAllocator();
        long p = pa.allocPages(0);
        mm.physicalMemory().write64(p + 8, 0x1122334455667788L);
        pa.freePages(p, 0);
        assertEquals(p, pa.allocZeroed(4096));
        assertEquals(0L, mm.physicalMemory().read64(p + 8));
    }

    @Test
    public void kmallocCarvesSlabsIntoSizeClasses() {
        KernelMemory mm = arm64();
        long a = mm.kmalloc(100);
        long b = mm.kmalloc(100);
        assertEquals(0xffff00000a000000L, a); // kmalloc-128 slab in the first free page
        assertEquals(a + 128, b);
        assertEquals(128, mm.ksize(a));
        long big = mm.kmalloc(5000); // kmalloc-8k: an order-1 slab
        assertEquals(0xffff00000a002000L, big);
        long c = mm.kmalloc(64); // new kmalloc-64 slab in the page left between them
        assertEquals(0xffff00000a001000L, c);
        mm.kfree(a);
        assertEquals(a, mm.kmalloc(120));
        long large = mm.kmalloc(20000); // kmalloc_large: order 3
        assertEquals(0xffff00000a008000L, large);
        assertEquals(32768, mm.ksize(large));
    }

    @Test
    public void vmappedStackIsFoundByAddressAndByItsPagesLinearAlias() {
        KernelMemory mm = arm64();
        KernelMemory.TaskStack s = mm.taskStack("swapper/0");
        assertEquals(0xffff800082000000L, s.base());
        assertEquals(16384, s.size());
        assertTrue(mm.isStackVmapped());
        assertTrue(mm.isStackAddress(s.base() + 100));
        assertTrue(mm.isVmallocAddress(s.base()));
        long page1 = s.pages()[1];
        assertEquals(page1 + 0x10, mm.virtToPhys(s.base() + 0x1010));
        assertTrue(mm.isStackAddress(mm.pageAddress(page1) + 8));
        assertEquals(s.base() + 0x1000, mm.stackPageAddress(page1));
        assertFalse(mm.isStackAddress(mm.kmalloc(64)));
        // another task's stack is not the current one's
        KernelMemory.TaskStack other = mm.taskStack("kworker/0:1");
        assertFalse(mm.isStackAddress(other.base()));
        mm.setCurrentTask("kworker/0:1");
        assertTrue(mm.isStackAddress(other.base()));
    }

    @Test
    public void linearStackWithoutVmapStack() {
        KernelMemory mm = arm32();
        mm.setVmapStack(false);
        KernelMemory.TaskStack s = mm.taskStack("swapper/0");
        assertEquals(0xc1000000L, s.base()); // 8 KiB aligned lowmem block after the image
        assertFalse(mm.isStackVmapped());
        assertTrue(mm.isStackAddress(0xc1001ff8L));
        assertFalse(mm.isStackAddress(0xc1002000L));
    }

    @Test
    public void vmallocGivesPageByPageBackingWithAGuardPage() {
        KernelMemory mm = arm32();
        long v = mm.vmalloc(0x2000, "test");
        assertEquals(0xf0800000L, v);
        assertTrue(mm.isVmallocAddress(v));
        assertEquals(0x41000000L + 0x123, mm.virtToPhys(v + 0x123));
        assertEquals(0x41001000L, mm.virtToPhys(v + 0x1000));
        assertEquals(-1L, mm.virtToPhys(v + 0x2000)); // guard page
        assertEquals(0xf0803000L, mm.vmalloc(0x1000, "test"));
    }

    /** dma-debug trusts a clean page while checkGeneration() stays: everything that changes an answer changes it. */
    @Test
    public void checkGenerationChangesWithTaskStacksAndStackMode() {
        KernelMemory mm = arm64();
        long g0 = mm.checkGeneration();
        mm.setCurrentTask("swapper/0"); // already current
        assertEquals(g0, mm.checkGeneration());
        mm.taskStack("kworker/0:1");
        long g1 = mm.checkGeneration();
        assertNotEquals(g0, g1);
        mm.setCurrentTask("kworker/0:1");
        long g2 = mm.checkGeneration();
        assertNotEquals(g1, g2);
        mm.setVmapStack(!mm.vmapStack());
        long g3 = mm.checkGeneration();
        assertNotEquals(g2, g3);
        long buf = mm.kmalloc(64);
        assertEquals(g3, mm.checkGeneration()); // the heap is not part of the layout
        long v = mm.vmalloc(4096, "test");
        assertNotEquals(g3, mm.checkGeneration());
        assertNotEquals(0, buf + v);
    }
}
