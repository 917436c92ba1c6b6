package org.dmaworkbench.emulation.run.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The driver bugs that no scenario reached before, run from scenario files through {@code dmawb run}: each ends
 * with exit 1 and the kernel's report in the kernel log, never with the emulator's "internal error" (exit 3).
 * Expected texts are the kernel's (file and line in the comments).
 */
public class DriverBugScenariosTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RunCommand.run(Arrays.asList(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String write(String name, String text) throws IOException {
        File f = new File(tmp.getRoot(), name);
        Files.writeString(f.toPath(), text, StandardCharsets.UTF_8);
        return f.getPath();
    }

    /** The dmesg lines without printk's "[%5lu.%06lu] " stamps. */
    private static List<String> dmesg(String file) throws IOException {
        return Files.readString(Path.of(file)).lines().map(l -> l.replaceFirst("^\\[ *\\d+\\.\\d{6}\\] ", ""))
                .toList();
    }

    /** Koelsch from the kernel's own board file, which has the on-chip RAM icram0 (mmio-sram at 0xe63a0000). */
    private String koelschWithSram(String bug) throws IOException {
        String dts = write("koelsch.dts", "/dts-v1/;\n#include \"arm/renesas/r8a7791-koelsch.dts\"\n");
        return write(bug + ".dmascn", "board = \"" + dts + "\"\ninclude = \"" + LinuxDts.includePrefixes()
                + "\"\niommu ipmmu_ds = on { attach = &dmac0 utlb 0..14 }\n"
                + "client copy { device = &dmac0; memcpy bytes 64 to &icram0 }\nbug copy = " + bug + "\n");
    }

    @Test
    public void aMemcpyIntoSramUnmappedWithUnmapPageIsTheWrongFunction() throws IOException {
        String dmesg = new File(tmp.getRoot(), "d.txt").getPath();
        assertEquals(err.toString(), 1, run(koelschWithSram("unmap-resource-with-unmap-page"), "--dmesg", dmesg));
        List<String> log = dmesg(dmesg);
        // kernel/dma/debug.c:995 check_unmap(): "[mapped as %s] [unmapped as %s]" with type2name "resource" and
        // "single"; the source page is mapped first (IOVA 0x40000000), the SRAM window next (0x40001000)
        String report = "DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA memory with wrong "
                + "function [device address=0x0000000040001000] [size=64 bytes] [mapped as resource] [unmapped as "
                + "single]";
        assertTrue(log.toString(), log.contains(report));
        // a WARN on 32-bit ARM: the WARNING line (kernel/panic.c:788) comes before the message
        assertTrue(log.get(log.indexOf(report) - 1), log.get(log.indexOf(report) - 1).matches(
                "WARNING: CPU: 0 PID: \\d+ at kernel/dma/debug\\.c:995 check_unmap\\+0x[0-9a-f]+/0x[0-9a-f]+"));
        // dmatest's thread ran it: "%s-%s%u" of dma_chan_name() and "copy" (drivers/dma/dmatest.c)
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.matches("CPU: 0 UID: 0 PID: \\d+ Comm: "
                + "dma0chan0-copy0 Not tainted 6\\.12\\.0 #1 ")));
        assertTrue(log.toString(), log.contains("Modules linked in: dmatest"));
    }

    @Test
    public void syncingTheSramMappingIsAFinding() throws IOException {
        String dmesg = new File(tmp.getRoot(), "d.txt").getPath();
        assertEquals(err.toString(), 1, run(koelschWithSram("sync-resource-mapping"), "--dmesg", dmesg));
        assertTrue(dmesg(dmesg).toString(), dmesg(dmesg).contains("DMA-API: rcar-dmac e6700000.dma-controller: "
                + "device driver calls dma_sync_single_for_device() on a dma_map_resource() mapping (MMIO, only "
                + "dma_unmap_resource() is valid) [device address=0x0000000040001000] [size=64 bytes]"));
    }

    @Test
    public void anSdReadOfMoreThanTheMaximumSegmentTripsTheSegmentCheck() throws IOException {
        String dmesg = new File(tmp.getRoot(), "d.txt").getPath();
        String scn = write("sg.dmascn", "board = koelsch\niommu ipmmu_ds = on\n"
                + "client sd0 { device = &sdhi0; read blocks 32769 }\nbug sd0 = sg-segment-too-long\n");
        assertEquals(err.toString(), 1, run(scn, "--dmesg", dmesg));
        // kernel/dma/debug.c:1181 "[len=%u] [max=%u]": 32769 blocks of 512 bytes = 16777728 in one segment;
        // rcar-dmac's dma_set_max_seg_size(RCAR_DMATCR_MASK) = 0xffffff = 16777215
        assertTrue(dmesg(dmesg).toString(), dmesg(dmesg).contains("DMA-API: rcar-dmac e6700000.dma-controller: "
                + "mapping sg segment longer than device claims to support [len=16777728] [max=16777215]"));
    }

    @Test
    public void freeingTheSecondHalfOfACoherentBufferWarnsAsTheKernelDoesAndGoesOn() throws IOException {
        String dmesg = new File(tmp.getRoot(), "d.txt").getPath();
        String scn = write("w.dmascn", "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 { device = &scif0; tx text \"hi\\n\" repeat 2 }\nbug uart0 = wrong-cpu-address-on-free\n");
        assertEquals(err.toString(), 1, run(scn, "--dmesg", dmesg));
        assertFalse(err.toString(), err.toString().contains("internal error"));
        List<String> log = dmesg(dmesg);
        // kernel/dma/debug.c:1004; the RX buffer is 2 x 32 bytes (sh-sci's buf_len_rx * 2) at vmalloc
        // 0xf0800000 on this board, its second half at 0xf0800020; %pa prints "0x" itself: "0x0x..."
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.matches("DMA-API: rcar-dmac e6700000\\.dma-controller: "
                + "device driver frees DMA memory with different CPU address \\[device address=0x[0-9a-f]{16}\\] "
                + "\\[size=64 bytes\\] \\[cpu alloc address=0x0x[0-9a-f]{16}\\] \\[cpu free address=0x0x[0-9a-f]{16}\\]")));
        // then vunmap() of an address inside the area: remove_vm_area() WARNs (mm/vmalloc.c:3291) and
        // vunmap() WARNs that the area does not exist (mm/vmalloc.c:3473); %p has 8 digits on 32-bit ARM
        assertTrue(log.toString(), log.contains("Trying to vfree() bad address (f0800020)"));
        assertTrue(log.toString(), log.contains("Trying to vunmap() nonexistent vm area (f0800020)"));
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.matches(
                "WARNING: CPU: 0 PID: \\d+ at mm/vmalloc\\.c:3473 vunmap\\+0x[0-9a-f]+/0x[0-9a-f]+")));
        // after the first WARN the kernel is tainted W (kernel/panic.c print_tainted_seq(): 'G', 8 blanks, 'W',
        // 9 blanks for the 19 flags)
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.contains(" Tainted: G        W          6.12.0 #1 ")));
        assertTrue(log.toString(), log.contains("[W]=WARN"));
    }

    @Test
    public void unmappingTheFailedMappingHitsArmsBugInFreeIova() throws IOException {
        String dmesg = new File(tmp.getRoot(), "d.txt").getPath();
        String scn = write("u.dmascn", "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 { device = &scif0; tx text \"hi\\n\" }\nbug uart0 = unmap-failed-mapping\n");
        assertEquals(err.toString(), 1, run(scn, "--dmesg", dmesg));
        assertFalse(err.toString(), err.toString().contains("internal error"));
        List<String> log = dmesg(dmesg);
        // dma_map_single() of vmalloc memory: dev_WARN_ONCE in include/linux/dma-mapping.h:381
        assertTrue(log.toString(), log.contains("rcar-dmac e6700000.dma-controller: rejecting DMA map of vmalloc memory"));
        // arm_iommu_unmap_page() of DMA_MAPPING_ERROR: iommu_unmap() of the hole at 0xfffff000 (an unsigned long
        // IOVA) WARNs in io-pgtable (drivers/iommu/io-pgtable-arm.c:660, WARN_ON(!pte)), then __free_iova()
        // BUG_ON()s (arch/arm/mm/dma-mapping.c:827): lib/bug.c:205 and ARM's __die() (arch/arm/kernel/traps.c:285)
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.matches(
                "WARNING: CPU: 0 PID: \\d+ at drivers/iommu/io-pgtable-arm\\.c:660 __arm_lpae_unmap\\+0x[0-9a-f]+/0x[0-9a-f]+")));
        int bug = log.indexOf("kernel BUG at arch/arm/mm/dma-mapping.c:827!");
        assertTrue(log.toString(), bug > 0);
        assertEquals("------------[ cut here ]------------", log.get(bug - 1));
        assertEquals("Internal error: Oops - BUG: 0 [#1] SMP ARM", log.get(bug + 1));
        assertEquals("---[ end trace 0000000000000000 ]---", log.get(log.size() - 1));
        assertTrue(out.toString(), out.toString().contains("] kernel BUG at arch/arm/mm/dma-mapping.c:827!\n"));
    }
}
