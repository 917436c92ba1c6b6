package org.dmaworkbench.launch.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

/**
 * Terminate at any point of a launch leaves no Job, no thread running an emulation and no open file: rounds of a
 * run that never ends by itself, with its trace, dump, dmesg and JSON exports configured, terminated right at the launch
 * or after a number of characters on its serial console drawn from a seeded {@link Random}. After the rounds the
 * emulation Job family is empty, no thread is named for an emulation Job, and the process has as many open file
 * descriptors ({@code /proc/self/fd}) as before.
 */
public class TerminateLeaksTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final int ROUNDS = 10;

    @Test
    public void terminateAtRandomPointsLeavesNoJobThreadOrFile() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path scn = Launches.testFile("forever.dmascn", dir);
        // the first round loads classes and opens the JVM's jars once; count from after it
        round(scn, dir, 0, 10);
        long fds = openFds();
        Random rnd = new Random(18);
        for (int i = 1; i <= ROUNDS; i++) {
            round(scn, dir, i, i % 4 == 0 ? 0 : 1 + rnd.nextInt(300));
        }
        assertEquals(0, Job.getJobManager().find(EmulationLaunch.JOB_FAMILY).length);
        // a pooled job worker keeps the job's name a moment after the job is done: wait for the condition
        long deadline = System.nanoTime() + 10_000_000_000L;
        String busy;
        while ((busy = emulationThread()) != null && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals("a thread still runs an emulation", null, busy);
        assertEquals(fds, openFds());
    }

    @Test
    public void terminateBeforeTheJobStartsEndsTheProcess() throws Exception {
        Path scn = Launches.testFile("forever.dmascn", tmp.getRoot().toPath());
        // no Job starts while the job manager is suspended: Terminate comes before the session's Job ran at all, which
        // the job manager then drops without running it (found by the random rounds above: round 8 never ended)
        Job.getJobManager().suspend();
        EmulationProcess p;
        ILaunch launch;
        try {
            ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "terminate-early");
            wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, scn.toString());
            launch = wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            p = Launches.process(launch);
            p.terminate();
            assertTrue(p.isTerminated());
            assertEquals(EmulationLaunch.EXIT_TERMINATED, p.getExitValue());
        } finally {
            Job.getJobManager().resume();
        }
        Launches.join();
        assertEquals(0, Job.getJobManager().find(EmulationLaunch.JOB_FAMILY).length);
        DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
    }

    /** One launch terminated after {@code chars} characters of serial output (0: at once). */
    private static void round(Path scn, Path dir, int i, int chars) throws Exception {
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "terminate-" + i);
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, scn.toString());
        wc.setAttribute(EmulationLaunch.CONFIG_EXPORT_TRACE, dir.resolve(i + ".trace").toString());
        wc.setAttribute(EmulationLaunch.CONFIG_EXPORT_DUMP, dir.resolve(i + ".dump").toString());
        wc.setAttribute(EmulationLaunch.CONFIG_EXPORT_DMESG, dir.resolve(i + ".dmesg").toString());
        wc.setAttribute(EmulationLaunch.CONFIG_EXPORT_JSON, dir.resolve(i + ".json").toString());
        ILaunch launch = wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        EmulationProcess p = Launches.process(launch);
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
            if (chars > 0) {
                CountDownLatch sent = new CountDownLatch(1);
                p.serialPorts().get(0).output().addListener((text, m) -> {
                    if (m.getContents().length() >= chars) {
                        sent.countDown();
                    }
                });
                assertTrue("round " + i + ": fewer than " + chars + " characters in 60 s",
                        sent.await(60, TimeUnit.SECONDS));
            }
            p.terminate();
            assertTrue("round " + i + " not terminated within 30 s", ended.await(30, TimeUnit.SECONDS)
                    || p.isTerminated());
        } finally {
            DebugPlugin.getDefault().removeDebugEventListener(l);
        }
        Launches.join();
        assertEquals(EmulationLaunch.EXIT_TERMINATED, p.getExitValue());
        DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
    }

    private static String emulationThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("DMA emulation: ")) {
                return t.getName();
            }
        }
        return null;
    }

    private static long openFds() throws java.io.IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
