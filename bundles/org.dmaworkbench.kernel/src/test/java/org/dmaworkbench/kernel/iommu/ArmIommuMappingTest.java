package org.dmaworkbench.kernel.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.junit.Test;

/**
 * IOVA order of arch/arm/mm/dma-mapping.c's bitmap allocator for the IPMMU's mapping
 * ({@code arm_iommu_create_mapping(dev, SZ_1G, SZ_2G)}), worked out by hand from {@code __alloc_iova()} and
 * {@code bitmap_find_next_zero_area()}: first fit, aligned to the size's order capped at 8.
 */
public class ArmIommuMappingTest {

    private static ArmIommuMapping ipmmuMapping() {
        return ArmIommuMapping.create(0x40000000L, 0x80000000L, null);
    }

    @Test
    public void geometryOfTheIpmmuWindow() {
        ArmIommuMapping m = ipmmuMapping();
        // 2 GiB = 524288 pages = 64 KiB of bitmap: 16 one-page bitmaps of 32768 bits
        assertEquals(32768, m.bits());
        assertEquals(16, m.extensions());
        assertEquals(1, m.nrBitmaps());
    }

    @Test
    public void firstFitWithOrderAlignment() {
        ArmIommuMapping m = ipmmuMapping();
        assertEquals(0x40000000L, m.allocIova(0x1000));
        assertEquals(0x40001000L, m.allocIova(0x1000));
        assertEquals(0x40002000L, m.allocIova(0x2000)); // order 1: even bit 2
        assertEquals(0x40004000L, m.allocIova(0x1000));
        assertEquals(0x40008000L, m.allocIova(0x3000)); // order 2: bit 5 rounded up to 8
        assertEquals(0x40005000L, m.allocIova(0x1000)); // holes below are filled first
        assertEquals(0x40100000L, m.allocIova(0x200000)); // order 9 capped at 8: bit 256
        assertEquals(0x40006000L, m.allocIova(0x1000));
        assertEquals(0x40007000L, m.allocIova(0x800)); // sub-page sizes take one page
        assertEquals(0x4000b000L, m.allocIova(0x1000));
    }

    @Test
    public void freedRangeIsReusedFirst() {
        ArmIommuMapping m = ipmmuMapping();
        m.allocIova(0x1000);
        m.allocIova(0x1000);
        m.allocIova(0x2000);
        m.freeIova(0x40001000L, 0x1000);
        assertFalse(m.isAllocated(0x40001000L));
        assertEquals(0x40001000L, m.allocIova(0x1000));
        m.freeIova(0x40002000L, 0x2000);
        assertEquals(0x40002000L, m.allocIova(0x2000));
        assertTrue(m.isAllocated(0x40003000L));
    }

    @Test
    public void aFullBitmapIsExtendedByTheNext128MiB() {
        ArmIommuMapping m = ipmmuMapping();
        for (int i = 0; i < 128; i++) {
            assertEquals(0x40000000L + i * 0x100000L, m.allocIova(0x100000));
        }
        assertEquals(0x48000000L, m.allocIova(0x1000));
        assertEquals(2, m.nrBitmaps());
        // bitmaps are searched in order: a hole in the first one is used before the second
        m.freeIova(0x40000000L, 0x100000);
        assertEquals(0x40000000L, m.allocIova(0x1000));
        // 1 MiB needs 256-page alignment: bitmap 0 has only pages 1..255 free, bitmap 1 gives bit 256
        assertEquals(0x48100000L, m.allocIova(0x100000));
    }

    @Test
    public void exhaustionReturnsDmaMappingError() {
        // 16 pages round up to one 32-bit word of bitmap: 32 usable pages, no extensions
        ArmIommuMapping m = ArmIommuMapping.create(0x40000000L, 0x10000L, null);
        assertEquals(32, m.bits());
        for (int i = 0; i < 32; i++) {
            assertEquals(0x40000000L + i * 0x1000L, m.allocIova(0x1000));
        }
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, m.allocIova(0x1000));
        m.freeIova(0x40010000L, 0x1000);
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, m.allocIova(0x2000));
        assertEquals(0x40010000L, m.allocIova(0x1000));
    }

    @Test
    public void freeBelowTheBaseIsAKernelBug() {
        ArmIommuMapping m = ipmmuMapping();
        try {
            m.freeIova(0x3ffff000L, 0x1000);
            fail("expected BUG");
        } catch (KernelBug e) {
            assertEquals("kernel BUG at arch/arm/mm/dma-mapping.c (__free_iova): BUG_ON(addr < mapping->base"
                    + " || bitmap_index > mapping->extensions): addr 0x3ffff000", e.getMessage());
        }
    }

    @Test
    public void sizesBeyond32BitsAreRefused() {
        try {
            ArmIommuMapping.create(0, 0x100001000L, null);
            fail("expected -ERANGE");
        } catch (IllegalArgumentException e) {
            assertEquals("-ERANGE: only a 32-bit DMA address space is supported", e.getMessage());
        }
    }
}
