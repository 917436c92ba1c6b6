package org.dmaworkbench.kernel.dma;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.iommu.IommuGroup;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.dmaworkbench.kernel.mm.MemoryRegion;
import org.junit.Before;
import org.junit.Test;

/**
 * The DMA-API front as 4.9's include/linux/dma-mapping.h has it: static inline wrappers (no frames of their own,
 * BUG_ON in the header), {@code dma_sync_single_range_*()} reaching dma-debug's range hooks, no vmalloc check in
 * {@code dma_map_single_attrs()}, {@code dma_map_resource()} returning the physical address when the ops have no
 * {@code map_resource}, no zero coherent mask warning. 6.12 is checked alongside where it differs.
 */
public class DmaMappingProfile49Test {
    private static final String SERIAL = "sh-sci e6e88000.serial: DMA-API: ";

    private KernelMemory mm;
    private DmaMapping api;
    private DmaDebug debug;
    private KernelCallStack stack;
    private Device dev;
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final List<String> syncs = new ArrayList<>();

    private static KernelMemory arm64() {
        return new KernelMemory(KernelArch.ARM64, new SparseRam(0x48000000L, 0x38000000L),
                List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
    }

    private DmaMapping api(KernelMemory m, KernelProfile p) {
        DmaMapping a = new DmaMapping(m, p);
        a.setKernelLog(log::add);
        DmaDebug d = new DmaDebug(m, log::add, p);
        d.setAllErrors(true);
        a.setDmaDebug(d);
        a.setArchSync(new ArchDmaSync() {
            @Override
            public void syncForDevice(long phys, long size, DmaDirection dir) {
                syncs.add(String.format("dev 0x%x+0x%x", phys, size));
            }

            @Override
            public void syncForCpu(long phys, long size, DmaDirection dir) {
                syncs.add(String.format("cpu 0x%x+0x%x", phys, size));
            }
        });
        return a;
    }

    @Before
    public void setUp() {
        mm = arm64();
        api = api(mm, KernelProfile.V4_9);
        debug = api.dmaDebug();
        stack = api.callStack();
        dev = new Device("e6e88000.serial", "sh-sci");
        log.clear();
    }

    private List<String> texts() {
        List<String> t = new ArrayList<>();
        for (KernelLogRecord r : log) {
            t.add(r.text());
        }
        return t;
    }

    // ---- dma_sync_single_range_for_{cpu,device}() ----

    @Test
    public void rangeSyncGivesTheOpsTheRangeAndDmaDebugTheStartAndOffsetPlusSize() {
        long buf = mm.kmalloc(0x100);
        long phys = mm.virtToPhys(buf);
        long dma = api.dmaMapSingle(dev, buf, 0x100, DmaDirection.FROM_DEVICE);
        api.dmaMappingError(dev, dma);
        syncs.clear();
        stack.push("sci_dma_rx_complete");
        api.dmaSyncSingleRangeForCpu(dev, dma, 0xf0, 0x20, DmaDirection.FROM_DEVICE);
        stack.pop();
        assertEquals(List.of(String.format("cpu 0x%x+0x20", phys + 0xf0)), syncs);
        // the range sync is looked up as 0x110 bytes from the start, which no mapping contains
        assertEquals(List.of(SERIAL + "device driver tries to sync DMA memory it has not allocated [device address="
                + DmaMapping.pad(dma) + "] [size=272 bytes]"), texts());
        assertEquals(List.of(stack.lineFor("check_sync"), stack.lineFor("debug_dma_sync_single_range_for_cpu"),
                stack.lineFor("sci_dma_rx_complete")), log.get(0).callTrace());
        log.clear();
        syncs.clear();
        api.dmaSyncSingleRangeForDevice(dev, dma, 0x10, 0x10, DmaDirection.TO_DEVICE);
        assertEquals(List.of(String.format("dev 0x%x+0x10", phys + 0x10)), syncs);
        String detail = "[device address=" + DmaMapping.pad(dma)
                + "] [size=256 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]";
        assertEquals(List.of(SERIAL + "device driver syncs DMA memory with different direction " + detail,
                SERIAL + "device driver syncs device write-only DMA memory to device " + detail), texts());
        assertEquals(stack.lineFor("debug_dma_sync_single_range_for_device"), log.get(0).callTrace().get(1));
        assertEquals(0, stack.depth());
    }

    @Test
    public void rangeSyncIn612IsAPlainSyncOfTheRange() {
        KernelMemory m = arm64();
        DmaMapping a = api(m, KernelProfile.V6_12);
        long buf = m.kmalloc(0x100);
        long dma = a.dmaMapSingle(dev, buf, 0x100, DmaDirection.FROM_DEVICE);
        a.dmaMappingError(dev, dma);
        log.clear();
        syncs.clear();
        a.dmaSyncSingleRangeForCpu(dev, dma, 0xf0, 0x20, DmaDirection.FROM_DEVICE);
        assertEquals(List.of(String.format("cpu 0x%x+0x20", m.virtToPhys(buf) + 0xf0)), syncs);
        assertEquals(List.of("DMA-API: sh-sci e6e88000.serial: device driver tries to sync DMA memory it has not "
                + "allocated [device address=" + DmaMapping.pad(dma + 0xf0) + "] [size=32 bytes]"), texts());
        assertEquals(a.callStack().lineFor("debug_dma_sync_single_for_cpu"), log.get(0).callTrace().get(1));
    }

    // ---- dma_map_resource() ----

    @Test
    public void mapResourceWithoutMapResourceOpsIsThePhysicalAddressUnchecked() {
        // dma-direct has no map_resource in 4.9: no dma_capable() check, no error, even beyond the 32-bit mask
        assertEquals(0x1_0000_0000L, api.dmaMapResource(dev, 0x1_0000_0000L, 4, DmaDirection.FROM_DEVICE, 0));
        assertEquals(0xe6e88014L, api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.FROM_DEVICE, 0));
        assertEquals(List.of(), texts());
        // dma-debug records it as it is, unchecked
        api.dmaUnmapResource(dev, 0x1_0000_0000L, 4, DmaDirection.FROM_DEVICE, 0);
        assertEquals(List.of(SERIAL + "device driver failed to check map error[device address=0x0000000100000000] "
                + "[size=4 bytes] [mapped as resource]"), texts());
        // 6.12's dma_direct_map_resource() refuses it
        DmaMapping a = api(arm64(), KernelProfile.V6_12);
        assertEquals(DmaAttrs.DMA_MAPPING_ERROR, a.dmaMapResource(dev, 0x1_0000_0000L, 4, DmaDirection.FROM_DEVICE, 0));
    }

