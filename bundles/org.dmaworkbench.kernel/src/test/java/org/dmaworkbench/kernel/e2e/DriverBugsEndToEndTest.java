package org.dmaworkbench.kernel.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelBug;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.drivers.clients.SdhiClient;
import org.dmaworkbench.kernel.drivers.clients.UartClient;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.junit.Test;

/**
 * Every named driver bug, committed by the client that owns the code path, produces its report through the whole
 * stack (client → dmaengine → rcar-dmac → DMA-API → dma-debug) on Koelsch with the IPMMU in front of DMAC0.
 */
public class DriverBugsEndToEndTest {
    private static final long SECOND = VirtualClock.PS_PER_SECOND;
    private static final String KOELSCH = "koelsch-scif0-dma-ipmmu.dts";
    private static final String DMAC0 = "rcar-dmac e6700000.dma-controller";
    private static final String SALVATOR_X = "salvator-x-4g-span.dts";

    /** What one bug left in the kernel log (from after boot), or the BUG it hit. */
    static final class Outcome {
        final Machine machine;
        final List<KernelLogRecord> log = new ArrayList<>();
        KernelBug bug;

        Outcome(Machine machine) {
            this.machine = machine;
        }

        Set<DmaDebugCheck> checks() {
            Set<DmaDebugCheck> s = EnumSet.noneOf(DmaDebugCheck.class);
            for (KernelLogRecord r : log) {
                if (r.check() != null) {
                    s.add(r.check());
                }
            }
            return s;
        }

        /** The log's texts without dmatest's own lines (Added/Started/summary, drivers/dma/dmatest.c). */
        List<String> texts() {
            List<String> t = new ArrayList<>();
            for (KernelLogRecord r : log) {
                if (!r.text().startsWith(MemcpyClient.MODULE + ": ")) {
                    t.add(r.text());
                }
            }
            return t;
        }

        KernelLogRecord first(DmaDebugCheck c) {
            for (KernelLogRecord r : log) {
                if (r.check() == c) {
                    return r;
                }
            }
            throw new AssertionError("no " + c + " in " + texts());
        }
    }

    static Outcome provoke(DriverBug bug) {
        return provoke(bug, KernelProfile.V6_12);
    }

    static Outcome provoke(DriverBug bug, KernelProfile profile) {
        MachineOptions o = new MachineOptions();
        if (bug == DriverBug.LEAK_MAPPING_PER_TRANSFER) {
            o.dmaDebugEntries(32); // dma_debug_entries=32: one page of entries
        }
        // arm_iommu_unmap_page() of DMA_MAPPING_ERROR BUGs in __free_iova() before dma-debug sees it: use dma-direct;
        // a wrapped sync length reaches check_sync()'s range check only with a 64-bit size_t: use arm64
        String board = bug == DriverBug.UNMAP_FAILED_MAPPING ? "koelsch-scif0-dma.dts"
                : bug == DriverBug.SYNC_OUT_OF_RANGE ? SALVATOR_X : KOELSCH;
        Machine m = Boards.boot(board, profile, o).machine;
        Outcome out = new Outcome(m);
        m.dmaDebug().setAllErrors(true); // /sys/kernel/debug/dma-api/all_errors: every error, not only the first
        int from = m.kernelLog().size();
        try {
            run(m, bug);
        } catch (KernelBug b) {
            out.bug = b;
        } catch (IllegalArgumentException e) {
            // arm_iommu_free_attrs() WARNs "trying to free invalid coherent area" where the model throws
            if (bug != DriverBug.WRONG_CPU_ADDRESS_ON_FREE) {
                throw e;
            }
        }
        out.log.addAll(m.kernelLog().subList(from, m.kernelLog().size()));
        return out;
    }

    private static void run(Machine m, DriverBug bug) {
        if (!m.is64Bit() && new UartClient(m, "scif0").supportedBugs().contains(bug)) {
            UartClient uart = new UartClient(m, "scif0");
            uart.commit(bug);
            uart.startup();
            if (bug != DriverBug.UNMAP_FAILED_MAPPING) {
                uart.transmit("hello");
                uart.drain(SECOND);
            }
            uart.shutdown();
            if (bug == DriverBug.LEAK_MAPPING_AT_UNBIND) {
                Device dmac0 = m.device("dmac0").orElseThrow();
                m.dmaDebug().driverUnbound(dmac0);
            }
            return;
        }
        if (Set.of(DriverBug.SG_UNMAP_WRONG_NENTS, DriverBug.SG_SYNC_WRONG_NENTS, DriverBug.SG_SEGMENT_TOO_LONG,
                DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY).contains(bug)) {
            SdhiClient sd = new SdhiClient(m, "sdhi0");
            sd.commit(bug);
            if (bug == DriverBug.SG_SEGMENT_TOO_LONG) {
                sd.card(40000);
                sd.read(0, 32769, 1);
            } else {
                sd.card(1024);
                sd.read(8, 32, 4); // 4 page-sized segments: the ARM IOMMU mapping merges them into one
            }
            return;
        }
        MemcpyClient mc = new MemcpyClient(m, m.is64Bit() ? "dmac1" : "dmac0");
        mc.commit(bug);
        byte[] data = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        switch (bug) {
        case UNMAP_RESOURCE_WITH_UNMAP_PAGE:
        case SYNC_RESOURCE_MAPPING:
            mc.copyToMmio(data, 0xe63a0000L); // icram0, mmio-sram
            break;
        case LEAK_MAPPING_PER_TRANSFER:
            for (int i = 0; i < 17; i++) {
                mc.copy(data);
            }
            break;
        default:
            mc.copy(data);
            break;
        }
    }

