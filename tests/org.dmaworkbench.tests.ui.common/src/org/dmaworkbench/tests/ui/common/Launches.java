package org.dmaworkbench.tests.ui.common;

import java.util.Arrays;

import org.dmaworkbench.launch.EmulationLaunch;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;

/** Launch clean-up shared by the UI tests, so each test starts with no launch and no configuration. */
public final class Launches {

    private Launches() {
    }

    /**
     * Terminates every launch, waits for the emulation jobs, removes the launches and deletes every configuration.
     * Call on the UI thread.
     */
    public static void removeAll(long timeoutMs) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch l : m.getLaunches()) {
            if (!l.isTerminated()) {
                try {
                    l.terminate();
                } catch (CoreException e) {
                    // terminated meanwhile
                }
            }
        }
        UiTests.joinFamily(EmulationLaunch.JOB_FAMILY, timeoutMs);
        m.removeLaunches(m.getLaunches());
        // the Debug view labels a removed launch in a job that reads its configuration: deleting the configuration
        // under it logs "Launch configuration ... does not exist"
        for (int round = 0; round < 2; round++) {
            UiTests.drainEvents();
            UiTests.waitUntil("the Debug view's label jobs", timeoutMs, () -> Arrays.stream(Job.getJobManager()
                    .find(null)).noneMatch(j -> j.getClass().getName()
                            .startsWith("org.eclipse.debug.internal.ui.model.elements.")));
        }
        for (ILaunchConfiguration c : m.getLaunchConfigurations()) {
            c.delete();
        }
    }
}