    @Test
    public void mapResourceBehindDmaIommuIsNotMappedIn49() {
        SparseRam ram = new SparseRam(0x48000000L, 0x38000000L);
        KernelMemory m = new KernelMemory(KernelArch.ARM64, ram, List.of(new MemoryRegion(0x48000000L, 0x38000000L)));
        DmaMapping a = api(m, KernelProfile.V4_9);
        Device mmc = new Device("ee100000.mmc", "renesas_sdhi_internal_dmac");
        IommuGroup g = new IommuGroup(0);
        g.addDevice(mmc);
        g.setDefaultDomain(IommuDomain.ipmmu("dma", IommuDomain.Type.DMA, ram, m.pageAllocator()));
        a.iommuSetupDmaOps(mmc);
        log.clear();
        // arm64's 4.9 iommu_dma_ops had no map_resource: the physical address comes back, nothing is mapped
        assertEquals(0xee100040L, a.dmaMapResource(mmc, 0xee100040L, 4, DmaDirection.TO_DEVICE, 0));
        assertEquals(-1L, a.dmaToPhys(mmc, 0xee100040L));
        a.dmaMappingError(mmc, 0xee100040L);
        a.dmaUnmapResource(mmc, 0xee100040L, 4, DmaDirection.TO_DEVICE, 0);
        assertEquals(List.of(), texts());
    }

    // ---- dma_map_single() of vmalloc memory ----

    @Test
    public void vmallocMemoryIsMappedThroughTheLinearFormulaOnArm() {
        // Koelsch-like: 1 GiB at 0x40000000, lowmem up to 0x6f800000, vmalloc from 0xf0000000
        KernelMemory m = new KernelMemory(KernelArch.ARM32, new SparseRam(0x40000000L, 0x40000000L),
                List.of(new MemoryRegion(0x40000000L, 0x40000000L)));
        DmaMapping a = api(m, KernelProfile.V4_9);
        Device scif = new Device("e6e60000.serial", "sh-sci");
        long v = m.vmalloc(4096, "test");
        log.clear();
        long dma = a.dmaMapSingle(scif, v + 0x40, 64, DmaDirection.TO_DEVICE);
        // virt_to_page(): (v - PAGE_OFFSET) + PHYS_OFFSET, not the page behind the vmalloc address
        long expected = ((v - 0xc0000000L) + 0x40000000L) + 0x40;
        assertEquals(expected, dma);
        assertNotEquals(m.virtToPhys(v + 0x40), dma);
        assertEquals(List.of(), texts());
        a.dmaDebug().debugDmaDumpMappings(scif);
        assertEquals(List.of(String.format("sh-sci e6e60000.serial: single idx %d P=%x N=%x D=%x L=40 DMA_TO_DEVICE "
                + "dma map error not checked", (expected >>> 13) & 1023, expected, expected >>> 12, expected)),
                texts());
    }

    @Test
    public void linearAddressesMapTheirOwnPage() {
        long buf = mm.kmalloc(64);
        assertEquals(mm.virtToPhys(buf) & KernelMemory.PAGE_MASK, api.virtToPage49(buf));
        assertEquals(mm.virtToPhys(buf), api.dmaMapSingle(dev, buf, 64, DmaDirection.TO_DEVICE));
        // arm64 4.9: (virt & ~PAGE_OFFSET) + PHYS_OFFSET for any address, here in the emulated layout
        long v = mm.vmalloc(4096, "test");
        assertEquals((v & ~KernelMemory.ARM64_PAGE_OFFSET) + mm.physOffset(), api.virtToPage49(v));
    }