    @Test
    public void everyDmaDebugCheckIsReachedByANamedBugThroughTheFullStack() {
        Set<DmaDebugCheck> seen = EnumSet.noneOf(DmaDebugCheck.class);
        List<String> missing = new ArrayList<>();
        for (DmaDebugCheck c : DmaDebugCheck.values()) {
            if (DriverBug.UNREACHABLE_FROM_A_CLIENT.contains(c) || seen.contains(c)) {
                continue;
            }
            boolean found = false;
            for (DriverBug b : DriverBug.reaching(c)) {
                KernelProfile p = c == DmaDebugCheck.OUT_OF_MEMORY ? KernelProfile.V4_9 : KernelProfile.V6_12;
                Outcome o = provoke(b, p);
                seen.addAll(o.checks());
                if (o.checks().contains(c)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add(c.name());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    public void eachBugTripsTheCheckItDeclares() {
        List<String> wrong = new ArrayList<>();
        for (DriverBug b : DriverBug.values()) {
            if (b.check() == null) {
                continue;
            }
            Outcome o = provoke(b);
            if (!o.checks().contains(b.check())) {
                wrong.add(b.bugName() + " -> " + o.texts() + (o.bug == null ? "" : " BUG: " + o.bug.getMessage()));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    public void unmapWrongSizeInSciDmaTxRelease() {
        Outcome o = provoke(DriverBug.UNMAP_WRONG_SIZE);
        KernelLogRecord r = o.first(DmaDebugCheck.FREE_DIFFERENT_SIZE);
        // the last transfer was "hello": tx_dma_len 5
        assertEquals("DMA-API: " + DMAC0 + ": device driver frees DMA memory with different size "
                + "[device address=0x0000000040000000] [map size=4096 bytes] [unmap size=5 bytes]", r.text());
        var stack = o.machine.callStack();
        assertEquals(List.of("DMA-API: Mapped at:", stack.lineFor("debug_dma_map_page"),
                stack.lineFor("dma_map_page_attrs"), stack.lineFor("sci_request_dma"), stack.lineFor("sci_startup"),
                stack.lineFor("uart_port_startup")), r.mappedAt());
    }

    @Test
    public void forgottenMappingErrorIsReportedAtUnmap() {
        Outcome o = provoke(DriverBug.FORGET_MAPPING_ERROR);
        assertEquals("DMA-API: " + DMAC0 + ": device driver failed to check map error[device address="
                + "0x0000000040000000] [size=4096 bytes] [mapped as single]",
                o.first(DmaDebugCheck.MAP_ERROR_NOT_CHECKED).text());
    }

    @Test
    public void unmapResourceWithUnmapPage() {
        Outcome o = provoke(DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE);
        // icram0 is the first thing mapped on DMAC0 after the source page: source 0x40000000, FIFO 0x40001000
        String t = o.first(DmaDebugCheck.FREE_WRONG_FUNCTION).text();
        assertTrue(t, t.startsWith("DMA-API: " + DMAC0 + ": device driver frees DMA memory with wrong function "
                + "[device address=0x0000000040001000] [size=32 bytes] [mapped as resource] [unmapped as single]"));
    }

    @Test
    public void syncOfAResourceMappingIsTheWorkbenchsWarning() {
        Outcome o = provoke(DriverBug.SYNC_RESOURCE_MAPPING);
        assertEquals(List.of("DMA-API: " + DMAC0 + ": device driver calls dma_sync_single_for_device() on a "
                + "dma_map_resource() mapping (MMIO, only dma_unmap_resource() is valid) [device address="
                + "0x0000000040001000] [size=32 bytes]"), o.texts());
    }

    @Test
    public void mapRamWithMapResourceIsAKernelBugUnder49Only() {
        Outcome o49 = provoke(DriverBug.MAP_RAM_WITH_MAP_RESOURCE, KernelProfile.V4_9);
        if (o49.bug == null) {
            fail("no BUG under 4.9: " + o49.texts());
        }
        assertTrue(o49.bug.getMessage(), o49.bug.getMessage().startsWith("kernel BUG at include/linux/dma-mapping.h "
                + "(dma_map_resource): BUG_ON(pfn_valid(PHYS_PFN(phys_addr))) with phys_addr 0x"));
        Outcome o612 = provoke(DriverBug.MAP_RAM_WITH_MAP_RESOURCE);
        assertEquals(null, o612.bug);
        assertEquals(List.of(), o612.texts());
    }

    @Test
    public void leakAtUnbindNamesTheBusOnceTheDriverIsGone() {
        Outcome o = provoke(DriverBug.LEAK_MAPPING_AT_UNBIND);
        assertEquals("DMA-API: platform e6700000.dma-controller: device driver has pending DMA allocations while "
                + "released from device [count=1]\nOne of leaked entries details: [device address="
                + "0x0000000040000000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] [mapped as single]",
                o.first(DmaDebugCheck.PENDING_AT_UNBIND).text());
    }

    @Test
    public void vmallocTransmitBufferFallsBackToPio() {
        MachineOptions opts = new MachineOptions();
        Machine m = Boards.boot(KOELSCH, KernelProfile.V6_12, opts).machine;
        int from = m.kernelLog().size();
        UartClient uart = new UartClient(m, "scif0");
        uart.commit(DriverBug.MAP_VMALLOC_BUFFER);
        uart.startup();
        assertEquals(null, uart.txChannel());
        uart.transmit("by PIO");
        uart.drain(SECOND);
        assertEquals("by PIO", uart.hardware().transmittedText());
        List<String> texts = new ArrayList<>();
        for (KernelLogRecord r : m.kernelLog().subList(from, m.kernelLog().size())) {
            texts.add(r.text());
        }
        assertEquals(List.of("rcar-dmac e6700000.dma-controller: rejecting DMA map of vmalloc memory",
                "sh-sci e6e60000.serial: Failed mapping Tx DMA descriptor"), texts);
        uart.shutdown();
    }

    @Test
    public void sgUnmapWithTheMappedCountAfterTheArmIommuMergedTheList() {
        // 4 page-sized, page-aligned segments: arm_iommu_map_sg() maps them as one IOVA range, dma_map_sg() = 1
        Outcome o = provoke(DriverBug.SG_UNMAP_WRONG_NENTS);
        assertEquals("DMA-API: " + DMAC0 + ": device driver frees DMA sg list with different entry count "
                + "[map count=4] [unmap count=1]", o.first(DmaDebugCheck.FREE_SG_DIFFERENT_ENTRY_COUNT).text());
    }

    @Test
    public void syncWithAWrappedLengthIsOutsideTheRange() {
        Outcome o = provoke(DriverBug.SYNC_OUT_OF_RANGE);
        assertTrue(o.machine.is64Bit());
        // dmatest's 32-byte source is the first mapping on DMAC1 (dma-direct); the length end - start = -32 as a
        // 64-bit size_t is 2^64 - 32 = 18446744073709551584 (kernel/dma/debug.c:1116, "[sync offset+size=%llu]")
        String t = o.first(DmaDebugCheck.SYNC_OUTSIDE_RANGE).text();
        assertTrue(t, t.matches("DMA-API: rcar-dmac e7300000.dma-controller: device driver syncs DMA memory outside "
                + "allocated range \\[device address=0x[0-9a-f]{16}\\] \\[allocation size=32 bytes\\] "
                + "\\[sync offset\\+size=18446744073709551584\\]"));
    }

    @Test
    public void syncWithAWrappedLengthOn32BitArmIsNotAllocated() {
        // size_t has 32 bits on 32-bit ARM: -32 is 2^32 - 32 = 4294967264; with the 64-bit dma_addr_t of LPAE the
        // range [addr, addr + 4294967264) contains no mapping, so check_sync() finds none (kernel/dma/debug.c:1108)
        MachineOptions o = new MachineOptions();
        Machine m = Boards.boot(KOELSCH, KernelProfile.V6_12, o).machine;
        m.dmaDebug().setAllErrors(true);
        int from = m.kernelLog().size();
        MemcpyClient mc = new MemcpyClient(m, "dmac0");
        mc.commit(DriverBug.SYNC_OUT_OF_RANGE);
        mc.copy(new byte[32]);
        List<String> texts = new ArrayList<>();
        for (KernelLogRecord r : m.kernelLog().subList(from, m.kernelLog().size())) {
            if (r.check() != null) {
                texts.add(r.text());
            }
        }
        assertEquals(1, texts.size());
        assertTrue(texts.get(0), texts.get(0).matches("DMA-API: " + DMAC0 + ": device driver tries to sync DMA memory "
                + "it has not allocated \\[device address=0x00000000400000[0-9a-f]{2}\\] \\[size=4294967264 bytes\\]"));
    }
}
