package org.dmaworkbench.launch.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.launch.ConsoleText;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An emulation as a process: its streams, the notes that link reports to the scenario, terminate, exports. */
public class EmulationProcessTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ILaunch launch(Path scenario, String name, String... attrs) throws Exception {
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, name);
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, scenario.toString());
        for (int i = 0; i < attrs.length; i += 2) {
            wc.setAttribute(attrs[i], attrs[i + 1]);
        }
        return wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
    }

    @Test
    public void printkTimestampsAreSecondsInFiveColumnsAndMicroseconds() {
        // kernel/printk/printk.c print_time(): "[%5lu.%06lu]", ts / 10^9 and (ts % 10^9) / 1000; then a space
        assertEquals("[    0.006510] ", ConsoleText.printkTime(6_510_416));
        assertEquals("[    0.000000] ", ConsoleText.printkTime(999));
        assertEquals("[12345.678901] ", ConsoleText.printkTime(12_345_678_901_234L));
    }

    @Test
    public void theKernelLogTheReportItsNoteAndTheSerialPortHaveTheirStreams() throws Exception {
        Path scn = Launches.testFile("forget-mapping-error.dmascn", tmp.getRoot().toPath());
        ILaunch launch = launch(scn, "forget");
        EmulationProcess p = Launches.process(launch);
        Launches.join();
        assertEquals(1, p.getExitValue());
        String out = p.getStreamsProxy().getOutputStreamMonitor().getContents();
        String err = p.getStreamsProxy().getErrorStreamMonitor().getContents();
        // dma-debug's boot messages at time 0 (kernel/dma/debug.c dma_debug_init)
        assertTrue(out, out.startsWith("[    0.000000] DMA-API: preallocated 65536 debug entries\n"));
        assertTrue(out, out.contains("] rcar-dmac e6700000.dma-controller: Using IPMMU context 0\n"));
        assertTrue(out, out.endsWith("dma-debug errors, 0 IOMMU faults\n"));
        // check_unmap() at sci_shutdown, 6.510416 ms: "[    0.006510] ", err_printk()'s WARN() as 32-bit ARM's
        // warn_slowpath_fmt() prints it (kernel/panic.c: cut here, WARNING line, then the message); after the block
        // dump_entry_trace()'s Mapped at:
        assertTrue(err, err.startsWith("[    0.006510] ------------[ cut here ]------------\n"
                + "[    0.006510] WARNING: CPU: 0 PID: 100 at kernel/dma/debug.c:1042 check_unmap+"));
        assertTrue(err, err.contains("\n[    0.006510] DMA-API: rcar-dmac e6700000.dma-controller: device driver failed "
                + "to check map error[device address=0x0000000040000000] [size=4096 bytes] [mapped as single]\n"));
        assertTrue(err, err.contains("[    0.006510] ---[ end trace 0000000000000000 ]---\n"
                + "[    0.006510] DMA-API: Mapped at:\n"));
        // line 7 "bug uart0 = forget-mapping-error": the bug's name starts at column 13
        assertTrue(err, err.endsWith(scn + ":7:13: note: reported for bug uart0 = forget-mapping-error\n"));
        // koelsch.dts: serial0 = &scif0, SCIF0 at 0xe6e60000; sh-sci names it ttySC0
        assertEquals(1, p.serialPorts().size());
        assertEquals("ttySC0 e6e60000.serial", p.serialPorts().get(0).label());
        assertEquals("Hello from DMA Workbench\n".repeat(3), p.serialPorts().get(0).output().getContents());
    }

    @Test
    public void terminateEndsARunThatNeverEndsWithinOneSecondAndLeavesNoJob() throws Exception {
        Path scn = Launches.testFile("forever.dmascn", tmp.getRoot().toPath());
        ILaunch launch = launch(scn, "forever");
        EmulationProcess p = Launches.process(launch);
        CountDownLatch sent = new CountDownLatch(1);
        p.serialPorts().get(0).output().addListener((text, m) -> sent.countDown());
        assertTrue("the UART sent nothing in 30 s", sent.await(30, TimeUnit.SECONDS));
        assertFalse(p.isTerminated());
        CountDownLatch ended = new CountDownLatch(1);
        IDebugEventSetListener l = events -> {
            for (DebugEvent e : events) {
                if (e.getSource() == p && e.getKind() == DebugEvent.TERMINATE) {
                    ended.countDown();
                }
            }
        };
        DebugPlugin.getDefault().addDebugEventListener(l);
        try {
            long t0 = System.nanoTime();
            p.terminate();
            assertTrue("not terminated within 1 s", ended.await(1, TimeUnit.SECONDS));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms + " ms", ms < 1000);
        } finally {
            DebugPlugin.getDefault().removeDebugEventListener(l);
        }
        assertEquals(EmulationLaunch.EXIT_TERMINATED, p.getExitValue());
        Launches.join();
        assertEquals(0, Job.getJobManager().find(EmulationLaunch.JOB_FAMILY).length);
        // a pooled job worker keeps the job's name a moment after the job is done: wait for the condition
        long deadline = System.nanoTime() + 5_000_000_000L;
        String busy;
        while ((busy = emulationThread()) != null && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals("a thread still runs the emulation", null, busy);
    }

    /** The name of a thread still running an emulation job, or null. */
    private static String emulationThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("DMA emulation: ")) {
                return t.getName();
            }
        }
        return null;
    }

    @Test
    public void exportsAreWrittenAfterTheRun() throws Exception {
        Path scn = Launches.testFile("forget-mapping-error.dmascn", tmp.getRoot().toPath());
        Path json = tmp.getRoot().toPath().resolve("run.json");
        Path dmesg = tmp.getRoot().toPath().resolve("run.dmesg");
        ILaunch launch = launch(scn, "exports", EmulationLaunch.CONFIG_EXPORT_JSON, json.toString(),
                EmulationLaunch.CONFIG_EXPORT_DMESG, dmesg.toString());
        Launches.join();
        assertEquals(1, Launches.process(launch).getExitValue());
        String j = Files.readString(json);
        assertTrue(j, j.contains("\"exitCode\": 1,"));
        assertTrue(Files.readString(dmesg).contains("DMA-API: rcar-dmac e6700000.dma-controller: device driver failed to "
                + "check map error"));
    }

    @Test
    public void anExportIntoAMissingFolderFailsTheLaunchBeforeItRuns() throws Exception {
        Path scn = Launches.testFile("forget-mapping-error.dmascn", tmp.getRoot().toPath());
        Path trace = tmp.getRoot().toPath().resolve("no/such/dir/run.trace");
        try {
            launch(scn, "bad-export", EmulationLaunch.CONFIG_EXPORT_TRACE, trace.toString());
            org.junit.Assert.fail("launched with an export into a missing folder");
        } catch (org.eclipse.core.runtime.CoreException e) {
            assertEquals("launch configuration 'bad-export': error: trace export " + trace + ": no such directory "
                    + trace.getParent(), e.getStatus().getMessage());
        }
    }
}
