package org.dmaworkbench.kernel.printk;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.junit.Test;

/**
 * The kernel log lines of Linux 6.12, built from the format strings of its source: printk's timestamp
 * (kernel/printk/printk.c print_time(): "[%5lu.%06lu]" and a blank), WARN() (kernel/panic.c:788 and 832-860,
 * include/asm-generic/bug.h:9 CUT_HERE, kernel/panic.c:760 the end marker), dump_stack_print_info()
 * (lib/dump_stack.c:58-75), print_tainted_seq() (kernel/panic.c), print_modules() (kernel/module/main.c:3603),
 * BUG (lib/bug.c:205, arch/arm/kernel/traps.c:285, arch/arm64/kernel/traps.c:190) and the two architectures'
 * backtraces (arch/arm/kernel/unwind.c:527 "Call trace: ", traps.c:91 " %ps from %pS";
 * arch/arm64/kernel/stacktrace.c:320 "Call trace:").
 */
public class DmesgTest {
    private static String sym(String f) {
        return KernelCallStack.format(f, null).trim();
    }

    private static KernelLogRecord warn(long ns) {
        KernelLogRecord r = new KernelLogRecord(Level.WARNING, "DMA-API: rcar-dmac e6700000.dma-controller: device "
                + "driver frees DMA memory with different size", null, null, List.of("DMA-API: Mapped at:",
                        KernelCallStack.format("debug_dma_map_page", null)),
                List.of(KernelCallStack.format("check_unmap", null), KernelCallStack.format("debug_dma_unmap_page",
                        null), KernelCallStack.format("dmatest_func", "dmatest")));
        r.at("kernel/dma/debug.c", 987, "check_unmap", false);
        r.stamp(ns, 0, 123, "dma0chan0-copy0");
        return r;
    }

    @Test
    public void timestampsAreSecondsAndMicrosecondsPaddedAsPrintTime() {
        // "[%5lu.%06lu]" of ts / 10^9 and (ts % 10^9) / 1000: microseconds truncated
        assertEquals("[    0.000000]", Dmesg.timestamp(0));
        assertEquals("[    1.234567]", Dmesg.timestamp(1_234_567_999L));
        assertEquals("[123456.000001]", Dmesg.timestamp(123_456_000_001_000L));
    }

    @Test
    public void aWarnOnArm64PrintsTheMessageBeforeTheWarningLineAndThePcAndCallTrace() {
        Dmesg d = new Dmesg(true, "Renesas Salvator-X board based on r8a77951 (DT)", "6.12.0 #1", List.of("dmatest"));
        String ts = "[    0.001500] ";
        List<String> expected = List.of(ts + "------------[ cut here ]------------",
                ts + "DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA memory with different size",
                ts + "WARNING: CPU: 0 PID: 123 at kernel/dma/debug.c:987 " + sym("check_unmap"),
                ts + "Modules linked in: dmatest",
                ts + "CPU: 0 UID: 0 PID: 123 Comm: dma0chan0-copy0 Not tainted 6.12.0 #1 ",
                ts + "Hardware name: Renesas Salvator-X board based on r8a77951 (DT)",
                ts + "pc : " + sym("check_unmap"),
                ts + "Call trace:",
                ts + " " + sym("check_unmap"),
                ts + " " + sym("debug_dma_unmap_page"),
                ts + " " + KernelCallStack.format("dmatest_func", "dmatest").trim(),
                ts + "---[ end trace 0000000000000000 ]---",
                ts + "DMA-API: Mapped at:",
                ts + " " + sym("debug_dma_map_page"));
        assertEquals(expected, d.lines(warn(1_500_000)));
        // the second WARN sees the taint: 'G', 8 blanks, 'W' (the 10th of the 19 flags), 9 blanks
        List<String> second = d.lines(warn(2_000_000));
        assertEquals("[    0.002000] CPU: 0 UID: 0 PID: 123 Comm: dma0chan0-copy0 Tainted: G        W          "
                + "6.12.0 #1 ", second.get(4));
        assertEquals("[    0.002000] [W]=WARN", second.get(5));
    }

    @Test
    public void aWarnOn32BitArmPrintsTheWarningLineFirstAndUnwindsFromUnwindBacktrace() {
        Dmesg d = new Dmesg(false, "Generic R-Car Gen2 (Flattened Device Tree)", "6.12.0 #1", List.of());
        List<String> l = d.lines(warn(0)).stream().map(x -> x.substring("[    0.000000] ".length())).toList();
        assertEquals("------------[ cut here ]------------", l.get(0));
        assertEquals("WARNING: CPU: 0 PID: 123 at kernel/dma/debug.c:987 " + sym("check_unmap"), l.get(1));
        assertEquals("DMA-API: rcar-dmac e6700000.dma-controller: device driver frees DMA memory with different size",
                l.get(2));
        assertEquals("Modules linked in:", l.get(3));
        assertEquals("Hardware name: Generic R-Car Gen2 (Flattened Device Tree)", l.get(5));
        assertEquals("Call trace: ", l.get(6));
        // dump_stack() from warn_slowpath_fmt(): the unwinder starts in unwind_backtrace itself
        assertEquals(" unwind_backtrace from " + sym("show_stack"), l.get(7));
        assertEquals(" warn_slowpath_fmt from " + sym("check_unmap"), l.get(11));
        assertEquals(" check_unmap from " + sym("debug_dma_unmap_page"), l.get(12));
        assertEquals(" debug_dma_unmap_page from " + KernelCallStack.format("dmatest_func", "dmatest").trim(),
                l.get(13));
        assertEquals("---[ end trace 0000000000000000 ]---", l.get(14));
    }

    @Test
    public void aBugIsTheOopsOfEachArchitecture() {
        KernelLogRecord r = new KernelLogRecord(Level.EMERG, "x", null, null, null,
                List.of(KernelCallStack.format("arm_iommu_unmap_page", null)));
        r.at("arch/arm/mm/dma-mapping.c", 827, "__free_iova", true);
        r.stamp(0, 0, 7, "sh");
        List<String> arm = new Dmesg(false, "Generic R-Car Gen2 (Flattened Device Tree)", "6.12.0 #1", List.of())
                .lines(r).stream().map(x -> x.substring(15)).toList();
        assertEquals(List.of("------------[ cut here ]------------", "kernel BUG at arch/arm/mm/dma-mapping.c:827!",
                "Internal error: Oops - BUG: 0 [#1] SMP ARM", "Modules linked in:",
                "CPU: 0 UID: 0 PID: 7 Comm: sh Not tainted 6.12.0 #1 ",
                "Hardware name: Generic R-Car Gen2 (Flattened Device Tree)", "PC is at " + sym("__free_iova"),
                "Call trace: ", " __free_iova from " + sym("arm_iommu_unmap_page"),
                "---[ end trace 0000000000000000 ]---"), arm);
        // arm64: BRK #0x800 gives ESR 0xf2000800, printed "%016lx"; the defconfig is PREEMPT and SMP
        List<String> arm64 = new Dmesg(true, "X (DT)", "6.12.0 #1", List.of()).lines(r).stream()
                .map(x -> x.substring(15)).toList();
        assertEquals("Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP", arm64.get(2));
    }
}
