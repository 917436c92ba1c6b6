package org.dmaworkbench.kernel.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.drivers.clients.SdhiClient;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.junit.Test;

/**
 * Who runs what: the tasks, CPUs and contexts the trace columns and the kernel log name, the depth of the stacks
 * dma-debug saves, dmatest's own lines, and what the machine says of itself (CPU count, hardware name).
 */
public class TasksTest {
    private static final String KOELSCH = "koelsch-scif0-dma.dts";

    private static List<KernelLogRecord> since(Machine m, int from) {
        return new ArrayList<>(m.kernelLog().subList(from, m.kernelLog().size()));
    }

    @Test
    public void dmatestRunsInItsOwnThreadAndItsMappingsSaveFiveFramesDownToRetFromFork() {
        Boards.Booted b = Boards.boot(KOELSCH, KernelProfile.V6_12, null);
        Machine m = b.machine;
        int from = m.kernelLog().size();
        MemcpyClient mc = new MemcpyClient(m, "dmac0");
        mc.commit(DriverBug.UNMAP_WRONG_SIZE);
        mc.copy(new byte[64]);
        KernelLogRecord r = since(m, from).stream().filter(x -> x.check() == DmaDebugCheck.FREE_DIFFERENT_SIZE)
                .findFirst().orElseThrow();
        // dmatest.c:1002 kthread_create(dmatest_func, thread, "%s-%s%u", dma_chan_name(chan), "copy", 0)
        assertEquals("dma0chan0-copy0", r.comm());
        assertTrue(r.pid() >= Machine.FIRST_PID);
        // DMA_DEBUG_STACKTRACE_ENTRIES = 5 (kernel/dma/debug.c:52): the hook, the DMA-API, dmatest_func, and the
        // kernel thread's entry: kthread() called from ret_from_fork
        assertEquals(List.of("DMA-API: Mapped at:", KernelCallStack.format("debug_dma_map_page", null),
                KernelCallStack.format("dma_map_page_attrs", null), KernelCallStack.format("dmatest_func", "dmatest"),
                KernelCallStack.format("kthread", null), KernelCallStack.format("ret_from_fork", null)),
                r.mappedAt());
        // the trace names the thread: comm, pid, CPU 0, process context
        TraceEvent map = b.events.stream().filter(e -> e.name().equals("dma_map_page")).findFirst().orElseThrow();
        assertEquals("dma0chan0-copy0", map.task());
        assertEquals(r.pid(), map.pid());
        assertEquals(0, map.cpu());
        assertEquals(".....", map.flags());
    }

    @Test
    public void dmatestPrintsItsThreadsAndSummaryAsDmatestDoes() {
        Machine m = Boards.boot(KOELSCH, KernelProfile.V6_12, null).machine;
        int from = m.kernelLog().size();
        MemcpyClient mc = new MemcpyClient(m, "dmac0");
        mc.copy(new byte[4096]);
        mc.copy(new byte[4096]);
        mc.release();
        List<String> texts = since(m, from).stream().map(KernelLogRecord::text).toList();
        // pr_fmt "dmatest: " (dmatest.c:8); dmatest.c:1066 and 1145
        assertEquals("dmatest: Added 1 threads using dma0chan0", texts.get(0));
        assertEquals("dmatest: Started 1 threads using dma0chan0", texts.get(1));
        // dmatest.c:933 "%s: summary %u tests, %u failures %llu.%02llu iops %llu KB/s (%d)": 2 tests of 4 KiB
        String summary = texts.get(texts.size() - 1);
        assertTrue(summary, summary.matches("dmatest: dma0chan0-copy0: summary 2 tests, 0 failures \\d+\\.\\d{2} iops "
                + "\\d+ KB/s \\(0\\)"));
    }

    @Test
    public void aFailedDmatestTestPrintsItsResultLine() {
        // arm64: the kernel image lies in the vmalloc area, so dma_map_single() of a rodata buffer fails
        Machine m = Boards.boot("salvator-x-4g-span.dts", KernelProfile.V6_12, null).machine;
        int from = m.kernelLog().size();
        MemcpyClient mc = new MemcpyClient(m, "dmac1");
        mc.commit(DriverBug.MAP_KERNEL_TEXT);
        mc.copy(new byte[32]);
        mc.release();
        List<String> texts = since(m, from).stream().map(KernelLogRecord::text).toList();
        // dmatest.c:465 "%s: result #%u: '%s' with src_off=0x%x dst_off=0x%x len=0x%x (%ld)" with
        // dma_mapping_error()'s -ENOMEM (dmatest.c:769), then the summary with 1 failure (dmatest.c:933)
        assertTrue(texts.toString(), texts.contains("dmatest: dma1chan0-copy0: result #1: 'src mapping error' with "
                + "src_off=0x0 dst_off=0x0 len=0x20 (-12)"));
        assertTrue(texts.toString(), texts.get(texts.size() - 1).startsWith("dmatest: dma1chan0-copy0: summary 1 tests, "
                + "1 failures "));
    }

    @Test
    public void theSdCompletionRunsInTheDmacIrqThread() {
        Boards.Booted b = Boards.boot(KOELSCH, KernelProfile.V6_12, null);
        SdhiClient sd = new SdhiClient(b.machine, "sdhi0");
        sd.card(64);
        sd.read(0, 8, 2);
        TraceEvent unmap = b.events.stream().filter(e -> e.name().equals("dma_unmap_sg")).findFirst().orElseThrow();
        // request_threaded_irq(): "irq/%d-%s" (kernel/irq/manage.c) cut to TASK_COMM_LEN - 1 = 15 characters
        assertTrue(unmap.task(), unmap.task().matches("irq/\\d+-e6700000"));
        assertTrue(unmap.pid() >= Machine.FIRST_PID);
        // called from the test, not from a task: the CPU is idle (pid 0) when the map is made
        TraceEvent map = b.events.stream().filter(e -> e.name().equals("dma_map_sg")).findFirst().orElseThrow();
        assertEquals(0, map.pid());
    }

    @Test
    public void theMachineKnowsItsCpusAndHardwareName() {
        Machine koelsch = Boards.boot("koelsch-scif0-dma.dts", KernelProfile.V6_12, null).machine;
        // r8a7791.dtsi: cpu@0 and cpu@1 (2 Cortex-A15); arch/arm/mach-shmobile/setup-rcar-gen2.c:204
        assertEquals(2, koelsch.nrCpus());
        assertEquals("Generic R-Car Gen2 (Flattened Device Tree)", koelsch.hardwareName());
        Machine h3 = Boards.boot("salvator-x-4g-span.dts", KernelProfile.V6_12, null).machine;
        // r8a77951.dtsi: 4 Cortex-A57 and 4 Cortex-A53; arch/arm64/kernel/setup.c:206 "%s (DT)" of the model
        assertEquals(8, h3.nrCpus());
        assertEquals("Renesas Salvator-X board based on r8a77951 (DT)", h3.hardwareName());
    }
}