    // ---- the inline wrappers leave no frames ----

    @Test
    public void mappedAtGoesFromTheHookToTheDriver() {
        stack.push("sci_dma_tx_work_fn");
        long dma = api.dmaMapPage(dev, 0x50000000L, 0, 4096, DmaDirection.TO_DEVICE);
        long single = api.dmaMapSingle(dev, mm.kmalloc(128), 128, DmaDirection.TO_DEVICE);
        Scatterlist[] sg = Scatterlist.table(1);
        sg[0].setPage(0x50100000L, 0, 0x1000);
        api.dmaMapSg(dev, sg, 1, DmaDirection.TO_DEVICE);
        long res = api.dmaMapResource(dev, 0xe6e88014L, 1, DmaDirection.TO_DEVICE, 0);
        stack.pop();
        stack.push("sci_dma_tx_complete");
        api.dmaUnmapPage(dev, dma, 2048, DmaDirection.TO_DEVICE);
        api.dmaUnmapSingle(dev, single, 64, DmaDirection.TO_DEVICE);
        api.dmaUnmapSg(dev, sg, 1, DmaDirection.FROM_DEVICE);
        api.dmaUnmapResource(dev, res, 1, DmaDirection.TO_DEVICE, 0);
        stack.pop();
        String driver = stack.lineFor("sci_dma_tx_work_fn");
        List<List<String>> mappedAt = new ArrayList<>();
        List<List<String>> traces = new ArrayList<>();
        for (KernelLogRecord r : log) {
            if (!r.mappedAt().isEmpty()) {
                mappedAt.add(r.mappedAt());
                traces.add(r.callTrace());
            }
        }
        List<String> page = List.of("Mapped at:", stack.lineFor("debug_dma_map_page"), driver);
        List<String> sgAt = List.of("Mapped at:", stack.lineFor("debug_dma_map_sg"), driver);
        List<String> resAt = List.of("Mapped at:", stack.lineFor("debug_dma_map_resource"), driver);
        // page and single: the size report, then the missed mapping error check; sg: the direction report;
        // resource: the missed mapping error check
        assertEquals(List.of(page, page, page, page, sgAt, resAt), mappedAt);
        String complete = stack.lineFor("sci_dma_tx_complete");
        assertEquals(List.of(stack.lineFor("check_unmap"), stack.lineFor("debug_dma_unmap_page"), complete),
                traces.get(0));
        assertEquals(List.of(stack.lineFor("check_unmap"), stack.lineFor("debug_dma_unmap_sg"), complete),
                traces.get(4));
        assertEquals(List.of(stack.lineFor("check_unmap"), stack.lineFor("debug_dma_unmap_resource"), complete),
                traces.get(5));
    }

    // ---- dma_alloc_attrs() ----

    @Test
    public void noZeroCoherentMaskWarningIn49() {
        dev.setCoherentDmaMask(0);
        DmaCoherent c = api.dmaAllocCoherent(dev, 4096);
        api.dmaFreeCoherent(dev, 4096, c.cpuAddr(), c.dmaHandle());
        assertEquals(List.of(), texts());
        DmaMapping a = api(arm64(), KernelProfile.V6_12);
        log.clear();
        a.dmaAllocCoherent(dev, 4096);
        // WARN_ON_ONCE(!dev->coherent_dma_mask): kernel/dma/mapping.c:598, no message of its own
        assertEquals(List.of(""), texts());
        assertEquals(598, log.get(0).warnLine());
        assertEquals("kernel/dma/mapping.c", log.get(0).warnFile());
    }

    // ---- BUG_ON(!valid_dma_direction(dir)) ----

    private static String bug(Runnable call) {
        try {
            call.run();
        } catch (KernelBug e) {
            return e.getMessage();
        }
        fail("expected a kernel BUG");
        return null;
    }

    @Test
    public void aBadDirectionIsABugInTheHeadersInlineWrapper() {
        String cond = ": BUG_ON(!valid_dma_direction(dir))";
        assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_map_page)" + cond,
                bug(() -> api.dmaMapPage(dev, 0x50000000L, 0, 4, DmaDirection.NONE)));
        assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_map_single_attrs)" + cond,
                bug(() -> api.dmaMapSingle(dev, mm.kmalloc(64), 4, DmaDirection.NONE)));
        assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_unmap_page)" + cond,
                bug(() -> api.dmaUnmapPage(dev, 0x50000000L, 4, DmaDirection.NONE)));
        assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_sync_single_range_for_cpu)" + cond,
                bug(() -> api.dmaSyncSingleRangeForCpu(dev, 0x50000000L, 0, 4, DmaDirection.NONE)));
        assertEquals("kernel BUG at include/linux/dma-mapping.h (dma_map_resource)" + cond,
                bug(() -> api.dmaMapResource(dev, 0xe6e88014L, 4, DmaDirection.NONE, 0)));
        assertEquals(0, stack.depth());
    }
}
