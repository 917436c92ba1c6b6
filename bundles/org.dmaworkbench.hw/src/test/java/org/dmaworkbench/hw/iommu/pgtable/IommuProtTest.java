package org.dmaworkbench.hw.iommu.pgtable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

/** IOMMU_* values are those of include/linux/iommu.h. */
public class IommuProtTest {

    @Test
    public void kernelValues() {
        assertEquals(1, IommuProt.READ);
        assertEquals(2, IommuProt.WRITE);
        assertEquals(4, IommuProt.CACHE);
        assertEquals(8, IommuProt.NOEXEC);
        assertEquals(0x10, IommuProt.MMIO);
        assertEquals(0x20, IommuProt.PRIV);
    }

    @Test
    public void parseAndFormat() {
        assertEquals(0x13, IommuProt.parse("read,write,mmio"));
        assertEquals(0x3f, IommuProt.parse("PRIV, mmio,noexec,cache,write,read"));
        assertEquals("read,write,mmio", IommuProt.format(0x13));
        assertEquals("write,priv,0x40", IommuProt.format(0x62));
        assertEquals("none", IommuProt.format(0));
        try {
            IommuProt.parse("read,exec");
            fail("accepted 'exec'");
        } catch (IllegalArgumentException e) {
            assertEquals("unknown protection flag 'exec' (expected read, write, cache, noexec, mmio or priv)", e.getMessage());
        }
    }

    @Test
    public void errnoNames() {
        assertEquals("-EEXIST", Errno.name(-17));
        assertEquals("-ERANGE", Errno.name(-34));
        assertEquals("-EINVAL", Errno.name(-22));
        assertEquals("-ENOMEM", Errno.name(-12));
        assertEquals("-5", Errno.name(-5));
    }
}
