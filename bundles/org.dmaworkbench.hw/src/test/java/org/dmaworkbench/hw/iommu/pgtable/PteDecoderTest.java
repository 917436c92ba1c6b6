package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;

import org.dmaworkbench.hw.iommu.pgtable.tools.BumpPageAllocator;
import org.dmaworkbench.hw.mem.SparseRam;
import org.junit.Test;

/** Decoded descriptors, from raw values derived by hand from the kernel's bit definitions. */
public class PteDecoderTest {
    private final SparseRam ram = new SparseRam(0x4000_0000L, 16L << 20);
    private final BumpPageAllocator alloc = new BumpPageAllocator(ram, 0x4000_0000L, 16L << 20);

    private IoPgtableConfig cfg(IoPgtableConfig req) {
        return IoPgtable.alloc(req, ram, alloc, null).cfg();
    }

    @Test
    public void lpaeStage1() {
        IoPgtableConfig c = cfg(IoPgtableConfig.ipmmuVmsa());
        assertEquals("page 4K -> 0xe6e88000 AttrIndx=2(device) AP=rw,unpriv SH=OS AF nG NS",
                PteDecoder.describe(c, 3, 0xe6e8_8e6bL));
        assertEquals("page 4K -> 0x700001000 AttrIndx=1(cache) AP=rw,unpriv SH=IS AF nG NS XN",
                PteDecoder.describe(c, 3, 0x0060_0007_0000_1f67L));
        assertEquals("block 2M -> 0x80000000 AttrIndx=0(nc) AP=ro,priv SH=OS AF nG",
                PteDecoder.describe(c, 2, 0x8000_0000L | 0x800 | 0x400 | 0x200 | 0x80 | 0x1));
        assertEquals("table -> 0x40001000 NSTable SW_SYNC", PteDecoder.describe(c, 1, 0x8080_0000_4000_1003L));
        assertEquals("invalid (empty)", PteDecoder.describe(c, 1, 0));
        assertEquals("reserved (block encoding at level 3)", PteDecoder.describe(c, 3, 0x1001));
    }

    @Test
    public void lpaeStage2() {
        IoPgtableConfig c = cfg(IoPgtableConfig.builder(IoPgtableFormat.ARM_64_LPAE_S2).ias(40).build());
        assertEquals("page 4K -> 0x10000000 MemAttr=0xf(cache) S2AP=rw SH=IS AF", PteDecoder.describe(c, 3, 0x1000_07ffL));
        assertEquals("page 4K -> 0xfe000000 MemAttr=0x1(device) S2AP=ro SH=OS AF", PteDecoder.describe(c, 3, 0xfe00_0647L));
    }

    @Test
    public void v7s() {
        IoPgtableConfig c = cfg(IoPgtableConfig.builder(IoPgtableFormat.ARM_V7S).build());
        assertEquals("section 1M -> 0x2000000 TEX=1 C B AP=rw,unpriv AF S nG XN NS", PteDecoder.describe(c, 1, 0x020b_1c1eL));
        assertEquals("supersection 16M -> 0x5000000 TEX=1 AP=rw,unpriv AF S nG NS", PteDecoder.describe(c, 1, 0x050f_1c02L));
        assertEquals("page 4K -> 0xe6e88000 TEX=0 B AP=rw,unpriv AF S nG", PteDecoder.describe(c, 2, 0xe6e8_8c36L));
        assertEquals("large page 64K -> 0x40010000 TEX=1 C B AP=rw,unpriv AF S nG XN", PteDecoder.describe(c, 2, 0x4001_9c3dL));
        assertEquals("table -> 0x40004000 NS", PteDecoder.describe(c, 1, 0x4000_4009L));
    }

    @Test
    public void sizes() {
        assertEquals("4K", PteDecoder.size(4096));
        assertEquals("2M", PteDecoder.size(2L << 20));
        assertEquals("4T", PteDecoder.size(1L << 42));
        assertEquals("6K", PteDecoder.size(0x1800));
        assertEquals("0x1801", PteDecoder.size(0x1801));
        assertEquals("42", PteDecoder.size(42));
    }
}
