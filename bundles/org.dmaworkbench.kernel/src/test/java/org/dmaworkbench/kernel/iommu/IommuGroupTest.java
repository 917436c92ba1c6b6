package org.dmaworkbench.kernel.iommu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Test;

/**
 * The group side of drivers/iommu/iommu.c (Linux 6.12): __iommu_group_set_domain_internal() calls the new domain's
 * attach_dev while the group still points at the old one and reverts when a driver refuses; iommu_setup_default_domain()
 * frees the old default domain after the switch (iommu_domain_free(): the dma cookie dropped, the driver's free);
 * iommu_device_use_default_domain()/unuse count owners; iommu_attach_device() refuses (-EBUSY) while the group is away
 * from its default domain. And the dma_iommu_mapping kref of arch/arm/mm/dma-mapping.c.
 */
public class IommuGroupTest {
    private final SparseRam ram = new SparseRam(0x4800_0000L, 0x3800_0000L);
    private final KernelMemory mm = new KernelMemory(KernelArch.ARM64, ram,
            List.of(new MemoryRegion(0x4800_0000L, 0x3800_0000L)));
    private final List<String> calls = new ArrayList<>();

    private IommuDomain domain(String name, int attachResult) {
        IommuDomain d = IommuDomain.ipmmu(name, IommuDomain.Type.DMA, ram, mm.pageAllocator());
        d.addListener(new IommuDomainListener() {
            @Override
            public int attachDev(IommuDomain domain, Device dev) {
                IommuGroup g = dev.iommuGroup();
                calls.add("attach " + name + " (group in " + (g.domain() == null ? "none" : g.domain().name()) + ")");
                return attachResult;
            }

            @Override
            public void domainFree(IommuDomain domain) {
                calls.add("free " + name);
            }
        });
        return d;
    }

    @Test
    public void replacingTheDefaultDomainAttachesTheNewOneFirstThenFreesTheOld() {
        Device dev = new Device("ee100000.mmc", null);
        IommuGroup g = new IommuGroup(0);
        g.addDevice(dev);
        IommuDomain a = domain("a", 0);
        IommuDomain b = domain("b", 0);
        g.setDefaultDomain(a);
        a.setIovaCookie(new IovaDomain(4096, 1));
        assertEquals(0, g.replaceDefaultDomain(b));
        assertEquals(List.of("attach a (group in none)", "attach b (group in a)", "free a"), calls);
        assertSame(b, g.domain());
        assertSame(b, g.defaultDomain());
        assertSame(b, dev.iommuDomain());
        assertTrue(a.isFreed());
        assertNull(a.iovaCookie());      // iommu_put_dma_cookie()
        assertTrue(a.pgtable().isFreed());
        assertEquals(List.of(), a.devices());
        assertEquals(List.of(dev), b.devices());
    }

    @Test
    public void aRefusedAttachLeavesTheGroupInItsDomainAndFreesTheNewOne() {
        Device dev = new Device("ee100000.mmc", null);
        IommuGroup g = new IommuGroup(0);
        g.addDevice(dev);
        IommuDomain a = domain("a", 0);
        IommuDomain busy = domain("busy", -16);
        g.setDefaultDomain(a);
        assertEquals(-16, g.replaceDefaultDomain(busy));
        assertSame(a, g.domain());
        assertSame(a, g.defaultDomain());
        assertSame(a, dev.iommuDomain());
        assertTrue(busy.isFreed());
        assertFalse(a.isFreed());
    }

    @Test
    public void ownersAndAttachingAnotherDomain() {
        Device dev = new Device("e6700000.dma-controller", null);
        IommuGroup g = new IommuGroup(0);
        g.addDevice(dev);
        // no default domain yet: the probe is deferred
        assertEquals(-517, g.deviceUseDefaultDomain());
        IommuDomain def = domain("def", 0);
        IommuDomain other = domain("other", 0);
        g.setDefaultDomain(def);
        assertEquals(0, g.deviceUseDefaultDomain());
        assertEquals(1, g.ownerCount());
        assertEquals(0, g.attachDevice(other, dev));
        // a second user while the group is away from its default domain: -EBUSY
        assertEquals(-16, g.deviceUseDefaultDomain());
        assertEquals(-16, g.attachDevice(domain("third", 0), dev));
        assertTrue(g.deviceUnuseDefaultDomain());
        assertFalse(g.deviceUnuseDefaultDomain());
        g.setCoreDomain();
        assertSame(def, g.domain());
    }

    @Test
    public void theLastArmMappingReferenceFreesItsDomain() {
        IommuDomain d = domain("mapping", 0);
        ArmIommuMapping m = ArmIommuMapping.create(0x4000_0000L, 0x8000_0000L, d);
        assertEquals(1, m.refcount());
        m.get();
        assertFalse(m.put());
        assertFalse(d.isFreed());
        assertTrue(m.put());            // release_iommu_mapping(): iommu_domain_free(mapping->domain)
        assertTrue(d.isFreed());
        assertEquals(List.of("free mapping"), calls);
        assertTrue(m.isReleased());
    }

    @Test(expected = IllegalStateException.class)
    public void freeingADomainTwiceIsAUseAfterFree() {
        IommuDomain d = domain("d", 0);
        d.free();
        d.free();
    }
}
